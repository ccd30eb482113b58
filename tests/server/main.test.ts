import { existsSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { databaseFileName } from '../../server/storage/sqlite.js'
import { killStartedMains, startMain } from './mainProcess'
import { freshTestDatabase, makeTempDir, testEngine } from './testDatabase'

const dirs: string[] = []

afterEach(() => {
  killStartedMains()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('server/main.ts', () => {
  it('creates the database on first start, serves, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = path.join(makeTempDir(), 'data')
    dirs.push(path.dirname(dataDir))
    const main = startMain({ PORT: '0', DATA_DIR: dataDir })
    const baseUrl = await main.listening
    expect(existsSync(path.join(dataDir, databaseFileName))).toBe(true)
    const response = await fetch(`${baseUrl}/api/health`)
    expect(response.status).toBe(200)
    main.child.kill('SIGTERM')
    expect(await main.exited).toBe(0)
    expect(main.output()).toContain('SIGTERM received')
  })

  it('exits with an error when the port is taken instead of pretending to listen', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, resolve))
    const port = (blocker.address() as { port: number }).port
    const dataDir = makeTempDir()
    dirs.push(dataDir)
    const main = startMain({ PORT: String(port), DATA_DIR: dataDir })
    main.listening.catch(() => undefined)
    expect(await main.exited).toBe(1)
    expect(main.output()).toContain('Could not listen')
    blocker.close()
  })

  it.skipIf(testEngine !== 'postgres')('uses PostgreSQL when DATABASE_URL is set, and keeps no database file', async () => {
    const dataDir = makeTempDir()
    dirs.push(dataDir)
    const database = await freshTestDatabase(dataDir)
    const main = startMain({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: database.url ?? '' })
    const baseUrl = await main.listening
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200)
    expect((await fetch(`${baseUrl}/api/applicants`, { method: 'POST' })).status).toBe(201)
    expect(existsSync(path.join(dataDir, databaseFileName))).toBe(false)
    main.child.kill('SIGTERM')
    expect(await main.exited).toBe(0)
    await database.drop()
  })

  it('refuses to start with a DATABASE_URL that is not PostgreSQL, saying why', async () => {
    const dataDir = makeTempDir()
    dirs.push(dataDir)
    const main = startMain({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: 'mysql://somewhere/abh' })
    main.listening.catch(() => undefined)
    expect(await main.exited).toBe(1)
    expect(main.output()).toContain('DATABASE_URL must be a postgres:// URL')
  })
})
