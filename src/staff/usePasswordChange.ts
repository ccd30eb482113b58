import { nextTick, reactive, ref, useTemplateRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { fieldErrorsOf } from '@/domain/input'
import { passwordChangeSchema, type PasswordChange } from '@/domain/staffSchemas'
import { changeOwnPassword, StaffApiError, staffErrorKey } from './api'

type PasswordField = keyof PasswordChange

/**
 * The account screen's password change (`POST /api/staff/password`): the fields are checked here
 * as far as the shared schema goes, the strength on the server; a refusal that names a field is
 * shown beside it and in the error summary, anything else as the screen's alert
 * (`ref="staffProblem"`). Success is announced in `ref="staffNotice"`.
 */
export function usePasswordChange() {
  const { t } = useI18n()
  const form = reactive<PasswordChange>({ currentPassword: '', newPassword: '' })
  const fieldErrors = ref<Partial<Record<PasswordField, string>>>({})
  /** Counts refused attempts: the error summary takes focus on each. */
  const attempt = ref(0)
  const busy = ref(false)
  const problem = ref<string>()
  const notice = ref<string>()
  const problemElement = useTemplateRef<HTMLElement>('staffProblem')
  const noticeElement = useTemplateRef<HTMLElement>('staffNotice')

  const isPasswordField = (field: string | undefined): field is PasswordField => field === 'currentPassword' || field === 'newPassword'

  async function submit(): Promise<void> {
    problem.value = undefined
    notice.value = undefined
    const local = fieldErrorsOf(passwordChangeSchema, { ...form })
    fieldErrors.value = Object.fromEntries(Object.entries(local).map(([field, key]) => [field, t(key)]))
    if (Object.keys(local).length > 0) {
      attempt.value += 1
      return
    }
    busy.value = true
    try {
      await changeOwnPassword({ ...form })
      form.currentPassword = ''
      form.newPassword = ''
      notice.value = t('staff.account.changed')
      await nextTick()
      noticeElement.value?.focus()
    } catch (error) {
      if (error instanceof StaffApiError && isPasswordField(error.field)) {
        fieldErrors.value = { [error.field]: t(`errors.${error.code}`) }
        attempt.value += 1
      } else {
        problem.value = t(staffErrorKey(error))
        await nextTick()
        problemElement.value?.focus()
      }
    } finally {
      busy.value = false
    }
  }

  return { form, fieldErrors, attempt, busy, problem, notice, submit }
}
