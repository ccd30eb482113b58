import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { migrate, migrationsDir, readMigrations, type Migration } from './migrate.js'
import { postgresUploadLocker } from './uploadLocks.js'
import type { Schema } from './schema.js'
import type { Storage } from './storage.js'

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  url: string
  /** Connections per server instance. */
  poolSize?: number
  /** Any statement running longer is cancelled (a request never hangs on the database). */
  statementTimeoutMs?: number
  /** How long a request waits for a free connection, or for the server to answer a new one. */
  connectTimeoutMs?: number
  /** Connections for upload locks, apart from the pool above (default 50). */
  uploadLockPoolSize?: number
  /** The migrations to apply: all of them, unless a test builds an older database. */
  migrations?: Migration[]
}

// BIGINT (counts, millisecond times) as numbers, not strings: all of ours stay below 2^53.
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text'),
}

/** Connects to PostgreSQL (DATABASE_URL) and migrates it. The pool reconnects by itself after a restart. */
export async function openPostgresStorage(options: PostgresOptions): Promise<Storage> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    types: types as pg.CustomTypesConfig,
  })
  // A connection that the server closed (restart, failover) must not crash the process: an idle
  // one is dropped by the pool, one in use fails its query (503) and is dropped on release.
  pool.on('error', () => undefined)
  pool.on('connect', (client) => client.on('error', () => undefined))
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) })
  // An upload holds its lock's connection for as long as its PATCH runs (seconds on mobile data):
  // those come from a pool of their own, so slow uploads never starve the requests.
  const lockPool = new pg.Pool({ connectionString: options.url, max: options.uploadLockPoolSize ?? 50, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000, idleTimeoutMillis: 10_000 })
  lockPool.on('error', () => undefined)
  lockPool.on('connect', (client) => client.on('error', () => undefined))
  const lockDb = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: lockPool }) })
  try {
    await migrate({ engine: 'postgres', db, runScript: async (tx, script) => void (await sql.raw(script).execute(tx)) }, options.migrations ?? readMigrations(migrationsDir('postgres')))
  } catch (error) {
    await Promise.all([db.destroy(), lockDb.destroy()])
    throw error
  }
  let closed = false
  return {
    engine: 'postgres',
    db,
    uploadLocker: postgresUploadLocker(lockDb),
    async maintain() {},
    async checkHealth() {
      const row = await sql<{ value: string }>`SELECT value FROM app_meta WHERE key = 'installed_at'`.execute(db)
      if (row.rows.length === 0) throw new Error('app_meta has no installed_at row')
    },
    async close() {
      if (closed) return
      closed = true
      await Promise.all([db.destroy(), lockDb.destroy()])
    },
  }
}
