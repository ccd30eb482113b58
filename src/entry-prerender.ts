// The build renders the public pages with this entry (scripts/prerender.ts, docs/architecture.md):
// the same App, router and texts as the browser, in German, with nothing of the device (no
// IndexedDB, no localStorage, no window), so what it renders is what every first visit sees.
import { createSSRApp } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { renderToString, type SSRContext } from 'vue/server-renderer'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import { referenceLocale } from './domain/locales'

export { chooseStartLocale, directionOf, supportedLocales, referenceLocale } from './domain/locales'
export { storageKeys } from './constants'

export interface RenderedPage {
  html: string
  title: string
  /** Source files of the components the page rendered (from @vitejs/plugin-vue), to preload their chunks. */
  modules: string[]
}

export async function renderPage(path: string): Promise<RenderedPage> {
  const app = createSSRApp(App)
  app.use(createPinia())
  const i18n = createAppI18n()
  i18n.global.setLocaleMessage(referenceLocale, (await import('./i18n/locales/de.json')).default)
  app.use(i18n)
  const router = createAppRouter(createMemoryHistory())
  app.use(router)
  await router.push(path)
  await router.isReady()
  const context: SSRContext = {}
  const html = await renderToString(app, context)
  const { t } = i18n.global
  const titleKey = router.currentRoute.value.meta.titleKey
  const title = titleKey ? `${t(titleKey)} – ${t('app.name')}` : t('app.name')
  return { html, title, modules: [...((context.modules as Set<string> | undefined) ?? [])] }
}
export { prerenderedFileOf, prerenderedPaths } from './domain/prerenderedPages'
