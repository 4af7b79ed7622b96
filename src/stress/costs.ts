// Worse costs: the stop and execution figures of the `stop-vs-liquidation` and `slippage` checks re-run on
// the stressed book (spread × spread_multiplier, depth × depth_multiplier) at the stress latency, next to
// their base values. Guards "my stop and my orders cost what they cost today" when it matters most.
// Figures only: the stress check judges both sides with the execution checks' verdicts.
import { type ExecutionView, type OrderExecution, ordersAndStops, type StopExecution } from '../execution/view.js'
import type { MarginView } from '../margin/index.js'
import type { Portfolio } from '../model.js'
import { stressedBook } from '../execution/stressed-book.js'

/** One item's figures at base and at stress. */
export interface Compared<T> {
  base: T
  stress: T
}

export interface StressCosts {
  /** By position id: positions with a stop. */
  stops: Map<string, Compared<StopExecution>>
  /** By order id. */
  orders: Map<string, Compared<OrderExecution>>
}

/**
 * The portfolio as the stressed market shows it: every book stressed. The execution figures already use
 * the stress latency (stress.latency) for the stop fill and the stressed fee.
 */
export function stressedMarket(portfolio: Portfolio): Portfolio {
  const markets = new Map(
    [...portfolio.markets].map(([symbol, market]) => [symbol, market.book ? { ...market, book: stressedBook(market.book, portfolio.stress) } : market]),
  )
  return { ...portfolio, markets }
}

/** `base`: the execution view of the portfolio as it is (the one the execution checks judge). */
export function stressCosts(portfolio: Portfolio, margin: MarginView, base: ExecutionView): StressCosts {
  const stressed = ordersAndStops(stressedMarket(portfolio), margin)
  const stops = new Map<string, Compared<StopExecution>>()
  for (const [id, stop] of base.stops) stops.set(id, { base: stop, stress: stressed.stops.get(id)! })
  const orders = new Map<string, Compared<OrderExecution>>()
  for (const [id, order] of base.orders) orders.set(id, { base: order, stress: stressed.orders.get(id)! })
  return { stops, orders }
}
