import { ref } from 'vue'

export type CopyOutcome = 'copied' | 'selected'

/**
 * Copies a text with the Clipboard API and says so. Where there is none (an insecure origin, an
 * old browser) or it is refused, the text on screen is selected instead, for the applicant to
 * copy by hand or write down.
 */
export function useCopyText() {
  const outcome = ref<CopyOutcome>()

  async function copy(text: string, shown: HTMLElement | null | undefined) {
    outcome.value = undefined
    try {
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(text)
      outcome.value = 'copied'
    } catch {
      const selection = window.getSelection()
      if (shown && selection) {
        selection.removeAllRanges()
        selection.selectAllChildren(shown)
      }
      outcome.value = 'selected'
    }
  }

  return { outcome, copy }
}
