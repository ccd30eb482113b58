import type { AuthorityProfile } from '../../src/domain/authority.js'
import { isAuthorityProfile, parseAuthorityProfile } from '../../src/domain/authoritySchema.js'
import { findAuthorityProfile, saveAuthorityProfile } from '../storage/authority.js'
import { transact, type Store } from '../storage/database.js'
import { audit } from './staff.js'

/**
 * The authority's profile (docs/architecture.md, "Authority profile"). It is validated with the
 * domain schema on the way in and again on the way out, so a profile stored under an older, looser
 * rule is treated as not configured (staff then see the notice and the admin fixes it) instead of
 * reaching a calendar file or an e-mail header.
 */

function readStored(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The profile, or undefined while none is configured (or the stored one no longer passes the rules). */
export async function getAuthorityProfile(store: Store): Promise<AuthorityProfile | undefined> {
  return (await publishedAuthorityProfile(store))?.profile
}

/** The profile with the time it was last saved, for `GET /api/authority`. */
export async function publishedAuthorityProfile(store: Store): Promise<{ profile: AuthorityProfile; updatedAt: string } | undefined> {
  const stored = await findAuthorityProfile(store.db)
  if (!stored) return undefined
  const profile = readStored(stored.profile)
  return isAuthorityProfile(profile) ? { profile, updatedAt: stored.updatedAt } : undefined
}

/** What the editor starts from: the stored profile as it is, valid or not, so an admin can mend it. */
export async function authorityProfileForEditing(store: Store): Promise<{ profile: unknown; updatedAt: string } | undefined> {
  const stored = await findAuthorityProfile(store.db)
  return stored && { profile: readStored(stored.profile), updatedAt: stored.updatedAt }
}

const sectionsOf = (profile: unknown) => (profile && typeof profile === 'object' ? (profile as Record<string, unknown>) : {})

/** Saves a profile (`body` as sent; VALIDATION_FAILED with every field's code otherwise), audited with the sections that changed. */
export async function updateAuthorityProfile(store: Store, adminId: string, body: unknown, now = new Date()): Promise<{ profile: AuthorityProfile; updatedAt: string }> {
  const profile = parseAuthorityProfile(body)
  const updatedAt = now.toISOString()
  await transact(store, async (tx) => {
    const before = sectionsOf(readStored((await findAuthorityProfile(tx))?.profile ?? 'null'))
    const after = sectionsOf(profile)
    const changed = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    await saveAuthorityProfile(tx, { profile: JSON.stringify(profile), updatedAt, updatedBy: adminId })
    await audit(tx, adminId, 'authority.updated', changed.join(', ') || undefined, updatedAt)
  })
  return { profile, updatedAt }
}
