import { sql } from 'kysely'
import type { Executor } from './database.js'
import { appSecret } from './secrets.js'

/** Counts one request in a fixed window (one statement, so instances sharing the database agree); the new count. */
export async function countInWindow(db: Executor, key: string, windowStart: number): Promise<number> {
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        count: sql<number>`CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END`,
        window_start: sql<number>`excluded.window_start`,
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow()
  return row.count
}

export async function deleteWindowsBefore(db: Executor, windowStart: number): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', windowStart).execute()
}

/** The installation's secret for hashing client addresses, made at first use (by whichever instance comes first). */
export function addressSecret(db: Executor): Promise<string> {
  return appSecret(db, 'address_secret')
}
