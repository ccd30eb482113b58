import { Dexie, type EntityTable } from 'dexie'
import { releaseOnWipe } from '@/staff/assistedSession'
import type { BookingRequestRecord, CacheRecord, DocumentRecord, DraftRecord, OutboxRecord, SettingRecord } from './records'

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
