import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import type { ApplicationStatusView, SubmissionResponse } from '@/domain/applicationStatus'
import type { ApplicantCredentials } from '@/domain/sync'
import { documentRequestDefaultDays } from '@/domain/cases'
import { todayAt } from '@/domain/time'
import { addDays } from '@/domain/zonedTime'
import { validAnswers } from '../unit/applicationFactories'
import { recordStatusEvent } from '../../server/services/applications.js'
import { startTestServer, type RunningServer } from './harness'

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.stop())

const answers = validAnswers('residence-study')

async function applicant(): Promise<ApplicantCredentials> {
  return (await (await fetch(`${server.baseUrl}/api/applicants`, { method: 'POST' })).json()) as ApplicantCredentials
}

async function draftWith(token: string, withDocuments = true, answerOverrides = {}, leftOut: string[] = []) {
  const draftId = crypto.randomUUID()
  const put = await fetch(`${server.baseUrl}/api/drafts/${draftId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ serviceId: 'residence-study', answers: { ...answers, ...answerOverrides } }),
  })
  expect(put.status).toBe(201)
  if (withDocuments) {
    // The upload path is tested in uploads.test.ts; here the arrived documents are recorded directly.
    const { applicant_id: applicantId } = await server.storage.db.selectFrom('drafts').select('applicant_id').where('id', '=', draftId).executeTakeFirstOrThrow()
    for (const item of deriveChecklist(applicationForms['residence-study'], answers).filter((entry) => entry.required && !leftOut.includes(entry.id))) {
      await server.storage.db
        .insertInto('documents')
        .values({ id: crypto.randomUUID(), applicant_id: applicantId, draft_id: draftId, slot: item.id, page: 1, sha256: 'f'.repeat(64), mime_type: 'image/jpeg', size: 100, created_at: 'now' })
        .execute()
    }
  }
  return draftId
}

const submit = (token: string, key: string, body: object) =>
  fetch(`${server.baseUrl}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify(body),
  })

