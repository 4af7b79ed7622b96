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

/** Significant digits of every figure in the output. */
export const FIGURE_DIGITS = 24
/** A non-zero figure below 10^FIGURE_MIN_EXPONENT in magnitude reads 0 (a probability of 1e-60000000 has no digits worth printing). */
export const FIGURE_MIN_EXPONENT = -30
/** Above 10^FIGURE_MAX_EXPONENT a figure is written with an exponent rather than with every zero. */
const FIGURE_MAX_EXPONENT = 60

/** Whether decimalString prints this non-zero value as 0. */
export function underflowsFigure(value: Decimal): boolean {
  return value.isFinite() && !value.isZero() && value.e < FIGURE_MIN_EXPONENT
}

/**
 * Exact decimal string for output: plain notation, at most 24 significant digits, and bounded in length:
 * a value below 1e-30 in magnitude reads "0", one above 1e60 is written with an exponent. NaN and
 * Infinity are refused, never printed.
 */
export function decimalString(value: Decimal): string {
  if (!value.isFinite()) throw new RangeError(`a figure is not a finite number (${value.toString()})`)
  if (value.isZero() || underflowsFigure(value)) return '0'
  // Most figures have fewer digits than that; rounding them would only copy them (a desk account prints millions).
  const rounded = value.sd() <= FIGURE_DIGITS ? value : value.toSignificantDigits(FIGURE_DIGITS)
  return flat(rounded.e > FIGURE_MAX_EXPONENT ? rounded.toString() : rounded.toFixed())
}

/** Written by flat(), never read: a store the compiler cannot drop with the read that flattens. */
let _codesRead = 0

/**
 * `text`, flat. A string built by concatenation (decimal.js's digits and point, a message's template) is a tree
 * of its pieces, several times its length in memory; reading a character makes V8 copy it into one piece in
 * place, and the next minor collection drops the tree. A desk account's report holds a million figures: flat,
 * its findings take a quarter less memory, and the JSON writer does not flatten them later, in the old generation.
 */
export function flat(text: string): string {
  _codesRead ^= text.charCodeAt(0)
  return text
}

/** decimalString, passing an absent value through as null (JSON records). */
export function decimalStringOrNull(value: Decimal | null | undefined): string | null {
  return value == null ? null : decimalString(value)
}

export function toBps(fraction: Decimal): Decimal {
  return fraction.div(BPS)
}
