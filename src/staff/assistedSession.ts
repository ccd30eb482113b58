import { shallowRef } from 'vue'
import { storageKeys } from '@/constants'

/**
 * An assisted session: staff fill in an application for a visitor on an office device
 * (docs/staff.md). Tiny on purpose: the app shell reads it to decide whether to load the
 * session bar; everything else of the staff screens loads only when used.
 */
export interface AssistedSession {
  startedAt: string
  /** Minutes without a touch after which the session ends by itself. */
  idleMinutes: number
  /** The member of staff who started it: only they lift the cover of a paused session. */
  staff: string
  /** Set while the session is paused (left alone with unsent data): the screen stays covered, also after a reload. */
  pausedAt?: string
}

function read(): AssistedSession | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(storageKeys.assistedSession) ?? 'null') as AssistedSession | null
    return value && typeof value.startedAt === 'string' && Number.isInteger(value.idleMinutes) && typeof value.staff === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

const current = shallowRef<AssistedSession | undefined>(typeof localStorage === 'undefined' ? undefined : read())

export const assistedSession = () => current

function save(session: AssistedSession): AssistedSession {
  localStorage.setItem(storageKeys.assistedSession, JSON.stringify(session))
  current.value = session
  return session
}

export function startAssistedSession(idleMinutes: number, staff: string): AssistedSession {
  return save({ startedAt: new Date().toISOString(), idleMinutes, staff })
}

/** Covers the screen until the wipe can happen or the member of staff comes back. */
export function pauseAssistedSession(paused: boolean): void {
  if (!current.value) return
  const { pausedAt: _pausedAt, ...session } = current.value
  save(paused ? { ...session, pausedAt: new Date().toISOString() } : session)
}

/** The tabs of this app on one device hear of a wipe, so none keeps a visitor's data in memory or writes it back. */
/** Where a page goes after a wipe: a full load, so nothing of the visitor stays in memory. */
export const afterWipe = (reason: 'ended' | 'idle') => `/staff/assist?ended=${reason}`

// Not while pre-rendering at build time: an open channel would keep the build's Node process alive.
const deviceChannel = import.meta.env.SSR || typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('abh-device')
let wipingHere = false
const releasers = new Set<() => void>()

/**
 * What this tab must let go of before another tab deletes the visitor's data: the device
 * database registers its connection's close here (src/db/database.ts). A tab that is leaving
 * may not get to handle IndexedDB's own "versionchange" in time, and the delete would wait on it.
 */
export function releaseOnWipe(release: () => void): void {
  releasers.add(release)
}

if (deviceChannel) {
  deviceChannel.onmessage = (event: MessageEvent) => {
    // A channel object never hears its own messages, and this tab runs the wipe itself.
    if (event.data !== 'wiped' || wipingHere) return
    for (const release of releasers) release()
    window.location.replace(afterWipe('ended'))
  }
}

/** Tells the other tabs to reload before this one deletes the visitor's data. */
export function announceWipe(): void {
  wipingHere = true
  deviceChannel?.postMessage('wiped')
}
