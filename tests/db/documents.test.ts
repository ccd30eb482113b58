import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase, type AbhDatabase } from '@/db/database'
import {
  addPage,
  countPagesBySlot,
  deletePage,
  documentBytes,
  ensureRoomFor,
  listPages,
  reorderPages,
  replacePage,
  type NewPage,
} from '@/db/documentsRepository'
import { createDraft, deleteDraft } from '@/db/draftsRepository'
import type { RepositoryEnvironment } from '@/db/repositoryHelpers'
import { StorageError } from '@/db/storageErrors'

let db: AbhDatabase
let ids = 0
const env: RepositoryEnvironment = { now: () => '2026-11-28T12:00:00.000Z', newId: () => `id-${++ids}` }

beforeEach(async () => {
  ids = 0
  db = createDatabase(`test-${crypto.randomUUID()}`)
  await db.open()
})
afterEach(() => db.delete())

function jpeg(fill: number, size = 1000): NewPage {
  const bytes = new Uint8Array(size).fill(fill)
  bytes.set([0xff, 0xd8, 0xff])
  return { bytes: bytes.buffer, mimeType: 'image/jpeg', sha256: `hash-${fill}`, width: 2000, height: 1500, qualityFlags: ['dark'], pageCount: 1 }
}

describe('pages of a checklist item', () => {
  it('stores bytes, hash and size, and queues the upload in the same transaction', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    await db.outbox.clear()
    const page = await addPage(db, draft.id, 'passport', jpeg(7), env)
    const stored = await db.documents.get(page.id)
    expect(stored).toMatchObject({ draftId: draft.id, slot: 'passport', page: 1, mimeType: 'image/jpeg', sha256: 'hash-7', width: 2000, qualityFlags: ['dark'] })
    expect(stored?.bytes).toBeInstanceOf(ArrayBuffer)
    expect(new Uint8Array(stored!.bytes)[500]).toBe(7)
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ kind: 'uploadDocument', entityId: page.id })])
  })

  it('stores neither the page nor the upload row when the transaction fails', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const outboxBefore = await db.outbox.count()
    db.outbox.hook('creating', () => {
      throw new Error('disk trouble')
    })
    await expect(addPage(db, draft.id, 'passport', jpeg(1), env)).rejects.toBeInstanceOf(StorageError)
    expect(await db.documents.count()).toBe(0)
    expect(await db.outbox.count()).toBe(outboxBefore)
  })

  it('numbers pages in order, reorders them, and counts them per item', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const first = await addPage(db, draft.id, 'passport', jpeg(1), env)
    const second = await addPage(db, draft.id, 'passport', jpeg(2), env)
    await addPage(db, draft.id, 'birthCertificate', jpeg(3), env)
    expect((await listPages(db, draft.id, 'passport')).map((page) => page.id)).toEqual([first.id, second.id])
    await reorderPages(db, [second.id, first.id])
    expect((await listPages(db, draft.id, 'passport')).map((page) => page.id)).toEqual([second.id, first.id])
    expect(await countPagesBySlot(db, draft.id)).toEqual({ passport: 2, birthCertificate: 1 })
    expect(await documentBytes(db, draft.id)).toBe(3000)
  })

  it('deletes a page with its queued upload, and asks the server to forget it in case an upload got through', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const page = await addPage(db, draft.id, 'passport', jpeg(1), env)
    await deletePage(db, page.id, env)
    expect(await db.documents.count()).toBe(0)
    expect((await db.outbox.where({ entityId: page.id }).toArray()).map((row) => row.kind)).toEqual(['deleteDocument'])
  })

  it('asks the server to forget a page it already has', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const page = await addPage(db, draft.id, 'passport', jpeg(1), env)
    await db.outbox.where({ entityId: page.id }).delete() // the upload was acknowledged
    await deletePage(db, page.id, env)
    expect(await db.outbox.where({ entityId: page.id }).toArray()).toEqual([expect.objectContaining({ kind: 'deleteDocument' })])
  })

  it('retakes a page in the same position', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const first = await addPage(db, draft.id, 'passport', jpeg(1), env)
    const second = await addPage(db, draft.id, 'passport', jpeg(2), env)
    const retaken = await replacePage(db, first.id, jpeg(9), env)
    const pages = await listPages(db, draft.id, 'passport')
    expect(pages.map((page) => [page.id, page.page, page.sha256])).toEqual([
      [retaken.id, 1, 'hash-9'],
      [second.id, 2, 'hash-2'],
    ])
    expect(await db.outbox.where({ kind: 'uploadDocument' }).toArray()).toHaveLength(2)
  })

  it('deleting the draft removes its pages and their queued uploads, and queues the deletion on the server', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    await addPage(db, draft.id, 'passport', jpeg(1), env)
    await deleteDraft(db, draft.id, env)
    expect(await db.documents.count()).toBe(0)
    expect((await db.outbox.toArray()).map((row) => row.kind)).toEqual(['deleteDraft'])
  })
})

describe('room on the disk', () => {
  const storage = (quota: number, usage: number) => ({ estimate: async () => ({ quota, usage }) }) as unknown as StorageManager

  it('refuses a page that would not fit, before writing anything', async () => {
    await expect(ensureRoomFor(2_000_000, storage(10_000_000, 6_000_000))).rejects.toMatchObject({ code: 'STORAGE_FULL' })
  })

  it('lets a page through when there is room, or when the browser cannot say', async () => {
    await expect(ensureRoomFor(500_000, storage(1_000_000_000, 6_000_000))).resolves.toBeUndefined()
    await expect(ensureRoomFor(500_000, {} as StorageManager)).resolves.toBeUndefined()
  })
})
