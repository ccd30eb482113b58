import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { ERRORS } from '@tus/server'
import * as tus from 'tus-js-client'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ApplicantCredentials } from '@/domain/sync'
import { createApp } from '../../server/app.js'
import { lockDraft } from '../../server/services/drafts.js'
import { insertApplication } from '../../server/storage/applications.js'
import { transact } from '../../server/storage/database.js'
import { filesystemDocumentStore } from '../../server/storage/documentStore.js'
import { isAwaitedByAnother, postgresUploadLocker } from '../../server/storage/uploadLocks.js'
import type { Storage } from '../../server/storage/storage.js'
import { freshTestDatabase, listen, makeTempDir, startTestServer, testEngine, type RunningServer } from './harness'
import { jpeg, png } from './imageBytes'
import { createUpload, pageMetadata, patchUpload, sha256, tusHeaders } from './tusRequests'

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.stop())

async function applicantWithDraft(baseUrl = server.baseUrl): Promise<ApplicantCredentials & { draftId: string }> {
  const credentials = (await (await fetch(`${baseUrl}/api/applicants`, { method: 'POST' })).json()) as ApplicantCredentials
  const draftId = `draft-${crypto.randomUUID()}`
  await fetch(`${baseUrl}/api/drafts/${draftId}`, {
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

const documentRow = (id: string, storage = server.storage) => storage.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst()

const rowsWithId = async (storage: Storage, id: string) =>
  Number((await storage.db.selectFrom('documents').select((eb) => eb.fn.countAll().as('count')).where('id', '=', id).executeTakeFirstOrThrow()).count)

const storedBytes = (hash: string, dataDir = server.dataDir) => path.join(dataDir, 'documents', hash)

/** Creates an upload and sends all its bytes in one PATCH, whose answer carries the refusal's body. */
async function uploadDirectly(token: string, metadata: Record<string, string>, bytes: Buffer): Promise<Response> {
  const created = await createUpload(server.baseUrl, token, bytes.length, metadata)
  expect(created.status).toBe(201)
  return patchUpload(new URL(created.headers.get('location') ?? '', server.baseUrl).href, token, 0, bytes)
}

/**
 * An upload whose every byte is on disk but whose finish step never ran: what a kill -9 at that
 * moment leaves (uploadCrash.test.ts makes one with the real server); its data and info files.
 */
async function interruptedUpload(token: string, metadata: Record<string, string>, bytes: Buffer, at: { baseUrl: string; dataDir: string } = server): Promise<string[]> {
  const created = await createUpload(at.baseUrl, token, bytes.length, metadata)
  expect(created.status).toBe(201)
  const file = path.join(at.dataDir, 'uploads', path.basename(created.headers.get('location') ?? ''))
  writeFileSync(file, bytes)
  return [file, `${file}.json`]
}

const readDocument = (token: string, id: string, baseUrl = server.baseUrl) => fetch(`${baseUrl}/api/documents/${id}`, { headers: { authorization: `Bearer ${token}` } })

describe('document uploads over tus', () => {
  it('stores a page content-addressed and links it to the draft', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(200_000)
    const documentId = crypto.randomUUID()
    await upload(bytes, { token, draftId, documentId })
    expect(await documentRow(documentId)).toMatchObject({ sha256: sha256(bytes), size: bytes.length, mime_type: 'image/jpeg', draft_id: draftId })
    expect(readFileSync(storedBytes(sha256(bytes))).equals(bytes)).toBe(true)
    const read = await fetch(`${server.baseUrl}/api/documents/${documentId}`, { headers: { authorization: `Bearer ${token}` } })
    expect(await read.json()).toMatchObject({ id: documentId, sha256: sha256(bytes), slot: 'passport' })
  })

  it('resumes an upload interrupted half way, and the stored bytes match their hash', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(600_000, 2)
    const documentId = crypto.randomUUID()
    const first = await upload(bytes, { token, draftId, documentId, stopAfterBytes: 300_000 })
    expect(first.stoppedAt).toBeLessThan(bytes.length)
    expect(await documentRow(documentId)).toBeUndefined()
    const head = await fetch(new URL(first.url, server.baseUrl), { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}` } })
    const offset = Number(head.headers.get('upload-offset'))
    expect(offset).toBeGreaterThan(0)
    expect(offset).toBeLessThan(bytes.length)
    await upload(bytes, { token, draftId, documentId, uploadUrl: new URL(first.url, server.baseUrl).href })
    expect((await documentRow(documentId))?.sha256).toBe(sha256(bytes))
    expect(sha256(readFileSync(storedBytes(sha256(bytes))))).toBe(sha256(bytes))
  })

  it('keeps the bytes of a PATCH whose connection broke off, so a resume sends only the rest', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(400_000, 3)
    const documentId = crypto.randomUUID()
    const created = await createUpload(server.baseUrl, token, bytes.length, pageMetadata(draftId, documentId, bytes))
    const url = new URL(created.headers.get('location') ?? '', server.baseUrl)
    const sent = 150_000
    const cut = http.request(url, {
      method: 'PATCH',
      headers: tusHeaders(token, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(bytes.length) }),
    })
    cut.on('error', () => undefined)
    cut.write(bytes.subarray(0, sent))
    await vi.waitFor(() => expect(statSync(path.join(server.dataDir, 'uploads', path.basename(url.pathname))).size).toBe(sent), { timeout: 5_000 })
    cut.destroy()
    const offsetAfterCut = async () => {
      const head = await fetch(url, { method: 'HEAD', headers: tusHeaders(token) })
      return Number(head.headers.get('upload-offset'))
    }
    await vi.waitFor(async () => expect(await offsetAfterCut()).toBe(sent), { timeout: 5_000 })
    expect((await patchUpload(url.href, token, sent, bytes.subarray(sent))).status).toBe(204)
    expect((await documentRow(documentId))?.sha256).toBe(sha256(bytes))
  })

  it('keeps the same content once, however often it arrives', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(50_000, 3)
    await upload(bytes, { token, draftId })
    await upload(bytes, { token, draftId })
    const { count } = await server.storage.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('sha256', '=', sha256(bytes))
      .executeTakeFirstOrThrow()
    expect(Number(count)).toBe(2)
    expect(existsSync(storedBytes(sha256(bytes)))).toBe(true)
  })

  it('refuses bytes that do not match the declared hash, and keeps nothing', async () => {
    const { token, draftId } = await applicantWithDraft()
    const documentId = crypto.randomUUID()
    await expect(upload(jpeg(10_000, 4), { token, draftId, documentId, declaredHash: 'a'.repeat(64) })).rejects.toBe(422)
    expect(await documentRow(documentId)).toBeUndefined()
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

  it('answers tus-js-client’s refusals with tus’s status and our code, and a gone resume URL with a fresh upload', async () => {
    const { token, draftId } = await applicantWithDraft()
    const refusal = await new Promise<tus.HttpResponse | undefined>((resolve) => {
      const metadata = { documentId: crypto.randomUUID(), draftId, slot: 'passport', page: '1', sha256: 'a'.repeat(64) }
      const run = new tus.Upload(jpeg(1000), {
        endpoint: `${server.baseUrl}/api/uploads`,
        uploadSize: 10 * 1024 * 1024 + 1,
        retryDelays: [],
        headers: { authorization: `Bearer ${token}` },
        metadata,
        onError: (error) => resolve((error as tus.DetailedError).originalResponse ?? undefined),
      })
      run.start()
    })
    expect(refusal?.getStatus()).toBe(413)
    expect(JSON.parse(refusal?.getBody() ?? '')).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })

    // An upload older than a day answers its HEAD with 410, an unknown one with 404: the client starts anew.
    const bytes = jpeg(300_000, 8)
    const documentId = crypto.randomUUID()
    const half = await upload(bytes, { token, draftId, documentId, stopAfterBytes: 100_000 })
    const info = path.join(server.dataDir, 'uploads', `${path.basename(half.url)}.json`)
    const stored = JSON.parse(readFileSync(info, 'utf8')) as { creation_date: string }
    writeFileSync(info, JSON.stringify({ ...stored, creation_date: new Date(Date.now() - 25 * 3_600_000).toISOString() }))
    const expired = await fetch(new URL(half.url, server.baseUrl), { method: 'HEAD', headers: tusHeaders(token) })
    expect(expired.status).toBe(410)
    await upload(bytes, { token, draftId, documentId, uploadUrl: new URL(half.url, server.baseUrl).href })
    expect((await documentRow(documentId))?.sha256).toBe(sha256(bytes))
    const other = crypto.randomUUID()
    await upload(jpeg(2000, 9), { token, draftId, documentId: other, uploadUrl: `${server.baseUrl}/api/uploads/0123456789abcdef` })
    expect((await documentRow(other))?.size).toBe(jpeg(2000, 9).length)
  })

  it('answers an unexpected error during an upload as any other, logged and without its message', async () => {
    const lines: string[] = []
    const documentsDir = makeTempDir()
    const failing = await startTestServer({
      log: (line) => lines.push(line),
      documents: { ...filesystemDocumentStore(documentsDir), put: () => Promise.reject(new Error('disk of Ayşe Yılmaz is full')) },
    })
    try {
      const { token, draftId } = await applicantWithDraft(failing.baseUrl)
      const bytes = jpeg(2000, 10)
      const created = await createUpload(failing.baseUrl, token, bytes.length, pageMetadata(draftId, crypto.randomUUID(), bytes))
      const answer = await patchUpload(new URL(created.headers.get('location') ?? '', failing.baseUrl).href, token, 0, bytes)
      expect(answer.status).toBe(500)
      expect(await answer.json()).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal server error' })
      expect(lines.join('\n')).toMatch(/^unexpected Error during PATCH/)
      expect(lines.join('\n')).not.toContain('Ayşe')
    } finally {
      await failing.stop()
      rmSync(documentsDir, { recursive: true, force: true })
    }
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
    const refused = await createUpload(server.baseUrl, token, pdf.length, { documentId: crypto.randomUUID(), bookingId: visit.bookingId, sha256: sha256(pdf) })
    expect(refused.status).toBe(409)
    expect(await refused.json()).toMatchObject({ code: 'CONTACT_CLOSED' })
  })

  it('deletes a page, and its bytes with the last page that has them', async () => {
    const { token, draftId } = await applicantWithDraft()
    const other = await applicantWithDraft()
    const bytes = jpeg(20_000, 8)
    const [first, second] = [crypto.randomUUID(), crypto.randomUUID()]
    await upload(bytes, { token, draftId, documentId: first })
    await upload(bytes, { token, draftId, documentId: second })
    const remove = (id: string, as = token) => fetch(`${server.baseUrl}/api/documents/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${as}` } })
    expect((await remove(first, other.token)).status).toBe(204)
    expect(await documentRow(first)).toBeDefined()
    expect((await remove(first)).status).toBe(204)
    expect(await documentRow(first)).toBeUndefined()
    expect(existsSync(storedBytes(sha256(bytes)))).toBe(true)
    expect((await remove(second)).status).toBe(204)
    expect(existsSync(storedBytes(sha256(bytes)))).toBe(false)
    expect((await remove(second)).status).toBe(204)
    expect((await fetch(`${server.baseUrl}/api/documents/${second}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404)
  })

  it('refuses pictures with more pixels or a longer edge than a phone makes, and keeps nothing', async () => {
    const { token, draftId } = await applicantWithDraft()
    const refusals = [
      ['30000×30000 PNG', png(30_000, 30_000)],
      ['23000×23000 PNG', png(23_000, 23_000, 63_000)],
      ['48 MP PNG with short edges', png(8000, 6000)],
      ['JPEG with a 12000 px long edge', jpeg(60_000, 12, { width: 12_000, height: 1000 })],
    ] as const
    for (const [name, bytes] of refusals) {
      const documentId = crypto.randomUUID()
      const answer = await uploadDirectly(token, pageMetadata(draftId, documentId, bytes), bytes)
      expect(answer.status, name).toBe(422)
      expect(await answer.json(), name).toMatchObject({ code: 'IMAGE_TOO_LARGE' })
      expect(await documentRow(documentId), name).toBeUndefined()
      expect(existsSync(storedBytes(sha256(bytes))), name).toBe(false)
    }
    const documentId = crypto.randomUUID()
    const fine = jpeg(60_000, 13, { width: 4000, height: 3000 })
    await upload(fine, { token, draftId, documentId })
    expect((await documentRow(documentId))?.sha256).toBe(sha256(fine))
  })

  it('refuses a JPEG whose header cannot be read, as other unreadable files', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.alloc(14), Buffer.from([0x12, 0x34]), Buffer.alloc(1000)])
    const documentId = crypto.randomUUID()
    const answer = await uploadDirectly(token, pageMetadata(draftId, documentId, bytes), bytes)
    expect(answer.status).toBe(415)
    expect(await answer.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' })
    expect(await documentRow(documentId)).toBeUndefined()
  })

  it('answers a delete of someone else’s page or attachment as one of an unknown id, and deletes nothing', async () => {
    const owner = await applicantWithDraft()
    const other = await applicantWithDraft()
    const remove = (id: string) => fetch(`${server.baseUrl}/api/documents/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${other.token}` } })
    const page = crypto.randomUUID()
    await upload(jpeg(5000, 14), { token: owner.token, draftId: owner.draftId, documentId: page })
    const written = (await (
      await fetch(`${server.baseUrl}/api/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}`, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ channel: 'written', topic: 'general', message: 'Bitte sehen Sie sich den Bescheid an.', replyRoute: 'app' }),
      })
    ).json()) as { bookingId: string }
    const attachment = crypto.randomUUID()
    await upload(Buffer.from('%PDF-1.4\n% foreign\n%%EOF\n'), { token: owner.token, draftId: owner.draftId, bookingId: written.bookingId, documentId: attachment })

    const unknown = await remove(crypto.randomUUID())
    for (const id of [page, attachment]) {
      const foreign = await remove(id)
      expect(foreign.status).toBe(unknown.status)
      expect(await foreign.text()).toBe('')
    }
    expect(unknown.status).toBe(204)
    expect(await documentRow(page)).toBeDefined()
    const read = (id: string) => fetch(`${server.baseUrl}/api/documents/${id}`, { headers: { authorization: `Bearer ${owner.token}` } })
    expect((await read(page)).status).toBe(200)
    expect((await read(attachment)).status).toBe(200)
  })
})

