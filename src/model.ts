// The validated portfolio: what every check reads. Built once from the YAML by src/input/,
// with every money figure a Decimal read from the file's source text and every item
// carrying the YAML path it came from (so findings can point at file:line:col).
import { Decimal, ZERO } from './decimal.js'
import { isPlainNumber } from './plain-number.js'
import type { Fees, RateLimit, Reference, VenueProfile } from './venues.js'
import type { Thresholds } from './thresholds.js'

/** A path into the YAML document, e.g. ['positions', 2, 'size']. */
export type YamlPath = readonly (string | number)[]

export type { Fees, Reference }
export type MarginMode = 'cross' | 'isolated'
export type PositionSide = 'long' | 'short'
export type OrderSide = 'buy' | 'sell'
export type OrderType = 'market' | 'limit' | 'post_only'

export interface Account {
  marginMode: MarginMode
  walletBalance: Decimal
  /** Venue defaults filled in where the file gives none. */
  fees: Fees
  /** New-order rate limits: account.rate_limit, else the venue's published ones, else none. */
  rateLimits: RateLimit[]
  rateLimitSource: 'file' | 'venue' | null
}

/**
 * One rung of a maintenance-margin ladder, as written in the file (ascending by maxNotional).
 * The tier covers notionals in (previous maxNotional, maxNotional]; the first starts at 0.
 */
export interface LadderTier {
  maxNotional: Decimal
  mmr: Decimal
  maxLeverage: Decimal
  /** The file's maintenance amount ("cum" / deduction), when it gives one. */
  maintenanceAmount?: Decimal
  path: YamlPath
}

export interface LadderChange {
  effectiveAt: number
  ladder: LadderTier[]
  path: YamlPath
}

export interface Funding {
  /** Rate for one interval; positive: longs pay shorts. */
  rate: Decimal
  /** The file's next_at; when the file omits it, the first instant of the venue's grid after as_of. */
  nextAt: number
  /** True when next_at came from the file, false when the venue's grid gave it. */
  nextAtGiven: boolean
  /** Milliseconds; the venue's default interval when the file gives none. */
  intervalMs: number
  /** True when the interval came from the file rather than the venue default. */
  intervalGiven: boolean
  /** Rates for the next instants, in order; the current rate persists after the list. */
  forecast: Decimal[]
  /** Largest absolute rate per interval the venue allows, when known or given. */
  cap?: Decimal
  path: YamlPath
}

/** One price level of an L2 book: [price, size]. */
export interface BookLevel {
  price: Decimal
  size: Decimal
}

/**
 * One side of an L2 book, best first, as the file wrote it: each level's price and size kept as its source text
 * and made a Decimal when first read (once). A desk's books are most of its file (1,000 levels a side), and a
 * walk reads only the levels it takes; an object and two Decimals per level cost more than the parse. A side
 * under stress (`moved`) is the same: each level computed from the side it moves when first read.
 */
export class BookLevels {
  /** Level i's price at 2i and size at 2i + 1: the file's text (validated) or nothing (a moved side's) until read, then its Decimal. */
  readonly #values: (string | Decimal | undefined)[]
  /** A moved side's levels: from.levels' price + offset and size × factor. */
  readonly #from: { levels: BookLevels; offset: Decimal; factor: Decimal; offsetFloat?: number } | undefined
  /** The most and the fewest decimal places of any price; undefined until worked out. */
  #pricePlaces: number | undefined
  #fewestPlaces: number | undefined
  /** No size has more significant digits than this; undefined until worked out. */
  #sizeDigits: number | undefined
  #order: 'falling' | 'rising' | 'unsorted' | undefined
  /** Σ size over every level; undefined until worked out. */
  #visible: Decimal | undefined
  readonly length: number

  private constructor(
    values: (string | Decimal | undefined)[],
    from?: { levels: BookLevels; offset: Decimal; factor: Decimal },
    known: { places?: Places; sizeDigits?: number; order?: 'falling' | 'rising' | 'unsorted' } = {},
  ) {
    this.#values = values
    this.#from = from
    this.#pricePlaces = known.places?.most
    this.#fewestPlaces = known.places?.fewest
    this.#sizeDigits = known.sizeDigits
    this.#order = known.order
    this.length = values.length >> 1
  }

