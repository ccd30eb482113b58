import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from './migrate.js'
import type { Storage } from './storage.js'

export const databaseFileName = 'abh.sqlite'

export interface SqliteStorage extends Storage {
  readonly db: Database.Database
}

/** Opens (and on first start creates) the SQLite database under dataDir and migrates it. */
export function openSqliteStorage(dataDir: string): SqliteStorage {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(path.join(dataDir, databaseFileName))
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  db.pragma('synchronous = NORMAL')
  try {
    migrate(db)
  } catch (error) {
    db.close()
    throw error
  }
  const readInstalledAt = db.prepare("SELECT value FROM app_meta WHERE key = 'installed_at'")

  return {
    db,
    checkHealth() {
      if (readInstalledAt.get() === undefined) throw new Error('app_meta has no installed_at row')
    },
    close() {
      if (db.open) db.close()
    },
  }
}
