import type { ServiceId } from '../catalogue.js'
import { humanitarianForm } from './services/humanitarian.js'
import { naturalisationForm } from './services/naturalisation.js'
import { residenceEmploymentForm } from './services/residenceEmployment.js'
import { residenceStudyForm } from './services/residenceStudy.js'
import { settlementForm } from './services/settlement.js'
import type { ApplicationForm } from './types.js'

/** Every service's application form. Adding a service adds an entry here, never a component. */
export const applicationForms: Readonly<Record<ServiceId, ApplicationForm>> = {
  naturalisation: naturalisationForm,
  'residence-employment': residenceEmploymentForm,
  'residence-study': residenceStudyForm,
  settlement: settlementForm,
  humanitarian: humanitarianForm,
}
