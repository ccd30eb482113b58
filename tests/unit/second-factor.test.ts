import { describe, expect, it } from 'vitest'
import { groupedForReading, normaliseRecoveryCode, normaliseTotpCode, secondFactorRequiredFor } from '@/domain/secondFactor'

describe('second factor codes', () => {
  it('read a TOTP code with the spaces some apps show, and nothing but six digits', () => {
    expect(normaliseTotpCode('123 456')).toBe('123456')
    expect(normaliseTotpCode('12345')).toBeUndefined()
    expect(normaliseTotpCode('1234567')).toBeUndefined()
    expect(normaliseTotpCode('12345a')).toBeUndefined()
  })

  it('read a recovery code whatever its case and grouping, from its own alphabet only', () => {
    expect(normaliseRecoveryCode('abcd-efgh-jkmn-pqrs')).toBe('ABCDEFGHJKMNPQRS')
    expect(normaliseRecoveryCode('ABCD EFGH JKMN PQRS')).toBe('ABCDEFGHJKMNPQRS')
    // 0, O, 1, I and L are never in a code: someone who reads them typed another letter.
    expect(normaliseRecoveryCode('ABCD-EFGH-JKMN-PQR0')).toBeUndefined()
    expect(normaliseRecoveryCode('ABCD-EFGH-JKMN')).toBeUndefined()
  })

  it('group a key in fours for typing it in', () => {
    expect(groupedForReading('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')
    expect(groupedForReading('ABCDEFGH', '-')).toBe('ABCD-EFGH')
  })

  it('are required for caseworkers and admins, not for the front desk', () => {
    expect([secondFactorRequiredFor('caseworker'), secondFactorRequiredFor('admin'), secondFactorRequiredFor('frontdesk')]).toEqual([true, true, false])
  })
})
