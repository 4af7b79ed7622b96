// The execution figures the JSON report adds to each order and position record (issue 4 "Outputs").
// Decimals leave as exact strings; a figure the file cannot support is null.
import { Decimal, decimalString, decimalStringOrNull as str } from '../../decimal.js'
import { type CurveWalk, orderCurves } from '../../execution/curves.js'
import type { ExecutionView, SlicedResult } from '../../execution/view.js'
import type { Order, Portfolio, Position } from '../../model.js'
import type { OrderRecord, SizeCurveRecord } from './types.js'
import type { JsonFields } from './json-value.js'

function slicedRecord(result: SlicedResult) {
  return { vwap: str(result.vwap), slippage_bps: str(result.slippageBps) }
}

/**
 * `orders[]` fields: vwap, worst_price, slippage_bps (against the mid), unfilled, fee (taker fee on the walked
 * cost), expected_fee and taker_probability (at fee_latency_ms: the order's latency, else the stress latency),
 * sliced ({ vwap, slippage_bps }, or { whole_again, never_refilled } when the refill is unknown; null for one
 * slice), and the parameters those figures used: stress_latency_ms, and the tick model's tick_size, tick_source
 * (file or inferred), quote_rate (changes a second) and quote_rate_source (file or volatility), null without one.
 */
export function orderExecutionFields(view: ExecutionView, order: Order) {
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
  } satisfies JsonFields
}

/**
 * `orders[]` curves for the pictures, exact strings: `size_curve` (the book walked for a tenth of the size up
 * to the whole, on the base and the stressed book: average price and slippage against the mid), `slice_walks`
 * (each child of a sliced plan as it is judged: the book refilled at its half-life, or never), and
 * `taker_probability_by_latency` (`used` marks the latency of the record's taker_probability): the execution
 * domain's orderCurves (execution/curves.ts). Only in a report built for charts (--format html): the walks and a
 * tick lattice per latency and market cost every other run time it has no use for (the demo's start-up 5-10%).
 * Each is empty where the order walks no book (a passive order, no book) or has no tick model.
 */
export function orderCurveFields(
  view: ExecutionView,
  portfolio: Portfolio,
  order: Order,
): Required<Pick<OrderRecord, 'size_curve' | 'slice_walks' | 'taker_probability_by_latency'>> {
  const execution = view.orders.get(order.id)
  const curves = execution ? orderCurves(execution, portfolio) : null
  return {
    size_curve: (curves?.sizeCurve ?? []).map((point) => ({
      size: decimalString(point.size),
      base: curveWalkRecord(point.base),
      stressed: point.stressed && curveWalkRecord(point.stressed),
    })),
    slice_walks: (curves?.sliceWalks ?? []).map((child, i) => ({
      slice: i + 1,
      size: decimalString(child.size),
      vwap: str(child.vwap),
      best_price: str(child.bestPrice),
      worst_price: str(child.worstPrice),
      unfilled: decimalString(child.unfilled),
    })),
    taker_probability_by_latency: (curves?.takerByLatency ?? []).map((point) => ({
      latency_ms: point.latencyMs,
      used: point.used,
      probability: decimalString(point.probability),
    })),
  }
}

function curveWalkRecord(walk: CurveWalk): SizeCurveRecord['base'] {
  return { vwap: str(walk.vwap), slippage_bps: str(walk.slippageBps), unfilled: decimalString(walk.unfilled) }
}

/** `positions[]` field: stop { trigger_price_on_liquidation_reference, expected_fill, buffer_bps }; null without a stop. */
export function positionStopFields(view: ExecutionView, position: Position) {
  const stop = view.stops.get(position.id)
  return {
    stop: stop
      ? {
          trigger_price_on_liquidation_reference: str(stop.triggerOnLiquidationReference),
          expected_fill: str(stop.expectedFillOnLiquidationReference),
          buffer_bps: str(stop.bufferBps),
        }
      : null,
  } satisfies JsonFields
}
