import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { isContentHash } from '../../src/domain/ids.js'

/**
 * Where the bytes of pages and attachments live, by the SHA-256 of their content. The filesystem
 * store is the default; several instances share one volume (docs/operations.md). An object store
 * (S3 and the like) fits behind the same five methods.
 */
export interface DocumentStore {
  /** Stores content under its hash; the same content again changes nothing. */
  put(sha256: string, content: Buffer | Readable): Promise<void>
  /** The content as a stream, or undefined when it is not stored. */
  get(sha256: string): Promise<Readable | undefined>
  stat(sha256: string): Promise<{ size: number } | undefined>
  /** Removes content; removing what is not there is fine. */
  delete(sha256: string): Promise<void>
}

function checkedName(sha256: string): string {
  // The hash becomes a file name: nothing but 64 hex digits may ever reach the filesystem.
  if (!isContentHash(sha256)) throw new Error('A document is stored by its SHA-256 in hex')
  return sha256
}

/** Files named by their hash in one folder; written to a temporary name first, then renamed (atomic on one volume). */
export function filesystemDocumentStore(directory: string): DocumentStore {
  const fileOf = (sha256: string) => path.join(directory, checkedName(sha256))
  const statOf = async (sha256: string) => {
    const info = await stat(fileOf(sha256)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw error
    })
    return info && { size: info.size }
  }
  return {
    async put(sha256, content) {
      const target = fileOf(sha256)
      if (await statOf(sha256)) return
      await mkdir(directory, { recursive: true })
      const temporary = path.join(directory, `.incoming-${randomUUID()}`)
      try {
        await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, createWriteStream(temporary, { flags: 'wx' }))
        await rename(temporary, target)
      } finally {
        await rm(temporary, { force: true })
      }
    },
    async get(sha256) {
      if (!(await statOf(sha256))) return undefined
      return createReadStream(fileOf(sha256))
    },
    stat: statOf,
    async delete(sha256) {
      await rm(fileOf(sha256), { force: true })
    },
  }
}
