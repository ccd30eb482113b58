import { onBeforeUnmount, ref, toRaw } from 'vue'
import { getDatabase } from '@/db/database'
import { saveDraft } from '@/db/draftsRepository'
import { requestPersistentStorageOnce } from '@/db/persistence'
import { toStorageError, type StorageError } from '@/db/storageErrors'
import type { Answers } from '@/domain/applications/types'
import { onBeforeAppUpdate } from '@/pwa/updateHooks'

/** Answers reach IndexedDB at most this long after a change (the target is half a second). */
export const autosaveDelayMs = 250

export type SaveStatus = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: string } | { state: 'failed'; error: StorageError }

interface Snapshot {
  answers: Answers
  currentStep: string
}

/** The answers that differ from what this view last stored: only those are written. */
function changedAnswers(next: Answers, stored: Answers): Record<string, Answers[string]> {
  const changed: Record<string, Answers[string]> = {}
  for (const key of new Set([...Object.keys(next), ...Object.keys(stored)])) {
    if (next[key] !== stored[key]) changed[key] = next[key]
  }
  return changed
}

/**
 * Saves a draft shortly after each change and at once on flush() (before a step change, before
 * an app update, when the page is hidden). Only the fields this view changed are written, so two
 * views of the same draft (two tabs, or the app next to a browser tab) do not undo each other.
 */
export function useDraftAutosave(draftId: string) {
  const status = ref<SaveStatus>({ state: 'idle' })
  let stored: Snapshot = { answers: {}, currentStep: '' }
  let latest: Snapshot | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let chain: Promise<void> = Promise.resolve()

  /** What the view loaded; later changes are measured against it. */
  function reset(snapshot: Snapshot) {
    stored = { answers: { ...snapshot.answers }, currentStep: snapshot.currentStep }
    latest = undefined
  }

  function schedule(snapshot: Snapshot) {
    latest = snapshot
    if (!hasUnsavedChanges()) return
    status.value = { state: 'saving' }
    clearTimeout(timer)
    timer = setTimeout(() => void flush().catch(() => undefined), autosaveDelayMs)
  }

  function hasUnsavedChanges(): boolean {
    if (!latest) return false
    return latest.currentStep !== stored.currentStep || Object.keys(changedAnswers(latest.answers, stored.answers)).length > 0
  }

  /** Writes the newest change now; rejects with a StorageError if it could not be stored (it stays pending). */
  function flush(): Promise<void> {
    clearTimeout(timer)
    const result = chain.then(async () => {
      if (!latest || !hasUnsavedChanges()) return
      const target: Snapshot = { answers: { ...toRaw(latest.answers) }, currentStep: latest.currentStep }
      status.value = { state: 'saving' }
      try {
        const saved = await saveDraft(getDatabase(), draftId, {
          changedAnswers: changedAnswers(target.answers, stored.answers),
          currentStep: target.currentStep,
        })
        stored = target
        // A newer change is already waiting: the status stays "saving" until that one is stored.
        if (!hasUnsavedChanges()) status.value = { state: 'saved', at: saved.updatedAt }
        void requestPersistentStorageOnce(getDatabase()).catch(() => undefined)
      } catch (error) {
        const storageError = toStorageError(error)
        status.value = { state: 'failed', error: storageError }
        throw storageError
      }
    })
    // Later saves must still run after a failed one.
    chain = result.catch(() => undefined)
    return result
  }

  const flushQuietly = () => void flush().catch(() => undefined)
  const flushWhenHidden = () => {
    if (document.visibilityState === 'hidden') flushQuietly()
  }
  // Closing the tab while a change is unsaved: the browser asks first.
  const warnBeforeUnload = (event: BeforeUnloadEvent) => {
    if (hasUnsavedChanges()) event.preventDefault()
  }
  document.addEventListener('visibilitychange', flushWhenHidden)
  window.addEventListener('pagehide', flushQuietly)
  window.addEventListener('beforeunload', warnBeforeUnload)
  const removeUpdateHook = onBeforeAppUpdate(flush)
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', flushWhenHidden)
    window.removeEventListener('pagehide', flushQuietly)
    window.removeEventListener('beforeunload', warnBeforeUnload)
    removeUpdateHook()
    flushQuietly()
  })

  return { status, reset, schedule, flush, hasUnsavedChanges }
}
