import type { AbhDatabase } from '@/db/database'

/** The phone number and e-mail address the applicant gave in their latest application, where given. */
export interface KnownContactDetails {
  phone?: string
  email?: string
}

const textOf = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined)

/**
 * What the booking form may offer to take over (never fills in unasked): from the most recently
 * changed application on this device that has each detail.
 */
export async function latestContactDetails(db: AbhDatabase): Promise<KnownContactDetails> {
  const drafts = await db.drafts.orderBy('updatedAt').reverse().toArray()
  const phone = drafts.map((draft) => textOf(draft.answers.phone)).find(Boolean)
  const email = drafts.map((draft) => textOf(draft.answers.email)).find(Boolean)
  return { ...(phone ? { phone } : {}), ...(email ? { email } : {}) }
}
