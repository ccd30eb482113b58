import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import * as tus from 'tus-js-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApplicantCredentials } from '@/domain/sync'
import { startTestServer, type RunningServer } from './harness'

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.stop())

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

function jpeg(size: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(size)
  for (let index = 0; index < size; index += 1) bytes[index] = (index * 31 + seed * 17) & 0xff
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  return bytes
}

async function applicantWithDraft(): Promise<ApplicantCredentials & { draftId: string }> {
  const credentials = (await (await fetch(`${server.baseUrl}/api/applicants`, { method: 'POST' })).json()) as ApplicantCredentials
  const draftId = `draft-${crypto.randomUUID()}`
  await fetch(`${server.baseUrl}/api/drafts/${draftId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials.token}` },
    body: JSON.stringify({ serviceId: 'naturalisation', answers: {} }),
  })
  return { ...credentials, draftId }
}

interface UploadOptions {
  token: string
  draftId: string
  /** An attachment of a written contact instead of a draft's page. */
  bookingId?: string
  documentId?: string
  declaredHash?: string
  uploadUrl?: string
  stopAfterBytes?: number
}

/** Uploads with tus-js-client as the page does; resolves with the upload URL, rejects with the HTTP status. */
function upload(bytes: Buffer, options: UploadOptions): Promise<{ url: string; stoppedAt?: number }> {
  return new Promise((resolve, reject) => {
    const run = new tus.Upload(bytes, {
      endpoint: `${server.baseUrl}/api/uploads`,
      uploadUrl: options.uploadUrl ?? null,
      chunkSize: 64 * 1024,
      retryDelays: [],
      headers: { authorization: `Bearer ${options.token}` },
      metadata: options.bookingId
        ? { documentId: options.documentId ?? crypto.randomUUID(), bookingId: options.bookingId, sha256: options.declaredHash ?? sha256(bytes) }
        : {
            documentId: options.documentId ?? crypto.randomUUID(),
            draftId: options.draftId,
            slot: 'passport',
            page: '1',
            sha256: options.declaredHash ?? sha256(bytes),
          },
      onProgress(sent) {
        if (options.stopAfterBytes !== undefined && sent >= options.stopAfterBytes) {
          void run.abort().then(() => resolve({ url: run.url ?? '', stoppedAt: sent }))
        }
      },
      onSuccess: () => resolve({ url: run.url ?? '' }),
      onError: (error) => reject((error as tus.DetailedError).originalResponse?.getStatus() ?? error),
    })
    run.start()
  })
}

const documentRow = (id: string) => server.storage.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as { sha256: string; size: number } | undefined

