import { describe, expect, it } from 'vitest'
import { isAcceptedType, sniffFileType } from '@/domain/documents/fileTypes'
import { displayedSize, readImageHeader, targetSize } from '@/domain/documents/imageHeader'

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((value) => (typeof value === 'string' ? [...value].map((char) => char.charCodeAt(0)) : [value])))

/** A minimal JPEG header: SOI, optionally an EXIF APP1 with an orientation, and a SOF0 with the size. */
function jpegHeader(width: number, height: number, orientation?: number): Uint8Array {
  const parts: number[] = [0xff, 0xd8]
  if (orientation !== undefined) {
    const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0, 0, 0]
    const exif = [...'Exif'].map((char) => char.charCodeAt(0)).concat([0, 0], tiff)
    parts.push(0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff, ...exif)
  }
  parts.push(0xff, 0xc0, 0, 17, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1)
  return new Uint8Array(parts)
}

describe('file types by their first bytes', () => {
  it('recognises JPEG, PNG and PDF', () => {
    expect(sniffFileType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg')
    expect(sniffFileType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png')
    expect(sniffFileType(bytes('%PDF-1.7'))).toBe('application/pdf')
  })

  it('recognises HEIC and other types it then refuses', () => {
    const heic = sniffFileType(bytes(0, 0, 0, 0x18, 'ftypheic', 0, 0, 0, 0))
    expect(heic).toBe('image/heic')
    expect(isAcceptedType(heic)).toBe(false)
    expect(sniffFileType(bytes('RIFF', 0, 0, 0, 0, 'WEBP'))).toBe('image/webp')
    expect(sniffFileType(bytes('hello world!'))).toBe('unknown')
    expect(sniffFileType(new Uint8Array())).toBe('unknown')
  })

  it('does not believe a name: a text file called .jpg is unknown', () => {
    expect(sniffFileType(new TextEncoder().encode('not really a photo'))).toBe('unknown')
  })
})

describe('image headers', () => {
  it('reads a JPEG’s size and its EXIF orientation', () => {
    expect(readImageHeader(jpegHeader(4000, 3000), 'image/jpeg')).toEqual({ width: 4000, height: 3000, orientation: 1 })
    const portrait = readImageHeader(jpegHeader(4032, 3024, 6), 'image/jpeg')
    expect(portrait).toEqual({ width: 4032, height: 3024, orientation: 6 })
    expect(displayedSize(portrait!)).toEqual({ width: 3024, height: 4032 })
  })

  it('reads a PNG’s size', () => {
    const png = bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR', 0, 0, 0x07, 0xd0, 0, 0, 0x05, 0xdc)
    expect(readImageHeader(png, 'image/png')).toEqual({ width: 2000, height: 1500, orientation: 1 })
  })

  it('gives up on a broken header instead of throwing', () => {
    expect(readImageHeader(bytes(0xff, 0xd8, 0x00), 'image/jpeg')).toBeUndefined()
  })
})

describe('target size', () => {
  it('shrinks the long edge to 2000 px and keeps the proportions', () => {
    expect(targetSize(4000, 3000)).toEqual({ width: 2000, height: 1500 })
    expect(targetSize(3024, 4032)).toEqual({ width: 1500, height: 2000 })
  })

  it('never enlarges a small picture', () => {
    expect(targetSize(800, 600)).toEqual({ width: 800, height: 600 })
  })

  it('keeps very long, thin pictures under the canvas limit of 16.7 million pixels', () => {
    const { width, height } = targetSize(30000, 20000)
    expect(Math.max(width, height)).toBeLessThanOrEqual(2000)
    expect(width * height).toBeLessThanOrEqual(16_700_000)
  })
})
