// Correlation breaks: for every pair of positions that hedge each other, the day the hedge stops working and
// both legs move against the trader. Guards "portfolio coupling can turn a hedge into a trigger": in one cross
// account, the loss on either leg draws on the margin the hedge was supposed to spare.
import { Decimal, ONE, ZERO } from '../decimal.js'
import { dailySigma } from '../volatility.js'
import { sideSign, triggerPrice, type Portfolio, type Position } from '../model.js'
import { accountState, currentState, type AccountState } from './grid.js'
import { betaOf, PRICE_FLOOR } from './prices.js'

/** The size of a break, in standard deviations of the spread's daily move. */
export const BREAK_SIGMAS = new Decimal(3)

/** One leg of a broken pair. */
export interface BrokenLeg {
  position: Position
  /** Daily σ of the market, volatility ÷ √365. */
  dailySigma: Decimal
  /** The leg's market move, signed (against the position: down for a long, up for a short). */
  move: Decimal
  price: Decimal
  /** Change of the leg's unrealized PnL (negative: a loss). */
  pnl: Decimal
}

/** The correlation-break scenario of one offsetting pair. */
export interface CorrelationBreak {
  legs: [BrokenLeg, BrokenLeg]
  /** Daily σ of the spread: √(σa² + σb² − 2ρσaσb), ρ the stressed correlation. */
  spreadSigma: Decimal
  /** BREAK_SIGMAS × spreadSigma: the adverse move of the spread. */
  spreadMove: Decimal
  before: AccountState
  after: AccountState
}

/** A pair that offsets but cannot be sized: a market has no volatility. */
export interface UnsizedPair {
  legs: [Position, Position]
  reason: string
}

/**
 * Two positions offset each other when a market-wide move makes one gain what the other loses: side × sign(β)
 * differs (opposite sides with betas of one sign, or one side with betas of opposite signs). Positions on the
 * same market never break apart, and a zero beta hedges nothing: both are left out.
 */
export function offsetting(portfolio: Portfolio, a: Position, b: Position): boolean {
  if (a.market === b.market) return false
  const betaA = betaOf(portfolio, a.market)
  const betaB = betaOf(portfolio, b.market)
  if (betaA.isZero() || betaB.isZero()) return false
  return sideSign(a.side) * betaA.s !== sideSign(b.side) * betaB.s
}

/**
 * Every offsetting pair (file order) and its break: a 3σ daily move of the spread, σ from each market's
 * volatility and the stressed correlation, split between the legs in proportion to their own σ so that both
 * move against the trader; other markets stay where they are.
 */
export function correlationBreaks(portfolio: Portfolio): (CorrelationBreak | UnsizedPair)[] {
  const results: (CorrelationBreak | UnsizedPair)[] = []
  const positions = portfolio.positions
  const before = currentState(portfolio)
  for (let i = 0; i < positions.length; i++) {
    for (let j = i + 1; j < positions.length; j++) {
      const a = positions[i]!
      const b = positions[j]!
      if (!offsetting(portfolio, a, b)) continue
      const missing = [a, b].map((p) => p.market).filter((symbol, k, all) => !portfolio.markets.get(symbol)!.volatility && all.indexOf(symbol) === k)
      if (missing.length > 0) {
        results.push({ legs: [a, b], reason: `no volatility for ${missing.join(' and ')}, so the spread's daily move cannot be sized` })
        continue
      }
      results.push(breakOf(portfolio, a, b, before))
    }
  }
  return results
}

function breakOf(portfolio: Portfolio, a: Position, b: Position, before: AccountState): CorrelationBreak {
  const sigma = (p: Position) => dailySigma(portfolio.markets.get(p.market)!.volatility!)
  const sigmaA = sigma(a)
  const sigmaB = sigma(b)
  const rho = portfolio.stress.correlation
  const spreadSigma = Decimal.max(ZERO, sigmaA.pow(2).plus(sigmaB.pow(2)).minus(sigmaA.mul(sigmaB).mul(rho).mul(2))).sqrt()
  const spreadMove = BREAK_SIGMAS.mul(spreadSigma)
  const total = sigmaA.plus(sigmaB)
  const moveOf = (p: Position, s: Decimal) => spreadMove.mul(s).div(total).mul(-sideSign(p.side))
  const moves = new Map([
    [a.market, moveOf(a, sigmaA)],
    [b.market, moveOf(b, sigmaB)],
  ])
  const prices = new Map(
    [...moves].map(([symbol, move]) => [symbol, triggerPrice(portfolio.markets.get(symbol)!).mul(Decimal.max(ONE.plus(move), PRICE_FLOOR))]),
  )
  const after = accountState(portfolio, prices)
  const leg = (p: Position, dailySigma: Decimal): BrokenLeg => ({
    position: p,
    dailySigma,
    move: moves.get(p.market)!,
    price: prices.get(p.market)!,
    pnl: after.at.positions.get(p.id)!.unrealizedPnl.minus(before.at.positions.get(p.id)!.unrealizedPnl),
  })
  return { legs: [leg(a, sigmaA), leg(b, sigmaB)], spreadSigma, spreadMove, before, after }
}

export function isUnsized(item: CorrelationBreak | UnsizedPair): item is UnsizedPair {
  return 'reason' in item
}
