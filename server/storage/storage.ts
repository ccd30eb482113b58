import type { Locker } from '@tus/server'
import type { Store } from './database.js'
import { openPostgresStorage, type PostgresOptions } from './postgres.js'
import { openSqliteStorage } from './sqlite.js'

/**
 * The database the services work on: the embedded SQLite file under DATA_DIR by default, or
 * PostgreSQL when DATABASE_URL is set. Nothing outside storage/ knows which.
 */
export interface Storage extends Store {
  /** tus upload locks that hold across instances (PostgreSQL); without it, tus's in-process locks. */
  readonly uploadLocker?: Locker
  /** Throws when the database cannot answer a real query. */
  checkHealth(): Promise<void>
  /** Keeps the query planner's statistics fresh (hourly): SQLite's PRAGMA optimize; PostgreSQL's autovacuum does it itself. */
  maintain(): Promise<void>
  /** Closes the database; called once on shutdown. */
  close(): Promise<void>
}

export interface StorageOptions {
  dataDir: string
  postgres?: PostgresOptions
}

/** Opens and migrates the configured engine. */
export function openStorage(options: StorageOptions): Promise<Storage> {
  return options.postgres ? openPostgresStorage(options.postgres) : openSqliteStorage(options.dataDir)
}
