// Bytes of pages for the server tests: a header the server reads (type, dimensions), then filler.

/** Deterministic filler; the seed keeps the content of pages apart. */
export function filler(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size)
  for (let index = 0; index < size; index += 1) bytes[index] = (index * 31 + seed * 17) & 0xff
  return bytes
}

/** A JPEG whose header (SOI, then a SOF0 segment) declares the size; the rest is filler. */
export function jpeg(size: number, seed = 1, { width = 2000, height = 1500 } = {}): Buffer {
  const bytes = filler(size, seed)
  const frame = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01])
  frame.writeUInt16BE(height, 7)
  frame.writeUInt16BE(width, 9)
  bytes.set(frame)
  return bytes
}

/** A PNG signature and IHDR chunk declaring the size, as a modified client could send with a tiny body. */
export function png(width: number, height: number, size = 70_000, seed = 11): Buffer {
  const bytes = filler(size, seed)
  const header = Buffer.alloc(33)
  header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  header.writeUInt32BE(13, 8)
  header.write('IHDR', 12, 'ascii')
  header.writeUInt32BE(width, 16)
  header.writeUInt32BE(height, 20)
  header.set([8, 0, 0, 0, 0], 24)
  bytes.set(header)
  return bytes
}
