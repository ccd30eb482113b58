import type { AbhDatabase } from '@/db/database'
import type { DraftRecord } from '@/db/records'
import { applicationForms } from '@/domain/applications/forms'
import type { ApplicationStatusView } from '@/domain/applicationStatus'
import { isSupportedLocale, type Locale } from '@/domain/locales'
import type { ApplicantCredentials, ServerDraft } from '@/domain/sync'
import { loadCredentials, saveCredentials } from './credentials'
import { classifyStatus, type Transport } from './transport'

export type RecoveryProblem = 'ALREADY_LINKED' | 'UNAUTHORIZED' | 'FAILED'

export class RecoveryError extends Error {
  constructor(readonly problem: RecoveryProblem) {
    super(problem)
    this.name = 'RecoveryError'
  }
}

/** Whether this device keeps anything of an applicant: a draft or submitted application, or a booking request. */
export async function deviceHoldsApplicantData(db: AbhDatabase): Promise<boolean> {
  const [drafts, bookingRequests] = await Promise.all([db.drafts.count(), db.bookingRequests.count()])
  return drafts > 0 || bookingRequests > 0
}

/**
 * A device may take a code when it has no identity yet, or was signed out (to be linked again as
 * the same applicant), or has an identity with nothing under it: made by a look at a screen, or
 * a setting sent before anything else. Its empty identity is then left behind.
 */
export async function mayTakeRecoveryCode(db: AbhDatabase): Promise<boolean> {
  const existing = await loadCredentials(db)
  return existing === undefined || existing.signedOut === true || !(await deviceHoldsApplicantData(db))
}

/** Whether the server holds nothing for this identity: no draft, no application, no booking. */
async function serverHoldsNothing(transport: Transport, token: string): Promise<boolean> {
  const answers = await Promise.all(['/api/drafts', '/api/applications', '/api/bookings'].map((path) => transport({ method: 'GET', path, token })))
  if (answers.some((answer) => answer.status !== 200)) throw new RecoveryError('FAILED')
  return answers.every((answer) => Array.isArray(answer.body) && answer.body.length === 0)
}

/**
 * Continues on this device with the recovery code from another (sync protocol step 1): the device
 * gets its own token, and the applicant's drafts and submissions are copied here, with the
 * documents the authority holds for each submitted one. Only a device that keeps nothing of
 * someone else may do this (mayTakeRecoveryCode; an existing identity is also asked about on
 * the server), or one that was signed out, and then only as the same applicant; nothing stored
 * here is overwritten.
 */
export async function recoverOnThisDevice(db: AbhDatabase, transport: Transport, recoveryCode: string): Promise<{ imported: number; locale?: Locale }> {
  const before = await loadCredentials(db)
  if (!(await mayTakeRecoveryCode(db))) throw new RecoveryError('ALREADY_LINKED')
  const emptyIdentity = before !== undefined && !before.signedOut
  if (emptyIdentity && !(await serverHoldsNothing(transport, before.token))) throw new RecoveryError('ALREADY_LINKED')
  const response = await transport({ method: 'POST', path: '/api/applicants/recover', body: { recoveryCode } })
  if (response.status === 401) throw new RecoveryError('UNAUTHORIZED')
  if (classifyStatus(response.status) !== 'done') throw new RecoveryError('FAILED')
  const { locale, ...credentials } = response.body as ApplicantCredentials
  // A signed-out device holds that applicant's drafts and outbox: another applicant's code cannot take them over.
  if (before?.signedOut && before.applicantId !== credentials.applicantId) throw new RecoveryError('ALREADY_LINKED')
  const [drafts, applications] = await Promise.all([
    transport({ method: 'GET', path: '/api/drafts', token: credentials.token }),
    transport({ method: 'GET', path: '/api/applications', token: credentials.token }),
  ])
  if (drafts.status !== 200 || applications.status !== 200) throw new RecoveryError('FAILED')
  const submitted = new Map((applications.body as ApplicationStatusView[]).map((application) => [application.draftId, application]))
  const imported = await db.transaction('rw', db.settings, db.drafts, async () => {
    // Another tab may have linked meanwhile, or put a draft under the empty identity: then nothing is taken over.
    const current = await loadCredentials(db)
    if (current?.applicantId !== before?.applicantId || current?.signedOut !== before?.signedOut) throw new RecoveryError('ALREADY_LINKED')
    if (emptyIdentity && (await db.drafts.count()) > 0) throw new RecoveryError('ALREADY_LINKED')
    await saveCredentials(db, { ...credentials, recoveryCode })
    let imported = 0
    for (const server of drafts.body as ServerDraft[]) {
      if (await db.drafts.get(server.id)) continue
      const application = submitted.get(server.id)
      const draft: DraftRecord = {
        id: server.id,
        serviceId: server.serviceId,
        answers: server.answers,
        currentStep: application ? 'review' : (applicationForms[server.serviceId].steps[0]?.id ?? 'review'),
        localRevision: 1,
        baseRevision: server.revision,
        baseAnswers: server.answers,
        createdAt: server.updatedAt,
        updatedAt: server.updatedAt,
        state: application ? 'submitted' : 'editing',
        ...(application ? { reference: application.reference, submittedAt: application.submittedAt, receivedDocuments: application.documents } : {}),
      }
      await db.drafts.add(draft)
      imported += 1
    }
    return imported
  })
  return { imported, ...(isSupportedLocale(locale) ? { locale } : {}) }
}
