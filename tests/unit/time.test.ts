import { describe, expect, it } from 'vitest'
import { todayAt } from '@/domain/time'

describe('todayAt', () => {
  it('gives the date in Germany, whatever the device says', () => {
    // 23:30 UTC on 31 December is already New Year in Berlin.
    expect(todayAt(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01')
    expect(todayAt(new Date('2026-06-15T12:00:00Z'))).toBe('2026-06-15')
  })
})