  /**
   * Levels from `values` (price and size of level i at 2i and 2i + 1), each a decimal text new Decimal reads
   * as the number (validated by the caller) or the Decimal itself; `places`, the most and the fewest decimal
   * places of the prices; `sizeDigits`, a bound on the sizes' significant digits.
   */
  static read(values: (string | Decimal)[], places: Places, sizeDigits: number): BookLevels {
    return new BookLevels(values, undefined, { places, sizeDigits })
  }

  static of(levels: readonly BookLevel[]): BookLevels {
    const values: Decimal[] = new Array(levels.length * 2)
    levels.forEach((level, i) => {
      values[2 * i] = level.price
      values[2 * i + 1] = level.size
    })
    return new BookLevels(values)
  }

  /**
   * Every price moved by `offset` and every size multiplied by `factor`, the levels moved to a price ≤ 0
   * dropped: `levels.toArray().map(price + offset, size × factor).filter(price > 0)`, each level computed when
   * first read. That is so when the side is sorted and every moved price is exact (at most the arithmetic's
   * digits): the moved side is then sorted as this one, and the levels dropped are the last of a falling side.
   * Any other side is moved whole, at once.
   */
  static moved(levels: BookLevels, offset: Decimal, factor: Decimal): BookLevels {
    const order = levels.order()
    const whole = () =>
      BookLevels.of(
        levels
          .toArray()
          .map((level) => ({ price: level.price.plus(offset), size: level.size.mul(factor) }))
          .filter((level) => level.price.gt(0)),
      )
    if (order === 'unsorted') return whole()
    const last = levels.length - 1
    const top = Decimal.max(levels.price(0).abs(), levels.price(last).abs(), offset.abs())
    // The sum of two numbers below 10^(e + 1) with at most p places has at most e + 2 + p digits.
    const places = Math.max(levels.pricePlaces(), offset.decimalPlaces())
    if (top.e + 2 + places > Decimal.precision) return whole()
    const kept = (i: number) => levels.price(i).plus(offset).gt(0)
    if (order === 'rising' && !kept(0)) return whole()
    let count = levels.length
    if (order === 'falling' && !kept(last)) {
      // Prices fall: the kept levels are a prefix, ending before the first moved to ≤ 0.
      let low = 0
      let high = last
      while (low < high) {
        const middle = (low + high) >>> 1
        if (kept(middle)) low = middle + 1
        else high = middle
      }
      count = low
    }
    const from = { levels, offset, factor }
    return new BookLevels(new Array(count * 2), from, { order: count > 1 ? order : 'unsorted', sizeDigits: Decimal.precision })
  }

  price(i: number): Decimal {
    return this.#value(2 * i)
  }

  size(i: number): Decimal {
    return this.#value(2 * i + 1)
  }

  #value(at: number): Decimal {
    const value = this.#values[at]
    if (value instanceof Decimal) return value
    if (at < 0 || at >= this.#values.length) throw new RangeError(`no book level ${at >> 1} of ${this.length}`)
    let read: Decimal
    if (typeof value === 'string') read = new Decimal(value)
    else {
      const { levels, offset, factor } = this.#from!
      read = at % 2 === 0 ? levels.price(at >> 1).plus(offset) : levels.size(at >> 1).mul(factor)
    }
    this.#values[at] = read
    return read
  }

  /**
   * Level i's price as a float within 1e-12 of it relatively, to screen comparisons with: the text's float (at
   * most half a unit of its last place off), or a moved price's as the float sum of a text's float and the
   * offset's when they do not cancel (each part and the sum within 2^−53 of theirs: within 3·2^−52 of the sum,
   * as |part| + |offset| ≤ 2|sum|); NaN when there is none at hand.
   */
  approxPrice(i: number): number {
    const value = this.#values[2 * i]
    if (typeof value === 'string') return Number(value)
    const from = this.#from
    const text = from && value === undefined ? from.levels.#values[2 * i] : undefined
    if (!from || typeof text !== 'string') return Number.NaN
    const base = Number(text)
    from.offsetFloat ??= from.offset.toNumber()
    const sum = base + from.offsetFloat
    return Math.abs(base) + Math.abs(from.offsetFloat) <= 2 * Math.abs(sum) ? sum : Number.NaN
  }

