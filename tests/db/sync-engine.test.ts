import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase, type AbhDatabase } from '@/db/database'
import { createDraft, getDraft, saveDraft } from '@/db/draftsRepository'
import type { RepositoryEnvironment } from '@/db/repositoryHelpers'
import type { Answers } from '@/domain/applications/types'
import type { ServerDraft } from '@/domain/sync'
import { loadCredentials } from '@/sync/credentials'
import { createSyncEngine, type SyncState } from '@/sync/engine'
import { recoverOnThisDevice } from '@/sync/recover'
import type { StepResult } from '@/sync/steps'
import { NetworkError, type Transport, type TransportRequest, type TransportResponse } from '@/sync/transport'

/** An in-memory server with the drafts semantics of server/services/drafts.ts, and faults on demand. */
function fakeServer() {
  const drafts = new Map<string, ServerDraft>()
  const calls: TransportRequest[] = []
  const faults: ((request: TransportRequest) => TransportResponse | 'network' | 'lost' | undefined)[] = []
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): TransportResponse => ({
    status,
    headers: new Headers(headers),
    body,
  })
  function handle(request: TransportRequest): TransportResponse {
    if (request.path === '/api/applicants') return json(201, { applicantId: 'a1', token: 'token-1', recoveryCode: 'R' })
    const id = decodeURIComponent(request.path.split('/').at(-1) ?? '')
    const existing = drafts.get(id)
    const ifMatch = request.headers?.['if-match']
    const expected = ifMatch === undefined ? undefined : Number(ifMatch.replace(/"/g, ''))
    // As the real server: a write based on a revision of a draft it does not have (any more) is NOT_FOUND.
    if (!existing && expected !== undefined) return json(404, { code: 'NOT_FOUND' })
    if (existing && expected !== existing.revision) return json(412, { code: 'REVISION_MISMATCH', current: existing })
    const body = request.body as { serviceId: ServerDraft['serviceId']; answers: Answers }
    const draft = { id, serviceId: body.serviceId, answers: body.answers, revision: (existing?.revision ?? 0) + 1, updatedAt: 'now' }
    drafts.set(id, draft)
    return json(existing ? 200 : 201, draft)
  }
  const transport: Transport = async (request) => {
    calls.push(request)
    const fault = faults.shift()?.(request)
    if (fault === 'network') throw new NetworkError('offline')
    if (fault === 'lost') {
      handle(request)
      throw new NetworkError('the answer was lost')
    }
    if (fault) return fault
    return handle(request)
  }
  return { drafts, calls, faults, transport, json }
}

let db: AbhDatabase
let ids = 0
let clock = 1_000_000
const env: RepositoryEnvironment = { now: () => new Date(clock).toISOString(), newId: () => `id-${++ids}` }

beforeEach(async () => {
  ids = 0
  clock = 1_000_000
  db = createDatabase(`test-${crypto.randomUUID()}`)
  await db.open()
})
afterEach(() => db.delete())

function engineFor(server: ReturnType<typeof fakeServer>, states: SyncState[] = []) {
  return createSyncEngine({
    db,
    transport: server.transport,
    now: () => clock,
    random: () => 0.5,
    backoff: { baseMs: 1000, capMs: 60_000 },
    withLock: (run) => run(),
    onState: (state) => states.push(state),
  })
}

const draftPuts = (server: ReturnType<typeof fakeServer>) => server.calls.filter((call) => call.method === 'PUT').map((call) => call.path)

describe('the outbox engine', () => {
  it('sends a draft again as a new one, with its pages queued behind it, when the server deleted it unsent after its retention period', async () => {
    const server = fakeServer()
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    await saveDraft(db, draft.id, { changedAnswers: { surname: 'Haddad' }, currentStep: 'personal' }, env)
    const engine = engineFor(server)
    await engine.requestSync()
    // A page that reached the server long ago: its upload row is gone.
    await db.documents.add({ id: 'page-1', draftId: draft.id, owner: { kind: 'draft' }, slot: 'passport', page: 1, bytes: new ArrayBuffer(4), mimeType: 'image/jpeg', sha256: 'd'.repeat(64), width: 10, height: 10, qualityFlags: [], pageCount: 1, createdAt: env.now() })
    expect(await db.outbox.count()).toBe(0)

    server.drafts.delete(draft.id)
    await saveDraft(db, draft.id, { changedAnswers: { givenNames: 'Lina' }, currentStep: 'personal' }, env)
    await engine.requestSync()
    const puts = server.calls.filter((call) => call.method === 'PUT')
    expect(puts.map((call) => call.headers?.['if-match'])).toEqual([undefined, '"1"', undefined])
    expect(server.drafts.get(draft.id)).toMatchObject({ revision: 1, answers: { surname: 'Haddad', givenNames: 'Lina' } })
    expect(await getDraft(db, draft.id)).toMatchObject({ baseRevision: 1 })
    expect((await db.outbox.toArray()).map((row) => [row.kind, row.entityId])).toEqual([['uploadDocument', 'page-1']])
    engine.stop()
  })

  it('registers the device once, sends drafts in the order they were changed, and empties the outbox', async () => {
    const server = fakeServer()
    const first = await createDraft(db, 'naturalisation', 'personal', env)
    const second = await createDraft(db, 'settlement', 'personal', env)
    await saveDraft(db, first.id, { changedAnswers: { surname: 'Haddad' }, currentStep: 'personal' }, env)
    const engine = engineFor(server)
    await engine.requestSync()
    expect(server.calls[0]?.path).toBe('/api/applicants')
    expect(draftPuts(server)).toEqual([`/api/drafts/${first.id}`, `/api/drafts/${second.id}`])
    expect(server.calls.filter((call) => call.method === 'PUT').every((call) => call.token === 'token-1')).toBe(true)
    expect(await db.outbox.count()).toBe(0)
    expect(server.drafts.get(first.id)?.answers).toEqual({ surname: 'Haddad' })
    expect(await getDraft(db, first.id)).toMatchObject({ baseRevision: 1, baseAnswers: { surname: 'Haddad' } })
    engine.stop()
  })

  it('keeps a row until the server acknowledged it, and retries network errors soon', async () => {
    const server = fakeServer()
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    server.faults.push(() => undefined, () => 'network')
    const engine = engineFor(server)
    await engine.requestSync()
    const [row] = await db.outbox.toArray()
    expect(row).toMatchObject({ entityId: draft.id, attempts: 1, waitingFor: 'network' })
    // The first network step is 0.5 s, with equal jitter: 375 ms with random() = 0.5.
    expect(Date.parse(row!.nextAttemptAt!)).toBe(clock + 375)
    await engine.requestSync()
    expect(draftPuts(server)).toHaveLength(1) // not due yet: nothing sent
    clock += 375
    await engine.requestSync()
    expect(await db.outbox.count()).toBe(0)
    engine.stop()
  })

  it('keeps retrying dropped connections within seconds, but backs off long from a struggling server', async () => {
    const server = fakeServer()
    await createDraft(db, 'naturalisation', 'personal', env)
    const engine = engineFor(server)
    const waits: number[] = []
    const failOnce = async (fault: () => TransportResponse | 'network') => {
      server.faults.push(fault)
      const before = clock
      await engine.requestSync()
      const [row] = await db.outbox.toArray()
      const due = Date.parse(row!.nextAttemptAt!)
      waits.push(due - before)
      clock = due
    }
    server.faults.push(() => undefined) // registration
    for (let failure = 0; failure < 8; failure += 1) await failOnce(() => 'network')
    // 0.5, 1, 2, then 4 s steps (× 0.75 with random() = 0.5): a tunnel of 20 s costs seconds, not minutes.
    expect(waits).toEqual([375, 750, 1500, 3000, 3000, 3000, 3000, 3000])
    await failOnce(() => server.json(503, { code: 'UNAVAILABLE' }))
    // The ninth failure without progress, and the server's: half of min(60 s, 1 s · 2^9).
    expect(waits.at(-1)).toBe(30_000)
    expect((await db.outbox.toArray())[0]).toMatchObject({ attempts: 9, waitingFor: 'server' })
    engine.stop()
  })

  it('waits as long as Retry-After asks on 429 and 503', async () => {
    const server = fakeServer()
    await createDraft(db, 'naturalisation', 'personal', env)
    server.faults.push(() => undefined, () => server.json(429, { code: 'RATE_LIMITED' }, { 'retry-after': '30' }))
    const engine = engineFor(server)
    await engine.requestSync()
    const [row] = await db.outbox.toArray()
    expect(Date.parse(row!.nextAttemptAt!)).toBe(clock + 30_000)
    expect(row?.blockedReason).toBeUndefined()
    engine.stop()
  })

  it('stops a row the server refuses, keeps its data, and goes on with other drafts', async () => {
    const server = fakeServer()
    const refused = await createDraft(db, 'naturalisation', 'personal', env)
    const other = await createDraft(db, 'settlement', 'personal', env)
    await saveDraft(db, refused.id, { changedAnswers: { surname: 'kept' }, currentStep: 'personal' }, env)
    server.faults.push(() => undefined, () => server.json(422, { code: 'VALIDATION_FAILED' }))
    const states: SyncState[] = []
    const engine = engineFor(server, states)
    await engine.requestSync()
    const rows = await db.outbox.toArray()
    expect(rows).toEqual([expect.objectContaining({ entityId: refused.id, blockedReason: 'VALIDATION_FAILED' })])
    expect(server.drafts.has(other.id)).toBe(true)
    expect((await getDraft(db, refused.id))?.answers).toEqual({ surname: 'kept' })
    expect(states.at(-1)).toMatchObject({ phase: 'idle', pending: 1, blocked: 1 })
    await engine.retryRow(rows[0]!.seq!)
    expect(await db.outbox.count()).toBe(0)
    engine.stop()
  })

  it('does not lose a save made while its draft was being sent', async () => {
    const server = fakeServer()
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    server.faults.push(
      () => undefined,
      () => {
        // The applicant types while the request is on its way.
        void saveDraft(db, draft.id, { changedAnswers: { city: 'Halle' }, currentStep: 'contact' }, env)
        return undefined
      },
    )
    const engine = engineFor(server)
    await engine.requestSync()
    await engine.requestSync()
    expect(server.drafts.get(draft.id)?.answers).toEqual({ city: 'Halle' })
    expect(await db.outbox.count()).toBe(0)
    engine.stop()
  })

  it('merges a draft changed on another device field by field, and asks when both changed a field', async () => {
    const server = fakeServer()
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    await saveDraft(db, draft.id, { changedAnswers: { surname: 'Haddad', city: 'Halle' }, currentStep: 'contact' }, env)
    const engine = engineFor(server)
    await engine.requestSync()
    // The front desk changes the phone and the city; this device changes the e-mail and the city.
    const remote = server.drafts.get(draft.id)!
    server.drafts.set(draft.id, { ...remote, revision: 2, answers: { ...remote.answers, phone: '+49 345 1', city: 'Dessau' } })
    await saveDraft(db, draft.id, { changedAnswers: { email: 'l@example.org', city: 'Leipzig' }, currentStep: 'contact' }, env)
    await engine.requestSync()
    const local = await getDraft(db, draft.id)
    expect(local?.answers).toEqual({ surname: 'Haddad', city: 'Leipzig', phone: '+49 345 1', email: 'l@example.org' })
    expect(local?.conflicts).toEqual([{ field: 'city', local: 'Leipzig', remote: 'Dessau' }])
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ blockedReason: 'CONFLICT' })])
    // Nothing was overwritten on the server while the applicant has not chosen.
    expect(server.drafts.get(draft.id)?.answers.city).toBe('Dessau')
    engine.stop()
  })

  it('merges without asking when the changes do not collide, and sends the merged draft', async () => {
    const server = fakeServer()
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const engine = engineFor(server)
    await engine.requestSync()
    const remote = server.drafts.get(draft.id)!
    server.drafts.set(draft.id, { ...remote, revision: 2, answers: { phone: '+49 345 1' } })
    await saveDraft(db, draft.id, { changedAnswers: { email: 'l@example.org' }, currentStep: 'contact' }, env)
    await engine.requestSync()
    expect(server.drafts.get(draft.id)).toMatchObject({ revision: 3, answers: { phone: '+49 345 1', email: 'l@example.org' } })
    expect(await db.outbox.count()).toBe(0)
    engine.stop()
  })

  it('writes a draft exactly once when the answer to the first write was lost', async () => {
    const server = fakeServer()
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    await saveDraft(db, draft.id, { changedAnswers: { surname: 'Haddad' }, currentStep: 'personal' }, env)
    server.faults.push(() => undefined, () => 'lost')
    const engine = engineFor(server)
    await engine.requestSync()
    clock += 60_000
    await engine.requestSync()
    expect(server.drafts.get(draft.id)?.revision).toBe(1)
    expect(await db.outbox.count()).toBe(0)
    expect((await getDraft(db, draft.id))?.conflicts).toEqual([])
    engine.stop()
  })

  it('sees no conflict when the lost answer was to our own write and the applicant typed on', async () => {
    const server = fakeServer()
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const engine = engineFor(server)
    await engine.requestSync()
    await saveDraft(db, draft.id, { changedAnswers: { surname: 'Haddad' }, currentStep: 'personal' }, env)
    server.faults.push(() => 'lost')
    await engine.requestSync()
    await saveDraft(db, draft.id, { changedAnswers: { surname: 'Haddad-Ali' }, currentStep: 'personal' }, env)
    clock += 60_000
    await engine.requestSync()
    expect((await getDraft(db, draft.id))?.conflicts ?? []).toEqual([])
    expect(server.drafts.get(draft.id)?.answers).toEqual({ surname: 'Haddad-Ali' })
    expect(await db.outbox.count()).toBe(0)
    engine.stop()
  })

  it('merges triggers that arrive during a drain into one more pass', async () => {
    const server = fakeServer()
    await createDraft(db, 'naturalisation', 'personal', env)
    const engine = engineFor(server)
    await Promise.all([engine.requestSync(), engine.requestSync(), engine.requestSync()])
    expect(server.calls.filter((call) => call.path === '/api/applicants')).toHaveLength(1)
    expect(draftPuts(server)).toHaveLength(1)
    engine.stop()
  })

  it('stops and says so when the device’s token is refused', async () => {
    const server = fakeServer()
    await createDraft(db, 'naturalisation', 'personal', env)
    server.faults.push(() => undefined, () => server.json(401, { code: 'UNAUTHORIZED' }))
    const states: SyncState[] = []
    const engine = engineFor(server, states)
    await engine.requestSync()
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ blockedReason: 'UNAUTHORIZED' })])
    expect(states.at(-1)).toMatchObject({ lastProblem: 'unauthorized', blocked: 1 })
    engine.stop()
  })
})

