import { shallowRef } from 'vue'
import type { SecondFactorStatus, SignInChallenge } from '@/domain/secondFactor'
import type { StaffMember, StaffRole } from '@/domain/staff'
import { StaffApiError, staffRequest, whenUnauthorized } from './api'

export interface StaffSession extends StaffMember {
  /** Minutes without a touch after which an assisted session is wiped (server setting). */
  assistedIdleMinutes: number
  secondFactor: SecondFactorStatus
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

  /** The password step: signed in, or (with a second factor) the challenge for signInWithCode. */
  async function signIn(username: string, password: string): Promise<SignInChallenge | undefined> {
    const answer = await staffRequest<StaffMember | SignInChallenge>('POST', '/api/staff/session', { username, password })
    if ('challenge' in answer) return answer
    await load()
    return undefined
  }

  /** The code step: a code from the authenticator app, or a recovery code. */
  async function signInWithCode(challenge: string, code: string): Promise<void> {
    await staffRequest<StaffMember>('POST', '/api/staff/session/second-factor', { challenge, code })
    await load()
  }

  async function signOut(): Promise<void> {
    await staffRequest<void>('DELETE', '/api/staff/session').catch(() => undefined)
    member.value = null
  }

  const may = (roles: readonly StaffRole[]) => member.value !== null && member.value !== undefined && roles.includes(member.value.role)
  /** A caseworker or admin who must set up the second factor before anything else. */
  const mustEnrol = () => member.value?.secondFactor.required === true && !member.value.secondFactor.active
  return { member, load, signIn, signInWithCode, signOut, may, mustEnrol }
}
