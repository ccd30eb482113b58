import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { isAcceptedType, maxPdfBytes, sniffFileType, type AcceptedMimeType } from '../../src/domain/documents/fileTypes.js'
import { readImageHeader } from '../../src/domain/documents/imageHeader.js'
import { DomainError } from '../../src/domain/errors.js'
import { isContentHash, isEntityId } from '../../src/domain/ids.js'
import { isSubmitted, statusOfDraft } from '../storage/applications.js'
import { findAttachment, insertAttachment, type StoredAttachment } from '../storage/attachments.js'
import { findBooking } from '../storage/bookings.js'
import { transact, type Executor, type Store, type Tx } from '../storage/database.js'
import type { DocumentStore } from '../storage/documentStore.js'
import { deleteDocumentRow, findDocument, insertDocument, isHashInUse, type StoredDocument } from '../storage/documents.js'
import { findDraft } from '../storage/drafts.js'
import { lockForTransaction } from '../storage/locks.js'
import { lockDraft } from './drafts.js'

/** No page, photo or PDF, may be larger than this (photos are shrunk on the device to ~0.5 MB). */
export const maxDocumentBytes = maxPdfBytes

/** Above what phone cameras produce for the device pipeline to shrink: a bigger page only burdens the staff viewer's decoder. */
export const maxImagePixels = 40_000_000
export const maxImageLongEdge = 10_000

/** What the client declares when it starts an upload (tus metadata): a page of a draft, or an attachment of a written contact. */
export type UploadDeclaration =
  | { kind: 'page'; documentId: string; draftId: string; slot: string; page: number; sha256: string }
  | { kind: 'attachment'; documentId: string; bookingId: string; sha256: string }

type Metadata = Record<string, string | null | undefined>

const noSuchDocument = () => new DomainError('NOT_FOUND', 'No such document')

/** Checks the declared metadata before any byte is accepted, and again when the last byte arrived (sync protocol step 5). */
export async function checkDeclaration(store: Store, applicantId: string, metadata: Metadata): Promise<UploadDeclaration> {
  if (metadata.bookingId) return checkAttachment(store, applicantId, metadata)
  const { documentId, draftId, slot, page, sha256 } = metadata
  if (!isEntityId(documentId) || !isEntityId(draftId)) {
    throw new DomainError('VALIDATION_FAILED', 'documentId and draftId are required')
  }
  if (!slot || !/^[A-Za-z]{1,64}$/.test(slot) || !page || !/^\d{1,3}$/.test(page) || !isContentHash(sha256)) {
    throw new DomainError('VALIDATION_FAILED', 'slot, page and sha256 are required')
  }
  const draft = await findDraft(store.db, draftId)
  if (!draft || draft.applicantId !== applicantId) throw new DomainError('NOT_FOUND', 'No such draft')
  await checkDraftTakesPages(store.db, draftId)
  const existing = await findDocument(store.db, documentId)
  if (existing && existing.applicantId !== applicantId) throw noSuchDocument()
  return { kind: 'page', documentId, draftId, slot, page: Number(page), sha256 }
}

/** After submission, pages are added only while the authority asks for documents. */
async function checkDraftTakesPages(db: Executor, draftId: string): Promise<void> {
  const status = await statusOfDraft(db, draftId)
  if (status !== undefined && status !== 'documentsRequested') throw new DomainError('ALREADY_SUBMITTED', 'The application was submitted')
}

/** An attachment belongs to the applicant's own, active, written contact. */
async function checkAttachment(store: Store, applicantId: string, metadata: Metadata): Promise<UploadDeclaration> {
  const { documentId, bookingId, sha256 } = metadata
  if (!isEntityId(documentId) || !isEntityId(bookingId) || !isContentHash(sha256)) {
    throw new DomainError('VALIDATION_FAILED', 'documentId, bookingId and sha256 are required')
  }
  const booking = await findBooking(store.db, bookingId)
  if (!booking || booking.applicantId !== applicantId) throw new DomainError('NOT_FOUND', 'No such booking')
  if (booking.channel !== 'written' || booking.status !== 'active') throw new DomainError('CONTACT_CLOSED', 'Attachments belong to an active written contact')
  const existing = await findAttachment(store.db, documentId)
  if (existing && existing.applicantId !== applicantId) throw noSuchDocument()
  return { kind: 'attachment', documentId, bookingId, sha256 }
}

/**
 * Pages and attachments with the same content share their bytes: linking new bytes and deleting
 * the last link take turns per content, so neither removes bytes the other just relied on.
 */
const lockContent = (tx: Tx, store: Store, sha256: string) => lockForTransaction(tx, store.engine, `document:${sha256}`)

/** The whole uploaded file after its type and size were checked, in the order the client is told about them. */
async function readCheckedUpload(uploadedFile: string): Promise<{ bytes: Buffer; type: AcceptedMimeType }> {
  const handle = await open(uploadedFile, 'r').catch((error: NodeJS.ErrnoException) => {
    // Another request finished the same upload a moment ago and took its file.
    if (error.code === 'ENOENT') throw new DomainError('NOT_FOUND', 'No such upload')
    throw error
  })
  try {
    const head = Buffer.alloc(16)
    await handle.read(head, 0, head.length, 0)
    const type = sniffFileType(head)
    if (!isAcceptedType(type)) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Only JPEG, PNG and PDF are accepted')
    if ((await handle.stat()).size > maxDocumentBytes) throw new DomainError('PAYLOAD_TOO_LARGE', 'The document is too large')
    const bytes = await handle.readFile()
    if (type !== 'application/pdf') checkImageSize(bytes, type)
    return { bytes, type }
  } finally {
    await handle.close()
  }
}

