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
  const words = value.d
  if (!words) throw new RangeError(`a figure is not a finite number (${value.toString()})`)
  if (words[0] === 0 || value.e < FIGURE_MIN_EXPONENT) return '0'
  const digits = roundedDigits(words, value.e, value.e - FIGURE_DIGITS + 1)
  const sign = value.s < 0 ? '-' : ''
  // toString()'s exponent form (toExpPos is 40): the first digit, the others after a point, then e+ and the exponent.
  if (roundedExponent > FIGURE_MAX_EXPONENT) return flat(`${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e+${roundedExponent}`)
  return flat(sign + plainText(digits, roundedExponent, 0))
}

// Decimal → text from decimal.js's own digits: its `d` (base-1e7 words, the first without leading zeros, the last
// never 0; null for NaN and ±Infinity), `e` (the base-10 exponent of the first digit) and `s` (the sign). Each
// function returns exactly what the decimal.js call it names returns (NaN and Infinity included), with the project's
// rounding (ROUND_HALF_EVEN), without the rounded copy of the Decimal and its string assembly: a desk account's
// report writes about a million of them (test/decimal-text.test.ts holds them to decimal.js itself).

/** `value.toFixed()`: plain notation, every digit. */
export function plainString(value: Decimal): string {
  const words = value.d
  if (!words) return value.toFixed()
  if (words[0] === 0) return '0'
  return (value.s < 0 ? '-' : '') + plainText(wordDigits(words), value.e, 0)
}

/** `value.toFixed(places, ROUND_HALF_EVEN)`: rounded to `places` decimals, every one of them written ("-0.00" for a small negative). */
export function fixedString(value: Decimal, places: number): string {
  const words = value.d
  if (!words) return value.toFixed()
  if (words[0] === 0) return plainText('', 0, places)
  return (value.s < 0 ? '-' : '') + plainText(roundedDigits(words, value.e, -places), roundedExponent, places)
}

/** `value.toDecimalPlaces(places, ROUND_HALF_EVEN).toFixed()`: rounded to `places` decimals, trailing zeros left out. */
export function roundedString(value: Decimal, places: number): string {
  const words = value.d
  if (!words) return value.toFixed()
  if (words[0] === 0) return '0'
  const digits = roundedDigits(words, value.e, -places)
  return digits === '' ? '0' : (value.s < 0 ? '-' : '') + plainText(digits, roundedExponent, 0)
}

/** `value.toSignificantDigits(significant, ROUND_HALF_EVEN).toFixed()`: `significant` digits at most, plain notation. */
export function significantString(value: Decimal, significant: number): string {
  const words = value.d
  if (!words) return value.toFixed()
  if (words[0] === 0) return '0'
  return (value.s < 0 ? '-' : '') + plainText(roundedDigits(words, value.e, value.e - significant + 1), roundedExponent, 0)
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000']

/** `count` zeros; none for a count below 1. */
function zeros(count: number): string {
  if (count <= 0) return ''
  return count < ZEROS.length ? ZEROS[count]! : '0'.repeat(count)
}

/** The digits of non-zero words, the trailing zeros left out (decimal.js's digitsToString). */
function wordDigits(words: readonly number[]): string {
  const last = words.length - 1
  let text = ''
  for (let i = 0; i <= last; i++) {
    let word = words[i]!
    const written = `${word}`
    const padding = i === 0 ? '' : ZEROS[7 - written.length]!
    if (i < last) text += padding + written
    else {
      if (word % 10 !== 0) return text + padding + written
      while (word % 10 === 0) word /= 10
      return `${text}${padding}${word}`
    }
  }
  return text
}

/** The exponent of the last roundedDigits: one more than the value's when rounding carried past its first digit (0.9995 → 1.000). */
let roundedExponent = 0

/**
 * The digits of a non-zero value (`words`, `exponent`) rounded half-even at the digit of weight 10^lowest, trailing
 * zeros left out: '' when it rounds to zero. Its exponent is left in roundedExponent.
 */
function roundedDigits(words: readonly number[], exponent: number, lowest: number): string {
  const digits = wordDigits(words)
  roundedExponent = exponent
  const kept = exponent - lowest + 1
  if (kept >= digits.length) return digits
  if (kept < 0) return ''
  const next = digits.charCodeAt(kept) - 48
  // Half-even: up past the half, or at the half exactly when the last digit kept is odd (the digit before the first is 0).
  const up = next > 5 || (next === 5 && (kept + 1 < digits.length || (kept > 0 && (digits.charCodeAt(kept - 1) & 1) === 1)))
  if (!up) {
    let end = kept
    while (end > 0 && digits.charCodeAt(end - 1) === 48) end--
    return digits.slice(0, end)
  }
  let end = kept
  while (end > 0 && digits.charCodeAt(end - 1) === 57) end-- // the nines that carry become trailing zeros
  if (end === 0) {
    roundedExponent = lowest + kept // 10^(exponent + 1), or 10^lowest when no digit was kept
    return '1'
  }
  return digits.slice(0, end - 1) + String.fromCharCode(digits.charCodeAt(end - 1) + 1)
}

/** Plain notation of |value| = 0.`digits` × 10^(exponent + 1) ('' is zero), with at least `places` decimals (decimal.js's finiteToString). */
function plainText(digits: string, exponent: number, places: number): string {
  const length = digits.length
  if (length === 0) return places > 0 ? `0.${zeros(places)}` : '0'
  if (exponent < 0) return `0.${zeros(-exponent - 1)}${digits}${zeros(places - length - (-exponent - 1))}`
  if (exponent >= length - 1) return digits + zeros(exponent + 1 - length) + (places > 0 ? `.${zeros(places)}` : '')
  const decimals = length - exponent - 1
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}${zeros(places - decimals)}`
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
