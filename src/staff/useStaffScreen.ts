import { nextTick, ref, useTemplateRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { staffErrorKey } from './api'
import { useStaffSession } from './session'

/**
 * What every staff screen does: load once someone is signed in (also after signing in on a deep
 * link), run actions with one error and one success message, reload after each, and move focus to
 * the message (the button that was pressed may be gone). The template marks the two messages
 * with `ref="staffProblem"` and `ref="staffNotice"` and `tabindex="-1"`.
 */
export function useStaffScreen(load: () => Promise<void>) {
  const { t } = useI18n()
  const { member } = useStaffSession()
  const problem = ref<string>()
  const notice = ref<string>()
  const problemElement = useTemplateRef<HTMLElement>('staffProblem')
  const noticeElement = useTemplateRef<HTMLElement>('staffNotice')

  async function run(action: () => Promise<unknown>, done?: () => string): Promise<boolean> {
    problem.value = undefined
    notice.value = undefined
    try {
      await action()
      await load()
      if (done) {
        notice.value = done()
        await nextTick()
        noticeElement.value?.focus()
      }
      return true
    } catch (error) {
      problem.value = t(staffErrorKey(error))
      await nextTick()
      problemElement.value?.focus()
      return false
    }
  }

  watch(
    () => member.value?.id,
    (id) => {
      if (id) void run(async () => undefined)
    },
    { immediate: true },
  )
  return { problem, notice, run }
}
