// The portfolio once planned orders fill: a transformation of the validated portfolio, which the engine then
// checks as it checks the file. How a fill is modelled (docs/report.md "If filled"):
// - price: a limit or post-only order at its limit price; a market order at its book walk's average (the fee
//   notional of the execution view), at the last price when the book cannot fill it;
// - a passive order (post-only, or a limit away from the touch) fills when the market trades at its limit:
//   the market stands there afterwards (its mark and index moved in proportion), as in maintenance-ladder;
// - the position: the order applies to the position it names or implies (model.ts positionTraded; docs/format.md
//   "Which position an order trades"; margin/scenarios.ts withOrderFilled):
//   the same direction adds at the average entry price (isolated: margin added at the order's leverage, else
//   the position's); the opposite direction reduces it (cross: the PnL realized into the wallet), closes it,
//   or flips it (the rest opens on the other side); with none, it opens one in its margin mode (else the account's),
//   holding for the order's hold;
// - the fee: the order's expected fee (at its latency, else the stress latency; taker without a book) is paid
//   out of the wallet;
// - reduce-only: the fill stops at the size of the opposite position (fee and notional pro rata, at the same
//   price); with no opposite position the venue rejects it: nothing changes, no fee.
// Fills apply one after another, in the order given; the orders filled leave the planned orders.
import type { Decimal } from '../decimal.js'
import type { ExecutionView } from '../execution/view.js'
import type { MarginChange } from '../margin/compute.js'
import { withOrderFilled } from '../margin/scenarios.js'
import { fillableSize, type Order, type Portfolio, type Position, positionTraded } from '../model.js'

/** What a fill does to the position of its market; a reduce-only order with nothing to reduce is rejected. */
export type FillEffect = 'opens' | 'adds' | 'reduces' | 'closes' | 'flips' | 'rejected'

export interface OrderFill {
  order: Order
  price: Decimal
  priceSource: 'limit price' | 'book walk' | 'sliced book walk' | 'last price'
  /** It rests in the book and fills when the market trades at its limit (the market moved there). */
  passive: boolean
  notional: Decimal
  /** The order's expected fee, paid out of the wallet. */
  fee: Decimal
  /** Against the mid, the single order walked through the book; null when not walked (passive, or no book). */
  slippageBps: Decimal | null
}

/** How `order` fills, from the execution view of a portfolio that plans it. */
export function fillOf(order: Order, execution: ExecutionView): OrderFill {
  const planned = execution.orders.get(order.id)
  if (!planned) throw new Error(`order "${order.id}" is not planned in this portfolio`)
  const { fees } = planned
  const latencyFee = fees.atOrderLatency ?? fees.atStressLatency
  return {
    order,
    price: fees.notional.div(order.size),
    priceSource: fees.notionalSource === 'order price' ? 'limit price' : fees.notionalSource,
    passive: planned.passive,
    notional: fees.notional,
    fee: latencyFee?.estimate.expectedFee ?? fees.takerFee,
    slippageBps: planned.slippage?.slippageBps ?? null,
  }
}

export interface FilledPortfolio {
  portfolio: Portfolio
  /** The fills as they happened: a reduce-only order cut to the position it reduces, a rejected one at size 0 and no fee. */
  fills: OrderFill[]
  /** Per fill, in order: what it did and the position it leaves (null when it closed one). */
  effects: { order: string; effect: FillEffect; position: string | null; before: string | null }[]
}

/** `portfolio` with `fills` applied one after another (see the model above); the input is never changed. */
export function filledPortfolio(portfolio: Portfolio, fills: readonly OrderFill[]): FilledPortfolio {
  let current = portfolio
  const effects: FilledPortfolio['effects'] = []
  const done: OrderFill[] = []
  for (const planned of fills) {
    const fill = planned.order.reduceOnly ? reducing(current, planned) : planned
    done.push(fill)
    if (fill.order.size.isZero()) {
      const existing = positionTraded(current, fill.order)?.id ?? null
      current = { ...current, orders: current.orders.filter((o) => o.id !== fill.order.id) }
      effects.push({ order: fill.order.id, effect: 'rejected', position: existing, before: existing })
      continue
    }
    const filled = withOrderFilled(current, fill.order, fill.passive, fill.price)
    current = applied(current, filled.change, fill)
    const effect = effectOf(filled.before, current, filled.positionId)
    effects.push({ order: fill.order.id, effect, position: filled.positionId, before: filled.before?.id ?? null })
  }
  return { portfolio: current, fills: done, effects }
}

/** A reduce-only fill as the venue lets it happen: at most the opposite position's size; none without one. */
function reducing(portfolio: Portfolio, fill: OrderFill): OrderFill {
  const size = fillableSize(portfolio, fill.order)
  if (size.eq(fill.order.size)) return fill
  const share = size.div(fill.order.size)
  return { ...fill, order: { ...fill.order, size }, notional: fill.notional.mul(share), fee: fill.fee.mul(share) }
}

function effectOf(before: Position | null, after: Portfolio, positionId: string | null): FillEffect {
  if (!before) return 'opens'
  if (positionId === null) return 'closes'
  const now = after.positions.find((p) => p.id === positionId)!
  if (now.side !== before.side) return 'flips'
  return now.size.gt(before.size) ? 'adds' : 'reduces'
}

function applied(portfolio: Portfolio, change: MarginChange, fill: OrderFill): Portfolio {
  const replaced = new Map((change.positions ?? []).map((p) => [p.id, p]))
  const removed = new Set(change.removed)
  const positions = portfolio.positions.filter((p) => !removed.has(p.id)).map((p) => replaced.get(p.id) ?? p)
  const held = new Set(positions.map((p) => p.id))
  for (const p of replaced.values()) if (!held.has(p.id)) positions.push({ ...p, index: positions.length, holdMs: fill.order.holdMs })
  const markets = change.market ? new Map(portfolio.markets).set(change.market.symbol, change.market) : portfolio.markets
  const walletBalance = (change.walletBalance ?? portfolio.account.walletBalance).minus(fill.fee)
  return {
    ...portfolio,
    markets,
    account: { ...portfolio.account, walletBalance },
    positions: positions.map((p, index) => (p.index === index ? p : { ...p, index })),
    orders: portfolio.orders.filter((o) => o.id !== fill.order.id),
  }
}
