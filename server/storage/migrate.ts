import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql, type Kysely, type Transaction } from 'kysely'
import { dataSteps, type DataStep } from './dataSteps.js'
import type { Engine } from './database.js'
import type { Schema } from './schema.js'

/** The SQL files of one engine: server/migrations/sqlite or server/migrations/postgres. */
export const migrationsDir = (engine: Engine) => fileURLToPath(new URL(`../migrations/${engine}/`, import.meta.url))

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Reads `NNN_name.sql` files in version order. Versions must be unique and start at 1 without gaps. */
export function readMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d+)_([a-z0-9_]+)\.sql$/.exec(file)
      if (!match) throw new Error(`Migration file name must look like 001_name.sql: ${file}`)
      return { version: Number(match[1]), name: match[2] ?? '', sql: readFileSync(path.join(dir, file), 'utf8') }
    })
    .sort((a, b) => a.version - b.version)
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`Migrations must be numbered 1, 2, 3 …: ${migration.version}`)
  })
  return migrations
}

/** How an engine runs a file of several statements inside an open transaction. */
export interface MigrationEngine {
  engine: Engine
  db: Kysely<Schema>
  runScript(tx: Transaction<Schema>, script: string): Promise<void>
}

// Any fixed number: the advisory lock that keeps two PostgreSQL instances from migrating at once.
const migrationLockId = 4_711_001

/**
 * Applies the migrations the database has not seen yet, each in its own transaction together with
 * its data step (if any). Forward only: a database newer than this code is refused rather than
 * guessed at. On PostgreSQL an advisory lock lets one of several starting instances migrate while
 * the others wait and then find nothing left to do.
 */
export async function migrate(target: MigrationEngine, migrations = readMigrations(migrationsDir(target.engine)), steps: Record<number, DataStep> = dataSteps): Promise<number[]> {
  return target.db.connection().execute(async (connection) => {
    if (target.engine === 'postgres') await sql`SELECT pg_advisory_lock(${migrationLockId})`.execute(connection)
    try {
      await sql
        .raw(
          `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)${target.engine === 'sqlite' ? ' STRICT' : ''}`,
        )
        .execute(connection)
      const row = await connection.selectFrom('schema_migrations').select((eb) => eb.fn.max('version').as('version')).executeTakeFirst()
      const current = Number(row?.version ?? 0)
      const latest = migrations.at(-1)?.version ?? 0
      if (current > latest) throw new Error(`The database is at schema version ${current}, newer than this server (${latest})`)
      const applied: number[] = []
      for (const migration of migrations.filter((m) => m.version > current)) {
        await connection.transaction().execute(async (tx) => {
          await target.runScript(tx, migration.sql)
          await steps[migration.version]?.(tx)
          await tx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() }).execute()
        })
        applied.push(migration.version)
      }
      return applied
    } finally {
      if (target.engine === 'postgres') await sql`SELECT pg_advisory_unlock(${migrationLockId})`.execute(connection)
    }
  })
}
