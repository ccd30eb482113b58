import { computed, ref, shallowRef, type MaybeRefOrGetter, toValue } from 'vue'
import { CaptureError } from '@/capture/errors'
import type { ProcessedPage } from '@/capture/pipeline'
import { preparePage } from '@/capture/preparePage'
import { useLiveQuery } from '@/composables/useLiveQuery'
import type { AbhDatabase } from '@/db/database'
import { addPage, deletePage, ensureRoomFor, listPages, pagesIn, reorderPages, replacePage } from '@/db/documentsRepository'
import type { DocumentRecord } from '@/db/records'
import { toStorageError, type StorageError } from '@/db/storageErrors'
import type { QualityFlag } from '@/domain/documents/quality'

/** A stored file with the page numbers it covers inside its checklist item: a 2-page PDF after a photo is pages 2–3. */
export interface NumberedPage {
  record: DocumentRecord
  firstPage: number
  lastPage: number
}

/** Numbers the files of a checklist item by the pages they hold, in their order. */
export function numberPages(records: readonly DocumentRecord[]): NumberedPage[] {
  let next = 1
  return records.map((record) => {
    const firstPage = next
    next += pagesIn(record)
    return { record, firstPage, lastPage: next - 1 }
  })
}

/** What screen readers are told once a step is done (a message key; '' for nothing). */
export type CaptureAnnouncement = '' | 'capture.processing' | 'capture.added' | 'capture.deleted'

/**
 * The use case of one checklist item on the documents step: adding photos and files (a new photo
 * may replace a page), reordering and deleting pages, the quality advice after a capture and what
 * went wrong. Views lay it out; tests call it without mounting one.
 */
export function useDocumentCapture(
  db: AbhDatabase,
  draftId: MaybeRefOrGetter<string>,
  slot: MaybeRefOrGetter<string>,
  prepare: (file: Blob) => Promise<ProcessedPage> = preparePage,
) {
  const records = useLiveQuery(() => listPages(db, toValue(draftId), toValue(slot)), [] as DocumentRecord[], [() => toValue(draftId), () => toValue(slot)])
  const pages = computed(() => numberPages(records.value))
  const busy = ref(false)
  const problem = shallowRef<CaptureError | StorageError>()
  const announcement = ref<CaptureAnnouncement>('')
  const advice = shallowRef<{ pageId: string; flags: QualityFlag[] }>()

  async function store(file: Blob, replacing: string | undefined): Promise<void> {
    const page = await prepare(file)
    await ensureRoomFor(page.bytes.byteLength)
    const record = replacing ? await replacePage(db, replacing, page) : await addPage(db, toValue(draftId), toValue(slot), page)
    advice.value = page.qualityFlags.length > 0 ? { pageId: record.id, flags: page.qualityFlags } : undefined
  }

  /** Stores the chosen files one after another; with `replacing`, the first one takes that page's place. */
  async function addFiles(files: readonly Blob[], replacing?: string): Promise<void> {
    if (files.length === 0) return
    busy.value = true
    problem.value = undefined
    advice.value = undefined
    announcement.value = 'capture.processing'
    try {
      let replaced = replacing
      for (const file of files) {
        await store(file, replaced)
        replaced = undefined
      }
      announcement.value = 'capture.added'
    } catch (error) {
      announcement.value = ''
      problem.value = error instanceof CaptureError ? error : toStorageError(error)
    } finally {
      busy.value = false
    }
  }

  async function run(action: () => Promise<void>): Promise<void> {
    problem.value = undefined
    try {
      await action()
    } catch (error) {
      problem.value = toStorageError(error)
    }
  }

  /** Moves the page at `index` one place up (-1) or down (1). */
  function movePage(index: number, offset: -1 | 1): Promise<void> {
    const order = records.value.map((record) => record.id)
    const [moved] = order.splice(index, 1)
    if (moved === undefined) return Promise.resolve()
    order.splice(index + offset, 0, moved)
    return run(() => reorderPages(db, order))
  }

  function removePage(id: string): Promise<void> {
    if (advice.value?.pageId === id) advice.value = undefined
    return run(async () => {
      await deletePage(db, id)
      announcement.value = 'capture.deleted'
    })
  }

  /** The applicant keeps the page despite the advice. */
  function dismissAdvice(): void {
    advice.value = undefined
  }

  return { pages, busy, problem, announcement, advice, addFiles, movePage, removePage, dismissAdvice }
}
