import { describe, expect, it } from 'vitest'
import { directionOf, supportedLocales, referenceLocale } from '@/domain/locales'
import { unisolatedRuns } from '@/i18n/bidi'
import { serviceCatalogue, serviceMessageKeys } from '@/domain/catalogue'
import { contactChannels } from '@/domain/contact'
import { errorCodes, errorMessageKey } from '@/domain/errors'
import { applicationForms } from '@/domain/applications/forms'
import { formMessageKeys } from '@/domain/applications/messageKeys'
import { pluralCategoriesOf } from '@/domain/formats'
import { applicantFiles, flatten, messagesByLocale, staffFiles, visitorFiles } from './messageFiles'

const staffLocales = supportedLocales.filter((locale) => staffFiles[locale] !== undefined)

describe.each(supportedLocales)('the %s language', (locale) => {
  it('has the applicant texts and the texts a visitor reads', () => {
    expect(applicantFiles[locale]).toBeDefined()
    expect(visitorFiles[locale]).toBeDefined()
  })
})

it('has staff texts in German and English at least', () => {
  expect(staffLocales).toEqual(expect.arrayContaining(['de', 'en']))
})

// A set: a plural form may leave out the count ("ein Antrag").
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort()

const reference = flatten(messagesByLocale[referenceLocale])

describe.each(supportedLocales.filter((locale) => locale !== referenceLocale))('the %s messages', (locale) => {
  const messages = flatten(messagesByLocale[locale])

  it('have every key German has', () => {
    const missing = [...reference.keys()].filter((key) => !messages.has(key))
    expect(missing).toEqual([])
  })

  it('have no key German lacks', () => {
    const extra = [...messages.keys()].filter((key) => !reference.has(key))
    expect(extra).toEqual([])
  })

  it('use the same placeholders as German', () => {
    const mismatched = [...reference].filter(([key, text]) => {
      const translated = messages.get(key)
      return translated !== undefined && placeholders(translated).join() !== placeholders(text).join()
    })
    expect(mismatched.map(([key]) => key)).toEqual([])
  })
})

describe.each(supportedLocales)('every %s message', (locale) => {
  const messages = flatten(messagesByLocale[locale])
  // Without its own staff file a language shows the German staff texts: its plural and direction rules do not apply to them.
  const ownMessages = [...messages].filter(([key]) => staffFiles[locale] !== undefined || !key.startsWith('staff.'))

  it('is non-empty and free of vue-i18n syntax that would break it (@, stray braces)', () => {
    const broken = [...messages].filter(([, text]) => {
      // {name} placeholders and {'@'} literals are the only braces allowed.
      const withoutPlaceholders = text.replace(/\{\w+\}/g, '').replace(/\{'[^']*'\}/g, '')
      return text.split('|').some((form) => form.trim() === '') || /[@{}]/.test(withoutPlaceholders)
    })
    expect(broken.map(([key]) => key)).toEqual([])
  })

  it('has, where it has plural forms, one per plural category of the language (in CLDR order)', () => {
    const forms = pluralCategoriesOf(locale).length
    const wrong = ownMessages.filter(([, text]) => text.includes('|') && text.split('|').length !== forms)
    expect(wrong.map(([key]) => key)).toEqual([])
  })

  it.runIf(directionOf(locale) === 'rtl')('keeps every Latin, numeric or placeholder run in an isolate (scripts/isolate-rtl-messages.ts adds them)', () => {
    const reversible = ownMessages.filter(([, text]) => unisolatedRuns(text).length > 0)
    expect(reversible.map(([key, text]) => `${key}: ${unisolatedRuns(text).join(' · ')}`)).toEqual([])
  })

  it('covers every service, form, contact channel and error code of the domain', () => {
    const needed = [
      ...serviceCatalogue.flatMap((service) => Object.values(serviceMessageKeys(service.id))),
      ...contactChannels.flatMap((channel) => [`contact.${channel}.title`, `contact.${channel}.summary`]),
      ...errorCodes.map(errorMessageKey),
      ...Object.values(applicationForms).flatMap(formMessageKeys),
    ]
    expect(needed.filter((key) => !messages.has(key))).toEqual([])
  })
})

describe('the message keys written in the source', () => {
  const sources = import.meta.glob(['/src/**/*.vue', '/src/**/*.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>
  const german = flatten(messagesByLocale[referenceLocale])

  it('all exist (literal keys of t() and of route titles)', () => {
    const used = new Set<string>()
    for (const source of Object.values(sources)) {
      for (const match of source.matchAll(/\bt\('([\w.-]+)'|titleKey: '([\w.-]+)'/g)) used.add(match[1] ?? match[2] ?? '')
    }
    expect(used.size).toBeGreaterThan(100)
    expect([...used].filter((key) => !german.has(key))).toEqual([])
  })
})
