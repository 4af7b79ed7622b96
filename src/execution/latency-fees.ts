// Fees under order-entry latency: a limit order meant to rest can arrive marketable when the opposite
// best moves through its price during the latency, and then pays taker (or, post-only, is rejected).
import { type Decimal, ONE, ZERO } from '../decimal.js'
import type { Fees, OrderSide, OrderType } from '../model.js'
import { normalCdf } from './normal.js'
import { relativeStd } from '../volatility.js'

/** σ_L = mid·σ·√(L / 1 year): the standard deviation of the price over the latency L, in quote currency. */
export function latencyPriceStd(options: { mid: Decimal; volatility: Decimal; latencyMs: number }): Decimal {
  return options.mid.times(relativeStd(options.volatility, options.latencyMs))
}

/**
 * δ: how far the opposite best must move to reach the limit price. Buy: best ask − limit price;
 * sell: limit price − best bid. Zero or negative when the order is marketable already.
 */
export function distanceToOppositeBest(options: { side: OrderSide; limitPrice: Decimal; oppositeBest: Decimal }): Decimal {
  const { side, limitPrice, oppositeBest } = options
  return side === 'buy' ? oppositeBest.minus(limitPrice) : limitPrice.minus(oppositeBest)
}

/**
 * Chance the order arrives marketable: P = Φ(−δ / σ_L), the probability that the opposite best, moving as
 * a driftless Gaussian with standard deviation σ_L over the latency, is at or through the limit price when
 * the order arrives. With σ_L = 0 (no latency) it is 1 when δ ≤ 0 and 0 otherwise.
 */
export function marketableProbability(options: { distance: Decimal; priceStd: Decimal }): Decimal {
  const { distance, priceStd } = options
  if (priceStd.isZero()) return distance.lte(0) ? ONE : ZERO
  return normalCdf(distance.neg().div(priceStd))
}

/** Fee figures of one order at one latency. */
export interface FeeEstimate {
  /** notional × maker rate. */
  makerFee: Decimal
  /** notional × taker rate. */
  takerFee: Decimal
  /** Chance of paying taker: 1 for a market order, P for a limit order, 0 for post-only. */
  takerProbability: Decimal
  /** Chance a post-only order is rejected for arriving marketable (P); 0 for other types. */
  rejectionProbability: Decimal
  /**
   * Expected fee rate: market → taker; limit → P·taker + (1 − P)·maker; post-only → maker (every fill
   * of a post-only order is a maker fill; the rejection chance is reported beside it).
   */
  expectedRate: Decimal
  /** notional × expectedRate. */
  expectedFee: Decimal
}

/** Fee at both rates and the expected fee of an order given its chance `marketable` of arriving marketable. */
export function estimateFee(options: { type: OrderType; notional: Decimal; fees: Fees; marketable: Decimal }): FeeEstimate {
  const { type, notional, fees, marketable } = options
  const takerProbability = type === 'market' ? ONE : type === 'limit' ? marketable : ZERO
  const rejectionProbability = type === 'post_only' ? marketable : ZERO
  const expectedRate = takerProbability.times(fees.taker).plus(ONE.minus(takerProbability).times(fees.maker))
  return {
    makerFee: notional.times(fees.maker),
    takerFee: notional.times(fees.taker),
    takerProbability,
    rejectionProbability,
    expectedRate,
    expectedFee: notional.times(expectedRate),
  }
}
