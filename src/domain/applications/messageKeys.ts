import type { ApplicationForm, ChecklistItemDefinition, FieldDefinition, StepDefinition } from './types.js'

/** The i18n keys of a form's texts: one place, used by the page and checked by the locale test. */
export const messageKeys = {
  stepTitle: (step: Pick<StepDefinition, 'id'>) => `steps.${step.id}.title`,
  fieldLabel: (field: Pick<FieldDefinition, 'name'>) => `fields.${field.name}.label`,
  fieldHint: (field: Pick<FieldDefinition, 'name'>) => `fields.${field.name}.hint`,
  fieldOption: (field: Pick<FieldDefinition, 'name'>, value: string) => `fields.${field.name}.options.${value}`,
  checklistTitle: (item: Pick<ChecklistItemDefinition, 'id'>) => `checklist.${item.id}.title`,
  checklistExplanation: (item: Pick<ChecklistItemDefinition, 'id'>) => `checklist.${item.id}.explanation`,
  serviceFee: (serviceId: string) => `services.${serviceId}.fee`,
  serviceFollowUp: (serviceId: string) => `services.${serviceId}.followUp`,
}

/** Every key a form needs in every locale. */
export function formMessageKeys(form: ApplicationForm): string[] {
  const keys = [messageKeys.serviceFee(form.serviceId), messageKeys.serviceFollowUp(form.serviceId)]
  for (const step of form.steps) {
    keys.push(messageKeys.stepTitle(step))
    for (const field of step.fields) {
      keys.push(messageKeys.fieldLabel(field))
      if (field.hint) keys.push(messageKeys.fieldHint(field))
      if (field.type === 'select' || field.type === 'radio') {
        for (const option of field.options) keys.push(messageKeys.fieldOption(field, option))
      }
    }
  }
  for (const item of form.checklist) keys.push(messageKeys.checklistTitle(item), messageKeys.checklistExplanation(item))
  return keys
}
