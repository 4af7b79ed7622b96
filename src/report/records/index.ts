// The per-item figures of the JSON report (markets, positions, orders, account, stress): the views the engine
// computed for the selected checks, presented once, when the report is built; a record carries the fields of
// those views only. Decimals leave as exact strings. One file per view beside this one.
import { plainString, decimalStringOrNull as str, ZERO } from '../../decimal.js'
import type { Views } from '../../engine/types.js'
import { type BookLevels, sideSign, triggerPrice, type Portfolio } from '../../model.js'
import { orderCurveFields, orderExecutionFields, positionStopFields } from './execution.js'
import { accountMarginFields, positionMarginFields } from './margin.js'
import { fundingFields } from './funding.js'
import { riskRecord } from './risk.js'
import { liquidationPathFields, stressRecord } from './stress.js'
import type { JsonValue } from './json-value.js'

export type { JsonValue } from './json-value.js'

type JsonRecord = { [key: string]: JsonValue }

export interface Records {
  markets: JsonRecord[]
  positions: JsonRecord[]
  orders: JsonRecord[]
  account?: JsonRecord
  /** Scenario grid, breaking points, blast radius, correlation breaks and cascades (src/stress). */
  stress?: JsonRecord
  /** The account under its risk model and the models compared with it (src/risk). */
  risk_model?: JsonRecord
  /** Before and once planned orders fill (--order, --what-if; report/records/what-if.ts). */
  what_if?: JsonRecord[]
  /** --what-if: the file's planned orders past the first 10, in the all-orders what-if only. */
  what_if_left_out?: string[]
  /** The largest size of an order that passes (--max-size). */
  max_size?: JsonRecord
}

/** A book side as the file gives it, best first, each level with the size up to and including it. */
function bookSide(levels: BookLevels): JsonRecord[] {
  let cumulative = ZERO
  return levels.toArray().map((level) => {
    cumulative = cumulative.plus(level.size)
    return { price: str(level.price), size: str(level.size), cumulative: str(cumulative) }
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
 * selected checks, or that could not be computed (a failure, exit 2), adds nothing.
 */
export function buildRecords(portfolio: Portfolio, views: Partial<Views>, options: RecordOptions = { charts: false }): Records {
  const { margin, execution, funding, stress, risk } = views
  const markets = [...portfolio.markets.values()].map((market) => ({
    symbol: market.symbol,
    liquidation_trigger: market.liquidationTrigger,
    tick_size: plainString(market.tick),
    quote: market.quote,
    prices: { index: str(market.prices.index), mark: str(market.prices.mark), last: str(market.prices.last) },
    ...(options.charts && market.book && { book: { bids: bookSide(market.book.bids), asks: bookSide(market.book.asks) } }),
  }))
  const positions = portfolio.positions.map((position) => {
    const market = portfolio.markets.get(position.market)!
    return {
      id: position.id,
      market: position.market,
      side: position.side,
      size: str(position.size),
      entry_price: str(position.entryPrice),
      margin_mode: position.marginMode,
      trigger_price: str(triggerPrice(market)),
      notional: str(position.size.mul(triggerPrice(market))),
      unrealized_pnl: str(market.prices.mark.minus(position.entryPrice).mul(position.size).mul(sideSign(position.side))),
      ...(margin && positionMarginFields(margin, position.id)),
      ...(execution && positionStopFields(execution, position)),
      ...(funding && fundingFields(funding, 'position', position.id, options.charts)),
      ...(stress && liquidationPathFields(stress, position.id)),
    }
  })
  const orders = portfolio.orders.map((order) => ({
    id: order.id,
    market: order.market,
    side: order.side,
    size: str(order.size),
    type: order.type,
    price: str(order.price),
    slices: order.slices,
    interval_ms: order.intervalMs,
    latency_ms: order.latencyMs ?? null,
    ...(execution && orderExecutionFields(execution, order)),
    ...(execution && options.charts && orderCurveFields(execution, portfolio, order)),
    ...(funding && fundingFields(funding, 'order', order.id, options.charts)),
  }))
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