  /** The levels, materialised. */
  toArray(): BookLevel[] {
    return Array.from({ length: this.length }, (_, i) => ({ price: this.price(i), size: this.size(i) }))
  }

  /** The most decimal places of any price (0 for an empty side): the finest step the side shows. */
  pricePlaces(): number {
    this.#pricePlaces ??= this.#movedPlaces() ?? this.#placesRead().most
    return this.#pricePlaces
  }

  /** The fewest decimal places of any price (0 for an empty side). */
  #fewest(): number {
    this.#fewestPlaces ??= this.#placesRead().fewest
    return this.#fewestPlaces
  }

  #placesRead(): Places {
    let most = 0
    let fewest = this.length > 0 ? Number.POSITIVE_INFINITY : 0
    for (let i = 0; i < this.length; i++) {
      const places = this.price(i).decimalPlaces()
      most = Math.max(most, places)
      fewest = Math.min(fewest, places)
    }
    this.#pricePlaces = most
    this.#fewestPlaces = fewest
    return { most, fewest }
  }

  /**
   * A moved side's places without moving every price, where exact sums tell them: p + o has max(dp(p), dp(o))
   * places when those differ (the one with more places has a digit there the other has not). So with dp(o)
   * above every price's it is dp(o), below the most it is the most, and equal to the most it is the most when
   * some price has fewer. Undefined when every price has dp(o) places (a last digit may cancel) or levels were dropped.
   */
  #movedPlaces(): number | undefined {
    const from = this.#from
    if (!from || this.length === 0 || this.length !== from.levels.length) return undefined
    const most = from.levels.pricePlaces()
    const offset = from.offset.decimalPlaces()
    return offset !== most || from.levels.#fewest() < most ? Math.max(most, offset) : undefined
  }

  /** Σ size over every level (the side's visible size), worked out once. */
  visibleSize(): Decimal {
    this.#visible ??= this.sizeSum(0, this.length)
    return this.#visible
  }

  /**
   * Σ size of levels from `from` up to `to`: the Decimal a sum from zero, level by level, gives. Sizes still
   * written as plain texts are added as floats in units of their finest place where that is exact (sizeUnitsSum),
   * with no Decimal made for any of them.
   */
  sizeSum(from: number, to: number): Decimal {
    if (from >= to) return ZERO
    const exact = this.#sizeUnitsSum(from, to)
    if (exact) return exact
    let sum = ZERO
    for (let i = from; i < to; i++) sum = sum.plus(this.size(i))
    return sum
  }

  /**
   * The sizes' sum read off their texts: each a plain number (see plain-number.ts) is an integer count of
   * 10^−places (places, the most any of them has, at most 22, where 10^places is a float exactly). A count below
   * 2^53 is its float exactly (parsing and multiplying by 10^k round to nearest, and every integer there is a
   * float); rounding is monotone, so a count at or above it reads at or above it, and so does the running sum.
   * While that sum stays below 2^53 every count and every float sum of them is exact, as is every partial sum the
   * Decimal sum makes (at most 16 digits, within the arithmetic's 40): the two are the same number. Undefined when a size is not such a text (a moved side's, or one with an exponent) or the sum reaches 2^53.
   */
  #sizeUnitsSum(from: number, to: number): Decimal | undefined {
    const texts: string[] = new Array(to - from)
    let places = 0
    for (let i = from; i < to; i++) {
      const text = this.#sizeText(i)
      if (text === undefined) return undefined
      texts[i - from] = text
      const point = text.indexOf('.')
      if (point >= 0) places = Math.max(places, text.length - point - 1)
    }
    if (places > 22) return undefined
    let units = 0
    for (const text of texts) {
      const point = text.indexOf('.')
      const digits = point < 0 ? text : text.slice(0, point) + text.slice(point + 1)
      units += Number(digits) * POWERS_OF_TEN[point < 0 ? places : places - (text.length - point - 1)]!
      if (!(units < 2 ** 53)) return undefined
    }
    return new Decimal(`${units}e-${places}`)
  }

  /** Level i's size as a plain text: the file's, or the text of the Decimal read from it; undefined when it has none. */
  #sizeText(i: number): string | undefined {
    const value = this.#values[2 * i + 1]
    const text = value instanceof Decimal ? value.toString() : value
    return text !== undefined && isPlainNumber(text) ? text : undefined
  }

  /** Every size has at most the arithmetic's significant digits (Decimal.precision), so q − 0 is q. */
  sizesInPrecision(): boolean {
    if (this.#sizeDigits === undefined) {
      let digits = 0
      for (let i = 0; i < this.length; i++) digits = Math.max(digits, this.size(i).sd())
      this.#sizeDigits = digits
    }
    return this.#sizeDigits <= Decimal.precision
  }

  /**
   * Prices strictly falling (a bid side) or rising (an ask side) from first to last, or neither (also for fewer
   * than two levels). Neighbours written as short texts are compared as floats where those differ (rounding to a
   * float is monotone, so differing floats order the numbers as they are), exactly everywhere else.
   */
  order(): 'falling' | 'rising' | 'unsorted' {
    if (this.#order) return this.#order
    let order: 'falling' | 'rising' | 'unsorted' = 'unsorted'
    if (this.length > 1) {
      const floats = Array.from({ length: this.length }, (_, i) => this.#float(2 * i))
      const compare = (i: number): number => {
        const a = floats[i - 1]!
        const b = floats[i]!
        return a !== b && !Number.isNaN(a) && !Number.isNaN(b) ? Math.sign(a - b) : this.price(i - 1).cmp(this.price(i))
      }
      const falling = compare(1) > 0
      let sorted = true
      for (let i = 1; sorted && i < this.length; i++) sorted = falling ? compare(i) > 0 : compare(i) < 0
      if (sorted) order = falling ? 'falling' : 'rising'
    }
    this.#order = order
    return order
  }

  /** A price as a float to compare by: its text's when it is one of at most 17 characters (15 digits), else NaN (compared exactly). */
  #float(at: number): number {
    const value = this.#values[at]
    return typeof value === 'string' && value.length <= 17 ? Number(value) : Number.NaN
  }
}

