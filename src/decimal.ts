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
  const slot = textSlot(words, value.e, value.s)
  if (slot >= 0 && slotHolds(slot, words, value.e, value.s)) return slotTexts[slot]!
  const text = figureText(words, value.e, value.s)
  if (slot >= 0) keepInSlot(slot, words, value.e, value.s, text)
  return text
}

/** decimalString of a finite non-zero value of at least 1e-30 in magnitude, from its words, exponent and sign. */
function figureText(words: readonly number[], exponent: number, sign: number): string {
  const kept = rounded(words, exponent, exponent - FIGURE_DIGITS + 1)
  if (roundedExponent <= FIGURE_MAX_EXPONENT) return plainText(kept, roundedExponent, 0, sign < 0)
  // toString()'s exponent form (toExpPos is 40): the first digit, the others after a point, then e+ and the exponent.
  const digits = plainText(kept, (kept.length - 1) * WORD_DIGITS + digitCount(kept[0]!) - 1, 0, false).replace(/0+$/, '') // as an integer, less its zeros
  return flat(`${sign < 0 ? '-' : ''}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e+${roundedExponent}`)
}

// The figure texts made last, by the value's digits (a direct-mapped cache): a desk account's report writes about
// a million figures and half of them are a value written before (a market's price in each of its positions' items
// and records, a tier's rate, a threshold), often as another Decimal object with the same digits. The text is a
// function of the sign, the exponent and the words alone, so a slot that holds the same three gives the same text;
// the words are copied into the slot (numbers, not the Decimal's array), and a slot is overwritten by the next
// value that falls into it.
const TEXT_SLOTS = 4096
/** Words of a value kept in a slot, at most (40 significant digits take 7). */
const SLOT_WORDS = 8
const slotWordCounts = new Uint8Array(TEXT_SLOTS) // 0: empty
const slotExponents = new Int32Array(TEXT_SLOTS) // exponent × 2, plus 1 for a negative value
const slotWordValues = new Int32Array(TEXT_SLOTS * SLOT_WORDS)
const slotTexts: string[] = new Array<string>(TEXT_SLOTS).fill('')
/** Exponents kept (a slot's exponent × 2 + 1 must fit its Int32). */
const SLOT_MAX_EXPONENT = 1 << 28

/** The slot a value's text is kept in; -1 for a value not kept (more than SLOT_WORDS words, a huge exponent). */
function textSlot(words: readonly number[], exponent: number, sign: number): number {
  const count = words.length
  if (count > SLOT_WORDS || exponent > SLOT_MAX_EXPONENT) return -1
  let hash = (exponent * 2 + (sign < 0 ? 1 : 0)) | 0
  for (let i = 0; i < count; i++) hash = (Math.imul(hash, 0x9e3779b1) + words[i]!) | 0
  return (hash ^ (hash >>> 15)) & (TEXT_SLOTS - 1)
}

function slotHolds(slot: number, words: readonly number[], exponent: number, sign: number): boolean {
  const count = words.length
  if (slotWordCounts[slot] !== count || slotExponents[slot] !== exponent * 2 + (sign < 0 ? 1 : 0)) return false
  const base = slot * SLOT_WORDS
  for (let i = 0; i < count; i++) if (slotWordValues[base + i] !== words[i]) return false
  return true
}

function keepInSlot(slot: number, words: readonly number[], exponent: number, sign: number, text: string) {
  const count = words.length
  slotWordCounts[slot] = count
  slotExponents[slot] = exponent * 2 + (sign < 0 ? 1 : 0)
  const base = slot * SLOT_WORDS
  for (let i = 0; i < count; i++) slotWordValues[base + i] = words[i]!
  slotTexts[slot] = text
}

// Decimal → text from decimal.js's own digits: its `d` (base-1e7 words, the first without leading zeros, the last
// never 0; null for NaN and ±Infinity), `e` (the base-10 exponent of the first digit) and `s` (the sign). The decimal
// point always falls between two words (word i holds the digits of weight 10^(7(⌊e/7⌋ − i)) to 10^(7(⌊e/7⌋ − i) + 6)),
// so the text is the words written one after the other, with the point between the whole and the fraction. Each
// function returns exactly what the decimal.js call it names returns (NaN and Infinity included), with the project's
// rounding (ROUND_HALF_EVEN), without a rounded copy of the Decimal and decimal.js's string assembly: a desk account's
// report writes about a million of them (test/decimal-text.test.ts holds them to decimal.js itself).

/** `value.toFixed()`: plain notation, every digit. */
export function plainString(value: Decimal): string {
  const words = value.d
  if (!words) return value.toFixed()
  if (words[0] === 0) return '0'
  return plainText(words, value.e, 0, value.s < 0)
}

/** `value.toFixed(places, ROUND_HALF_EVEN)`: rounded to `places` decimals, every one of them written ("-0.00" for a small negative). */
export function fixedString(value: Decimal, places: number): string {
  const words = value.d
  if (!words) return value.toFixed()
  if (words[0] === 0) return plainText(NONE, 0, places, false)
  return plainText(rounded(words, value.e, -places), roundedExponent, places, value.s < 0)
}

