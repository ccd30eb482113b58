import type { Kysely, Transaction } from 'kysely'
import type { Schema } from './schema.js'

export type Engine = 'sqlite' | 'postgres'

/** The database as the data functions see it: the whole database or an open transaction. */
export type Executor = Kysely<Schema> | Transaction<Schema>

/** An open transaction, as `transact` hands it to the work it runs. */
export type Tx = Transaction<Schema>

/** What the services hold: the database handle to pass on to data functions and to `transact`. */
export interface Store {
  readonly engine: Engine
  readonly db: Kysely<Schema>
}

/** PostgreSQL asks for a retry on a serialization failure or a deadlock; SQLite when it is busy. */
const retryable = new Set(['40001', '40P01', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT'])
const maxAttempts = 5

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * Runs `work` in one transaction and commits it, or rolls it back when `work` throws. Retries a
 * few times, with a short random pause, when the engine asks for it (never after a domain error).
 */
export async function transact<T>(store: Store, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await store.db.transaction().execute(work)
    } catch (error) {
      if (attempt >= maxAttempts || !retryable.has(codeOf(error) ?? '')) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt))
    }
  }
}

/**
 * A unique or primary-key violation, by the engines' own codes (PostgreSQL 23505, SQLite
 * SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY); with `constraint`, only that index or column list.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const code = codeOf(error)
  if (code === '23505') return constraint === undefined || (error as { constraint?: string }).constraint === constraint || String((error as Error).message).includes(constraint)
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return constraint === undefined || String((error as Error).message).includes(constraint)
  }
  return false
}

/** PostgreSQL error classes that mean "the database is not there right now", not "your query is wrong". */
const unavailableClasses = ['08', '53', '57P']

/** The database cannot be reached, is shutting down, or did not answer in time. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = codeOf(error)
  if (code === undefined) {
    const message = String((error as Error | null)?.message ?? '')
    // pg reports a lost or refused connection as a plain Error, without a SQLSTATE.
    return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED|Connection ended/i.test(message)
  }
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'SQLITE_BUSY', 'SQLITE_CANTOPEN', 'SQLITE_IOERR'].includes(code)) return true
  // 57014: statement timeout (query_canceled). Class 08: connection; 53: resources; 57P: shutdown.
  return code === '57014' || unavailableClasses.some((prefix) => code.startsWith(prefix))
}
