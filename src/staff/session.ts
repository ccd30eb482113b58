import { shallowRef } from 'vue'
import type { SignInChallenge } from '@/domain/secondFactor'
import type { StaffRole } from '@/domain/staff'
import { currentStaffSession, endStaffSession, signInWithPassword, signInWithSecondFactor, whenUnauthorized, type StaffSession } from './api'

export type { StaffSession }

const member = shallowRef<StaffSession | null>()
// An expired session brings back the sign-in form instead of an error on every screen.
whenUnauthorized(() => (member.value = null))

/** The signed-in member of staff: undefined while unknown, null when nobody is signed in. */
export function useStaffSession() {
  async function load(): Promise<StaffSession | null> {
    member.value = await currentStaffSession()
    return member.value
  }

  /** The password step: signed in, or (with a second factor) the challenge for signInWithCode. */
  async function signIn(username: string, password: string): Promise<SignInChallenge | undefined> {
    const answer = await signInWithPassword(username, password)
    if ('challenge' in answer) return answer
    await load()
    return undefined
  }

  /** The code step: a code from the authenticator app, or a recovery code. */
  async function signInWithCode(challenge: string, code: string): Promise<void> {
    await signInWithSecondFactor(challenge, code)
    await load()
  }

  async function signOut(): Promise<void> {
    await endStaffSession().catch(() => undefined)
    member.value = null
  }

  const may = (roles: readonly StaffRole[]) => member.value !== null && member.value !== undefined && roles.includes(member.value.role)
  /** A caseworker or admin who must set up the second factor before anything else. */
  const mustEnrol = () => member.value?.secondFactor.required === true && !member.value.secondFactor.active
  return { member, load, signIn, signInWithCode, signOut, may, mustEnrol }
}
