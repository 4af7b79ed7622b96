// The funding figures of every market, position and order, computed once (the engine's funding view) and read by the
// funding check and the JSON records: schedule problems, caps, payments over each hold, the share of margin,
// and for isolated positions the liquidation price once the funding paid has left the margin.
import { Decimal, ZERO } from '../decimal.js'
import { distanceTo, isolatedLiquidationLevel, type MarginView, type PositionMargin, type PriceLevel } from '../margin/index.js'
import {
  triggerPrice,
  type Funding,
  type Market,
  type Order,
  type Portfolio,
  type Position,
  type PositionSide,
  type Reference,
  type YamlPath,
} from '../model.js'
import { fundingCap, ratesBeyondCap, type FundingCap, type RateBeyondCap } from './cap.js'
import { oncePer } from '../once.js'
import { relativeStd } from '../volatility.js'
import { type FundingSchedule, type FundingSummary, fractionOfMargin, fundingSchedule, summaryOf } from './cashflow.js'
import { firstInstantAfter, nextAtProblem, rolledSettlements, type NextAtProblem } from './schedule.js'

/** A market's funding schedule and cap, as the file and venue give them. */
export interface MarketFunding {
  market: Market
  funding: Funding
  /** Why next_at cannot be the next settlement; the market's payments are then not computed. */
  problem?: NextAtProblem
  /** The first settlement strictly after as_of (next_at rolled forward on its schedule when it has passed). */
  nextAt: number
  /**
   * Settlements of the file's schedule at or before as_of (next_at + k·interval): 0 unless next_at has passed.
   * The forecast's first `rolled` rates were for those instants and are dropped; the current rate carries on.
   */
  rolled: number
  /** Undefined when neither the venue rule nor the file gives one. */
  cap?: FundingCap
  beyondCap: RateBeyondCap[]
  /** The reference funding is paid on (venue profile; `index` stands for the oracle). */
  priceReference: Reference
  fundingPrice: Decimal
}

/** The liquidation price of an isolated position once the funding paid over the hold has left its margin. */
export interface LiquidationAfterHold {
  /** Posted margin − funding paid (funding received is not credited: see docs/checks/funding.md). */
  marginAfter: Decimal
  liquidation: PriceLevel
  /** side × (trigger − liquidation after) ÷ trigger; null without a liquidation price. */
  distance: Decimal | null
  /** The position's margin figures with the after-hold liquidation level, for the shared distance judgement. */
  marginAfterHold: PositionMargin
  /** The position's margin figures now. */
  marginNow: PositionMargin
}

/** What a position and an order share: what funding is computed on. */
interface ItemBase {
  kind: 'position' | 'order'
  id: string
  path: YamlPath
  symbol: string
  side: PositionSide
  /** Base units. */
  quantity: Decimal
  /** The item's own hold, when it gives one. */
  holdMs?: number
}

/** One position's or order's funding over its hold. */
export interface ItemFunding extends ItemBase {
  /** The hold used: the item's own, else thresholds.hold. */
  holdMs: number
  /** True when the item sets its own hold; else thresholds.hold. */
  holdGiven: boolean
  marketFunding: MarketFunding
  summary: FundingSummary
  /** The margin the fraction is taken of; null with `marginNote` saying why. */
  margin: Decimal | null
  /** Where `margin` comes from, or why there is none. */
  marginNote: string
  fractionOfMargin: Decimal | null
  /** One-standard-deviation price move over the hold (fraction); null without volatility. */
  sigmaMove: Decimal | null
  /** Isolated positions only; null with `liquidationNote` saying why. */
  liquidationAfterHold: LiquidationAfterHold | null
  liquidationNote: string
}

/** A position or order whose funding cannot be computed, and why. */
export interface ItemUnavailable {
  kind: 'position' | 'order'
  id: string
  path: YamlPath
  symbol: string
  reason: string
}

export interface FundingView {
  /** Markets with a funding section, by symbol. */
  markets: Map<string, MarketFunding>
  /** By position id. */
  positions: Map<string, ItemFunding | ItemUnavailable>
  /** By order id. */
  orders: Map<string, ItemFunding | ItemUnavailable>
}

