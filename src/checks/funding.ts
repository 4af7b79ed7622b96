// Funding over each position's and order's hold: when it settles, what it costs, whether the side pays at a
// crowded rate, whether an entry times a settlement badly, and how paying it moves an isolated liquidation price.
// Why: funding is small per interval but compounds over a hold, and a high rate marks the side a squeeze hits.
import { Decimal } from '../decimal.js'
import { defineCheck, type Draft, type Figure, type Status } from '../engine/types.js'
import { isComputed, type ItemFunding, type ItemUnavailable, type MarketFunding } from '../funding/view.js'
import { instantsPerYear } from '../funding/cashflow.js'
import { fundingFigures } from '../funding/figures.js'
import { minutesBetween } from '../funding/schedule.js'
import { judgeDistance, type DistanceJudgement } from './judge/distance.js'
import type { Portfolio } from '../model.js'
import type { Thresholds } from '../thresholds.js'
import { duration, money, percent, price, timeAhead } from '../format.js'
import { onceBy } from '../once.js'
import { ratePercentOnce as rateOnce } from './judge/texts.js'

const HOUR_MS = 3_600_000
const RANK: Record<Status, number> = { skip: 0, pass: 1, info: 1, warn: 2, fail: 3 }

export default defineCheck({
  id: 'funding',
  title: 'Funding: when it settles, what it costs over the hold, and crowding',
  views: ['funding'],
  explanation:
    'Funding settles at fixed instants (every 8h at 00/08/16 UTC, or hourly on hyperliquid and dydx-v4): whoever ' +
    'holds a position at an instant pays or receives size × funding price × rate (positive rate: longs pay). Over ' +
    'a hold this compounds; paying a high annualized rate marks the crowded side, which a squeeze hits; opening ' +
    'just before an instant pays a whole interval for minutes of holding; and on an isolated position the funding ' +
    'paid comes out of its margin, moving the liquidation price closer.',
  *run({ portfolio, views }) {
    const view = views.funding
    const t = portfolio.thresholds
    for (const market of view.markets.values()) yield* marketDrafts(portfolio, market)
    for (const items of [view.positions.values(), view.orders.values()]) {
      for (const item of items) {
        if (!isComputed(item)) {
          yield skipDraft(item)
          continue
        }
        yield costDraft(item, t)
        const timing = item.kind === 'order' ? orderTimingDraft(item) : positionTimingDraft(portfolio, item, t)
        if (timing) yield timing
        const liquidation = liquidationDraft(item, t)
        if (liquidation) yield liquidation
      }
    }
  },
})

/** The schedule of a market (or why next_at is unusable) and any rate beyond the cap. */
function marketDrafts(portfolio: Portfolio, m: MarketFunding): Draft[] {
  const { funding, market } = m
  const subject = market.symbol
  const interval = duration(funding.intervalMs)
  const drafts: Draft[] = []
  const problem = m.problem
  if (problem) {
    const base = { next_at: iso(problem.nextAt), as_of: iso(portfolio.asOf), interval_hours: hours(funding.intervalMs) }
    const path = [...funding.path, 'next_at']
    const notComputed = 'funding figures of its positions and orders are not computed'
    if (problem.kind === 'off-grid') {
      drafts.push({
        status: 'fail',
        subject,
        path,
        figures: { ...base, previous_on_grid: iso(problem.previousOnGrid), next_on_grid: iso(problem.nextOnGrid) },
        message: `funding.next_at ${iso(problem.nextAt)} is not on the ${interval} settlement grid (multiples of ${interval} from 00:00 UTC); nearest instants ${iso(problem.previousOnGrid)} and ${iso(problem.nextOnGrid)}; ${notComputed}`,
      })
    } else {
      drafts.push({
        status: 'fail',
        subject,
        path,
        figures: { ...base, latest: iso(problem.latest) },
        message: `funding.next_at ${iso(problem.nextAt)} is more than one ${interval} interval after as_of (latest ${iso(problem.latest)}): a settlement before it is missing; ${notComputed}`,
      })
    }
  } else {
    const annualized = funding.rate.mul(instantsPerYear(funding.intervalMs))
    const nextAt = m.nextAt
    const origin = !funding.nextAtGiven
      ? ` (the ${interval} grid's next instant: next_at not given)`
      : m.rolled > 0
        ? ` (rolled forward ${m.rolled} settlement${m.rolled === 1 ? '' : 's'} from next_at ${iso(funding.nextAt)}${funding.forecast.length ? `, ${Math.min(m.rolled, funding.forecast.length)} forecast rate(s) dropped` : ''})`
        : ''
    const capText = m.cap ? `cap ±${rate(m.cap.cap)} (${m.cap.rule})` : 'no known cap for this venue (set funding.cap)'
    drafts.push({
      status: 'info',
      subject,
      path: [...funding.path, 'rate'],
      figures: {
        rate: funding.rate,
        interval_hours: hours(funding.intervalMs),
        annualized,
        next_at: iso(nextAt),
        minutes_to_next: minutesBetween(portfolio.asOf, nextAt),
        next_at_source: funding.nextAtGiven ? (m.rolled > 0 ? 'rolled' : 'file') : 'grid',
        settlements_rolled: new Decimal(m.rolled),
        funding_price: m.fundingPrice,
        funding_price_reference: m.priceReference,
        cap: m.cap?.cap ?? null,
      },
      message: `rate ${rate(funding.rate)} per ${interval} (${rate(annualized)} annualized, ${payers(funding.rate)}) on the ${m.priceReference} price ${m.fundingPrice.toFixed()}${funding.forecast.length ? `, forecast for ${funding.forecast.length} settlement(s)` : ''}; next settlement ${iso(nextAt)} in ${minutes(minutesBetween(portfolio.asOf, nextAt))}${origin}; ${capText}`,
    })
  }
  for (const beyond of m.beyondCap) {
    const where = beyond.forecastIndex === undefined ? 'funding.rate' : `funding.forecast[${beyond.forecastIndex}]`
    drafts.push({
      status: 'warn',
      subject,
      path: beyond.forecastIndex === undefined ? [...funding.path, 'rate'] : [...funding.path, 'forecast', beyond.forecastIndex],
      figures: { rate: beyond.rate, cap: m.cap!.cap },
      message: `${where} ${rate(beyond.rate)} is beyond the ±${rate(m.cap!.cap)} cap per ${interval} (${m.cap!.rule}): suspicious input (a percent for a fraction, or a rate for another interval?), used as given`,
    })
  }
  return drafts
}

