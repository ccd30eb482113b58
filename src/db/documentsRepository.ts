import type { AbhDatabase } from './database'
import { browserEnvironment, runWrite, outboxRow, type RepositoryEnvironment } from './repositoryHelpers'
import type { DocumentOwner, DocumentRecord } from './records'
import { StorageError } from './storageErrors'

/** An attachment of a written contact, by whom it belongs to. */
export type ContactOwner = Exclude<DocumentOwner, { kind: 'draft' }>

/** The slot every attachment of a written contact is kept under. */
export const attachmentSlot = 'attachment'

/** A page as capture hands it over. */
export type NewPage = Pick<DocumentRecord, 'bytes' | 'mimeType' | 'sha256' | 'width' | 'height' | 'qualityFlags'> & { pageCount: number | null }

/** The pages a stored file holds: a PDF may hold several; one that could not be counted, and every photo, is one. */
export const pagesIn = (page: Pick<DocumentRecord, 'pageCount'>): number => page.pageCount ?? 1

/** How many pages each checklist item of a draft has on this device. */
export async function countPagesBySlot(db: AbhDatabase, draftId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  await db.documents.where({ draftId }).each((page) => {
    counts[page.slot] = (counts[page.slot] ?? 0) + pagesIn(page)
  })
  return counts
}

/**
 * How many pages each checklist item has, on this device or, for a submitted application, at the
 * authority: whichever is more (a recovered device has none of the photos itself).
 */
export async function countHeldPagesBySlot(db: AbhDatabase, draftId: string): Promise<Record<string, number>> {
  const [counts, draft] = await Promise.all([countPagesBySlot(db, draftId), db.drafts.get(draftId)])
  const received: Record<string, number> = {}
  for (const { slot } of draft?.state === 'submitted' ? (draft.receivedDocuments ?? []) : []) received[slot] = (received[slot] ?? 0) + 1
  for (const [slot, count] of Object.entries(received)) counts[slot] = Math.max(counts[slot] ?? 0, count)
  return counts
}

/** The pages of one checklist item in their order. */
export async function listPages(db: AbhDatabase, draftId: string, slot: string): Promise<DocumentRecord[]> {
  const pages = await db.documents.where({ draftId, slot }).toArray()
  return pages.sort((a, b) => a.page - b.page)
}

/** Bytes the documents of a draft take on this device. */
export async function documentBytes(db: AbhDatabase, draftId: string): Promise<number> {
  let total = 0
  await db.documents.where({ draftId }).each((page) => (total += page.bytes.byteLength))
  return total
}

/** IndexedDB stores more than the payload; ask for room to spare before writing. */
const storageOverheadFactor = 2
const storageMarginBytes = 5 * 1024 * 1024

/**
 * Refuses a write that would not fit, before it is attempted: a full disk must not break what
 * is already stored. Browsers without an estimate are let through (the write may still fail cleanly).
 */
export async function ensureRoomFor(bytes: number, storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<void> {
  if (!storage?.estimate) return
  const { quota, usage } = await storage.estimate()
  if (quota === undefined || usage === undefined) return
  if (quota - usage < bytes * storageOverheadFactor + storageMarginBytes) throw new StorageError('STORAGE_FULL')
}

/** Adds a page at the end of a checklist item, with its upload queued in the same transaction. */
export function addPage(db: AbhDatabase, draftId: string, slot: string, page: NewPage, env = browserEnvironment): Promise<DocumentRecord> {
  return addOwnedPage(db, draftId, { kind: 'draft' }, slot, page, env)
}

/** The id a written contact's attachments are grouped under (with the request's own outbox row). */
const contactIdOf = (owner: ContactOwner) => (owner.kind === 'bookingRequest' ? owner.requestId : owner.bookingId)

/** Adds an attachment of a written contact (the request made offline, or the booking), its upload queued. */
export function addAttachment(db: AbhDatabase, owner: ContactOwner, page: NewPage, env = browserEnvironment): Promise<DocumentRecord> {
  return addOwnedPage(db, contactIdOf(owner), owner, attachmentSlot, page, env)
}

function addOwnedPage(db: AbhDatabase, draftId: string, owner: DocumentOwner, slot: string, page: NewPage, env: RepositoryEnvironment): Promise<DocumentRecord> {
  return runWrite(() =>
    db.transaction('rw', db.documents, db.outbox, async () => {
      const last = await db.documents.where({ draftId, slot }).toArray()
      const record: DocumentRecord = {
        id: env.newId(),
        draftId,
        owner,
        slot,
        page: last.reduce((highest, existing) => Math.max(highest, existing.page), 0) + 1,
        ...page,
        createdAt: env.now(),
      }
      await db.documents.add(record)
      await db.outbox.add(outboxRow('uploadDocument', record.id, record.draftId, env))
      return record
    }),
  )
}

/**
 * Removes a page and its queued upload, and queues its deletion on the server: an upload in
 * flight, or finished with its answer lost, may have arrived (404 then counts as done).
 */
export function deletePage(db: AbhDatabase, id: string, env = browserEnvironment): Promise<void> {
  return runWrite(() =>
    db.transaction('rw', db.documents, db.outbox, async () => {
      const record = await db.documents.get(id)
      if (!record) return
      await db.outbox.where({ entityId: id, kind: 'uploadDocument' }).delete()
      await db.documents.delete(id)
      await db.outbox.add(outboxRow('deleteDocument', id, record.draftId, env))
    }),
  )
}

/** Replaces a page by a new picture at the same position (retake). */
export function replacePage(db: AbhDatabase, id: string, page: NewPage, env = browserEnvironment): Promise<DocumentRecord> {
  return runWrite(() =>
    db.transaction('rw', db.documents, db.outbox, async () => {
      const old = await db.documents.get(id)
      if (!old) throw new Error(`No page ${id}`)
      await deletePage(db, id, env)
      const record: DocumentRecord = { ...old, ...page, id: env.newId(), createdAt: env.now() }
      await db.documents.add(record)
      await db.outbox.add(outboxRow('uploadDocument', record.id, record.draftId, env))
      return record
    }),
  )
}

/** Puts the pages of a checklist item into the given order. */
export function reorderPages(db: AbhDatabase, orderedIds: readonly string[]): Promise<void> {
  return runWrite(() =>
    db.transaction('rw', db.documents, async () => {
      for (const [index, id] of orderedIds.entries()) await db.documents.update(id, { page: index + 1 })
    }),
  )
}
