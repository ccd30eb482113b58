/** The authority's time zone: "today" for date rules is today in Germany, wherever the phone is set. */
export const authorityTimeZone = 'Europe/Berlin'

// Making an Intl.DateTimeFormat costs far more than using one: one per time zone, made once.
const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** Today's date as YYYY-MM-DD in the authority's time zone. */
export function todayAt(now: Date, timeZone = authorityTimeZone): string {
  let format = dateFormats.get(timeZone)
  if (!format) dateFormats.set(timeZone, (format = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })))
  // Built from parts: no locale's date format is relied upon.
  const parts = format.formatToParts(now)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}
