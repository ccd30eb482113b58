import { afterEach, describe, expect, it, vi } from 'vitest'
import LocaleSwitcher from '@/components/locale/LocaleSwitcher.vue'
import { storageKeys } from '@/constants'
import { initialLocale } from '@/i18n'
import ar from '@/i18n/locales/ar.json'
import en from '@/i18n/locales/en.json'
import de from '@/i18n/locales/de.json'
import fa from '@/i18n/locales/fa.json'
import { mountWithApp } from './mountApp'

afterEach(() => {
  localStorage.clear()
  document.documentElement.lang = 'de'
  document.documentElement.dir = 'ltr'
  document.body.innerHTML = ''
})

describe('LocaleSwitcher', () => {
  it('offers every language under its own name, marked with its language', async () => {
    const { wrapper } = await mountWithApp(LocaleSwitcher)
    const options = wrapper.findAll('option')
    expect(options.map((option) => [option.attributes('value'), option.attributes('lang'), option.text()])).toEqual([
      ['de', 'de', 'Deutsch'],
      ['en', 'en', 'English'],
      ['ar', 'ar', 'العربية'],
      ['tr', 'tr', 'Türkçe'],
      ['uk', 'uk', 'Українська'],
      ['ru', 'ru', 'Русский'],
      ['fa', 'fa', 'فارسی'],
    ])
    expect(wrapper.get('label').text()).toBe(de.locale.label)
    expect(wrapper.get('label').attributes('for')).toBe(wrapper.get('select').attributes('id'))
  })

  it('switches to Arabic right to left, translates the label and remembers the choice', async () => {
    const { wrapper } = await mountWithApp(LocaleSwitcher)
    await wrapper.get('select').setValue('ar')
    await vi.waitFor(() => expect(wrapper.get('label').text()).toBe(ar.locale.label))
    expect(document.documentElement.lang).toBe('ar')
    expect(document.documentElement.dir).toBe('rtl')
    expect(localStorage.getItem(storageKeys.locale)).toBe('ar')
  })

  it('switches to Persian right to left as well', async () => {
    const { wrapper } = await mountWithApp(LocaleSwitcher)
    await wrapper.get('select').setValue('fa')
    await vi.waitFor(() => expect(wrapper.get('label').text()).toBe(fa.locale.label))
    expect(document.documentElement.lang).toBe('fa')
    expect(document.documentElement.dir).toBe('rtl')
  })

  it('switches back to a left-to-right language', async () => {
    const { wrapper } = await mountWithApp(LocaleSwitcher, { locale: 'ar' })
    await wrapper.get('select').setValue('en')
    await vi.waitFor(() => expect(wrapper.get('label').text()).toBe(en.locale.label))
    expect(document.documentElement.dir).toBe('ltr')
  })
})

describe('initialLocale', () => {
  it('prefers the remembered choice over the browser language', () => {
    localStorage.setItem(storageKeys.locale, 'ar')
    expect(initialLocale(localStorage, ['en-US'])).toBe('ar')
  })

  it('uses the browser language when nothing valid is remembered', () => {
    localStorage.setItem(storageKeys.locale, 'klingon')
    expect(initialLocale(localStorage, ['en-US', 'de'])).toBe('en')
    expect(initialLocale(undefined, ['fr'])).toBe('de')
    expect(initialLocale(undefined, ['fa-IR', 'en'])).toBe('fa')
  })
})
