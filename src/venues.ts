// Venue profiles: how each venue's rules differ from the generic formulas. A profile only supplies
// defaults (fees, trigger reference, funding interval and price) that the file can override, and flags
// that select a venue's margin rules; tier ladders always come from the file. Sources: docs/venues.md.
import { Decimal } from './decimal.js'

/** A reference price: what a liquidation, a stop or funding is measured on. */
export type Reference = 'mark' | 'last' | 'index'

export interface Fees {
  maker: Decimal
  taker: Decimal
}

/** At most `orders` new orders in any window of `perMs` milliseconds (per account). */
export interface RateLimit {
  orders: number
  perMs: number
}

export const VENUE_IDS = ['generic', 'binance-usdm', 'bybit-linear', 'okx-swap', 'hyperliquid', 'dydx-v4', 'paradex'] as const
export type VenueId = (typeof VENUE_IDS)[number]

/** What happens when a position's liquidation price is hit (see docs/venues.md). */
export type LiquidationProcedure =
  | 'single-market-order' // generic: the whole position as one market order
  | 'reduce-then-takeover' // binance-usdm: one reduce-only IOC order, then takeover at the bankruptcy price
  | 'tier-step-down' // bybit-linear: reduce to the next lower risk-limit tier, then the rest
  | 'book-then-backstop' // hyperliquid: market orders into the book; backstop below 2/3 of maintenance
  | 'fillable-price' // dydx-v4: closed against the book at a price no worse than the fillable price
  | 'insurance-fund-share' // paradex: every position cut by a share (a multiple of 20%) taken by the insurance fund at mark

export interface VenueProfile {
  id: VenueId
  name: string
  /** Default maker/taker fees (VIP 0 / base tier); undefined: the file must give them. */
  fees?: Fees
  liquidationTrigger: Reference
  /** Default funding interval, milliseconds. */
  fundingIntervalMs: number
  /** Which reference price funding is paid on ("index" stands for the oracle on oracle venues). */
  fundingPrice: Reference
  /** Estimated fee to close at the bankruptcy price (taker) is reserved in initial and maintenance margin. */
  closeFeeInMargin: boolean
  /** Taker fee rate is added to the maintenance rate, and the ladder has no maintenance amount. */
  takerFeeInMmr: boolean
  /** mmr = 1 / (2 × max leverage) when the ladder gives only max leverage. */
  mmrFromMaxLeverage: boolean
  liquidationProcedure: LiquidationProcedure
  /** Published new-order rate limits, all applying at once; undefined where none is published as orders per time. */
  rateLimits?: RateLimit[]
}

const HOUR = 3_600_000
const d = (value: string) => new Decimal(value)

/** The generic rules: mark-triggered, 8-hourly funding on the mark, no venue margin rule. */
const GENERIC_RULES = {
  liquidationTrigger: 'mark',
  fundingIntervalMs: 8 * HOUR,
  fundingPrice: 'mark',
  closeFeeInMargin: false,
  takerFeeInMmr: false,
  mmrFromMaxLeverage: false,
} as const

export const VENUES: Record<VenueId, VenueProfile> = {
  generic: {
    id: 'generic',
    name: 'Generic linear perpetual',
    ...GENERIC_RULES,
    liquidationProcedure: 'single-market-order',
  },
  'binance-usdm': {
    id: 'binance-usdm',
    name: 'Binance USDⓈ-M futures',
    fees: { maker: d('0.0002'), taker: d('0.0005') },
    ...GENERIC_RULES,
    liquidationProcedure: 'reduce-then-takeover',
    rateLimits: [
      { orders: 300, perMs: 10_000 },
      { orders: 1200, perMs: 60_000 },
    ],
  },
  'bybit-linear': {
    id: 'bybit-linear',
    name: 'Bybit USDT perpetual (unified account)',
    fees: { maker: d('0.0002'), taker: d('0.00055') },
    liquidationTrigger: 'mark',
    fundingIntervalMs: 8 * HOUR,
    fundingPrice: 'mark',
    closeFeeInMargin: true,
    takerFeeInMmr: false,
    mmrFromMaxLeverage: false,
    liquidationProcedure: 'tier-step-down',
    rateLimits: [{ orders: 10, perMs: 1000 }],
  },
  'okx-swap': {
    id: 'okx-swap',
    name: 'OKX perpetual swap',
    fees: { maker: d('0.0002'), taker: d('0.0005') },
    liquidationTrigger: 'mark',
    fundingIntervalMs: 8 * HOUR,
    fundingPrice: 'mark',
    closeFeeInMargin: false,
    takerFeeInMmr: true,
    mmrFromMaxLeverage: false,
    liquidationProcedure: 'tier-step-down',
  },
  hyperliquid: {
    id: 'hyperliquid',
    name: 'Hyperliquid perpetuals',
    fees: { maker: d('0.00015'), taker: d('0.00045') },
    liquidationTrigger: 'mark',
    fundingIntervalMs: 1 * HOUR,
    fundingPrice: 'index',
    closeFeeInMargin: false,
    takerFeeInMmr: false,
    mmrFromMaxLeverage: true,
    liquidationProcedure: 'book-then-backstop',
  },
  'dydx-v4': {
    id: 'dydx-v4',
    name: 'dYdX v4 (dYdX Chain)',
    fees: { maker: d('0.0001'), taker: d('0.0005') },
    liquidationTrigger: 'index',
    fundingIntervalMs: 1 * HOUR,
    fundingPrice: 'index',
    closeFeeInMargin: false,
    takerFeeInMmr: false,
    mmrFromMaxLeverage: false,
    liquidationProcedure: 'fillable-price',
  },
  paradex: {
    id: 'paradex',
    name: 'Paradex perpetuals',
    // Fees: retail orders trade at zero fee, API ("pro") orders pay a taker fee the docs do not state as a rate: the file gives them.
    // Otherwise the generic rules: liquidation on the mark, funding quoted per 8h on the mark (docs/venues.md#paradex).
    ...GENERIC_RULES,
    liquidationProcedure: 'insurance-fund-share',
  },
}