function skipDraft(item: ItemUnavailable): Draft {
  return { status: 'skip', subject: item.id, path: item.path, message: `no funding figures: ${item.reason}` }
}

/** What the hold costs and whether this side pays at a crowded rate. */
function costDraft(item: ItemFunding, t: Thresholds): Draft {
  const { summary } = item
  const status: Status = summary.annualized.gt(t.funding_annualized_fail) ? 'fail' : summary.annualized.gt(t.funding_annualized_warn) ? 'warn' : 'pass'
  const crowded = summary.rateUsed.isPos() ? 'long' : summary.rateUsed.isNeg() ? 'short' : null
  const figures: Record<string, Figure> = {
    ...fundingFigures(item),
    hold_hours: hoursOnce(item.holdMs),
    margin: item.margin,
    funding_over_hold: summary.fractionOfNotional,
    sigma_move_over_hold: item.sigmaMove,
    crowded_side: crowded,
    warn: t.funding_annualized_warn,
    fail: t.funding_annualized_fail,
  }
  const hold = durationOnce(item.holdMs)
  const interval = durationOnce(item.marketFunding.funding.intervalMs)
  const n = summary.count
  const ofMargin =
    item.fractionOfMargin && item.margin
      ? `${rate(item.fractionOfMargin.abs())} of the ${money(item.margin)} margin`
      : `share of margin unknown: ${item.marginNote}`
  const verb = summary.amount.isNeg() ? 'receives' : 'pays'
  const cost =
    n === 0
      ? `no settlement within the ${hold} hold; next ${iso(summary.nextAt)} in ${minutes(summary.minutesToNext)} at ${rateOnce(summary.rateUsed)} per ${interval}`
      : `${verb} ${money(summary.amount.abs())} over ${hold}: ${n} settlement${n === 1 ? '' : 's'} at ${summary.ratesVary ? 'a mean ' : ''}${rateOnce(summary.rateUsed)} per ${interval}, ${rateOnce(summary.annualized)} annualized for this side; ${ofMargin}`
  if (status === 'pass') return { status, subject: item.id, path: item.path, figures, message: cost }
  const limit = status === 'fail' ? `over the ${rateOnce(t.funding_annualized_fail)} fail limit` : `over the ${rateOnce(t.funding_annualized_warn)} warn limit`
  const versus = item.sigmaMove
    ? `funding over ${hold} is ${rateOnce(summary.fractionOfNotional)} of notional vs a 1σ move of ${rateOnce(item.sigmaMove)}`
    : 'no volatility given to compare with the price move'
  return {
    status,
    subject: item.id,
    path: item.path,
    figures,
    message: `${crowded}s are crowded: the ${crowded} side pays ${rateOnce(summary.annualized)} annualized, ${limit}; ${versus}; a squeeze against ${crowded}s is the risk; ${cost}`,
  }
}

/** An order held for less than one interval that still pays a whole settlement inside its hold. */
function orderTimingDraft(item: ItemFunding): Draft | undefined {
  const { summary } = item
  const interval = item.marketFunding.funding.intervalMs
  const first = summary.payments[0]
  if (item.holdMs >= interval || !first || !first.payment.isPos()) return undefined
  return {
    status: 'warn',
    subject: item.id,
    path: item.holdGiven ? [...item.path, 'hold'] : item.path,
    figures: {
      next_at: iso(first.at),
      minutes_to_next: summary.minutesToNext,
      hold_hours: hours(item.holdMs),
      interval_hours: hours(interval),
      payment: first.payment,
      rate: first.rate,
    },
    message: `opens ${minutes(summary.minutesToNext)} before the ${iso(first.at)} settlement and pays a whole ${duration(interval)} interval (${money(first.payment)} at ${rate(first.rate)}) for a ${duration(item.holdMs)} hold`,
  }
}

