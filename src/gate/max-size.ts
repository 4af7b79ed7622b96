// --max-size: the largest size of an order for which no check fails (none warns, failing on warn), found by
// search over the engine: each size tried is the account once the command line's orders (--order) and this one
// fill, judged as the gate judges --order (what-if.ts): `--order "<the size found>"` passes the gate. Sizes are multiples of the market's size step. The search brackets
// exponentially from one step (1, 2, 4, … steps) up to the first size that fails, or up to the limit (the
// book's depth for an order that takes from it, and the ladder's last tier), then bisects between the last
// size that passed and the first that failed. "Largest" is that boundary: a size that passes while one step
// more fails, every size the search tried below it passing. The checks need not be monotone in size, so a
// smaller size the search did not try may fail (docs/report.md "Largest size").
import { Decimal } from '../decimal.js'
import { type Problem, SEVERITY } from '../engine/types.js'
import { levelsHit } from '../execution/book-walk.js'
import { isPassive } from '../execution/passive.js'
import { type Market, type Order, type Portfolio, positionTraded } from '../model.js'
import { runChecks } from '../engine/run.js'
import { type EngineDoor, type Judged, whatIf, type WhatIf } from './what-if.js'

export interface SizeStep {
  step: Decimal
  source: 'given' | 'inferred'
}

/**
 * The market's size step: `step=` when given; else 10^−d, d the most decimal places among the sizes the file
 * writes for the market (its book levels, positions and planned orders), at least 1 (d = 0).
 */
export function sizeStepOf(portfolio: Portfolio, market: Market, given?: Decimal): SizeStep {
  if (given) return { step: given, source: 'given' }
  // Folded, not spread into Math.max: a market's sizes may number more than a call takes arguments (20,000 book
  // levels, and positions and orders up to the file's limits: past about 125,000 the spread threw a RangeError).
  let places = 0
  const widen = (size: Decimal) => {
    places = Math.max(places, size.decimalPlaces())
  }
  if (market.book) for (const levels of [market.book.bids, market.book.asks]) for (let i = 0; i < levels.length; i++) widen(levels.size(i))
  for (const p of portfolio.positions) if (p.market === market.symbol) widen(p.size)
  for (const o of portfolio.orders) if (o.market === market.symbol) widen(o.size)
  return { step: new Decimal(10).pow(-places), source: 'inferred' }
}

/** Where the search stops when no check binds before it. */
export interface SizeLimit {
  kind: 'book depth' | 'ladder'
  /** The largest size within the limit (a multiple of the step). */
  size: Decimal
  /** The book's visible depth on the side the order takes, or the ladder's last cap (notional). */
  figure: Decimal
}

export interface Probe {
  size: Decimal
  passes: boolean
  whatIf: WhatIf
}

export interface MaxSize {
  order: Order
  step: SizeStep
  /** The largest size found; null when even one step fails. */
  size: Decimal | null
  /** The size one step above, which fails (null when the search reached its limit with every size passing). */
  next: Probe | null
  /** The item that binds at `next` (the worst of those that fail there; under --fail-on warn, warn too). */
  binding: Problem | null
  /** A check or view that could not run at `next`. */
  bindingFailure: string | null
  /** Reached when no check binds up to it. */
  limit: SizeLimit
  limitReached: boolean
  /** Sizes tried, in the order tried. */
  probes: number
}

/** True when nothing in `judged` fails (nor warns, when `failOn` is warn) and every check ran. */
export function passes(judged: Judged, failOn: 'fail' | 'warn'): boolean {
  return judged.failures.length === 0 && judged.counts.fail === 0 && (failOn === 'fail' || judged.counts.warn === 0)
}

/**
 * The largest size of `order` (its size ignored) on `portfolio`, once the planned orders `filled` (the command
 * line's) and then it fill, judged as the gate judges the command line's orders. `order` is validated already.
 */
