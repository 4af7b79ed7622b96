// Every position's liquidation as a path: its venue's procedure run from its liquidation price through the
// stressed book. Guards the gap between "liquidated at the liquidation price" and what the forced orders
// really fill, cost and leave behind.
import type { Decimal } from '../decimal.js'
import type { MarginView } from '../margin/index.js'
import { triggerPrice, type Portfolio, type Position } from '../model.js'
import { type ForcedExit, forceOut, modelExitPool } from './exit.js'

/** One position's liquidation path, or why there is none. */
export type LiquidationPath =
  | {
      position: Position
      /** The price the exit starts from: the liquidation price, or the trigger price now when already past it. */
      startPrice: Decimal
      alreadyPast: boolean
      exit: ForcedExit
    }
  | {
      position: Position
      exit: null
      /** Why there is no path: the market has no book to walk, or the position no liquidation price. */
      missing: 'book' | 'liquidation-price'
      reason: string
    }

/**
 * Each position's forced exit, other markets held at their trigger prices now (as the liquidation price
 * itself is computed): the market is put at the liquidation price and the venue's procedure is run there.
 */
export function liquidationPaths(portfolio: Portfolio, margin: MarginView): Map<string, LiquidationPath> {
  // Market by market, so the positions that liquidate at one price walk one centred book (see forceOut); file order kept.
  const byMarket = new Map<string, Position[]>()
  for (const position of portfolio.positions) {
    const list = byMarket.get(position.market)
    if (list) list.push(position)
    else byMarket.set(position.market, [position])
  }
  const found = new Map<string, LiquidationPath>()
  for (const positions of byMarket.values()) for (const position of positions) found.set(position.id, pathOf(portfolio, margin, position))
  return new Map(portfolio.positions.map((p) => [p.id, found.get(p.id)!]))
}

/** One position's forced exit from its liquidation price (or why there is none). */
function pathOf(portfolio: Portfolio, margin: MarginView, position: Position): LiquidationPath {
  const market = portfolio.markets.get(position.market)!
  const liquidation = margin.positions.get(position.id)!.liquidation
  if (!market.book) return { position, exit: null, missing: 'book', reason: `${market.symbol} has no book to walk the forced orders through` }
  if (!liquidation.alreadyPast && !liquidation.price)
    return { position, exit: null, missing: 'liquidation-price', reason: liquidation.reason ?? 'no liquidation price' }
  const startPrice = liquidation.alreadyPast ? triggerPrice(market) : liquidation.price!
  const exit = forceOut({
    position,
    market,
    trigger: startPrice,
    ladder: margin.ladders.get(market.symbol)!,
    pool: modelExitPool(margin.model, position.id, startPrice),
    stress: portfolio.stress,
    procedure: portfolio.venue.liquidationProcedure,
    bookExtensionMaxSigma: portfolio.thresholds.book_extension_max_sigma,
  })
  return { position, startPrice, alreadyPast: liquidation.alreadyPast, exit }
}
