// Where a stop really fills: the whole position walks the book from the stop price, and the market keeps
// moving against it during the order-entry latency. Guards the "my stop fills at my stop price" illusion.
import type { Decimal } from '../decimal.js'
import { type Book, BookLevels, type OrderSide, type PositionSide } from '../model.js'
import { BookSide } from './book-side.js'
import { bookExtension, levelsHit, midPrice, walkBook, type BookWalk } from './book-walk.js'
import { oncePer } from '../once.js'
import { relativeStd } from '../volatility.js'

/** The order that closes a position: a long's stop sells, a short's stop buys. */
export function exitSide(side: PositionSide): OrderSide {
  return side === 'long' ? 'sell' : 'buy'
}

/**
 * The levels moved as a block so the first one sits at `start`; the gaps between levels and every size
 * are kept. Levels that would land at a price ≤ 0 are dropped (there is no such liquidity). Each price is
 * computed when a walk reads it.
 */
export function shiftedSide(levels: BookLevels, start: Decimal): BookSide {
  const side = BookSide.of(levels)
  return levels.length > 0 ? side.movedBy(start.minus(levels.price(0))) : side
}

/**
 * Whether a stop triggers the moment it is placed: its reference is already at or past the stop price (at or
 * below it for a long's sell stop, at or above it for a short's buy stop). Venues reject such a stop or execute
 * it at once; it is not a take-profit, which would wait for the price to come up to it.
 */
export function triggersNow(side: PositionSide, stopPrice: Decimal, reference: Decimal): boolean {
  return side === 'long' ? reference.lte(stopPrice) : reference.gte(stopPrice)
}

/** The modelled fill of a stop. */
export interface StopFill {
  side: OrderSide
  /**
   * Where the walked side's best level is placed: the stop price, but never better than the book's best on
   * that side now (a sell starts at most at the best bid, a buy at least at the best ask); a stop that
   * triggers now walks the book as it is, from its best.
   */
  startPrice: Decimal | null
  /** The walk of the shifted book for the whole position (before the latency move). */
  walk: BookWalk
  /**
   * The adverse move applied for the latency: one σ_L = start price × σ × √(L / 1 year), in quote
   * currency; null without volatility (no move is then applied).
   */
  latencyMove: Decimal | null
  /** walk VWAP moved against the position by latencyMove (down for a sell, up for a buy); null when nothing fills. */
  expectedFill: Decimal | null
  /** filled × expectedFill: the quote amount the fill trades. */
  expectedCost: Decimal | null
}

/** Where a stop's fill starts and the walk of the whole position from there: what no latency changes. */
export type StopWalk = Pick<StopFill, 'side' | 'startPrice' | 'walk'>

/** A stop's fill as stopFill models it, from its options. */
export interface StopFillOptions {
  book: Pick<Book, 'bids' | 'asks'>
  side: PositionSide
  size: Decimal
  stopPrice: Decimal
  triggersNow: boolean
  latencyMs: number
  volatility?: Decimal
  /** book_extension_max_sigma; undefined: the book is not extended. */
  maxSigma?: Decimal
}

/**
 * Models a stop at `stopPrice` closing `size` of a `side` position: the side of `book` the exit hits
 * (bids for a long, asks for a short) is shifted to start at the stop price, or at the book's best when that
 * is worse for the position (the fill is never better than the book now), or left where it is when the stop
 * `triggersNow`, and walked for the whole size; then the whole fill is moved one σ_L against the position,
 * σ_L over `latencyMs` from the annualized `volatility`. Past the shifted book's last level the walk continues
 * into its square-root extension, measured from the book's mid moved with it and bounded at `maxSigma` daily σ
 * (without volatility or `maxSigma`, none); what even that cannot fill stays unfilled (walk.unfilled).
 */
export function stopFill(options: StopFillOptions): StopFill {
  return filledAfter(stopWalk(options), options)
}

/** The walk part of stopFill, shared by every latency the same stop is asked at (stopFill's first half). */
export function stopWalk(options: Omit<StopFillOptions, 'latencyMs'>): StopWalk {
  const { book, side, size, stopPrice, volatility, maxSigma } = options
  const exit = exitSide(side)
  const levels = levelsHit(book, exit)
  const best = levels.length > 0 ? levels.price(0) : undefined
  const startPrice = best === undefined ? null : options.triggersNow ? best : worseForExit(exit, stopPrice, best)
  const mid = midPrice(book)
  // The book moved as a block so its first level sits at the start price (shiftedSide): its mid moves by the same offset.
  const offset = best && startPrice ? startPrice.minus(best) : undefined
  const extension = mid && offset && maxSigma ? bookExtension(mid.plus(offset), volatility, maxSigma) : undefined
  const walk = walkBook(offset ? BookSide.of(levels).movedBy(offset) : BookLevels.of([]), size, extension)
  return { side: exit, startPrice, walk }
}

/** The lower of a sell's stop price and best bid, the higher of a buy's stop price and best ask (Decimal.min and max, without a copy). */
function worseForExit(exit: OrderSide, stopPrice: Decimal, best: Decimal): Decimal {
  const stopFirst = exit === 'sell' ? stopPrice.lt(best) : stopPrice.gt(best)
  return stopFirst ? stopPrice : best
}

/** The walk's fill moved one σ_L against the position over `latencyMs` (stopFill's second half). */
export function filledAfter(walked: StopWalk, options: Pick<StopFillOptions, 'stopPrice' | 'latencyMs' | 'volatility'>): StopFill {
  const { side: exit, startPrice, walk } = walked
  const { stopPrice, latencyMs, volatility } = options
  const latencyMove = volatility ? (startPrice ?? stopPrice).times(latencyStd(volatility, latencyMs)) : null
  const expectedFill = walk.vwap && (latencyMove ? (exit === 'buy' ? walk.vwap.plus(latencyMove) : walk.vwap.minus(latencyMove)) : walk.vwap)
  return {
    side: exit,
    startPrice,
    walk,
    latencyMove,
    expectedFill,
    expectedCost: expectedFill && walk.filled.times(expectedFill),
  }
}

/** relativeStd per volatility and latency: a market's stops share it (the stress latency, and a few reaction times). */
function latencyStd(volatility: Decimal, latencyMs: number): Decimal {
  const byLatency = latencyStds(volatility)
  let std = byLatency.get(latencyMs)
  if (std === undefined) {
    std = relativeStd(volatility, latencyMs)
    if (byLatency.size >= 64) byLatency.clear()
    byLatency.set(latencyMs, std)
  }
  return std
}

const latencyStds = oncePer((_volatility: Decimal) => new Map<number, Decimal>())
