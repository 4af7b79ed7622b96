// What each planned order really pays when it walks the book, sliced or not, and which books are too thin
// for the orders and positions on them. Why: a fill priced at the top of book is the most common
// pre-trade illusion, and doubling size in a thin book can more than double slippage.
import { Decimal } from '../decimal.js'
import { defineCheck, type Draft, type Figure, type Status } from '../engine/types.js'
import { duration, fixed, percent, short } from '../format.js'
import type { MarketDepth, OrderExecution, OrderSlippage, SlicedResult } from '../execution/view.js'
import { MAX_SLICES } from '../execution/sliced.js'
import { extendedShare, slippageVerdict } from './judge/execution.js'
import type { Thresholds } from '../thresholds.js'

export default defineCheck({
  id: 'slippage',
  title: 'Slippage of planned orders against the book',
  views: ['execution'],
  explanation:
    'Each planned order walks the opposite side of its market’s book, best level first: the VWAP, the worst ' +
    'price touched and the slippage against the mid ((best bid + best ask) / 2) and the trigger price, in basis ' +
    'points. Past the last visible level the book is extended by the square-root impact law, calibrated on the ' +
    'visible depth and bounded at book_extension_max_sigma daily σ (with volatility); more than ' +
    'book_extension_warn of the fill from it warns, and size even the model cannot fill fails (never filled at ' +
    'the last price). ' +
    'Half the size is walked too, to show non-linear depth. A sliced order (slices, interval) is filled as ' +
    'equal children while the consumed depth refills toward the snapshot with the book’s refill_half_life ' +
    '(both bounds when it is not given); with volatility, the schedule’s time risk σ·√T is shown beside the ' +
    'slippage saved. A market whose depth within 0.5% of the mid is less than its largest order or position warns.',
  run({ portfolio, views }) {
    const drafts: Draft[] = []
    const view = views.execution
    for (const market of portfolio.markets.values()) {
      const depth = view.depth.get(market.symbol)
      if (depth) drafts.push(depthDraft(depth))
    }
    for (const order of portfolio.orders) {
      const execution = view.orders.get(order.id)!
      drafts.push(orderDraft(execution, portfolio.thresholds))
    }
    return drafts
  },
})

function orderDraft(execution: OrderExecution, thresholds: Thresholds): Draft {
  const { order, market, slippage } = execution
  const path = [...order.path, 'size']
  if (execution.passive) {
    const kind = order.type === 'post_only' ? 'post-only' : 'limit away from the touch'
    return {
      status: 'info',
      subject: order.id,
      message: `${order.side} ${short(order.size)} ${kind} rests in the book at ${short(order.price!)}: a passive order takes no liquidity, so it has no slippage`,
      figures: { price: order.price! },
      path,
    }
  }
  if (!slippage) {
    return { status: 'skip', subject: order.id, message: `market ${market.symbol} has no book to walk`, figures: {}, path }
  }
  const warn = thresholds.slippage_warn_bps
  const fail = thresholds.slippage_fail_bps
  const _plan = slippage.planSlippageBps
  const status = slippageVerdict(execution, thresholds)
  return {
    status,
    subject: order.id,
    message: orderMessage(execution, slippage, status, warn, fail, thresholds.book_extension_warn),
    figures: orderFigures(slippage, warn, fail),
    path,
  }
}

function orderMessage(execution: OrderExecution, s: OrderSlippage, status: Status, warn: Decimal, fail: Decimal, extensionWarn: Decimal): string {
  const { order } = execution
  const bps = (value: Decimal | null) => (value === null ? 'nothing fills' : `${fixed(value)} bps`)
  const parts: string[] = []
  if (s.walk.unfilled.gt(0))
    parts.push(
      `the book${s.walk.extended.gt(0) ? ' and its square-root extension' : ''} fill only ${short(s.walk.filled)} of ${short(order.size)} (${short(s.walk.unfilled)} unfilled)`,
    )
  const share = extendedShare(s.plan.extended, order.size)
  if (share) parts.push(`${short(s.plan.extended)} (${percent(share)}) filled past the last visible level by the square-root extension`)
  parts.push(
    `${order.side} ${short(order.size)} as one order: ` +
      (s.walk.vwap ? `VWAP ${short(s.walk.vwap)}, ${bps(s.slippageBps)} against the mid` : 'nothing fills') +
      (s.sizeRatio ? ` (half the size: ${bps(s.halfSlippageBps)}, ×${fixed(s.sizeRatio)})` : ''),
  )
  if (s.sliced) {
    const every = `${order.slices} slices ${duration(order.intervalMs)} apart`
    if (s.sliced.refill === 'known') {
      parts.push(`in ${every}: ${bps(s.sliced.estimate.slippageBps)} (refill half-life ${duration(s.sliced.halfLifeMs)})`)
      if (s.sliced.estimate.unfilled.gt(0)) parts.push(`${short(s.sliced.estimate.unfilled)} unfilled`)
    } else {
      parts.push(
        `in ${every}: ${bps(s.sliced.neverRefilled.slippageBps)} if the book never refills, ${bps(s.sliced.wholeAgain.slippageBps)} if it is whole again`,
      )
    }
    if (s.timeRisk) parts.push(`time risk σ√T ${fixed(s.timeRisk.priceMoveStdBps)} bps over ${duration(s.timeRisk.durationMs)}`)
  }
  const overBps = s.planSlippageBps?.gt(warn) ?? false
  const limit =
    status === 'pass'
      ? `within the ${warn.toFixed()} bps warn limit`
      : status === 'warn'
        ? overBps
          ? `over the ${warn.toFixed()} bps warn limit`
          : `within the ${warn.toFixed()} bps warn limit, but over the ${percent(extensionWarn)} share the extension may give`
        : s.planUnfilled.gt(0)
          ? 'the plan leaves size unfilled'
          : `over the ${fail.toFixed()} bps fail limit`
  parts.push(limit)
  if (status !== 'pass' && (overBps || s.planUnfilled.gt(0) || s.planSlippageBps === null)) parts.push(slicesAdvice(s, warn))
  return parts.join('; ')
}

