import type { AbhDatabase } from '@/db/database'
import type { ApplicantCredentials } from '@/domain/sync'
import { classifyStatus, type Transport } from './transport'

const credentialsKey = 'credentials'

export class SyncRefused extends Error {
  constructor(readonly code: string) {
    super(code)
    this.name = 'SyncRefused'
  }
}

export async function loadCredentials(db: AbhDatabase): Promise<ApplicantCredentials | undefined> {
  return (await db.settings.get(credentialsKey))?.value as ApplicantCredentials | undefined
}

/**
 * The device's applicant identity (sync protocol step 1): made on the first sync and kept in
 * IndexedDB with the recovery code, which the applicant can note for another device.
 */
export async function ensureCredentials(db: AbhDatabase, transport: Transport): Promise<ApplicantCredentials> {
  const existing = await loadCredentials(db)
  if (existing) return existing
  const response = await transport({ method: 'POST', path: '/api/applicants' })
  if (classifyStatus(response.status) !== 'done') throw new SyncRefused(`APPLICANT_${response.status}`)
  const credentials = response.body as ApplicantCredentials
  // Another tab may have registered meanwhile: the first stored identity wins.
  return db.transaction('rw', db.settings, async () => {
    const raced = await loadCredentials(db)
    if (raced) return raced
    await db.settings.put({ key: credentialsKey, value: credentials })
    return credentials
  })
}
