import { contactPreferencesKey, languageKey } from '@/db/contactPreferencesRepository'
import type { AbhDatabase } from '@/db/database'
import type { OutboxRecord } from '@/db/records'
import type { StepResult } from './steps'
import { classifyStatus, type Transport } from './transport'

/**
 * Sends a setting of the applicant (their e-mail choices, the app's language) as it is saved
 * now: a later save while the row waited is sent with it. The row goes only once the server took
 * exactly what is saved; a save during the request leaves it for one more pass.
 */
function pushSetting(key: string, path: string, bodyOf: (value: unknown) => unknown) {
  return async (db: AbhDatabase, transport: Transport, token: string, row: OutboxRecord): Promise<StepResult> => {
    const sent = (await db.settings.get(key))?.value
    if (sent === undefined) return { kind: 'done' }
    const response = await transport({ method: 'PUT', path, token, body: bodyOf(sent) })
    const outcome = classifyStatus(response.status)
    if (outcome === 'retry') return { kind: 'retry', response }
    if (outcome === 'unauthorized') return { kind: 'unauthorized', response }
    if (outcome !== 'done') return { kind: 'refused', response }
    const unchanged = await db.transaction('rw', db.settings, db.outbox, async () => {
      const now = (await db.settings.get(key))?.value
      if (JSON.stringify(now) !== JSON.stringify(sent)) return false
      if (row.seq !== undefined) await db.outbox.delete(row.seq)
      return true
    })
    return unchanged ? { kind: 'continue' } : { kind: 'retry', response }
  }
}

/** The applicant's e-mail choices (address, consent to notices, language): `PUT /api/applicant/contact`. */
export const pushContactPreferences = pushSetting(contactPreferencesKey, '/api/applicant/contact', (preferences) => preferences)

/** The language the app is in: `PUT /api/applicant/language`. */
export const pushLanguage = pushSetting(languageKey, '/api/applicant/language', (locale) => ({ locale }))
