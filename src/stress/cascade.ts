// Liquidation cascades: the market moves toward each scenario, and whenever a pool reaches maintenance its
// venue forces a position out through the stressed book; the price that exit leaves behind moves its market,
// correlated markets follow (β × move × stressed correlation), and cross positions share one balance, so one
// exit can set off the next. Guards the picture of positions failing one at a time and independently.
import { Decimal, ONE, ZERO } from '../decimal.js'
import { accountAt } from '../margin/index.js'
import { triggerPrice, type Portfolio, type Position } from '../model.js'
import { forcedExit, withClosed, withWiped, type ForcedExit } from './exit.js'
import { accountState, currentState, hasCrossPositions, largestLoser } from './grid.js'
import { betaOf, moveFactor, PRICE_FLOOR, withPrices } from './prices.js'
import { firstBreak, meshFor, type Direction } from './search.js'

/** Why a link broke: it was already at maintenance, the market-wide move reached it, or an earlier link's exit did. */
export type Cause = { kind: 'now' } | { kind: 'move' } | { kind: 'link'; index: number }

/** One forced exit of a cascade. */
export interface CascadeLink {
  position: Position
  /** The market-wide move at which it broke. */
  move: Decimal
  cause: Cause
  /** Its market's trigger price when it broke. */
  triggerPrice: Decimal
  /** The forced exit; null when the market has no book (closed at the trigger price, no impact). */
  exit: ForcedExit | null
  /** Average price of the exit (takeover at the bankruptcy price); the trigger price without a book. */
  fill: Decimal | null
  priceLeftBehind: Decimal
  /** (price left behind − trigger) ÷ trigger: the move the exit makes in its own market. */
  impact: Decimal
  /** What the exit cost the pool beyond its mark-to-market at the trigger (slippage and fee; the whole margin when wiped). */
  exitCost: Decimal
  /** Cross positions taken over with the account when the exit wiped it. */
  alsoClosed: string[]
  /** Indices of the links this one set off. */
  setOff: number[]
}

/** The chain of one grid scenario. */
export interface Cascade {
  /** The scenario's market-wide move and its index in `stress.moves`. */
  move: Decimal
  index: number
  links: CascadeLink[]
  /** Equity now and at the scenario's prices once the chain has run (closed positions at what they realized). */
  equityBefore: Decimal
  equityAfter: Decimal
  /** equityBefore − equityAfter. */
  totalLoss: Decimal
  /** The cross account kept its margin (an account without cross positions always does). */
  survives: boolean
  /** Positions closed in full or taken over, in order. */
  lost: string[]
}

interface Simulation {
  original: Portfolio
  /** Positions and wallet as the chain leaves them; markets at their original prices. */
  portfolio: Portfolio
  /** Price factor each market has taken from forced exits so far. */
  impacts: Map<string, Decimal>
  move: Decimal
  links: CascadeLink[]
  wiped: boolean
  lost: string[]
}

/** Most links one direction may take before the simulation is declared runaway (a bug, not a market). */
const MAX_LINKS_PER_POSITION = 8

/**
 * The cascade of every grid scenario in which at least one position breaks, in the file's order of moves.
 * The path to each move is walked once per direction (a larger move continues the smaller one's path).
 */
export function cascades(portfolio: Portfolio): Cascade[] {
  const equityBefore = currentState(portfolio).equity
  const results: Cascade[] = []
  for (const direction of ['down', 'up'] as Direction[]) {
    const targets = portfolio.stress.moves
      .map((move, index) => ({ move, index }))
      .filter(({ move }) => (direction === 'down' ? move.lt(0) : move.gt(0)))
      .sort((a, b) => a.move.abs().cmp(b.move.abs()))
    const sim: Simulation = { original: portfolio, portfolio, impacts: new Map(), move: ZERO, links: [], wiped: false, lost: [] }
    const mesh = meshFor(direction, portfolio.stress.moves)
    runBreaks(sim, { kind: 'now' })
    for (const { move, index } of targets) {
      advance(sim, move, mesh)
      if (sim.links.length === 0) continue
      const equityAfter = accountState(sim.portfolio, pricesAt(sim, move)).equity
      results.push({
        move,
        index,
        links: sim.links.map((link) => ({ ...link, setOff: [...link.setOff] })),
        equityBefore,
        equityAfter,
        totalLoss: equityBefore.minus(equityAfter),
        survives: !sim.wiped,
        lost: [...sim.lost],
      })
    }
  }
  return results.sort((a, b) => a.index - b.index)
}

/** Trigger prices at market-wide move `move`, with the forced exits' impacts so far. */
function pricesAt(sim: Simulation, move: Decimal): Map<string, Decimal> {
  const prices = new Map<string, Decimal>()
  for (const market of sim.original.markets.values()) {
    const factor = moveFactor(betaOf(sim.original, market.symbol), move).mul(sim.impacts.get(market.symbol) ?? ONE)
    prices.set(market.symbol, triggerPrice(market).mul(factor))
  }
  return prices
}

