import { createHash } from 'node:crypto'
import { DomainError } from '../../src/domain/errors.js'
import { transact, type Store, type Tx } from '../storage/database.js'
import { findIdempotencyRecord, insertIdempotencyRecord } from '../storage/idempotency.js'
import { lockForTransaction } from '../storage/locks.js'

export interface Reply<T> {
  status: number
  body: T
}

const keyPattern = /^[A-Za-z0-9-]{8,100}$/

/** The Idempotency-Key header, required on submissions and bookings (sync protocol step 8). */
export function parseIdempotencyKey(header: string | undefined): string {
  if (header === undefined || !keyPattern.test(header)) throw new DomainError('BAD_REQUEST', 'An Idempotency-Key header is required')
  return header
}

const requestHash = (request: unknown) => createHash('sha256').update(JSON.stringify(request)).digest('hex')

/**
 * Runs `work` at most once per applicant and key, in one transaction with the record of its
 * answer: the same key again gets the first answer, the same key with another request
 * IDEMPOTENCY_KEY_REUSED. `request` must be the validated request, never the raw body. A refusal
 * (a thrown DomainError) is not recorded: the client may correct and retry with the same key.
 * Two instances receiving the same key at once take turns on a lock.
 */
export async function idempotent<T>(
  store: Store,
  scope: { applicantId: string; key: string },
  request: unknown,
  work: (tx: Tx) => Promise<Reply<T>>,
  now = new Date(),
): Promise<Reply<T>> {
  const hash = requestHash(request)
  return transact(store, async (tx) => {
    await lockForTransaction(tx, store.engine, `idempotency:${scope.applicantId}:${scope.key}`)
    const earlier = await findIdempotencyRecord(tx, scope.applicantId, scope.key)
    if (earlier) {
      if (earlier.requestHash !== hash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This key was used for another request')
      return { status: earlier.status, body: JSON.parse(earlier.response) as T }
    }
    const reply = await work(tx)
    await insertIdempotencyRecord(tx, scope.applicantId, scope.key, { requestHash: hash, status: reply.status, response: JSON.stringify(reply.body) }, now.toISOString())
    return reply
  })
}
