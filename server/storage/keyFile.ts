import { randomBytes } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const keyBytes = 32

/**
 * A 256-bit key kept in a file outside the database, made at first start. Several instances on
 * one shared volume may start together: each writes its candidate to a file of its own and links
 * it to the final name; a link never replaces an existing file, so exactly one candidate wins and
 * every instance then reads that one, complete.
 */
export function readOrCreateKeyFile(file: string): Buffer {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true })
    const candidate = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`
    try {
      writeFileSync(candidate, randomBytes(keyBytes).toString('base64'), { mode: 0o600, flag: 'wx' })
      linkSync(candidate, file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      rmSync(candidate, { force: true })
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
  if (key.length !== keyBytes) throw new Error(`${file} does not hold a ${keyBytes * 8}-bit key in base64`)
  return key
}