/** `value.toDecimalPlaces(places, ROUND_HALF_EVEN).toFixed()`: rounded to `places` decimals, trailing zeros left out. */
export function roundedString(value: Decimal, places: number): string {
  const words = value.d
  if (!words) return value.toFixed()
  if (words[0] === 0) return '0'
  const kept = rounded(words, value.e, -places)
  return kept.length === 0 ? '0' : plainText(kept, roundedExponent, 0, value.s < 0)
}

/** `value.toSignificantDigits(significant, ROUND_HALF_EVEN).toFixed()`: `significant` digits at most, plain notation. */
export function significantString(value: Decimal, significant: number): string {
  const words = value.d
  if (!words) return value.toFixed()
  if (words[0] === 0) return '0'
  return plainText(rounded(words, value.e, value.e - significant + 1), roundedExponent, 0, value.s < 0)
}

const WORD_DIGITS = 7
const BASE = 1e7
const POWERS = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000]
const NONE: readonly number[] = []

/** The digits of a word, 1 to 7. */
function digitCount(word: number): number {
  let count = 1
  while (count < WORD_DIGITS && word >= POWERS[count]!) count++
  return count
}

/** The exponent of the last rounded(): one more than the value's when rounding carried past its first digit (0.9995 → 1.000). */
let roundedExponent = 0
/** rounded()'s words when it changes any: reused, read before the next call. */
const roundedWords: number[] = []

/**
 * The words of a non-zero value (`words`, `exponent`) rounded half-even at the digit of weight 10^lowest: `words`
 * themselves when nothing is cut, none when it rounds to zero; its exponent is left in roundedExponent. decimal.js's
 * finalise, without the copy.
 */
function rounded(words: readonly number[], exponent: number, lowest: number): readonly number[] {
  roundedExponent = exponent
  const first = digitCount(words[0]!)
  const kept = exponent - lowest + 1 // digits kept, counted from the first
  if (kept >= first + (words.length - 1) * WORD_DIGITS) return words
  if (kept <= 0) {
    // Only the first digit can reach half a unit of 10^lowest (the digit before it, 0, is even).
    const next = kept === 0 ? Math.floor(words[0]! / POWERS[first - 1]!) : 0
    if (next > 5 || (next === 5 && (words.length > 1 || words[0]! % POWERS[first - 1]! !== 0))) {
      roundedExponent = lowest
      roundedWords.length = 1
      roundedWords[0] = POWERS[((lowest % WORD_DIGITS) + WORD_DIGITS) % WORD_DIGITS]!
      return roundedWords
    }
    return NONE
  }
  // The word that holds the first digit cut, and how many of its digits lie below it.
  const at = kept < first ? 0 : 1 + Math.floor((kept - first) / WORD_DIGITS)
  const below = at === 0 ? first - kept : WORD_DIGITS - ((kept - first) % WORD_DIGITS) // 1..7
  const word = words[at]!
  const unit = POWERS[below]! // one unit of the last digit kept, in this word (1e7: the word before)
  const next = Math.floor((word % unit) / POWERS[below - 1]!)
  const rest = word % POWERS[below - 1]! !== 0 || at < words.length - 1
  const keptPart = word - (word % unit)
  const lastKept = below < WORD_DIGITS ? keptPart / unit : words[at - 1]!
  const up = next > 5 || (next === 5 && (rest || lastKept % 2 === 1))
  let count = below < WORD_DIGITS ? at + 1 : at
  roundedWords.length = count
  for (let i = 0; i < at; i++) roundedWords[i] = words[i]!
  if (below < WORD_DIGITS) roundedWords[at] = keptPart
  if (up) {
    let i = count - 1
    roundedWords[i] = roundedWords[i]! + (below < WORD_DIGITS ? unit : 1)
    while (i > 0 && roundedWords[i] === BASE) {
      roundedWords[i] = 0
      i--
      roundedWords[i] = roundedWords[i]! + 1
    }
    if (i === 0 && roundedWords[0]! >= POWERS[first]!) {
      roundedExponent = exponent + 1
      if (roundedWords[0] === BASE) roundedWords[0] = 1 // 9999999|9… → 1|0000000…: the words after it are all 0
    }
  }
  while (count > 1 && roundedWords[count - 1] === 0) count--
  roundedWords.length = count
  return roundedWords
}

const DIGIT_0 = 48
const MINUS = 45
const POINT = 46
/** Where plainText writes a text's characters before reading them back as one string: reused, read before the next call. */
const scratch = Buffer.allocUnsafe(512)

/**
 * Plain notation of `words` with exponent `exponent` (no words: zero), after a minus when `negative`, with at least
 * `places` decimals (decimal.js's finiteToString). The characters are written as bytes into a scratch buffer and read
 * back once: one flat string, where writing each word's text and joining them made a tree of pieces to flatten.
 */
