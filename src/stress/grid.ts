// The account at stressed prices: the scenario grid, the breaking point solved exactly, and the blast radius
// of the worst scenario under cross margin against the same positions isolated. Every figure comes from the
// margin engine's model (tiers re-read at the stressed notionals); nothing here re-derives margin.
import { Decimal, ZERO, compare, largerOf } from '../decimal.js'
import { legPoolBalance, legPoolTotals, type MarginModel, type MarginView, type PoolTotals, poolTotals, ratioOf, unrealizedPnl } from '../margin/index.js'
import { type Portfolio, type Position, triggerPrice } from '../model.js'
import { betaOf, scenarioPrices } from './prices.js'
import { firstMoveAtMaintenance } from './sweep.js'

export type Direction = 'down' | 'up'

/** The furthest market-wide move searched: −100% down (every price with β ≥ 1 at its floor), +300% up. */
export const SEARCH_LIMIT: Record<Direction, Decimal> = { down: new Decimal(-1), up: new Decimal(3) }

/** The account evaluated at one price vector. */
export interface AccountState {
  /** Trigger price per market symbol. */
  prices: Map<string, Decimal>
  /**
   * The cross account's margin balance (wallet + unrealized PnL of every cross position) + each isolated
   * position's margin balance, each pool floored at 0: a pool cannot lose the trader more than its margin (what
   * a liquidation leaves below zero falls on the venue: the loss beyond bankruptcy), so no loss is negative.
   */
  equity: Decimal
  /** Sum of every position's maintenance margin, tiers read at the stressed notionals. */
  maintenanceMargin: Decimal
  /** maintenance ÷ equity; null when equity is not positive. */
  marginRatio: Decimal | null
  /** The cross pool (null when the account has none). */
  cross: { marginBalance: Decimal; maintenanceMargin: Decimal; marginRatio: Decimal | null; liquidated: boolean } | null
  /** Ids of the liquidated positions, cross and isolated, in file order. */
  liquidated: string[]
}

/** One scenario of the grid: the market-wide move and the account at its prices. */
export interface Scenario extends AccountState {
  move: Decimal
  /** Index of the move in `stress.moves` (its YAML path). */
  index: number
}

/** Why the cross-account figures are missing when the account holds no cross position. */
export const NO_CROSS = 'the account has no cross positions'

/** True when the account has a cross pool with at least one position in it. */
export function hasCrossPositions(portfolio: Portfolio): boolean {
  return portfolio.positions.some((p) => p.marginMode === 'cross')
}

/** The account at the trigger prices `prices` (markets absent keep their current price). */
export function accountState(model: MarginModel, prices: ReadonlyMap<string, Decimal>): AccountState {
  return evaluate(model, prices).state
}

/**
 * The account at `prices`, one term per market for the cross pool and one per isolated position, and what
 * the isolated positions that survive keep (for lossAt).
 */
function evaluate(model: MarginModel, prices: ReadonlyMap<string, Decimal>): { state: AccountState; isolatedKept: Decimal } {
  const { portfolio } = model
  const priceOf = (symbol: string) => prices.get(symbol) ?? model.priceOf(symbol)
  const crossTotals = model.cross && poolTotals(model.cross, priceOf)
  const crossLiquidated = crossTotals ? compare(crossTotals.balance, crossTotals.requirement) <= 0 : false
  // The cross pool's balance is the wallet plus every cross position's unrealized PnL.
  let equity = crossTotals ? largerOf(ZERO, crossTotals.balance) : portfolio.account.walletBalance
  let maintenanceMargin = crossTotals?.requirement ?? ZERO
  let isolatedKept = ZERO
  const liquidated: string[] = []
  for (const position of portfolio.positions) {
    if (position.marginMode === 'cross') {
      if (crossLiquidated) liquidated.push(position.id)
      continue
    }
    const own = poolTotals(model.setup(position.id).pool, priceOf)
    const kept = largerOf(ZERO, own.balance)
    equity = equity.plus(kept)
    maintenanceMargin = maintenanceMargin.plus(own.requirement)
    if (compare(own.balance, own.requirement) <= 0) liquidated.push(position.id)
    else isolatedKept = isolatedKept.plus(kept)
  }
  const cross =
    crossTotals && hasCrossPositions(portfolio)
      ? {
          marginBalance: crossTotals.balance,
          maintenanceMargin: crossTotals.requirement,
          marginRatio: ratioOf(crossTotals.requirement, crossTotals.balance),
          liquidated: crossLiquidated,
        }
      : null
  const allPrices = new Map([...portfolio.markets.values()].map((m) => [m.symbol, prices.get(m.symbol) ?? triggerPrice(m)]))
  const state = { prices: allPrices, equity, maintenanceMargin, marginRatio: ratioOf(maintenanceMargin, equity), cross, liquidated }
  return { state, isolatedKept }
}

