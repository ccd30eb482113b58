import { describe, expect, it } from 'vitest'
import { countPdfPages } from '@/domain/documents/pdfPages'
import { compressedPdf, plainPdf } from './pdfFactories'

const text = (value: string) => new TextEncoder().encode(value)

describe('the pages of a PDF', () => {
  it('counts a page tree written as plain objects', () => {
    expect(countPdfPages(plainPdf(1))).toBe(1)
    expect(countPdfPages(plainPdf(2))).toBe(2)
    expect(countPdfPages(plainPdf(12))).toBe(12)
  })

  it('reads the page tree out of a compressed object stream', () => {
    expect(countPdfPages(compressedPdf(2))).toBe(2)
    expect(countPdfPages(compressedPdf(7))).toBe(7)
  })

  it('takes the root of a tree with intermediate nodes, not a branch', () => {
    const nested = text(
      '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
        '2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 5 >> endobj\n' +
        '3 0 obj << /Type /Pages /Parent 2 0 R /Kids [] /Count 3 >> endobj\n' +
        '4 0 obj << /Type /Pages /Parent 2 0 R /Kids [] /Count 2 >> endobj\n%%EOF',
    )
    expect(countPdfPages(nested)).toBe(5)
  })

  it('counts page objects when there is no page tree, and says null when the file names no page', () => {
    expect(countPdfPages(text('%PDF-1.4\n3 0 obj << /Type /Page >> endobj\n4 0 obj <</Type/Page>> endobj\n%%EOF'))).toBe(2)
    expect(countPdfPages(text('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'))).toBeNull()
  })
})
