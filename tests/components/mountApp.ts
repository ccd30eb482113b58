import { createPinia, setActivePinia } from 'pinia'
import { mount } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import App from '@/App.vue'
import { createAppRouter } from '@/router'
import { createAppI18n, switchLocale } from '@/i18n'
import type { Locale } from '@/domain/locales'

/** Mounts a component (or the whole App) with the real router, Pinia and i18n in a language. */
export async function mountWithApp(component = App, { locale = 'de' as Locale, path = '/' } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const i18n = createAppI18n()
  await switchLocale(i18n.global, locale)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  const wrapper = mount(component, {
    global: { plugins: [pinia, i18n, router] },
    attachTo: document.body,
  })
  return { wrapper, router, i18n, pinia }
}
