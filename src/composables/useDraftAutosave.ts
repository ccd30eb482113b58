import { onBeforeUnmount, ref, toRaw } from 'vue'
import { getDatabase } from '@/db/database'
import { saveDraft, type DraftChange } from '@/db/draftsRepository'
import { requestPersistentStorageOnce } from '@/db/persistence'
import { toStorageError, type StorageError } from '@/db/storageErrors'
import { onBeforeAppUpdate } from '@/pwa/updateHooks'

/** Answers reach IndexedDB at most this long after a change (the target is half a second). */
export const autosaveDelayMs = 250

export type SaveStatus = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: string } | { state: 'failed'; error: StorageError }

/**
 * Saves a draft shortly after each change and at once on flush() (before a step change, before
 * an app update, when the page is hidden). Saves run one after another, newest state last.
 */
export function useDraftAutosave(draftId: string) {
  const status = ref<SaveStatus>({ state: 'idle' })
  let pending: DraftChange | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let chain: Promise<void> = Promise.resolve()

  function schedule(change: DraftChange) {
    pending = change
    status.value = { state: 'saving' }
    clearTimeout(timer)
    timer = setTimeout(() => void flush(), autosaveDelayMs)
  }

  /** Writes the newest change now; resolves when it is stored, rejects with a StorageError if it could not be. */
  function flush(): Promise<void> {
    clearTimeout(timer)
    const change = pending
    pending = undefined
    if (change) {
      // toRaw: IndexedDB clones plain objects, not Vue proxies.
      const plain: DraftChange = { answers: { ...toRaw(change.answers) }, currentStep: change.currentStep }
      chain = chain.then(async () => {
        status.value = { state: 'saving' }
        try {
          const saved = await saveDraft(getDatabase(), draftId, plain)
          // A newer change is already waiting: the status stays "saving" until that one is stored.
          if (pending === undefined) status.value = { state: 'saved', at: saved.updatedAt }
          void requestPersistentStorageOnce(getDatabase())
        } catch (error) {
          const storageError = toStorageError(error)
          status.value = { state: 'failed', error: storageError }
          // Keep the change for the next attempt: nothing typed is dropped.
          pending ??= change
          throw storageError
        }
      })
      // Later saves must still run after a failed one.
      const result = chain
      chain = chain.catch(() => undefined)
      return result
    }
    return chain
  }

  const flushQuietly = () => void flush().catch(() => undefined)
  const flushWhenHidden = () => {
    if (document.visibilityState === 'hidden') flushQuietly()
  }
  document.addEventListener('visibilitychange', flushWhenHidden)
  window.addEventListener('pagehide', flushQuietly)
  const removeUpdateHook = onBeforeAppUpdate(flush)
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', flushWhenHidden)
    window.removeEventListener('pagehide', flushQuietly)
    removeUpdateHook()
    flushQuietly()
  })

  return { status, schedule, flush }
}
