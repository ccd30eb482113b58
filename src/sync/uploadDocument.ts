import { Upload, type DetailedError } from 'tus-js-client'
import type { AbhDatabase } from '@/db/database'
import type { DocumentRecord, OutboxRecord } from '@/db/records'
import { networkRetryDelay, networkRetrySteps } from './backoff'
import type { StepResult } from './steps'
import { classifyStatus, NetworkError, type Transport, type TransportResponse } from './transport'

/** Small enough to finish on a weak connection, large enough not to waste round trips. */
export const uploadChunkBytes = 256 * 1024

function failure(status: number, body: string | undefined, retryAfter: string | undefined): TransportResponse {
  let parsed: unknown
  try {
    parsed = body ? JSON.parse(body) : undefined
  } catch {
    parsed = undefined
  }
  // The server's Retry-After (429, 503) reaches the engine's backoff as from any other request.
  return { status, headers: new Headers(retryAfter ? { 'retry-after': retryAfter } : {}), body: parsed }
}

/**
 * Whether the server holds the page, by its own word (`GET /api/documents/:id`): `arrived`,
 * `missing`, or an answer the engine deals with (retry, refusal, a refused token).
 */
async function askServerForPage(transport: Transport, token: string, page: { id: string; sha256: string }): Promise<'arrived' | 'missing' | StepResult> {
  const probe = await transport({ method: 'GET', path: `/api/documents/${encodeURIComponent(page.id)}`, token })
  if (probe.status === 200 && (probe.body as { sha256?: string } | undefined)?.sha256 === page.sha256) return 'arrived'
  if (probe.status === 404) return 'missing'
  const outcome = classifyStatus(probe.status)
  return outcome === 'unauthorized' || outcome === 'refused' ? { kind: outcome, response: probe } : { kind: 'retry', response: probe }
}

/**
 * Uploads one page over tus (sync protocol step 5). A page the server already has (the answer to
 * a finished upload was lost) is not sent again; an interrupted upload resumes from its URL,
 * which is kept on the outbox row in IndexedDB. The row is done only once the server says it has
 * the page: tus's offset = length means the bytes are there, not that they were accepted.
 */
export async function uploadDocument(db: AbhDatabase, transport: Transport, token: string, row: OutboxRecord): Promise<StepResult> {
  const page = await db.documents.get(row.entityId)
  if (!page) return { kind: 'done' }
  // Only an upload that was started before may have finished with its answer lost.
  if (row.uploadUrl) {
    const known = await askServerForPage(transport, token, page)
    if (known === 'arrived') return { kind: 'done' }
    if (known !== 'missing') return known
  }

  // A page of a draft, or an attachment of a written contact.
  const target = await uploadTarget(db, page)
  if (target === 'wait') return { kind: 'retry' }
  if (target === 'orphaned') return { kind: 'done' }

  let progressed = false
  const result = await new Promise<{ ok: true } | { ok: false; status: number; body?: string; retryAfter?: string }>((resolve) => {
    const upload = new Upload(new Blob([page.bytes], { type: page.mimeType }), {
      endpoint: '/api/uploads',
      uploadUrl: row.uploadUrl ?? null,
      chunkSize: uploadChunkBytes,
      // A dropped connection is retried here on the short network schedule, each time resuming
      // from the server's offset (HEAD); tus starts the count again whenever that offset moved,
      // so a link that cuts often but lets bytes through never waits long. An answer with a
      // status (5xx, 429, 4xx) goes back to the engine, which keeps the long backoff for those.
      retryDelays: networkRetrySteps.map((_, index) => networkRetryDelay(index + 1)),
      onShouldRetry: (error) => !(error as DetailedError).originalResponse && navigator.onLine,
      removeFingerprintOnSuccess: true,
      storeFingerprintForResuming: false,
      fingerprint: async () => `abh-${page.sha256}-${page.id}`,
      headers: { authorization: `Bearer ${token}` },
      metadata: {
        documentId: page.id,
        sha256: page.sha256,
        mimeType: page.mimeType,
        ...('bookingId' in target ? { bookingId: target.bookingId } : { draftId: page.draftId, slot: page.slot, page: String(page.page) }),
      },
      onChunkComplete: () => {
        progressed = true
      },
      onUploadUrlAvailable: () => {
        if (row.seq !== undefined && upload.url) void db.outbox.update(row.seq, { uploadUrl: upload.url })
      },
      onSuccess: () => resolve({ ok: true }),
      onError: (error) => {
        const response = (error as DetailedError).originalResponse
        resolve({ ok: false, status: response?.getStatus() ?? 0, body: response?.getBody(), retryAfter: response?.getHeader('Retry-After') })
      },
    })
    upload.start()
  })
  if (result.ok) {
    // A server that stopped before its finish step still reports the full offset; it finishes the
    // upload when asked, so a page still missing is tried again, never forgotten.
    const known = await askServerForPage(transport, token, page)
    if (known === 'arrived') return { kind: 'done' }
    return known === 'missing' ? { kind: 'retry', progressed } : known
  }
  // Broken off: try again soon if some chunks got through, else back off like any network error.
  if (result.status === 0) {
    if (progressed) return { kind: 'retry', progressed }
    throw new NetworkError('upload interrupted')
  }
  // The upload URL expired or vanished: start a new upload next time.
  if ((result.status === 404 || result.status === 410) && row.uploadUrl && row.seq !== undefined) {
    await db.outbox.update(row.seq, { uploadUrl: undefined })
    return { kind: 'retry' }
  }
  const response = failure(result.status, result.body, result.retryAfter)
  const outcome = classifyStatus(result.status)
  if (outcome === 'unauthorized' || outcome === 'refused') return { kind: outcome, response }
  return { kind: 'retry', response }
}

/**
 * Where a page goes: its draft, or for an attachment the booking it belongs to. An attachment of
 * a booking asked for offline waits until the request is confirmed (its row goes first); one
 * whose request is gone is sent nowhere.
 */
async function uploadTarget(db: AbhDatabase, page: DocumentRecord): Promise<{ draftId: string } | { bookingId: string } | 'wait' | 'orphaned'> {
  switch (page.owner.kind) {
    case 'draft':
      return { draftId: page.draftId }
    case 'booking':
      return { bookingId: page.owner.bookingId }
    case 'bookingRequest': {
      const request = await db.bookingRequests.get(page.owner.requestId)
      if (!request) return 'orphaned'
      return request.booking ? { bookingId: request.booking.bookingId } : 'wait'
    }
  }
}
