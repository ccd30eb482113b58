import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDatabase, type AbhDatabase } from '@/db/database'
import { addPage } from '@/db/documentsRepository'
import { createDraft } from '@/db/draftsRepository'
import type { RepositoryEnvironment } from '@/db/repositoryHelpers'
import { createSyncEngine } from '@/sync/engine'
import type { Transport, TransportRequest, TransportResponse } from '@/sync/transport'
import { uploadDocument } from '@/sync/uploadDocument'

const tus = vi.hoisted(() => ({ started: [] as (string | null)[], refusal: undefined as { status: number; retryAfter: string } | undefined }))

// tus-js-client as it behaves when the server's HEAD (or the last PATCH) reports offset = length:
// success, whether or not the server ran its finish step.
vi.mock('tus-js-client', () => ({
  Upload: class {
    constructor(
      _file: unknown,
      private readonly options: { uploadUrl: string | null; onSuccess(): void; onError(error: unknown): void },
    ) {}
    get url() {
      return this.options.uploadUrl
    }
    start() {
      tus.started.push(this.options.uploadUrl)
      const refusal = tus.refusal
      if (!refusal) return this.options.onSuccess()
      const originalResponse = { getStatus: () => refusal.status, getBody: () => '{"code":"RATE_LIMITED"}', getHeader: (name: string) => (name.toLowerCase() === 'retry-after' ? refusal.retryAfter : undefined) }
      this.options.onError(Object.assign(new Error('refused'), { originalResponse }))
    }
  },
}))

/** A server that takes drafts and says of the page what `arrived` says. */
function fakeServer() {
  const state = { arrived: false, sha256: '' }
  const calls: TransportRequest[] = []
  const json = (status: number, body: unknown): TransportResponse => ({ status, headers: new Headers(), body })
  const transport: Transport = async (request) => {
    calls.push(request)
    if (request.path === '/api/applicants') return json(201, { applicantId: 'a1', token: 'token-1', recoveryCode: 'R' })
    if (request.method === 'PUT') return json(201, { ...(request.body as object), revision: 1, updatedAt: 'now' })
    if (request.path.startsWith('/api/documents/')) return state.arrived ? json(200, { sha256: state.sha256 }) : json(404, { code: 'NOT_FOUND' })
    return json(500, { code: 'INTERNAL_ERROR' })
  }
  const pageAsks = () => calls.filter((call) => call.method === 'GET' && call.path.startsWith('/api/documents/')).length
  return { state, transport, pageAsks }
}

let db: AbhDatabase
let clock = 0
const env: RepositoryEnvironment = { now: () => new Date(clock).toISOString(), newId: () => crypto.randomUUID() }

beforeEach(async () => {
  tus.started.length = 0
  tus.refusal = undefined
  db = createDatabase(`uploads-${crypto.randomUUID()}`)
  await db.open()
})
afterEach(() => db.delete())

const engineFor = (server: ReturnType<typeof fakeServer>) =>
  createSyncEngine({ db, transport: server.transport, now: () => clock, withLock: (run) => run(), handlers: { uploadDocument } })

async function draftWithPage() {
  const draft = await createDraft(db, 'naturalisation', 'personal', env)
  const page = await addPage(db, draft.id, 'passport', { bytes: new Uint8Array([0xff, 0xd8, 0xff]).buffer, mimeType: 'image/jpeg', sha256: 'b'.repeat(64), width: 1, height: 1, qualityFlags: [], pageCount: 1 }, env)
  return { draft, page }
}

const uploadRows = () => db.outbox.where({ kind: 'uploadDocument' }).toArray()

describe('the page uploader', () => {
  it('keeps the outbox row of an upload whose offset reached its length while the server says it has no such page', async () => {
    const server = fakeServer()
    const { page } = await draftWithPage()
    server.state.sha256 = page.sha256
    const engine = engineFor(server)
    await engine.requestSync()
    expect(tus.started).toEqual([null])
    const [row] = await uploadRows()
    expect(row).toMatchObject({ entityId: page.id, attempts: 1 })
    expect(row?.blockedReason).toBeUndefined()
    engine.stop()
  })

  it('resumes a started upload, asks again after tus reports it complete, and lets the row go only when the page is there', async () => {
    const server = fakeServer()
    const { page } = await draftWithPage()
    server.state.sha256 = page.sha256
    const [queued] = await uploadRows()
    // The upload was under way when the server was killed after its last byte.
    await db.outbox.update(queued!.seq!, { uploadUrl: 'https://abh.example/api/uploads/interrupted' })
    const engine = engineFor(server)
    await engine.requestSync()
    expect(tus.started).toEqual(['https://abh.example/api/uploads/interrupted'])
    expect(server.pageAsks()).toBe(2)
    expect(await uploadRows()).toHaveLength(1)

    // The server finished the upload when it was asked: the next attempt finds the page.
    server.state.arrived = true
    // Past any backoff of a first retry.
    clock += 10 * 60_000
    await engine.requestSync()
    expect(await uploadRows()).toEqual([])
    expect(tus.started).toHaveLength(1)
    engine.stop()
  })

  it('waits as long as the Retry-After of a refused upload asks', async () => {
    const server = fakeServer()
    await draftWithPage()
    tus.refusal = { status: 429, retryAfter: '120' }
    const engine = engineFor(server)
    await engine.requestSync()
    const [row] = await uploadRows()
    // The long backoff's first step is seconds; the server asked for two minutes.
    expect(Date.parse(row!.nextAttemptAt!)).toBeGreaterThanOrEqual(clock + 120_000)
    engine.stop()
  })
})
