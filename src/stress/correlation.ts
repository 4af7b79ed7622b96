// Correlation breaks: for the pairs of positions that hedge each other, the day the hedge stops working and
// both legs move against the trader. Guards "portfolio coupling can turn a hedge into a trigger": in one cross
// account, the loss on either leg draws on the margin the hedge was supposed to spare.
//
// A desk account has millions of offsetting pairs; the ones that can matter are the large hedges. A pair is
// tested when the smaller leg's notional is at least MIN_HEDGE_SHARE of the account's equity, the largest such
// hedges first, at most MAX_TESTED_PAIRS of them; the rest are counted as skipped. Each break moves two markets,
// so it is priced from the account now plus the change in those two markets, and pairs on the same two markets
// and sides share one scenario.
import { Decimal, ONE, ZERO, compare, largerOf } from '../decimal.js'
import { type Exposure, type MarginModel, type Pool, poolTotals, ratioOf, unrealizedPnl } from '../margin/index.js'
import { correlationOf, pairKey, type Portfolio, type Position, sideSign, triggerPrice } from '../model.js'
import { dailySigma } from '../volatility.js'
import type { AccountState } from './grid.js'
import { betaOf, PRICE_FLOOR } from './prices.js'
import { firstMoveAtMaintenance } from './sweep.js'

/** The size of a break, in standard deviations of the spread's daily move. */
export const BREAK_SIGMAS = new Decimal(3)

/** A pair is tested when its smaller leg's notional is at least this share of the account's equity now. */
export const MIN_HEDGE_SHARE = new Decimal('0.01')

/** At most this many pairs are tested, the largest hedges first. */
export const MAX_TESTED_PAIRS = 100

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

/** The account's figures in a scenario (AccountState without the per-position detail). */
export type StateSummary = Pick<AccountState, 'equity' | 'maintenanceMargin' | 'marginRatio' | 'cross' | 'liquidated'>

/** The correlation-break scenario of one offsetting pair. */
export interface CorrelationBreak {
  legs: [BrokenLeg, BrokenLeg]
  /** Daily σ of the spread: √(σa² + σb² − 2ρσaσb), ρ the stressed correlation. */
  spreadSigma: Decimal
  /** BREAK_SIGMAS × spreadSigma: the adverse move of the spread. */
  spreadMove: Decimal
  before: StateSummary
  after: StateSummary
}

/** A pair that offsets but cannot be sized: a market has no volatility. */
export interface UnsizedPair {
  legs: [Position, Position]
  reason: string
}

/** Which pairs were tested. */
export interface PairCoverage {
  /** Offsetting pairs in the account. */
  offsetting: number
  tested: number
  /** offsetting − tested: hedges smaller than the share, or beyond the cap. */
  skipped: number
  /** The smallest leg notional a tested pair needs: MIN_HEDGE_SHARE × equity now. */
  minHedge: Decimal
  maxPairs: number
}

/**
 * Two positions offset each other when a market-wide move makes one gain what the other loses: side × sign(β)
 * differs (opposite sides with betas of one sign, or one side with betas of opposite signs). Positions on the
 * same market never break apart, and a zero beta hedges nothing: both are left out.
 */
export function offsetting(portfolio: Portfolio, a: Position, b: Position): boolean {
  if (a.market === b.market) return false
  const exposureA = exposureSign(portfolio, a)
  const exposureB = exposureSign(portfolio, b)
  return exposureA !== 0 && exposureB !== 0 && exposureA !== exposureB
}

/** side × sign(β): +1 gains on a market-wide rise, −1 loses, 0 for a zero beta. */
function exposureSign(portfolio: Portfolio, p: Position): number {
  const beta = betaOf(portfolio, p.market)
  return beta.isZero() ? 0 : sideSign(p.side) * beta.s
}

/**
 * The offsetting pairs worth testing (see MIN_HEDGE_SHARE and MAX_TESTED_PAIRS), in file order, and how many
 * offsetting pairs the account has in all.
 */
