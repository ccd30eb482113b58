/** The authority's time zone: "today" for date rules is today in Germany, wherever the phone is set. */
export const authorityTimeZone = 'Europe/Berlin'

/** Today's date as YYYY-MM-DD in the authority's time zone. */
export function todayAt(now: Date, timeZone = authorityTimeZone): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}
