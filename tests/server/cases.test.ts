import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import type { Answers } from '@/domain/applications/types'
import type { ApplicationStatusView, SubmissionResponse } from '@/domain/applicationStatus'
import type { ServiceId } from '@/domain/catalogue'
import type { CaseDetail, CasePage } from '@/domain/staff'
import { todayAt } from '@/domain/time'
import { validAnswers } from '../unit/applicationFactories'
import { addStaff } from '../../server/services/staff.js'
import { newApplicantToken, type RunningServer, staffFetch, staffSessionCookie, startTestServer } from './harness'

let server: RunningServer
let caseworker: string

const pngBytes = (label: string) => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(label)])
const pdfBytes = (label: string) => Buffer.from(`%PDF-1.7\n% ${label}\n%%EOF\n`)

interface SubmittedCase {
  reference: string
  draftId: string
  token: string
  /** Document ids by checklist slot. */
  documents: Record<string, string>
}

const applicant = () => newApplicantToken(server.baseUrl)

/** Keeps the bytes where the upload path would (documents/<sha256>) and records the page. */
function storeDocument(draftId: string, slot: string, bytes: Buffer, mimeType: string): string {
  const db = server.storage.db
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const documentsDir = path.join(server.dataDir, 'documents')
  mkdirSync(documentsDir, { recursive: true })
  writeFileSync(path.join(documentsDir, sha256), bytes)
  const id = crypto.randomUUID()
  const applicantId = db.prepare('SELECT applicant_id FROM drafts WHERE id = ?').pluck().get(draftId) as string
  db.prepare('INSERT INTO documents (id, applicant_id, draft_id, slot, page, sha256, mime_type, size, created_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)').run(
    id,
    applicantId,
    draftId,
    slot,
    sha256,
    mimeType,
    bytes.length,
    new Date().toISOString(),
  )
  return id
}

/** An application as an applicant submits it: draft, every required document, submission. */
async function submitCase(serviceId: ServiceId, names: Answers, token?: string): Promise<SubmittedCase> {
  const owner = token ?? (await applicant())
  const answers = validAnswers(serviceId, names)
  const draftId = crypto.randomUUID()
  const put = await fetch(`${server.baseUrl}/api/drafts/${draftId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owner}` },
    body: JSON.stringify({ serviceId, answers }),
  })
  expect(put.status).toBe(201)
  const documents: Record<string, string> = {}
  for (const item of deriveChecklist(applicationForms[serviceId], answers).filter((entry) => entry.required)) {
    const label = `${draftId}/${item.id}`
    documents[item.id] = item.id === 'passport' ? storeDocument(draftId, item.id, pngBytes(label), 'image/png') : storeDocument(draftId, item.id, pdfBytes(label), 'application/pdf')
  }
  const submitted = await fetch(`${server.baseUrl}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owner}`, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ draftId, revision: 1 }),
  })
  expect(submitted.status).toBe(201)
  return { reference: ((await submitted.json()) as SubmissionResponse).reference, draftId, token: owner, documents }
}

const signIn = (username: string) => staffSessionCookie(server.baseUrl, username, 'correct horse battery')

const staffCall = (method: string, url: string, body?: unknown) => staffFetch(server.baseUrl, caseworker, method, url, body)

// Filters go in a POST body, never in a URL: a name in a query string would end up in access logs.
const search = (query: string) => staffCall('POST', '/staff/cases/search', Object.fromEntries(new URLSearchParams(query)))

async function listCases(query: string): Promise<CasePage> {
  const response = await search(query)
  expect(response.status).toBe(200)
  return (await response.json()) as CasePage
}

const referencesOf = (page: CasePage) => page.items.map((item) => item.reference).sort()

async function applicantView(token: string, reference: string): Promise<ApplicationStatusView> {
  const list = (await (await fetch(`${server.baseUrl}/api/applications`, { headers: { authorization: `Bearer ${token}` } })).json()) as ApplicationStatusView[]
  const view = list.find((entry) => entry.reference === reference)
  expect(view).toBeDefined()
  return view!
}

let study: SubmittedCase
let naturalisation: SubmittedCase
let settlement: SubmittedCase

beforeAll(async () => {
  server = await startTestServer()
  await addStaff(server.storage.db, 'case.one', 'correct horse battery', 'caseworker')
  caseworker = await signIn('case.one')
  study = await submitCase('residence-study', { surname: 'Özdemir', givenNames: 'Ayşe' })
  naturalisation = await submitCase('naturalisation', { surname: 'Nguyễn', givenNames: 'Văn An' })
  settlement = await submitCase('settlement', {})
})
afterAll(() => server.stop())

