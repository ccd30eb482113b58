import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { isAcceptedType, maxPdfBytes, sniffFileType } from '../../src/domain/documents/fileTypes.js'
import { HttpError } from '../http/errors.js'
import { deleteDocumentRow, findDocument, insertDocument, isHashInUse, type StoredDocument } from '../storage/documentsData.js'
import { findDraft } from '../storage/draftsData.js'

/** No page, photo or PDF, may be larger than this (photos are shrunk on the device to ~0.5 MB). */
export const maxDocumentBytes = maxPdfBytes

/** What the client declares when it starts an upload (tus metadata). */
export interface UploadDeclaration {
  documentId: string
  draftId: string
  slot: string
  page: number
  sha256: string
}

const idPattern = /^[A-Za-z0-9-]{8,64}$/

/** Checks the declared metadata before any byte is accepted (sync protocol step 5). */
export function checkDeclaration(db: Database, applicantId: string, metadata: Record<string, string | null | undefined>): UploadDeclaration {
  const { documentId, draftId, slot, page, sha256 } = metadata
  if (!documentId || !idPattern.test(documentId) || !draftId || !idPattern.test(draftId)) {
    throw new HttpError(422, 'VALIDATION_FAILED', 'documentId and draftId are required')
  }
  if (!slot || !/^[A-Za-z]{1,64}$/.test(slot) || !page || !/^\d{1,3}$/.test(page) || !sha256 || !/^[0-9a-f]{64}$/.test(sha256)) {
    throw new HttpError(422, 'VALIDATION_FAILED', 'slot, page and sha256 are required')
  }
  const draft = findDraft(db, draftId)
  if (!draft || draft.applicantId !== applicantId) throw new HttpError(404, 'NOT_FOUND', 'No such draft')
  // After submission, pages are added only while the authority asks for documents.
  const application = db.prepare('SELECT status FROM applications WHERE draft_id = ?').get(draftId) as { status: string } | undefined
  if (application && application.status !== 'documentsRequested') throw new HttpError(409, 'ALREADY_SUBMITTED', 'The application was submitted')
  const existing = findDocument(db, documentId)
  if (existing && existing.applicantId !== applicantId) throw new HttpError(404, 'NOT_FOUND', 'No such document')
  return { documentId, draftId, slot, page: Number(page), sha256 }
}

/**
 * A finished upload: size, type by magic bytes and the declared SHA-256 are checked, then the
 * bytes are kept once per content under documents/<sha256> and linked to the draft.
 */
export async function acceptUpload(
  db: Database,
  documentsDir: string,
  applicantId: string,
  declaration: UploadDeclaration,
  uploadedFile: string,
  now = new Date().toISOString(),
): Promise<StoredDocument> {
  try {
    const head = Buffer.alloc(16)
    const handle = await open(uploadedFile, 'r')
    await handle.read(head, 0, 16, 0).finally(() => handle.close())
    const type = sniffFileType(head)
    if (!isAcceptedType(type)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Only JPEG, PNG and PDF are accepted')
    const bytes = await readFile(uploadedFile)
    if (bytes.length > maxDocumentBytes) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The document is too large')
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    if (sha256 !== declaration.sha256) throw new HttpError(422, 'CHECKSUM_MISMATCH', 'The bytes do not match the declared SHA-256')
    const document: StoredDocument = {
      id: declaration.documentId,
      applicantId,
      draftId: declaration.draftId,
      slot: declaration.slot,
      page: declaration.page,
      sha256,
      mimeType: type,
      size: bytes.length,
      createdAt: now,
    }
    // The row first: a concurrent deletion of a page with the same content then keeps the bytes.
    insertDocument(db, document)
    await mkdir(documentsDir, { recursive: true })
    const target = path.join(documentsDir, sha256)
    // The same content twice is stored once.
    if (existsSync(target)) await rm(uploadedFile, { force: true })
    else await rename(uploadedFile, target)
    return findDocument(db, document.id) ?? document
  } catch (error) {
    await rm(uploadedFile, { force: true })
    throw error
  }
}

export function getDocument(db: Database, applicantId: string, id: string): StoredDocument {
  const document = findDocument(db, id)
  if (!document || document.applicantId !== applicantId) throw new HttpError(404, 'NOT_FOUND', 'No such document')
  return document
}

/** Removes a page; its bytes go when no other page has the same content. Deleting twice is fine. */
export async function deleteDocument(db: Database, documentsDir: string, applicantId: string, id: string): Promise<void> {
  const document = findDocument(db, id)
  if (!document) return
  if (document.applicantId !== applicantId) throw new HttpError(404, 'NOT_FOUND', 'No such document')
  if (db.prepare('SELECT 1 FROM applications WHERE draft_id = ?').get(document.draftId)) {
    throw new HttpError(409, 'ALREADY_SUBMITTED', 'Pages of a submitted application are kept')
  }
  deleteDocumentRow(db, id)
  if (!isHashInUse(db, document.sha256)) await rm(path.join(documentsDir, document.sha256), { force: true })
}
