import { createHash } from 'node:crypto'
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
import { filesystemDocumentStore } from '../../server/storage/documentStore.js'
import { addStaffMember, newApplicantToken, type RunningServer, staffFetch, staffSessionCookie, startTestServer } from './harness'

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
async function storeDocument(draftId: string, slot: string, bytes: Buffer, mimeType: string): Promise<string> {
  const db = server.storage.db
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  await filesystemDocumentStore(path.join(server.dataDir, 'documents')).put(sha256, bytes)
  const id = crypto.randomUUID()
  const { applicant_id: applicantId } = await db.selectFrom('drafts').select('applicant_id').where('id', '=', draftId).executeTakeFirstOrThrow()
  await db
    .insertInto('documents')
    .values({ id, applicant_id: applicantId, draft_id: draftId, slot, page: 1, sha256, mime_type: mimeType, size: bytes.length, created_at: new Date().toISOString() })
    .execute()
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
    documents[item.id] =
      item.id === 'passport' ? await storeDocument(draftId, item.id, pngBytes(label), 'image/png') : await storeDocument(draftId, item.id, pdfBytes(label), 'application/pdf')
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
  await addStaffMember(server, 'case.one', 'correct horse battery', 'caseworker')
  caseworker = await signIn('case.one')
  study = await submitCase('residence-study', { surname: 'Özdemir', givenNames: 'Ayşe' })
  naturalisation = await submitCase('naturalisation', { surname: 'Nguyễn', givenNames: 'Văn An' })
  settlement = await submitCase('settlement', {})
})
afterAll(() => server.stop())

describe('the case list', () => {
  it('shows every submitted application, newest first, with service, status and name', async () => {
    const page = await listCases('')
    expect(page).toMatchObject({ total: 3, totalCapped: false, page: 1, pageSize: 20 })
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
    await server.storage.db.updateTable('applications').set({ submitted_at: '2025-01-15T23:30:00.000Z' }).where('reference', '=', naturalisation.reference).execute()
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
    expect(first).toMatchObject({ total: 21, totalCapped: false, page: 1, pageSize: 20 })
    expect(first.items).toHaveLength(20)
    const second = await listCases('name=lindqvist&page=2')
    expect(second).toMatchObject({ total: 21, page: 2, pageSize: 20 })
    expect(second.items.map((item) => item.reference)).toEqual([made[0]])
    expect([...first.items, ...second.items].map((item) => item.reference)).toEqual([...made].reverse())
    expect((await listCases('name=lindqvist&page=3')).items).toEqual([])
    expect((await listCases('')).total).toBe(24)
  })

  it('finds a name by the beginnings of its words, folded as staff type them', async () => {
    const turkish = await submitCase('residence-employment', { surname: 'Yıldırım', givenNames: 'Gökçe' })
    for (const typed of ['gokce', 'Gökçe', 'GOKCE', 'yildirim', 'Yil', 'YILDIRIM', 'gok yil', 'Yıldırım, Gökçe']) {
      expect(referencesOf(await listCases(`name=${encodeURIComponent(typed)}`))).toEqual([turkish.reference])
    }
    expect(referencesOf(await listCases('name=dirim'))).toEqual([])
    expect(referencesOf(await listCases('name=gokce%20schmidt'))).toEqual([])
  })

  it('finds the letters of Turkish and German names as staff type them on a German keyboard: İ, ı, ş, ğ, ç, ö, ü, ß', async () => {
    const turkish = await submitCase('residence-employment', { surname: 'Çağlayan-Şimşek', givenNames: 'İlknur Gülşah' })
    const german = await submitCase('residence-employment', { surname: 'Weißmüller', givenNames: 'Jörg' })
    const cases: [string, string][] = [
      ['caglayan', turkish.reference],
      ['simsek', turkish.reference],
      ['ŞİMŞEK', turkish.reference],
      ['ilknur', turkish.reference],
      ['Ilk', turkish.reference],
      ['gulsah', turkish.reference],
      ['weissmuller', german.reference],
      ['weiß', german.reference],
      ['WEISS', german.reference],
      ['jorg', german.reference],
    ]
    for (const [typed, reference] of cases) expect(referencesOf(await listCases(`name=${encodeURIComponent(typed)}`)), typed).toEqual([reference])
  })

  it('finds names in Cyrillic, Arabic and Persian script as staff type them on a German or Arabic keyboard', async () => {
    const russian = await submitCase('residence-employment', { surname: 'Фёдорова', givenNames: 'Андрей' })
    const persian = await submitCase('residence-employment', { surname: 'کریمی', givenNames: 'میرزا‌زاده' })
    const arabic = await submitCase('residence-employment', { surname: 'مُحَمَّد', givenNames: 'فاطمة' })
    const cases: [string, string][] = [
      ['федорова', russian.reference],
      ['андреи', russian.reference],
      ['كريمي', persian.reference],
      ['میرزازاده', persian.reference],
      ['محمد', arabic.reference],
      ['فاطمه', arabic.reference],
    ]
    for (const [typed, reference] of cases) expect(referencesOf(await listCases(`name=${encodeURIComponent(typed)}`))).toEqual([reference])
  })
})

