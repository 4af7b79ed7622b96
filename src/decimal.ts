// The one Decimal constructor the project uses: money never passes through a JS number.
// 40 significant digits keeps every product of two file values exact and every quotient
// (liquidation prices, ratios, square roots) far beyond the cent.
import { Decimal as DecimalJs } from 'decimal.js'

export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 })
export type Decimal = InstanceType<typeof Decimal>

export const ZERO = new Decimal(0)
export const ONE = new Decimal(1)
/** One basis point as a fraction. */
export const BPS = new Decimal('0.0001')

/** Milliseconds in a (365-day) year: the unit of annualized volatility and funding. */
export const MS_PER_YEAR = new Decimal(365 * 24 * 3600 * 1000)

/** Exact decimal string for output: plain notation, no exponent, at most 24 significant digits. */
export function decimalString(value: Decimal): string {
  // Most figures have fewer digits than that; rounding them would only copy them (a desk account prints millions).
  return (value.isFinite() && value.sd() <= 24 ? value : value.toSignificantDigits(24)).toFixed()
}

/** decimalString, passing an absent value through as null (JSON records). */
export function decimalStringOrNull(value: Decimal | null | undefined): string | null {
  return value == null ? null : decimalString(value)
}

export function toBps(fraction: Decimal): Decimal {
  return fraction.div(BPS)
}
