import { rmSync } from 'node:fs'
import type { Server } from 'node:http'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerDraft } from '@/domain/sync'
import { createApp } from '../../server/app.js'
import { openPostgresStorage } from '../../server/storage/postgres.js'
import type { Storage } from '../../server/storage/storage.js'
import { startPostgresCluster, type PostgresCluster } from '../../scripts/postgres-cluster.js'
import { listen, makeTempDir, testEngine } from './harness'

// A cluster of its own: this file stops and restarts PostgreSQL under a running server, which the
// other test files (sharing the suite's cluster) must not feel.
describe.skipIf(testEngine !== 'postgres')('a PostgreSQL server that goes away', () => {
  let cluster: PostgresCluster
  let storage: Storage
  let server: Server
  let baseUrl: string
  const dataDir = makeTempDir()

  beforeAll(async () => {
    cluster = await startPostgresCluster()
    const admin = new pg.Client({ connectionString: cluster.url })
    await admin.connect()
    await admin.query('CREATE DATABASE abh')
    await admin.end()
    storage = await openPostgresStorage({ url: cluster.url.replace(/\/postgres$/, '/abh'), connectTimeoutMs: 1_000, statementTimeoutMs: 2_000 })
    ;({ server, baseUrl } = await listen(
      createApp({ storage, version: 'test', dataDir, log: () => undefined, applicantLimit: { limit: 100_000, windowMs: 60_000 } }),
    ))
  }, 30_000)

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await storage.close()
    cluster.remove()
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** A request that must be answered in bounded time, whatever the database does. */
  async function timed(path: string, init?: RequestInit): Promise<{ status: number; body: { code?: string } & Record<string, unknown>; ms: number }> {
    const started = Date.now()
    const response = await fetch(`${baseUrl}/api${path}`, { ...init, signal: AbortSignal.timeout(15_000) })
    return { status: response.status, body: (await response.json().catch(() => ({}))) as { code?: string }, ms: Date.now() - started }
  }

  const putDraft = (token: string, id: string, surname: string) =>
    timed(`/drafts/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ serviceId: 'naturalisation', answers: { surname } }),
    })

  it('answers 503 DATABASE_UNAVAILABLE at once while it is down, and recovers when it is back', async () => {
    const registered = await timed('/applicants', { method: 'POST' })
    expect(registered.status).toBe(201)
    cluster.stop()
    const health = await timed('/health')
    expect(health).toMatchObject({ status: 503, body: { code: 'DATABASE_UNAVAILABLE' } })
    expect(health.ms).toBeLessThan(5_000)
    const refused = await putDraft(String(registered.body.token), crypto.randomUUID(), 'Down')
    expect(refused).toMatchObject({ status: 503, body: { code: 'DATABASE_UNAVAILABLE' } })
    cluster.start()
    expect((await timed('/health')).status).toBe(200)
    expect((await putDraft(String(registered.body.token), crypto.randomUUID(), 'Back')).status).toBe(201)
  })

  it('keeps every acknowledged write through a restart in the middle of traffic, without being restarted itself', async () => {
    const registered = await timed('/applicants', { method: 'POST' })
    const token = String(registered.body.token)
    const acknowledged: string[] = []
    const answers: { status: number; ms: number; code?: string }[] = []
    let running = true
    const traffic = Promise.all(
      Array.from({ length: 4 }, async (_, worker) => {
        for (let round = 0; running; round += 1) {
          const id = `fault-${worker}-${round}-${crypto.randomUUID().slice(0, 8)}`
          const answer = await putDraft(token, id, `Name ${worker} ${round}`)
          answers.push({ status: answer.status, ms: answer.ms, code: answer.body.code })
          if (answer.status === 201) acknowledged.push(id)
          if (answer.status !== 201) await new Promise((resolve) => setTimeout(resolve, 50))
        }
      }),
    )
    await new Promise((resolve) => setTimeout(resolve, 500))
    cluster.restart()
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    running = false
    await traffic

    // Refusals during the restart are 503 with the stable code, and nothing hung.
    expect(answers.filter((answer) => answer.status !== 201).every((answer) => answer.status === 503 && answer.code === 'DATABASE_UNAVAILABLE')).toBe(true)
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(10_000)
    expect(answers.at(-1)?.status).toBe(201)
    const all = await fetch(`${baseUrl}/api/drafts`, { headers: { authorization: `Bearer ${token}` } })
    const stored = new Set(((await all.json()) as ServerDraft[]).map((draft) => draft.id))
    expect(acknowledged.length).toBeGreaterThan(0)
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([])
  }, 30_000)
})
