/** Keys the app keeps in localStorage. One place, so the shared-device wipe can find them all. */
export const storageKeys = {
  locale: 'abh.locale',
  /** Set once the device keeps applications: only then does the home screen load the sync engine. */
  hasDeviceData: 'abh.hasDeviceData',
  /** An assisted session on an office device is running (docs/staff.md): the visitor's data is wiped at its end. */
  assistedSession: 'abh.assistedSession',
  /** The explanations in Leichte Sprache are shown opened (a setting on the home screen). */
  easyLanguageOpen: 'abh.easyLanguageOpen',
} as const

/** Keys of the office device itself (not of a visitor): the shared-device wipe keeps only these. */
export const staffDeviceKeys = {
  /** The counter this device calls waiting numbers to. */
  counter: 'abh.staff.counter',
} as const

/** Cache Storage of the authority's public profile (src/sw/authority.ts): no visitor's data, so the shared-device wipe keeps it. */
export const authorityCacheName = 'abh-authority'
