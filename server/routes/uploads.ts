import { Router, type RequestHandler } from 'express'
import { FileStore } from '@tus/file-store'
import { ERRORS, MemoryLocker, TUS_RESUMABLE } from '@tus/server'
import { DomainError } from '../../src/domain/errors.js'
import { isEntityId } from '../../src/domain/ids.js'
import { applicantOf, applicantOfAuthorization, requireApplicant } from '../http/auth.js'
import { TusServerWithOurRefusals } from '../http/tusRefusals.js'
import { checkDeclaration, deleteDocument, getDocument, maxDocumentBytes } from '../services/documents.js'
import { uploadFinisher, uploadIdOf } from '../services/uploads.js'
import type { DocumentStore } from '../storage/documentStore.js'
import type { Storage } from '../storage/storage.js'

export const uploadPath = '/api/uploads'
/** Unfinished uploads are removed after a day. */
const uploadExpiryMs = 24 * 60 * 60 * 1000

export interface Uploads {
  handler: RequestHandler
  documents: Router
  /** Removes unfinished uploads older than a day. */
  cleanUp(): Promise<number>
  /** Finishes the uploads whose bytes are complete but whose finish step never ran (a crash); how many. */
  finishInterrupted(): Promise<number>
}

/**
 * Resumable document uploads over tus (sync protocol step 5), mounted without a body parser.
 * Upload data and its info files live in `uploadsDir`, which instances share like the documents;
 * the finished bytes are checked (size, magic bytes, image dimensions, declared SHA-256) before they are linked.
 * An upload whose finish step did not run (a crash after its last byte) is finished by the next
 * HEAD or PATCH for it, the next `GET /api/documents/:id` of its document, or the next start.
 */
export function createUploads(store: Storage, documents: DocumentStore, uploadsDir: string): Uploads {
  const datastore = new FileStore({ directory: uploadsDir, expirationPeriodInMilliseconds: uploadExpiryMs })
  // Several instances may serve one upload (PostgreSQL); SQLite means a single instance.
  const locker = store.uploadLocker ?? new MemoryLocker()
  const finisher = uploadFinisher(store, documents, datastore, locker)
  // tus hands the same request to each of its hooks: the token is looked up once.
  const applicantsOfRequests = new WeakMap<Request, Promise<string>>()
  const applicantOfRequest = (req: Request) => {
    let applicant = applicantsOfRequests.get(req)
    if (!applicant) {
      applicant = applicantOfAuthorization(store, req.headers.get('authorization'))
      applicantsOfRequests.set(req, applicant)
    }
    return applicant
  }
  const tus = new TusServerWithOurRefusals({
    path: uploadPath,
    datastore,
    locker,
    maxSize: maxDocumentBytes,
    relativeLocation: true,
    async namingFunction(req, metadata) {
      const applicantId = await applicantOfRequest(req)
      if (!isEntityId(metadata?.documentId)) throw new DomainError('VALIDATION_FAILED', 'documentId is required')
      return uploadIdOf(applicantId, metadata.documentId)
    },
    async onIncomingRequest(req, uploadId) {
      const applicantId = await applicantOfRequest(req)
      if (!uploadId || req.method === 'POST') return
      // Someone else's upload is answered exactly as a missing one.
      const upload = await datastore.getUpload(uploadId).catch(() => undefined)
      if (upload && upload.metadata?.applicantId !== applicantId) throw ERRORS.FILE_NOT_FOUND
      // A PATCH at the full offset finishes through onUploadFinish; a HEAD finishes here, and then
      // answers as for any finished upload (404: the document is what the device asks about).
      if (req.method === 'HEAD') await finisher.finish(uploadId)
    },
    async onUploadCreate(req, upload) {
      const applicantId = await applicantOfRequest(req)
      await checkDeclaration(store, applicantId, upload.metadata ?? {})
      return { metadata: { ...upload.metadata, applicantId } }
    },
    async onUploadFinish(_req, upload) {
      await finisher.finishLastPatch(upload)
      return {}
    },
  })

  const documentRoutes = Router()
  documentRoutes.use('/documents', requireApplicant(store))
  documentRoutes.get('/documents/:id', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    const applicantId = applicantOf(req)
    // The device asks here before it forgets a page: an upload complete on disk is finished first.
    await finisher.finishDocument(applicantId, req.params.id)
    res.json(await getDocument(store, applicantId, req.params.id))
  })
  documentRoutes.delete('/documents/:id', async (req, res) => {
    const applicantId = applicantOf(req)
    // What is left of its upload must not be finished later and bring the page back.
    await finisher.discardDocument(applicantId, req.params.id)
    await deleteDocument(store, documents, applicantId, req.params.id)
    res.status(204).end()
  })

  return {
    // Refusals are answered by our error handler, naming the protocol version as tus's answers do.
    handler: (req, res, next) =>
      void tus.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.setHeader('Tus-Resumable', TUS_RESUMABLE)
        next(error)
      }),
    documents: documentRoutes,
    cleanUp: () => tus.cleanUpExpiredUploads(),
    finishInterrupted: () => finisher.finishInterrupted(),
  }
}
