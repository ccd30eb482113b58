import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { Request, Response } from 'express'

interface Prepared {
  plain: Buffer
  gzip: Buffer
  etag: string
}

// Keyed by the promise a service cache hands out for as long as its entry lives: one answer,
// encoded and compressed once, however many requests it serves.
const preparedAnswers = new WeakMap<Promise<string>, Prepared>()

function prepare(json: string): Prepared {
  const plain = Buffer.from(json)
  return { plain, gzip: gzipSync(plain), etag: `W/"${createHash('sha1').update(plain).digest('base64url')}"` }
}

/**
 * Sends a cached JSON answer as prepared bytes: gzip when the client takes it, 304 when it has
 * the same list already. For the hottest public endpoint (GET /api/slots), mounted before the
 * compression middleware so nothing is compressed per request.
 */
export async function sendPreparedJson(req: Request, res: Response, answer: Promise<string>): Promise<void> {
  let prepared = preparedAnswers.get(answer)
  if (!prepared) {
    prepared = prepare(await answer)
    preparedAnswers.set(answer, prepared)
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('ETag', prepared.etag)
  res.setHeader('Vary', 'Accept-Encoding')
  if (req.get('if-none-match') === prepared.etag) {
    res.status(304).end()
    return
  }
  const gzip = /\bgzip\b/.test(req.get('accept-encoding') ?? '')
  if (gzip) res.setHeader('Content-Encoding', 'gzip')
  res.status(200).end(gzip ? prepared.gzip : prepared.plain)
}
