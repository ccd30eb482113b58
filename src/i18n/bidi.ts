/**
 * Latin and numeric runs inside right-to-left text (codes, "§ 18c Abs. 3", "8123456-439", "+49 30 …")
 * are kept left to right with Unicode isolates, so they neither reverse nor pull the punctuation
 * around them to the wrong side. Placeholders get a first-strong isolate: a name may be Arabic,
 * a reference is Latin. Used by the locale test and by scripts/isolate-rtl-messages.ts.
 */
export const leftToRightIsolate = '\u2066'
export const firstStrongIsolate = '\u2068'
export const popDirectionalIsolate = '\u2069'

// A run starts and ends with a letter/digit/placeholder (no brackets: they stay outside and mirror).
const run = /(?:\{\w+\}|[\p{Script=Latin}0-9§+])(?:(?:\{\w+\}|[\p{Script=Latin}0-9§+.,:/\-–'’ ])*(?:\{\w+\}|[\p{Script=Latin}0-9+]))?/gu
const isolated = /[\u2066\u2067\u2068][^\u2069]*\u2069/g

/** The text with every Latin, numeric or placeholder run not yet isolated put into an isolate. */
export function isolateRuns(text: string): string {
  return text
    .split(/([\u2066\u2067\u2068][^\u2069]*\u2069)/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part.replace(run, (match) => {
            const opening = /^\{\w+\}$/.test(match) ? firstStrongIsolate : leftToRightIsolate
            return `${opening}${match}${popDirectionalIsolate}`
          }),
    )
    .join('')
}

/** The Latin, numeric or placeholder runs of a right-to-left text that are not isolated. */
export function unisolatedRuns(text: string): string[] {
  return [...text.replace(isolated, ' ').matchAll(run)].map((match) => match[0])
}
