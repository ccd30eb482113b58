/** The authority's time zone: "today" for date rules is today in Germany, wherever the phone is set. */
export const authorityTimeZone = 'Europe/Berlin'

/** Today's date as YYYY-MM-DD in the authority's time zone. */
export function todayAt(now: Date, timeZone = authorityTimeZone): string {
  // Built from parts: no locale's date format is relied upon.
  const parts = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}