describe('a case', () => {
  it('shows the language the applicant uses the app in, once their device has sent it', async () => {
    const before = (await (await staffCall('GET', `/staff/cases/${settlement.reference}`)).json()) as CaseDetail
    expect(before.language).toBeUndefined()
    const send = (body: unknown) =>
      fetch(`${server.baseUrl}/api/applicant/language`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${settlement.token}` }, body: JSON.stringify(body) })
    expect((await send({ locale: 'ar' })).status).toBe(204)
    expect((await send({ locale: 'xx' })).status).toBe(422)
    expect((await fetch(`${server.baseUrl}/api/applicant/language`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"locale":"en"}' })).status).toBe(401)
    const after = (await (await staffCall('GET', `/staff/cases/${settlement.reference}`)).json()) as CaseDetail
    expect(after.language).toBe('ar')
  })

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
    // By default 14 days from today (tests/server/mail.test.ts checks the date and the caseworker's own).
    expect(view.timeline.at(-1)).toEqual({ status: 'documentsRequested', at: expect.any(String), note, requestedDocuments: ['passport', 'languageCertificate'], dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) })
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

/**
 * Applications straight into the database (a thousand submissions over HTTP would take minutes),
 * with the name words `wordsOf` gives each and the status `statusOf` gives it.
 */
async function seedApplications(
  serviceId: ServiceId,
  submittedAt: string[],
  { firstNumber = 500000, wordsOf = () => [], statusOf = () => 'submitted' }: { firstNumber?: number; wordsOf?: (index: number) => string[]; statusOf?: (index: number) => string } = {},
): Promise<void> {
  const db = server.storage.db
  const applicantId = crypto.randomUUID()
  await db.insertInto('applicants').values({ id: applicantId, recovery_hash: applicantId, created_at: new Date().toISOString() }).execute()
  const rows = submittedAt.map((at) => ({ draftId: crypto.randomUUID(), at }))
  for (let start = 0; start < rows.length; start += 250) {
    const chunk = rows.slice(start, start + 250)
    const answers = JSON.stringify({ surname: 'Seed' })
    await db
      .insertInto('drafts')
      .values(chunk.map((row) => ({ id: row.draftId, applicant_id: applicantId, service_id: serviceId, answers, revision: 1, updated_at: row.at })))
      .execute()
    const reference = (index: number) => `ABH-2024-${String(firstNumber + index).padStart(6, '0')}`
    await db
      .insertInto('applications')
      .values(
        chunk.map((row, offset) => ({
          reference: reference(start + offset),
          applicant_id: applicantId,
          draft_id: row.draftId,
          service_id: serviceId,
          answers,
          status: statusOf(start + offset),
          submitted_at: row.at,
        })),
      )
      .execute()
    const words = chunk.flatMap((_row, offset) => wordsOf(start + offset).map((word) => ({ reference: reference(start + offset), word })))
    for (let first = 0; first < words.length; first += 250) await db.insertInto('application_name_words').values(words.slice(first, first + 250)).execute()
  }
}

describe('a search with many matches', () => {
  it('counts up to 1000 and then says there are more, and every page can still be read', async () => {
    const onFirstOfMarch = Array.from({ length: 1000 }, (_, index) => new Date(Date.UTC(2024, 2, 1, 8, 0, index)).toISOString())
    await seedApplications('humanitarian', [...onFirstOfMarch, '2024-03-05T09:00:00.000Z'])

    const first = await listCases('serviceId=humanitarian')
    expect(first).toMatchObject({ total: 1000, totalCapped: true, page: 1, pageSize: 20 })
    expect(first.items).toHaveLength(20)
    expect(first.items[0]).toMatchObject({ reference: 'ABH-2024-501000', surname: 'Seed' })
    const beyondTheCount = await listCases('serviceId=humanitarian&page=51')
    expect(beyondTheCount).toMatchObject({ total: 1000, totalCapped: true, page: 51 })
    expect(beyondTheCount.items.map((item) => item.reference)).toEqual(['ABH-2024-500000'])

    expect(await listCases('serviceId=humanitarian&from=2024-03-01&to=2024-03-01')).toMatchObject({ total: 1000, totalCapped: false })
    expect(await listCases('serviceId=humanitarian&from=2024-03-02')).toMatchObject({ total: 1, totalCapped: false })
  })
})

describe('a search for names many applicants share', () => {
  const days = (count: number) => Array.from({ length: count }, (_, index) => new Date(Date.UTC(2023, 0, 1, 0, index)).toISOString())
  const namesOf = (index: number) => [
    'kaya',
    'demir',
    ...(index < 1100 ? ['mehmet'] : []),
    ...(index >= 1000 ? ['yilmaz'] : []),
    // Two words of one application that begin alike count it once.
    ...(index % 2 === 0 ? ['kayra'] : []),
  ]
  const totalOf = async (query: string) => {
    const page = await listCases(`serviceId=residence-employment&from=2023-01-01&to=2023-01-31&${query}`)
    return { total: page.total, totalCapped: page.totalCapped, items: page.items.length }
  }

  beforeAll(async () => {
    await seedApplications('residence-employment', days(2100), { firstNumber: 600000, wordsOf: namesOf, statusOf: (index) => (index % 2 === 1 ? 'received' : 'submitted') })
  })

  it('counts a common name up to the limit, and only once per application', async () => {
    expect(await totalOf('name=mehmet')).toEqual({ total: 1000, totalCapped: true, items: 20 })
    expect(await totalOf('name=kay')).toEqual({ total: 1000, totalCapped: true, items: 20 })
    expect(await totalOf('name=mehmet&status=received')).toEqual({ total: 550, totalCapped: false, items: 20 })
    // Until 23:00 UTC on 1 January (midnight in Berlin): the even of the first 1380, each with "kaya" and "kayra".
    expect(await listCases('serviceId=residence-employment&to=2023-01-01&name=kay&status=submitted')).toMatchObject({ total: 690, totalCapped: false })
    const received = await listCases('serviceId=residence-employment&from=2023-01-01&name=mehmet&status=received&page=28')
    expect(received.items.map((item) => item.reference)).toEqual(Array.from({ length: 10 }, (_, index) => `ABH-2024-${600019 - 2 * index}`))
  })

  it('finds two common names that are rare together', async () => {
    expect(await totalOf('name=mehmet%20yilmaz')).toEqual({ total: 100, totalCapped: false, items: 20 })
    const last = await listCases('serviceId=residence-employment&name=yilmaz%20mehmet&page=5')
    expect(last.items.map((item) => item.reference)).toEqual(Array.from({ length: 20 }, (_, index) => `ABH-2024-${601019 - index}`))
  })

  it('pages through two common names that are common together, past the counted limit', async () => {
    expect(await totalOf('name=kaya%20demir')).toEqual({ total: 1000, totalCapped: true, items: 20 })
    const beyond = await listCases('serviceId=residence-employment&name=kaya%20demir&page=105')
    expect(beyond).toMatchObject({ total: 1000, totalCapped: true })
    expect(beyond.items.map((item) => item.reference)).toEqual(Array.from({ length: 20 }, (_, index) => `ABH-2024-${600019 - index}`))
    expect((await listCases('serviceId=residence-employment&name=kaya%20demir&page=106')).items).toEqual([])
  })
})
