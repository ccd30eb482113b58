import path from 'node:path'
import { Router, type RequestHandler } from 'express'
import { FileStore } from '@tus/file-store'
import { MemoryLocker, Server as TusServer } from '@tus/server'
import { DomainError } from '../../src/domain/errors.js'
import { applicantOf, applicantOfAuthorization, requireApplicant } from '../http/auth.js'
import { errorReply, toDomainError } from '../http/errors.js'
import { acceptUpload, checkDeclaration, deleteDocument, getDocument, maxDocumentBytes } from '../services/documents.js'
import type { DocumentStore } from '../storage/documentStore.js'
import type { Storage } from '../storage/storage.js'

export const uploadPath = '/api/uploads'
/** Unfinished uploads are removed after a day. */
const uploadExpiryMs = 24 * 60 * 60 * 1000

/** tus hooks answer errors by throwing `{ status_code, body }`; the body keeps our `{ code, message }` format and status table. */
function asTusError(error: unknown): unknown {
  const known = toDomainError(error)
  if (!known) return error
  const { status, body } = errorReply(known)
  return { status_code: status, body: JSON.stringify(body) }
}

/**
 * Resumable document uploads over tus (sync protocol step 5), mounted without a body parser.
 * Upload data and its info files live in `uploadsDir`, which instances share like the documents;
 * the finished bytes are checked (size, magic bytes, image dimensions, declared SHA-256) before they are linked.
 */
export function createUploads(store: Storage, documents: DocumentStore, uploadsDir: string): { handler: RequestHandler; documents: Router; cleanUp(): Promise<number> } {
  const datastore = new FileStore({ directory: uploadsDir, expirationPeriodInMilliseconds: uploadExpiryMs })
  const applicantOfRequest = (req: Request) => applicantOfAuthorization(store, req.headers.get('authorization'))
  const tus = new TusServer({
    path: uploadPath,
    datastore,
    // Several instances may serve one upload (PostgreSQL); SQLite means a single instance.
    locker: store.uploadLocker ?? new MemoryLocker(),
    maxSize: maxDocumentBytes,
    relativeLocation: true,
    async onIncomingRequest(req, uploadId) {
      try {
        const applicantId = await applicantOfRequest(req)
        if (!uploadId || req.method === 'POST') return
        // Someone else's upload looks like a missing one.
        const upload = await datastore.getUpload(uploadId).catch(() => undefined)
        if (upload && upload.metadata?.applicantId !== applicantId) throw new DomainError('NOT_FOUND', 'No such upload')
      } catch (error) {
        throw asTusError(error)
      }
    },
    async onUploadCreate(req, upload) {
      try {
        const applicantId = await applicantOfRequest(req)
        await checkDeclaration(store, applicantId, upload.metadata ?? {})
        return { metadata: { ...upload.metadata, applicantId } }
      } catch (error) {
        throw asTusError(error)
      }
    },
    async onUploadFinish(_req, upload) {
      const metadata = upload.metadata ?? {}
      const applicantId = metadata.applicantId ?? ''
      try {
        const declaration = await checkDeclaration(store, applicantId, metadata)
        await acceptUpload(store, documents, applicantId, declaration, upload.storage?.path ?? path.join(datastore.directory, upload.id))
        // The bytes now live in the document store; the upload's info file goes too.
        await datastore.configstore.delete(upload.id).catch(() => undefined)
        return {}
      } catch (error) {
        // Nothing of a refused or failed upload stays: a HEAD then answers 404 and the client
        // starts again, instead of taking the full offset for a finished upload.
        await datastore.remove(upload.id).catch(() => undefined)
        await datastore.configstore.delete(upload.id).catch(() => undefined)
        throw asTusError(error)
      }
    },
  })

  const documentRoutes = Router()
  documentRoutes.use('/documents', requireApplicant(store))
  documentRoutes.get('/documents/:id', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await getDocument(store, applicantOf(req), req.params.id))
  })
  documentRoutes.delete('/documents/:id', async (req, res) => {
    await deleteDocument(store, documents, applicantOf(req), req.params.id)
    res.status(204).end()
  })

  return {
    handler: (req, res, next) => void tus.handle(req, res).catch(next),
    documents: documentRoutes,
    cleanUp: () => tus.cleanUpExpiredUploads(),
  }
}
