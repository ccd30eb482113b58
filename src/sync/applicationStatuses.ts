import type { AbhDatabase } from '@/db/database'
import type { ApplicationStatusView } from '@/domain/applicationStatus'
import { isSignedOutAnswer, loadCredentials, markSignedOut } from './credentials'
import { NetworkError, type Transport } from './transport'

/** The cache key of the last status answer, and the settings key of what the applicant has seen of it. */
const cacheKey = 'applicationStatuses'
const seenKey = 'seenApplicationNews'

export interface KnownStatuses {
  statuses: ApplicationStatusView[]
  /** When the server gave them; undefined when it never did on this device. */
  fetchedAt?: string
}

/** The last status answer kept on the device (offline, and before the server answers). */
export async function cachedApplicationStatuses(db: AbhDatabase): Promise<KnownStatuses> {
  const cached = await db.cache.get(cacheKey)
  return cached ? { statuses: cached.value as ApplicationStatusView[], fetchedAt: cached.fetchedAt } : { statuses: [] }
}

/**
 * Keeps what the authority holds on each submitted application of this device: the status
 * answer is the server's confirmation that a page (a requested document too) has arrived.
 */
export async function recordReceivedDocuments(db: AbhDatabase, statuses: readonly ApplicationStatusView[]): Promise<void> {
  await db.transaction('rw', db.drafts, async () => {
    for (const status of statuses) {
      await db.drafts.where('id').equals(status.draftId).and((draft) => draft.state === 'submitted').modify({ receivedDocuments: status.documents })
    }
  })
}

/**
 * Asks the server for the status of the applicant's submitted applications and keeps the answer.
 * Undefined when there is nothing to ask with (no identity, or signed out) or no answer came;
 * never registers the device.
 */
export async function refreshApplicationStatuses(db: AbhDatabase, transport: Transport): Promise<KnownStatuses | undefined> {
  const credentials = await loadCredentials(db)
  if (!credentials || credentials.signedOut) return undefined
  let response
  try {
    response = await transport({ method: 'GET', path: '/api/applications', token: credentials.token })
  } catch (error) {
    if (error instanceof NetworkError) return undefined
    throw error
  }
  // The sync screen then explains that this device was signed out (sync protocol step 6).
  if (isSignedOutAnswer(response)) await markSignedOut(db)
  if (response.status !== 200) return undefined
  const statuses = response.body as ApplicationStatusView[]
  const fetchedAt = new Date().toISOString()
  await db.cache.put({ key: cacheKey, value: statuses, fetchedAt })
  await recordReceivedDocuments(db, statuses)
  return { statuses, fetchedAt }
}

/**
 * What counts as news on an application: its latest status event (a status change, or a new
 * document request), except the submission itself, which the applicant made.
 */
export function newsMarkOf(status: ApplicationStatusView): string | undefined {
  const latest = status.timeline.at(-1)
  if (!latest || latest.status === 'submitted') return undefined
  return `${latest.status}@${latest.at}`
}

async function seenMarks(db: AbhDatabase): Promise<Record<string, string>> {
  return ((await db.settings.get(seenKey))?.value as Record<string, string> | undefined) ?? {}
}

/** The references of applications with news the applicant has not opened yet on this device. */
export async function unseenNews(db: AbhDatabase): Promise<string[]> {
  const [{ statuses }, seen] = await Promise.all([cachedApplicationStatuses(db), seenMarks(db)])
  return statuses.filter((status) => {
    const mark = newsMarkOf(status)
    return mark !== undefined && seen[status.reference] !== mark
  }).map((status) => status.reference)
}

/** The applicant has seen this application as it is now: it is no longer marked new. */
export async function markNewsSeen(db: AbhDatabase, status: ApplicationStatusView): Promise<void> {
  const mark = newsMarkOf(status)
  if (mark === undefined) return
  await db.transaction('rw', db.settings, async () => {
    const seen = await seenMarks(db)
    if (seen[status.reference] !== mark) await db.settings.put({ key: seenKey, value: { ...seen, [status.reference]: mark } })
  })
}
