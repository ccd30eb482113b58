import { shallowRef } from 'vue'
import type { StaffMember, StaffRole } from '@/domain/staff'
import { StaffApiError, staffRequest, whenUnauthorized } from './api'

export interface StaffSession extends StaffMember {
  /** Minutes without a touch after which an assisted session is wiped (server setting). */
  assistedIdleMinutes: number
}

const member = shallowRef<StaffSession | null>()
// An expired session brings back the sign-in form instead of an error on every screen.
whenUnauthorized(() => (member.value = null))

/** The signed-in member of staff: undefined while unknown, null when nobody is signed in. */
export function useStaffSession() {
  async function load(): Promise<StaffSession | null> {
    try {
      member.value = await staffRequest<StaffSession>('GET', '/api/staff/me')
    } catch (error) {
      if (!(error instanceof StaffApiError) || error.status !== 401) throw error
      member.value = null
    }
    return member.value
  }

  async function signIn(username: string, password: string): Promise<void> {
    await staffRequest<StaffMember>('POST', '/api/staff/session', { username, password })
    await load()
  }

  async function signOut(): Promise<void> {
    await staffRequest<void>('DELETE', '/api/staff/session').catch(() => undefined)
    member.value = null
  }

  const may = (roles: readonly StaffRole[]) => member.value !== null && member.value !== undefined && roles.includes(member.value.role)
  return { member, load, signIn, signOut, may }
}
