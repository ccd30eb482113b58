import { liveQuery } from 'dexie'
import { ref, watch } from 'vue'
import { saveApplicantLanguage } from '@/db/contactPreferencesRepository'
import { getDatabase } from '@/db/database'
import { useConnectionStore } from '@/stores/connection'
import { useSyncStore } from '@/stores/sync'
import { shownLocale } from '@/i18n'
import { createSyncEngine, type SyncEngine } from './engine'
import { appTransport } from './appTransport'
import { loadCredentials } from './credentials'
import { deleteRemote } from './deleteRemote'
import { pushContactPreferences, pushLanguage } from './pushSettings'
import { requestBooking } from './requestBooking'
import { submitApplication } from './submitApplication'
import { uploadDocument } from './uploadDocument'

/** A safety net: the outbox is also drained every minute while the page is open. */
const drainIntervalMs = 60_000

let engine: SyncEngine | undefined

/**
 * Starts the outbox engine once per page (sync protocol step 7): it drains on start, on
 * `online`, when the page becomes visible, after every change to the outbox, and on a timer.
 * Background Sync is not relied on. Request outcomes, not navigator.onLine, decide the connection state.
 */
export function startSync(): SyncEngine {
  if (engine) return engine
  const connection = useConnectionStore()
  const sync = useSyncStore()
  const transport = appTransport()
  const db = getDatabase()
  const running = createSyncEngine({
    db,
    transport,
    onState: (state) => sync.update(state),
    handlers: { uploadDocument, submitApplication, requestBooking, saveContactPreferences: pushContactPreferences, saveLanguage: pushLanguage, deleteDocument: deleteRemote, deleteDraft: deleteRemote },
  })
  engine = running
  const request = () => void running.requestSync().catch(() => undefined)
  const retryNow = () => void running.retryNow().catch(() => undefined)
  // The connection probe answered after failures: rows waiting out a network failure go now.
  watch(
    () => connection.online,
    (online, wasOnline) => {
      if (online && !wasOnline) void running.connectionRestored().catch(() => undefined)
    },
  )
  window.addEventListener('online', retryNow)
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') retryNow()
  })
  setInterval(request, drainIntervalMs)
  // Every write to the outbox (a save, a capture, a submission) is a trigger; this also runs at start.
  liveQuery(() => db.outbox.count()).subscribe({ next: request, error: () => undefined })
  // The language travels with the applicant: sent once the device is registered (its first sync, or a
  // recovery) and whenever it changes. Never the reason to register: a fresh device must stay free
  // to take over applications with a recovery code.
  const registered = ref(false)
  liveQuery(async () => (await loadCredentials(db)) !== undefined).subscribe({ next: (value) => (registered.value = value), error: () => undefined })
  watch([shownLocale, registered], ([locale, isRegistered]) => {
    if (isRegistered) void saveApplicantLanguage(db, locale).catch(() => undefined)
  })
  return running
}
