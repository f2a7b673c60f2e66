/**
 * ISO 4217 currency codes a service may be priced in, and how prices in minor units are shown.
 * A fixed list rather than Intl.supportedValuesOf: what the server accepts must not depend on the
 * ICU build of the Node that runs it. Withdrawn codes (HRK, CUC, ANG, ZWL, SLL) and the IMF's
 * accounting units (XDR, XSU) are left out.
 */
const CODES_TEXT = `
  AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
  CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP
  GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD
  KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN
  NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP
  SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND
  VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
`

export const CURRENCY_CODES: readonly string[] = CODES_TEXT.trim().split(/\s+/)

const KNOWN: ReadonlySet<string> = new Set(CURRENCY_CODES)

export function isCurrencyCode(code: string): boolean {
  return KNOWN.has(code)
}

/** Digits after the decimal point in the currency's minor unit (EUR 2, JPY 0, KWD 3). */
export function minorUnitDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  )
}

/** 1250 EUR → "€12.50" in the viewer's locale. */
export function formatPrice(minor: number, currency: string, locale?: string): string {
  const digits = minorUnitDigits(currency)
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** digits)
}

/** "12.5" EUR → 1250; null when the text is not an amount with at most the currency's digits. */
export function parsePrice(text: string, currency: string): number | null {
  const digits = minorUnitDigits(currency)
  const match = /^(\d{1,12})(?:[.,](\d*))?$/.exec(text.trim())
  if (!match) return null
  const fraction = match[2] ?? ''
  if (fraction.length > digits) return null
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0')
}
