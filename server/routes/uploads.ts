import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { Router, type RequestHandler } from 'express'
import { FileStore } from '@tus/file-store'
import { Server as TusServer } from '@tus/server'
import { applicantOf, requireApplicant } from '../http/auth.js'
import { HttpError } from '../http/errors.js'
import { applicantForToken } from '../services/applicants.js'
import { acceptUpload, checkDeclaration, deleteDocument, getDocument, maxDocumentBytes } from '../services/documents.js'

export const uploadPath = '/api/uploads'
/** Unfinished uploads are removed after a day. */
const uploadExpiryMs = 24 * 60 * 60 * 1000

/** tus hooks answer errors by throwing this shape; the body keeps our `{ code, message }` format. */
const tusError = (error: HttpError) => ({ status_code: error.status, body: JSON.stringify({ code: error.code, message: error.message }) })

function applicantFromHeaders(db: Database, headers: Headers): string {
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(headers.get('authorization') ?? '')
  const applicantId = match?.[1] ? applicantForToken(db, match[1]) : undefined
  if (!applicantId) throw tusError(new HttpError(401, 'UNAUTHORIZED', 'A valid applicant token is required'))
  return applicantId
}

/**
 * Resumable document uploads over tus (sync protocol step 5), mounted without a body parser.
 * The finished bytes are checked (size, magic bytes, declared SHA-256) before they are linked.
 */
export function createUploads(db: Database, dataDir: string): { handler: RequestHandler; documents: Router; cleanUp(): Promise<number> } {
  const datastore = new FileStore({ directory: path.join(dataDir, 'uploads'), expirationPeriodInMilliseconds: uploadExpiryMs })
  const documentsDir = path.join(dataDir, 'documents')
  const tus = new TusServer({
    path: uploadPath,
    datastore,
    maxSize: maxDocumentBytes,
    relativeLocation: true,
    async onIncomingRequest(req, uploadId) {
      const applicantId = applicantFromHeaders(db, req.headers)
      if (!uploadId || req.method === 'POST') return
      // Someone else's upload looks like a missing one.
      const upload = await datastore.getUpload(uploadId).catch(() => undefined)
      if (upload && upload.metadata?.applicantId !== applicantId) throw tusError(new HttpError(404, 'NOT_FOUND', 'No such upload'))
    },
    async onUploadCreate(req, upload) {
      const applicantId = applicantFromHeaders(db, req.headers)
      try {
        checkDeclaration(db, applicantId, upload.metadata ?? {})
      } catch (error) {
        if (error instanceof HttpError) throw tusError(error)
        throw error
      }
      return { metadata: { ...upload.metadata, applicantId } }
    },
    async onUploadFinish(_req, upload) {
      const metadata = upload.metadata ?? {}
      const applicantId = metadata.applicantId ?? ''
      try {
        const declaration = checkDeclaration(db, applicantId, metadata)
        await acceptUpload(db, documentsDir, applicantId, declaration, upload.storage?.path ?? path.join(datastore.directory, upload.id))
        // The bytes now live under documents/ (or were refused); the upload's record goes too.
        await datastore.configstore.delete(upload.id).catch(() => undefined)
        return {}
      } catch (error) {
        await datastore.remove(upload.id).catch(() => undefined)
        await datastore.configstore.delete(upload.id).catch(() => undefined)
        if (error instanceof HttpError) throw tusError(error)
        throw error
      }
    },
  })

  const documents = Router()
  documents.use('/documents', requireApplicant(db))
  documents.get('/documents/:id', (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(getDocument(db, applicantOf(req), req.params.id))
  })
  documents.delete('/documents/:id', async (req, res) => {
    await deleteDocument(db, documentsDir, applicantOf(req), req.params.id)
    res.status(204).end()
  })

  return {
    handler: (req, res, next) => void tus.handle(req, res).catch(next),
    documents,
    cleanUp: () => tus.cleanUpExpiredUploads(),
  }
}