/** 10^0 … 10^22, each a float exactly (read from its text, rounded to nearest). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`))

/** The most and the fewest decimal places among a book side's prices. */
export interface Places {
  most: number
  fewest: number
}

export interface Book {
  /** Best (highest) first. */
  bids: BookLevels
  /** Best (lowest) first. */
  asks: BookLevels
  /** Half-life, in milliseconds, of depth refilling toward the snapshot; undefined when unknown. */
  refillHalfLifeMs?: number
  path: YamlPath
}

export interface Prices {
  index: Decimal
  mark: Decimal
  last: Decimal
}

export interface Market {
  symbol: string
  prices: Prices
  liquidationTrigger: Reference
  contractSize: Decimal
  ladder: LadderTier[]
  ladderChanges: LadderChange[]
  funding?: Funding
  /** Annualized realized volatility as a fraction. */
  volatility?: Decimal
  book?: Book
  /** Fee charged on a liquidation, as a fraction of the notional liquidated. */
  liquidationFee?: Decimal
  /** Price increment the report prints prices to: the file's tick_size, or the finest step of the prices and book. */
  tick: Decimal
  tickGiven: boolean
  /** Quote currency money is named in: the file's quote, or read from the symbol (BTCUSDT → USDT). */
  quote: string
  quoteGiven: boolean
  /** Changes of the best bid or ask per second (microstructure.quote_rate), when the file gives it. */
  quoteRate?: Decimal
  path: YamlPath
}

export interface Stop {
  price: Decimal
  trigger: Reference
  path: YamlPath
}

export interface Position {
  id: string
  /** 0-based index in positions[]. */
  index: number
  market: string
  side: PositionSide
  size: Decimal
  entryPrice: Decimal
  marginMode: MarginMode
  /** Isolated margin posted (required when isolated). */
  margin?: Decimal
  leverage?: Decimal
  stop?: Stop
  holdMs?: number
  /** The venue's ADL indicator from the file, 0 to 5 (5: first to be deleveraged). */
  adlRank?: number
  path: YamlPath
}

