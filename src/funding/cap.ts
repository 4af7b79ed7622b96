// The largest funding rate a venue can charge per interval. A rate in the file beyond it is more likely a
// typo or a wrong unit (percent for fraction, 8h rate on an hourly venue) than a real rate, so the check
// warns instead of clamping it. Rules and sources: docs/venues.md (Funding).
import { Decimal } from '../decimal.js'
import type { Funding, LadderTier } from '../model.js'
import type { VenueId } from '../venues.js'
import { rateForInterval } from './cashflow.js'

const HOUR_MS = 3_600_000
const EIGHT_HOURS_MS = 8 * HOUR_MS

/** Binance USDⓈ-M default cap multiplier: cap = 0.75 × maintenance rate of the max-leverage bracket. */
export const BINANCE_CAP_MULTIPLIER = new Decimal('0.75')
/** Hyperliquid: at most 4% per hour. */
export const HYPERLIQUID_CAP_PER_HOUR = new Decimal('0.04')
/** dYdX v4: the 8-hour rate is capped at 600% × (initial margin fraction − maintenance margin fraction). */
export const DYDX_CAP_FACTOR_PER_8H = new Decimal('6')

/** A per-interval cap on |rate| and where it comes from. */
export interface FundingCap {
  /** Largest absolute rate per funding interval. */
  cap: Decimal
  /** The rule, in words, for messages and docs (e.g. "0.75 × MMR of the first bracket 0.005"). */
  rule: string
}

/**
 * The cap on one interval's rate: the file's `funding.cap` when given (it knows per-symbol overrides),
 * else the venue rule where one is known (binance-usdm, hyperliquid, dydx-v4), else undefined
 * (generic, bybit-linear and okx-swap publish caps per symbol only).
 * Caps stated for another period are scaled linearly to the interval (dYdX 8h → 1h is ÷ 8).
 */
export function fundingCap(input: { venue: VenueId; funding: Funding; ladder: readonly LadderTier[] }): FundingCap | undefined {
  const { venue, funding, ladder } = input
  if (funding.cap !== undefined) return { cap: funding.cap, rule: 'the file’s funding.cap' }
  const first = ladder[0]
  switch (venue) {
    case 'binance-usdm':
      if (!first) return undefined
      return {
        cap: BINANCE_CAP_MULTIPLIER.mul(first.mmr),
        rule: `binance-usdm: 0.75 × maintenance rate ${first.mmr.toFixed()} of the max-leverage bracket`,
      }
    case 'hyperliquid':
      return {
        cap: rateForInterval(HYPERLIQUID_CAP_PER_HOUR, HOUR_MS, funding.intervalMs),
        rule: 'hyperliquid: 4% per hour',
      }
    case 'dydx-v4': {
      if (!first) return undefined
      const imf = new Decimal(1).div(first.maxLeverage)
      const capPer8h = DYDX_CAP_FACTOR_PER_8H.mul(imf.sub(first.mmr))
      if (!capPer8h.gt(0)) return undefined
      return {
        cap: rateForInterval(capPer8h, EIGHT_HOURS_MS, funding.intervalMs),
        rule: `dydx-v4: 600% × (IMF ${imf.toFixed()} − MMF ${first.mmr.toFixed()}) per 8h`,
      }
    }
    default:
      return undefined
  }
}

/** A rate of the file beyond the cap: `forecastIndex` is undefined for the current `funding.rate`. */
export interface RateBeyondCap {
  rate: Decimal
  forecastIndex?: number
}

/** The current rate and every forecast rate whose absolute value exceeds the cap (equal to the cap is allowed). */
export function ratesBeyondCap(funding: Funding, cap: Decimal): RateBeyondCap[] {
  const beyond: RateBeyondCap[] = []
  if (funding.rate.abs().gt(cap)) beyond.push({ rate: funding.rate })
  funding.forecast.forEach((rate, forecastIndex) => {
    if (rate.abs().gt(cap)) beyond.push({ rate, forecastIndex })
  })
  return beyond
}
