import type { AbhDatabase } from '@/db/database'
import { isSignedOutAnswer, loadCredentials, markSignedOut, saveCredentials } from './credentials'
import { NetworkError, type Transport } from './transport'

export type SignOutProblem = 'NOT_LINKED' | 'SIGNED_OUT' | 'CODE_OUTDATED' | 'RATE_LIMITED' | 'FAILED'

export class SignOutError extends Error {
  constructor(readonly problem: SignOutProblem) {
    super(problem)
    this.name = 'SignOutError'
  }
}

/**
 * Signs out every other device of this applicant, a lost phone say (sync protocol step 1), with
 * the recovery code kept on this device. The server answers with a new code, which replaces the
 * old one here: the old code (and every other device) stops working. The number signed out.
 */
export async function signOutOtherDevices(db: AbhDatabase, transport: Transport): Promise<number> {
  const credentials = await loadCredentials(db)
  if (!credentials?.recoveryCode || credentials.signedOut) throw new SignOutError('NOT_LINKED')
  let response
  try {
    response = await transport({ method: 'POST', path: '/api/applicants/sign-out-others', token: credentials.token, body: { recoveryCode: credentials.recoveryCode } })
  } catch (error) {
    if (error instanceof NetworkError) throw new SignOutError('FAILED')
    throw error
  }
  if (isSignedOutAnswer(response)) {
    await markSignedOut(db)
    throw new SignOutError('SIGNED_OUT')
  }
  if (response.status === 403) throw new SignOutError('CODE_OUTDATED')
  if (response.status === 429) throw new SignOutError('RATE_LIMITED')
  if (response.status !== 200) throw new SignOutError('FAILED')
  const { recoveryCode, signedOut } = response.body as { recoveryCode: string; signedOut: number }
  await db.transaction('rw', db.settings, async () => {
    const current = await loadCredentials(db)
    if (current) await saveCredentials(db, { ...current, recoveryCode })
  })
  return signedOut
}