export function pairsToTest(model: MarginModel, equity: Decimal): { pairs: [Position, Position][]; coverage: PairCoverage } {
  const { portfolio } = model
  const minHedge = MIN_HEDGE_SHARE.mul(largerOf(equity, ZERO))
  // All offsetting pairs: positions of opposite exposure sign on different markets.
  let rising = 0
  let falling = 0
  const perMarket = new Map<string, { rising: number; falling: number }>()
  for (const p of portfolio.positions) {
    const sign = exposureSign(portfolio, p)
    if (sign === 0) continue
    const counts = perMarket.get(p.market) ?? { rising: 0, falling: 0 }
    if (sign > 0) {
      rising++
      counts.rising++
    } else {
      falling++
      counts.falling++
    }
    perMarket.set(p.market, counts)
  }
  let offsettingCount = rising * falling
  for (const counts of perMarket.values()) offsettingCount -= counts.rising * counts.falling

  // Candidates by notional, largest first: a pair's hedge is its smaller leg, so walking down this list each
  // position pairs with the larger ones before it, and the first MAX_TESTED_PAIRS found are the largest hedges
  // (among equal hedges, the larger other leg first). The larger ones are kept by exposure sign and market, so
  // each step visits only the markets that give it a partner: the work is the positions plus the pairs taken.
  const notional = (p: Position) => p.size.mul(model.priceOf(p.market))
  const candidates = portfolio.positions
    .filter((p) => exposureSign(portfolio, p) !== 0 && compare(notional(p), minHedge) >= 0)
    .map((p) => ({ p, notional: notional(p) }))
    .sort((x, y) => compare(y.notional, x.notional) || x.p.index - y.p.index)
  const earlier = new Map<number, Map<string, number[]>>([
    [1, new Map()],
    [-1, new Map()],
  ])
  const pairs: [Position, Position][] = []
  for (let j = 0; j < candidates.length && pairs.length < MAX_TESTED_PAIRS; j++) {
    const b = candidates[j]!.p
    const sign = exposureSign(portfolio, b)
    const partners: number[] = []
    for (const [symbol, ranks] of earlier.get(-sign)!) if (symbol !== b.market) partners.push(...ranks)
    partners.sort((x, y) => x - y)
    for (const i of partners.slice(0, MAX_TESTED_PAIRS - pairs.length)) {
      const a = candidates[i]!.p
      pairs.push(a.index < b.index ? [a, b] : [b, a])
    }
    const bySymbol = earlier.get(sign)!
    const ranks = bySymbol.get(b.market)
    if (ranks) ranks.push(j)
    else bySymbol.set(b.market, [j])
  }
  pairs.sort((x, y) => x[0].index - y[0].index || x[1].index - y[1].index)
  return {
    pairs,
    coverage: { offsetting: offsettingCount, tested: pairs.length, skipped: offsettingCount - pairs.length, minHedge, maxPairs: MAX_TESTED_PAIRS },
  }
}

/**
 * The tested offsetting pairs (file order) and their breaks: a 3σ daily move of the spread, σ from each
 * market's volatility and the stressed correlation, split between the legs in proportion to their own σ so
 * that both move against the trader; other markets stay where they are.
 */
export function correlationBreaks(model: MarginModel, before: AccountState, pairs: readonly [Position, Position][]): (CorrelationBreak | UnsizedPair)[] {
  const { portfolio } = model
  const scenarios = new Map<string, StateSummary>()
  return pairs.map(([a, b]) => {
    const missing = [a, b].map((p) => p.market).filter((symbol, k, all) => !portfolio.markets.get(symbol)!.volatility && all.indexOf(symbol) === k)
    if (missing.length > 0) return { legs: [a, b], reason: `no volatility for ${missing.join(' and ')}, so the spread's daily move cannot be sized` }
    return breakOf(model, a, b, before, scenarios)
  })
}

