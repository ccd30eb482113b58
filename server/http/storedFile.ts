import { pipeline } from 'node:stream/promises'
import type { Response } from 'express'
import { DomainError } from '../../src/domain/errors.js'
import type { DocumentStore } from '../storage/documentStore.js'

/**
 * Sends a stored document or attachment to a signed-in member of staff: never cached, shown inline
 * and embeddable by the staff screens' own viewer (the rest of the site may not be framed at all).
 */
export async function sendStoredFile(res: Response, documents: DocumentStore, file: { sha256: string; mimeType: string }): Promise<void> {
  const stored = await documents.stat(file.sha256)
  const content = stored && (await documents.get(file.sha256))
  if (!stored || !content) throw new DomainError('NOT_FOUND', 'The file is not stored')
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Content-Type', file.mimeType)
  res.setHeader('Content-Length', String(stored.size))
  res.setHeader('Content-Disposition', 'inline')
  // A PDF is shown by the browser's own viewer, which a restrictive policy (object-src) would block.
  res.setHeader('Content-Security-Policy', file.mimeType === 'application/pdf' ? "frame-ancestors 'self'" : "default-src 'none'; frame-ancestors 'self'")
  res.setHeader('X-Frame-Options', 'SAMEORIGIN')
  try {
    await pipeline(content, res)
  } catch (error) {
    // The client went away (closed the viewer): nothing to answer and nothing to log.
    if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return
    throw error
  }
}
