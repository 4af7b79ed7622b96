// The usual file read without the schema library: each section a file writes is read straight into what
// the schema (schema.ts) makes of it, when it is plainly valid — the same values, the same keys in the same
// order. Anything else (a wrong type, a value out of its range, an unknown or a missing key) is not judged
// here: the section goes to the schema, which says what is wrong and where. So a valid file never builds
// the schema, and an invalid one gets the schema's problems, word for word.
import { aboveZero, compare, type Decimal, ONE, ZERO } from '../decimal.js'
import { BookLevels } from '../model.js'
import { isPlainNumber, type PointAt } from '../plain-number.js'
import { VENUE_IDS } from '../venues.js'
import { DURATION_LIMITS, type DurationKind, LIMITS } from './limits.js'
import { CONTROL, parseDecimalText, parseDurationExact, timestampProblem } from './values.js'

/** What a reader returns for a value it does not read plainly: the schema decides. */
export const NOT_PLAIN: unique symbol = Symbol('not plain')
type Read<T> = (value: unknown) => T | typeof NOT_PLAIN

/** A top-level section read as the schema reads it, or NOT_PLAIN (thresholds and risk_model, which most files leave out, are the schema's alone). */
export function quickSection(key: string, value: unknown): unknown {
  const read = Object.hasOwn(SECTIONS, key) ? SECTIONS[key as keyof typeof SECTIONS] : undefined
  return read && value !== undefined ? read(value) : NOT_PLAIN
}

// Leaves: each accepts exactly what its schema in values.ts accepts and gives the same value.

/** A number's source text (the reader gives numbers as text; orders of the command line may hold JS numbers). */
function numberText(value: unknown): string | typeof NOT_PLAIN {
  if (typeof value === 'string') return value
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : NOT_PLAIN
}

function decimalWhere(accept: (d: Decimal) => boolean): Read<Decimal> {
  return (value) => {
    const text = numberText(value)
    const parsed = text === NOT_PLAIN ? undefined : parseDecimalText(text)
    return parsed !== undefined && accept(parsed) ? parsed : NOT_PLAIN
  }
}

const decimal = decimalWhere(() => true)
// Copy-free comparisons (Decimal's own gt/gte/lt copy their argument): every position's sizes and prices pass here.
const positive = decimalWhere(aboveZero)
const nonNegative = decimalWhere((d) => compare(d, ZERO) >= 0)
const fraction = decimalWhere((d) => compare(d, ZERO) >= 0 && compare(d, ONE) < 0)

function integer(min: number, max: number): Read<number> {
  const read = decimalWhere((d) => d.isInteger() && d.gte(min) && d.lte(max))
  return (value) => {
    const d = read(value)
    return d === NOT_PLAIN ? d : d.toNumber()
  }
}

function duration(kind: DurationKind): Read<number> {
  const { min, max } = DURATION_LIMITS[kind]
  return (value) => {
    const text = numberText(value)
    const ms = text === NOT_PLAIN ? undefined : parseDurationExact(text)
    return ms === undefined || ms.lt(min) || ms.gt(max) ? NOT_PLAIN : ms.toNumber()
  }
}

const timestamp: Read<number> = (value) => (typeof value === 'string' && timestampProblem(value) === undefined ? Date.parse(value.trim()) : NOT_PLAIN)

const name: Read<string> = (value) =>
  typeof value === 'string' && value.length >= 1 && value.length <= LIMITS.nameLength && !CONTROL.test(value) ? value : NOT_PLAIN

function oneOf<T extends string>(allowed: readonly T[]): Read<T> {
  return (value) => (allowed.includes(value as T) ? (value as T) : NOT_PLAIN)
}

const boolean: Read<boolean> = (value) => (typeof value === 'boolean' ? value : NOT_PLAIN)

// Collections.

/** A strict mapping: only its own keys, the required ones present; out come the keys in the schema's order, as zod writes them. */
function mapping(fields: Record<string, Read<unknown>>, required: readonly string[] = []): Read<Record<string, unknown>> {
  const keys = Object.keys(fields)
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return NOT_PLAIN
    const input = value as Record<string, unknown>
    for (const key of Object.keys(input)) if (!Object.hasOwn(fields, key)) return NOT_PLAIN
    const out: Record<string, unknown> = {}
    for (const key of keys) {
      const mandatory = required.includes(key)
      if (!(key in input)) {
        if (mandatory) return NOT_PLAIN
        continue
      }
      const item = input[key]
      if (item === undefined) {
        if (mandatory) return NOT_PLAIN
        out[key] = undefined
        continue
      }
      const read = fields[key]!(item)
      if (read === NOT_PLAIN) return NOT_PLAIN
      out[key] = read
    }
    return out
  }
}