describe('a device that was signed out', () => {
  it('stops sending at once, keeps every draft and outbox row, and sends again once linked with the new code', async () => {
    const server = fakeServer()
    const first = await createDraft(db, 'naturalisation', 'personal', env)
    const second = await createDraft(db, 'settlement', 'personal', env)
    server.faults.push(() => undefined, () => server.json(401, { code: 'DEVICE_SIGNED_OUT', message: 'signed out' }))
    const states: SyncState[] = []
    const engine = engineFor(server, states)
    await engine.requestSync()
    expect(states.at(-1)).toMatchObject({ lastProblem: 'signedOut', pending: 2, blocked: 0 })
    expect(await loadCredentials(db)).toMatchObject({ token: 'token-1', signedOut: true })
    // Later triggers send nothing (no retry, no new identity of its own) and block no row.
    const callsBefore = server.calls.length
    await engine.requestSync()
    await engine.retryNow()
    expect(server.calls).toHaveLength(callsBefore)
    expect((await db.outbox.toArray()).map((row) => row.blockedReason)).toEqual([undefined, undefined])
    expect((await db.drafts.toArray()).map((draft) => draft.id).sort()).toEqual([first.id, second.id].sort())

    // The applicant links the device again as the same applicant: what waited goes.
    const transport: Transport = async (request) => {
      if (request.path === '/api/applicants/recover') return server.json(200, { applicantId: 'a1', token: 'token-2', locale: 'ar' })
      if (request.method === 'GET') return server.json(200, [])
      return server.transport(request)
    }
    // The language the applicant last used comes along, for this device to speak it (SyncView).
    expect(await recoverOnThisDevice(db, transport, 'NEW-CODE')).toEqual({ imported: 0, locale: 'ar' })
    await engine.requestSync()
    expect(await db.outbox.count()).toBe(0)
    expect(server.drafts.has(first.id) && server.drafts.has(second.id)).toBe(true)
    expect(server.calls.at(-1)?.token).toBe('token-2')
    engine.stop()
  })

  it('is not taken over by another applicant’s code', async () => {
    const server = fakeServer()
    await createDraft(db, 'naturalisation', 'personal', env)
    server.faults.push(() => undefined, () => server.json(401, { code: 'DEVICE_SIGNED_OUT' }))
    await engineFor(server).requestSync()
    const transport: Transport = async () => server.json(200, { applicantId: 'someone-else', token: 'token-x' })
    await expect(recoverOnThisDevice(db, transport, 'OTHER-CODE')).rejects.toMatchObject({ problem: 'ALREADY_LINKED' })
    expect(await loadCredentials(db)).toMatchObject({ applicantId: 'a1', signedOut: true })
  })
})

