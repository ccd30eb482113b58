import { defineStore } from 'pinia'
import { ref } from 'vue'
import { runBeforeAppUpdateHooks } from '@/pwa/updateHooks'

/** The app-update state: a new service worker waits until the user agrees to reload. */
export const usePwaStore = defineStore('pwa', () => {
  const updateAvailable = ref(false)
  const updating = ref(false)
  let activateWaitingWorker: (() => void) | undefined

  /** Called by the registration when a new version has installed and waits. */
  function offerUpdate(activate: () => void) {
    activateWaitingWorker = activate
    updateAvailable.value = true
  }

  /** Saves what is open, then lets the waiting version take over; the page reloads when it controls. */
  async function applyUpdate() {
    if (!activateWaitingWorker) return
    updating.value = true
    try {
      await runBeforeAppUpdateHooks()
      activateWaitingWorker()
    } catch (error) {
      updating.value = false
      throw error
    }
  }

  /** Hides the notice for now; it comes back with the next page load. */
  function postponeUpdate() {
    updateAvailable.value = false
  }

  return { updateAvailable, updating, offerUpdate, applyUpdate, postponeUpdate }
})