function breakOf(model: MarginModel, a: Position, b: Position, before: AccountState, scenarios: Map<string, StateSummary>): CorrelationBreak {
  const { portfolio } = model
  const sigma = (p: Position) => dailySigma(portfolio.markets.get(p.market)!.volatility!)
  const sigmaA = sigma(a)
  const sigmaB = sigma(b)
  const rho = correlationOf(portfolio.stress, a.market, b.market)
  const spreadSigma = largerOf(ZERO, sigmaA.pow(2).plus(sigmaB.pow(2)).minus(sigmaA.mul(sigmaB).mul(rho).mul(2))).sqrt()
  const spreadMove = BREAK_SIGMAS.mul(spreadSigma)
  const total = sigmaA.plus(sigmaB)
  const moveOf = (p: Position, s: Decimal) => spreadMove.mul(s).div(total).mul(-sideSign(p.side))
  const moves = new Map([
    [a.market, moveOf(a, sigmaA)],
    [b.market, moveOf(b, sigmaB)],
  ])
  const prices = new Map([...moves].map(([symbol, move]) => [symbol, triggerPrice(portfolio.markets.get(symbol)!).mul(largerOf(ONE.plus(move), PRICE_FLOOR))]))
  const key = [a.market, a.side, b.market, b.side].join('\u0000')
  let after = scenarios.get(key)
  if (!after) {
    after = stateWithMoved(model, before, prices)
    scenarios.set(key, after)
  }
  const leg = (p: Position, dailySigma: Decimal): BrokenLeg => {
    const { leg } = model.setup(p.id)
    return {
      position: p,
      dailySigma,
      move: moves.get(p.market)!,
      price: prices.get(p.market)!,
      pnl: unrealizedPnl(leg, prices.get(p.market)!).minus(unrealizedPnl(leg, model.priceOf(p.market))),
    }
  }
  return { legs: [leg(a, sigmaA), leg(b, sigmaB)], spreadSigma, spreadMove, before, after }
}

/**
 * The account with the markets in `prices` moved and every other market where it is now: `before` (the account
 * now) plus the change in the moved markets only.
 */
function stateWithMoved(model: MarginModel, before: AccountState, prices: ReadonlyMap<string, Decimal>): StateSummary {
  const { portfolio } = model
  let equity = before.equity
  let maintenanceMargin = before.maintenanceMargin
  const moved = new Set(prices.keys())
  const priceOf = (symbol: string) => prices.get(symbol) ?? model.priceOf(symbol)
  const isolatedLiquidated = new Set<string>()
  for (const symbol of moved) {
    const exposure = model.cross?.exposures.get(symbol)
    if (exposure) {
      const now = model.priceOf(symbol)
      maintenanceMargin = maintenanceMargin.plus(exposure.maintenance(prices.get(symbol)!)).minus(exposure.maintenance(now))
    }
    for (const id of model.positionIdsIn(symbol)) {
      const setup = model.setup(id)
      if (setup.pool === model.cross) continue
      const then = poolTotals(setup.pool, priceOf)
      const now = poolTotals(setup.pool, model.priceOf)
      equity = equity.plus(largerOf(ZERO, then.balance)).minus(largerOf(ZERO, now.balance))
      maintenanceMargin = maintenanceMargin.plus(then.requirement).minus(now.requirement)
      if (compare(then.balance, then.requirement) <= 0) isolatedLiquidated.add(id)
    }
  }
  let cross: StateSummary['cross'] = null
  let crossLiquidated = false
  if (model.cross) {
    const { balance, requirement } = crossWithMoved(model, prices)
    // The cross account's equity is its balance floored at 0, as in the grid (see accountState).
    equity = equity.plus(largerOf(ZERO, balance)).minus(largerOf(ZERO, model.crossTotals!.balance))
    if (before.cross) {
      crossLiquidated = compare(balance, requirement) <= 0
      cross = {
        marginBalance: balance,
        maintenanceMargin: requirement,
        marginRatio: ratioOf(requirement, balance),
        liquidated: crossLiquidated,
      }
    }
  }
  const liquidatedBefore = new Set(before.liquidated)
  const liquidated = portfolio.positions
    .filter((p) => {
      if (p.marginMode === 'cross') return crossLiquidated
      return moved.has(p.market) ? isolatedLiquidated.has(p.id) : liquidatedBefore.has(p.id)
    })
    .map((p) => p.id)
  return { equity, maintenanceMargin, marginRatio: ratioOf(maintenanceMargin, equity), cross, liquidated }
}

/**
 * The cross account's margin balance and maintenance with the markets in `prices` moved: its totals now plus the
 * change of the moved markets' legs only (one term per market, no per-position work).
 */
export function crossWithMoved(model: MarginModel, prices: ReadonlyMap<string, Decimal>): { balance: Decimal; requirement: Decimal } {
  let { balance, requirement } = model.crossTotals!
  for (const [symbol, price] of prices) {
    const exposure = model.cross!.exposures.get(symbol)
    if (!exposure) continue
    const now = model.priceOf(symbol)
    balance = balance.plus(exposure.pnl(price)).minus(exposure.pnl(now))
    requirement = requirement.plus(exposure.maintenance(price)).minus(exposure.maintenance(now))
  }
  return { balance, requirement }
}