function list<T>(item: Read<T>, min: number, max: number): Read<T[]> {
  return (value) => {
    if (!Array.isArray(value) || value.length < min || value.length > max) return NOT_PLAIN
    const out: T[] = new Array(value.length)
    for (let i = 0; i < value.length; i++) {
      const read = item(value[i])
      if (read === NOT_PLAIN) return NOT_PLAIN
      out[i] = read
    }
    return out
  }
}

/** A mapping of names the user chooses (market symbols) to values, into a Map in the mapping's key order (namedMap). */
function named<T>(item: Read<T>, max: number): Read<Map<string, T>> {
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return NOT_PLAIN
    const input = value as Record<string, unknown>
    const keys = Object.keys(input)
    if (keys.length > max) return NOT_PLAIN
    const out = new Map<string, T>()
    for (const key of keys) {
      if (name(key) === NOT_PLAIN) return NOT_PLAIN
      const read = item(input[key])
      if (read === NOT_PLAIN) return NOT_PLAIN
      out.set(key, read)
    }
    return out
  }
}

/**
 * One side of a book: [price, size] pairs of positive numbers within the limits, into levels (the schema's own
 * quick read of a book, shared with it: books are most of a desk account's file). A number written plainly
 * (see plain-number.ts) is checked on its text and kept as text until a reader needs its Decimal; any other
 * is read as `positive` reads it.
 */
export function readLevels(input: unknown): BookLevels | undefined {
  if (!Array.isArray(input) || input.length < 1 || input.length > LIMITS.lists.bookLevels) return undefined
  const values: (string | Decimal)[] = new Array(input.length * 2)
  let most = 0
  let fewest = Number.POSITIVE_INFINITY
  for (let i = 0; i < input.length; i++) {
    const pair: unknown = input[i]
    if (!Array.isArray(pair) || pair.length !== 2) return undefined
    const price = plainPlaces(pair[0])
    if (price >= 0) {
      values[2 * i] = pair[0] as string
      most = Math.max(most, price)
      fewest = Math.min(fewest, price)
    } else {
      const read = price === NOT_PLAIN_TEXT ? NOT_PLAIN : positive(pair[0])
      if (read === NOT_PLAIN) return undefined
      values[2 * i] = read
      most = Math.max(most, read.decimalPlaces())
      fewest = Math.min(fewest, read.decimalPlaces())
    }
    const size = plainPlaces(pair[1])
    if (size >= 0) values[2 * i + 1] = pair[1] as string
    else {
      const read = size === NOT_PLAIN_TEXT ? NOT_PLAIN : positive(pair[1])
      if (read === NOT_PLAIN) return undefined
      values[2 * i + 1] = read
    }
  }
  return BookLevels.read(values, { most, fewest }, LIMITS.number.digits)
}

/** plainPlaces: a plain text that is not a positive number within the limits. */
export const NOT_PLAIN_TEXT = -2
/** plainPlaces: not a plain number's text (a sign, an exponent, spaces, `1.`, a JS number): read it as a Decimal. */
export const NOT_TEXT = -1

/**
 * The decimal places of a positive plain number (see plain-number.ts: 1234.50 → 1) within the limits positive()
 * holds it to (text length, significant digits, exponent); NOT_PLAIN_TEXT when such a text is out of them or is
 * zero, NOT_TEXT when the value is not a plain number's text. No string made: a desk account's books are most of
 * its numbers.
 */
export function plainPlaces(value: unknown): number {
  if (typeof value !== 'string' || value.length > LIMITS.number.textLength || !isPlainNumber(value, lastPoint)) return NOT_TEXT
  const length = value.length
  const point = lastPoint.point
  const whole = point === -1 ? length : point // the digits before the point
  // The first and the last significant digit: the characters neither a zero nor the point (a plain number holds no other).
  let first = 0
  while (first < length && isZeroOrPoint(value.charCodeAt(first))) first++
  if (first === length) return NOT_PLAIN_TEXT
  let last = length - 1
  while (isZeroOrPoint(value.charCodeAt(last))) last--
  const significant = last - first + 1 - (first < point && point < last ? 1 : 0)
  const exponent = first < whole ? whole - 1 - first : whole - first
  const { digits: most, maxExponent, minExponent } = LIMITS.number
  if (significant > most || exponent > maxExponent || exponent < minExponent) return NOT_PLAIN_TEXT
  return last > whole ? last - whole : 0
}

