import type { Executor } from './database.js'

export interface IdempotencyRecord {
  requestHash: string
  status: number
  response: string
}

export async function findIdempotencyRecord(db: Executor, applicantId: string, key: string): Promise<IdempotencyRecord | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status', 'response'])
    .where('applicant_id', '=', applicantId)
    .where('key', '=', key)
    .executeTakeFirst()
  return row && { requestHash: row.request_hash, status: row.status, response: row.response }
}

export async function insertIdempotencyRecord(db: Executor, applicantId: string, key: string, record: IdempotencyRecord, createdAt: string): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ applicant_id: applicantId, key, request_hash: record.requestHash, status: record.status, response: record.response, created_at: createdAt })
    .execute()
}
