import path from 'node:path'
import type { Response } from 'express'

/**
 * Sends a stored document or attachment to a signed-in member of staff: never cached, shown inline
 * and embeddable by the staff screens' own viewer (the rest of the site may not be framed at all).
 */
export function sendStoredFile(res: Response, documentsDir: string, file: { sha256: string; mimeType: string }): void {
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Content-Type', file.mimeType)
  res.setHeader('Content-Disposition', 'inline')
  // A PDF is shown by the browser's own viewer, which a restrictive policy (object-src) would block.
  res.setHeader('Content-Security-Policy', file.mimeType === 'application/pdf' ? "frame-ancestors 'self'" : "default-src 'none'; frame-ancestors 'self'")
  res.setHeader('X-Frame-Options', 'SAMEORIGIN')
  res.sendFile(path.join(documentsDir, file.sha256))
}
