// What-if portfolios for the margin checks: an announced ladder in force, a planned order filled, a position
// opened smaller or at lower leverage. Each returns a new Portfolio (the input is never mutated), so every
// what-if is priced by the same computeMargin as the portfolio itself.
import { Decimal } from '../decimal.js'
import { sideSign, type LadderTier, type Market, type Order, type Portfolio, type Position } from '../model.js'
import { tierFor } from './ladder.js'
import { ladderOf } from './compute.js'
import { isPassive } from '../execution/passive.js'

/** The portfolio with `symbol`'s ladder replaced (e.g. by an announced change). */
export function withLadder(portfolio: Portfolio, symbol: string, ladder: LadderTier[]): Portfolio {
  const market = portfolio.markets.get(symbol)
  if (!market) throw new Error(`market "${symbol}" is not defined`)
  const markets = new Map(portfolio.markets)
  markets.set(symbol, { ...market, ladder })
  return { ...portfolio, markets }
}

export interface FilledOrder {
  portfolio: Portfolio
  /** The position the order leaves on its market (same id when it existed; the order's id when it opens one); null when it closes it. */
  positionId: string | null
  /** The position it changed, before the fill; null when it opens a new one. */
  before: Position | null
  /** Limit price, or the market's last price for a market order. A passive order's what-if market trades at it. */
  fillPrice: Decimal
}

/**
 * The portfolio once `order` alone has filled (fees left out: they are the fees check's business). It applies
 * to the first position on the order's market: the same direction adds to it at the average entry price, with
 * isolated margin added at the order's leverage (else the position's); the opposite direction reduces it,
 * releasing isolated margin pro rata and, in cross, realizing the PnL into the wallet; a larger opposite order
 * closes it and opens the remainder on the other side. With no position, the order opens one in the account's
 * margin mode, margined (isolated) at the order's leverage, else the tier's max leverage.
 */
export function withOrderFilled(portfolio: Portfolio, order: Order): FilledOrder {
  const market = portfolio.markets.get(order.market)
  if (!market) throw new Error(`market "${order.market}" is not defined`)
  const fillPrice = order.price ?? market.prices.last
  // A passive order fills when the market trades at its limit: the what-if market stands there.
  const marketThen = isPassive(order, market) ? movedTo(market, fillPrice) : market
  const existing = portfolio.positions.find((p) => p.market === order.market) ?? null
  const orderSign = sideSign(order.side)
  const positions = [...portfolio.positions]
  let walletBalance = portfolio.account.walletBalance
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

  let positionId: string | null
  if (!existing) {
    const position = opened(order.id, order.size, order.leverage, portfolio.account.marginMode, { index: positions.length, path: order.path })
    positions.push(position)
    positionId = position.id
  } else {
    const at = positions.indexOf(existing)
    const leverage = order.leverage ?? existing.leverage
    if (sideSign(existing.side) === orderSign) {
      const size = existing.size.plus(order.size)
      const entryPrice = existing.size.mul(existing.entryPrice).plus(order.size.mul(fillPrice)).div(size)
      const addedMargin =
        existing.marginMode === 'isolated' ? order.size.mul(fillPrice).div(leverage ?? existing.size.mul(existing.entryPrice).div(existing.margin!)) : undefined
      positions[at] = { ...existing, size, entryPrice, leverage, margin: addedMargin && existing.margin!.plus(addedMargin) }
      positionId = existing.id
    } else {
      const closed = Decimal.min(order.size, existing.size)
      if (existing.marginMode === 'cross') walletBalance = walletBalance.plus(fillPrice.minus(existing.entryPrice).mul(closed).mul(sideSign(existing.side)))
      const remaining = existing.size.minus(closed)
      const flipped = order.size.minus(closed)
      if (remaining.gt(0)) {
        positions[at] = { ...existing, size: remaining, margin: existing.margin?.mul(remaining).div(existing.size) }
        positionId = existing.id
      } else if (flipped.gt(0)) {
        positions[at] = opened(existing.id, flipped, leverage, existing.marginMode, { index: existing.index, path: existing.path })
        positionId = existing.id
      } else {
        positions.splice(at, 1)
        positionId = null
      }
    }
  }
  const markets = marketThen === market ? portfolio.markets : new Map(portfolio.markets).set(market.symbol, marketThen)
  return { portfolio: { ...portfolio, markets, account: { ...portfolio.account, walletBalance }, positions }, positionId, before: existing, fillPrice }
}

/** The market with last at `price` and mark and index moved in proportion (their gaps to last kept as ratios). */
function movedTo(market: Market, price: Decimal): Market {
  const ratio = price.div(market.prices.last)
  const { index, mark } = market.prices
  return { ...market, prices: { index: index.mul(ratio), mark: mark.mul(ratio), last: price } }
}

/** The portfolio had position `positionId` been opened `fraction` smaller, with the same margin (isolated) or wallet (cross) behind it. */
export function withSizeCut(portfolio: Portfolio, positionId: string, fraction: Decimal): Portfolio {
  return {
    ...portfolio,
    positions: portfolio.positions.map((p) => (p.id === positionId ? { ...p, size: p.size.mul(new Decimal(1).minus(fraction)) } : p)),
  }
}

/**
 * The portfolio had position `positionId` been opened at `fraction` lower leverage (L·(1 − fraction)) at the
 * same size: the margin behind it grows by q·EP/L′ − q·EP/L (isolated: added to its margin; cross: deposited
 * into the wallet). `leverage` is the position's current (effective) leverage.
 */
export function withLeverageCut(
  portfolio: Portfolio,
  positionId: string,
  fraction: Decimal,
  leverage: Decimal,
): { portfolio: Portfolio; marginAdded: Decimal } {
  const position = portfolio.positions.find((p) => p.id === positionId)
  if (!position) throw new Error(`no position "${positionId}"`)
  const lowered = leverage.mul(new Decimal(1).minus(fraction))
  const entryNotional = position.size.mul(position.entryPrice)
  const marginAdded = entryNotional.div(lowered).minus(entryNotional.div(leverage))
  const isolated = position.marginMode === 'isolated'
  return {
    marginAdded,
    portfolio: {
      ...portfolio,
      account: isolated ? portfolio.account : { ...portfolio.account, walletBalance: portfolio.account.walletBalance.plus(marginAdded) },
      positions: portfolio.positions.map((p) =>
        p.id === positionId ? { ...p, leverage: lowered, margin: isolated ? p.margin!.plus(marginAdded) : p.margin } : p,
      ),
    },
  }
}
