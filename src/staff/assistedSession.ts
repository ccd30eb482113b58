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
}

function read(): AssistedSession | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(storageKeys.assistedSession) ?? 'null') as AssistedSession | null
    return value && typeof value.startedAt === 'string' && Number.isInteger(value.idleMinutes) ? value : undefined
  } catch {
    return undefined
  }
}

const current = shallowRef<AssistedSession | undefined>(typeof localStorage === 'undefined' ? undefined : read())

export const assistedSession = () => current

export function startAssistedSession(idleMinutes: number): AssistedSession {
  const session: AssistedSession = { startedAt: new Date().toISOString(), idleMinutes }
  localStorage.setItem(storageKeys.assistedSession, JSON.stringify(session))
  current.value = session
  return session
}
