/**
 * E-mail addresses as the app accepts them (docs/security.md, "E-mail addresses"), one rule for the
 * device's forms, the server's routes and the mail worker:
 * - `local@domain`, one `@`, no spaces, no control characters (CR, LF, NUL, …) anywhere, so an
 *   address can never end a header line or start another one;
 * - the local part is a dot-atom (RFC 5322 §3.2.3): no quoted strings, no comments, no `<>()[],;:"\`;
 *   non-ASCII letters are allowed (RFC 6531, sent with SMTPUTF8);
 * - the domain has at least two labels; a unicode domain is sent as its punycode A-labels
 *   (RFC 5890), which must fit the DNS limits: labels of at most 63 octets, the domain at most 253;
 * - at most 64 octets (UTF-8) before the `@` and 254 in all (RFC 5321 §4.5.3.1, with RFC 3696 errata).
 */

export const emailMaxOctets = 254
export const emailLocalPartMaxOctets = 64

const atext = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+$/u
const asciiLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i
const controlOrSpace = /[\p{Cc}\p{Cf}\p{Z}\s]/u

const octets = (text: string) => new TextEncoder().encode(text).length

/** The domain in punycode A-labels (what DNS and SMTP take), or undefined when it is none. */
export function asciiDomain(domain: string): string | undefined {
  if (domain.length === 0 || domain.length > 253 || /[^\p{L}\p{N}\p{M}.-]/u.test(domain)) return undefined
  let ascii: string
  try {
    // The WHATWG URL parser applies UTS #46 (IDNA) in browsers and in Node alike.
    ascii = new URL(`http://${domain}/`).hostname
  } catch {
    return undefined
  }
  const labels = ascii.split('.')
  if (ascii.length > 253 || labels.length < 2 || !labels.every((label) => asciiLabel.test(label))) return undefined
  // A top-level domain is never all digits: this is no IP address written as a domain.
  if (/^\d+$/.test(labels.at(-1) ?? '')) return undefined
  return ascii
}

/** Whether an address can be stored and sent as it was given (surrounding spaces trimmed). */
export function isEmailAddress(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const address = value.trim()
  if (address.length === 0 || octets(address) > emailMaxOctets || controlOrSpace.test(address)) return false
  const at = address.lastIndexOf('@')
  if (at <= 0 || address.indexOf('@') !== at) return false
  const local = address.slice(0, at)
  if (octets(local) > emailLocalPartMaxOctets || !local.split('.').every((atom) => atext.test(atom))) return false
  return asciiDomain(address.slice(at + 1)) !== undefined
}

/** The address as it is stored: trimmed, the domain in lower case (the local part is the recipient's to interpret). */
export function normaliseEmailAddress(address: string): string {
  const trimmed = address.trim()
  const at = trimmed.lastIndexOf('@')
  return `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`
}

/** The address as SMTP takes it: the domain in A-labels; the local part as given (SMTPUTF8 when it is not ASCII). */
export function smtpAddress(address: string): string {
  const at = address.lastIndexOf('@')
  return `${address.slice(0, at)}@${asciiDomain(address.slice(at + 1)) ?? address.slice(at + 1)}`
}
