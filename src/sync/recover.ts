import type { AbhDatabase } from '@/db/database'
import type { DraftRecord } from '@/db/records'
import { applicationForms } from '@/domain/applications/forms'
import type { ApplicationStatusView } from '@/domain/applicationStatus'
import { isSupportedLocale, type Locale } from '@/domain/locales'
import type { ApplicantCredentials, ServerDraft } from '@/domain/sync'
import { loadCredentials, saveCredentials, type StoredCredentials } from './credentials'
import { classifyStatus, type Transport } from './transport'

export type RecoveryProblem = 'ALREADY_LINKED' | 'UNAUTHORIZED' | 'FAILED'

export class RecoveryError extends Error {
  constructor(readonly problem: RecoveryProblem) {
    super(problem)
    this.name = 'RecoveryError'
  }
}

/** A device may take a code when it has no identity yet, or when it was signed out (to be linked again as the same applicant). */
const mayRecover = (existing: StoredCredentials | undefined) => existing === undefined || existing.signedOut === true

/**
 * Continues on this device with the recovery code from another (sync protocol step 1): the device
 * gets its own token, and the applicant's drafts and submissions are copied here. Only a device
 * that has not synced as someone else yet may do this, or one that was signed out, and then only
 * as the same applicant; nothing stored here is overwritten.
 */
export async function recoverOnThisDevice(db: AbhDatabase, transport: Transport, recoveryCode: string): Promise<{ imported: number; locale?: Locale }> {
  const before = await loadCredentials(db)
  if (!mayRecover(before)) throw new RecoveryError('ALREADY_LINKED')
  const response = await transport({ method: 'POST', path: '/api/applicants/recover', body: { recoveryCode } })
  if (response.status === 401) throw new RecoveryError('UNAUTHORIZED')
  if (classifyStatus(response.status) !== 'done') throw new RecoveryError('FAILED')
  const { locale, ...credentials } = response.body as ApplicantCredentials
  // A signed-out device holds that applicant's drafts and outbox: another applicant's code cannot take them over.
  if (before && before.applicantId !== credentials.applicantId) throw new RecoveryError('ALREADY_LINKED')
  const [drafts, applications] = await Promise.all([
    transport({ method: 'GET', path: '/api/drafts', token: credentials.token }),
    transport({ method: 'GET', path: '/api/applications', token: credentials.token }),
  ])
  if (drafts.status !== 200 || applications.status !== 200) throw new RecoveryError('FAILED')
  const submitted = new Map((applications.body as ApplicationStatusView[]).map((application) => [application.draftId, application]))
  const imported = await db.transaction('rw', db.settings, db.drafts, async () => {
    const current = await loadCredentials(db)
    if (!mayRecover(current) || current?.applicantId !== before?.applicantId) throw new RecoveryError('ALREADY_LINKED')
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
        ...(application ? { reference: application.reference, submittedAt: application.submittedAt } : {}),
      }
      await db.drafts.add(draft)
      imported += 1
    }
    return imported
  })
  return { imported, ...(isSupportedLocale(locale) ? { locale } : {}) }
}
