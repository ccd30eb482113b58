import type { BookingTopic } from './booking.js'
import { contactChannels, type ContactChannel } from './contact.js'

/**
 * The authority's services. A service is data, not code: adding one means adding an entry here
 * and its texts under `services.<id>` in every locale file, never a new component.
 */
export interface ServiceDefinition {
  id: ServiceId
  /** The legal basis as cited in German law; shown as is in every language. */
  legalBasis: string
  contactChannels: readonly ContactChannel[]
  /** What an applicant of this service may book contact about. */
  topics: readonly BookingTopic[]
  /** The visit that follows a submission (fingerprints and photo, or the certificate handover). */
  followUpTopic?: BookingTopic
}

export const serviceIds = [
  'naturalisation',
  'residence-employment',
  'residence-study',
  'settlement',
  'humanitarian',
] as const

export type ServiceId = (typeof serviceIds)[number]

export const isServiceId = (value: unknown): value is ServiceId => typeof value === 'string' && (serviceIds as readonly string[]).includes(value)

const residencePermitTopics: readonly BookingTopic[] = ['advice', 'submission', 'biometrics', 'collection', 'general']

export const serviceCatalogue: readonly ServiceDefinition[] = [
  { id: 'naturalisation', legalBasis: 'StAG § 10', contactChannels, topics: ['advice', 'submission', 'collection', 'general'], followUpTopic: 'collection' },
  {
    id: 'residence-employment',
    legalBasis: 'AufenthG §§ 18a, 18b, 18g',
    contactChannels,
    topics: residencePermitTopics,
    followUpTopic: 'biometrics',
  },
  { id: 'residence-study', legalBasis: 'AufenthG § 16b', contactChannels, topics: residencePermitTopics, followUpTopic: 'biometrics' },
  { id: 'settlement', legalBasis: 'AufenthG §§ 9, 18c', contactChannels, topics: residencePermitTopics, followUpTopic: 'biometrics' },
  { id: 'humanitarian', legalBasis: 'AufenthG § 25', contactChannels, topics: residencePermitTopics, followUpTopic: 'biometrics' },
]

/** The i18n keys of a service's texts; the locale test checks that every locale has them. */
export function serviceMessageKeys(id: ServiceId): { title: string; summary: string } {
  return { title: `services.${id}.title`, summary: `services.${id}.summary` }
}
