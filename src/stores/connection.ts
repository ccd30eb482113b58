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
  // Online until start() has looked: the first render must match the pre-rendered page it
  // hydrates (docs/architecture.md, Pre-rendering); start() runs when the app has mounted.
  const online = ref(true)
  let recheckTimer: ReturnType<typeof setInterval> | undefined
  let listeners: AbortController | undefined
  // Every observation gets a number; a probe that returns after a newer observation is stale.
  let observation = 0

  /** Records what a real request showed; any request to our API may report here. */
  function reportReachable(reachable: boolean) {
    observation += 1
    online.value = reachable
    if (reachable) stopRechecking()
    else startRechecking()
  }

  /** Asks the server now and records the answer, unless something newer was seen meanwhile. */
  async function check() {
    const asked = ++observation
    const reachable = await probeServer()
    if (asked === observation) reportReachable(reachable)
  }

  /** Listens to the browser's connection events; safe to call more than once. */
  function start() {
    if (listeners) return
    listeners = new AbortController()
    const { signal } = listeners
    window.addEventListener('online', () => void check(), { signal })
    window.addEventListener('offline', () => reportReachable(false), { signal })
    if (navigator.onLine) void check()
    else reportReachable(false)
  }

  /** Stops listening and rechecking (a test, or a page being torn down). */
  function stop() {
    listeners?.abort()
    listeners = undefined
    stopRechecking()
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

  return { online, reportReachable, check, start, stop }
})
