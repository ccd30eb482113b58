import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase, type AbhDatabase } from '@/db/database'
import { createDraft, deleteDraft, getDraft, listDrafts, queueSubmission, saveDraft, setDocumentDeferred, type RepositoryEnvironment } from '@/db/draftsRepository'
import { StorageError, toStorageError } from '@/db/storageErrors'
import { requestPersistentStorageOnce } from '@/db/persistence'

let db: AbhDatabase
let clock: number
let ids: number
const env: RepositoryEnvironment = {
  now: () => new Date(Date.UTC(2026, 10, 28, 12, 0, clock++)).toISOString(),
  newId: () => `id-${++ids}`,
}

beforeEach(async () => {
  clock = 0
  ids = 0
  db = createDatabase(`test-${crypto.randomUUID()}`)
  await db.open()
})
afterEach(async () => {
  await db.delete()
})

const page = (draftId: string, id: string) => ({
  id,
  draftId,
  owner: { kind: 'draft' as const },
  slot: 'passport',
  page: 1,
  bytes: new Uint8Array([0xff, 0xd8, 0xff]).buffer,
  mimeType: 'image/jpeg',
  sha256: 'abc',
  width: 10,
  height: 10,
  qualityFlags: [],
  createdAt: env.now(),
})

describe('drafts on the device', () => {
  it('creates a draft and queues it for sync in one go', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    expect(await getDraft(db, draft.id)).toEqual(draft)
    expect(draft).toMatchObject({ serviceId: 'naturalisation', currentStep: 'personal', localRevision: 1, baseRevision: null, state: 'editing' })
    const rows = await db.outbox.toArray()
    expect(rows).toEqual([expect.objectContaining({ kind: 'saveDraft', entityId: draft.id, draftRevision: 1, attempts: 0 })])
  })

  it('saves answers and position, and keeps one outbox row per draft with the same idempotency key', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const [firstRow] = await db.outbox.toArray()
    await saveDraft(db, draft.id, { changedAnswers: { surname: 'Шевченко' }, currentStep: 'personal' }, env)
    const saved = await saveDraft(db, draft.id, { changedAnswers: { surname: 'Шевченко', givenNames: 'Олена' }, currentStep: 'contact' }, env)
    expect(await getDraft(db, draft.id)).toEqual(saved)
    expect(saved).toMatchObject({ answers: { surname: 'Шевченко', givenNames: 'Олена' }, currentStep: 'contact', localRevision: 3 })
    const rows = await db.outbox.toArray()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ idempotencyKey: firstRow?.idempotencyKey, draftRevision: 3 })
  })

  it('merges field by field, so two views of one draft do not undo each other', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    await saveDraft(db, draft.id, { changedAnswers: { surname: 'Haddad' }, currentStep: 'personal' }, env)
    await saveDraft(db, draft.id, { changedAnswers: { city: 'Halle' }, currentStep: 'contact' }, env)
    expect((await getDraft(db, draft.id))?.answers).toEqual({ surname: 'Haddad', city: 'Halle' })
  })

  it('gives a save row a new idempotency key when new content joins a row that was already sent', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const [row] = await db.outbox.toArray()
    await db.outbox.update(row!.seq!, { attempts: 2 })
    await saveDraft(db, draft.id, { changedAnswers: { surname: 'Haddad' }, currentStep: 'personal' }, env)
    const [after] = await db.outbox.toArray()
    expect(after).toMatchObject({ draftRevision: 2, attempts: 0 })
    expect(after?.idempotencyKey).not.toBe(row?.idempotencyKey)
  })

  it('leaves a submitted draft as it is', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    await queueSubmission(db, draft.id, env)
    const before = await getDraft(db, draft.id)
    await saveDraft(db, draft.id, { changedAnswers: { surname: 'changed later' }, currentStep: 'personal' }, env)
    expect(await getDraft(db, draft.id)).toEqual(before)
    await expect(deleteDraft(db, draft.id, env)).rejects.toBeInstanceOf(StorageError)
    expect(await getDraft(db, draft.id)).toEqual(before)
  })

  it('queues a new save row when the previous one has already left the outbox', async () => {
    const draft = await createDraft(db, 'settlement', 'personal', env)
    await db.outbox.clear()
    await saveDraft(db, draft.id, { changedAnswers: { city: 'Köln' }, currentStep: 'contact' }, env)
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ kind: 'saveDraft', entityId: draft.id, draftRevision: 2 })])
  })

  it('writes neither the draft nor its outbox row when the transaction aborts', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const before = await db.outbox.toArray()
    // The outbox write fails, so the draft change in the same transaction must be rolled back too.
    db.outbox.hook('updating', () => {
      throw new Error('disk trouble')
    })
    await expect(saveDraft(db, draft.id, { changedAnswers: { surname: 'Yılmaz' }, currentStep: 'contact' }, env)).rejects.toBeInstanceOf(StorageError)
    expect(await getDraft(db, draft.id)).toEqual(draft)
    expect(await db.outbox.toArray()).toEqual(before)
  })

  it('lists drafts with the most recently saved first', async () => {
    const older = await createDraft(db, 'naturalisation', 'personal', env)
    const newer = await createDraft(db, 'humanitarian', 'personal', env)
    expect((await listDrafts(db)).map((draft) => draft.id)).toEqual([newer.id, older.id])
    await saveDraft(db, older.id, { changedAnswers: {}, currentStep: 'contact' }, env)
    expect((await listDrafts(db)).map((draft) => draft.id)).toEqual([older.id, newer.id])
  })

  it('deletes a draft with its documents and every queued mutation about them', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    const other = await createDraft(db, 'settlement', 'personal', env)
    await db.documents.bulkAdd([page(draft.id, 'doc-1'), page(other.id, 'doc-2')])
    await db.outbox.add({ kind: 'uploadDocument', entityId: 'doc-1', draftId: draft.id, idempotencyKey: 'k', createdAt: env.now(), attempts: 0 })
    await deleteDraft(db, draft.id, env)
    expect(await getDraft(db, draft.id)).toBeUndefined()
    expect(await db.documents.toArray()).toEqual([expect.objectContaining({ id: 'doc-2' })])
    // What may already be on the server is deleted there too (404 counts as done).
    expect((await db.outbox.toArray()).map((row) => [row.kind, row.entityId])).toEqual([
      ['saveDraft', other.id],
      ['deleteDraft', draft.id],
    ])
  })

  it('asks the server to delete its copy of a draft it has already seen', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    await db.drafts.update(draft.id, { baseRevision: 4 })
    await deleteDraft(db, draft.id, env)
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ kind: 'deleteDraft', entityId: draft.id })])
  })

  it('keeps the bytes of a page as an ArrayBuffer', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    await db.documents.add(page(draft.id, 'doc-1'))
    const stored = await db.documents.get('doc-1')
    expect(stored?.bytes).toBeInstanceOf(ArrayBuffer)
    expect([...new Uint8Array(stored?.bytes ?? new ArrayBuffer(0))]).toEqual([0xff, 0xd8, 0xff])
  })

  it('queues a submission once, with its own idempotency key', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    await queueSubmission(db, draft.id, env)
    await queueSubmission(db, draft.id, env)
    expect((await getDraft(db, draft.id))?.state).toBe('submitting')
    const submissions = await db.outbox.where({ kind: 'submitApplication' }).toArray()
    expect(submissions).toHaveLength(1)
    expect(submissions[0]?.idempotencyKey).toMatch(/^id-/)
  })

  it('marks documents as handed in later while the draft is edited, and keeps the choice once it is submitted', async () => {
    const draft = await createDraft(db, 'naturalisation', 'personal', env)
    await setDocumentDeferred(db, draft.id, 'payslips', true)
    await setDocumentDeferred(db, draft.id, 'birthCertificate', true)
    await setDocumentDeferred(db, draft.id, 'payslips', true)
    await setDocumentDeferred(db, draft.id, 'birthCertificate', false)
    expect((await getDraft(db, draft.id))?.deferredDocuments).toEqual(['payslips'])
    await queueSubmission(db, draft.id, env)
    await setDocumentDeferred(db, draft.id, 'payslips', false)
    expect((await getDraft(db, draft.id))?.deferredDocuments).toEqual(['payslips'])
  })
})

describe('storage errors', () => {
  it('recognises a full disk, also when Dexie wraps it in an AbortError', () => {
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' })
    expect(toStorageError(quota).code).toBe('STORAGE_FULL')
    expect(toStorageError(Object.assign(new Error('abort'), { name: 'AbortError', inner: quota })).code).toBe('STORAGE_FULL')
    expect(toStorageError(Object.assign(new Error('x'), { name: 'MissingAPIError' })).code).toBe('STORAGE_UNAVAILABLE')
    expect(toStorageError(new Error('other')).messageKey).toBe('storage.STORAGE_FAILED')
  })
})

describe('persistent storage', () => {
  it('asks the browser once, after the first save', async () => {
    let asked = 0
    const storage = { persist: async () => (asked += 1) > 0 } as unknown as StorageManager
    await requestPersistentStorageOnce(db, storage)
    await requestPersistentStorageOnce(db, storage)
    expect(asked).toBe(1)
  })
})
