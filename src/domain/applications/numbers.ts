/** Arabic-Indic (٠–٩) and Persian (۰–۹) digits as ASCII, so phones with those keyboards are understood. */
export function normalizeDigits(value: string): string {
  return value.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => String((digit.charCodeAt(0) & 0xf) % 10))
}

/**
 * A number as people type it: "48000", "48.000", "48 000", "2400,50", "2400.5", in any digits.
 * German thousands dots are understood; at most two decimals. Undefined when it is no number.
 * Conditions and validation both read numbers through this one function.
 */
export function parseNumber(value: string): number | undefined {
  const text = normalizeDigits(value).trim().replace(/[\s\u00a0\u202f]/g, '')
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'))
  if (/^\d+([.,]\d{1,2})?$/.test(text)) return Number(text.replace(',', '.'))
  return undefined
}
