import type { ContactPreferences } from '@/domain/notices'
import { parseContactPreferences } from '@/domain/notices'
import type { AbhDatabase } from './database'
import { browserEnvironment, outboxRow, runWrite } from './repositoryHelpers'

/** The settings key of what the applicant chose about e-mail, and the outbox row that sends it. */
export const contactPreferencesKey = 'contactPreferences'

/** What this device last saved, or undefined when the applicant never chose here. */
export async function savedContactPreferences(db: AbhDatabase): Promise<ContactPreferences | undefined> {
  return (await db.settings.get(contactPreferencesKey))?.value as ContactPreferences | undefined
}

/**
 * Keeps the applicant's choice and queues it for the server in one transaction. Checked first with
 * the server's own rules (VALIDATION_FAILED with fieldErrors). One row stands for the latest
 * choice: the step sends what is saved when it runs, so a newer save joins a waiting row.
 */
export async function saveContactPreferences(db: AbhDatabase, preferences: ContactPreferences, env = browserEnvironment): Promise<ContactPreferences> {
  const checked = parseContactPreferences(preferences)
  return runWrite(() =>
    db.transaction('rw', db.settings, db.outbox, async () => {
      await db.settings.put({ key: contactPreferencesKey, value: checked })
      const waiting = await db.outbox.where('[entityId+kind]').equals([contactPreferencesKey, 'saveContactPreferences']).first()
      if (!waiting) await db.outbox.add(outboxRow('saveContactPreferences', contactPreferencesKey, contactPreferencesKey, env))
      else if (waiting.seq !== undefined && waiting.blockedReason) await db.outbox.update(waiting.seq, { blockedReason: undefined, attempts: 0 })
      return checked
    }),
  )
}