describe('document uploads over tus', () => {
  it('stores a page content-addressed and links it to the draft', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(200_000)
    const documentId = crypto.randomUUID()
    await upload(bytes, { token, draftId, documentId })
    expect(documentRow(documentId)).toMatchObject({ sha256: sha256(bytes), size: bytes.length, mime_type: 'image/jpeg', draft_id: draftId })
    expect(readFileSync(path.join(server.dataDir, 'documents', sha256(bytes))).equals(bytes)).toBe(true)
    const read = await fetch(`${server.baseUrl}/api/documents/${documentId}`, { headers: { authorization: `Bearer ${token}` } })
    expect(await read.json()).toMatchObject({ id: documentId, sha256: sha256(bytes), slot: 'passport' })
  })

  it('resumes an upload interrupted half way, and the stored bytes match their hash', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(600_000, 2)
    const documentId = crypto.randomUUID()
    const first = await upload(bytes, { token, draftId, documentId, stopAfterBytes: 300_000 })
    expect(first.stoppedAt).toBeLessThan(bytes.length)
    expect(documentRow(documentId)).toBeUndefined()
    const head = await fetch(new URL(first.url, server.baseUrl), { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}` } })
    const offset = Number(head.headers.get('upload-offset'))
    expect(offset).toBeGreaterThan(0)
    expect(offset).toBeLessThan(bytes.length)
    await upload(bytes, { token, draftId, documentId, uploadUrl: new URL(first.url, server.baseUrl).href })
    expect(documentRow(documentId)?.sha256).toBe(sha256(bytes))
    expect(sha256(readFileSync(path.join(server.dataDir, 'documents', sha256(bytes))))).toBe(sha256(bytes))
  })

  it('keeps the same content once, however often it arrives', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(50_000, 3)
    await upload(bytes, { token, draftId })
    await upload(bytes, { token, draftId })
    const count = server.storage.db.prepare('SELECT count(*) FROM documents WHERE sha256 = ?').pluck().get(sha256(bytes))
    expect(count).toBe(2)
    expect(existsSync(path.join(server.dataDir, 'documents', sha256(bytes)))).toBe(true)
  })

  it('refuses bytes that do not match the declared hash, and keeps nothing', async () => {
    const { token, draftId } = await applicantWithDraft()
    const documentId = crypto.randomUUID()
    await expect(upload(jpeg(10_000, 4), { token, draftId, documentId, declaredHash: 'a'.repeat(64) })).rejects.toBe(422)
    expect(documentRow(documentId)).toBeUndefined()
  })

  it('refuses a file that is not JPEG, PNG or PDF by its magic bytes', async () => {
    const { token, draftId } = await applicantWithDraft()
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(1000)])
    await expect(upload(heic, { token, draftId })).rejects.toBe(415)
  })

  it('refuses a file over 10 MB before accepting its bytes', async () => {
    const { token, draftId } = await applicantWithDraft()
    await expect(upload(jpeg(10 * 1024 * 1024 + 1, 5), { token, draftId })).rejects.toBe(413)
  })

  it('needs a token, and keeps applicants apart', async () => {
    const alice = await applicantWithDraft()
    const bob = await applicantWithDraft()
    await expect(upload(jpeg(1000), { token: 'x'.repeat(43), draftId: alice.draftId })).rejects.toBe(401)
    await expect(upload(jpeg(1000), { token: bob.token, draftId: alice.draftId })).rejects.toBe(404)
    const half = await upload(jpeg(300_000, 6), { token: alice.token, draftId: alice.draftId, stopAfterBytes: 100_000 })
    const peek = await fetch(new URL(half.url, server.baseUrl), { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${bob.token}` } })
    expect(peek.status).toBe(404)
    const documentId = crypto.randomUUID()
    await upload(jpeg(2000, 7), { token: alice.token, draftId: alice.draftId, documentId })
    expect((await fetch(`${server.baseUrl}/api/documents/${documentId}`, { headers: { authorization: `Bearer ${bob.token}` } })).status).toBe(404)
  })

  it('takes attachments of the applicant’s own written contact, and only of that', async () => {
    const { token, draftId } = await applicantWithDraft()
    const other = await applicantWithDraft()
    const book = async (body: object) =>
      (await (
        await fetch(`${server.baseUrl}/api/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify(body),
        })
      ).json()) as { bookingId: string }
    const written = await book({ channel: 'written', topic: 'general', message: 'Bitte sehen Sie sich den Bescheid an.', replyRoute: 'app' })
    const pdf = Buffer.from('%PDF-1.4\n% attachment\n%%EOF\n')
    const documentId = crypto.randomUUID()
    await upload(pdf, { token, draftId, bookingId: written.bookingId, documentId })
    const read = await fetch(`${server.baseUrl}/api/documents/${documentId}`, { headers: { authorization: `Bearer ${token}` } })
    expect(await read.json()).toMatchObject({ id: documentId, bookingId: written.bookingId, sha256: sha256(pdf), mimeType: 'application/pdf' })
    await expect(upload(pdf, { token: other.token, draftId: other.draftId, bookingId: written.bookingId })).rejects.toBe(404)
    const [slot] = (await (await fetch(`${server.baseUrl}/api/slots?channel=in-person&topic=advice`)).json()) as { id: string }[]
    const visit = await book({ channel: 'in-person', topic: 'advice', slotId: slot?.id })
    await expect(upload(pdf, { token, draftId, bookingId: visit.bookingId })).rejects.toBe(409)
  })
})
