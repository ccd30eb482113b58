import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SyncState } from '@/sync/engine'

/** What the header and the sync screen show about the outbox; fed by the engine (src/sync/start.ts). */
export const useSyncStore = defineStore('sync', () => {
  const started = ref(false)
  const state = ref<SyncState>({ phase: 'idle', pending: 0, blocked: 0 })

  /** Called by the engine after every step. */
  function update(next: SyncState) {
    started.value = true
    state.value = next
  }

  return { started, state, update }
})
