import { Router, type Response } from 'express'
import { DomainError } from '../../src/domain/errors.js'
import type { ServerDraft } from '../../src/domain/sync.js'
import { applicantOf, requireApplicant } from '../http/auth.js'
import { removeUnusedContent } from '../services/documents.js'
import { deleteDraft, getDraft, listDrafts, putDraft } from '../services/drafts.js'
import type { Store } from '../storage/database.js'
import type { DocumentStore } from '../storage/documentStore.js'

const etag = (revision: number) => `"${revision}"`

/** `If-Match: "7"` → 7; absent → undefined; anything else is a bad request. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim())
  if (!match) throw new DomainError('BAD_REQUEST', 'If-Match must be a quoted revision number')
  return Number(match[1])
}

const sendDraft = (res: Response, draft: ServerDraft, status = 200) => {
  res.setHeader('ETag', etag(draft.revision))
  res.status(status).json(draft)
}

/** The applicant's drafts (sync protocol step 3). */
export function draftRoutes(store: Store, documents: DocumentStore): Router {
  const router = Router()
  router.use('/drafts', requireApplicant(store), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  })
  router.get('/drafts', async (req, res) => {
    res.json(await listDrafts(store, applicantOf(req)))
  })
  router.get('/drafts/:id', async (req, res) => sendDraft(res, await getDraft(store, applicantOf(req), req.params.id)))
  router.put('/drafts/:id', async (req, res) => {
    try {
      const { draft, created } = await putDraft(store, applicantOf(req), req.params.id, req.body, parseIfMatch(req.get('if-match')))
      sendDraft(res, draft, created ? 201 : 200)
    } catch (error) {
      // 412 carries the server's copy and its ETag, so the client can merge without another request.
      const current = error instanceof DomainError ? (error.details?.current as ServerDraft | undefined) : undefined
      if (current) res.setHeader('ETag', etag(current.revision))
      throw error
    }
  })
  router.delete('/drafts/:id', async (req, res) => {
    // Scans of passports are personal data: their bytes go with the last page that used them.
    await removeUnusedContent(store, documents, await deleteDraft(store, applicantOf(req), req.params.id))
    res.status(204).end()
  })
  return router
}
