// Worse costs: the stop and execution figures of the `stop-vs-liquidation` and `slippage` checks re-run on
// the stressed book (spread × spread_multiplier, depth × depth_multiplier) at the stress latency, next to
// their base values. Guards "my stop and my orders cost what they cost today" when it matters most.
import type { Status } from '../engine/types.js'
import { computeExecution, type ExecutionView, type OrderExecution, type StopExecution } from '../execution/view.js'
import type { MarginView } from '../margin/index.js'
import type { Portfolio } from '../model.js'
import type { Thresholds } from '../thresholds.js'
import { stressedBook } from './book.js'

/** One item judged at base and at stress. */
export interface Compared<T> {
  base: T
  stress: T
  baseStatus: Status
  stressStatus: Status
}

export interface StressCosts {
  /** By position id: positions with a stop. */
  stops: Map<string, Compared<StopExecution>>
  /** By order id. */
  orders: Map<string, Compared<OrderExecution>>
}

/**
 * The portfolio as the stressed market shows it: every book stressed, and the stress latency as the latency
 * the execution figures are modelled over (thresholds.stress_latency, which the stop fill and the fees use).
 */
export function stressedMarket(portfolio: Portfolio): Portfolio {
  const markets = new Map([...portfolio.markets].map(([symbol, market]) => [symbol, market.book ? { ...market, book: stressedBook(market.book, portfolio.stress) } : market]))
  return { ...portfolio, markets, thresholds: { ...portfolio.thresholds, stress_latency: portfolio.stress.latencyMs } }
}

/** `base`: the execution view of the portfolio as it is (the one the execution checks judge). */
export function stressCosts(portfolio: Portfolio, margin: MarginView, base: ExecutionView): StressCosts {
  const stressed = computeExecution(stressedMarket(portfolio), margin)
  const stops = new Map<string, Compared<StopExecution>>()
  for (const [id, stop] of base.stops) {
    const atStress = stressed.stops.get(id)!
    stops.set(id, { base: stop, stress: atStress, baseStatus: stopStatus(stop), stressStatus: stopStatus(atStress) })
  }
  const orders = new Map<string, Compared<OrderExecution>>()
  for (const [id, order] of base.orders) {
    const atStress = stressed.orders.get(id)!
    orders.set(id, { base: order, stress: atStress, baseStatus: orderStatus(order, portfolio.thresholds), stressStatus: orderStatus(atStress, portfolio.thresholds) })
  }
  return { stops, orders }
}

/**
 * The `stop-vs-liquidation` check's verdict on a stop (the same rules, in the same order): already past
 * liquidation, stop beyond it, book unable to fill, fill beyond it, or maintenance not left after the fill:
 * fail; no liquidation price: pass; no book: info; otherwise pass.
 */
export function stopStatus(s: StopExecution): Status {
  if (s.alreadyPast) return 'fail'
  if (s.liquidationPrice === null) return 'pass'
  if (s.stopBeyondLiquidation) return 'fail'
  if (!s.fill) return 'info'
  if (s.fill.walk.unfilled.gt(0) || s.fillBeyondLiquidation || s.belowMaintenanceAfterFill) return 'fail'
  return 'pass'
}

/** The `slippage` check's verdict on an order: the plan as it will run against the warn and fail limits; no book: skip. */
export function orderStatus(o: OrderExecution, thresholds: Thresholds): Status {
  const s = o.slippage
  if (!s) return 'skip'
  const plan = s.planSlippageBps
  if (s.planUnfilled.gt(0) || plan === null || plan.gt(thresholds.slippage_fail_bps)) return 'fail'
  return plan.gt(thresholds.slippage_warn_bps) ? 'warn' : 'pass'
}