/** Dimensions come from the header, so a tiny file declaring a huge picture is refused without decoding it. */
function checkImageSize(bytes: Buffer, type: 'image/jpeg' | 'image/png'): void {
  const header = readImageHeader(bytes, type)
  if (!header || header.width === 0 || header.height === 0) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'The image header cannot be read')
  const { width, height } = header
  if (width * height > maxImagePixels || Math.max(width, height) > maxImageLongEdge) {
    throw new DomainError('IMAGE_TOO_LARGE', 'The image has too many pixels or too long an edge', { width, height })
  }
}

/**
 * A finished upload: size, type by magic bytes, image dimensions and the declared SHA-256 are checked, then the
 * page or attachment is linked and its bytes kept once per content in the document store. The
 * uploaded file stays for the caller (services/uploads.ts) to remove. Finishing the same upload twice links it once.
 */
export async function acceptUpload(
  store: Store,
  documents: DocumentStore,
  applicantId: string,
  declaration: UploadDeclaration,
  uploadedFile: string,
  now = new Date().toISOString(),
): Promise<{ id: string; sha256: string }> {
  const { bytes, type } = await readCheckedUpload(uploadedFile)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  if (sha256 !== declaration.sha256) throw new DomainError('CHECKSUM_MISMATCH', 'The bytes do not match the declared SHA-256')
  const stored = { id: declaration.documentId, applicantId, sha256, mimeType: type, size: bytes.length, createdAt: now }
  await transact(store, async (tx) => {
    if (declaration.kind === 'page') {
      // Under the draft's lock: a submission either counts this page or, having gone first, has it refused here.
      await lockDraft(tx, store, declaration.draftId)
      // The retention purge (services/draftRetention.ts) may have deleted the draft since the upload began.
      if (!(await findDraft(tx, declaration.draftId))) throw new DomainError('NOT_FOUND', 'No such draft')
      await checkDraftTakesPages(tx, declaration.draftId)
    }
    await lockContent(tx, store, sha256)
    if (declaration.kind === 'page') await insertDocument(tx, { ...stored, draftId: declaration.draftId, slot: declaration.slot, page: declaration.page })
    else await insertAttachment(tx, { ...stored, bookingId: declaration.bookingId })
    // Bytes that cannot be stored roll the link back: no row ever points at missing content.
    await documents.put(sha256, bytes)
  })
  return { id: declaration.documentId, sha256 }
}

type DocumentView = Omit<StoredDocument, 'applicantId'> | Pick<StoredAttachment, 'id' | 'bookingId' | 'sha256' | 'mimeType' | 'size'>

/** The applicant's own page or attachment with this id, if it has arrived. */
export async function findOwnDocument(db: Executor, applicantId: string, id: string): Promise<DocumentView | undefined> {
  if (!isEntityId(id)) return undefined
  const document = await findDocument(db, id)
  if (document?.applicantId === applicantId) {
    const { applicantId: _owner, ...view } = document
    return view
  }
  const attachment = await findAttachment(db, id)
  if (attachment?.applicantId === applicantId) {
    const { id: attachmentId, bookingId, sha256, mimeType, size } = attachment
    return { id: attachmentId, bookingId, sha256, mimeType, size }
  }
  return undefined
}

/** A page, or an attachment of a written contact, that has arrived. */
export async function getDocument(store: Store, applicantId: string, id: string): Promise<DocumentView> {
  const document = await findOwnDocument(store.db, applicantId, id)
  if (!document) throw noSuchDocument()
  return document
}

/** Removes a page; its bytes go when no other page or attachment has the same content. Deleting twice is fine. */
export async function deleteDocument(store: Store, documents: DocumentStore, applicantId: string, id: string): Promise<void> {
  const document = isEntityId(id) ? await findDocument(store.db, id) : undefined
  // Someone else's page (or an id that could be no page) answers as a missing one, so ids cannot be probed.
  if (!document || document.applicantId !== applicantId) return
  await transact(store, async (tx) => {
    await lockDraft(tx, store, document.draftId)
    if (await isSubmitted(tx, document.draftId)) throw new DomainError('ALREADY_SUBMITTED', 'Pages of a submitted application are kept')
    await deleteDocumentRow(tx, id)
  })
  await removeUnusedContent(store, documents, [document.sha256])
}

/**
 * Removes the bytes of content no page or attachment uses any more (personal data goes with its
 * last page). Checked again under the content's lock, so an upload of the same content linked
 * meanwhile, on any instance, keeps its bytes.
 */
export async function removeUnusedContent(store: Store, documents: DocumentStore, hashes: readonly string[]): Promise<void> {
  for (const sha256 of new Set(hashes)) {
    await transact(store, async (tx) => {
      await lockContent(tx, store, sha256)
      if (!(await isHashInUse(tx, sha256))) await documents.delete(sha256)
    })
  }
}
