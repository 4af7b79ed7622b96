// What-if changes for the margin checks: an announced ladder in force, a planned order filled, a position
// opened smaller or at lower leverage. Each returns a MarginChange (the input is never mutated), which
// marginAfter prices by re-deriving only the market it touches.
import { Decimal } from '../decimal.js'
import { type LadderTier, type Market, type Order, type Portfolio, type Position, positionTraded, sideSign } from '../model.js'
import type { MarginChange } from './compute.js'
import { ladderOf } from './compute.js'
import { tierFor } from './ladder.js'

/** `market`'s ladder replaced (e.g. by an announced change). */
export function withLadder(market: Market, ladder: LadderTier[]): MarginChange {
  return { market: { ...market, ladder } }
}

export interface FilledOrder {
  change: MarginChange
  /** The position the order leaves on its market (same id when it existed; the order's id when it opens one); null when it closes it. */
  positionId: string | null
  /** The position it changed, before the fill; null when it opens a new one. */
  before: Position | null
  /** Limit price, or the market's last price for a market order. */
  fillPrice: Decimal
}

/**
 * The portfolio once `order` alone has filled (fees left out: they are the fees check's business). It applies
 * to the position it trades (model.ts positionTraded: the one it names or implies): the same direction adds to it at the average entry price, with
 * isolated margin added at the order's leverage (else the position's); the opposite direction reduces it,
 * releasing isolated margin pro rata and, in cross, realizing the PnL into the wallet; a larger opposite order
 * closes it and opens the remainder on the other side. With no position, the order opens one in its margin
 * mode (else the account's), margined (isolated) at the order's leverage, else the tier's max leverage. A `passive` order
 * (one that rests in the book) fills when the market trades at its limit, so the market stands there after it.
 * `at` fills it at another price (a market order at its book walk's average).
 */
export function withOrderFilled(portfolio: Portfolio, order: Order, passive = false, at?: Decimal): FilledOrder {
  const market = portfolio.markets.get(order.market)
  if (!market) throw new Error(`market "${order.market}" is not defined`)
  const fillPrice = at ?? order.price ?? market.prices.last
  // A passive order (see execution/passive.ts) fills when the market trades at its limit: the what-if market stands there.
  const moved = passive ? { market: movedTo(market, fillPrice) } : {}
  const existing = positionTraded(portfolio, order)
  const orderSign = sideSign(order.side)
  const tierMax = (size: Decimal) => tierFor(ladderOf(portfolio, market), size.mul(fillPrice)).tier.maxLeverage
  const opened = (
    id: string,
    size: Decimal,
    leverage: Decimal | undefined,
    marginMode: Position['marginMode'],
    template: Pick<Position, 'index' | 'path'>,
  ): Position => ({
    ...template,
    id,
    market: order.market,
    side: orderSign === 1 ? 'long' : 'short',
    size,
    entryPrice: fillPrice,
    marginMode,
    margin: marginMode === 'isolated' ? size.mul(fillPrice).div(leverage ?? tierMax(size)) : undefined,
    leverage,
  })

  if (!existing) {
    const position = opened(order.id, order.size, order.leverage, order.marginMode ?? portfolio.account.marginMode, {
      index: portfolio.positions.length,
      path: order.path,
    })
    return { change: { ...moved, positions: [position] }, positionId: position.id, before: null, fillPrice }
  }
  const leverage = order.leverage ?? existing.leverage
  const filled = (change: MarginChange, positionId: string | null): FilledOrder => ({
    change: { ...moved, ...change },
    positionId,
    before: existing,
    fillPrice,
  })
  if (sideSign(existing.side) === orderSign) {
    const size = existing.size.plus(order.size)
    const entryPrice = existing.size.mul(existing.entryPrice).plus(order.size.mul(fillPrice)).div(size)
    const addedMargin =
      existing.marginMode === 'isolated' ? order.size.mul(fillPrice).div(leverage ?? existing.size.mul(existing.entryPrice).div(existing.margin!)) : undefined
    return filled({ positions: [{ ...existing, size, entryPrice, leverage, margin: addedMargin && existing.margin!.plus(addedMargin) }] }, existing.id)
  }
  const closed = Decimal.min(order.size, existing.size)
  const walletBalance =
    existing.marginMode === 'cross'
      ? portfolio.account.walletBalance.plus(fillPrice.minus(existing.entryPrice).mul(closed).mul(sideSign(existing.side)))
      : portfolio.account.walletBalance
  const remaining = existing.size.minus(closed)
  const flipped = order.size.minus(closed)
  if (remaining.gt(0))
    return filled({ walletBalance, positions: [{ ...existing, size: remaining, margin: existing.margin?.mul(remaining).div(existing.size) }] }, existing.id)
  if (flipped.gt(0))
    return filled(
      { walletBalance, positions: [opened(existing.id, flipped, leverage, existing.marginMode, { index: existing.index, path: existing.path })] },
      existing.id,
    )
  return filled({ walletBalance, removed: [existing.id] }, null)
}

/** The market with last at `price` and mark and index moved in proportion (their gaps to last kept as ratios). */
function movedTo(market: Market, price: Decimal): Market {
  const ratio = price.div(market.prices.last)
  const { index, mark } = market.prices
  return { ...market, prices: { index: index.mul(ratio), mark: mark.mul(ratio), last: price } }
}

/** Position `position` opened `fraction` smaller, with the same margin (isolated) or wallet (cross) behind it. */
export function withSizeCut(position: Position, fraction: Decimal): MarginChange {
  return { positions: [{ ...position, size: position.size.mul(new Decimal(1).minus(fraction)) }] }
}

/**
 * Position `position` opened at `fraction` lower leverage (L·(1 − fraction)) at the same size: the margin
 * behind it grows by q·EP/L′ − q·EP/L (isolated: added to its margin; cross: deposited into the wallet).
 * `leverage` is the position's current (effective) leverage.
 */
export function withLeverageCut(
  portfolio: Portfolio,
  position: Position,
  fraction: Decimal,
  leverage: Decimal,
): { change: MarginChange; marginAdded: Decimal } {
  const lowered = leverage.mul(new Decimal(1).minus(fraction))
  const entryNotional = position.size.mul(position.entryPrice)
  const marginAdded = entryNotional.div(lowered).minus(entryNotional.div(leverage))
  const isolated = position.marginMode === 'isolated'
  return {
    marginAdded,
    change: {
      walletBalance: isolated ? undefined : portfolio.account.walletBalance.plus(marginAdded),
      positions: [{ ...position, leverage: lowered, margin: isolated ? position.margin!.plus(marginAdded) : position.margin }],
    },
  }
}
