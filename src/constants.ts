/** Keys the app keeps in localStorage. One place, so the shared-device wipe can find them all. */
export const storageKeys = {
  locale: 'abh.locale',
  /** Set once the device keeps applications: only then does the home screen load the sync engine. */
  hasDeviceData: 'abh.hasDeviceData',
} as const
