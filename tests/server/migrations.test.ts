import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate, readMigrations } from '../../server/storage/migrate.js'
import { databaseFileName, openSqliteStorage } from '../../server/storage/sqlite.js'
import { makeTempDir } from './harness'

const dirs: string[] = []
const tempDir = () => {
  const dir = makeTempDir()
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('database migrations', () => {
  it('creates and migrates the database on first start, and applies nothing twice', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data')
    openSqliteStorage(dataDir).close()
    const db = new Database(path.join(dataDir, databaseFileName))
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()
    expect(versions).toEqual(readMigrations().map((migration) => migration.version))
    expect(migrate(db)).toEqual([])
    db.close()
  })

  it('refuses a database that is newer than the code', () => {
    const db = new Database(path.join(tempDir(), 'future.sqlite'))
    migrate(db)
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'from_the_future', 'now')").run()
    expect(() => migrate(db)).toThrow(/newer than this server/)
    db.close()
  })

  it('rolls a failing migration back completely', () => {
    const dir = tempDir()
    const migrationsDir = path.join(dir, 'migrations')
    mkdirSync(migrationsDir)
    writeFileSync(path.join(migrationsDir, '001_good.sql'), 'CREATE TABLE a (x INTEGER);')
    writeFileSync(path.join(migrationsDir, '002_bad.sql'), 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);')
    const db = new Database(path.join(dir, 'test.sqlite'))
    expect(() => migrate(db, readMigrations(migrationsDir))).toThrow()
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()
    expect(tables).toEqual(['a', 'schema_migrations'])
    db.close()
  })

  it('insists on numbered file names without gaps', () => {
    const migrationsDir = tempDir()
    writeFileSync(path.join(migrationsDir, '001_first.sql'), 'SELECT 1;')
    writeFileSync(path.join(migrationsDir, '003_third.sql'), 'SELECT 1;')
    expect(() => readMigrations(migrationsDir)).toThrow(/numbered/)
  })
})
