// The bounds of what perp-check reads: each is far beyond any real account (a desk account has a few
// hundred to 10,000 positions and 200 markets with books of up to 1,000 levels) and keeps a hostile file
// to a positioned problem in bounded time and memory. docs/format.md lists them; the tests read them here.
import type { Decimal } from '../decimal.js'

const MINUTE = 60_000
const DAY = 86_400_000

export const LIMITS = {
  /** Bytes of YAML text, checked before the file is parsed. */
  fileBytes: 10 * 1024 * 1024,
  /** Nesting of mappings and lists (the deepest key of the format is 7 levels down). */
  depth: 20,
  /** Alias nodes (`*name`) in the file. */
  aliases: 1000,
  /** Values that aliases add when expanded (an alias to a 20-tier ladder adds about 100). */
  aliasExpansion: 100_000,
  /** Characters of any one value (a symbol, an id, a number's text). */
  textLength: 1000,
  /** Characters of a market symbol or an id. */
  nameLength: 100,
  /** Problems printed; the rest are counted. */
  problems: 100,
  number: {
    /** Characters of a number's text. */
    textLength: 100,
    /** Significant digits of a number. */
    digits: 40,
    /** Largest decimal exponent: a non-zero number is below 10^(maxExponent + 1) in magnitude... */
    maxExponent: 20,
    /** ...and at least 10^minExponent. */
    minExponent: -30,
  },
  stress: {
    /** stress.spread_multiplier: 100× the spread is far past the stress it stands for (the default is 3×). */
    spreadMultiplier: 100,
  },
  lists: {
    markets: 2000,
    positions: 100_000,
    orders: 20_000,
    bookLevels: 10_000,
    tiers: 200,
    ladderChanges: 100,
    forecast: 10_000,
    moves: 200,
  },
} as const

/** The range of each kind of duration, in milliseconds (inclusive). */
export const DURATION_LIMITS = {
  /** funding.interval: venues settle every 1h to 8h; a minute is far below any. */
  fundingInterval: { min: MINUTE, max: 30 * DAY },
  /** hold (positions, orders, thresholds.hold): up to 5 years. */
  hold: { min: 0, max: 5 * 365 * DAY },
  /** latency (orders, stress): order entry takes milliseconds to minutes; a few hours are admitted for what-if runs. */
  latency: { min: 0, max: 4 * 60 * MINUTE },
  /** orders[].interval: the time between child orders of a sliced order. */
  sliceInterval: { min: 0, max: DAY },
  /** book.refill_half_life. */
  refillHalfLife: { min: 0, max: DAY },
  /** account.rate_limit.per: the window of an order-rate limit. */
  rateWindow: { min: 1, max: DAY },
  /** thresholds.funding_soon. */
  fundingSoon: { min: 0, max: 30 * DAY },
} as const

export type DurationKind = keyof typeof DURATION_LIMITS

/** Why a number's text is out of bounds, or undefined when it is within them. */
export function numberBoundProblem(text: string, value: Decimal): string | undefined {
  const { digits, maxExponent, minExponent } = LIMITS.number
  // Past decimal.js's own range the text reads as Infinity or 0: the exponent is out of any bound.
  if (!value.isFinite()) return `${shorten(text)} is too large: numbers must be below 1e${maxExponent + 1} in magnitude`
  if (value.isZero()) {
    const mantissa = text.replace(/[eE].*$/, '')
    return /[1-9]/.test(mantissa) ? `${shorten(text)} is too small: a non-zero number must be at least 1e${minExponent} in magnitude` : undefined
  }
  if (value.sd() > digits) return `has ${value.sd()} significant digits; at most ${digits} are read`
  const exponent = value.e
  if (exponent > maxExponent) return `${shorten(text)} is too large: numbers must be below 1e${maxExponent + 1} in magnitude`
  if (exponent < minExponent) return `${shorten(text)} is too small: a non-zero number must be at least 1e${minExponent} in magnitude`
  return undefined
}

/** A long text cut for a message. */
export function shorten(text: string, length = 32): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`
}
