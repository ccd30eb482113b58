import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { Router, type Response } from 'express'
import type { ServerDraft } from '../../src/domain/sync.js'
import { applicantOf, requireApplicant } from '../http/auth.js'
import { HttpError } from '../http/errors.js'
import { deleteDraft, getDraft, listDrafts, putDraft, RevisionMismatch } from '../services/drafts.js'

const etag = (revision: number) => `"${revision}"`

/** `If-Match: "7"` → 7; absent → undefined; anything else is a bad request. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim())
  if (!match) throw new HttpError(400, 'BAD_REQUEST', 'If-Match must be a quoted revision number')
  return Number(match[1])
}

const sendDraft = (res: Response, draft: ServerDraft, status = 200) => {
  res.setHeader('ETag', etag(draft.revision))
  res.setHeader('Cache-Control', 'no-store')
  res.status(status).json(draft)
}

/** The applicant's drafts (sync protocol step 3). */
export function draftRoutes(db: Database, documentsDir: string): Router {
  const router = Router()
  router.use('/drafts', requireApplicant(db))
  router.get('/drafts', (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(listDrafts(db, applicantOf(req)))
  })
  router.get('/drafts/:id', (req, res) => sendDraft(res, getDraft(db, applicantOf(req), req.params.id)))
  router.put('/drafts/:id', (req, res) => {
    try {
      const { draft, created } = putDraft(db, applicantOf(req), req.params.id, req.body, parseIfMatch(req.get('if-match')))
      sendDraft(res, draft, created ? 201 : 200)
    } catch (error) {
      // 412 carries the server's copy and its ETag, so the client can merge without another request.
      if (!(error instanceof RevisionMismatch)) throw error
      res.setHeader('ETag', etag(error.current.revision))
      res.status(412).json({ code: error.code, message: error.message, current: error.current })
    }
  })
  router.delete('/drafts/:id', async (req, res) => {
    // Scans of passports are personal data: their bytes go with the last page that used them.
    for (const hash of deleteDraft(db, applicantOf(req), req.params.id)) await rm(path.join(documentsDir, hash), { force: true })
    res.status(204).end()
  })
  return router
}
