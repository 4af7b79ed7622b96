// Walking an L2 book snapshot: what a market order of a given size really pays, level by level.
// Guards against the "fills at the top of book" illusion and never invents liquidity past the last level.
import { Decimal, ZERO, toBps } from '../decimal.js'
import type { Book, BookLevel, OrderSide } from '../model.js'
import { sideSign } from '../model.js'

/** The result of walking one side of a book for a given size, best level first. */
export interface BookWalk {
  /** The size asked for. */
  requested: Decimal
  /** The size the book could fill (≤ requested). */
  filled: Decimal
  /** requested − filled: what the book could not fill. Never filled at the last price. */
  unfilled: Decimal
  /** Σ price × size taken, in quote currency. */
  cost: Decimal
  /** cost / filled; null when nothing filled. */
  vwap: Decimal | null
  /** Price of the first level touched; null when nothing filled. */
  bestPrice: Decimal | null
  /** Price of the last level touched; null when nothing filled. */
  worstPrice: Decimal | null
  /** Number of levels the walk took size from (a partly consumed level counts). */
  levelsConsumed: number
  /** Index in the input of the last level touched; −1 when nothing filled. */
  deepestLevel: number
  /** Size left at each input level after the walk, in the input's order. */
  remaining: Decimal[]
}

/**
 * Walks `levels` (best first) for `size`: takes min(left, level size) from each level in turn.
 * Cost C(X) = Σ_{i<k*} pᵢqᵢ + p_k*·(X − Q_{k*−1}); VWAP = C / filled (peers-and-models B.1).
 * When the levels run out the rest is reported as `unfilled`, never priced at the last level.
 */
export function walkBook(levels: readonly BookLevel[], size: Decimal): BookWalk {
  let left = size
  let cost = ZERO
  let bestPrice: Decimal | null = null
  let worstPrice: Decimal | null = null
  let levelsConsumed = 0
  let deepestLevel = -1
  const remaining = levels.map((level) => level.size)
  levels.forEach((level, i) => {
    if (left.lte(0) || level.size.lte(0)) return
    const take = Decimal.min(left, level.size)
    cost = cost.plus(take.times(level.price))
    left = left.minus(take)
    remaining[i] = level.size.minus(take)
    bestPrice ??= level.price
    worstPrice = level.price
    deepestLevel = i
    levelsConsumed++
  })
  const filled = size.minus(left)
  return {
    requested: size,
    filled,
    unfilled: left,
    cost,
    vwap: filled.gt(0) ? cost.div(filled) : null,
    bestPrice,
    worstPrice,
    levelsConsumed,
    deepestLevel,
    remaining,
  }
}

/** The side an order of `side` takes liquidity from: asks for a buy, bids for a sell. */
export function levelsHit(book: Pick<Book, 'bids' | 'asks'>, side: OrderSide): readonly BookLevel[] {
  return side === 'buy' ? book.asks : book.bids
}

/** Mid price (best bid + best ask) / 2; null when either side is empty. */
export function midPrice(book: Pick<Book, 'bids' | 'asks'>): Decimal | null {
  const bid = book.bids[0]
  const ask = book.asks[0]
  return bid && ask ? bid.price.plus(ask.price).div(2) : null
}

/**
 * Slippage of an execution price against a reference, in basis points, signed so that a worse price is
 * positive: s·(price − reference) / reference × 10⁴ with s = +1 for a buy, −1 for a sell.
 */
export function slippageBps(side: OrderSide, price: Decimal, reference: Decimal): Decimal {
  return toBps(price.minus(reference).div(reference)).times(sideSign(side))
}

/** Taker fee on a fill: cost × taker rate (quote currency). */
export function takerFee(cost: Decimal, takerRate: Decimal): Decimal {
  return cost.times(takerRate)
}

/** Slippage of the full order next to that of half of it, to show non-linear depth. */
export interface SizeSensitivity {
  /** Slippage (bps) of the whole size; null when nothing fills. */
  full: Decimal | null
  /** Slippage (bps) of half the size; null when nothing fills. */
  half: Decimal | null
  /** full / half; null when half is not positive (no ratio to speak of). */
  ratio: Decimal | null
  /** True when either walk leaves size unfilled (the slippage is then that of the part that fills). */
  exhausted: boolean
}

/**
 * Walks the book for `size` and for `size / 2` and compares their slippage against `reference`.
 * A ratio above 2 means doubling the size more than doubles the slippage ("2× size → 2.7× slippage").
 */
export function sizeSensitivity(options: { levels: readonly BookLevel[]; size: Decimal; side: OrderSide; reference: Decimal }): SizeSensitivity {
  const { levels, size, side, reference } = options
  const fullWalk = walkBook(levels, size)
  const halfWalk = walkBook(levels, size.div(2))
  const full = fullWalk.vwap && slippageBps(side, fullWalk.vwap, reference)
  const half = halfWalk.vwap && slippageBps(side, halfWalk.vwap, reference)
  return {
    full,
    half,
    ratio: full && half?.gt(0) ? full.div(half) : null,
    exhausted: fullWalk.unfilled.gt(0),
  }
}

/**
 * Size resting on `levels` at prices within `fraction` of `mid` (|price − mid| ≤ fraction × mid),
 * e.g. fraction 0.005 for the depth within 0.5% of the mid.
 */
export function depthWithin(levels: readonly BookLevel[], mid: Decimal, fraction: Decimal): Decimal {
  const band = mid.times(fraction)
  return levels.reduce((depth, level) => (level.price.minus(mid).abs().lte(band) ? depth.plus(level.size) : depth), ZERO)
}
