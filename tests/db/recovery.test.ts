import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase, type AbhDatabase } from '@/db/database'
import { countHeldPagesBySlot } from '@/db/documentsRepository'
import { createDraft, getDraft } from '@/db/draftsRepository'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import type { ApplicationStatusView, StatusEvent } from '@/domain/applicationStatus'
import type { ServerDraft } from '@/domain/sync'
import { markNewsSeen, refreshApplicationStatuses, unseenNews } from '@/sync/applicationStatuses'
import { loadCredentials, saveCredentials } from '@/sync/credentials'
import { mayTakeRecoveryCode, recoverOnThisDevice } from '@/sync/recover'
import type { Transport, TransportRequest } from '@/sync/transport'
import { validAnswers } from '../unit/applicationFactories'

const answers = validAnswers('residence-study')
const required = deriveChecklist(applicationForms['residence-study'], answers).filter((item) => item.required)
const draftId = '0b9f3d4e-2a61-4c7e-9b8a-3f5d6e7c8a90'
const server: ServerDraft = { id: draftId, serviceId: 'residence-study', answers, revision: 3, updatedAt: '2026-11-30T10:00:00.000Z' }
const submittedEvent: StatusEvent = { status: 'submitted', at: '2026-11-30T10:05:00.000Z' }

function statusWith(timeline: StatusEvent[]): ApplicationStatusView {
  return {
    reference: 'ABH-2026-000042',
    draftId,
    serviceId: 'residence-study',
    status: timeline.at(-1)?.status ?? 'submitted',
    submittedAt: submittedEvent.at,
    timeline,
    documents: required.map((item) => ({ slot: item.id, page: 1, mimeType: 'image/jpeg', size: 1000, receivedAt: submittedEvent.at })),
  }
}

/** The server side of recovery: the code of applicant a2 with one submitted application; the own empty identity's lists. */
function recoveryServer(options: { ownData?: boolean; status?: ApplicationStatusView } = {}) {
  const calls: TransportRequest[] = []
  const ok = (body: unknown, status = 200) => ({ status, headers: new Headers(), body })
  const transport: Transport = async (request) => {
    calls.push(request)
    if (request.path === '/api/applicants/recover') return ok({ applicantId: 'a2', token: 'token-2', recoveryCode: 'CODE2' })
    const own = request.token === 'token-1'
    if (request.path === '/api/drafts') return ok(own ? [] : [server])
    if (request.path === '/api/applications') return ok(own ? [] : [options.status ?? statusWith([submittedEvent])])
    if (request.path === '/api/bookings') return ok(own && options.ownData ? [{ bookingId: 'b1' }] : [])
    return ok({ code: 'NOT_FOUND' }, 404)
  }
  return { calls, transport }
}

let db: AbhDatabase
beforeEach(async () => {
  db = createDatabase(`test-${crypto.randomUUID()}`)
  await db.open()
})
afterEach(async () => {
  db.close()
  await db.delete()
})

const emptyIdentity = { applicantId: 'a1', token: 'token-1', recoveryCode: 'CODE1' }

describe('a recovery code on a device that only looked around', () => {
  it('is taken by a device whose identity has nothing under it, here and on the server', async () => {
    await saveCredentials(db, emptyIdentity)
    expect(await mayTakeRecoveryCode(db)).toBe(true)
    const { transport, calls } = recoveryServer()
    expect(await recoverOnThisDevice(db, transport, 'CODE2')).toEqual({ imported: 1 })
    expect(await loadCredentials(db)).toMatchObject({ applicantId: 'a2', token: 'token-2', recoveryCode: 'CODE2' })
    // The empty identity was asked about before it was left behind.
    expect(calls.filter((call) => call.token === 'token-1').map((call) => call.path).sort()).toEqual(['/api/applications', '/api/bookings', '/api/drafts'])
  })

  it('is refused where the identity has a booking on the server, or a draft on this device', async () => {
    await saveCredentials(db, emptyIdentity)
    await expect(recoverOnThisDevice(db, recoveryServer({ ownData: true }).transport, 'CODE2')).rejects.toMatchObject({ problem: 'ALREADY_LINKED' })
    expect(await loadCredentials(db)).toMatchObject({ applicantId: 'a1' })
    await createDraft(db, 'naturalisation', 'personal')
    expect(await mayTakeRecoveryCode(db)).toBe(false)
    await expect(recoverOnThisDevice(db, recoveryServer().transport, 'CODE2')).rejects.toMatchObject({ problem: 'ALREADY_LINKED' })
  })
})

describe('a submitted application taken over with a recovery code', () => {
  it('shows the documents the authority holds as received, though no photo is on this device', async () => {
    await recoverOnThisDevice(db, recoveryServer().transport, 'CODE2')
    const draft = await getDraft(db, draftId)
    expect(draft).toMatchObject({ state: 'submitted', reference: 'ABH-2026-000042' })
    expect(await db.documents.count()).toBe(0)
    const held = await countHeldPagesBySlot(db, draftId)
    expect(required.filter((item) => !held[item.id]).map((item) => item.id)).toEqual([])
  })
})

describe('news of an application', () => {
  it('marks a status change or a new document request as new until the applicant has seen it', async () => {
    await recoverOnThisDevice(db, recoveryServer().transport, 'CODE2')
    await refreshApplicationStatuses(db, recoveryServer().transport)
    // The submission itself is no news: the applicant made it.
    expect(await unseenNews(db)).toEqual([])

    const requested = statusWith([submittedEvent, { status: 'documentsRequested', at: '2026-12-01T09:00:00.000Z', requestedDocuments: ['languageCertificate'], dueDate: '2026-12-15' }])
    await refreshApplicationStatuses(db, recoveryServer({ status: requested }).transport)
    expect(await unseenNews(db)).toEqual(['ABH-2026-000042'])
    await markNewsSeen(db, requested)
    expect(await unseenNews(db)).toEqual([])

    // The same document asked for again is a new request: new again.
    const again = statusWith([...requested.timeline, { status: 'documentsRequested', at: '2026-12-02T09:00:00.000Z', requestedDocuments: ['languageCertificate'] }])
    await refreshApplicationStatuses(db, recoveryServer({ status: again }).transport)
    expect(await unseenNews(db)).toEqual(['ABH-2026-000042'])
  })

  it('keeps a requested page that reached the authority on the device, as the server confirms it', async () => {
    await recoverOnThisDevice(db, recoveryServer().transport, 'CODE2')
    const answered = statusWith([submittedEvent, { status: 'documentsRequested', at: '2026-12-01T09:00:00.000Z', requestedDocuments: ['languageCertificate'] }])
    answered.documents.push({ slot: 'languageCertificate', page: 1, mimeType: 'image/jpeg', size: 900, receivedAt: '2026-12-01T10:00:00.000Z' })
    await refreshApplicationStatuses(db, recoveryServer({ status: answered }).transport)
    expect((await getDraft(db, draftId))?.receivedDocuments?.find((document) => document.slot === 'languageCertificate')).toMatchObject({ receivedAt: '2026-12-01T10:00:00.000Z' })
  })
})