describe('coming back online', () => {
  it('counts progress per request: once any request is answered, the next network failure waits the shortest step', async () => {
    const server = fakeServer()
    await createDraft(db, 'naturalisation', 'personal', env)
    const engine = engineFor(server)
    const waitAfterNextAttempt = async () => {
      await engine.requestSync()
      const due = Date.parse((await db.outbox.toArray())[0]!.nextAttemptAt!)
      const wait = due - clock
      clock = due
      return wait
    }
    // The registration breaks off six times (a tunnel): the waits grow to the 4 s step.
    for (let failure = 0; failure < 6; failure += 1) server.faults.push(() => 'network')
    const waits: number[] = []
    for (let failure = 0; failure < 6; failure += 1) waits.push(await waitAfterNextAttempt())
    expect(waits.at(-1)).toBe(3000)
    // Out of the tunnel: the registration is answered, the save right after it is cut once more.
    server.faults.push(() => undefined, () => 'network')
    expect(await waitAfterNextAttempt()).toBe(375)
    expect((await db.outbox.toArray())[0]).toMatchObject({ attempts: 7, waitingFor: 'network' })
    await engine.requestSync()
    expect(await db.outbox.count()).toBe(0)
    engine.stop()
  })

  it('lets a row waiting out a network failure go as soon as the connection probe is answered', async () => {
    const server = fakeServer()
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    server.faults.push(() => undefined, () => 'network', () => 'network', () => 'network')
    const engine = engineFor(server)
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await engine.requestSync()
      clock = Date.parse((await db.outbox.toArray())[0]!.nextAttemptAt!)
    }
    clock -= 1 // still waiting
    await engine.requestSync()
    expect(draftPuts(server)).toHaveLength(3)
    await engine.connectionRestored()
    expect(server.drafts.has(draft.id)).toBe(true)
    expect(await db.outbox.count()).toBe(0)
    engine.stop()
  })

  it('keeps the wait a struggling server asked for when the probe is answered', async () => {
    const server = fakeServer()
    await createDraft(db, 'naturalisation', 'personal', env)
    server.faults.push(() => undefined, () => server.json(429, { code: 'RATE_LIMITED' }, { 'retry-after': '30' }))
    const engine = engineFor(server)
    await engine.requestSync()
    await engine.connectionRestored()
    expect(draftPuts(server)).toHaveLength(1)
    expect((await db.outbox.toArray())[0]).toMatchObject({ waitingFor: 'server', nextAttemptAt: new Date(clock + 30_000).toISOString() })
    engine.stop()
  })

  it('starts the failure count again when a retried upload moved forward', async () => {
    const server = fakeServer()
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const outcomes: StepResult[] = [{ kind: 'retry' }, { kind: 'retry' }, { kind: 'retry' }, { kind: 'retry', progressed: true }, { kind: 'done' }]
    await db.outbox.add({ ...(await db.outbox.toArray())[0]!, seq: undefined, kind: 'uploadDocument', entityId: 'page-1', idempotencyKey: 'k' })
    const engine = createSyncEngine({
      db,
      transport: server.transport,
      now: () => clock,
      random: () => 0.5,
      withLock: (run) => run(),
      handlers: { uploadDocument: async () => outcomes.shift() ?? { kind: 'done' } },
    })
    const attempts: number[] = []
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await engine.requestSync()
      const row = (await db.outbox.toArray()).find((candidate) => candidate.kind === 'uploadDocument')!
      attempts.push(row.attempts)
      clock = Date.parse(row.nextAttemptAt!)
    }
    expect(attempts).toEqual([1, 2, 3, 0])
    await engine.requestSync()
    expect(server.drafts.has(draft.id)).toBe(true)
    expect(await db.outbox.count()).toBe(0)
    engine.stop()
  })

  it('lets rows that wait out a backoff go at once, but not blocked ones', async () => {
    const server = fakeServer()
    const waiting = await createDraft(db, 'naturalisation', 'personal', env)
    server.faults.push(() => undefined, () => 'network')
    const engine = engineFor(server)
    await engine.requestSync()
    expect((await db.outbox.toArray())[0]?.nextAttemptAt).toBeDefined()
    await engine.retryNow()
    expect(server.drafts.has(waiting.id)).toBe(true)
    expect(await db.outbox.count()).toBe(0)
    engine.stop()
  })
})
