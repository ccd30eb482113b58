import { createHash } from 'node:crypto'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { FileStore } from '@tus/file-store'
import { ERRORS, type Locker, type Upload } from '@tus/server'
import { DomainError } from '../../src/domain/errors.js'
import { isEntityId } from '../../src/domain/ids.js'
import type { Store } from '../storage/database.js'
import type { DocumentStore } from '../storage/documentStore.js'
import { acceptUpload, checkDeclaration, findOwnDocument } from './documents.js'

/**
 * An upload's id follows from its owner and its document, so a request that names only the
 * document (`GET /api/documents/:id`) finds the upload without searching. Applicants apart get
 * different ids for the same document id, and every request is still checked for its owner.
 */
export function uploadIdOf(applicantId: string, documentId: string): string {
  return createHash('sha256').update(`${applicantId}/${documentId}`).digest('hex')
}

/** `finished`: linked now or before; `incomplete`: bytes are still missing; `absent`: no such upload (any more). */
export type FinishOutcome = 'finished' | 'incomplete' | 'absent'

export interface UploadFinisher {
  /** The finish step (sync protocol step 5), for the last PATCH and for any later request or scan: safe to run again, on any instance. */
  finish(uploadId: string): Promise<FinishOutcome>
  /** The same for the PATCH that brought the last byte: done too when another request finished the upload a moment before. */
  finishLastPatch(upload: Upload): Promise<void>
  /** Finishes the upload of an applicant's document if its bytes are complete. */
  finishDocument(applicantId: string, documentId: string): Promise<FinishOutcome>
  /** Removes whatever is left of the upload of a document (the page was deleted). */
  discardDocument(applicantId: string, documentId: string): Promise<void>
  /** Finishes every complete upload in the directory whose finish step never ran (a crash); how many. */
  finishInterrupted(): Promise<number>
}

/** A holder of the upload lock that another request waits for lets go when it is done: finishing takes a moment, not a connection's lifetime. */
const finishBeforeLettingGo = () => undefined

/**
 * Finishing an upload whose bytes are complete: under the upload's own lock (the one tus takes
 * for HEAD and PATCH, across instances on PostgreSQL), a document row already there means an
 * earlier finisher got as far as linking it; otherwise the bytes are checked and linked. A
 * refusal removes the upload, so the device is told once and then starts again; any other
 * failure (the database away) keeps it for the next request or the next start.
 */
export function uploadFinisher(store: Store, documents: DocumentStore, datastore: FileStore, locker: Locker): UploadFinisher {
  const dataFileOf = (uploadId: string) => path.join(datastore.directory, uploadId)

  // Another finisher may have removed it a moment ago.
  const removeInfo = (uploadId: string) => datastore.configstore.delete(uploadId).catch(() => undefined)

  /** The upload as tus knows it; an info file whose bytes are gone (a crash while removing both) goes too. */
  async function uploadOf(uploadId: string): Promise<Upload | undefined> {
    try {
      return await datastore.getUpload(uploadId)
    } catch (error) {
      if (error === ERRORS.FILE_NO_LONGER_EXISTS) await removeInfo(uploadId)
      else if (error !== ERRORS.FILE_NOT_FOUND) throw error
      return undefined
    }
  }

  const isComplete = (upload: Upload) => upload.size !== undefined && upload.offset >= upload.size

  /** Bytes first, then the info file: an info file left alone by a crash is found and removed by uploadOf. */
  async function forget(uploadId: string): Promise<void> {
    await rm(dataFileOf(uploadId), { force: true })
    await removeInfo(uploadId)
  }

  async function underLock<T>(uploadId: string, work: () => Promise<T>): Promise<T> {
    const lock = locker.newLock(uploadId)
    await lock.lock(new AbortController().signal, finishBeforeLettingGo)
    try {
      return await work()
    } finally {
      await lock.unlock()
    }
  }

  async function finish(uploadId: string): Promise<FinishOutcome> {
    // Unfinished uploads are left alone without taking their lock: an upload under way keeps its PATCH.
    const seen = await uploadOf(uploadId)
    if (!seen) return 'absent'
    if (!isComplete(seen)) return 'incomplete'
    return underLock(uploadId, async () => {
      const upload = await uploadOf(uploadId)
      if (!upload) return 'absent'
      const metadata = upload.metadata ?? {}
      const applicantId = metadata.applicantId ?? ''
      try {
        if (!(await findOwnDocument(store.db, applicantId, metadata.documentId ?? ''))) {
          const declaration = await checkDeclaration(store, applicantId, metadata)
          await acceptUpload(store, documents, applicantId, declaration, dataFileOf(uploadId))
        }
      } catch (error) {
        if (error instanceof DomainError) await forget(uploadId)
        throw error
      }
      await forget(uploadId)
      return 'finished'
    })
  }

  return {
    finish,
    async finishLastPatch(upload) {
      if ((await finish(upload.id)) !== 'absent') return
      const { applicantId, documentId } = upload.metadata ?? {}
      if (!(await findOwnDocument(store.db, applicantId ?? '', documentId ?? ''))) throw new DomainError('NOT_FOUND', 'No such upload')
    },
    async finishDocument(applicantId, documentId) {
      return isEntityId(documentId) ? finish(uploadIdOf(applicantId, documentId)) : 'absent'
    },
    async discardDocument(applicantId, documentId) {
      if (!isEntityId(documentId)) return
      const uploadId = uploadIdOf(applicantId, documentId)
      if (await uploadOf(uploadId)) await underLock(uploadId, () => forget(uploadId))
    },
    async finishInterrupted() {
      let finished = 0
      // Before the first upload the directory may not exist yet.
      const uploadIds = (await datastore.configstore.list?.().catch(() => [])) ?? []
      for (const uploadId of uploadIds) {
        // A refusal was dealt with like a live one; anything else waits for the next request or start.
        const outcome = await finish(uploadId).catch(() => 'failed' as const)
        if (outcome === 'finished') finished += 1
      }
      return finished
    },
  }
}
