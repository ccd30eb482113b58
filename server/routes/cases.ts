import type { Database } from 'better-sqlite3'
import { Router } from 'express'
import { requireStaff, staffOf } from '../http/staffAuth.js'
import { buildCaseExport } from '../services/caseExport.js'
import { caseDetail, caseDocument, changeStatus, listCases, parseCaseFilters, requestDocuments } from '../services/cases.js'
import { audit } from '../services/staff.js'
import { sendStoredFile } from '../http/storedFile.js'

/** The back office's cases (docs/staff.md): list, view, status, document requests, export. */
export function caseRoutes(db: Database, documentsDir: string): Router {
  const router = Router()
  router.use('/staff/cases', requireStaff(db, ['caseworker', 'admin']), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  })

  // A POST, so a searched name never stands in a URL (access logs, browser history).
  router.post('/staff/cases/search', (req, res) => {
    const filters = parseCaseFilters((req.body ?? {}) as Record<string, unknown>)
    audit(db, staffOf(req).id, 'cases.searched')
    res.json(listCases(db, filters))
  })
  router.get('/staff/cases/:reference', (req, res) => {
    const detail = caseDetail(db, req.params.reference)
    audit(db, staffOf(req).id, 'case.viewed', detail.reference)
    res.json(detail)
  })
  router.get('/staff/cases/:reference/documents/:documentId', (req, res) => {
    const file = caseDocument(db, req.params.reference, req.params.documentId)
    audit(db, staffOf(req).id, 'case.documentViewed', req.params.reference)
    sendStoredFile(res, documentsDir, file)
  })
  router.post('/staff/cases/:reference/status', (req, res) => {
    const status = changeStatus(db, req.params.reference, req.body)
    audit(db, staffOf(req).id, `case.status.${status}`, req.params.reference)
    res.json(caseDetail(db, req.params.reference))
  })
  router.post('/staff/cases/:reference/document-requests', (req, res) => {
    const requested = requestDocuments(db, req.params.reference, req.body)
    audit(db, staffOf(req).id, 'case.documentsRequested', `${req.params.reference}: ${requested.join(', ')}`)
    res.json(caseDetail(db, req.params.reference))
  })
  router.get('/staff/cases/:reference/export', (req, res) => {
    const bundle = buildCaseExport(db, documentsDir, req.params.reference)
    audit(db, staffOf(req).id, 'case.exported', req.params.reference)
    res.setHeader('Content-Type', 'application/zip')
    res.setHeader('Content-Disposition', `attachment; filename="${bundle.fileName}"`)
    res.send(Buffer.from(bundle.zip))
  })
  return router
}
