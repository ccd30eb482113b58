/** Keys the app keeps in localStorage. One place, so the shared-device wipe can find them all. */
export const storageKeys = {
  locale: 'abh.locale',
} as const
