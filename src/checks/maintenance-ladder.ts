// Where each position sits on its market's maintenance-margin ladder, the notional left before the next tier,
// leverage against the tier's max, what each planned order and each announced ladder change does to it, and
// whether the file's maintenance amounts agree with the ladder. Why: the tier sets the maintenance rate, so a
// fill or a venue's new ladder can move the liquidation price without the price moving.
import { Decimal } from '../decimal.js'
import { defineCheck, type Draft, type Status } from '../engine/types.js'
import { fillableSize, type Market, type Order, type Portfolio, type Position } from '../model.js'
import { amountMismatches, ladderOf, marginAfter, type Ladder, type MarginView, type PositionMargin, type Tier } from '../margin/index.js'
import { describeDistance, judgeDistance } from './judge/distance.js'
import { money, percent, price, timeAhead, times } from '../format.js'
import { isPassive } from '../execution/passive.js'
import { oncePer } from '../once.js'
import { percentOnce, timesOnce } from './judge/texts.js'
import { withLadder, withOrderFilled } from '../margin/scenarios.js'

const ID = 'maintenance-ladder'
const RANK: Record<Status, number> = { skip: 0, pass: 1, info: 1, warn: 2, fail: 3 }
const worst = (statuses: Status[]): Status => statuses.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'pass')

export default defineCheck({
  id: ID,
  title: 'Maintenance-margin ladder: tier, headroom, max leverage, planned orders, ladder changes',
  views: ['margin'],
  explanation:
    'Maintenance margin is N·mmr − cum at the tier containing the notional N (at the liquidation-trigger price). ' +
    'The maintenance amount cum follows from the ladder (cum_k = cum_{k−1} + floor_k·(mmr_k − mmr_{k−1})); a ' +
    'file amount that contradicts it is applied but flagged. A position above its tier’s max leverage fails; a ' +
    'planned order that pushes a position into a higher tier warns (over the max leverage: fails) with before ' +
    'and after figures; an announced ladder change is re-priced and flagged when the position would warn or ' +
    'fail under it. Venue rules (okx-swap: taker fee in the rate, no amount; hyperliquid: mmr = 1/(2·max ' +
    'leverage); bybit-linear: close fee reserved) are in docs/venues.md.',
  run({ portfolio, views }) {
    const view = views.margin
    const drafts: Draft[] = []
    for (const market of portfolio.markets.values()) drafts.push(...amountDrafts(portfolio, market, view.ladders.get(market.symbol)!))
    for (const position of portfolio.positions) drafts.push(tierDraft(position, view.positions.get(position.id)!, view.ladders.get(position.market)!))
    for (const market of portfolio.markets.values()) drafts.push(...ladderChangeDrafts(portfolio, market, view))
    for (const order of portfolio.orders) drafts.push(orderDraft(portfolio, order, view))
    return drafts
  },
})

function amountDrafts(portfolio: Portfolio, market: Market, ladder: Ladder): Draft[] {
  const ladders = [
    { label: 'maintenance_ladder', ladder, path: [...market.path, 'maintenance_ladder'] },
    ...market.ladderChanges.map((change) => ({
      label: `the ladder effective ${iso(change.effectiveAt)}`,
      ladder: ladderOf(portfolio, market, change.ladder),
      path: [...change.path, 'maintenance_ladder'],
    })),
  ]
  const drafts: Draft[] = []
  for (const { label, ladder: resolved, path } of ladders) {
    const mismatches = amountMismatches(resolved)
    for (const m of mismatches) {
      const rule = resolved.deduction ? 'cum_{k−1} + floor_k·(mmr_k − mmr_{k−1})' : `0 (${portfolio.venue.id} has no maintenance amount)`
      drafts.push({
        status: 'warn',
        subject: market.symbol,
        message: `${label} tier ${m.tier}: maintenance_amount ${m.given.toFixed()} contradicts the ladder, which gives ${money(m.derived)} = ${rule}; the file's ${m.given.toFixed()} is applied`,
        figures: { tier: decimalOf(m.tier), given: m.given, derived: m.derived, difference: m.given.minus(m.derived) },
        path: [...m.path, 'maintenance_amount'],
      })
    }
    if (mismatches.length === 0) {
      const given = resolved.tiers.filter((t) => t.givenAmount !== undefined).length
      const venueNote = resolved.deduction
        ? ''
        : `; ${portfolio.venue.id}: no maintenance amount, taker fee ${portfolio.account.fees.taker.toFixed()} added to every rate`
      drafts.push({
        status: 'pass',
        subject: market.symbol,
        message: `${label}: ${resolved.tiers.length} tier(s), maintenance amounts consistent with the ladder (${given} given, ${resolved.tiers.length - given} derived)${venueNote}`,
        figures: { tiers: decimalOf(resolved.tiers.length), amounts_given: decimalOf(given) },
        path,
      })
    }
  }
  return drafts
}