/** The account now, at the current trigger prices: evaluated once per model (the stress view reads it several times). */
export function currentState(model: MarginModel): AccountState {
  let state = statesNow.get(model)
  if (!state) {
    state = accountState(model, new Map())
    statesNow.set(model, state)
  }
  return state
}

const statesNow = new WeakMap<MarginModel, AccountState>()

/** Every scenario of `stress.moves`, in the file's order. */
export function scenarioGrid(model: MarginModel): Scenario[] {
  const { portfolio } = model
  return portfolio.stress.moves.map((move, index) => ({ move, index, ...accountState(model, scenarioPrices(portfolio, move)) }))
}

/** The smallest market-wide move, in one direction, at which the cross account reaches its maintenance margin. */
export interface BreakingPoint {
  direction: Direction
  /** The move (negative down); null when none within the search limit does it (`reason`). */
  move: Decimal | null
  /** The cross position whose value falls the most between now and that move: the one that takes the account there. */
  firstPosition: string | null
  /** Trigger prices at the move, by symbol. */
  prices: Map<string, Decimal> | null
  /** The search limit in this direction. */
  searchedTo: Decimal
  reason?: string
}

/**
 * The breaking point in `direction`: the move m where wallet + cross unrealized PnL = cross maintenance at the
 * prices of m, solved exactly over the tier boundaries of every cross leg (see sweep.ts).
 */
export function breakingPoint(model: MarginModel, direction: Direction): BreakingPoint {
  const { portfolio } = model
  const searchedTo = SEARCH_LIMIT[direction]
  const base = { direction, searchedTo }
  if (!hasCrossPositions(portfolio)) return { ...base, move: null, firstPosition: null, prices: null, reason: NO_CROSS }
  const path = { base: (symbol: string) => model.priceOf(symbol), beta: (symbol: string) => betaOf(portfolio, symbol) }
  const move = firstMoveAtMaintenance(model.cross!, path, ZERO, searchedTo)?.move
  if (!move) {
    const limit = `${searchedTo.isNeg() ? '−' : '+'}${searchedTo.abs().mul(100).toFixed()}%`
    return {
      ...base,
      move: null,
      firstPosition: null,
      prices: null,
      reason: `no market-wide move as far as ${limit} brings the cross account to its maintenance margin`,
    }
  }
  // Past the move where a market the account holds would reach zero (1 + β·m ≤ 0), its price is only held at the
  // floor: a "breaking point" there is an artefact of the floor, not a price. Report the first market to reach zero.
  const zero = firstToZero(model, move)
  if (zero) return { ...base, move: null, firstPosition: null, prices: null, reason: `no breaking point before ${zero} reaches zero` }
  const prices = scenarioPrices(portfolio, move)
  const cross = portfolio.positions.filter((p) => p.marginMode === 'cross')
  return { ...base, move, prices, firstPosition: largestLoser(model, cross, new Map(), prices) }
}

/** Of the cross account's markets, the first (nearest the start) whose price reaches zero before the move `move`; null if none does. */
function firstToZero(model: MarginModel, move: Decimal): string | null {
  let first: { symbol: string; at: Decimal } | null = null
  for (const symbol of model.cross!.exposures.keys()) {
    const beta = betaOf(model.portfolio, symbol)
    if (beta.isZero()) continue
    const at = new Decimal(-1).div(beta)
    if (at.s !== move.s || at.abs().gt(move.abs())) continue
    if (!first || at.abs().lt(first.at.abs())) first = { symbol, at }
  }
  return first?.symbol ?? null
}

/**
 * Of `candidates`, the position whose unrealized PnL falls the most from the prices `from` to the prices `to`
 * (markets absent: their trigger price now; ties: file order); null when there are none.
 */
export function largestLoser(
  model: MarginModel,
  candidates: readonly Position[],
  from: ReadonlyMap<string, Decimal>,
  to: ReadonlyMap<string, Decimal>,
): string | null {
  let best: { id: string; change: Decimal } | null = null
  for (const position of candidates) {
    const { leg } = model.setup(position.id)
    const priceNow = model.priceOf(leg.symbol)
    const change = unrealizedPnl(leg, to.get(leg.symbol) ?? priceNow).minus(unrealizedPnl(leg, from.get(leg.symbol) ?? priceNow))
    if (!best || compare(change, best.change) < 0) best = { id: position.id, change }
  }
  return best?.id ?? null
}

/**
 * A change of equity split into a loss and a gain, each never negative and at most one of them not zero: a loss
 * is never printed as a negative number (a scenario that pays is a gain, and says so).
 */
export interface LossOrGain {
  loss: Decimal
  gain: Decimal
}

/** The loss (or the gain) from equity `before` to equity `after`. */
export function lossOrGain(before: Decimal, after: Decimal): LossOrGain {
  const change = after.minus(before)
  return { loss: change.isNeg() ? change.neg() : ZERO, gain: change.isNeg() ? ZERO : change }
}

