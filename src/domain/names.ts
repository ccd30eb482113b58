/**
 * Names as staff type them: "yildirim" and "Yil" find "Yıldırım", "gokce" finds "Gökçe",
 * "Muller" and "mueller" both find "Müller" only in the first spelling (we fold, we do not guess
 * transliterations). Cyrillic: ё is е, and й is и (its breve is a mark like any other), so
 * "Андреи" and "Андрей" meet; Cyrillic is not transliterated to Latin. Arabic and Persian: the
 * letter variants of both keyboards are one, vowel marks (tashkeel), tatweel and joiners vanish.
 * Used for the case search's index of name words on the server. A change here changes the stored
 * words: it needs a data step re-indexing them (server/storage/dataSteps.ts).
 */

/** Letters that Unicode decomposition does not take apart, or that people type otherwise. */
const replacements: Record<string, string> = {
  ı: 'i', // Turkish dotless i
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  ð: 'd',
  ё: 'е', // Cyrillic yo as ye, as it is usually written
  // Persian and Arabic letter variants typed on the other script's keyboard.
  ی: 'ي',
  ى: 'ي',
  ک: 'ك',
  ة: 'ه',
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ؤ: 'و',
  ئ: 'ي',
  ە: 'ه', // Kurdish/Persian ae, and what is left of ۀ (heh with hamza above) once the hamza is dropped
  ڪ: 'ك',
}

const replacementPattern = new RegExp(`[${Object.keys(replacements).join('')}]`, 'gu')

/** Case, accents, Arabic vowel marks and tatweel removed; letter variants unified. */
export function foldName(value: string): string {
  return (
    value
      // Turkish capital İ decomposes to I + combining dot: lower-case it first, then drop the dot.
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      // Tatweel stretches a word, zero-width (non-)joiners shape it (Persian "میرزا‌زاده"): neither is a letter staff type.
      .replace(/[\u0640\u200c\u200d]/g, '')
      .replace(replacementPattern, (letter) => replacements[letter] ?? letter)
      .trim()
  )
}

/** The distinct folded words of a name, as the search index keeps them; at most 20 of 40 letters each. */
export function nameWords(...parts: (string | undefined | null)[]): string[] {
  const words = parts
    .filter((part): part is string => typeof part === 'string')
    .flatMap((part) => foldName(part).split(/[^\p{L}\p{N}]+/u))
    .filter((word) => word.length > 0)
    .map((word) => word.slice(0, 40))
  return [...new Set(words)].slice(0, 20)
}