export function isUnsized(item: CorrelationBreak | UnsizedPair): item is UnsizedPair {
  return 'reason' in item
}

/** Where one leg of a hedge pair reaches maintenance with the other leg's market following its own. */
export interface PairLevel {
  position: Position
  /** The other market's move per unit of this market's: ρ × β_other ÷ β_own (ρ the pair's stressed correlation). */
  follow: Decimal
  /** This market's price where the leg's pool reaches maintenance; null: none as far as −100% / +300% of it. */
  price: Decimal | null
  /** The other market's price then. */
  otherPrice: Decimal | null
  /** (price − trigger now) ÷ trigger now. */
  move: Decimal | null
}

/** A hedge seen as a pair: its own correlation and each leg's liquidation with the other moving with it. */
export interface HedgePair {
  legs: [Position, Position]
  /** The pair's stressed correlation: stress.correlations for the pair, else stress.correlation. */
  correlation: Decimal
  /** True when the pair has its own entry in stress.correlations. */
  ownCorrelation: boolean
  levels: [PairLevel, PairLevel]
}

/**
 * Each tested pair as a hedge: for each leg, its market moved and the other market following by ρ·β_other/β_own
 * (the co-move a market model with the pair's stressed correlation expects), every other market held; the first
 * move, down to −100% or up to +300% of the leg's market, whatever is nearer, at which the leg's pool (the cross
 * account, or its own margin) reaches maintenance. The cross account is reduced to the two markets' legs, the rest
 * held as a constant, so each solve is one sweep over two markets' tiers.
 */
export function hedgePairs(model: MarginModel, pairs: readonly [Position, Position][]): HedgePair[] {
  const { portfolio } = model
  return pairs.map(([a, b]) => {
    const correlation = correlationOf(portfolio.stress, a.market, b.market)
    const level = (own: Position, other: Position): PairLevel => {
      const betaOwn = betaOf(portfolio, own.market)
      const follow = betaOwn.isZero() ? ZERO : correlation.mul(betaOf(portfolio, other.market)).div(betaOwn)
      const pool = pairPool(model, own, other)
      const path = { base: (symbol: string) => model.priceOf(symbol), beta: (symbol: string) => (symbol === own.market ? ONE : follow) }
      const down = firstMoveAtMaintenance(pool, path, ZERO, new Decimal(-1))?.move ?? null
      const up = firstMoveAtMaintenance(pool, path, ZERO, new Decimal(3))?.move ?? null
      const move = down && up ? (down.abs().lte(up) ? down : up) : (down ?? up)
      const at = (symbol: string, beta: Decimal) => move && model.priceOf(symbol).mul(largerOf(ONE.plus(beta.mul(move)), PRICE_FLOOR))
      return { position: own, follow, price: at(own.market, ONE), otherPrice: at(other.market, follow), move }
    }
    return { legs: [a, b], correlation, ownCorrelation: portfolio.stress.correlations.has(pairKey(a.market, b.market)), levels: [level(a, b), level(b, a)] }
  })
}

/**
 * The pool `own` draws on, reduced to what moves: an isolated position's own pool; for a cross position, the
 * cross account's legs in the two markets, every other market's share of the surplus folded into the collateral.
 */
function pairPool(model: MarginModel, own: Position, other: Position): Pool {
  const setup = model.setup(own.id)
  return setup.pool === model.cross ? crossPoolOf(model, [own.market, other.market]) : setup.pool
}

/**
 * The cross account reduced to its legs in `symbols`: every other market's share of the surplus (balance −
 * requirement) folded into the collateral, so a sweep over these markets' tiers solves the whole account.
 */
export function crossPoolOf(model: MarginModel, symbols: Iterable<string>): Pool {
  const exposures = new Map<string, Exposure>()
  let collateral = model.crossTotals!.balance.minus(model.crossTotals!.requirement)
  for (const symbol of new Set(symbols)) {
    const exposure = model.cross!.exposures.get(symbol)
    if (!exposure) continue
    const price = model.priceOf(symbol)
    collateral = collateral.minus(exposure.pnl(price)).plus(exposure.maintenance(price))
    exposures.set(symbol, exposure)
  }
  return { collateral, reservedInCollateral: ZERO, exposures }
}
