import { Router } from 'express'
import { parseCaseFilters, parseDocumentRequest, parseStatusChange } from '../../src/domain/cases.js'
import { requireStaff, staffOf } from '../http/staffAuth.js'
import { sendStoredFile } from '../http/storedFile.js'
import { buildCaseExport } from '../services/caseExport.js'
import { caseDetail, caseDocument, changeStatus, listCases, requestDocuments } from '../services/cases.js'
import { audit } from '../services/staff.js'
import type { Store } from '../storage/database.js'
import type { DocumentStore } from '../storage/documentStore.js'

/** The back office's cases (docs/staff.md): list, view, status, document requests, export. */
export function caseRoutes(store: Store, documents: DocumentStore): Router {
  const router = Router()
  router.use('/staff/cases', requireStaff(store, ['caseworker', 'admin']), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  })

  // A POST, so a searched name never stands in a URL (access logs, browser history).
  router.post('/staff/cases/search', async (req, res) => {
    const filters = parseCaseFilters(req.body)
    await audit(store.db, staffOf(req).id, 'cases.searched')
    res.json(await listCases(store, filters))
  })
  router.get('/staff/cases/:reference', async (req, res) => {
    const detail = await caseDetail(store, req.params.reference)
    await audit(store.db, staffOf(req).id, 'case.viewed', detail.reference)
    res.json(detail)
  })
  router.get('/staff/cases/:reference/documents/:documentId', async (req, res) => {
    const file = await caseDocument(store, req.params.reference, req.params.documentId)
    await audit(store.db, staffOf(req).id, 'case.documentViewed', req.params.reference)
    await sendStoredFile(res, documents, file)
  })
  router.post('/staff/cases/:reference/status', async (req, res) => {
    const change = parseStatusChange(req.body)
    await changeStatus(store, req.params.reference, change)
    await audit(store.db, staffOf(req).id, `case.status.${change.status}`, req.params.reference)
    res.json(await caseDetail(store, req.params.reference))
  })
  router.post('/staff/cases/:reference/document-requests', async (req, res) => {
    const request = parseDocumentRequest(req.body)
    await requestDocuments(store, req.params.reference, request)
    await audit(store.db, staffOf(req).id, 'case.documentsRequested', `${req.params.reference}: ${request.documents.join(', ')}`)
    res.json(await caseDetail(store, req.params.reference))
  })
  router.get('/staff/cases/:reference/export', async (req, res) => {
    const bundle = await buildCaseExport(store, documents, req.params.reference)
    await audit(store.db, staffOf(req).id, 'case.exported', req.params.reference)
    res.setHeader('Content-Type', 'application/zip')
    res.setHeader('Content-Disposition', `attachment; filename="${bundle.fileName}"`)
    res.send(Buffer.from(bundle.zip))
  })
  return router
}
