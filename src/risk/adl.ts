// ADL exposure (docs/risk-models.md#adl-exposure): each profitable position's auto-deleveraging ranking metric as
// Binance, OKX and Hyperliquid publish it (Bybit's indicator from the file), the price it would be closed at, and
// the hedge whose winning leg ranks high while its losing leg is near liquidation: deleveraged, the winner is
// closed and the loser is left naked, the hedge turned into the trigger.
import { aboveZero, belowZero, compare, Decimal, ZERO } from '../decimal.js'
import type { MarginView, PositionMargin } from '../margin/index.js'
import type { Portfolio, Position } from '../model.js'

/** The venues whose ranking is published (Bybit's as an indicator only). */
export type AdlVenue = 'binance' | 'okx' | 'hyperliquid' | 'bybit'

const ONE = new Decimal(1)
/** At most this many profitable positions are ranked (the largest profit first), and at most this many exposed winners; an indicator from the file at or above HIGH_INDICATOR ranks high (5: first in line). */
export const MAX_RANKED = 20
export const HIGH_INDICATOR = 4

export interface AdlRanking {
  positionId: string
  profit: Decimal
  /** Binance: max(0, PnL) / max(1, wallet) × maintenance / (wallet + PnL of the pool). */
  binance: Decimal
  /** OKX: PnL ÷ initial margin × notional ÷ margin balance (PnL% × effective leverage); null when the balance is not positive. */
  okx: Decimal | null
  /** Hyperliquid: mark ÷ entry (a short: entry ÷ mark) × notional ÷ account value; null when the account value is not positive. */
  hyperliquid: Decimal | null
  /** The venue's indicator from the file (Bybit's adlRankIndicator, 0–5). */
  indicator: number | null
  /** The metric of the file's venue; null on venues without a ranking (dYdX: random, generic). */
  venue: AdlVenue | null
  /** Ranks high: an indicator ≥ 4, or without one a PnL% × effective leverage of at least 1. */
  high: boolean
  /** Mark now: the price ADL closes at on Hyperliquid (the previous mark) and OKX (the mark); Binance and Bybit use the liquidated order's bankruptcy price. */
  closePrice: Decimal
  /** The closest (at most MAX_LOSERS) losing positions on the other side within thresholds.liquidation_distance_warn of liquidation. */
  exposedLosers: { positionId: string; distance: Decimal }[]
  /** How many such losing positions there are in all. */
  exposedCount: number
}

/** At most this many exposed losing legs are named per winner (the closest to liquidation). */
export const MAX_LOSERS = 3

const VENUE_METRIC: Partial<Record<string, AdlVenue>> = { 'binance-usdm': 'binance', 'okx-swap': 'okx', hyperliquid: 'hyperliquid', 'bybit-linear': 'bybit' }

function poolFigures(portfolio: Portfolio, margin: MarginView, position: Position, m: PositionMargin) {
  const isolated = position.marginMode === 'isolated'
  const wallet = isolated ? position.margin! : portfolio.account.walletBalance
  const maintenance = isolated ? m.maintenanceMargin : (margin.account?.maintenanceMargin ?? m.maintenanceMargin)
  return { wallet, maintenance, balance: m.marginBalance }
}

/**
 * The ranking of the MAX_RANKED most profitable positions, and of the MAX_RANKED most profitable exposed hedge
 * winners, in the file's order. Which winners are kept needs only their profit and, where the other side has
 * positions near liquidation, whether they rank high; the metrics (five divisions) are made for the kept ones only.
 */
export function adlRankings(portfolio: Portfolio, margin: MarginView): AdlRanking[] {
  const warnDistance = portfolio.thresholds.liquidation_distance_warn
  const figures = portfolio.positions.map((p) => ({ position: p, m: margin.positions.get(p.id)! }))
  const nearBySide = new Map<Position['side'], { positionId: string; distance: Decimal }[]>([
    ['long', []],
    ['short', []],
  ])
  for (const { position, m } of figures) {
    if (!belowZero(m.unrealizedPnl) || m.liquidationDistance === null) continue
    if (m.liquidation.alreadyPast || m.liquidationDistance.lte(warnDistance))
      nearBySide.get(position.side)!.push({ positionId: position.id, distance: m.liquidation.alreadyPast ? ZERO : m.liquidationDistance })
  }
  for (const list of nearBySide.values()) list.sort((a, b) => compare(a.distance, b.distance))
  const opposite = (position: Position) => nearBySide.get(position.side === 'long' ? 'short' : 'long')!
  const winners = figures.filter(({ m }) => aboveZero(m.unrealizedPnl))
  const exposed = (winner: Winner) => opposite(winner.position).length > 0 && ranksHigh(winner)
  const byProfit = [...winners].sort((a, b) => compare(b.m.unrealizedPnl, a.m.unrealizedPnl))
  const kept = new Set(byProfit.slice(0, MAX_RANKED))
  let exposedKept = 0
  for (let i = 0; i < byProfit.length && exposedKept < MAX_RANKED; i++) {
    if (!exposed(byProfit[i]!)) continue
    kept.add(byProfit[i]!)
    exposedKept++
  }
  const venue = VENUE_METRIC[portfolio.venue.id] ?? null
  return winners
    .filter((winner) => kept.has(winner))
    .map((winner): AdlRanking => {
      const { position, m } = winner
      const { wallet, maintenance, balance } = poolFigures(portfolio, margin, position, m)
      const profit = m.unrealizedPnl
      const binance = profit.div(Decimal.max(ONE, wallet)).mul(balance.gt(0) ? maintenance.div(balance) : ZERO)
      const okx = okxMetric(m, balance)
      const mark = portfolio.markets.get(position.market)!.prices.mark
      const ratio = position.side === 'long' ? mark.div(position.entryPrice) : position.entryPrice.div(mark)
      const hyperliquid = balance.gt(0) ? ratio.mul(m.notional.div(balance)) : null
      const indicator = position.adlRank ?? null
      const high = ranksHigh(winner, okx)
      const exposedLosers = high ? opposite(position).slice(0, MAX_LOSERS) : []
      const exposedCount = high ? opposite(position).length : 0
      return { positionId: position.id, profit, binance, okx, hyperliquid, indicator, venue, high, closePrice: mark, exposedLosers, exposedCount }
    })
}

interface Winner {
  position: Position
  m: PositionMargin
}

/** OKX's metric: PnL ÷ initial margin × notional ÷ margin balance; null when the balance is not positive. */
function okxMetric(m: PositionMargin, balance: Decimal): Decimal | null {
  return balance.gt(0) ? m.unrealizedPnl.div(m.initialMargin).mul(m.notional.div(balance)) : null
}

/** An indicator ≥ HIGH_INDICATOR, or without one an OKX metric of at least 1 (`okx` when already made). */
function ranksHigh({ position, m }: Winner, okx?: Decimal | null): boolean {
  if (position.adlRank != null) return position.adlRank >= HIGH_INDICATOR
  const metric = okx !== undefined ? okx : okxMetric(m, m.marginBalance)
  return metric?.gte(1) ?? false
}
