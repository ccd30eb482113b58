import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { findApplication } from '../../server/storage/applications.js'
import { documentsOfDraft } from '../../server/storage/documents.js'
import { findDraft } from '../../server/storage/drafts.js'
import { migrationsDir, readMigrations } from '../../server/storage/migrate.js'
import type { Storage } from '../../server/storage/storage.js'
import { freshTestDatabase, makeTempDir, testEngine, type TestDatabase } from './testDatabase'

const cleanUps: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp()
})

/** A fresh database of the engine under test, closed and dropped after the test. */
async function database(): Promise<{ database: TestDatabase; open: TestDatabase['open'] }> {
  const dir = makeTempDir()
  const database = await freshTestDatabase(dir)
  cleanUps.push(async () => {
    await database.drop()
    rmSync(dir, { recursive: true, force: true })
  })
  const open: TestDatabase['open'] = async (migrations) => {
    const storage = await database.open(migrations)
    cleanUps.push(() => storage.close())
    return storage
  }
  return { database, open }
}

const migrations = readMigrations(migrationsDir(testEngine))
const versions = async (storage: Storage) => (await storage.db.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute()).map((row) => `${row.version}_${row.name}`)

describe(`database migrations (${testEngine})`, () => {
  it('exist for both engines with the same numbers and names', () => {
    const names = (engine: 'sqlite' | 'postgres') => readMigrations(migrationsDir(engine)).map((migration) => `${migration.version}_${migration.name}`)
    expect(names('postgres')).toEqual(names('sqlite'))
  })

  it('create and migrate the database on first start, and apply nothing twice', async () => {
    const { open } = await database()
    const first = await open()
    expect(await versions(first)).toEqual(migrations.map((migration) => `${migration.version}_${migration.name}`))
    await first.close()
    const again = await open()
    expect(await versions(again)).toHaveLength(migrations.length)
    await again.checkHealth()
  })

  it('refuse a database that is newer than the code', async () => {
    const { open } = await database()
    const storage = await open()
    await storage.db.insertInto('schema_migrations').values({ version: 999, name: 'from_the_future', applied_at: 'now' }).execute()
    await storage.close()
    await expect(open()).rejects.toThrow(/newer than this server/)
  })

  it('roll a failing migration back completely', async () => {
    const dir = makeTempDir()
    cleanUps.push(async () => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(path.join(dir, '001_good.sql'), 'CREATE TABLE a (x INTEGER);')
    writeFileSync(path.join(dir, '002_bad.sql'), 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);')
    const { open } = await database()
    await expect(open(readMigrations(dir))).rejects.toThrow()
    const storage = await open(readMigrations(dir).slice(0, 1))
    await sql`SELECT x FROM a`.execute(storage.db)
    await expect(sql`SELECT x FROM b`.execute(storage.db)).rejects.toThrow()
    expect(await versions(storage)).toEqual(['1_good'])
  })

  it('insist on numbered file names without gaps', () => {
    const dir = makeTempDir()
    cleanUps.push(async () => rmSync(dir, { recursive: true, force: true }))
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, '001_first.sql'), 'SELECT 1;')
    writeFileSync(path.join(dir, '003_third.sql'), 'SELECT 1;')
    expect(() => readMigrations(dir)).toThrow(/numbered/)
  })

  it('upgrade a database made by migrations 001–009 in place, with nothing lost', async () => {
    const { open } = await database()
    // The database as the first wave left it: its own migration files, filled through plain SQL.
    const old = await open(migrations.slice(0, 9))
    expect(await versions(old)).toHaveLength(9)
    const db = old.db
    const at = '2026-11-02T08:00:00.000Z'
    await db.insertInto('applicants').values({ id: 'applicant-1', recovery_hash: 'r'.repeat(64), created_at: at }).execute()
    await db.insertInto('applicant_tokens').values({ token_hash: 't'.repeat(64), applicant_id: 'applicant-1', created_at: at, revoked_at: null }).execute()
    const answers = { surname: 'Yıldırım', givenNames: 'Ayşe Gül', city: 'Musterstadt' }
    await db.insertInto('drafts').values({ id: 'draft-1', applicant_id: 'applicant-1', service_id: 'naturalisation', answers: JSON.stringify(answers), revision: 3, updated_at: at }).execute()
    await db
      .insertInto('documents')
      .values({ id: 'page-1', applicant_id: 'applicant-1', draft_id: 'draft-1', slot: 'passport', page: 1, sha256: 'a'.repeat(64), mime_type: 'image/jpeg', size: 1234, created_at: at })
      .execute()
    await db.insertInto('reference_counters').values({ year: 2026, last_number: 7 }).execute()
    await db
      .insertInto('applications')
      .values({ reference: 'ABH-2026-000007', applicant_id: 'applicant-1', draft_id: 'draft-1', service_id: 'naturalisation', answers: JSON.stringify(answers), status: 'received', submitted_at: at })
      .execute()
    await db.insertInto('application_events').values({ reference: 'ABH-2026-000007', status: 'submitted', note: null, requested_documents: null, at }).execute()
    await db.insertInto('closed_days').values({ date: '2026-12-24', reason: 'Heiligabend' }).execute()
    await db.insertInto('slots').values({ id: 'slot-1', channel: 'in-person', topic: 'advice', starts_at: '2026-12-07T07:00:00.000Z', ends_at: '2026-12-07T07:30:00.000Z', place: 'Schalter 1' }).execute()
    await db
      .insertInto('bookings')
      .values({
        id: 'booking-1',
        reference: 'T-1',
        applicant_id: 'applicant-1',
        channel: 'in-person',
        topic: 'advice',
        slot_id: 'slot-1',
        status: 'active',
        phone: null,
        message: null,
        reply_route: null,
        email: null,
        postal_address: null,
        due_date: null,
        created_at: at,
        cancelled_at: null,
        outcome: null,
        outcome_at: null,
        read_at: null,
        reply: null,
        replied_at: null,
      })
      .execute()
    await db.insertInto('staff').values({ id: 'staff-1', username: 'anna', password_hash: 'scrypt$x', role: 'admin', locked_until: null, created_at: at, disabled_at: null }).execute()
    await db.insertInto('audit_log').values({ staff_id: 'staff-1', action: 'signIn', subject: null, at }).execute()
    await db.insertInto('walk_ins').values([1, 2, 3].map((number) => ({ day: '2026-11-02', number, topic: 'general', status: 'waiting', counter: null, created_at: at, called_at: null }))).execute()
    await old.close()

    const upgraded = await open()
    expect(await versions(upgraded)).toHaveLength(migrations.length)
    const store = upgraded.db
    expect(await findDraft(store, 'draft-1')).toMatchObject({ applicantId: 'applicant-1', revision: 3, answers })
    expect(await documentsOfDraft(store, 'draft-1')).toEqual([expect.objectContaining({ id: 'page-1', sha256: 'a'.repeat(64), size: 1234 })])
    expect(await findApplication(store, 'ABH-2026-000007')).toMatchObject({ status: 'received', answers })
    expect(await store.selectFrom('bookings').select(['id', 'slot_id', 'status']).execute()).toEqual([{ id: 'booking-1', slot_id: 'slot-1', status: 'active' }])
    expect(await store.selectFrom('staff').select('username').execute()).toEqual([{ username: 'anna' }])
    expect(await store.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'signIn' }])
    expect(await store.selectFrom('closed_days').selectAll().execute()).toEqual([{ date: '2026-12-24', reason: 'Heiligabend' }])
    expect(await store.selectFrom('reference_counters').selectAll().execute()).toEqual([{ year: 2026, last_number: 7 }])
    // 010's data step indexed the names the old schema had, and the walk-in counter continues the day.
    const words = await store.selectFrom('application_name_words').select('word').where('reference', '=', 'ABH-2026-000007').orderBy('word').execute()
    expect(words.map((row) => row.word)).toEqual(['ayse', 'gul', 'yildirim'])
    expect(await store.selectFrom('walk_in_counters').selectAll().execute()).toEqual([{ day: '2026-11-02', last_number: 3 }])
  })
  it('fold the name words of earlier applications again as names are folded now (015)', async () => {
    const { open } = await database()
    const old = await open(migrations.slice(0, 14))
    const db = old.db
    const at = '2026-11-02T08:00:00.000Z'
    await db.insertInto('applicants').values({ id: 'applicant-1', recovery_hash: 'r'.repeat(64), created_at: at }).execute()
    // A Persian name written with a zero-width non-joiner, indexed as two words by the earlier folding.
    const answers = { surname: 'میرزا\u200cزاده', givenNames: 'Ali' }
    await db.insertInto('drafts').values({ id: 'draft-1', applicant_id: 'applicant-1', service_id: 'settlement', answers: JSON.stringify(answers), revision: 1, updated_at: at }).execute()
    await db
      .insertInto('applications')
      .values({ reference: 'ABH-2026-000001', applicant_id: 'applicant-1', draft_id: 'draft-1', service_id: 'settlement', answers: JSON.stringify(answers), status: 'submitted', submitted_at: at })
      .execute()
    await db.insertInto('application_name_words').values(['ميرزا', 'زاده', 'ali'].map((word) => ({ reference: 'ABH-2026-000001', word }))).execute()
    await old.close()

    const upgraded = await open()
    const words = await upgraded.db.selectFrom('application_name_words').select('word').where('reference', '=', 'ABH-2026-000001').execute()
    expect(words.map((row) => row.word).sort()).toEqual(['ali', 'ميرزازاده'])
  })
})
