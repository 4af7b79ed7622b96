// The validated portfolio: what every check reads. Built once from the YAML by src/input/,
// with every money figure a Decimal read from the file's source text and every item
// carrying the YAML path it came from (so findings can point at file:line:col).
import type { Decimal } from './decimal.js'
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
  nextAt: number
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

export interface Book {
  /** Best (highest) first. */
  bids: BookLevel[]
  /** Best (lowest) first. */
  asks: BookLevel[]
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
  /** Price increment of the market, when the file gives it (execution/tick-latency.ts infers it otherwise). */
  tickSize?: Decimal
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
  path: YamlPath
}

export interface Stress {
  moves: Decimal[]
  /** Beta per market symbol; 1 when absent. */
  betas: Map<string, Decimal>
  correlation: Decimal
  spreadMultiplier: Decimal
  depthMultiplier: Decimal
  latencyMs: number
  path: YamlPath
}

export interface Portfolio {
  /** The "now" of every time-based check, epoch milliseconds. */
  asOf: number
  venue: VenueProfile
  account: Account
  /** In file order. */
  markets: Map<string, Market>
  positions: Position[]
  orders: Order[]
  thresholds: Thresholds
  stress: Stress
}

export function triggerPrice(market: Market): Decimal {
  return market.prices[market.liquidationTrigger]
}

/** +1 for a long (or a buy), −1 for a short (or a sell). */
export function sideSign(side: PositionSide | OrderSide): 1 | -1 {
  return side === 'long' || side === 'buy' ? 1 : -1
}