function slicesAdvice(s: OrderSlippage, warn: Decimal): string {
  const basis = s.slicesNeededBasis === 'whole-again' ? ' if the book is whole again before each child' : ' at this interval and refill'
  return s.slicesNeeded === null
    ? `no slice count up to ${MAX_SLICES} brings it to ${warn.toFixed()} bps${basis}`
    : `${s.slicesNeeded} slices bring it to ${warn.toFixed()} bps or less${basis}`
}

function orderFigures(s: OrderSlippage, warn: Decimal, fail: Decimal): Record<string, Figure> {
  const figures: Record<string, Figure> = {
    mid: s.mid,
    trigger_price: s.triggerPrice,
    filled: s.walk.filled,
    unfilled: s.walk.unfilled,
    cost: s.walk.cost,
    vwap: s.walk.vwap,
    worst_price: s.walk.worstPrice,
    levels: new Decimal(s.walk.levelsConsumed),
    slippage_bps: s.slippageBps,
    slippage_vs_trigger_bps: s.slippageVsTriggerBps,
    taker_fee: s.takerFee,
    half_size_slippage_bps: s.halfSlippageBps,
    size_ratio: s.sizeRatio,
    extended: s.walk.extended,
  }
  if (s.sliced) {
    if (s.sliced.refill === 'known') Object.assign(figures, sliced('sliced', s.sliced.estimate))
    else Object.assign(figures, sliced('sliced_whole_again', s.sliced.wholeAgain), sliced('sliced_never_refilled', s.sliced.neverRefilled))
    figures.slippage_saved_bps = s.slippageSavedBps
    figures.time_risk_bps = s.timeRisk?.priceMoveStdBps ?? null
    figures.schedule_cost_std_bps = s.timeRisk?.costStdBps ?? null
  }
  figures.plan_slippage_bps = s.planSlippageBps
  figures.plan_extended = s.plan.extended
  figures.plan_extended_share = extendedShare(s.plan.extended, s.walk.requested)
  figures.slices_needed = s.slicesNeeded === null ? null : new Decimal(s.slicesNeeded)
  figures.warn_bps = warn
  figures.fail_bps = fail
  return figures
}

function sliced(prefix: string, result: SlicedResult): Record<string, Figure> {
  return {
    [`${prefix}_vwap`]: result.vwap,
    [`${prefix}_slippage_bps`]: result.slippageBps,
    [`${prefix}_unfilled`]: result.unfilled,
    [`${prefix}_extended`]: result.extended,
  }
}

function depthDraft(depth: MarketDepth): Draft {
  const { market, bidDepth, askDepth, largestOnBids, largestOnAsks } = depth
  const against = (side: string, have: Decimal, largest: MarketDepth['largestOnBids']) =>
    largest ? `${side} ${short(have)} against ${largest.subject} ${short(largest.size)}` : `${side} ${short(have)}`
  const sides = `${against('bids', bidDepth, largestOnBids)}, ${against('asks', askDepth, largestOnAsks)}`
  return {
    status: depth.thin ? 'warn' : 'pass',
    subject: market.symbol,
    message: depth.thin
      ? `thin book: depth within 0.5% of the mid ${short(depth.mid)} is less than the largest order or position on it (${sides})`
      : `depth within 0.5% of the mid covers the largest order or position on each side (${sides})`,
    figures: {
      mid: depth.mid,
      bid_depth: bidDepth,
      ask_depth: askDepth,
      largest_on_bids: largestOnBids?.size ?? null,
      largest_on_asks: largestOnAsks?.size ?? null,
    },
    path: [...market.path, 'book'],
  }
}
