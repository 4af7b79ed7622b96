// Fees under order-entry latency: a limit order meant to rest can arrive marketable when the opposite
// best moves through its price during the latency, and then pays taker (or, post-only, is rejected).
// The chance of that is the tick model's (tick-latency.ts); σ_L below is the stress exit's price move.
import { type Decimal, ONE, ZERO } from '../decimal.js'
import type { Fees, OrderSide, OrderType } from '../model.js'
import { relativeStd } from '../volatility.js'

/** σ_L = mid·σ·√(L / 1 year): the standard deviation of the price over the latency L, in quote currency (stress exits). */
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
  /** notional × expectedRate: the fee if the order fills in full. */
  expectedFee: Decimal
  /**
   * The two parts of expectedFee and what each depends on: the taker part (notional × P_taker × taker) is paid on
   * arrival, when the order takes; the maker part (notional × (1 − P_taker) × maker) only if the resting order is
   * then filled, which the latency says nothing about.
   */
  takerPart: Decimal
  makerPartIfFilled: Decimal
}

/** Fee at both rates and the expected fee of an order given its chance `marketable` of arriving marketable. */
export function estimateFee(options: { type: OrderType; notional: Decimal; fees: Fees; marketable: Decimal }): FeeEstimate {
  const { type, notional, fees, marketable } = options
  const takerProbability = type === 'market' ? ONE : type === 'limit' ? marketable : ZERO
  const rejectionProbability = type === 'post_only' ? marketable : ZERO
  const takerPart = notional.times(takerProbability).times(fees.taker)
  const makerPartIfFilled = notional.times(ONE.minus(takerProbability)).times(fees.maker)
  const expectedRate = takerProbability.times(fees.taker).plus(ONE.minus(takerProbability).times(fees.maker))
  return {
    takerPart,
    makerPartIfFilled,
    makerFee: notional.times(fees.maker),
    takerFee: notional.times(fees.taker),
    takerProbability,
    rejectionProbability,
    expectedRate,
    expectedFee: notional.times(expectedRate),
  }
}
