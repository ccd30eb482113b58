/**
 * What the authority accepts, recognised by the file's first bytes (magic numbers), never by its
 * name or the type the browser claims. The server checks uploads with the same function.
 */
export type AcceptedMimeType = 'image/jpeg' | 'image/png' | 'application/pdf'

export type SniffedType = AcceptedMimeType | 'image/heic' | 'image/webp' | 'image/gif' | 'unknown'

/** PDFs are kept as they are, up to this size. */
export const maxPdfBytes = 10 * 1024 * 1024
/** Photos larger than this are refused before decoding (a 48 MP JPEG is about 15–25 MB). */
export const maxImageInputBytes = 50 * 1024 * 1024

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((value, index) => bytes[offset + index] === value)

const ascii = (bytes: Uint8Array, from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length))

/** Reads the type from the first 16 bytes of a file. */
export function sniffFileType(head: Uint8Array): SniffedType {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf' // %PDF-
  if (head.length >= 12 && ascii(head, 4, 4) === 'ftyp') {
    const brand = ascii(head, 8, 4)
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1', 'avif'].includes(brand)) return 'image/heic'
  }
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'image/webp'
  if (ascii(head, 0, 4) === 'GIF8') return 'image/gif'
  return 'unknown'
}

export function isAcceptedType(type: SniffedType): type is AcceptedMimeType {
  return type === 'image/jpeg' || type === 'image/png' || type === 'application/pdf'
}
