import type { AbhDatabase } from '@/db/database'
import type { ApplicantCredentials } from '@/domain/sync'
import { classifyStatus, type Transport, type TransportResponse } from './transport'

const credentialsKey = 'credentials'

/** The code of a 401 for a token that was revoked: signed out from another device or by staff. */
export const signedOutCode = 'DEVICE_SIGNED_OUT'

/** The identity as the device keeps it; `signedOut` once the server said this device was signed out. */
export interface StoredCredentials extends ApplicantCredentials {
  signedOut?: boolean
}

export class SyncRefused extends Error {
  constructor(readonly code: string) {
    super(code)
    this.name = 'SyncRefused'
  }
}

export async function loadCredentials(db: AbhDatabase): Promise<StoredCredentials | undefined> {
  return (await db.settings.get(credentialsKey))?.value as StoredCredentials | undefined
}

export function saveCredentials(db: AbhDatabase, credentials: StoredCredentials): Promise<unknown> {
  return db.settings.put({ key: credentialsKey, value: credentials })
}

export function isSignedOutAnswer(response: TransportResponse): boolean {
  return response.status === 401 && (response.body as { code?: unknown } | undefined)?.code === signedOutCode
}

/**
 * Remembers that the server signed this device out (sync protocol step 6): nothing is sent with
 * the token again, and the drafts and the outbox stay as they are, for the applicant to decide.
 */
export async function markSignedOut(db: AbhDatabase): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const credentials = await loadCredentials(db)
    if (credentials && !credentials.signedOut) await saveCredentials(db, { ...credentials, signedOut: true })
  })
}

/**
 * The device's applicant identity (sync protocol step 1): made on the first sync and kept in
 * IndexedDB with the recovery code, which the applicant can note for another device. A device
 * that was signed out gets SyncRefused(DEVICE_SIGNED_OUT), never a new identity of its own.
 */
export async function ensureCredentials(db: AbhDatabase, transport: Transport): Promise<ApplicantCredentials> {
  const existing = await loadCredentials(db)
  if (existing?.signedOut) throw new SyncRefused(signedOutCode)
  if (existing) return existing
  const response = await transport({ method: 'POST', path: '/api/applicants' })
  if (classifyStatus(response.status) !== 'done') throw new SyncRefused(`APPLICANT_${response.status}`)
  const credentials = response.body as ApplicantCredentials
  // Another tab may have registered meanwhile: the first stored identity wins.
  return db.transaction('rw', db.settings, async () => {
    const raced = await loadCredentials(db)
    if (raced) return raced
    await saveCredentials(db, credentials)
    return credentials
  })
}
