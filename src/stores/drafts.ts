import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getDatabase } from '@/db/database'
import { countPagesBySlot } from '@/db/documentsRepository'
import { createDraft, deleteDraft, listDrafts, pendingMutationCount } from '@/db/draftsRepository'
import type { DraftRecord } from '@/db/records'
import { deriveChecklist, openDocuments } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import { stepPosition } from '@/domain/applications/steps'
import type { ServiceId } from '@/domain/catalogue'
import { storageKeys } from '@/constants'
import { startSync } from '@/sync/start'

/** From now on the home screen starts the sync engine too (see src/main.ts). */
function markDeviceData() {
  try {
    localStorage.setItem(storageKeys.hasDeviceData, '1')
  } catch {
    // Private mode: sync still starts on the application screens.
  }
}

export type DraftSyncState = 'local' | 'pending' | 'synced' | 'submitting' | 'submitted'

/** A draft as "My applications" shows it. */
export interface DraftSummary {
  draft: DraftRecord
  /** Where the applicant will go on: step `current` of `total`, counted as the draft screen counts them. */
  step: { current: number; total: number }
  /** Required checklist items without a page yet and not handed in later. */
  missingDocuments: string[]
  syncState: DraftSyncState
}

async function summarise(draft: DraftRecord): Promise<DraftSummary> {
  const db = getDatabase()
  const form = applicationForms[draft.serviceId]
  const pages = await countPagesBySlot(db, draft.id)
  const pending = await pendingMutationCount(db, draft.id)
  // Documents handed in later are not missing: the review and the server count them alike.
  const added = new Set(Object.keys(pages).filter((slot) => (pages[slot] ?? 0) > 0))
  const { missing: missingDocuments } = openDocuments(deriveChecklist(form, draft.answers), added, draft.deferredDocuments ?? [])
  let syncState: DraftSyncState = pending > 0 ? 'pending' : 'synced'
  if (draft.state !== 'editing') syncState = draft.state
  else if (draft.baseRevision === null) syncState = 'local'
  return {
    draft,
    step: stepPosition(form, draft.answers, draft.currentStep),
    missingDocuments,
    syncState,
  }
}

/** The applicant's drafts on this device. */
export const useDraftsStore = defineStore('drafts', () => {
  const summaries = ref<DraftSummary[]>([])
  const loaded = ref(false)

  /** Reads every draft with its progress from IndexedDB. */
  async function load() {
    const drafts = await listDrafts(getDatabase())
    summaries.value = await Promise.all(drafts.map(summarise))
    loaded.value = true
  }

  /** Starts a new application for a service and returns its draft. */
  async function start(serviceId: ServiceId): Promise<DraftRecord> {
    const firstStep = applicationForms[serviceId].steps[0]?.id ?? 'review'
    const draft = await createDraft(getDatabase(), serviceId, firstStep)
    markDeviceData()
    startSync()
    return draft
  }

  /** Deletes a draft with its documents from the device. */
  async function remove(id: string) {
    await deleteDraft(getDatabase(), id)
    summaries.value = summaries.value.filter((summary) => summary.draft.id !== id)
  }

  return { summaries, loaded, load, start, remove }
})
