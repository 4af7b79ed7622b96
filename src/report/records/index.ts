// The per-item figures of the JSON report (markets, positions, orders, account, stress): the views the engine
// computed for the selected checks, presented once, when the report is built; a record carries the fields of
// those views only. Decimals leave as exact strings. One file per view beside this one.
import { decimalString, plainString, decimalStringOrNull as str, ZERO } from '../../decimal.js'
import type { Status, Views } from '../../engine/types.js'
import { type BookLevels, sideSign, triggerPrice, type Portfolio } from '../../model.js'
import { orderCurveFields, orderExecutionFields, positionStopFields } from './execution.js'
import { accountMarginFields, positionMarginFields } from './margin.js'
import { fundingFields } from './funding.js'
import { riskRecord } from './risk.js'
import { liquidationPathFields, stressRecord } from './stress.js'
import type { BookLevelRecord, MarketRecord, OrderRecord, PositionRecord, Records } from './types.js'

export type * from './types.js'

/** A book side as the file gives it, best first, each level with the size up to and including it. */
function bookSide(levels: BookLevels): BookLevelRecord[] {
  let cumulative = ZERO
  return levels.toArray().map((level) => {
    cumulative = cumulative.plus(level.size)
    return { price: decimalString(level.price), size: decimalString(level.size), cumulative: decimalString(cumulative) }
  })
}

export interface RecordOptions {
  /**
   * Also the records only charts need, which cost time to compute or swell a desk account's JSON: each market's
   * book, each funding record's payments, each order's size_curve, slice_walks and taker_probability_by_latency.
   */
  charts: boolean
}

/**
 * The records of `portfolio`, with the fields of each view in `views`: a view that was not needed by the
 * selected checks, or that could not be computed (a failure, exit 2), adds nothing. Each position and order
 * carries the worst status of the items about it, `worst` (null when no check spoke of it).
 */
export function buildRecords(
  portfolio: Portfolio,
  views: Partial<Views>,
  worst: ReadonlyMap<string, Status>,
  options: RecordOptions = { charts: false },
): Records {
  const { margin, execution, funding, stress, risk } = views
  const markets = [...portfolio.markets.values()].map(
    (market): MarketRecord => ({
      symbol: market.symbol,
      liquidation_trigger: market.liquidationTrigger,
      tick_size: plainString(market.tick),
      quote: market.quote,
      prices: { index: decimalString(market.prices.index), mark: decimalString(market.prices.mark), last: decimalString(market.prices.last) },
      ...(options.charts && market.book && { book: { bids: bookSide(market.book.bids), asks: bookSide(market.book.asks) } }),
    }),
  )
  const positions = portfolio.positions.map((position): PositionRecord => {
    const market = portfolio.markets.get(position.market)!
    return {
      id: position.id,
      market: position.market,
      side: position.side,
      size: decimalString(position.size),
      entry_price: decimalString(position.entryPrice),
      margin_mode: position.marginMode,
      trigger_price: decimalString(triggerPrice(market)),
      notional: decimalString(position.size.mul(triggerPrice(market))),
      unrealized_pnl: decimalString(market.prices.mark.minus(position.entryPrice).mul(position.size).mul(sideSign(position.side))),
      ...(margin && positionMarginFields(margin, position.id)),
      ...(execution && positionStopFields(execution, position)),
      ...(funding && fundingFields(funding, 'position', position.id, options.charts)),
      ...(stress && liquidationPathFields(stress, position.id)),
      worst_status: worst.get(position.id) ?? null,
    }
  })
  const orders = portfolio.orders.map(
    (order): OrderRecord => ({
      id: order.id,
      market: order.market,
      side: order.side,
      size: decimalString(order.size),
      type: order.type,
      price: str(order.price),
      slices: order.slices,
      interval_ms: order.intervalMs,
      latency_ms: order.latencyMs ?? null,
      ...(execution && orderExecutionFields(execution, order)),
      ...(execution && options.charts && orderCurveFields(execution, portfolio, order)),
      ...(funding && fundingFields(funding, 'order', order.id, options.charts)),
      worst_status: worst.get(order.id) ?? null,
    }),
  )
  const account = margin && accountMarginFields(margin)
  const riskModel = risk && riskRecord(risk)
  return {
    markets,
    positions,
    orders,
    ...(account && { account }),
    ...(stress && { stress: stressRecord(stress, options.charts) }),
    ...(riskModel && { risk_model: riskModel }),
  }
}
