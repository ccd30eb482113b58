import { existsSync, rmSync, statSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import type { ApplicantCredentials } from '@/domain/sync'
import { validAnswers } from '../unit/applicationFactories'
import { createApp } from '../../server/app.js'
import type { Storage } from '../../server/storage/storage.js'
import { freshTestDatabase, listen, makeTempDir } from './harness'
import { jpeg } from './imageBytes'
import { killStartedMains, startMain, type MainProcess } from './mainProcess'
import { createUpload, pageMetadata, sha256, tusHeaders } from './tusRequests'

const dirs: string[] = []
afterEach(() => {
  killStartedMains()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const answers = validAnswers('residence-study')
const requiredSlots = deriveChecklist(applicationForms['residence-study'], answers)
  .filter((item) => item.required)
  .map((item) => item.id)

/** The real server on one data directory and database, started again as often as the test kills it. */
async function crashableServer() {
  const dataDir = makeTempDir()
  dirs.push(dataDir)
  const database = await freshTestDatabase(dataDir)
  // The test's own view of the database: rows are checked here, never through the server under test.
  const storage = await database.open()
  const env = { PORT: '0', DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : {}) }
  let main: MainProcess | undefined
  return {
    dataDir,
    storage,
    async start(): Promise<string> {
      main = startMain(env)
      return main.listening
    },
    async kill(): Promise<void> {
      if (!main) return
      main.child.kill('SIGKILL')
      await main.exited
      main = undefined
    },
    async close(): Promise<void> {
      await this.kill()
      await storage.close()
      await database.drop()
    },
  }
}

type CrashableServer = Awaited<ReturnType<typeof crashableServer>>

const documentRow = (storage: Storage, id: string) => storage.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst()

/** Spins without yielding to the event loop, so that the test sees the last byte land before the server can go on. */
function waitSpinningForSize(file: string, size: number): void {
  const giveUpAt = Date.now() + 10_000
  while (!existsSync(file) || statSync(file).size < size) {
    if (Date.now() > giveUpAt) throw new Error(`${file} never reached ${size} bytes`)
  }
}

/**
 * Sends a page's bytes as one PATCH and SIGKILLs the server the moment its upload file on disk is
 * complete: after the last byte was written, before the finish step could link it. A run in
 * which the finish step was quicker than the kill starts again (after a restart) with a new page.
 */
async function killAfterLastByte(server: CrashableServer, token: string, draftId: string, slot: string): Promise<{ documentId: string; uploadId: string; bytes: Buffer }> {
  for (let run = 1; run <= 20; run += 1) {
    const baseUrl = await server.start()
    const documentId = crypto.randomUUID()
    const bytes = jpeg(300_000, run)
    const created = await createUpload(baseUrl, token, bytes.length, pageMetadata(draftId, documentId, bytes, slot))
    expect(created.status).toBe(201)
    const location = new URL(created.headers.get('location') ?? '', baseUrl)
    const uploadId = path.basename(location.pathname)
    const uploadFile = path.join(server.dataDir, 'uploads', uploadId)
    const patch = http.request(location, {
      method: 'PATCH',
      headers: tusHeaders(token, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(bytes.length) }),
    })
    patch.on('error', () => undefined)
    await new Promise((resolve) => patch.write(bytes.subarray(0, -1), resolve))
    await vi.waitFor(() => expect(statSync(uploadFile).size).toBe(bytes.length - 1), { timeout: 10_000 })
    await new Promise((resolve) => patch.write(bytes.subarray(-1), resolve))
    waitSpinningForSize(uploadFile, bytes.length)
    await server.kill()
    patch.destroy()
    if (!(await documentRow(server.storage, documentId))) return { documentId, uploadId, bytes }
  }
  throw new Error('The finish step was quicker than the kill in every run')
}

describe('an upload whose server was killed after the last byte, before the finish step', () => {
  it('is finished by the next HEAD, by the next GET of its document, and at the next start; the application can then be submitted', async () => {
    const server = await crashableServer()
    let other: Awaited<ReturnType<typeof listen>> | undefined
    try {
      const baseUrl = await server.start()
      const { token } = (await (await fetch(`${baseUrl}/api/applicants`, { method: 'POST' })).json()) as ApplicantCredentials
      const draftId = crypto.randomUUID()
      const put = await fetch(`${baseUrl}/api/drafts/${draftId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ serviceId: 'residence-study', answers }),
      })
      expect(put.status).toBe(201)
      const [headSlot, getSlot, startSlot, ...arrivedSlots] = requiredSlots as [string, string, string, ...string[]]
      // The other required pages arrived normally (uploads.test.ts covers that path).
      const { applicant_id: applicantId } = await server.storage.db.selectFrom('drafts').select('applicant_id').where('id', '=', draftId).executeTakeFirstOrThrow()
      for (const slot of arrivedSlots) {
        await server.storage.db
          .insertInto('documents')
          .values({ id: crypto.randomUUID(), applicant_id: applicantId, draft_id: draftId, slot, page: 1, sha256: 'f'.repeat(64), mime_type: 'image/jpeg', size: 100, created_at: 'now' })
          .execute()
      }
      await server.kill()

      // Another instance, which did not restart, is asked next (in this process, so it runs no start-up scan).
      other = await listen(createApp({ storage: server.storage, version: 'test', dataDir: server.dataDir, log: () => undefined }))
      const uploadFileOf = (uploadId: string) => path.join(server.dataDir, 'uploads', uploadId)

      const byHead = await killAfterLastByte(server, token, draftId, headSlot)
      expect(statSync(uploadFileOf(byHead.uploadId)).size).toBe(byHead.bytes.length)
      await fetch(`${other.baseUrl}/api/uploads/${byHead.uploadId}`, { method: 'HEAD', headers: tusHeaders(token) })
      expect(await documentRow(server.storage, byHead.documentId)).toMatchObject({ sha256: sha256(byHead.bytes), slot: headSlot })
      expect(existsSync(uploadFileOf(byHead.uploadId))).toBe(false)

      const byGet = await killAfterLastByte(server, token, draftId, getSlot)
      const read = await fetch(`${other.baseUrl}/api/documents/${byGet.documentId}`, { headers: { authorization: `Bearer ${token}` } })
      expect(read.status).toBe(200)
      expect(await read.json()).toMatchObject({ id: byGet.documentId, sha256: sha256(byGet.bytes), slot: getSlot })

      const atStart = await killAfterLastByte(server, token, draftId, startSlot)
      const restarted = await server.start()
      expect(await documentRow(server.storage, atStart.documentId)).toMatchObject({ sha256: sha256(atStart.bytes), slot: startSlot })
      expect(existsSync(uploadFileOf(atStart.uploadId))).toBe(false)

      const submitted = await fetch(`${restarted}/api/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ draftId, revision: 1 }),
      })
      expect(await submitted.json()).toMatchObject({ status: 'submitted' })
      expect(submitted.status).toBe(201)
    } finally {
      const listening = other?.server
      if (listening) await new Promise((resolve) => listening.close(resolve))
      await server.close()
    }
  }, 120_000)
})