/** A position about to pay (within funding_soon) at a rate whose annualized value is over the warn limit. */
function positionTimingDraft(portfolio: Portfolio, item: ItemFunding, t: Thresholds): Draft | undefined {
  const first = item.summary.payments[0]
  if (!first || first.at - portfolio.asOf > t.funding_soon || !first.payment.isPos()) return undefined
  const perYear = instantsPerYear(item.marketFunding.funding.intervalMs)
  const annualized = first.rate.abs().mul(perYear)
  if (!annualized.gt(t.funding_annualized_warn)) return undefined
  const inMinutes = minutesBetween(portfolio.asOf, first.at)
  return {
    status: 'warn',
    subject: item.id,
    path: item.path,
    figures: {
      next_at: iso(first.at),
      minutes_to_next: inMinutes,
      payment: first.payment,
      rate: first.rate,
      annualized,
      warn: t.funding_annualized_warn,
      funding_soon_minutes: minutesBetween(0, t.funding_soon),
    },
    message: `pays ${money(first.payment)} at ${iso(first.at)} in ${minutes(inMinutes)}, within ${duration(t.funding_soon)}, at ${rate(first.rate)} (${rate(annualized)} annualized, over the ${rate(t.funding_annualized_warn)} warn limit)`,
  }
}

/** Isolated positions that pay funding: the liquidation price once it has left the margin, against the distance limits. */
function liquidationDraft(item: ItemFunding, t: Thresholds): Draft | undefined {
  const after = item.liquidationAfterHold
  if (!after || !item.summary.amount.isPos()) return undefined
  const volatility = item.marketFunding.market.volatility
  const judgedNow = judgeDistance(after.marginNow, volatility, t)
  const judgedAfter = judgeDistance(after.marginAfterHold, volatility, t)
  const figures: Record<string, Figure> = {
    liquidation_price_after_hold: after.liquidation.price,
    liquidation_price_now: after.marginNow.liquidation.price,
    distance_after_hold: after.distance,
    distance_now: after.marginNow.liquidationDistance,
    margin_after_hold: after.marginAfter,
    amount: item.summary.amount,
    warn: t.liquidation_distance_warn,
    fail: t.liquidation_distance_fail,
  }
  const hold = duration(item.holdMs)
  const what = `after ${hold} of funding (${money(item.summary.amount)} paid from the ${money(item.margin!)} margin)`
  if (!after.liquidation.price) {
    const status: Status = after.liquidation.alreadyPast ? 'fail' : 'pass'
    return { status, subject: item.id, path: item.path, figures, message: `no liquidation price ${what}: ${after.liquidation.reason ?? 'none'}` }
  }
  const market = item.marketFunding.market
  const where = `liquidation price ${what} ${price(after.liquidation.price, market)} (now ${after.marginNow.liquidation.price ? price(after.marginNow.liquidation.price, market) : 'none'}), distance ${after.distance ? rate(after.distance) : 'unknown'} (now ${after.marginNow.liquidationDistance ? rate(after.marginNow.liquidationDistance) : 'unknown'})`
  if (judgedAfter.status === 'pass') return { status: 'pass', subject: item.id, path: item.path, figures, message: `${where}, within the limits` }
  const limit = limitText(judgedAfter, t)
  const movedPast = judgedAfter.breach === 'past' && judgedNow.breach !== 'past'
  if (movedPast || RANK[judgedAfter.status] > RANK[judgedNow.status]) {
    return { status: judgedAfter.status, subject: item.id, path: item.path, figures, message: `${where}: funding moves it ${limit}` }
  }
  return { status: 'info', subject: item.id, path: item.path, figures, message: `${where}: already ${limit} before funding (see liquidation-distance)` }
}

function limitText(judged: DistanceJudgement, t: Thresholds): string {
  const status = judged.status === 'fail' ? 'fail' : 'warn'
  if (judged.breach === 'past') return 'past liquidation'
  if (judged.breach === 'sigma') return `under the ${t[`liquidation_sigma_${status}`].toFixed()} daily σ ${status} limit`
  return `under the ${rate(t[`liquidation_distance_${status}`])} ${status} limit`
}

function payers(rate: Decimal): string {
  return rate.isPos() ? 'longs pay' : rate.isNeg() ? 'shorts pay' : 'no one pays'
}

const iso = (at: number): string => new Date(at).toISOString()
/** A funding rate or share of it as a percentage: rates need 4 decimals (0.01% per 8h). */
const rate = (fraction: Decimal): string => percent(fraction, 4)
const hours = (ms: number): Decimal => new Decimal(ms).div(HOUR_MS)
const minutes = (value: Decimal): string => timeAhead(value.mul(60_000).toNumber())

// The texts every item of a market and hold repeats (its rate, annualized rate, hold, interval), made once: a
// Decimal is immutable, so its text is kept by the object (the view shares one per market, hold and side).
const durationOnce = onceBy(duration)
const hoursOnce = onceBy(hours)
