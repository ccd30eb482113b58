import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, sql, SqliteDialect } from 'kysely'
import { migrate, migrationsDir, readMigrations, type Migration } from './migrate.js'
import type { Schema } from './schema.js'
import type { Storage } from './storage.js'

export const databaseFileName = 'abh.sqlite'

/** Opens (and on first start creates) the embedded SQLite database under dataDir and migrates it (tests may pass fewer migrations). */
export async function openSqliteStorage(dataDir: string, migrations: Migration[] = readMigrations(migrationsDir('sqlite'))): Promise<Storage> {
  mkdirSync(dataDir, { recursive: true })
  const file = new Database(path.join(dataDir, databaseFileName))
  file.pragma('journal_mode = WAL')
  file.pragma('foreign_keys = ON')
  file.pragma('busy_timeout = 5000')
  file.pragma('synchronous = NORMAL')
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: file }) })
  try {
    // better-sqlite3 runs one statement per prepare(); a migration file is run with exec() on the
    // same connection, inside the transaction Kysely has opened on it.
    await migrate({ engine: 'sqlite', db, runScript: async (_tx, script) => void file.exec(script) }, migrations)
  } catch (error) {
    await db.destroy()
    throw error
  }
  // Statistics for the planner from the start (0x10002: analyse what needs it, with a bounded effort).
  file.pragma('optimize=0x10002')
  return {
    engine: 'sqlite',
    db,
    async maintain() {
      file.pragma('optimize')
    },
    async checkHealth() {
      const row = await sql<{ value: string }>`SELECT value FROM app_meta WHERE key = 'installed_at'`.execute(db)
      if (row.rows.length === 0) throw new Error('app_meta has no installed_at row')
    },
    async close() {
      if (file.open) await db.destroy()
    },
  }
}
