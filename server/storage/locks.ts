import { sql } from 'kysely'
import type { Engine, Executor } from './database.js'

/**
 * Holds a lock on `name` until the transaction ends, so that two instances doing the same thing
 * (one idempotency key, one upload) take turns. PostgreSQL: a transaction-level advisory lock.
 * SQLite needs none: its one writer already runs transactions one after another.
 */
export async function lockForTransaction(tx: Executor, engine: Engine, name: string): Promise<void> {
  if (engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(tx)
}
