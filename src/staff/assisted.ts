import { Dexie } from 'dexie'
import { databaseName, deleteDeviceDatabase, getDatabase } from '@/db/database'
import { authorityCacheName, staffDeviceKeys } from '@/constants'
import { announceWipe } from './assistedSession'

/** What the device still has to send: outbox rows (drafts, pages, submissions) and open booking requests. */
export async function unsyncedCount(): Promise<number> {
  if (!(await Dexie.exists(databaseName))) return 0
  const db = getDatabase()
  // A request that met a taken slot or a refusal still waits for the visitor's choice: unsent too.
  const [outbox, bookings] = await Promise.all([db.outbox.count(), db.bookingRequests.where('state').notEqual('confirmed').count()])
  return outbox + bookings
}

/** Cache Storage of the app itself (workbox precache, the authority's public profile); everything else is a visitor's. */
const isAppShellCache = (name: string) => name.startsWith('workbox-precache') || name === authorityCacheName

/**
 * Deletes everything of the visitor from this device: the IndexedDB database (drafts, pages,
 * credentials, upload URLs, cached answers), Cache Storage apart from the app shell, and every
 * localStorage and sessionStorage key apart from the office device's own settings. The caller
 * reloads the page afterwards, so nothing stays in memory either.
 */
export async function wipeDevice(): Promise<void> {
  // Other tabs reload first: they close their connection instead of writing into a new database.
  announceWipe()
  await deleteDeviceDatabase()
  if ('caches' in globalThis) {
    for (const name of await caches.keys()) if (!isAppShellCache(name)) await caches.delete(name)
  }
  const keep = new Set<string>(Object.values(staffDeviceKeys))
  for (const key of Object.keys(localStorage)) if (!keep.has(key)) localStorage.removeItem(key)
  sessionStorage.clear()
}

/**
 * Calls `onIdle` once after `minutes` without pointer, key or touch input; any input restarts the
 * wait. Returns the function that stops watching.
 */
export function watchIdle(target: EventTarget, minutes: number, onIdle: () => void): () => void {
  const events = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input']
  let timer: ReturnType<typeof setTimeout> | undefined
  const restart = () => {
    clearTimeout(timer)
    timer = setTimeout(onIdle, minutes * 60_000)
  }
  for (const event of events) target.addEventListener(event, restart, { passive: true, capture: true })
  restart()
  return () => {
    clearTimeout(timer)
    for (const event of events) target.removeEventListener(event, restart, { capture: true })
  }
}

/** Applications on this device, and how many of them are not submitted; a wiped device has no database at all. */
export async function draftsOnDevice(): Promise<{ all: number; unfinished: number }> {
  if (!(await Dexie.exists(databaseName))) return { all: 0, unfinished: 0 }
  const drafts = await getDatabase().drafts.toArray()
  return { all: drafts.length, unfinished: drafts.filter((draft) => draft.state !== 'submitted').length }
}
