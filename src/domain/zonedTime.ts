/** Wall-clock time in a time zone ↔ UTC, with Intl only (no time-zone database shipped). */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>()

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    wallClockFormats.set(timeZone, format)
  }
  return format
}

function offsetMinutes(utcMillis: number, timeZone: string): number {
  const parts = wallClockFormat(timeZone).formatToParts(new Date(utcMillis))
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0)
  const asUtc = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'))
  return Math.round((asUtc - Math.floor(utcMillis / 60_000) * 60_000) / 60_000)
}

/** "2026-12-01" at "08:30" in Europe/Berlin → the UTC instant (summer and winter time alike). */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number)
  const [hour, minute] = time.split(':').map(Number)
  const guess = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0)
  const first = guess - offsetMinutes(guess, timeZone) * 60_000
  return new Date(guess - offsetMinutes(first, timeZone) * 60_000)
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay()
  return day === 0 ? 7 : day
}

export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T12:00:00Z`)
  next.setUTCDate(next.getUTCDate() + days)
  return next.toISOString().slice(0, 10)
}
