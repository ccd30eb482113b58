import { zlibSync } from 'fflate'

const encoder = new TextEncoder()

const pageObjects = (pages: number, firstId: number) =>
  Array.from({ length: pages }, (_, index) => `${firstId + index} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n`).join('')

const kids = (pages: number, firstId: number) => Array.from({ length: pages }, (_, index) => `${firstId + index} 0 R`).join(' ')

/** A minimal PDF with `pages` pages, its page tree written as plain objects (as many scanners do). */
export function plainPdf(pages: number): Uint8Array {
  return encoder.encode(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
      `2 0 obj << /Type /Pages /Kids [${kids(pages, 3)}] /Count ${pages} >> endobj\n` +
      pageObjects(pages, 3) +
      'trailer << /Root 1 0 R >>\n%%EOF\n',
  )
}

/** A PDF 1.5 whose catalogue and page tree sit in a compressed object stream, as office programs write them (its pages too, so nothing names a page in plain text). */
export function compressedPdf(pages: number): Uint8Array {
  const objects = `<< /Type /Catalog /Pages 2 0 R >> << /Type /Pages /Kids [${kids(pages, 4)}] /Count ${pages} /Resources << /Font << /F1 9 0 R >> >> >>`
  const stream = zlibSync(encoder.encode(`1 0 2 33 ${objects}`))
  const head = encoder.encode(`%PDF-1.5\n3 0 obj << /Type /ObjStm /N 2 /First 9 /Filter /FlateDecode /Length ${stream.length} >>\nstream\n`)
  const tail = encoder.encode('\nendstream\nendobj\n%%EOF\n')
  const bytes = new Uint8Array(head.length + stream.length + tail.length)
  bytes.set(head)
  bytes.set(stream, head.length)
  bytes.set(tail, head.length + stream.length)
  return bytes
}
