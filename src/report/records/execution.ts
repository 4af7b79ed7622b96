// The execution figures the JSON report adds to each order and position record (issue 4 "Outputs").
// Decimals leave as exact strings; a figure the file cannot support is null.
import { Decimal, decimalStringOrNull as str } from '../../decimal.js'
import { bookExtension, levelsHit, midPrice, slippageBps, walkBook } from '../../execution/book-walk.js'
import { NEVER_REFILLS, walkSliced } from '../../execution/sliced.js'
import { crossingProbability } from '../../execution/tick-latency.js'
import type { ExecutionView, OrderExecution, SlicedResult } from '../../execution/view.js'
import type { Book, Order, Portfolio, Position } from '../../model.js'
import { stressedBook } from '../../execution/stressed-book.js'
import type { JsonValue } from './json-value.js'

type JsonRecord = { [key: string]: JsonValue }

function slicedRecord(result: SlicedResult): JsonRecord {
  return { vwap: str(result.vwap), slippage_bps: str(result.slippageBps) }
}

/**
 * `orders[]` fields: vwap, worst_price, slippage_bps (against the mid), unfilled, fee (taker fee on the walked
 * cost), expected_fee and taker_probability (at fee_latency_ms: the order's latency, else the stress latency),
 * sliced ({ vwap, slippage_bps }, or { whole_again, never_refilled } when the refill is unknown; null for one
 * slice), and the parameters those figures used: stress_latency_ms, and the tick model's tick_size, tick_source
 * (file or inferred), quote_rate (changes a second) and quote_rate_source (file or volatility), null without one.
 */
export function orderExecutionFields(view: ExecutionView, order: Order): JsonRecord {
  const execution = view.orders.get(order.id)
  const slippage = execution?.slippage ?? null
  const latencyFee = execution?.fees.atOrderLatency ?? execution?.fees.atStressLatency ?? null
  const sliced = slippage?.sliced ?? null
  const touch = execution?.fees.touch ?? null
  return {
    fee_latency_ms: latencyFee?.latencyMs ?? null,
    stress_latency_ms: execution?.fees.atStressLatency?.latencyMs ?? null,
    tick_size: str(touch?.tick),
    tick_source: touch?.tickSource ?? null,
    quote_rate: touch ? str(new Decimal(touch.quoteRate)) : null,
    quote_rate_source: touch?.quoteRateSource ?? null,
    vwap: str(slippage?.walk.vwap),
    worst_price: str(slippage?.walk.worstPrice),
    slippage_bps: str(slippage?.slippageBps),
    unfilled: str(slippage?.walk.unfilled),
    fee: str(slippage?.takerFee),
    expected_fee: str(latencyFee?.estimate.expectedFee),
    taker_probability: str(latencyFee?.estimate.takerProbability),
    sliced:
      sliced === null
        ? null
        : sliced.refill === 'known'
          ? slicedRecord(sliced.estimate)
          : { whole_again: slicedRecord(sliced.wholeAgain), never_refilled: slicedRecord(sliced.neverRefilled) },
  }
}

/** The fractions of an order's size its size curve walks: a tenth to the whole. */
const CURVE_STEPS = 10
/**
 * The order-entry latencies the taker probability is given at, as multiples of the stress latency (and the
 * order's own): six points, since each latency is a tick lattice per market, milliseconds each.
 */
const LATENCY_MULTIPLES = [0.25, 0.5, 1, 2, 4, 10]

/**
 * `orders[]` curves for the pictures, exact strings: `size_curve` (the book walked for a tenth of the size up
 * to the whole, on the base and the stressed book: average price and slippage against the mid), `slice_walks`
 * (each child of a sliced plan as it is judged: the book refilled at its half-life, or never), and
 * `taker_probability_by_latency` (`used` marks the latency of the record's taker_probability). Only in a report
 * built for charts (--format html): the walks and a tick lattice per latency and market cost every other run
 * time it has no use for (the demo's start-up 5-10%). Each is empty where the order walks no book (a passive order, no book) or has no tick model.
 */
