import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { Migration } from '../../server/storage/migrate.js'
import { openPostgresStorage } from '../../server/storage/postgres.js'
import { openSqliteStorage } from '../../server/storage/sqlite.js'
import type { Storage } from '../../server/storage/storage.js'

export function makeTempDir(prefix = 'abh-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix))
}

/**
 * The engine the server suite runs on: PostgreSQL when TEST_DATABASE_URL is set (as
 * `scripts/with-postgres.ts` does for `npm run test:server:pg`), the embedded SQLite otherwise.
 */
export const testEngine = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'

export interface TestDatabase {
  /** For PostgreSQL: the URL of this fresh database (for a second server process). */
  url?: string
  /** Opens and migrates it: with all migrations, or the ones given (an older schema). */
  open(migrations?: Migration[]): Promise<Storage>
  /** Drops the database (PostgreSQL) after its storages were closed. */
  drop(): Promise<void>
}

/** A fresh, empty database of the test engine: a SQLite file in dataDir, or a new PostgreSQL database. */
export async function freshTestDatabase(dataDir: string): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl) return { open: (migrations) => openSqliteStorage(dataDir, migrations), drop: async () => undefined }
  const name = `abh_test_${crypto.randomUUID().replace(/-/g, '')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    open: (migrations) => openPostgresStorage({ url: url.toString(), poolSize: 20, migrations }),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}

/**
 * Applicant identities with bearer tokens, straight into the database: a race of hundreds of
 * applicants would otherwise hit the per-address limit on creating them over HTTP.
 */
export async function insertApplicantTokens(storage: Storage, count: number): Promise<string[]> {
  const now = new Date().toISOString()
  const applicants = Array.from({ length: count }, () => ({ id: crypto.randomUUID(), token: randomBytes(32).toString('base64url') }))
  await storage.db.insertInto('applicants').values(applicants.map(({ id }) => ({ id, recovery_hash: randomBytes(32).toString('hex'), created_at: now }))).execute()
  await storage.db
    .insertInto('applicant_tokens')
    .values(applicants.map(({ id, token }) => ({ token_hash: createHash('sha256').update(token).digest('hex'), applicant_id: id, created_at: now, revoked_at: null })))
    .execute()
  return applicants.map(({ token }) => token)
}