describe('uploads a crash left unfinished', () => {
  it('refuses at recovery what the last PATCH would have refused, says so once and keeps nothing', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(20_000, 15)
    const documentId = crypto.randomUUID()
    const files = await interruptedUpload(token, { ...pageMetadata(draftId, documentId, bytes), sha256: 'a'.repeat(64) }, bytes)
    const refused = await readDocument(token, documentId)
    expect(refused.status).toBe(422)
    expect(await refused.json()).toMatchObject({ code: 'CHECKSUM_MISMATCH' })
    expect(files.filter((file) => existsSync(file))).toEqual([])
    expect((await readDocument(token, documentId)).status).toBe(404)
    expect(await documentRow(documentId)).toBeUndefined()

    const huge = png(30_000, 30_000)
    const hugeFiles = await interruptedUpload(token, pageMetadata(draftId, crypto.randomUUID(), huge), huge)
    const head = await fetch(`${server.baseUrl}/api/uploads/${path.basename(hugeFiles[0]!)}`, { method: 'HEAD', headers: tusHeaders(token) })
    expect(head.status).toBe(422)
    expect(hugeFiles.filter((file) => existsSync(file))).toEqual([])
  })

  it('links the page once when two requests finish it at the same moment', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(400_000, 16)
    const documentId = crypto.randomUUID()
    const files = await interruptedUpload(token, pageMetadata(draftId, documentId, bytes), bytes)
    const answers = await Promise.all([readDocument(token, documentId), readDocument(token, documentId)])
    expect(answers.map((answer) => answer.status)).toEqual([200, 200])
    expect(await rowsWithId(server.storage, documentId)).toBe(1)
    expect(readFileSync(storedBytes(sha256(bytes))).equals(bytes)).toBe(true)
    expect(files.filter((file) => existsSync(file))).toEqual([])
  })

  it('only tidies up after a finish step that linked the page before the crash, even once the application was submitted', async () => {
    const { token, draftId, applicantId } = await applicantWithDraft()
    const bytes = jpeg(10_000, 17)
    const documentId = crypto.randomUUID()
    const files = await interruptedUpload(token, pageMetadata(draftId, documentId, bytes), bytes)
    await server.storage.db
      .insertInto('documents')
      .values({ id: documentId, applicant_id: applicantId, draft_id: draftId, slot: 'passport', page: 1, sha256: sha256(bytes), mime_type: 'image/jpeg', size: bytes.length, created_at: 'then' })
      .execute()
    await insertApplication(server.storage.db, { reference: `ABH-TEST-${crypto.randomUUID()}`, applicantId, draftId, serviceId: 'naturalisation', answers: {}, status: 'submitted', submittedAt: 'then' })
    const read = await readDocument(token, documentId)
    expect(read.status).toBe(200)
    expect(await read.json()).toMatchObject({ id: documentId, sha256: sha256(bytes) })
    expect(files.filter((file) => existsSync(file))).toEqual([])
  })

  it('does not bring a deleted page back from what is left of its upload', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(10_000, 18)
    const documentId = crypto.randomUUID()
    const files = await interruptedUpload(token, pageMetadata(draftId, documentId, bytes), bytes)
    expect((await fetch(`${server.baseUrl}/api/documents/${documentId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(204)
    expect(files.filter((file) => existsSync(file))).toEqual([])
    expect((await readDocument(token, documentId)).status).toBe(404)
    expect(await documentRow(documentId)).toBeUndefined()
  })

  it('finishes on a PATCH at the full offset, answering it as the last PATCH', async () => {
    const { token, draftId } = await applicantWithDraft()
    const bytes = jpeg(10_000, 19)
    const documentId = crypto.randomUUID()
    const [file] = await interruptedUpload(token, pageMetadata(draftId, documentId, bytes), bytes)
    const patch = await patchUpload(`${server.baseUrl}/api/uploads/${path.basename(file!)}`, token, bytes.length, Buffer.alloc(0))
    expect(patch.status).toBe(204)
    expect(patch.headers.get('upload-offset')).toBe(String(bytes.length))
    expect((await documentRow(documentId))?.sha256).toBe(sha256(bytes))
  })
})

describe('pages and a submission of their draft', () => {
  /**
   * Holds the draft's lock as a submission does, and submits the draft when `request` waits for it.
   * Resolves with `request`'s answer, or with 'not waiting' when it was answered without waiting.
   */
  async function whileSubmitting(draftId: string, applicantId: string, request: () => Promise<Response>): Promise<Response | 'not waiting'> {
    let submit!: () => void
    const submitted = new Promise<void>((resolve) => (submit = resolve))
    let locked!: () => void
    const holding = new Promise<void>((resolve) => (locked = resolve))
    const submission = transact(server.storage, async (tx) => {
      await lockDraft(tx, server.storage, draftId)
      locked()
      await submitted
      await insertApplication(tx, { reference: `ABH-TEST-${crypto.randomUUID()}`, applicantId, draftId, serviceId: 'naturalisation', answers: {}, status: 'submitted', submittedAt: 'now' })
    })
    await holding
    const answer = request()
    const waiting = await Promise.race([
      vi.waitFor(async () => expect(await isAwaitedByAnother(server.storage.db, `draft:${draftId}`)).toBe(true), { timeout: 10_000, interval: 20 }).then(() => true),
      answer.then(() => false),
    ])
    submit()
    await submission
    return waiting ? answer : 'not waiting'
  }

  it.skipIf(testEngine !== 'postgres')('keeps a page that is deleted while its draft is being submitted', async () => {
    const { token, draftId, applicantId } = await applicantWithDraft()
    const documentId = crypto.randomUUID()
    await upload(jpeg(5000, 20), { token, draftId, documentId })
    const answer = await whileSubmitting(draftId, applicantId, () => fetch(`${server.baseUrl}/api/documents/${documentId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }))
    expect(answer).not.toBe('not waiting')
    expect(await (answer as Response).json()).toMatchObject({ code: 'ALREADY_SUBMITTED' })
    expect(await documentRow(documentId)).toBeDefined()
  })

  it.skipIf(testEngine !== 'postgres')('links no page to a draft that was submitted while the page was being finished', async () => {
    const { token, draftId, applicantId } = await applicantWithDraft()
    const bytes = jpeg(5000, 21)
    const documentId = crypto.randomUUID()
    await interruptedUpload(token, pageMetadata(draftId, documentId, bytes), bytes)
    const answer = await whileSubmitting(draftId, applicantId, () => readDocument(token, documentId))
    expect(answer).not.toBe('not waiting')
    expect(await (answer as Response).json()).toMatchObject({ code: 'ALREADY_SUBMITTED' })
    expect(await documentRow(documentId)).toBeUndefined()
  })

  it.skipIf(testEngine !== 'postgres')('makes a submission wait for a page being linked or deleted', async () => {
    const { token, draftId, applicantId } = await applicantWithDraft()
    const answer = await whileSubmitting(draftId, applicantId, () =>
      fetch(`${server.baseUrl}/api/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ draftId, revision: 1 }),
      }),
    )
    expect(answer).not.toBe('not waiting')
    expect(await (answer as Response).json()).toMatchObject({ code: 'ALREADY_SUBMITTED' })
  })
})

interface Instance {
  baseUrl: string
  storage: Storage
}

/** Two app instances on one PostgreSQL database and one shared data volume, as a deployment with several instances runs them. */
async function withTwoInstances(test: (a: Instance, b: Instance, dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = makeTempDir()
  const database = await freshTestDatabase(dataDir)
  const instances: (Instance & { close(): Promise<void> })[] = []
  try {
    for (let count = 0; count < 2; count += 1) {
      const storage = await database.open()
      const app = createApp({ storage, version: '9.9.9-test', dataDir, log: () => undefined, applicantLimit: { limit: 100_000, windowMs: 60_000 } })
      const { server: listening, baseUrl } = await listen(app)
      instances.push({
        baseUrl,
        storage,
        async close() {
          listening.closeAllConnections()
          await new Promise<void>((resolve) => listening.close(() => resolve()))
          await storage.close()
        },
      })
    }
    await test(instances[0]!, instances[1]!, dataDir)
  } finally {
    for (const instance of instances) await instance.close()
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

describe('uploads across instances', () => {
  it.skipIf(testEngine !== 'postgres')('finishes an interrupted upload once when two instances are asked for it at the same moment', async () => {
    await withTwoInstances(async (a, b, dataDir) => {
      const { token, draftId } = await applicantWithDraft(a.baseUrl)
      const bytes = jpeg(400_000, 22)
      const documentId = crypto.randomUUID()
      const files = await interruptedUpload(token, pageMetadata(draftId, documentId, bytes), bytes, { baseUrl: a.baseUrl, dataDir })
      const answers = await Promise.all([readDocument(token, documentId, a.baseUrl), readDocument(token, documentId, b.baseUrl)])
      expect(answers.map((answer) => answer.status)).toEqual([200, 200])
      expect(await rowsWithId(b.storage, documentId)).toBe(1)
      expect(readFileSync(storedBytes(sha256(bytes), dataDir)).equals(bytes)).toBe(true)
      expect(files.filter((file) => existsSync(file))).toEqual([])
    })
  })

  it.skipIf(testEngine !== 'postgres')('makes a PATCH on one instance wait while another instance holds the upload, and asks the holder to let go', async () => {
    await withTwoInstances(async (a, b) => {
      const { token, draftId } = await applicantWithDraft(a.baseUrl)
      const bytes = jpeg(100_000, 9)
      const documentId = crypto.randomUUID()
      const created = await createUpload(a.baseUrl, token, bytes.length, pageMetadata(draftId, documentId, bytes))
      expect(created.status).toBe(201)
      const uploadId = path.basename(created.headers.get('location') ?? '')
      const releaseRequests: number[] = []
      const held = postgresUploadLocker(a.storage.db, { waiterPollMs: 50 }).newLock(uploadId)
      await held.lock(new AbortController().signal, () => void releaseRequests.push(Date.now()))

      let answered = false
      const patch = patchUpload(`${b.baseUrl}/api/uploads/${uploadId}`, token, 0, bytes).then((response) => {
        answered = true
        return response
      })
      await vi.waitFor(() => expect(releaseRequests).toHaveLength(1), { timeout: 5_000 })
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(answered).toBe(false)

      await held.unlock()
      const response = await patch
      expect(response.status).toBe(204)
      expect(response.headers.get('upload-offset')).toBe(String(bytes.length))
      expect((await documentRow(documentId, b.storage))?.sha256).toBe(sha256(bytes))
    })
  })

  it.skipIf(testEngine !== 'postgres')('stops waiting for a held upload at the timeout or when the request stops', async () => {
    await withTwoInstances(async (a, b) => {
      const noRelease = () => undefined
      const holder = postgresUploadLocker(a.storage.db).newLock('some-upload')
      await holder.lock(new AbortController().signal, noRelease)

      const started = Date.now()
      const timedOut = postgresUploadLocker(b.storage.db, { acquireTimeoutMs: 400 }).newLock('some-upload').lock(new AbortController().signal, noRelease)
      await expect(timedOut).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT)
      expect(Date.now() - started).toBeLessThan(2_000)

      const stop = new AbortController()
      const stopped = postgresUploadLocker(b.storage.db).newLock('some-upload').lock(stop.signal, noRelease)
      setTimeout(() => stop.abort(), 100)
      await expect(stopped).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT)
      expect(Date.now() - started).toBeLessThan(3_000)

      await holder.unlock()
      const next = postgresUploadLocker(b.storage.db).newLock('some-upload')
      await next.lock(new AbortController().signal, noRelease)
      await next.unlock()
    })
  })

  it.skipIf(testEngine !== 'postgres')(
    'resumes on one instance an upload that stalled on another, and links the page once',
    async () => {
      await withTwoInstances(async (a, b, dataDir) => {
        const { token, draftId } = await applicantWithDraft(a.baseUrl)
        const bytes = jpeg(400_000, 10)
        const documentId = crypto.randomUUID()
        const created = await createUpload(a.baseUrl, token, bytes.length, pageMetadata(draftId, documentId, bytes))
        const location = created.headers.get('location') ?? ''
        const sent = 150_000
        // A phone that lost its signal half way leaves a request open that sends nothing more.
        const stalled = http.request(new URL(location, a.baseUrl), {
          method: 'PATCH',
          headers: tusHeaders(token, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(bytes.length) }),
        })
        stalled.on('error', () => undefined)
        stalled.on('response', (response) => response.resume())
        stalled.write(bytes.subarray(0, sent))
        try {
          await vi.waitFor(() => expect(statSync(path.join(dataDir, 'uploads', path.basename(location))).size).toBe(sent), { timeout: 5_000 })

          // Instance B waits for A's request to let go of the upload (tus's lock drain), then resumes it.
          const head = await fetch(new URL(location, b.baseUrl), { method: 'HEAD', headers: tusHeaders(token), signal: AbortSignal.timeout(15_000) })
          expect(head.status).toBe(200)
          expect(Number(head.headers.get('upload-offset'))).toBe(sent)
          const rest = await patchUpload(new URL(location, b.baseUrl).href, token, sent, bytes.subarray(sent))
          expect(rest.status).toBe(204)
          expect(rest.headers.get('upload-offset')).toBe(String(bytes.length))

          expect(await rowsWithId(b.storage, documentId)).toBe(1)
          expect(readFileSync(storedBytes(sha256(bytes), dataDir)).equals(bytes)).toBe(true)
          // Finishing again on A finds the upload gone and links nothing twice.
          expect((await patchUpload(new URL(location, a.baseUrl).href, token, bytes.length, Buffer.alloc(0))).status).toBe(404)
          expect(await rowsWithId(a.storage, documentId)).toBe(1)
        } finally {
          stalled.destroy()
        }
      })
    },
    20_000,
  )
})
