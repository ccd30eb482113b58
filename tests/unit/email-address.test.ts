import { describe, expect, it } from 'vitest'
import { asciiDomain, isEmailAddress, normaliseEmailAddress, smtpAddress } from '@/domain/email'

describe('e-mail addresses', () => {
  it.each(['anna@example.org', 'anna.maria+abh@mail.example.de', "o'brien@example.ie", 'Jürgen.Müller@bücher.example', 'محمد@example.com', ` anna@example.org `])(
    'accepts %j',
    (address) => expect(isEmailAddress(address)).toBe(true),
  )

  it.each([
    ['a line break', 'anna@example.org\r\nBcc: evil@example.net'],
    ['a lone CR', 'anna@example.org\rX: y'],
    ['a NUL', 'anna\u0000@example.org'],
    ['a space inside', 'anna maria@example.org'],
    ['a zero-width character', 'anna\u200b@example.org'],
    ['a quoted local part', '"anna"@example.org'],
    ['a display name', 'Anna <anna@example.org>'],
    ['two addresses', 'anna@example.org,bob@example.org'],
    ['two @', 'anna@bob@example.org'],
    ['an empty atom', 'anna..maria@example.org'],
    ['a one-label domain', 'anna@localhost'],
    ['an IP address', 'anna@192.168.0.1'],
    ['a label over 63 octets', `anna@${'a'.repeat(64)}.de`],
    ['a local part over 64 octets', `${'a'.repeat(65)}@example.org`],
    ['a local part of 33 two-octet letters (66 octets)', `${'ü'.repeat(33)}@example.org`],
    ['more than 254 octets', `${'a'.repeat(60)}@${Array.from({ length: 4 }, () => 'b'.repeat(60)).join('.')}.de`],
    ['nothing', ''],
    ['no text', 42],
  ])('refuses %s', (_what, address) => expect(isEmailAddress(address)).toBe(false))

  it('writes unicode domains as punycode for SMTP and keeps the local part as given', () => {
    expect(asciiDomain('bücher.example')).toBe('xn--bcher-kva.example')
    expect(smtpAddress('Jürgen@bücher.example')).toBe('Jürgen@xn--bcher-kva.example')
    expect(normaliseEmailAddress(' Anna@Example.ORG ')).toBe('Anna@example.org')
  })
})