/** Narrows a view entry to the computed case. */
export function isComputed(item: ItemFunding | ItemUnavailable): item is ItemFunding {
  return 'summary' in item
}

/** Every funding figure of the portfolio; reads the margin view for positions' margins and liquidation prices. */
export function computeFunding(portfolio: Portfolio, margin: MarginView): FundingView {
  const markets = new Map<string, MarketFunding>()
  for (const market of portfolio.markets.values()) {
    if (market.funding) markets.set(market.symbol, marketFunding(portfolio, market, market.funding))
  }
  const positions = new Map<string, ItemFunding | ItemUnavailable>()
  for (const position of portfolio.positions) positions.set(position.id, positionFunding(portfolio, margin, markets, position))
  const orders = new Map<string, ItemFunding | ItemUnavailable>()
  for (const order of portfolio.orders) orders.set(order.id, orderFunding(portfolio, markets, order))
  return { markets, positions, orders }
}

function marketFunding(portfolio: Portfolio, market: Market, funding: Funding): MarketFunding {
  const cap = fundingCap({ venue: portfolio.venue.id, funding, ladder: market.ladder })
  const priceReference = portfolio.venue.fundingPrice
  const schedule = { asOf: portfolio.asOf, nextAt: funding.nextAt, intervalMs: funding.intervalMs }
  return {
    market,
    funding,
    problem: nextAtProblem(schedule),
    nextAt: firstInstantAfter(schedule),
    rolled: rolledSettlements(schedule),
    cap,
    beyondCap: cap ? ratesBeyondCap(funding, cap.cap) : [],
    priceReference,
    fundingPrice: market.prices[priceReference],
  }
}

/** The schedule and payments of one item, or why they cannot be computed. */
function itemSchedule(portfolio: Portfolio, markets: Map<string, MarketFunding>, item: ItemBase) {
  const unavailable = (reason: string): ItemUnavailable => ({ kind: item.kind, id: item.id, path: item.path, symbol: item.symbol, reason })
  const marketFunding = markets.get(item.symbol)
  if (!marketFunding) return unavailable(`market ${item.symbol} has no funding section (rate, next_at)`)
  if (marketFunding.problem) return unavailable(`market ${item.symbol}'s funding.next_at is not usable (${marketFunding.problem.kind})`)
  const { funding, fundingPrice } = marketFunding
  const holdMs = item.holdMs ?? portfolio.thresholds.hold
  const { schedule, sigmaMove } = scheduleFor(portfolio, marketFunding, holdMs)
  const summary = summaryOf(schedule, { side: item.side, quantity: item.quantity, fundingPrice, rate: funding.rate })
  return { marketFunding, holdMs, holdGiven: item.holdMs !== undefined, summary, sigmaMove }
}

/** What every position and order of one market and hold share: the funding schedule and the 1σ move over the hold. */
interface HoldSchedule {
  schedule: FundingSchedule
  sigmaMove: Decimal | null
}

const schedules = new WeakMap<MarketFunding, Map<number, HoldSchedule>>()

function scheduleFor(portfolio: Portfolio, marketFunding: MarketFunding, holdMs: number): HoldSchedule {
  let byHold = schedules.get(marketFunding)
  if (!byHold) {
    byHold = new Map()
    schedules.set(marketFunding, byHold)
  }
  let hold = byHold.get(holdMs)
  if (!hold) {
    const { funding, rolled, market } = marketFunding
    const schedule = fundingSchedule({
      asOf: portfolio.asOf,
      holdMs,
      rate: funding.rate,
      forecast: funding.forecast.slice(rolled),
      nextAt: funding.nextAt,
      intervalMs: funding.intervalMs,
    })
    hold = { schedule, sigmaMove: market.volatility ? relativeStd(market.volatility, holdMs) : null }
    byHold.set(holdMs, hold)
  }
  return hold
}