function tierDraft(position: Position, m: PositionMargin, ladder: Ladder): Draft {
  const next = ladder.tiers[m.tier.number]
  const place = `tier ${m.tier.number} of ${ladder.tiers.length} (notional ${money(m.notional)} in ${tierRange(m.tier)}): mmr ${percentOnce(m.mmr)}, maintenance ${money(m.maintenanceMargin)}`
  const room = next ? `${money(m.headroom)} more notional before tier ${next.number}` : 'last tier of the ladder'
  const leverage = leverageWords(m)
  const figures = {
    tier: decimalOf(m.tier.number),
    notional: m.notional,
    tier_floor: m.tier.floor,
    tier_cap: finite(m.tier.cap),
    mmr: m.mmr,
    maintenance_amount: m.maintenanceAmount,
    maintenance_margin: m.maintenanceMargin,
    close_fee: m.closeFee,
    initial_margin: m.initialMargin,
    headroom: finite(m.headroom),
    leverage: m.leverage,
    leverage_source: m.leverageSource,
    max_leverage: m.maxLeverage,
  }
  const path = [...position.path, m.leverageSource === 'file' ? 'leverage' : 'size']
  if (m.overMaxLeverage) {
    return {
      status: 'fail',
      subject: position.id,
      message: `${leverage} is above tier ${m.tier.number}'s max ${times(m.maxLeverage)}; ${place}`,
      figures,
      path,
    }
  }
  if (m.beyondLadder) {
    return {
      status: 'warn',
      subject: position.id,
      message: `notional ${money(m.notional)} is above the ladder's last cap ${money(m.tier.cap)}: maintenance uses tier ${m.tier.number}'s rate, the venue's higher tiers are missing from the file`,
      figures,
      path: [...position.path, 'size'],
    }
  }
  return { status: 'pass', subject: position.id, message: `${place}; ${room}; ${leverage} within the tier's ${timesOnce(m.maxLeverage)}`, figures, path }
}

// A tier's texts, made once for every position in it (its range, rate and max leverage are the tier's own Decimals).
const tierRange = oncePer((tier: Tier) => `(${money(tier.floor)}, ${money(tier.cap)}]`)

function leverageWords(m: PositionMargin): string {
  if (m.leverageSource === 'margin') return `leverage ${times(m.leverage)} (entry notional ÷ margin)`
  if (m.leverageSource === 'tier-max') return `leverage not given (initial margin at the tier's max)`
  return `leverage ${times(m.leverage)}`
}

function ladderChangeDrafts(portfolio: Portfolio, market: Market, view: MarginView): Draft[] {
  if (market.ladderChanges.length === 0) return []
  const drafts: Draft[] = []
  const onMarket = portfolio.positions.filter((p) => p.market === market.symbol)
  const crossOnMarket = onMarket.some((p) => p.marginMode === 'cross')
  // A cross position elsewhere shares the account with this market's cross positions, so it moves too.
  const affected = portfolio.positions.filter((p) => p.market === market.symbol || (crossOnMarket && p.marginMode === 'cross'))
  for (const change of market.ladderChanges) {
    if (change.effectiveAt <= portfolio.asOf) {
      drafts.push({
        status: 'warn',
        subject: market.symbol,
        message: `the ladder change effective ${iso(change.effectiveAt)} took effect ${timeAhead(portfolio.asOf - change.effectiveAt)} before as_of, but the figures use maintenance_ladder: if the venue has switched, make the new ladder the maintenance_ladder`,
        figures: { effective_at: iso(change.effectiveAt) },
        path: [...change.path, 'effective_at'],
      })
      continue
    }
    if (affected.length === 0) continue
    const after = marginAfter(view, withLadder(market, change.ladder))
    const until = change.effectiveAt - portfolio.asOf
    for (const position of affected) {
      const now = view.positions.get(position.id)!
      const then = after(position.id)
      const distance = judgeDistance(then, portfolio.markets.get(position.market)!.volatility, portfolio.thresholds)
      const reasons: [Status, string][] = []
      if (then.overMaxLeverage) reasons.push(['fail', `${leverageWords(then)} above the new tier's max ${times(then.maxLeverage)}`])
      if (distance.status !== 'pass') reasons.push([distance.status, `liquidation ${describeDistance(then, distance, portfolio.thresholds)}`])
      if (then.beyondLadder) reasons.push(['warn', `notional above the new ladder's last cap ${money(then.tier.cap)}`])
      const status = worst(reasons.map(([s]) => s))
      const verdict = reasons.length > 0 ? reasons.map(([, words]) => words).join('; ') : 'within limits'
      drafts.push({
        status,
        subject: position.id,
        message:
          `under the ${market.symbol} ladder effective ${iso(change.effectiveAt)} (in ${timeAhead(until)}): tier ${then.tier.number} (now ${now.tier.number}), ` +
          `maintenance ${money(then.maintenanceMargin)} (now ${money(now.maintenanceMargin)}), liquidation ${priceWords(then, market)} (now ${priceWords(now, market)}); ${verdict}`,
        figures: {
          effective_at: iso(change.effectiveAt),
          hours_until: decimalOf(until).div(3_600_000),
          tier_before: decimalOf(now.tier.number),
          tier_after: decimalOf(then.tier.number),
          mmr_before: now.mmr,
          mmr_after: then.mmr,
          maintenance_margin_before: now.maintenanceMargin,
          maintenance_margin_after: then.maintenanceMargin,
          liquidation_price_before: now.liquidation.price,
          liquidation_price_after: then.liquidation.price,
          liquidation_distance_after: then.liquidationDistance,
          max_leverage_after: then.maxLeverage,
          leverage: then.leverage,
        },
        path: [...change.path, 'effective_at'],
      })
    }
  }
  return drafts
}

