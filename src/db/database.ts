import { Dexie, type EntityTable } from 'dexie'
import { releaseOnWipe } from '@/staff/assistedSession'
import type { BookingRequestRecord, CacheRecord, DocumentOwner, DocumentRecord, DraftRecord, OutboxRecord, SettingRecord } from './records'

export const databaseName = 'abh-digital'

export type AbhDatabase = Dexie & {
  drafts: EntityTable<DraftRecord, 'id'>
  documents: EntityTable<DocumentRecord, 'id'>
  outbox: EntityTable<OutboxRecord, 'seq'>
  cache: EntityTable<CacheRecord, 'key'>
  settings: EntityTable<SettingRecord, 'key'>
  bookingRequests: EntityTable<BookingRequestRecord, 'id'>
}

/**
 * Opens the device database. Schema versions are numbered and only ever added (docs/device-data.md):
 * never change a version that has shipped, add the next one with its upgrade.
 */
export function createDatabase(name = databaseName): AbhDatabase {
  const db = new Dexie(name) as AbhDatabase
  db.version(1).stores({
    drafts: 'id, serviceId, updatedAt, state',
    documents: 'id, draftId, [draftId+slot], sha256',
    outbox: '++seq, kind, entityId, draftId, idempotencyKey, [entityId+kind]',
    cache: 'key',
    settings: 'key',
  })
  // Version 2: booking requests made offline (docs/booking.md).
  db.version(2).stores({ bookingRequests: 'id, state, createdAt' })
  // Another tab deletes the database (the shared-device wipe) and its request may arrive before the
  // tab has heard of the wipe: close at once and quietly (Dexie's own handler warns on the console),
  // so the delete is not blocked. Upgrades keep Dexie's handling.
  db.on('versionchange', (event) => {
    if (event.newVersion) return undefined
    db.close({ disableAutoOpen: true })
    return false
  })
  // Version 3: a page says whose it is (`owner`) instead of an attachment's draftId "booking:<id>".
  db.version(3)
    .stores({})
    .upgrade(async (tx) => {
      const legacyPrefix = 'booking:'
      const requests = new Map((await tx.table<BookingRequestRecord, string>('bookingRequests').toArray()).map((request) => [request.id, request]))
      const ownerOf = (id: string): DocumentOwner => {
        const request = requests.get(id)
        if (!request) return { kind: 'booking', bookingId: id }
        return request.booking ? { kind: 'booking', bookingId: request.booking.bookingId } : { kind: 'bookingRequest', requestId: id }
      }
      await tx
        .table<DocumentRecord, string>('documents')
        .toCollection()
        .modify((page) => {
          if (!page.draftId.startsWith(legacyPrefix)) page.owner = { kind: 'draft' }
          else {
            page.draftId = page.draftId.slice(legacyPrefix.length)
            page.owner = ownerOf(page.draftId)
          }
        })
      await tx
        .table<OutboxRecord, number>('outbox')
        .filter((row) => row.draftId.startsWith(legacyPrefix))
        .modify((row) => {
          row.draftId = row.draftId.slice(legacyPrefix.length)
        })
    })
  return db
}

let shared: AbhDatabase | undefined

/** The app's one database connection, opened on first use (never on the home screen). */
export function getDatabase(): AbhDatabase {
  if (!shared) {
    const opened = createDatabase()
    // Another tab's wipe: closed before this tab reloads, so the delete there is never blocked.
    releaseOnWipe(() => opened.close({ disableAutoOpen: true }))
    shared = opened
  }
  return shared
}

/**
 * Deletes the device database (the shared-device wipe, docs/staff.md). The connection stays closed
 * afterwards, so nothing can write into a new, empty database before the page reloads.
 */
export async function deleteDeviceDatabase(): Promise<void> {
  shared?.close({ disableAutoOpen: true })
  await Dexie.delete(databaseName)
}