/** Moves the simulation outward to `target`, running every break on the way. */
function advance(sim: Simulation, target: Decimal, mesh: readonly Decimal[]): void {
  while (sim.move.abs().lt(target.abs())) {
    const bracket = firstBreak((move) => nextToBreak(sim, move) !== null, { from: sim.move, to: target, mesh })
    if (!bracket) {
      sim.move = target
      return
    }
    sim.move = bracket.broken
    runBreaks(sim, { kind: 'move' })
  }
}

/** Forces out, one after the other, every position whose pool is at or below maintenance at the current move. */
function runBreaks(sim: Simulation, first: Cause): void {
  let cause = first
  const limit = MAX_LINKS_PER_POSITION * sim.original.positions.length
  for (let next = nextToBreak(sim, sim.move); next; next = nextToBreak(sim, sim.move)) {
    if (sim.links.length >= limit) throw new Error(`the cascade did not settle after ${limit} forced exits`)
    const index = sim.links.length
    if (cause.kind === 'link') sim.links[cause.index]!.setOff.push(index)
    sim.links.push(liquidate(sim, next, cause))
    cause = { kind: 'link', index }
  }
}

/**
 * The next position the venue forces out at `move`: of the pools at or below maintenance, the isolated
 * positions and the cross account's largest loser since now (the position the venue is modelled to close
 * first), the earliest in the file. Null when every pool is above maintenance.
 */
function nextToBreak(sim: Simulation, move: Decimal): Position | null {
  const prices = pricesAt(sim, move)
  const at = accountAt(sim.portfolio, prices)
  const candidates = sim.portfolio.positions.filter((p) => p.marginMode === 'isolated' && at.positions.get(p.id)!.liquidated)
  if (hasCrossPositions(sim.portfolio) && at.account!.liquidated) {
    const cross = sim.portfolio.positions.filter((p) => p.marginMode === 'cross')
    const loser = largestLoser(sim.portfolio, cross, new Map(), prices)
    candidates.push(cross.find((p) => p.id === loser)!)
  }
  return candidates.sort((a, b) => a.index - b.index)[0] ?? null
}

function liquidate(sim: Simulation, position: Position, cause: Cause): CascadeLink {
  const prices = pricesAt(sim, sim.move)
  const state = withPrices(sim.portfolio, prices)
  const market = state.markets.get(position.market)!
  const trigger = triggerPrice(market)
  const exit = market.book ? forcedExit(state, position.id) : null
  const crossBefore = sim.portfolio.positions.filter((p) => p.marginMode === 'cross').map((p) => p.id)

  let alsoClosed: string[] = []
  let exitCost: Decimal
  if (exit) {
    exitCost = exit.marginBefore.minus(exit.marginLeft)
    if (exit.wiped) {
      sim.portfolio = withWiped(sim.portfolio, position.id)
      if (position.marginMode === 'cross') {
        sim.wiped = true
        alsoClosed = crossBefore.filter((id) => id !== position.id)
      }
    } else {
      sim.portfolio = withClosed(sim.portfolio, position.id, exit.bookFilled, exit.bookCost, exit.liquidationFee)
    }
  } else {
    // No book: closed at the trigger price, no slippage, no fee, no impact (the file gives no depth to walk);
    // a pool with no margin left at that price is wiped as it would be by a takeover.
    exitCost = ZERO
    const at = accountAt(state, new Map())
    const balance = position.marginMode === 'cross' ? at.account!.marginBalance : at.positions.get(position.id)!.marginBalance
    if (balance.lte(0)) {
      sim.portfolio = withWiped(sim.portfolio, position.id)
      if (position.marginMode === 'cross') {
        sim.wiped = true
        alsoClosed = crossBefore.filter((id) => id !== position.id)
      }
    } else sim.portfolio = withClosed(sim.portfolio, position.id, position.size, position.size.mul(trigger), ZERO)
  }
  const stillOpen = new Set(sim.portfolio.positions.map((p) => p.id))
  for (const id of [position.id, ...alsoClosed]) if (!stillOpen.has(id) && !sim.lost.includes(id)) sim.lost.push(id)

  const left = exit?.priceLeftBehind ?? trigger
  const impact = left.minus(trigger).div(trigger)
  if (!impact.isZero()) applyImpact(sim, position.market, impact)
  return {
    position,
    move: sim.move,
    cause,
    triggerPrice: trigger,
    exit,
    fill: exit ? exit.expectedFill : trigger,
    priceLeftBehind: left,
    impact,
    exitCost,
    alsoClosed,
    setOff: [],
  }
}

/** The exit's market moves by `impact`; every other market by β × impact × the stressed correlation. */
function applyImpact(sim: Simulation, symbol: string, impact: Decimal): void {
  const rho = sim.original.stress.correlation
  for (const market of sim.original.markets.values()) {
    const move = market.symbol === symbol ? impact : betaOf(sim.original, market.symbol).mul(impact).mul(rho)
    const factor = Decimal.max(ONE.plus(move), PRICE_FLOOR)
    sim.impacts.set(market.symbol, (sim.impacts.get(market.symbol) ?? ONE).mul(factor))
  }
}
