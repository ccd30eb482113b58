import { defineStore } from 'pinia'
import { ref } from 'vue'
import { probeServer } from '@/pwa/probeServer'

/** How often to ask the server again while it seemed unreachable. */
const recheckIntervalMs = 30_000

/**
 * Whether the server can be reached. `navigator.onLine` is only a hint: an `offline` event is
 * believed at once, but "online" is confirmed by a real request (DESIGN.md, Sync).
 */
export const useConnectionStore = defineStore('connection', () => {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  let recheckTimer: ReturnType<typeof setInterval> | undefined
  let started = false

  /** Records what a real request showed; any request to our API may report here. */
  function reportReachable(reachable: boolean) {
    online.value = reachable
    if (reachable) stopRechecking()
    else startRechecking()
  }

  /** Asks the server now and records the answer. */
  async function check() {
    reportReachable(await probeServer())
  }

  /** Listens to the browser's connection events; safe to call more than once. */
  function start() {
    if (started) return
    started = true
    window.addEventListener('online', () => void check())
    window.addEventListener('offline', () => reportReachable(false))
    if (navigator.onLine) void check()
    else reportReachable(false)
  }

  function startRechecking() {
    recheckTimer ??= setInterval(() => {
      if (navigator.onLine) void check()
    }, recheckIntervalMs)
  }

  function stopRechecking() {
    if (recheckTimer !== undefined) clearInterval(recheckTimer)
    recheckTimer = undefined
  }

  return { online, reportReachable, check, start }
})
