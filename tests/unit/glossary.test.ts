import { describe, expect, it } from 'vitest'
import glossary from '/docs/glossary.md?raw'
import { foldName } from '@/domain/names'
import { referenceLocale } from '@/domain/locales'
import { applicantFiles, flatten, staffFiles, visitorFiles } from './messageFiles'

interface Term {
  german: string
  /** Only messages under this key prefix, for German words with more than one meaning (`gesetzlich`). */
  keyPrefix?: string
  /** Per language code: the accepted forms of the one target term, folded. */
  targets: Map<string, string[]>
}

/** Case, vowel marks, letter variants, the apostrophe's shape and bidi isolates do not make a term different. */
const folded = (text: string) => foldName(text.replace(/[\u2066-\u2069]/g, '').replace(/’/g, "'"))

/** The glossary's tables (docs/glossary.md), except sections marked "(not checked)". */
function glossaryTerms(markdown: string): Term[] {
  const terms: Term[] = []
  for (const section of markdown.split(/^## /m).slice(1)) {
    if (section.split('\n')[0]?.includes('(not checked)')) continue
    const rows = section.split('\n').filter((line) => line.startsWith('|'))
    const cells = (line: string) => line.split('|').slice(1, -1).map((cell) => cell.trim())
    const [header, , ...body] = rows
    if (!header) continue
    const languages = cells(header).slice(1)
    for (const row of body) {
      const [first = '', ...targets] = cells(row)
      const scoped = /^`(.+)` — `(.+)`$/.exec(first)
      const term: Term = { german: scoped?.[1] ?? first, keyPrefix: scoped?.[2], targets: new Map() }
      targets.forEach((cell, index) => {
        const language = languages[index]
        // The German in brackets is shown where useful, not at every mention: only the term itself is required.
        const withoutGerman = cell.replace(/\s*\([^)]*\)\s*$/, '')
        if (language && withoutGerman !== '') term.targets.set(language, withoutGerman.split(' / ').map(folded))
      })
      terms.push(term)
    }
  }
  return terms
}

const terms = glossaryTerms(glossary)
/** A language's own texts: the staff texts count only where the language has its own. */
const ownMessages = (locale: string) =>
  flatten({ ...applicantFiles[locale as keyof typeof applicantFiles], visitor: visitorFiles[locale as keyof typeof visitorFiles] ?? {}, staff: staffFiles[locale as keyof typeof staffFiles] ?? {} })
const german = ownMessages(referenceLocale)

it('has terms, and each German term occurs in the German texts', () => {
  expect(terms.length).toBeGreaterThan(15)
  const unused = terms.filter((term) => ![...german].some(([key, text]) => key.startsWith(term.keyPrefix ?? '') && text.includes(term.german)))
  expect(unused.map((term) => term.german)).toEqual([])
})

it('uses none of the German words the glossary rules out', () => {
  const ruledOut = [...glossary.matchAll(/^- `([^`]+)`/gm)].map((match) => match[1] ?? '')
  expect(ruledOut.length).toBeGreaterThan(0)
  const found = [...german].filter(([, text]) => ruledOut.some((word) => new RegExp(`(^|[^\\p{L}])${word}`, 'u').test(text))).map(([key]) => key)
  expect(found).toEqual([])
})

describe.each(Object.keys(applicantFiles).filter((locale) => locale !== referenceLocale))('the %s texts', (locale) => {
  const messages = ownMessages(locale)

  it('render every German glossary term the glossary way', () => {
    const strays: string[] = []
    for (const term of terms) {
      const forms = term.targets.get(locale)
      if (!forms) continue
      for (const [key, text] of german) {
        if (!key.startsWith(term.keyPrefix ?? '') || !text.includes(term.german)) continue
        const translated = messages.get(key)
        if (translated !== undefined && !forms.some((form) => folded(translated).includes(form))) strays.push(`${key} (${term.german})`)
      }
    }
    expect(strays).toEqual([])
  })
})
