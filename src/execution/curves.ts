// An order's curves, the pictures of the HTML report (docs/report.md#html): the book walked for a tenth of the
// order's size up to the whole, on the snapshot and on the stressed book; each child of a sliced plan as it is
// judged; the taker probability at six order-entry latencies under the tick model. Asked only for a report built
// for charts (the walks and a tick lattice per latency and market cost every other run time it has no use for).
import { Decimal } from '../decimal.js'
import type { Book, Order, Portfolio, Stress } from '../model.js'
import { bookExtension, levelsHit, midPrice, slippageBps, walkBook } from './book-walk.js'
import { NEVER_REFILLS, walkSliced } from './sliced.js'
import { stressedBook } from './stressed-book.js'
import { crossingProbability } from './tick-latency.js'
import type { OrderExecution } from './view.js'

/** The fractions of an order's size its size curve walks: a tenth to the whole. */
const CURVE_STEPS = 10

/**
 * The order-entry latencies the taker probability is given at, as multiples of the stress latency (and the
 * order's own): six points, since each latency is a tick lattice per market, milliseconds each.
 */
const LATENCY_MULTIPLES: readonly number[] = [0.25, 0.5, 1, 2, 4, 10]

/** One walk of the size curve: the average price and the slippage against the book's mid (null when nothing fills). */
export interface CurveWalk {
  vwap: Decimal | null
  slippageBps: Decimal | null
  unfilled: Decimal
}

export interface SizeCurvePoint {
  size: Decimal
  base: CurveWalk
  /** Null when the book cannot be stressed (stressedBook throws: the multiplier pushes every bid to a price ≤ 0). */
  stressed: CurveWalk | null
}

/** One child of a sliced plan: the size it asks, its average, the best and worst price it takes (null when nothing fills). */
export interface SliceWalk {
  size: Decimal
  vwap: Decimal | null
  bestPrice: Decimal | null
  worstPrice: Decimal | null
  unfilled: Decimal
}

export interface TakerAtLatency {
  latencyMs: number
  /** The latency the order's taker probability and expected fee are judged at: its own, else the stress latency. */
  used: boolean
  probability: Decimal
}

export interface OrderCurves {
  /** Empty where the order walks no book (a passive order, a market without a book). */
  sizeCurve: SizeCurvePoint[]
  /** Empty for a single order, or where the order walks no book. */
  sliceWalks: SliceWalk[]
  /** Empty for a market order, or without a tick model (no book, neither quote rate nor volatility). */
  takerByLatency: TakerAtLatency[]
}

/** The book and what its walk extends with: the market's volatility and the file's book_extension_max_sigma. */
export interface CurveBook {
  book: Book
  volatility: Decimal | undefined
  maxSigma: Decimal
}

/** An order's three curves, from its execution figures (execution/view.ts) and its portfolio's stress and thresholds. */
export function orderCurves(execution: OrderExecution, portfolio: Pick<Portfolio, 'stress' | 'thresholds'>): OrderCurves {
  const { order, market } = execution
  const book = execution.slippage ? market.book : undefined
  const walked = book && { book, volatility: market.volatility, maxSigma: portfolio.thresholds.book_extension_max_sigma }
  return {
    sizeCurve: walked ? sizeCurve(order, walked, stressedOrNull(book, portfolio.stress)) : [],
    sliceWalks: walked ? sliceWalks(order, walked) : [],
    takerByLatency: takerByLatency(execution, portfolio.stress.latencyMs),
  }
}

function stressedOrNull(book: Book, stress: Stress): Book | null {
  try {
    return stressedBook(book, stress)
  } catch {
    return null
  }
}

/** The order as one market order of a tenth of its size, two tenths, … the whole, on `base.book` and on `stressed` (when given). */
export function sizeCurve(order: Pick<Order, 'side' | 'size'>, base: CurveBook, stressed: Book | null): SizeCurvePoint[] {
  const walkAt = (book: Book, size: Decimal): CurveWalk => {
    const mid = midPrice(book)!
    const walk = walkBook(levelsHit(book, order.side), size, bookExtension(mid, base.volatility, base.maxSigma))
    return { vwap: walk.vwap, slippageBps: walk.vwap && slippageBps(order.side, walk.vwap, mid), unfilled: walk.unfilled }
  }
  return Array.from({ length: CURVE_STEPS }, (_, i) => {
    const size = order.size.mul(i + 1).div(CURVE_STEPS)
    return { size, base: walkAt(base.book, size), stressed: stressed ? walkAt(stressed, size) : null }
  })
}

/** Each child of the order's sliced plan, the book refilled between children at its half-life (never, without one); empty for one slice. */
export function sliceWalks(order: Pick<Order, 'side' | 'size' | 'slices' | 'intervalMs'>, { book, volatility, maxSigma }: CurveBook): SliceWalk[] {
  if (order.slices <= 1) return []
  const levels = levelsHit(book, order.side)
  const extension = bookExtension(midPrice(book)!, volatility, maxSigma)
  const halfLifeMs = book.refillHalfLifeMs ?? NEVER_REFILLS
  const plan = walkSliced({ levels, size: order.size, slices: order.slices, intervalMs: order.intervalMs, halfLifeMs, extension })
  return plan.children.map((child) => ({
    size: child.requested,
    vwap: child.vwap,
    bestPrice: child.bestPrice,
    worstPrice: child.worstPrice,
    unfilled: child.unfilled,
  }))
}

/**
 * The chance of arriving marketable at ¼ to 10 times the stress latency (each at least 1 ms) and at the order's
 * own latency, ascending, under the order's tick model: the ticks it must cross and the market's quote rate.
 */
export function takerByLatency(execution: Pick<OrderExecution, 'order' | 'fees'>, stressLatencyMs: number): TakerAtLatency[] {
  const { order, fees } = execution
  const crossing = (fees.atOrderLatency ?? fees.atStressLatency)?.crossing
  const touch = fees.touch
  if (order.type === 'market' || !touch || !crossing) return []
  const multiples = LATENCY_MULTIPLES.map((k) => Math.max(1, Math.round(k * stressLatencyMs)))
  const latencies = [...new Set([...multiples, ...(order.latencyMs === undefined ? [] : [order.latencyMs])])].sort((a, b) => a - b)
  const used = order.latencyMs ?? stressLatencyMs
  return latencies.map((latencyMs) => ({
    latencyMs,
    used: latencyMs === used,
    probability: new Decimal(crossingProbability({ ticks: crossing.ticks, quoteRate: touch.quoteRate, latencyMs }).probability),
  }))
}
