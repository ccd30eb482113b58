import { randomBytes } from 'node:crypto'
import type { Executor } from './database.js'

/**
 * A secret made at first start and kept in app_meta, the same for every instance; `name` tells the
 * secrets apart. Two instances starting at once make one each, and the first written is kept.
 */
export async function appSecret(db: Executor, name: string): Promise<string> {
  await db
    .insertInto('app_meta')
    .values({ key: name, value: randomBytes(32).toString('hex') })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute()
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', name).executeTakeFirstOrThrow()
  return row.value
}
