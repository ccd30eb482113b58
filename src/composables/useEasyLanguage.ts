import { computed, onMounted, ref, shallowRef, watchEffect, type ComputedRef, type Ref } from 'vue'
import { storageKeys } from '@/constants'

/**
 * The explanations in German Leichte Sprache (src/i18n/easy/de.json). German only, in every app
 * language: they are offered under a heading in the reader's language and marked lang="de".
 * Their own chunk, loaded when the first one is opened (or shows opened by the reader's setting), so
 * the home screen's download stays small.
 */
export type EasyTexts = { services: Record<string, string[]>; steps: Record<string, string[]> }

let loading: Promise<EasyTexts> | undefined
const loadEasyTexts = () => (loading ??= import('@/i18n/easy/de.json').then((module) => module.default as EasyTexts))

// One value for the whole app, read from the device once the app runs in a browser (never during pre-rendering).
const openByDefault = ref(false)
let settingRead = false

function readSetting(): void {
  if (settingRead) return
  settingRead = true
  try {
    openByDefault.value = window.localStorage.getItem(storageKeys.easyLanguageOpen) === 'true'
  } catch {
    // Private mode: the setting lasts for this visit only.
  }
}

/** Whether the explanations show opened, as chosen on this device; writing it remembers the choice. */
export function useEasyLanguageSetting(): Ref<boolean> {
  onMounted(readSetting)
  return openByDefault
}

export function rememberEasyLanguageOpen(open: boolean): void {
  openByDefault.value = open
  try {
    if (open) window.localStorage.setItem(storageKeys.easyLanguageOpen, 'true')
    else window.localStorage.removeItem(storageKeys.easyLanguageOpen)
  } catch {
    // Private mode or a full disk: the choice then lasts for this visit only.
  }
}

/** The sentences of one explanation (`services.<id>` or `steps.<id>`), loaded once `wanted` says it is open. */
export function useEasyText(group: keyof EasyTexts, id: () => string, wanted: () => boolean): ComputedRef<string[] | undefined> {
  const texts = shallowRef<EasyTexts>()
  // In the browser only: the pre-rendered page shows the box closed, without its sentences.
  onMounted(() => {
    watchEffect(async () => {
      if (wanted() && !texts.value) texts.value = await loadEasyTexts()
    })
  })
  return computed(() => texts.value?.[group][id()])
}