function positionFunding(portfolio: Portfolio, marginView: MarginView, markets: Map<string, MarketFunding>, position: Position): ItemFunding | ItemUnavailable {
  const base: ItemBase = {
    kind: 'position',
    id: position.id,
    path: position.path,
    symbol: position.market,
    side: position.side,
    quantity: position.size,
    holdMs: position.holdMs,
  }
  const schedule = itemSchedule(portfolio, markets, base)
  if ('reason' in schedule) return schedule
  const marginNow = marginView.positions.get(position.id)
  if (!marginNow) throw new Error(`no margin figures for position "${position.id}"`)
  const isolated = position.marginMode === 'isolated' && position.margin !== undefined
  const margin = isolated ? position.margin! : marginNow.initialMargin
  const marginNote = isolated ? 'isolated margin posted' : `initial margin at ${leverageText(marginNow.leverage)}x (${marginNow.leverageSource})`
  let liquidationAfterHold: LiquidationAfterHold | null = null
  let liquidationNote = ''
  if (!isolated) {
    liquidationNote = 'cross: funding is paid from the shared wallet, not from this position’s margin'
  } else {
    const paid = Decimal.max(schedule.summary.amount, ZERO)
    const marginAfter = margin.minus(paid)
    const liquidation = isolatedLiquidationLevel(marginView, position.id, marginAfter)
    const price = marginNow.triggerPrice
    const distance = distanceTo(liquidation, price)
    liquidationAfterHold = {
      marginAfter,
      liquidation,
      distance,
      marginAfterHold: { ...marginNow, liquidation, liquidationDistance: distance },
      marginNow,
    }
    liquidationNote = liquidation.price ? '' : (liquidation.reason ?? 'no liquidation price')
  }
  return itemFunding(base, schedule, { margin, marginNote, liquidationAfterHold, liquidationNote })
}

/** A leverage's text once per Decimal: the positions without a leverage of their own share their tier's. */
const leverageText = oncePer((leverage: Decimal) => leverage.toFixed())

function orderFunding(portfolio: Portfolio, markets: Map<string, MarketFunding>, order: Order): ItemFunding | ItemUnavailable {
  const side: PositionSide = order.side === 'buy' ? 'long' : 'short'
  const base: ItemBase = { kind: 'order', id: order.id, path: order.path, symbol: order.market, side, quantity: order.size, holdMs: order.holdMs }
  const schedule = itemSchedule(portfolio, markets, base)
  if ('reason' in schedule) return schedule
  const market = schedule.marketFunding.market
  // The margin the order would post: its notional (at its limit price, else the trigger price now) ÷ its leverage.
  const price = order.price ?? triggerPrice(market)
  const margin = order.leverage ? order.size.mul(price).div(order.leverage) : null
  return itemFunding(base, schedule, {
    margin,
    marginNote: order.leverage
      ? `notional at ${order.price ? 'the order price' : `the ${market.liquidationTrigger} price`} ÷ leverage ${order.leverage.toFixed()}`
      : 'the order gives no leverage, so the margin it would post is unknown',
    liquidationAfterHold: null,
    liquidationNote: 'an order is not a position yet: its liquidation price depends on how it is margined once filled',
  })
}

/** A position's or order's funding: its schedule, and the fraction of the margin given. */
function itemFunding(
  base: ItemBase,
  schedule: Exclude<ReturnType<typeof itemSchedule>, ItemUnavailable>,
  rest: Pick<ItemFunding, 'margin' | 'marginNote' | 'liquidationAfterHold' | 'liquidationNote'>,
): ItemFunding {
  // Written out, not spread: one object of a fixed shape per item (the keys in the order the spread gave them).
  return {
    kind: base.kind,
    id: base.id,
    path: base.path,
    symbol: base.symbol,
    side: base.side,
    quantity: base.quantity,
    holdMs: schedule.holdMs,
    holdGiven: schedule.holdGiven,
    marketFunding: schedule.marketFunding,
    summary: schedule.summary,
    fractionOfMargin: rest.margin ? fractionOfMargin(schedule.summary.amount, rest.margin) : null,
    sigmaMove: schedule.sigmaMove,
    margin: rest.margin,
    marginNote: rest.marginNote,
    liquidationAfterHold: rest.liquidationAfterHold,
    liquidationNote: rest.liquidationNote,
  }
}