export function orderCurveFields(view: ExecutionView, portfolio: Portfolio, order: Order): JsonRecord {
  const execution = view.orders.get(order.id)
  const book = execution?.slippage ? execution.market.book : undefined
  const stressed = book && stressedOrNull(book, portfolio)
  return {
    size_curve: execution && book ? sizeCurve(execution, portfolio, book, stressed ?? null) : [],
    slice_walks: execution && book ? sliceWalks(execution, portfolio, book) : [],
    taker_probability_by_latency: execution ? takerByLatency(execution, portfolio) : [],
  }
}

function stressedOrNull(book: Book, portfolio: Portfolio): Book | null {
  try {
    return stressedBook(book, portfolio.stress)
  } catch {
    return null
  }
}

function sizeCurve(execution: OrderExecution, portfolio: Portfolio, book: Book, stressed: Book | null): JsonValue[] {
  const { order, market } = execution
  const walkAt = (b: Book, size: Decimal) => {
    const mid = midPrice(b)!
    const walk = walkBook(levelsHit(b, order.side), size, bookExtension(mid, market.volatility, portfolio.thresholds.book_extension_max_sigma))
    return { vwap: str(walk.vwap), slippage_bps: str(walk.vwap && slippageBps(order.side, walk.vwap, mid)), unfilled: str(walk.unfilled) }
  }
  return Array.from({ length: CURVE_STEPS }, (_, i) => {
    const size = order.size.mul(i + 1).div(CURVE_STEPS)
    return { size: str(size), base: walkAt(book, size), stressed: stressed ? walkAt(stressed, size) : null }
  })
}

function sliceWalks(execution: OrderExecution, portfolio: Portfolio, book: Book): JsonValue[] {
  const { order, market } = execution
  if (order.slices <= 1) return []
  const levels = levelsHit(book, order.side)
  const mid = midPrice(book)!
  const extension = bookExtension(mid, market.volatility, portfolio.thresholds.book_extension_max_sigma)
  const halfLifeMs = book.refillHalfLifeMs ?? NEVER_REFILLS
  const plan = walkSliced({ levels, size: order.size, slices: order.slices, intervalMs: order.intervalMs, halfLifeMs, extension })
  return plan.children.map((child, i) => ({
    slice: i + 1,
    size: str(child.requested),
    vwap: str(child.vwap),
    best_price: str(child.bestPrice),
    worst_price: str(child.worstPrice),
    unfilled: str(child.unfilled),
  }))
}

function takerByLatency(execution: OrderExecution, portfolio: Portfolio): JsonValue[] {
  const { order, fees } = execution
  const crossing = (fees.atOrderLatency ?? fees.atStressLatency)?.crossing
  if (order.type === 'market' || !fees.touch || !crossing) return []
  const stress = portfolio.stress.latencyMs
  const multiples = LATENCY_MULTIPLES.map((k) => Math.max(1, Math.round(k * stress)))
  const latencies = [...new Set([...multiples, ...(order.latencyMs === undefined ? [] : [order.latencyMs])])].sort((a, b) => a - b)
  const used = order.latencyMs ?? portfolio.stress.latencyMs
  return latencies.map((latencyMs) => ({
    latency_ms: latencyMs,
    used: latencyMs === used,
    probability: str(new Decimal(crossingProbability({ ticks: crossing.ticks, quoteRate: fees.touch!.quoteRate, latencyMs }).probability)),
  }))
}

/** `positions[]` field: stop { trigger_price_on_liquidation_reference, expected_fill, buffer_bps }; null without a stop. */
export function positionStopFields(view: ExecutionView, position: Position): JsonRecord {
  const stop = view.stops.get(position.id)
  return {
    stop: stop
      ? {
          trigger_price_on_liquidation_reference: str(stop.triggerOnLiquidationReference),
          expected_fill: str(stop.expectedFillOnLiquidationReference),
          buffer_bps: str(stop.bufferBps),
        }
      : null,
  }
}
