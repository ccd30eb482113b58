import { createApp, createSSRApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { installI18n } from './i18n'
import { installRouter } from './router'
import { registerServiceWorker } from './pwa/registerServiceWorker'
import './styles/tokens.css'
import './styles/base.css'
import { storageKeys } from './constants'
import { assistedSession } from './staff/assistedSession'

/** Devices that keep applications sync from every screen; a first visit loads no sync code. */
function startSyncIfDeviceHasData() {
  let hasData: boolean
  try {
    hasData = localStorage.getItem(storageKeys.hasDeviceData) === '1'
  } catch {
    return
  }
  if (hasData) void import('./sync/start').then(({ startSync }) => startSync())
}

/**
 * A page the build pre-rendered in German (scripts/prerender.ts) is taken over in place: hydrated,
 * so the elements already painted stay and become the app's. A visitor in another language saw
 * nothing of it (data-prerender=hidden) and gets the app's own render instead, as does an office
 * device in an assisted session, whose session bar the build could not know of.
 */
function prerenderedToHydrate(): boolean {
  const container = document.getElementById('app')
  if (container === null || !container.hasChildNodes() || assistedSession().value) return false
  return document.documentElement.getAttribute('data-prerender') !== 'hidden'
}

async function main() {
  const app = prerenderedToHydrate() ? createSSRApp(App) : createApp(App)
  app.use(createPinia())
  await installI18n(app)
  const router = installRouter(app)
  await router.isReady()
  app.mount('#app')
  // A visitor in another language than the pre-rendered German saw nothing until now, and the
  // pre-rendered page was inert (its buttons had no handlers yet).
  document.documentElement.removeAttribute('data-prerender')
  document.getElementById('app')?.removeAttribute('inert')
  startSyncIfDeviceHasData()
  if (import.meta.env.PROD) await registerServiceWorker()
}

void main()