export interface Order {
  id: string
  /** 0-based index in orders[]. */
  index: number
  market: string
  side: OrderSide
  size: Decimal
  type: OrderType
  price?: Decimal
  slices: number
  intervalMs: number
  latencyMs?: number
  holdMs?: number
  leverage?: Decimal
  /** The file's reduce_only: true; the order only reduces the position it trades. */
  reduceOnly?: boolean
  /** The file's margin_mode: the mode of the position it trades, or opens. */
  marginMode?: MarginMode
  /**
   * The id of the position it trades: the file's `position`, else the one its market, margin mode and side imply
   * (input/build.ts tradedPosition: the first of several cross lots; more than one isolated is refused). None: it
   * opens a position.
   */
  position?: string
  path: YamlPath
}

export interface Stress {
  moves: Decimal[]
  /** Beta per market symbol; 1 when absent. */
  betas: Map<string, Decimal>
  /** The stressed correlation of every pair not in `correlations`. */
  correlation: Decimal
  /** A pair's own stressed correlation (stress.correlations), by pairKey; symmetric. */
  correlations: Map<string, Decimal>
  spreadMultiplier: Decimal
  depthMultiplier: Decimal
  latencyMs: number
  path: YamlPath
}

/** How the account's requirement is computed (docs/risk-models.md); `ladder` is the venues' per-position tiers. */
export const RISK_MODEL_IDS = ['ladder', 'okx-pm', 'paradex-pm', 'binance-unimmr', 'span16', 'grid'] as const
export type RiskModelId = (typeof RISK_MODEL_IDS)[number]

/** One risk unit (an underlying, or the trader's group of markets) and the parameters the file gives for it. */
export interface RiskUnitSpec {
  name: string
  /** Market symbols in the unit, each in one unit only. */
  markets: string[]
  /** okx-pm MR1 move sizes, each applied up and down (with 0). */
  mr1Moves?: Decimal[]
  /** okx-pm MR6 extreme move, applied up and down. */
  mr6Move?: Decimal
  /** okx-pm share of the MR6 loss that counts. */
  mr6Fraction?: Decimal
  /** okx-pm MR4 (basis) rate of the unit's gross delta. */
  mr4Rate?: Decimal
  /** okx-pm MR7 (position-reduction cost) rate of the unit's gross delta. */
  mr7Rate?: Decimal
  /** okx-pm MR7 tier multipliers, applied to the raw MR7 amount above each bound; the last bound may be open (null). */
  mr7Tiers?: { upTo: Decimal | null; multiplier: Decimal }[]
  /** okx-pm MR9 (stablecoin hedge) amount, as the venue reports it. */
  mr9?: Decimal
  /** paradex-pm SCAN spot shocks (signed) and their weights. */
  scanMoves?: Decimal[]
  scanWeights?: Decimal[]
  unhedgedFactor?: Decimal
  hedgedFactor?: Decimal
  /** paradex-pm fee provision, an amount. */
  feeProvision?: Decimal
  /** span16 price scan range, a fraction of the price. */
  scanRange?: Decimal
  /** span16 extreme move in scan ranges (2) and the share of its loss that counts (0.35). */
  extremeMultiple?: Decimal
  extremeWeight?: Decimal
  /** grid: signed moves, their weights (1 when absent), the extreme-move set and the share of its loss that counts. */
  moves?: Decimal[]
  weights?: Decimal[]
  extremeMoves?: Decimal[]
  extremeFraction?: Decimal
  /** Move of each market per unit move (span16, grid); 1 when absent. */
  betas: Map<string, Decimal>
  path: YamlPath
}

export interface RiskModelSpec {
  model: RiskModelId
  /** Date of the parameter set, epoch ms; required for every model but ladder. */
  asOf?: number
  /** IMR ÷ MMR (okx-pm 1.3; span16 and grid 1). */
  imrMultiplier?: Decimal
  /** binance-unimmr collateral rate of the wallet asset (1 for USDT). */
  collateralRate?: Decimal
  /** Equity ÷ maintenance at or below which the model liquidates (binance-unimmr 1.05, others 1). */
  liquidationRatio?: Decimal
  units: RiskUnitSpec[]
  /** Models to report side by side with this one (from --risk-model or --verbose); not in the file. */
  compare: RiskModelId[]
  path: YamlPath
}