function plainText(words: readonly number[], exponent: number, places: number, negative: boolean): string {
  const count = words.length
  const top = count === 0 ? 0 : Math.floor(exponent / WORD_DIGITS) // the word exponent of words[0]
  // At most: a minus, "0.", 7 digits for each word and each zero word between them and the point, and the places.
  const most = 3 + WORD_DIGITS * (count + Math.abs(top) + 1) + places
  const out = most <= scratch.length ? scratch : Buffer.allocUnsafe(most)
  let at = 0
  if (negative) out[at++] = MINUS
  let i = 0
  if (count === 0) out[at++] = DIGIT_0
  else if (top >= 0) {
    at = wordAt(out, at, words[0]!, digitCount(words[0]!))
    for (i = 1; i <= top && i < count; i++) at = wordAt(out, at, words[i]!, WORD_DIGITS)
    if (count <= top) at = zerosAt(out, at, (top + 1 - count) * WORD_DIGITS)
  } else {
    out[at++] = DIGIT_0
    out[at++] = POINT
    at = zerosAt(out, at, (-top - 1) * WORD_DIGITS)
  }
  if (i === count) {
    // No fraction in the words: only the places' zeros.
    if (places > 0) {
      out[at++] = POINT
      at = zerosAt(out, at, places)
    }
    return out.toString('latin1', 0, at)
  }
  if (top >= 0) out[at++] = POINT
  const point = at - (top < 0 ? (-top - 1) * WORD_DIGITS : 0) // where the decimals start
  for (; i < count; i++) at = wordAt(out, at, words[i]!, WORD_DIGITS)
  while (out[at - 1] === DIGIT_0) at-- // the last word's trailing zeros (the last word is never 0)
  at = zerosAt(out, at, places - (at - point))
  return out.toString('latin1', 0, at)
}

/** `word`'s last `digits` digits, leading zeros included, written from `at`; the position after them. */
function wordAt(out: Buffer, at: number, word: number, digits: number): number {
  let rest = word
  for (let k = at + digits - 1; k >= at; k--) {
    const tens = Math.floor(rest / 10)
    out[k] = DIGIT_0 + rest - tens * 10
    rest = tens
  }
  return at + digits
}

/** `count` zeros written from `at` (none for a count below 1); the position after them. */
function zerosAt(out: Buffer, at: number, count: number): number {
  for (let k = 0; k < count; k++) out[at + k] = DIGIT_0
  return count > 0 ? at + count : at
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

// Comparisons without decimal.js's copies: `x.cmp(y)` (and lt, lte, gt, gte, eq, which call it) first copies `y`
// (`new Decimal(y)`, a slice of its digits; `x.gt(0)` makes a Decimal of 0), and `Decimal.max` / `Decimal.min` copy
// both arguments before they compare. The ladder lookups, the walks and the stress view's chains compare at every
// step. Each answer is decimal.js's own; a Decimal is immutable, so the argument returned stands for the copy
// decimal.js would have made (test/decimal-compare.test.ts holds every one to decimal.js on every pair of values).

/** `x.cmp(y)`: −1, 0 or 1; NaN when either is NaN (a non-finite value is left to decimal.js's own code). */
export function compare(x: Decimal, y: Decimal): number {
  const xd = x.d
  const yd = y.d
  if (!xd || !yd) return x.cmp(y)
  const xs = x.s
  const ys = y.s
  // Either zero?
  if (!xd[0] || !yd[0]) return xd[0] ? xs : yd[0] ? -ys : 0
  if (xs !== ys) return xs
  const negative = xs < 0
  if (x.e !== y.e) return x.e > y.e !== negative ? 1 : -1
  const length = Math.min(xd.length, yd.length)
  for (let i = 0; i < length; i++) if (xd[i] !== yd[i]) return xd[i]! > yd[i]! !== negative ? 1 : -1
  return xd.length === yd.length ? 0 : xd.length > yd.length !== negative ? 1 : -1
}

/** `Decimal.max(x, y)`: the larger; of two equal, `y` when `x` is negative (so −0 against 0 gives 0); NaN when `y` is. */
export function largerOf(x: Decimal, y: Decimal): Decimal {
  if (!y.s) return y
  const order = compare(x, y)
  return order === -1 || (order === 0 && x.s === -1) ? y : x
}

/** `Decimal.min(x, y)`: the smaller; of two equal, `y` when `x` is positive; NaN when `y` is. */
export function smallerOf(x: Decimal, y: Decimal): Decimal {
  if (!y.s) return y
  const order = compare(x, y)
  return order === 1 || (order === 0 && x.s === 1) ? y : x
}

/** `x.gt(0)`: above zero (+Infinity too; not NaN, not ±0). */
export function aboveZero(x: Decimal): boolean {
  return x.s > 0 && !x.isZero()
}

/** `x.lt(0)`: below zero (−Infinity too; not NaN, not ±0). */
export function belowZero(x: Decimal): boolean {
  return x.s < 0 && !x.isZero()
}

/** `x.lte(0)`: zero of either sign or below it (not NaN). */
export function atMostZero(x: Decimal): boolean {
  return x.s < 0 || x.isZero()
}

/** decimalString, passing an absent value through as null (JSON records). */
export function decimalStringOrNull(value: Decimal | null | undefined): string | null {
  return value == null ? null : decimalString(value)
}

export function toBps(fraction: Decimal): Decimal {
  return fraction.div(BPS)
}
