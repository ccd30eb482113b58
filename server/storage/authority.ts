import type { Executor } from './database.js'

/** Data functions for the authority's profile: one row (id 1), the profile as JSON text. */

export interface StoredAuthorityProfile {
  profile: string
  updatedAt: string
}

export async function findAuthorityProfile(db: Executor): Promise<StoredAuthorityProfile | undefined> {
  const row = await db.selectFrom('authority_profile').select(['profile', 'updated_at']).where('id', '=', 1).executeTakeFirst()
  return row && { profile: row.profile, updatedAt: row.updated_at }
}

/** Writes the profile in one statement, so two admins saving at once leave one of the two whole. */
export async function saveAuthorityProfile(db: Executor, entry: { profile: string; updatedAt: string; updatedBy: string }): Promise<void> {
  const values = { profile: entry.profile, updated_at: entry.updatedAt, updated_by: entry.updatedBy }
  await db
    .insertInto('authority_profile')
    .values({ id: 1, ...values })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
    .execute()
}