const isZeroOrPoint = (code: number) => code === 48 || code === 46
/** Where the point of the text plainPlaces read last stands. */
const lastPoint: PointAt = { point: -1 }

const bookSide: Read<BookLevels> = (value) => readLevels(value) ?? NOT_PLAIN

// The sections, key for key as schema.ts writes them.

const reference = oneOf(['mark', 'last', 'index'])
const marginMode = oneOf(['cross', 'isolated'])

const ladder = list(
  mapping({ max_notional: positive, mmr: fraction, max_leverage: positive, maintenance_amount: nonNegative }, ['max_notional', 'max_leverage']),
  1,
  LIMITS.lists.tiers,
)

const market = mapping(
  {
    prices: mapping({ index: positive, mark: positive, last: positive }, ['index', 'mark', 'last']),
    liquidation_trigger: reference,
    contract_size: positive,
    maintenance_ladder: ladder,
    ladder_changes: list(
      mapping({ effective_at: timestamp, maintenance_ladder: ladder }, ['effective_at', 'maintenance_ladder']),
      0,
      LIMITS.lists.ladderChanges,
    ),
    funding: mapping(
      {
        rate: decimal,
        next_at: timestamp,
        interval: duration('fundingInterval'),
        forecast: list(decimal, 0, LIMITS.lists.forecast),
        cap: positive,
      },
      ['rate'],
    ),
    volatility: positive,
    book: mapping({ bids: bookSide, asks: bookSide, refill_half_life: duration('refillHalfLife') }, ['bids', 'asks']),
    liquidation_fee: fraction,
    tick_size: positive,
    quote: name,
    microstructure: mapping({ quote_rate: positive }),
  },
  ['prices', 'maintenance_ladder'],
)

const position = mapping(
  {
    id: name,
    market: name,
    side: oneOf(['long', 'short']),
    size: positive,
    entry_price: positive,
    margin_mode: marginMode,
    margin: positive,
    leverage: positive,
    stop: mapping({ price: positive, trigger: reference }, ['price']),
    hold: duration('hold'),
    adl_rank: integer(0, 5),
  },
  ['market', 'side', 'size', 'entry_price'],
)

const order = mapping(
  {
    id: name,
    market: name,
    side: oneOf(['buy', 'sell']),
    size: positive,
    type: oneOf(['market', 'limit', 'post_only']),
    price: positive,
    slices: integer(1, 1000),
    interval: duration('sliceInterval'),
    latency: duration('latency'),
    hold: duration('hold'),
    leverage: positive,
    margin_mode: marginMode,
    position: name,
    reduce_only: boolean,
  },
  ['market', 'side', 'size'],
)

const correlation = decimalWhere((d) => d.gte(-1) && d.lte(1))

const stress = mapping({
  moves: list(
    decimalWhere((d) => d.gt(-1) && !d.isZero()),
    1,
    LIMITS.lists.moves,
  ),
  betas: named(decimal, LIMITS.lists.markets),
  correlation,
  correlations: named(named(correlation, LIMITS.lists.markets), LIMITS.lists.markets),
  spread_multiplier: decimalWhere((d) => d.gte(1) && d.lte(LIMITS.stress.spreadMultiplier)),
  depth_multiplier: decimalWhere((d) => d.gt(0) && d.lte(1)),
  latency: duration('latency'),
})

const SECTIONS = {
  version: integer(1, 1),
  as_of: timestamp,
  venue: oneOf(VENUE_IDS),
  account: mapping(
    {
      margin_mode: marginMode,
      wallet_balance: nonNegative,
      fees: mapping({ maker: decimal, taker: nonNegative }),
      rate_limit: mapping({ orders: integer(1, 1_000_000), per: duration('rateWindow') }, ['orders', 'per']),
    },
    ['wallet_balance'],
  ),
  markets: named(market, LIMITS.lists.markets),
  positions: list(position, 0, LIMITS.lists.positions),
  orders: list(order, 0, LIMITS.lists.orders),
  stress,
}
