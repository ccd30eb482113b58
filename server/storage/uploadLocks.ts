import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server'
import { sql, type Kysely } from 'kysely'
import type { Schema } from './schema.js'

export interface UploadLockTiming {
  /** How long a request waits for an upload that another request is writing (tus's MemoryLocker: 30 s). */
  acquireTimeoutMs: number
  /** How often the holder looks for a request waiting for its upload. */
  waiterPollMs: number
}

const defaultTiming: UploadLockTiming = { acquireTimeoutMs: 30_000, waiterPollMs: 500 }

/** One wait for the lock is cut into slices this long, so that a stop signal is heard in time and no statement timeout fires. */
const waitSliceMs = 250
const lockNotAvailable = '55P03'

/**
 * tus upload locks that hold across every instance on one PostgreSQL database: a session-level
 * advisory lock on a connection of its own, from lock() until unlock(). A request that waits for
 * the upload makes the holder let go (tus's requestRelease), as tus's MemoryLocker does within a
 * process; the lock goes by itself when the holder's connection does.
 */
export function postgresUploadLocker(db: Kysely<Schema>, timing: Partial<UploadLockTiming> = {}): Locker {
  const settings = { ...defaultTiming, ...timing }
  return { newLock: (id) => new PostgresUploadLock(db, `upload:${id}`, settings) }
}

type Connection = Kysely<Schema>

class PostgresUploadLock implements Lock {
  private release?: () => void
  private session?: Promise<void>

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly name: string,
    private readonly timing: UploadLockTiming,
  ) {}

  async lock(stopSignal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const released = new Promise<void>((resolve) => (this.release = resolve))
    let acquired!: () => void
    const held = new Promise<void>((resolve) => (acquired = resolve))
    const session = this.db.connection().execute(async (connection) => {
      await waitForLock(connection, this.name, stopSignal, Date.now() + this.timing.acquireTimeoutMs)
      acquired()
      try {
        await holdUntilReleased(connection, this.name, released, requestRelease, this.timing.waiterPollMs)
      } finally {
        await sql`SELECT pg_advisory_unlock(hashtextextended(${this.name}, 0))`.execute(connection)
      }
    })
    try {
      await Promise.race([held, session])
    } catch (error) {
      this.release = undefined
      throw error
    }
    this.session = session
  }

  async unlock(): Promise<void> {
    const { release, session } = this
    if (!release || !session) throw new Error('Releasing an unlocked lock!')
    this.release = undefined
    this.session = undefined
    release()
    await session
  }
}

/** Blocks on the advisory lock until it is ours; the stop signal or the deadline end the wait as tus's ERR_LOCK_TIMEOUT. */
async function waitForLock(connection: Connection, name: string, stopSignal: AbortSignal, deadline: number): Promise<void> {
  try {
    for (;;) {
      const remaining = deadline - Date.now()
      if (stopSignal.aborted || remaining <= 0) throw ERRORS.ERR_LOCK_TIMEOUT
      await sql`SELECT set_config('lock_timeout', ${`${Math.min(waitSliceMs, remaining)}ms`}, false)`.execute(connection)
      try {
        await sql`SELECT pg_advisory_lock(hashtextextended(${name}, 0))`.execute(connection)
        return
      } catch (error) {
        if ((error as { code?: unknown }).code !== lockNotAvailable) throw error
      }
    }
  } finally {
    // The connection goes back to the pool afterwards: it must wait for locks as long as any other.
    await sql`RESET lock_timeout`.execute(connection)
  }
}

/** Keeps the lock until unlock(); asks the holder's request to let go once another request waits for the same upload. */
async function holdUntilReleased(connection: Connection, name: string, released: Promise<void>, requestRelease: RequestRelease, pollMs: number): Promise<void> {
  let isReleased = false
  void released.then(() => (isReleased = true))
  while (await pauseUnless(released, pollMs)) {
    // A failed look must not end the hold early; a lost connection took the lock with it anyway.
    const awaited = await isAwaitedByAnother(connection, name).catch(() => false)
    if (awaited && !isReleased) {
      await requestRelease()
      break
    }
  }
  await released
}

/** True after `ms`, false as soon as `released` settles. */
function pauseUnless(released: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms)
    void released.then(() => {
      clearTimeout(timer)
      resolve(false)
    })
  })
}

/** Whether a session of this database is blocked on the advisory lock of `name`, a session's or a transaction's (pg_locks splits the 64-bit key into classid and objid). */
export async function isAwaitedByAnother(connection: Connection, name: string): Promise<boolean> {
  const { rows } = await sql<{ awaited: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM pg_locks
      WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(${name}, 0)
    ) AS awaited`.execute(connection)
  return rows[0]?.awaited === true
}
