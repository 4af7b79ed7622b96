// Scenario prices: each market moves by β·m with the market-wide move m, its index, mark and last together.
// Guards the "my hedge moves with my position" assumption: every stressed figure starts from these prices.
import { Decimal, ONE, largerOf } from '../decimal.js'
import { triggerPrice, type Portfolio } from '../model.js'

/**
 * The smallest fraction of its current price a market is taken to: a move that would take a price to zero
 * or below (β·m ≤ −1) holds it here instead, because every price the margin math reads must be positive.
 */
export const PRICE_FLOOR = new Decimal('1e-9')
/** PRICE_FLOOR as a float, for the float screens. */
export const PRICE_FLOOR_APPROX = PRICE_FLOOR.toNumber()

/** A market's beta to the market-wide move: `stress.betas`, 1 when the file gives none. */
export function betaOf(portfolio: Portfolio, symbol: string): Decimal {
  return portfolio.stress.betas.get(symbol) ?? ONE
}

/** 1 + β·m, held at PRICE_FLOOR when it would not be positive. */
export function moveFactor(beta: Decimal, move: Decimal): Decimal {
  return largerOf(ONE.plus(beta.mul(move)), PRICE_FLOOR)
}

/** Each market's liquidation-trigger price after the market-wide move `move`, by symbol. */
export function scenarioPrices(portfolio: Portfolio, move: Decimal): Map<string, Decimal> {
  const prices = new Map<string, Decimal>()
  // Most markets share a β (1 when the file gives none): each β's factor is made once.
  const factors = new Map<Decimal, Decimal>()
  for (const market of portfolio.markets.values()) {
    const beta = betaOf(portfolio, market.symbol)
    let factor = factors.get(beta)
    if (!factor) {
      factor = moveFactor(beta, move)
      factors.set(beta, factor)
    }
    prices.set(market.symbol, triggerPrice(market).mul(factor))
  }
  return prices
}
