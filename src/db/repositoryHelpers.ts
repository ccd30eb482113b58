import type { OutboxRecord } from './records'
import { toStorageError } from './storageErrors'

/** The clock and id source, injectable so tests are exact. */
export interface RepositoryEnvironment {
  now(): string
  newId(): string
}

export const browserEnvironment: RepositoryEnvironment = {
  now: () => new Date().toISOString(),
  newId: () => crypto.randomUUID(),
}

/** Runs a write and reports storage failures as StorageError (full disk, no IndexedDB …). */
export async function runWrite<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    throw toStorageError(error)
  }
}

/** A new outbox row; its idempotency key is made now and reused on every retry. */
export function outboxRow(kind: OutboxRecord['kind'], entityId: string, draftId: string, env: RepositoryEnvironment): OutboxRecord {
  return { kind, entityId, draftId, idempotencyKey: env.newId(), createdAt: env.now(), attempts: 0 }
}