function orderDraft(portfolio: Portfolio, written: Order, view: MarginView): Draft {
  const path = [...written.path, 'size']
  // A reduce-only order fills at most the opposite position's size: it can neither raise it nor flip it.
  const size = fillableSize(portfolio, written)
  if (size.isZero()) {
    return {
      status: 'pass',
      subject: written.id,
      message: 'reduce-only with no opposite position to reduce: the venue rejects it, nothing on the ladder',
      figures: { fill_size: size },
      path,
    }
  }
  const order = size.eq(written.size) ? written : { ...written, size }
  const filled = withOrderFilled(portfolio, order, isPassive(order, portfolio.markets.get(order.market)!))
  const before = filled.before ? view.positions.get(filled.before.id)! : null
  if (filled.positionId === null) {
    return {
      status: 'pass',
      subject: order.id,
      message: `closes ${filled.before!.id} at ${price(filled.fillPrice, portfolio.markets.get(order.market)!)}: nothing left on the ladder`,
      figures: { fill_price: filled.fillPrice, fill_size: size, position: filled.before!.id, tier_before: decimalOf(before!.tier.number) },
      path,
    }
  }
  const after = marginAfter(view, filled.change)(filled.positionId)
  const figures = {
    fill_price: filled.fillPrice,
    fill_size: size,
    position: filled.positionId,
    tier_before: before && decimalOf(before.tier.number),
    tier_after: decimalOf(after.tier.number),
    notional_before: before ? before.notional : null,
    notional_after: after.notional,
    mmr_before: before ? before.mmr : null,
    mmr_after: after.mmr,
    maintenance_margin_before: before ? before.maintenanceMargin : null,
    maintenance_margin_after: after.maintenanceMargin,
    liquidation_price_before: before ? before.liquidation.price : null,
    liquidation_price_after: after.liquidation.price,
    leverage_after: after.leverage,
    max_leverage_after: after.maxLeverage,
    headroom_after: finite(after.headroom),
  }
  const market = portfolio.markets.get(order.market)!
  const change = before
    ? `${filled.positionId} tier ${before.tier.number} → ${after.tier.number}, mmr ${percent(before.mmr)} → ${percent(after.mmr)}, maintenance ${money(before.maintenanceMargin)} → ${money(after.maintenanceMargin)}, liquidation ${priceWords(before, market)} → ${priceWords(after, market)}`
    : `opens ${filled.positionId} in tier ${after.tier.number}: mmr ${percent(after.mmr)}, maintenance ${money(after.maintenanceMargin)}, liquidation ${priceWords(after, market)}`
  const fill = `filled at ${price(filled.fillPrice, market)}`
  if (after.overMaxLeverage) {
    return {
      status: 'fail',
      subject: order.id,
      message: `${fill}, ${leverageWords(after)} is above tier ${after.tier.number}'s max ${times(after.maxLeverage)}; ${change}`,
      figures,
      path,
    }
  }
  if (after.liquidation.alreadyPast) {
    return { status: 'fail', subject: order.id, message: `${fill}, the position would be past its liquidation price at once; ${change}`, figures, path }
  }
  if (before && after.tier.number > before.tier.number) {
    return { status: 'warn', subject: order.id, message: `${fill}, pushes ${filled.positionId} into a higher tier: ${change}`, figures, path }
  }
  if (after.beyondLadder) {
    return {
      status: 'warn',
      subject: order.id,
      message: `${fill}, notional ${money(after.notional)} goes above the ladder's last cap ${money(after.tier.cap)}; ${change}`,
      figures,
      path,
    }
  }
  const room =
    after.tier.number < view.ladders.get(order.market)!.tiers.length
      ? `${money(after.headroom)} notional left before tier ${after.tier.number + 1}`
      : 'last tier'
  return { status: 'pass', subject: order.id, message: `${fill}, stays within tier ${after.tier.number} (${room}); ${change}`, figures, path }
}

function priceWords(m: PositionMargin, market: Market): string {
  return m.liquidation.price ? price(m.liquidation.price, market) : 'none'
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

const decimalOf = (value: number) => new Decimal(value)
/** An unbounded last tier (a cap of Infinity) has no cap or headroom figure. */
const finite = (value: Decimal): Decimal | null => (value.isFinite() ? value : null)
