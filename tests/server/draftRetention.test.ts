import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApplicantCredentials } from '@/domain/sync'
import { readConfig } from '../../server/config.js'
import { purgeUnsentDrafts } from '../../server/services/draftRetention.js'
import { filesystemDocumentStore } from '../../server/storage/documentStore.js'
import { startTestServer, type RunningServer } from './harness'
import { jpeg } from './imageBytes'
import { createUpload, pageMetadata, patchUpload, sha256 } from './tusRequests'

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer({ draftRetentionDays: 30 })
})
afterAll(() => server.stop())

const dayMs = 24 * 60 * 60 * 1000
const daysAgo = (days: number) => new Date(Date.now() - days * dayMs).toISOString()
const documents = () => filesystemDocumentStore(path.join(server.dataDir, 'documents'))
const storedBytes = (hash: string) => path.join(server.dataDir, 'documents', hash)
const purge = () => purgeUnsentDrafts(server.storage, documents(), 30)

async function applicantWithDraft(): Promise<ApplicantCredentials & { draftId: string }> {
  const credentials = (await (await fetch(`${server.baseUrl}/api/applicants`, { method: 'POST' })).json()) as ApplicantCredentials
  const draftId = `draft-${crypto.randomUUID()}`
  const saved = await fetch(`${server.baseUrl}/api/drafts/${draftId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials.token}` },
    body: JSON.stringify({ serviceId: 'naturalisation', answers: { surname: 'Haddad' } }),
  })
  expect(saved.status).toBe(201)
  return { ...credentials, draftId }
}

/** Starts a page's upload; `finish` sends its bytes. */
async function startPage(token: string, draftId: string, bytes: Buffer) {
  const documentId = crypto.randomUUID()
  const created = await createUpload(server.baseUrl, token, bytes.length, pageMetadata(draftId, documentId, bytes))
  expect(created.status).toBe(201)
  const url = new URL(created.headers.get('location') ?? '', server.baseUrl).href
  return { documentId, finish: () => patchUpload(url, token, 0, bytes) }
}

async function addPage(token: string, draftId: string, bytes: Buffer): Promise<string> {
  const page = await startPage(token, draftId, bytes)
  expect((await page.finish()).status).toBe(204)
  return page.documentId
}

/** Makes the draft and its pages look as if last changed `days` ago. */
async function ageDraft(draftId: string, days: number) {
  await server.storage.db.updateTable('drafts').set({ updated_at: daysAgo(days) }).where('id', '=', draftId).execute()
  await server.storage.db.updateTable('documents').set({ created_at: daysAgo(days) }).where('draft_id', '=', draftId).execute()
}

async function markSubmitted(applicantId: string, draftId: string) {
  await server.storage.db
    .insertInto('applications')
    .values({ reference: `EBG-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`, applicant_id: applicantId, draft_id: draftId, service_id: 'naturalisation', answers: '{}', status: 'submitted', submitted_at: daysAgo(400) })
    .execute()
}

const draftExists = async (id: string) => (await server.storage.db.selectFrom('drafts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
const pagesOf = async (draftId: string) => (await server.storage.db.selectFrom('documents').select('id').where('draft_id', '=', draftId).execute()).length

describe('retention of unsent drafts on the server', () => {
  it('deletes an unsent draft unchanged for longer than the period, with its pages and their files', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(60_000, 101)
    await addPage(token, draftId, bytes)
    await ageDraft(draftId, 31)
    expect(existsSync(storedBytes(sha256(bytes)))).toBe(true)

    expect(await purge()).toBeGreaterThanOrEqual(1)
    expect(await draftExists(draftId)).toBe(false)
    expect(await pagesOf(draftId)).toBe(0)
    expect(existsSync(storedBytes(sha256(bytes)))).toBe(false)
    expect((await fetch(`${server.baseUrl}/api/drafts/${draftId}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404)
  })

  it('never deletes a submitted application, however old', async () => {
    const { applicantId, token, draftId } = await applicantWithDraft()
    const bytes = jpeg(60_000, 102)
    await addPage(token, draftId, bytes)
    await markSubmitted(applicantId, draftId)
    await ageDraft(draftId, 400)

    await purge()
    expect(await draftExists(draftId)).toBe(true)
    expect(await pagesOf(draftId)).toBe(1)
    expect(existsSync(storedBytes(sha256(bytes)))).toBe(true)
  })

  it('keeps a draft changed within the period, and one whose last page arrived within it', async () => {
    const recent = await applicantWithDraft()
    await ageDraft(recent.draftId, 29)
    const withNewPage = await applicantWithDraft()
    await ageDraft(withNewPage.draftId, 60)
    await addPage(withNewPage.token, withNewPage.draftId, jpeg(60_000, 103))

    await purge()
    expect(await draftExists(recent.draftId)).toBe(true)
    expect(await draftExists(withNewPage.draftId)).toBe(true)
    expect(await pagesOf(withNewPage.draftId)).toBe(1)
  })

  it('keeps the bytes another page still uses', async () => {
    const old = await applicantWithDraft()
    const kept = await applicantWithDraft()
    const bytes = jpeg(60_000, 104)
    await addPage(old.token, old.draftId, bytes)
    await addPage(kept.token, kept.draftId, bytes)
    await ageDraft(old.draftId, 31)

    await purge()
    expect(await draftExists(old.draftId)).toBe(false)
    expect(existsSync(storedBytes(sha256(bytes)))).toBe(true)
  })

  it('refuses the rest of an upload begun before its draft was deleted, without a dangling page', async () => {
    const { token, draftId } = await applicantWithDraft()
    const page = await startPage(token, draftId, jpeg(60_000, 105))
    await ageDraft(draftId, 31)
    await purge()

    const finished = await page.finish()
    expect(finished.status).toBe(404)
    expect(await pagesOf(draftId)).toBe(0)
  })

  it('deletes a due draft once when two instances purge at the same time', async () => {
    const { token, draftId } = await applicantWithDraft()
    await addPage(token, draftId, jpeg(60_000, 106))
    await ageDraft(draftId, 31)
    const [first, second] = await Promise.all([purge(), purge()])
    expect(await draftExists(draftId)).toBe(false)
    expect(first + second).toBe(1)
  })

  it('tells the app the configured period, and reads it from DRAFT_RETENTION_DAYS with 90 days by default', async () => {
    const answer = (await (await fetch(`${server.baseUrl}/api/authority`)).json()) as { draftRetentionDays: number }
    expect(answer.draftRetentionDays).toBe(30)
    expect(readConfig({}).draftRetentionDays).toBe(90)
    expect(readConfig({ DRAFT_RETENTION_DAYS: '180' }).draftRetentionDays).toBe(180)
    for (const wrong of ['0', '-3', 'soon', '1.5']) expect(() => readConfig({ DRAFT_RETENTION_DAYS: wrong })).toThrow(/DRAFT_RETENTION_DAYS/)
  })
})
