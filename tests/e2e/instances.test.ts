// Two server processes on one PostgreSQL, behind a proxy that sends each request to the other one
// in turn: nothing an applicant does may depend on reaching the same instance twice. Runs where
// TEST_DATABASE_URL names a PostgreSQL cluster (npm run test:e2e starts one for this file).
import { afterAll, describe, expect, it } from 'vitest'
import type { FreeSlot } from '@/domain/booking'
import { openPostgresStorage } from '../../server/storage/postgres.js'
import { freshTestDatabase, insertApplicantTokens, makeTempDir, type TestDatabase } from '../server/testDatabase'
import { useAppAndBrowser } from './support'
import { expectEveryChangeOnceWhenRequestsFail } from './syncScenarios'

const onPostgres = process.env.TEST_DATABASE_URL !== undefined
let database: TestDatabase | undefined

const env = useAppAndBrowser(async () => {
  if (!onPostgres) return {}
  database = await freshTestDatabase(makeTempDir())
  return { databaseUrl: database.url, instances: 2 }
})
afterAll(async () => {
  await database?.drop()
})

describe.skipIf(!onPostgres)('two instances on one PostgreSQL', () => {
  it('get every change of a draft exactly once when a third of the requests fail', async () => {
    await expectEveryChangeOnceWhenRequestsFail(env)
    expect(env.server.requestsPerInstance?.every((count) => count > 10)).toBe(true)
  })

  it('give 20 slots to exactly 20 of 500 applicants racing for them', async () => {
    const storage = await openPostgresStorage({ url: database?.url ?? '' })
    const tokens = await insertApplicantTokens(storage, 500)

    const free = (await (await fetch(`${env.server.baseUrl}/api/slots?channel=in-person&topic=collection`)).json()) as FreeSlot[]
    const twenty = free.slice(0, 20).map((slot) => slot.id)
    expect(twenty).toHaveLength(20)
    const before = [...(env.server.requestsPerInstance ?? [])]
    const statuses = await Promise.all(
      tokens.map(async (token, index) => {
        const response = await fetch(`${env.server.baseUrl}/api/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ channel: 'in-person', topic: 'collection', slotId: twenty[index % 20] }),
        })
        await response.arrayBuffer()
        return response.status
      }),
    )
    expect(statuses.filter((status) => status === 201)).toHaveLength(20)
    expect(statuses.filter((status) => status === 409)).toHaveLength(480)
    const booked = await storage.db.selectFrom('bookings').select('slot_id').where('status', '=', 'active').where('slot_id', 'in', twenty).execute()
    expect(new Set(booked.map((row) => row.slot_id)).size).toBe(20)
    expect(booked).toHaveLength(20)
    // Both instances took their half of the race.
    const during = (env.server.requestsPerInstance ?? []).map((count, index) => count - (before[index] ?? 0))
    expect(during.every((count) => count >= 240)).toBe(true)
    await storage.close()
  }, 120_000)
})
