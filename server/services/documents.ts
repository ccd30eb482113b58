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

/** What the client declares when it starts an upload (tus metadata): a page of a draft, or an attachment of a written contact. */
export type UploadDeclaration =
  | { kind: 'page'; documentId: string; draftId: string; slot: string; page: number; sha256: string }
  | { kind: 'attachment'; documentId: string; bookingId: string; sha256: string }

const idPattern = /^[A-Za-z0-9-]{8,64}$/

/** Checks the declared metadata before any byte is accepted (sync protocol step 5). */
export function checkDeclaration(db: Database, applicantId: string, metadata: Record<string, string | null | undefined>): UploadDeclaration {
  if (metadata.bookingId) return checkAttachment(db, applicantId, metadata)
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
  return { kind: 'page', documentId, draftId, slot, page: Number(page), sha256 }
}

/** An attachment belongs to the applicant's own, active, written contact. */
function checkAttachment(db: Database, applicantId: string, metadata: Record<string, string | null | undefined>): UploadDeclaration {
  const { documentId, bookingId, sha256 } = metadata
  if (!documentId || !idPattern.test(documentId) || !bookingId || !idPattern.test(bookingId) || !sha256 || !/^[0-9a-f]{64}$/.test(sha256)) {
    throw new HttpError(422, 'VALIDATION_FAILED', 'documentId, bookingId and sha256 are required')
  }
  const booking = db.prepare('SELECT applicant_id, channel, status FROM bookings WHERE id = ?').get(bookingId) as
    | { applicant_id: string; channel: string; status: string }
    | undefined
  if (!booking || booking.applicant_id !== applicantId) throw new HttpError(404, 'NOT_FOUND', 'No such booking')
  if (booking.channel !== 'written' || booking.status !== 'active') throw new HttpError(409, 'BAD_REQUEST', 'Attachments belong to an active written contact')
  const owner = db.prepare('SELECT applicant_id FROM booking_attachments WHERE id = ?').pluck().get(documentId)
  if (owner !== undefined && owner !== applicantId) throw new HttpError(404, 'NOT_FOUND', 'No such document')
  return { kind: 'attachment', documentId, bookingId, sha256 }
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
): Promise<{ id: string; sha256: string }> {
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
    // The row first: a concurrent deletion of a page with the same content then keeps the bytes.
    if (declaration.kind === 'page') {
      insertDocument(db, {
        id: declaration.documentId,
        applicantId,
        draftId: declaration.draftId,
        slot: declaration.slot,
        page: declaration.page,
        sha256,
        mimeType: type,
        size: bytes.length,
        createdAt: now,
      })
    } else {
      db.prepare(
        'INSERT OR IGNORE INTO booking_attachments (id, applicant_id, booking_id, sha256, mime_type, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(declaration.documentId, applicantId, declaration.bookingId, sha256, type, bytes.length, now)
    }
    await mkdir(documentsDir, { recursive: true })
    const target = path.join(documentsDir, sha256)
    // The same content twice is stored once.
    if (existsSync(target)) await rm(uploadedFile, { force: true })
    else await rename(uploadedFile, target)
    return { id: declaration.documentId, sha256 }
  } catch (error) {
    await rm(uploadedFile, { force: true })
    throw error
  }
}

/** A page, or an attachment of a written contact, that has arrived. */
export function getDocument(db: Database, applicantId: string, id: string): Omit<StoredDocument, 'applicantId'> | { id: string; bookingId: string; sha256: string; mimeType: string; size: number } {
  const document = findDocument(db, id)
  if (document?.applicantId === applicantId) {
    const { applicantId: _owner, ...rest } = document
    return rest
  }
  const attachment = db
    .prepare('SELECT id, booking_id AS bookingId, sha256, mime_type AS mimeType, size, applicant_id AS owner FROM booking_attachments WHERE id = ?')
    .get(id) as { id: string; bookingId: string; sha256: string; mimeType: string; size: number; owner: string } | undefined
  if (attachment?.owner === applicantId) {
    const { owner: _owner, ...rest } = attachment
    return rest
  }
  throw new HttpError(404, 'NOT_FOUND', 'No such document')
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
