// Order-rate limits change the strategy: a venue accepts at most N new orders in any window of W (per account),
// so a sliced plan faster than that is stretched, and the exits a crash fires together queue behind each other.
// The schedule here is what the venue lets through; the check `order-rate` judges it (docs/checks/order-rate.md).
import type { Decimal } from '../decimal.js'
import type { Portfolio } from '../model.js'
import type { RateLimit } from '../venues.js'
import { filledAfter, type StopWalk, stopWalk, triggersNow } from './stop-fill.js'

export type { RateLimit }

/**
 * The times orders are sent when each is sent at its planned time or, if that would put more than N orders
 * in a window of W for some limit, as soon as the window allows: sent[i] = max(planned[i], sent[i − N] + W)
 * over the limits (a sliding window, the strictest reading of "N orders per W"). `planned` ascending.
 */
export function throttle(planned: readonly number[], limits: readonly RateLimit[]): number[] {
  const sent: number[] = []
  for (let i = 0; i < planned.length; i++) {
    let at = planned[i]!
    for (const limit of limits) if (i >= limit.orders) at = Math.max(at, sent[i - limit.orders]! + limit.perMs)
    sent.push(at)
  }
  return sent
}

/** The fastest sustained rate the limits allow, orders per second: min over the limits of N / W. */
export function sustainedRate(limits: readonly RateLimit[]): number {
  return Math.min(...limits.map((limit) => (limit.orders * 1000) / limit.perMs))
}

/** A sliced order's schedule as planned and as the limits let it run. */
export interface ThrottledPlan {
  slices: number
  plannedIntervalMs: number
  /** (slices − 1) × interval. */
  plannedDurationMs: number
  /** When the last child is sent. */
  effectiveDurationMs: number
  /** Children sent later than planned. */
  delayed: number
  /** The longest a child waits past its planned time. */
  maxDelayMs: number
  /** The plan's rate, 1000 / interval orders a second (Infinity at interval 0). */
  plannedRate: number
}

/** One stop's exit when every stop of the account fires at once (a crash), queued in file order. */
export interface ThrottledStop {
  positionId: string
  /** Place in the queue, 0-based. */
  place: number
  /** How long the exit waits for the limit before it is sent. */
  queueDelayMs: number
  /** stress.latency + queueDelayMs: from the trigger to the exit reaching the venue. */
  reactionMs: number
  /** The stop's modelled expected fill (stop-fill.ts) at the stress latency and at the reaction time; null without a book. */
  fillAtLatency: Decimal | null
  fillAtReaction: Decimal | null
}

export interface RateView {
  /** The limits in force and where they come from; empty with source null when none is known. */
  limits: RateLimit[]
  source: 'file' | 'venue' | null
  /** By order id: orders with more than one slice. */
  plans: Map<string, ThrottledPlan>
  /** By position id: positions with a stop. */
  stops: Map<string, ThrottledStop>
}

/** A plan of `slices` children `intervalMs` apart, through the limits. */
export function throttlePlan(slices: number, intervalMs: number, limits: readonly RateLimit[]): ThrottledPlan {
  const planned = Array.from({ length: slices }, (_, i) => i * intervalMs)
  const sent = throttle(planned, limits)
  let delayed = 0
  let maxDelayMs = 0
  sent.forEach((at, i) => {
    const delay = at - planned[i]!
    if (delay > 0) delayed++
    maxDelayMs = Math.max(maxDelayMs, delay)
  })
  return {
    slices,
    plannedIntervalMs: intervalMs,
    plannedDurationMs: planned.at(-1)!,
    effectiveDurationMs: sent.at(-1)!,
    delayed,
    maxDelayMs,
    plannedRate: intervalMs === 0 ? Number.POSITIVE_INFINITY : 1000 / intervalMs,
  }
}

/**
 * Every sliced plan and every stop of the portfolio through its order-rate limits. `walks`: the stops' walks
 * already made, by position id (the execution view's, at the same book and size); a stop not in it is walked
 * here, once for both its latencies (the walk does not depend on the latency).
 */
export function computeRates(portfolio: Portfolio, walks: ReadonlyMap<string, StopWalk | null> = new Map()): RateView {
  const limits = portfolio.account.rateLimits
  const source = portfolio.account.rateLimitSource
  const plans = new Map<string, ThrottledPlan>()
  const stops = new Map<string, ThrottledStop>()
  if (limits.length === 0) return { limits, source, plans, stops }
  for (const order of portfolio.orders) if (order.slices > 1) plans.set(order.id, throttlePlan(order.slices, order.intervalMs, limits))
  const withStops = portfolio.positions.filter((position) => position.stop)
  const sent = throttle(
    withStops.map(() => 0),
    limits,
  )
  const latencyMs = portfolio.stress.latencyMs
  withStops.forEach((position, place) => {
    const queueDelayMs = sent[place]!
    const market = portfolio.markets.get(position.market)
    const stop = position.stop!
    const walked = walks.has(position.id)
      ? walks.get(position.id)!
      : market?.book
        ? stopWalk({
            book: market.book,
            side: position.side,
            size: position.size,
            stopPrice: stop.price,
            triggersNow: triggersNow(position.side, stop.price, market.prices[stop.trigger]),
            volatility: market.volatility,
            maxSigma: portfolio.thresholds.book_extension_max_sigma,
          })
        : null
    const fillAt = (ms: number) => (walked ? filledAfter(walked, { stopPrice: stop.price, latencyMs: ms, volatility: market?.volatility }).expectedFill : null)
    const fillAtLatency = fillAt(latencyMs)
    const reactionMs = latencyMs + queueDelayMs
    const fillAtReaction = queueDelayMs === 0 ? fillAtLatency : fillAt(reactionMs)
    stops.set(position.id, { positionId: position.id, place, queueDelayMs, reactionMs, fillAtLatency, fillAtReaction })
  })
  return { limits, source, plans, stops }
}
