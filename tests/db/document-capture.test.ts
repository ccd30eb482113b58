import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, type EffectScope } from 'vue'
import type { ProcessedPage } from '@/capture/pipeline'
import { CaptureError } from '@/capture/errors'
import { numberPages, useDocumentCapture } from '@/composables/useDocumentCapture'
import { createDatabase, type AbhDatabase } from '@/db/database'
import { countPagesBySlot } from '@/db/documentsRepository'
import { createDraft } from '@/db/draftsRepository'
import type { DocumentRecord } from '@/db/records'
import { plainPdf } from '../unit/pdfFactories'

let db: AbhDatabase
let scope: EffectScope
let draftId: string

beforeEach(async () => {
  // Vitest runs Node tests as server-side code, where live queries stay off (src/composables/useLiveQuery.ts).
  vi.stubEnv('SSR', false)
  db = createDatabase(`test-${crypto.randomUUID()}`)
  await db.open()
  draftId = (await createDraft(db, 'naturalisation', 'personal')).id
  scope = effectScope()
})
afterEach(async () => {
  scope.stop()
  vi.unstubAllEnvs()
  await db.delete()
})

const capture = (prepare?: (file: Blob) => Promise<ProcessedPage>) => scope.run(() => useDocumentCapture(db, draftId, 'passport', prepare))!
const pdfFile = (pages: number) => new Blob([plainPdf(pages)], { type: 'application/pdf' })

/** Waits until the live query shows `count` files. */
const settled = (state: ReturnType<typeof capture>, count: number) => vi.waitFor(() => expect(state.pages.value).toHaveLength(count))

const photo = (flags: ProcessedPage['qualityFlags'] = []): ProcessedPage => ({
  bytes: new Uint8Array([0xff, 0xd8, 0xff, 1]).buffer,
  mimeType: 'image/jpeg',
  sha256: 'c'.repeat(64),
  width: 2000,
  height: 1500,
  qualityFlags: flags,
  pageCount: 1,
})

describe('capturing the documents of a checklist item, without a view', () => {
  it('stores a 2-page PDF as pages 1–2, and numbers the next file after it as page 3', async () => {
    const state = capture()
    await state.addFiles([pdfFile(2)])
    await settled(state, 1)
    expect(state.pages.value[0]).toMatchObject({ firstPage: 1, lastPage: 2, record: { mimeType: 'application/pdf', pageCount: 2 } })
    expect(state.announcement.value).toBe('capture.added')

    await state.addFiles([pdfFile(1)])
    await settled(state, 2)
    expect(state.pages.value.map(({ firstPage, lastPage }) => [firstPage, lastPage])).toEqual([
      [1, 2],
      [3, 3],
    ])
    expect(await countPagesBySlot(db, draftId)).toEqual({ passport: 3 })
  })

  it('keeps the quality advice of the page just taken until it is kept anyway, and a new photo replaces the page it is for', async () => {
    const state = capture(async () => photo(['glare']))
    await state.addFiles([new Blob(['photo'])])
    await settled(state, 1)
    const first = state.pages.value[0]?.record.id
    expect(state.advice.value).toEqual({ pageId: first, flags: ['glare'] })

    await state.addFiles([new Blob(['again'])], first)
    await vi.waitFor(() => expect(state.pages.value.map((page) => page.record.id)).not.toContain(first))
    expect(state.pages.value).toHaveLength(1)
    state.dismissAdvice()
    expect(state.advice.value).toBeUndefined()
  })

  it('reorders and deletes pages', async () => {
    const state = capture()
    await state.addFiles([pdfFile(1), pdfFile(3)])
    await settled(state, 2)
    await state.movePage(1, -1)
    await vi.waitFor(() => expect(state.pages.value.map((page) => page.record.pageCount)).toEqual([3, 1]))
    await state.removePage(state.pages.value[0]!.record.id)
    await settled(state, 1)
    expect(state.announcement.value).toBe('capture.deleted')
  })

  it('says what went wrong with a file it cannot take, and stores nothing', async () => {
    const state = capture()
    await state.addFiles([new Blob([new TextEncoder().encode('GIF89a not accepted')])])
    expect(state.problem.value).toBeInstanceOf(CaptureError)
    expect(state.problem.value?.messageKey).toBe('capture.errors.UNSUPPORTED_TYPE')
    expect(state.busy.value).toBe(false)
    expect(await db.documents.count()).toBe(0)
  })
})

describe('page numbers of a checklist item', () => {
  const record = (pageCount: number | null | undefined) => ({ pageCount }) as DocumentRecord
  it('counts every page a file holds, and a file whose pages are unknown as one', () => {
    expect(numberPages([record(1), record(4), record(undefined), record(null), record(2)]).map(({ firstPage, lastPage }) => `${firstPage}-${lastPage}`)).toEqual([
      '1-1',
      '2-5',
      '6-6',
      '7-7',
      '8-9',
    ])
  })
})
