import { describe, expect, it } from 'vitest'
import easy from '@/i18n/easy/de.json'
import { serviceIds } from '@/domain/catalogue'
import { applicationForms } from '@/domain/applications/forms'

const texts = easy as { services: Record<string, string[]>; steps: Record<string, string[]> }
// Every form step, then the documents and the review every application has (src/views/DraftView.vue).
const stepIds = [...new Set(Object.values(applicationForms).flatMap((form) => form.steps.map((step) => step.id))), 'documents', 'review']

describe('the explanations in Leichte Sprache', () => {
  it('exist for every service and every step, and for nothing else', () => {
    expect(Object.keys(texts.services).sort()).toEqual([...serviceIds].sort())
    expect(Object.keys(texts.steps).sort()).toEqual([...stepIds].sort())
  })

  // What a test can see of DIN SPEC 33429; active voice and explained words need a reader (docs/architecture.md).
  const sentences = [...Object.values(texts.services), ...Object.values(texts.steps)].flat()

  it('say one thing per short sentence: at most 12 words, one sentence each', () => {
    expect(sentences.filter((sentence) => sentence.split(/\s+/).length > 12)).toEqual([])
    expect(sentences.filter((sentence) => !/^[^.?!]+[.?!]$/.test(sentence))).toEqual([])
  })

  it('use no abbreviations, section signs or acronyms', () => {
    expect(sentences.filter((sentence) => /\b(z\. ?B|bzw|ggf|usw|ca|Abs|Nr)\.|§|\b[A-ZÄÖÜ]{2,}\b/.test(sentence))).toEqual([])
  })

  it('break long compound words with a hyphen (Aufenthalts-Erlaubnis)', () => {
    const longWords = sentences.flatMap((sentence) => sentence.split(/[\s.,?!:]+/)).filter((word) => word.length > 16 && !word.includes('-'))
    expect(longWords).toEqual([])
  })
})
