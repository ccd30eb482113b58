/** Arabic-Indic (٠–٩) and Persian (۰–۹) digits as ASCII, so phones with those keyboards are understood. */
export function normalizeDigits(value: string): string {
  return value.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => String((digit.charCodeAt(0) & 0xf) % 10))
}

// Spaces of every width and the Arabic/Persian thousands sign (٬) only group digits; the Arabic decimal sign (٫) is a point,
// and the Arabic comma (،), which Arabic and Persian keyboards type for ",", is read as a comma.
const groupSigns = /[\s\u00a0\u202f\u066c']/g

/**
 * A number as people type it in any of the app's languages: "48000", "48.000" and "2400,50"
 * (German, Turkish, Russian, Ukrainian), "48,000" and "2400.5" (English), "٤٨٬٠٠٠" and "۲۴۰۰٫۵"
 * or "٤٨،٠٠٠" (Arabic, Persian), "48 000". With at most two decimals no reading is ambiguous, so the language
 * need not be known. Undefined when it is no number. Conditions and validation both read numbers
 * through this one function.
 */
export function parseNumber(value: string): number | undefined {
  const text = normalizeDigits(value).trim().replace(groupSigns, '').replace(/\u066b/g, '.').replace(/\u060c/g, ',')
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'))
  if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(text)) return Number(text.replace(/,/g, ''))
  if (/^\d+([.,]\d{1,2})?$/.test(text)) return Number(text.replace(',', '.'))
  return undefined
}