describe('submitting an application', () => {
  it('gives a reference per authority and year, and records the submission in the timeline', async () => {
    const { token } = await applicant()
    const draftId = await draftWith(token)
    const response = await submit(token, crypto.randomUUID(), { draftId, revision: 1 })
    expect(response.status).toBe(201)
    const body = (await response.json()) as SubmissionResponse
    expect(body.reference).toMatch(new RegExp(`^ABH-${new Date().getUTCFullYear()}-\\d{6}$`))
    expect(body.status).toBe('submitted')
    const status = (await (await fetch(`${server.baseUrl}/api/applications/${body.reference}`, { headers: { authorization: `Bearer ${token}` } })).json()) as ApplicationStatusView
    expect(status).toMatchObject({ reference: body.reference, draftId, serviceId: 'residence-study', status: 'submitted' })
    expect(status.timeline).toEqual([{ status: 'submitted', at: body.submittedAt }])
    const second = await submit(token, crypto.randomUUID(), { draftId: await draftWith(token), revision: 1 })
    const next = ((await second.json()) as SubmissionResponse).reference
    expect(Number(next.slice(-6))).toBe(Number(body.reference.slice(-6)) + 1)
  })

  it('answers a retry with the same key with the first answer, and refuses the key for another body', async () => {
    const { token } = await applicant()
    const draftId = await draftWith(token)
    const key = crypto.randomUUID()
    const first = (await (await submit(token, key, { draftId, revision: 1 })).json()) as SubmissionResponse
    const retry = await submit(token, key, { draftId, revision: 1 })
    expect(retry.status).toBe(201)
    expect(await retry.json()).toEqual(first)
    const reused = await submit(token, key, { draftId: await draftWith(token), revision: 1 })
    expect(reused.status).toBe(422)
    expect(await reused.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' })
    const { count } = await server.storage.db.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('count')).where('draft_id', '=', draftId).executeTakeFirstOrThrow()
    expect(count).toBe(1)
    const again = await submit(token, crypto.randomUUID(), { draftId, revision: 1 })
    expect(again.status).toBe(409)
  })

  it('lists the required documents that have not arrived', async () => {
    const { token } = await applicant()
    const draftId = await draftWith(token, false)
    const response = await submit(token, crypto.randomUUID(), { draftId, revision: 1 })
    expect(response.status).toBe(422)
    const body = (await response.json()) as { code: string; missing: string[] }
    expect(body.code).toBe('DOCUMENTS_MISSING')
    expect(body.missing).toEqual(expect.arrayContaining(['passport', 'biometricPhoto', 'admissionLetter', 'blockedAccountConfirmation']))
  })

  it('validates the whole application with the domain’s schemas', async () => {
    const { token } = await applicant()
    const draftId = await draftWith(token, true, { postcode: '1234' })
    const response = await submit(token, crypto.randomUUID(), { draftId, revision: 1 })
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED', stepErrors: { contact: { postcode: 'validation.postcode' } } })
  })

  it('refuses a revision the applicant did not review, a missing key, and other applicants’ drafts', async () => {
    const { token } = await applicant()
    const other = await applicant()
    const draftId = await draftWith(token)
    expect((await submit(token, crypto.randomUUID(), { draftId, revision: 7 })).status).toBe(412)
    expect((await submit(token, '', { draftId, revision: 1 })).status).toBe(400)
    expect((await submit(other.token, crypto.randomUUID(), { draftId, revision: 1 })).status).toBe(404)
    expect(await (await fetch(`${server.baseUrl}/api/applications`, { headers: { authorization: `Bearer ${other.token}` } })).json()).toEqual([])
  })

  it('shows the applicant each status change, with requested documents and the note', async () => {
    const { token } = await applicant()
    const draftId = await draftWith(token)
    const { reference } = (await (await submit(token, crypto.randomUUID(), { draftId, revision: 1 })).json()) as SubmissionResponse
    await recordStatusEvent(server.storage, reference, { status: 'received' }, '2026-12-01T09:00:00.000Z')
    await recordStatusEvent(server.storage, reference, { status: 'documentsRequested', note: 'Bitte die Seite 2 des Mietvertrags.', requestedDocuments: ['rentalContract'] }, '2026-12-02T09:00:00.000Z')
    const status = (await (await fetch(`${server.baseUrl}/api/applications/${reference}`, { headers: { authorization: `Bearer ${token}` } })).json()) as ApplicationStatusView
    expect(status.status).toBe('documentsRequested')
    expect(status.timeline.slice(1)).toEqual([
      { status: 'received', at: '2026-12-01T09:00:00.000Z' },
      { status: 'documentsRequested', at: '2026-12-02T09:00:00.000Z', note: 'Bitte die Seite 2 des Mietvertrags.', requestedDocuments: ['rentalContract'] },
    ])
  })

  it('keeps a submitted application as submitted: no deleting, no changing, no removing pages', async () => {
    const { token } = await applicant()
    const draftId = await draftWith(token)
    await submit(token, crypto.randomUUID(), { draftId, revision: 1 })
    const auth = { authorization: `Bearer ${token}` }
    expect((await fetch(`${server.baseUrl}/api/drafts/${draftId}`, { method: 'DELETE', headers: auth })).status).toBe(409)
    const change = await fetch(`${server.baseUrl}/api/drafts/${draftId}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ serviceId: 'residence-study', answers: { ...answers, city: 'Elsewhere' } }),
    })
    expect(change.status).toBe(409)
    const { id: page } = await server.storage.db.selectFrom('documents').select('id').where('draft_id', '=', draftId).limit(1).executeTakeFirstOrThrow()
    expect((await fetch(`${server.baseUrl}/api/documents/${page}`, { method: 'DELETE', headers: auth })).status).toBe(409)
  })
})

describe('submitting now and handing in papers later', () => {
  const later = ['healthInsuranceCertificate', 'registrationCertificate']

  it('submits with an open document request for the papers handed in later, due like a caseworker’s request', async () => {
    const { token } = await applicant()
    const draftId = await draftWith(token, true, {}, later)
    const response = await submit(token, crypto.randomUUID(), { draftId, revision: 1, deferredDocuments: later })
    expect(response.status).toBe(201)
    const body = (await response.json()) as SubmissionResponse
    expect(body.status).toBe('documentsRequested')
    const status = (await (await fetch(`${server.baseUrl}/api/applications/${body.reference}`, { headers: { authorization: `Bearer ${token}` } })).json()) as ApplicationStatusView
    expect(status.status).toBe('documentsRequested')
    expect(status.timeline).toEqual([
      { status: 'submitted', at: body.submittedAt },
      { status: 'documentsRequested', at: body.submittedAt, requestedDocuments: later, dueDate: addDays(todayAt(new Date(body.submittedAt)), documentRequestDefaultDays) },
    ])
  })

  it('checks the wish again: a document that may not be deferred stays missing, and nothing is stored', async () => {
    const { token } = await applicant()
    const draftId = await draftWith(token, true, {}, ['passport', ...later])
    const response = await submit(token, crypto.randomUUID(), { draftId, revision: 1, deferredDocuments: ['passport', ...later] })
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ code: 'DOCUMENTS_MISSING', missing: ['passport'] })
    expect(await server.storage.db.selectFrom('applications').select('reference').where('draft_id', '=', draftId).execute()).toEqual([])
  })

  it('asks for nothing that has arrived or that the application does not need', async () => {
    const { token } = await applicant()
    const draftId = await draftWith(token, true, {}, ['registrationCertificate'])
    const response = await submit(token, crypto.randomUUID(), { draftId, revision: 1, deferredDocuments: ['healthInsuranceCertificate', 'registrationCertificate', 'zabStatement'] })
    const { reference } = (await response.json()) as SubmissionResponse
    const status = (await (await fetch(`${server.baseUrl}/api/applications/${reference}`, { headers: { authorization: `Bearer ${token}` } })).json()) as ApplicationStatusView
    expect(status.timeline.at(-1)?.requestedDocuments).toEqual(['registrationCertificate'])
  })

  it('refuses a list that is not one of checklist item ids', async () => {
    const { token } = await applicant()
    const draftId = await draftWith(token, true, {}, later)
    for (const deferredDocuments of ['passport', [1], ['x'.repeat(65)], Array.from({ length: 51 }, () => 'passport')]) {
      const response = await submit(token, crypto.randomUUID(), { draftId, revision: 1, deferredDocuments })
      expect(response.status).toBe(422)
      expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    }
  })
})
