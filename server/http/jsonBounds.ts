import { DomainError } from '../../src/domain/errors.js'

/**
 * How deep a JSON body may nest, and how many entries one object or array may hold. No body of the
 * API comes near either (a draft's answers nest about five levels, a schedule list holds a few
 * dozen rows); the limits keep recursive code after the parser (idempotency hashing, schema
 * checks) from ever meeting a body that could exhaust its stack or its time.
 */
export const maxJsonDepth = 32
export const maxJsonEntries = 2000

const quote = 0x22
const backslash = 0x5c
const openers = new Set([0x5b, 0x7b])
const closers = new Set([0x5d, 0x7d])
const comma = 0x2c

/**
 * Reads the raw bytes once, iteratively, before JSON.parse: only brackets outside strings count,
 * and every comma adds an entry to the innermost container. UTF-8 bytes of other characters never
 * equal these ASCII bytes, so no decoding is needed. Malformed JSON is left for the parser to refuse.
 */
export function checkJsonBounds(bytes: Uint8Array): void {
  const entries: number[] = []
  let inString = false
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index]
    if (inString) {
      if (byte === backslash) index += 1
      else if (byte === quote) inString = false
      continue
    }
    if (byte === quote) inString = true
    else if (openers.has(byte as number)) {
      entries.push(1)
      if (entries.length > maxJsonDepth) throw tooComplex()
    } else if (closers.has(byte as number)) entries.pop()
    else if (byte === comma && entries.length > 0) {
      const last = entries.length - 1
      entries[last] = (entries[last] as number) + 1
      if ((entries[last] as number) > maxJsonEntries) throw tooComplex()
    }
  }
}

const tooComplex = () =>
  new DomainError('BODY_TOO_COMPLEX', `A JSON body may nest at most ${maxJsonDepth} levels and hold at most ${maxJsonEntries} entries per object or array`, {
    maxDepth: maxJsonDepth,
    maxEntries: maxJsonEntries,
  })
