// What `snapshot` and `import` read from a venue, before it is written as a portfolio file: one shape for
// every source (ccxt's unified structures, each venue's own REST responses), every figure an exact decimal
// and every block with a note naming where it came from (written into the file as a comment).
import { Decimal } from '../decimal.js'
import type { VenueId } from '../venues.js'

export interface Tier {
  maxNotional: Decimal
  /** Undefined on Hyperliquid, where the venue's rule derives it from the max leverage. */
  mmr?: Decimal
  maxLeverage: Decimal
  maintenanceAmount?: Decimal
}

export type Level = readonly [price: Decimal, size: Decimal]

export interface MarketSnapshot {
  /** The venue's own market id (BTCUSDT, BTC-USDT-SWAP, BTC, BTC-USD): the key under `markets`. */
  symbol: string
  /** Base units per contract, when the venue counts in contracts (OKX); sizes in the file are base units. */
  contractSize?: Decimal
  prices: { index: Decimal; mark: Decimal; last: Decimal; source: string }
  ladder: { tiers: Tier[]; source: string }
  funding?: { rate: Decimal; nextAt: number; intervalMs?: number; source: string }
  book?: { bids: Level[]; asks: Level[]; source: string }
  volatility?: { value: Decimal; source: string }
}

export interface PositionSnapshot {
  market: string
  side: 'long' | 'short'
  /** Base units. */
  size: Decimal
  entryPrice: Decimal
  marginMode: 'cross' | 'isolated'
  /** Isolated margin posted (isolated positions only). */
  margin?: Decimal
  leverage?: Decimal
}

export interface Snapshot {
  venue: VenueId
  /** Where the whole file came from: "ccxt 4.5.84, binanceusdm" or "import of a Binance REST capture". */
  source: string
  asOf: number
  account: {
    walletBalance: Decimal
    marginMode: 'cross' | 'isolated'
    fees?: { maker: Decimal; taker: Decimal }
    source: string
  }
  markets: MarketSnapshot[]
  positions: PositionSnapshot[]
  /** Where the positions came from (a comment above the list). */
  positionsSource?: string
}

/** A venue figure as an exact decimal: from its text where the venue sent text, else from the shortest form of a JS number. */
export function dec(value: unknown, what: string): Decimal {
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(String(value))
  if (typeof value === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())) return new Decimal(value.trim())
  throw new SnapshotError(`${what}: expected a number, got ${JSON.stringify(value) ?? String(value)}`)
}

/** A figure that may be absent (undefined, null or an empty string). */
export function optionalDec(value: unknown, what: string): Decimal | undefined {
  return value === undefined || value === null || value === '' ? undefined : dec(value, what)
}

/**
 * A venue's JSON, read field by field: every figure passes through dec()/optionalDec(), which refuse what is
 * not a number, so the shapes need no type of their own.
 */
// biome-ignore lint/suspicious/noExplicitAny: venue responses are untyped JSON, each figure checked where it is read
export type Loose = any
export type Json = Record<string, Loose>

/** A venue response that cannot be turned into a portfolio file; the CLI prints the message and exits 2. */
export class SnapshotError extends Error {}

/** A call to the venue failed (no answer, a timeout, an HTTP error, a refusal): `watch --exchange` retries it. */
export class VenueCallError extends SnapshotError {}

/** Tiers in the venue's order, turned into the file's ladder: ascending caps, and a tier per distinct cap. */
export function ascendingTiers(tiers: Tier[]): Tier[] {
  return [...tiers].sort((a, b) => a.maxNotional.comparedTo(b.maxNotional))
}

const HOUR = 3_600_000

/** "8h", "1h" (ccxt's funding interval) or a number of hours → milliseconds. */
export function intervalMs(value: unknown): number | undefined {
  if (typeof value === 'number' && value > 0) return value * HOUR
  if (typeof value !== 'string') return undefined
  const match = /^(\d+)(m|h|d)$/.exec(value.trim())
  if (!match) return /^\d+$/.test(value.trim()) && Number(value) > 0 ? Number(value) * HOUR : undefined
  return Number(match[1]) * { m: 60_000, h: HOUR, d: 24 * HOUR }[match[2] as 'm' | 'h' | 'd']
}