/** A default that changes a figure, applied because the file does not give the value. */
export interface Assumption {
  /** What was assumed, as the file would name it: "account.fees.taker", "stop.trigger", "markets.*.tick_size". */
  name: string
  /** The value used, as text. */
  value: string
  /** Where it came from: "venue binance-usdm", "perp-check default", "inferred from the prices and book", "read from the symbol". */
  source: string
  /** The subjects it applies to (position, order or market ids, or "account"). */
  appliesTo: string[]
}

export interface Portfolio {
  /** The "now" of every time-based check, epoch milliseconds: --now, else the file's as_of, else the clock. */
  asOf: number
  /** Where asOf came from. */
  asOfSource: 'option' | 'file' | 'clock'
  /** The file's as_of (when the snapshot was taken), when it gives one. */
  snapshotAt?: number
  venue: VenueProfile
  account: Account
  /** In file order. */
  markets: Map<string, Market>
  positions: Position[]
  orders: Order[]
  thresholds: Thresholds
  stress: Stress
  /** The file's risk_model; absent means ladder with default units. */
  riskModel?: RiskModelSpec
  /** Every default applied where the file is silent, in the order above (account, markets, positions, orders, stress). */
  assumptions: Assumption[]
}

export function triggerPrice(market: Market): Decimal {
  return market.prices[market.liquidationTrigger]
}

/** +1 for a long (or a buy), −1 for a short (or a sell). */
export function sideSign(side: PositionSide | OrderSide): 1 | -1 {
  return side === 'long' || side === 'buy' ? 1 : -1
}

/**
 * The positions `order` could trade, of `positions`: those of its market, in its margin mode when it names one,
 * and, where the market holds both a long and a short (hedge mode), on the side it trades: the opposite side for a
 * reduce-only order, its own side for any other (a buy adds to the long).
 */
export function positionsOrderMayTrade(positions: readonly Position[], order: Pick<Order, 'market' | 'side' | 'marginMode' | 'reduceOnly'>): Position[] {
  const mine = positions.filter((p) => p.market === order.market && (order.marginMode === undefined || p.marginMode === order.marginMode))
  if (!mine.some((p) => p.side === 'long') || !mine.some((p) => p.side === 'short')) return mine
  const own = order.side === 'buy' ? 'long' : 'short'
  return mine.filter((p) => (p.side === own) !== (order.reduceOnly === true))
}

/**
 * The position `order` trades in `portfolio`: the one it names or implies (Order.position) while it is held; an
 * order that opens one trades the position an earlier fill of the same what-if opened (the first it may trade).
 * Null: it opens one.
 */
export function positionTraded(portfolio: Portfolio, order: Order): Position | null {
  if (order.position !== undefined) return portfolio.positions.find((p) => p.id === order.position) ?? null
  return positionsOrderMayTrade(portfolio.positions, order)[0] ?? null
}

/**
 * The size `order` can fill: a reduce-only order at most the size of the opposite position it trades, and 0 with
 * none to reduce (the venue rejects it: it can neither open nor flip a position); any other order its size.
 */
export function fillableSize(portfolio: Portfolio, order: Order): Decimal {
  if (!order.reduceOnly) return order.size
  const traded = positionTraded(portfolio, order)
  const opposite = traded !== null && (traded.side === 'long') !== (order.side === 'buy')
  return opposite ? Decimal.min(traded.size, order.size) : new Decimal(0)
}

/** The key of a pair of markets in Stress.correlations, the same in either order. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`
}

/** The stressed correlation of two markets: the pair's own (stress.correlations), else stress.correlation; 1 for a market with itself. */
export function correlationOf(stress: Stress, a: string, b: string): Decimal {
  if (a === b) return new Decimal(1)
  return stress.correlations.get(pairKey(a, b)) ?? stress.correlation
}
