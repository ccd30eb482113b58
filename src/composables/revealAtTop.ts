import { nextTick } from 'vue'

/**
 * Shows a confirmation that replaced what was tapped (a form, a button): the page goes to the top,
 * where the confirmation stands, and focus moves onto it, so it is both seen and read out.
 * The element needs tabindex="-1".
 */
export async function revealAtTop(element: () => HTMLElement | null | undefined): Promise<void> {
  await nextTick()
  window.scrollTo({ top: 0 })
  element()?.focus({ preventScroll: true })
}