describe('the case list', () => {
  it('shows every submitted application, newest first, with service, status and name', async () => {
    const page = await listCases('')
    expect(page).toMatchObject({ total: 3, page: 1, pageSize: 20 })
    expect(page.items.map((item) => item.reference)).toEqual([settlement.reference, naturalisation.reference, study.reference])
    expect(page.items[2]).toEqual({
      reference: study.reference,
      serviceId: 'residence-study',
      status: 'submitted',
      submittedAt: expect.any(String),
      surname: 'Özdemir',
      givenNames: 'Ayşe',
    })
  })

  it('filters by service', async () => {
    expect(referencesOf(await listCases('serviceId=naturalisation'))).toEqual([naturalisation.reference])
    expect(referencesOf(await listCases('serviceId=humanitarian'))).toEqual([])
  })

  it('filters by status', async () => {
    expect((await staffCall('POST', `/staff/cases/${settlement.reference}/status`, { status: 'received' })).status).toBe(200)
    expect(referencesOf(await listCases('status=received'))).toEqual([settlement.reference])
    expect(referencesOf(await listCases('status=submitted'))).toEqual([study.reference, naturalisation.reference].sort())
  })

  it('filters by the day of submission in Berlin, both ends inclusive', async () => {
    // 23:30 UTC on 15 January is half past midnight on the 16th in Berlin.
    server.storage.db.prepare('UPDATE applications SET submitted_at = ? WHERE reference = ?').run('2025-01-15T23:30:00.000Z', naturalisation.reference)
    expect(referencesOf(await listCases('from=2025-01-16&to=2025-01-16'))).toEqual([naturalisation.reference])
    expect(referencesOf(await listCases('from=2025-01-15&to=2025-01-15'))).toEqual([])
    expect(referencesOf(await listCases('to=2025-01-31'))).toEqual([naturalisation.reference])
    const today = todayAt(new Date(), 'Europe/Berlin')
    expect(referencesOf(await listCases(`from=${today}`))).toEqual([study.reference, settlement.reference].sort())
  })

  it('finds a reference by a fragment, in any case, and takes % and _ literally', async () => {
    expect(referencesOf(await listCases(`reference=${study.reference.slice(-6)}`))).toEqual([study.reference])
    expect(referencesOf(await listCases(`reference=${study.reference.toLowerCase()}`))).toEqual([study.reference])
    expect((await listCases('reference=%25')).total).toBe(0)
    expect((await listCases('reference=ABH_')).total).toBe(0)
  })

  it('finds a name without regard to case or accents', async () => {
    expect(referencesOf(await listCases('name=ozdemir'))).toEqual([study.reference])
    expect(referencesOf(await listCases('name=%C3%96ZDEMIR'))).toEqual([study.reference])
    expect(referencesOf(await listCases('name=ayse'))).toEqual([study.reference])
    expect(referencesOf(await listCases('name=nguyen'))).toEqual([naturalisation.reference])
    expect(referencesOf(await listCases(`name=${encodeURIComponent('حداد')}`))).toEqual([settlement.reference])
    expect(referencesOf(await listCases('name=schmidt'))).toEqual([])
  })

  it('combines filters', async () => {
    expect(referencesOf(await listCases('name=ozdemir&serviceId=settlement'))).toEqual([])
    expect(referencesOf(await listCases('name=ozdemir&serviceId=residence-study&status=submitted'))).toEqual([study.reference])
  })

  it.each([
    ['an unknown service', 'serviceId=tourism'],
    ['an unknown status', 'status=approved'],
    ['a malformed date', 'from=16.01.2025'],
    ['a month that does not exist', 'to=2025-13-01'],
    ['a day that does not exist', 'from=2025-02-29'],
    ['page 0', 'page=0'],
    ['a page that is no number', 'page=two'],
    ['a page beyond any count', 'page=1e300'],
  ])('refuses %s with 422', async (_label, query) => {
    const response = await search(query)
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('pages by 20', async () => {
    const token = await applicant()
    const made: string[] = []
    for (let index = 0; index < 21; index += 1) made.push((await submitCase('settlement', { surname: 'Lindqvist' }, token)).reference)
    const first = await listCases('name=lindqvist')
    expect(first).toMatchObject({ total: 21, page: 1, pageSize: 20 })
    expect(first.items).toHaveLength(20)
    const second = await listCases('name=lindqvist&page=2')
    expect(second).toMatchObject({ total: 21, page: 2, pageSize: 20 })
    expect(second.items.map((item) => item.reference)).toEqual([made[0]])
    expect([...first.items, ...second.items].map((item) => item.reference)).toEqual([...made].reverse())
    expect((await listCases('name=lindqvist&page=3')).items).toEqual([])
    expect((await listCases('')).total).toBe(24)
  })
})

describe('a case', () => {
  it('shows answers, timeline and documents', async () => {
    const response = await staffCall('GET', `/staff/cases/${study.reference}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const detail = (await response.json()) as CaseDetail
    expect(detail).toMatchObject({ reference: study.reference, serviceId: 'residence-study', status: 'submitted' })
    expect(detail.answers).toMatchObject({ surname: 'Özdemir', givenNames: 'Ayşe', university: 'Technische Universität Berlin' })
    expect(detail.timeline).toEqual([{ status: 'submitted', at: detail.submittedAt }])
    expect(detail.documents.map((document) => document.slot).sort()).toEqual(Object.keys(study.documents).sort())
    expect(detail.documents.find((document) => document.slot === 'passport')).toEqual({
      id: study.documents.passport,
      slot: 'passport',
      page: 1,
      mimeType: 'image/png',
      size: pngBytes(`${study.draftId}/passport`).length,
    })
  })

  it('sends a document’s bytes with its type, never cached', async () => {
    const response = await staffCall('GET', `/staff/cases/${study.reference}/documents/${study.documents.passport}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(Buffer.from(await response.arrayBuffer())).toEqual(pngBytes(`${study.draftId}/passport`))
    const pdf = await staffCall('GET', `/staff/cases/${study.reference}/documents/${study.documents.biometricPhoto}`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
  })

  it('does not send another case’s document under this reference', async () => {
    expect((await staffCall('GET', `/staff/cases/${study.reference}/documents/${naturalisation.documents.passport}`)).status).toBe(404)
  })

  it('changes the status with a note the applicant sees in the timeline', async () => {
    const note = 'Wir prüfen Ihren Antrag. Sie hören von uns.'
    const response = await staffCall('POST', `/staff/cases/${study.reference}/status`, { status: 'inReview', note })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ reference: study.reference, status: 'inReview' })
    const view = await applicantView(study.token, study.reference)
    expect(view.status).toBe('inReview')
    expect(view.timeline.at(-1)).toEqual({ status: 'inReview', at: expect.any(String), note })
  })

  it('moves only forward: a closed case stays closed', async () => {
    expect((await staffCall('POST', `/staff/cases/${naturalisation.reference}/status`, { status: 'decided' })).status).toBe(200)
    expect((await staffCall('POST', `/staff/cases/${naturalisation.reference}/status`, { status: 'closed' })).status).toBe(200)
    for (const attempt of [
      () => staffCall('POST', `/staff/cases/${naturalisation.reference}/status`, { status: 'received' }),
      () => staffCall('POST', `/staff/cases/${naturalisation.reference}/document-requests`, { documents: ['passport'] }),
    ]) {
      const response = await attempt()
      expect(response.status).toBe(409)
      expect(await response.json()).toMatchObject({ code: 'STATUS_NOT_ALLOWED' })
    }
    const view = await applicantView(naturalisation.token, naturalisation.reference)
    expect(view.status).toBe('closed')
  })

  it.each([
    ['documentsRequested, which has its own request', { status: 'documentsRequested' }],
    ['submitted', { status: 'submitted' }],
    ['an unknown status', { status: 'approved' }],
    ['a note that is too long', { status: 'inReview', note: 'x'.repeat(2001) }],
  ])('refuses a status change to %s with 422', async (_label, body) => {
    const response = await staffCall('POST', `/staff/cases/${study.reference}/status`, body)
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('requests documents of the checklist; the applicant sees which and why', async () => {
    const note = 'Bitte laden Sie eine lesbare Kopie hoch.'
    const response = await staffCall('POST', `/staff/cases/${study.reference}/document-requests`, { documents: ['passport', 'languageCertificate', 'passport'], note })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'documentsRequested' })
    const view = await applicantView(study.token, study.reference)
    expect(view.status).toBe('documentsRequested')
    expect(view.timeline.at(-1)).toEqual({ status: 'documentsRequested', at: expect.any(String), note, requestedDocuments: ['passport', 'languageCertificate'] })
  })

  it.each([
    ['an item of another service’s checklist', { documents: ['passport', 'birthCertificate'] }],
    ['an unknown item', { documents: ['selfie'] }],
    ['no items', { documents: [] }],
    ['no list', { note: 'Bitte alles.' }],
  ])('refuses a document request with %s', async (_label, body) => {
    const response = await staffCall('POST', `/staff/cases/${study.reference}/document-requests`, body)
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it.each([
    ['GET', '/staff/cases/ABH-1999-999999', undefined],
    ['GET', `/staff/cases/ABH-1999-999999/documents/${crypto.randomUUID()}`, undefined],
    ['POST', '/staff/cases/ABH-1999-999999/status', { status: 'inReview' }],
    ['POST', '/staff/cases/ABH-1999-999999/document-requests', { documents: ['passport'] }],
    ['GET', '/staff/cases/ABH-1999-999999/export', undefined],
  ])('answers %s %s for an unknown reference with 404', async (method, url, body) => {
    const response = await staffCall(method, url, body)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' })
  })
})