export function maxSize(door: EngineDoor, portfolio: Portfolio, filled: readonly string[], order: Order, step: SizeStep, failOn: 'fail' | 'warn'): MaxSize {
  const market = portfolio.markets.get(order.market)!
  const limit = sizeLimit(portfolio, market, order, step.step)
  // Sizes are counted in steps as bigints: a fine step under a deep limit counts past 2^53 (step=1e-30 under
  // 24.7 BTC is 2.47e31 steps), where JS numbers skip integers and the bisection would never close.
  const kMax = BigInt(limit.size.div(step.step).floor().toFixed())
  let probes = 0
  const tried = new Map<bigint, Probe>()
  const probe = (k: bigint): Probe => {
    const known = tried.get(k)
    if (known) return known
    probes++
    const size = step.step.mul(k.toString())
    const planned: Portfolio = { ...portfolio, orders: [...portfolio.orders, { ...order, size }] }
    const before = { portfolio: planned, run: runChecks({ portfolio: planned, document: door.document }, door.checks, door.views) }
    const result = whatIf(door, before, [...filled, order.id], 'command line')
    const p = { size, passes: passes(result.judged, failOn), whatIf: result }
    tried.set(k, p)
    return p
  }
  const found = (lo: bigint, next: Probe | null): MaxSize => {
    const binding = next ? bindingItem(next.whatIf.judged, failOn) : null
    const failure = next?.whatIf.judged.failures[0]
    return {
      order,
      step,
      size: lo > 0n ? step.step.mul(lo.toString()) : null,
      next,
      binding,
      bindingFailure: failure ? ('check' in failure ? `check ${failure.check}: ${failure.error}` : `view ${failure.view}: ${failure.error}`) : null,
      limit,
      limitReached: next === null,
      probes,
    }
  }
  if (kMax < 1n) return found(0n, null)
  const first = probe(1n)
  if (!first.passes) return found(0n, first)
  let lo = 1n
  let hi: bigint | null = null
  while (hi === null && lo < kMax) {
    const k = lo * 2n < kMax ? lo * 2n : kMax
    if (probe(k).passes) lo = k
    else hi = k
  }
  if (hi === null) return found(lo, null)
  while (hi - lo > 1n) {
    const mid: bigint = lo + (hi - lo) / 2n
    if (probe(mid).passes) lo = mid
    else hi = mid
  }
  return found(lo, probe(hi))
}

/** The worst item that fails (under --fail-on warn, fails or warns), first in the report's order among equals. */
function bindingItem(judged: Judged, failOn: 'fail' | 'warn'): Problem | null {
  const bad = judged.findings.filter((f): f is Problem => f.status === 'fail' || (failOn === 'warn' && f.status === 'warn'))
  return bad.reduce<Problem | null>((worst, f) => (worst === null || SEVERITY[f.status] > SEVERITY[worst.status] ? f : worst), null)
}

/**
 * The search's limit: an order that takes from the book (not passive) stops at the book's visible depth on the
 * side it takes; every order stops where the position it trades would pass the ladder's last cap at the fill's
 * price (the order first closing an opposite position).
 */
function sizeLimit(portfolio: Portfolio, market: Market, order: Order, step: Decimal): SizeLimit {
  const steps = (size: Decimal) => size.div(step).floor().mul(step)
  const cap = market.ladder[market.ladder.length - 1]!.maxNotional
  const price = order.price ?? market.prices.last
  const existing = positionTraded(portfolio, order)
  const sameSide = existing && (existing.side === 'long') === (order.side === 'buy')
  const room = cap
    .div(price)
    .plus(existing && !sameSide ? existing.size : 0)
    .minus(existing && sameSide ? existing.size : 0)
  const ladder: SizeLimit = { kind: 'ladder', size: steps(Decimal.max(room, 0)), figure: cap }
  if (!market.book || isPassive(order, market)) return ladder
  const hit = levelsHit(market.book, order.side)
  let depth = new Decimal(0)
  for (let i = 0; i < hit.length; i++) depth = depth.plus(hit.size(i))
  const book: SizeLimit = { kind: 'book depth', size: steps(depth), figure: depth }
  return book.size.lt(ladder.size) ? book : ladder
}