/** The loss of one way of margining the account in one scenario. */
export interface MarginingLoss extends LossOrGain {
  /** Equity now minus what survives the scenario (a liquidated pool keeps nothing), when positive; else `gain`. */
  loss: Decimal
  /** What survives minus equity now, when positive: the positions that survive gain more than the liquidated lose. */
  gain: Decimal
  /** Ids of the positions liquidated in the scenario. */
  liquidated: string[]
}

/** The worst scenario under cross margin next to the same positions isolated. */
export interface BlastRadius {
  /** The grid scenario with the lowest equity. */
  scenario: Scenario
  cross: MarginingLoss
  /** Each cross position isolated with a share of the wallet in proportion to its initial margin. */
  isolated: MarginingLoss & { margins: Map<string, Decimal> }
  /** Positions the cross account loses that the isolated layout keeps. */
  saved: string[]
}

/**
 * Equity now minus the equity that survives at `prices`: a liquidated pool (the cross account, or an isolated
 * position) loses its whole margin balance (the venues keep what is left at a liquidation, see
 * docs/checks/portfolio-coupling.md); a surviving pool loses its mark-to-market change.
 */
export function lossAt(model: MarginModel, prices: ReadonlyMap<string, Decimal>): MarginingLoss {
  const now = currentState(model)
  const { state: then, isolatedKept } = evaluate(model, prices)
  const crossKept = then.cross ? (then.cross.liquidated ? ZERO : then.cross.marginBalance) : model.portfolio.account.walletBalance
  return { ...lossOrGain(now.equity, crossKept.plus(isolatedKept)), liquidated: then.liquidated }
}

/**
 * Each cross position's margin once isolated: the wallet shared out in proportion to their initial margins (so
 * equity now is unchanged). Null when there is nothing to share or no cross position.
 */
export function isolatedMargins(portfolio: Portfolio, margin: MarginView): Map<string, Decimal> | null {
  const cross = portfolio.positions.filter((p) => p.marginMode === 'cross')
  const totalInitial = cross.reduce((sum, p) => sum.plus(margin.positions.get(p.id)!.initialMargin), ZERO)
  const wallet = portfolio.account.walletBalance
  if (cross.length === 0 || totalInitial.lte(0) || wallet.lte(0)) return null
  return new Map(cross.map((p) => [p.id, wallet.mul(margin.positions.get(p.id)!.initialMargin).div(totalInitial)]))
}

/**
 * The loss of the isolated layout at `prices`: every position on a pool of its own (the cross ones with their
 * share of the wallet, `margins`), no wallet left over. A cross position's pool is its leg of the model and its
 * margin, summed at the two prices without building an exposure: no second margin model.
 */
function isolatedLossAt(model: MarginModel, margins: ReadonlyMap<string, Decimal>, prices: ReadonlyMap<string, Decimal>): MarginingLoss {
  const priceOf = (symbol: string) => prices.get(symbol) ?? model.priceOf(symbol)
  let equityNow = ZERO
  let kept = ZERO
  const liquidated: string[] = []
  for (const position of model.portfolio.positions) {
    let balanceNow: Decimal
    let then: PoolTotals
    if (position.marginMode === 'cross') {
      const { leg, collateral } = model.isolatedAs(position.id, margins.get(position.id)!)
      balanceNow = legPoolBalance(leg, collateral, model.priceOf(leg.symbol))
      then = legPoolTotals(leg, collateral, priceOf(leg.symbol))
    } else {
      const setup = model.setup(position.id)
      balanceNow = model.totalsOf(setup).balance // today's totals, as the margin view made them
      then = poolTotals(setup.pool, priceOf)
    }
    equityNow = equityNow.plus(largerOf(ZERO, balanceNow))
    if (compare(then.balance, then.requirement) <= 0) liquidated.push(position.id)
    else kept = kept.plus(largerOf(ZERO, then.balance))
  }
  return { ...lossOrGain(equityNow, ZERO.plus(kept)), liquidated }
}

/** The blast radius of the worst grid scenario; null without cross positions (`reason`). */
export function blastRadius(margin: MarginView, grid: readonly Scenario[]): BlastRadius | { reason: string } {
  const { model } = margin
  if (!hasCrossPositions(model.portfolio)) return { reason: NO_CROSS }
  const margins = isolatedMargins(model.portfolio, margin)
  if (!margins) return { reason: 'the wallet balance is not positive, so there is no margin to isolate the positions with' }
  const scenario = grid.reduce((worst, s) => (s.equity.lt(worst.equity) ? s : worst), grid[0]!)
  const cross = lossAt(model, scenario.prices)
  const isolated = { ...isolatedLossAt(model, margins, scenario.prices), margins }
  const isolatedLiquidated = new Set(isolated.liquidated)
  const saved = cross.liquidated.filter((id) => !isolatedLiquidated.has(id))
  return { scenario, cross, isolated, saved }
}
