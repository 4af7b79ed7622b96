// Order-rate limits: a sliced plan faster than the venue's new-order limit runs slower than planned, and the
// exits of a crash queue behind each other. If you see repeated throttling, your effective strategy changed.
import { Decimal } from '../decimal.js'
import { defineCheck, type Draft } from '../engine/types.js'
import type { RateLimit, RateView, ThrottledPlan, ThrottledStop } from '../execution/throttle.js'
import { sustainedRate } from '../execution/throttle.js'
import { duration, short } from '../format.js'
import type { Order, Portfolio, Position } from '../model.js'

export default defineCheck({
  id: 'order-rate',
  title: 'Order-rate limits: the effective schedule of sliced orders and stops',
  views: ['execution'],
  explanation:
    'A venue accepts at most N new orders in any window W (account.rate_limit, else the venue’s published limit). ' +
    'Each child of a sliced order is sent at its planned time or as soon as the window allows; a plan faster than ' +
    'the limit is stretched, and warns: if you see repeated throttling, assume your effective strategy changed. ' +
    'Under stress every stop of the account fires at once and the exits queue in file order: an exit that waits ' +
    'for the limit reacts after the stress latency plus its wait, and fills where the market is by then.',
  run({ portfolio, views }) {
    const rates = views.execution.rates
    if (rates.limits.length === 0) {
      return [
        {
          status: 'skip',
          subject: 'account',
          message: `no order-rate limit known for venue ${portfolio.venue.id}: give account.rate_limit { orders, per }`,
          path: ['account'],
        },
      ]
    }
    const drafts: Draft[] = [limitDraft(portfolio, rates)]
    for (const order of portfolio.orders) {
      const plan = rates.plans.get(order.id)
      if (plan) drafts.push(planDraft(order, plan, rates.limits))
    }
    const stops = rates.stops.size
    for (const position of portfolio.positions) {
      const stop = rates.stops.get(position.id)
      if (stop) drafts.push(stopDraft(position, stop, stops, portfolio.stress.latencyMs))
    }
    return drafts
  },
})

function limitText(limits: readonly RateLimit[]): string {
  return limits.map((limit) => `${limit.orders} orders per ${duration(limit.perMs)}`).join(' and ')
}

/** Orders a second for reading: up to 4 significant digits. */
function rate(perSecond: number): string {
  return Number.isFinite(perSecond) ? short(new Decimal(perSecond).toSignificantDigits(4)) : 'unbounded'
}

function limitDraft(portfolio: Portfolio, rates: RateView): Draft {
  const source = rates.source === 'file' ? 'account.rate_limit' : `${portfolio.venue.id} default`
  return {
    status: 'info',
    subject: 'account',
    message: `order-rate limit ${limitText(rates.limits)} (${source}): at most ${rate(sustainedRate(rates.limits))} new orders a second sustained`,
    figures: { rate_limit: limitText(rates.limits), rate_limit_source: rates.source, sustained_orders_per_second: new Decimal(sustainedRate(rates.limits)) },
    path: rates.source === 'file' ? ['account', 'rate_limit'] : ['account'],
  }
}

function planDraft(order: Order, plan: ThrottledPlan, limits: readonly RateLimit[]): Draft {
  const planned = `${plan.slices} slices ${duration(plan.plannedIntervalMs)} apart (${rate(plan.plannedRate)} orders/s)`
  const figures = {
    slices: new Decimal(plan.slices),
    planned_interval: duration(plan.plannedIntervalMs),
    planned_orders_per_second: Number.isFinite(plan.plannedRate) ? new Decimal(plan.plannedRate) : null,
    sustained_orders_per_second: new Decimal(sustainedRate(limits)),
    planned_duration: duration(plan.plannedDurationMs),
    effective_duration: duration(plan.effectiveDurationMs),
    delayed_slices: new Decimal(plan.delayed),
    max_delay: duration(plan.maxDelayMs),
  }
  const path = [...order.path, 'interval']
  if (plan.delayed === 0) {
    return {
      status: 'pass',
      subject: order.id,
      message: `${planned} within ${limitText(limits)}: the schedule runs as planned, last slice at ${duration(plan.effectiveDurationMs)}`,
      figures,
      path,
    }
  }
  return {
    status: 'warn',
    subject: order.id,
    message:
      `${planned} is faster than ${limitText(limits)}: ${plan.delayed} of ${plan.slices} slices go late, by up to ${duration(plan.maxDelayMs)}; ` +
      `the last slice at ${duration(plan.effectiveDurationMs)} instead of ${duration(plan.plannedDurationMs)}; ` +
      'if you see repeated throttling, assume your effective strategy changed',
    figures,
    path,
  }
}

function stopDraft(position: Position, stop: ThrottledStop, stops: number, latencyMs: number): Draft {
  const queue = `exit ${stop.place + 1} of ${stops} when every stop fires at once`
  const figures = {
    queue_place: new Decimal(stop.place + 1),
    stops: new Decimal(stops),
    queue_delay: duration(stop.queueDelayMs),
    stress_latency: duration(latencyMs),
    reaction: duration(stop.reactionMs),
    expected_fill_at_latency: stop.fillAtLatency,
    expected_fill_at_reaction: stop.fillAtReaction,
  }
  const path = [...position.stop!.path, 'price']
  if (stop.queueDelayMs === 0) {
    return { status: 'pass', subject: position.id, message: `${queue}: sent at once, reaches the venue in ${duration(stop.reactionMs)}`, figures, path }
  }
  const fill = stop.fillAtLatency && stop.fillAtReaction ? `; expected fill ${short(stop.fillAtReaction)} instead of ${short(stop.fillAtLatency)}` : ''
  return {
    status: 'warn',
    subject: position.id,
    message: `${queue}: waits ${duration(stop.queueDelayMs)} for the order-rate limit, reaches the venue in ${duration(stop.reactionMs)} instead of ${duration(latencyMs)}${fill}`,
    figures,
    path,
  }
}
