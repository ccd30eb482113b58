/**
 * Image dimensions and EXIF orientation read from the file header, so a photo can be shrunk
 * while it is decoded instead of after (a full decode of a 48 MP photo can fail on phones).
 */
export interface ImageHeader {
  /** As stored in the file, before any EXIF rotation. */
  width: number
  height: number
  /** EXIF orientation 1–8; 1 when absent. 5–8 mean the picture is shown rotated by 90°. */
  orientation: number
}

function readPngHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 24) return undefined
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20), orientation: 1 }
}

function readExifOrientation(view: DataView, start: number, length: number): number {
  // "Exif\0\0" then a TIFF header: byte order, 42, offset of the first IFD.
  if (length < 14 || view.getUint32(start) !== 0x45786966) return 1
  const tiff = start + 6
  const little = view.getUint16(tiff) === 0x4949
  const ifd = tiff + view.getUint32(tiff + 4, little)
  if (ifd + 2 > start + length) return 1
  const entries = view.getUint16(ifd, little)
  for (let index = 0; index < entries; index += 1) {
    const entry = ifd + 2 + index * 12
    if (entry + 12 > start + length) break
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little)
      return value >= 1 && value <= 8 ? value : 1
    }
  }
  return 1
}

function readJpegHeader(bytes: Uint8Array): ImageHeader | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let orientation = 1
  let offset = 2
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined
    const marker = bytes[offset + 1] ?? 0
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      offset += marker === 0xff ? 1 : 2
      continue
    }
    const length = view.getUint16(offset + 2)
    if (marker === 0xe1) orientation = readExifOrientation(view, offset + 4, length - 2)
    // Start-of-frame markers (C0–CF, except C4 DHT, C8 JPG, CC DAC) carry the dimensions.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 9 > bytes.length) return undefined
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7), orientation }
    }
    offset += 2 + length
  }
  return undefined
}

/** Reads the header of a JPEG or PNG; undefined when it cannot be read (the file is then decoded in full). */
export function readImageHeader(bytes: Uint8Array, type: 'image/jpeg' | 'image/png'): ImageHeader | undefined {
  try {
    return type === 'image/png' ? readPngHeader(bytes) : readJpegHeader(bytes)
  } catch {
    return undefined
  }
}

/** Width and height as the picture is shown, EXIF rotation applied. */
export function displayedSize(header: ImageHeader): { width: number; height: number } {
  return header.orientation >= 5 ? { width: header.height, height: header.width } : { width: header.width, height: header.height }
}

/** The longest edge a stored page may have. */
export const maxLongEdge = 2000
/** No canvas may be larger than this: iOS draws bigger canvases black. */
export const maxCanvasPixels = 16_700_000

/** The size a picture is shrunk to while decoding: long edge at most 2000 px, never enlarged. */
export function targetSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, maxLongEdge / Math.max(width, height), Math.sqrt(maxCanvasPixels / (width * height)))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}
