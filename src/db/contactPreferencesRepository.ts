import type { ContactPreferences } from '@/domain/notices'
import { parseContactPreferences } from '@/domain/notices'
import type { Locale } from '@/domain/locales'
import type { AbhDatabase } from './database'
import type { OutboxKind } from './records'
import { browserEnvironment, outboxRow, runWrite, type RepositoryEnvironment } from './repositoryHelpers'

/** The settings key of what the applicant chose about e-mail, and the outbox row that sends it. */
export const contactPreferencesKey = 'contactPreferences'

/** The settings key of the language last queued for the server (`PUT /api/applicant/language`). */
export const languageKey = 'language'

/** What this device last saved, or undefined when the applicant never chose here. */
export async function savedContactPreferences(db: AbhDatabase): Promise<ContactPreferences | undefined> {
  return (await db.settings.get(contactPreferencesKey))?.value as ContactPreferences | undefined
}

/**
 * Keeps a setting and queues it for the server in one transaction. One row stands for the latest
 * value: the step sends what is saved when it runs, so a newer save joins a waiting row.
 */
async function saveAndQueue(db: AbhDatabase, key: string, kind: OutboxKind, value: unknown, env: RepositoryEnvironment): Promise<void> {
  await runWrite(() =>
    db.transaction('rw', db.settings, db.outbox, async () => {
      await db.settings.put({ key, value })
      const waiting = await db.outbox.where('[entityId+kind]').equals([key, kind]).first()
      if (!waiting) await db.outbox.add(outboxRow(kind, key, key, env))
      else if (waiting.seq !== undefined && waiting.blockedReason) await db.outbox.update(waiting.seq, { blockedReason: undefined, attempts: 0 })
    }),
  )
}

/** Keeps the applicant's choice and queues it. Checked first with the server's own rules (VALIDATION_FAILED with fieldErrors). */
export async function saveContactPreferences(db: AbhDatabase, preferences: ContactPreferences, env = browserEnvironment): Promise<ContactPreferences> {
  const checked = parseContactPreferences(preferences)
  await saveAndQueue(db, contactPreferencesKey, 'saveContactPreferences', checked, env)
  return checked
}

/** Queues the language the app is in, when it is not the one last queued (so e-mails and staff know it). */
export async function saveApplicantLanguage(db: AbhDatabase, locale: Locale, env = browserEnvironment): Promise<void> {
  if ((await db.settings.get(languageKey))?.value === locale) return
  await saveAndQueue(db, languageKey, 'saveLanguage', locale, env)
}
