// Liquidation cascades: the market moves toward each scenario, and whenever a pool reaches maintenance its
// venue forces a position out through the stressed book; the price that exit leaves behind moves its market,
// correlated markets follow (β × move × stressed correlation), and cross positions share one balance, so one
// exit can set off the next. Guards the picture of positions failing one at a time and independently.
//
// The simulation is event-driven: the next break is solved, not searched. An isolated position breaks where its
// market's price reaches its liquidation price (the markets keep their isolated positions sorted by it), and
// the cross account at the first root of its surplus along the move (sweep.ts). A forced exit touches one
// market's legs; the prices of the others follow from the impacts, one factor per market.
import { Decimal, ONE, ZERO, aboveZero, atMostZero, belowZero, compare, largerOf } from '../decimal.js'
import {
  approxSurplus,
  Exposure,
  type MarginModel,
  losingDirection,
  type Pool,
  type PoolTotals,
  type PositionSetup,
  type PriceOf,
  poolTotals,
  ratioOf,
  solvePrice,
  unrealizedPnl,
} from '../margin/index.js'
import { correlationOf, type Portfolio, type Position, triggerPrice } from '../model.js'
import { exitPool, type ForcedExit, forceOut, realizedPnl } from './exit.js'
import { type AccountState, currentState, type Direction, hasCrossPositions, type LossOrGain, lossOrGain } from './grid.js'
import { putIn, takeOut } from './ordered.js'
import { betaOf, moveFactor, PRICE_FLOOR, PRICE_FLOOR_APPROX } from './prices.js'
import { firstMoveAtMaintenance } from './sweep.js'
import { oncePer } from '../once.js'

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
  /** An isolated position closed in full: the margin it had left, returned to the wallet; 0 otherwise. */
  marginReturned: Decimal
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
  /** equityBefore − equityAfter when positive, else 0. */
  totalLoss: Decimal
  /** equityAfter − equityBefore when positive, else 0: what survives the chain gains more than the chain costs. */
  totalGain: Decimal
  /** The cross account kept its margin (an account without cross positions always does). */
  survives: boolean
  /**
   * The chain ran its course. False when it was cut at the most forced exits the simulation takes (`maxLinks`, or a
   * break it found and could not force out): the figures are then the account at the scenario's prices with what
   * was not yet forced out still open, and `stillPast` names the open positions at or past maintenance there.
   */
  settled: boolean
  /** Open positions whose pool is at or below maintenance once the chain has run (file order); empty when settled. */
  stillPast: string[]
  /** Positions closed in full or taken over, in order. */
  lost: string[]
  /**
   * The account once the chain has run, at the scenario's prices moved by the exits' impacts: what the grid shows
   * for this scenario (equity and maintenance of what is still open; `liquidated`: every position forced out, in
   * file order; `cross.liquidated`: the cross account reached maintenance and the venue forced positions out).
   */
  after: AccountState
}

/** An isolated position's break: its market's price at or below `level` (long) or at or above it (short). */
interface IsolatedBreak {
  setup: PositionSetup
  /** Null: it never breaks on this side; `always`: it is past maintenance at every price. */
  level: Decimal | null
  /** `level` as a float, for screening. */
  approxLevel: number | null
  always: boolean
}

/**
 * A market's open positions in the orders the chain reads them in (see the orders below). Each order is total (ties
 * go by file index), so an entry is found by binary search, and a close takes it out or moves it without a walk of
 * the market or a re-sort.
 */
interface MarketState {
  /** Isolated longs, highest level first; isolated shorts, lowest level first. */
  longs: IsolatedBreak[]
  shorts: IsolatedBreak[]
  /** The entry of each isolated position, by id. */
  isolated: Map<string, IsolatedBreak>
  /** Cross legs by signed size, largest long first / largest short first (ties: file order). */
  crossLongFirst: PositionSetup[]
  crossShortFirst: PositionSetup[]
  /** Its prices along the cascade (the entry of MovedPrices), read at every step without a lookup by symbol. */
  price: MarketPrice
}

interface Simulation {
  model: MarginModel
  links: CascadeLink[]
  wiped: boolean
  lost: string[]
  lostIds: Set<string>
  /** The cross wallet as the chain leaves it. */
  wallet: Decimal
  /** The cross legs as the chain leaves them, by market. */
  cross: Map<string, Exposure>
  /** Open positions as the chain leaves them (set-ups at their current size and margin). */
  open: Map<string, PositionSetup>
  markets: Map<string, MarketState>
  /** The markets that hold isolated positions, in the markets' order (none joins during a chain). */
  isolatedMarkets: MarketState[]
  prices: MovedPrices
  /** The cross account reached maintenance at a step of its ladder at the current move (see advance). */
  crossAtStep: boolean
  /** Most forced exits the chain may take in this direction before it is cut (see Cascade.settled). */
  maxLinks: number
  /** The chain was cut: no more exits are forced; the prices still follow the move. */
  cut: boolean
}

/** Most links one direction takes, per position, before the chain is cut and reported unsettled. */
export const MAX_LINKS_PER_POSITION = 8

/** How close to the level, relative to the figures, counts as at it: the rounding of 40 digits. */
const ROUNDING = new Decimal('1e-30')

/**
 * The cascade of every grid scenario in which at least one position breaks, in the file's order of moves.
 * The path to each move is walked once per direction (a larger move continues the smaller one's path). A
 * direction takes at most `maxLinks` forced exits (default 8 per position); a chain that would take more ends
 * there, unsettled, with a defined answer (see Cascade.settled).
 */
export function cascades(
  model: MarginModel,
  levels: ReadonlyMap<string, { price: Decimal | null; alreadyPast: boolean }>,
  maxLinks = MAX_LINKS_PER_POSITION * model.portfolio.positions.length,
): Cascade[] {
  const { portfolio } = model
  const equityBefore = currentState(model).equity
  const results: Cascade[] = []
  for (const direction of ['down', 'up'] as Direction[]) {
    const targets = portfolio.stress.moves
      .map((move, index) => ({ move, index }))
      .filter(({ move }) => (direction === 'down' ? move.lt(0) : move.gt(0)))
      .sort((a, b) => a.move.abs().cmp(b.move.abs()))
    if (targets.length === 0) continue
    const sim = start(model, levels, maxLinks)
    runBreaks(sim, { kind: 'now' })
    for (const { move, index } of targets) {
      advance(sim, move)
      if (sim.links.length === 0) continue
      const after = stateAfter(sim)
      const equityAfter = after.equity
      results.push({
        move,
        index,
        links: sim.links.map((link) => ({ ...link, setOff: [...link.setOff] })),
        equityBefore,
        equityAfter,
        ...totalOf(lossOrGain(equityBefore, equityAfter)),
        survives: !sim.wiped,
        settled: !sim.cut,
        stillPast: sim.cut ? stillPast(sim) : [],
        lost: [...sim.lost],
        after,
      })
    }
  }
  return results.sort((a, b) => a.index - b.index)
}

function totalOf({ loss, gain }: LossOrGain): { totalLoss: Decimal; totalGain: Decimal } {
  return { totalLoss: loss, totalGain: gain }
}

function start(model: MarginModel, levels: ReadonlyMap<string, { price: Decimal | null; alreadyPast: boolean }>, maxLinks: number): Simulation {
  const { portfolio } = model
  const prices = new MovedPrices(portfolio)
  const sim: Simulation = {
    model,
    links: [],
    wiped: false,
    lost: [],
    lostIds: new Set(),
    wallet: portfolio.account.walletBalance,
    cross: new Map(model.cross?.exposures),
    open: new Map(),
    markets: new Map(
      [...portfolio.markets.keys()].map((symbol) => [
        symbol,
        { longs: [], shorts: [], isolated: new Map(), crossLongFirst: [], crossShortFirst: [], price: prices.entry(symbol) },
      ]),
    ),
    isolatedMarkets: [],
    prices,
    crossAtStep: false,
    maxLinks,
    cut: false,
  }
  for (const position of portfolio.positions) {
    const setup = model.setup(position.id)
    sim.open.set(position.id, setup)
    const market = sim.markets.get(position.market)!
    if (position.marginMode === 'isolated') {
      const level = levels.get(position.id)!
      const entry: IsolatedBreak = {
        setup,
        level: level.price,
        approxLevel: level.price?.toNumber() ?? null,
        always: level.alreadyPast && level.price === null,
      }
      ;(position.side === 'long' ? market.longs : market.shorts).push(entry)
      market.isolated.set(position.id, entry)
    } else {
      market.crossLongFirst.push(setup)
    }
  }
  for (const market of sim.markets.values()) sortMarket(market)
  sim.isolatedMarkets = [...sim.markets.values()].filter((market) => market.isolated.size > 0)
  return sim
}

function sortMarket(market: MarketState): void {
  market.longs.sort(longsOrder)
  market.shorts.sort(shortsOrder)
  // Sorted once by the signed sizes' floats where they are apart by more than rounding, else exactly: the orders
  // are total (ties by file index), so this is the order longFirstOrder gives, with few decimal comparisons.
  const keyed = market.crossLongFirst.map((setup) => ({ setup, size: signedSize(setup), approx: signedSize(setup).toNumber() }))
  keyed.sort((x, y) => {
    const gap = y.approx - x.approx
    if (Math.abs(gap) > 1e-12 * (Math.abs(x.approx) + Math.abs(y.approx))) return gap
    return compare(y.size, x.size) || x.setup.position.index - y.setup.position.index
  })
  market.crossLongFirst = keyed.map((k) => k.setup)
  // Largest short first is the reverse, but for ties, which keep file order.
  market.crossShortFirst = [...market.crossLongFirst].sort(shortFirstOrder)
}

const INFINITY = new Decimal(Infinity)
/** An isolated entry's level for its order: one past at every price first, one that never breaks last. */
const levelIn = (b: IsolatedBreak, missing: Decimal) => (b.always ? missing.neg() : (b.level ?? missing))
const longsOrder = (x: IsolatedBreak, y: IsolatedBreak) =>
  compare(levelIn(y, INFINITY.neg()), levelIn(x, INFINITY.neg())) || x.setup.position.index - y.setup.position.index
const shortsOrder = (x: IsolatedBreak, y: IsolatedBreak) =>
  compare(levelIn(x, INFINITY), levelIn(y, INFINITY)) || x.setup.position.index - y.setup.position.index

const signedSizes = new WeakMap<PositionSetup, Decimal>()
function signedSize(setup: PositionSetup): Decimal {
  let size = signedSizes.get(setup)
  if (!size) {
    size = setup.leg.quantity.mul(setup.leg.sign)
    signedSizes.set(setup, size)
  }
  return size
}
const longFirstOrder = (x: PositionSetup, y: PositionSetup) => compare(signedSize(y), signedSize(x)) || x.position.index - y.position.index
const shortFirstOrder = (x: PositionSetup, y: PositionSetup) => compare(signedSize(x), signedSize(y)) || x.position.index - y.position.index

/**
 * Every market's trigger price along the move, with the forced exits' impacts so far: trigger now ×
 * max(1 + β·move, floor) × the product of the impacts. Floats are kept up to date for screening; an exact price
 * is computed only when asked for, folding in the impacts it has not seen yet (in the order they happened, so it
 * is the same product however late it is asked for).
 */
class MovedPrices {
  move = ZERO
  #moveApprox = 0
  readonly #portfolio: Portfolio
  readonly #markets: Map<string, MarketPrice>
  /** Every forced exit's move of its own market, in order. */
  readonly #impacts: { symbol: string; impact: Decimal }[] = []
  #exact = new Map<string, Decimal>()
  /** max(1 + β·move, floor) at the current move, per β (most markets share one). */
  readonly #moveFactors = new Map<Decimal, Decimal>()
  readonly #correlationApprox: number
  /**
   * With one stressed correlation for every pair, markets of one β fold the same factors, in the same order, until
   * their own first exit: the product is kept once per β (see impactOf), so a market costs nothing until asked.
   */
  readonly #shared: Map<string, SharedImpacts> | null

  constructor(portfolio: Portfolio) {
    this.#portfolio = portfolio
    this.#correlationApprox = portfolio.stress.correlation.toNumber()
    this.#shared = portfolio.stress.correlations.size === 0 ? new Map() : null
    this.#markets = new Map(
      [...portfolio.markets.values()].map((m) => {
        const trigger = triggerPrice(m)
        const beta = betaOf(portfolio, m.symbol)
        const market: MarketPrice = {
          symbol: m.symbol,
          trigger,
          beta,
          triggerApprox: trigger.toNumber(),
          betaApprox: beta.toNumber(),
          impactApprox: 1,
          impact: ONE,
          seen: 0,
          firstOwn: null,
          shared: null,
        }
        return [m.symbol, market]
      }),
    )
  }

  moveTo(move: Decimal): void {
    this.move = move
    this.#moveApprox = move.toNumber()
    this.#exact.clear()
    this.#moveFactors.clear()
  }

  /** A forced exit moved `symbol` by `impact`; every other market moves by β × impact × the pair's stressed correlation. */
  impact(symbol: string, impact: Decimal): void {
    const own = this.#markets.get(symbol)!
    if (own.firstOwn === null) own.firstOwn = this.#impacts.length
    this.#impacts.push({ symbol, impact })
    const x = impact.toNumber()
    const { stress } = this.#portfolio
    const rho = (name: string) => (stress.correlations.size === 0 ? this.#correlationApprox : correlationOf(stress, symbol, name).toNumber())
    for (const [name, m] of this.#markets) {
      const move = name === symbol ? x : m.betaApprox * x * rho(name)
      m.impactApprox *= Math.max(1 + move, PRICE_FLOOR_APPROX)
    }
    this.#exact.clear()
  }

  /**
   * The product of the impacts `symbol` has taken, folded in the order they happened: its own exits' moves, and
   * β × each other exit's move × the pair's correlation. Up to its own first exit a market's factors are those of
   * every market of its β, so that part of the product is read from the shared one.
   */
  impactOf(symbol: string): Decimal {
    const m = this.#markets.get(symbol)!
    const n = this.#impacts.length
    if (this.#shared && m.seen < n) {
      const upto = Math.min(m.firstOwn ?? n, n)
      if (upto > m.seen) {
        m.impact = this.#sharedProduct(m, upto)
        m.seen = upto
      }
    }
    for (; m.seen < n; m.seen++) {
      const e = this.#impacts[m.seen]!
      m.impact = m.impact.mul(e.symbol === symbol ? factorOf(e.impact) : this.#foreignFactor(m, e, m.seen))
    }
    return m.impact
  }

  /** The factor impact `k` (an exit in another market) moves market `m` by: max(1 + β × its move × ρ, floor). */
  #foreignFactor(m: MarketPrice, e: { symbol: string; impact: Decimal }, k: number): Decimal {
    if (!this.#shared) return factorOf(m.beta.mul(e.impact).mul(correlationOf(this.#portfolio.stress, e.symbol, m.symbol)))
    const { factors } = this.#sharedOf(m)
    for (let j = factors.length; j <= k; j++) factors.push(factorOf(m.beta.mul(this.#impacts[j]!.impact).mul(this.#portfolio.stress.correlation)))
    return factors[k]!
  }

  /** What the markets of m's β share, found by the β's text once per market. */
  #sharedOf(m: MarketPrice): SharedImpacts {
    if (m.shared) return m.shared
    const key = m.beta.toString()
    let shared = this.#shared!.get(key)
    if (!shared) {
      shared = { products: [ONE], factors: [] }
      this.#shared!.set(key, shared)
    }
    m.shared = shared
    return shared
  }

  /** The product of the first `count` impacts as a market of `beta` that none of them is in takes them. */
  #sharedProduct(m: MarketPrice, count: number): Decimal {
    const { products } = this.#sharedOf(m)
    for (let k = products.length - 1; k < count; k++) products.push(products[k]!.mul(this.#foreignFactor(m, this.#impacts[k]!, k)))
    return products[count]!
  }

  price(symbol: string): Decimal {
    let price = this.#exact.get(symbol)
    if (!price) {
      const m = this.#markets.get(symbol)!
      let factor = this.#moveFactors.get(m.beta)
      if (!factor) {
        factor = moveFactor(m.beta, this.move)
        this.#moveFactors.set(m.beta, factor)
      }
      price = m.trigger.mul(factor.mul(this.impactOf(symbol)))
      this.#exact.set(symbol, price)
    }
    return price
  }

  /** A market's entry: its floats are read from it at every step of the chain (approxAt, approxBase). */
  entry(symbol: string): MarketPrice {
    return this.#markets.get(symbol)!
  }

  /** The market's price as a float. */
  approxAt(m: MarketPrice): number {
    return m.triggerApprox * Math.max(1 + m.betaApprox * this.#moveApprox, PRICE_FLOOR_APPROX) * m.impactApprox
  }
}

/** The market's price at move 0 with the impacts so far, as a float. */
function approxBase(m: MarketPrice): number {
  return m.triggerApprox * m.impactApprox
}

/** One market's prices along the cascade (see MovedPrices). */
interface MarketPrice {
  symbol: string
  trigger: Decimal
  beta: Decimal
  triggerApprox: number
  betaApprox: number
  impactApprox: number
  /** The product of the impacts folded so far (the first `seen`). */
  impact: Decimal
  seen: number
  /** Index of the market's own first exit among the impacts; null before it has one. */
  firstOwn: number | null
  /** What it shares with the markets of its β (see MovedPrices.#shared), once found. */
  shared: SharedImpacts | null
}

/**
 * What the markets of one β share: factors[k], the factor impact k moves such a market by when it is not the
 * exit's own; products[k], the product of the first k factors (for a market none of them is in).
 */
interface SharedImpacts {
  products: Decimal[]
  factors: Decimal[]
}

/** A market's factor for a relative move: max(1 + move, floor). */
function factorOf(move: Decimal): Decimal {
  return largerOf(ONE.plus(move), PRICE_FLOOR)
}

function priceOf(sim: Simulation): PriceOf {
  return (symbol) => sim.prices.price(symbol)
}

/** A decimal as a float, converted once per decimal (the wallet is screened at every step of the chain). */
const approxOf = oncePer((value: Decimal) => value.toNumber())

/** Margin the float screens leave for rounding, relative to the size of the terms summed. */
const SCREEN = 1e-9

/**
 * Whether the cross account may be at maintenance now, or (with `until`) at some move up to `until`: false only
 * when a float estimate is clear of it by more than rounding, allowing for the fastest the surplus can fall
 * along the move (a ladder whose maintenance jumps at a tier boundary is never screened).
 */
function crossMayBreak(sim: Simulation, until?: Decimal): boolean {
  let surplus = approxOf(sim.wallet)
  let scale = Math.abs(surplus)
  let slope = 0
  const term = { surplus: 0, scale: 0 }
  for (const exposure of sim.cross.values()) {
    const a = exposure.approx
    const m = sim.markets.get(exposure.symbol)!.price
    approxSurplus(exposure, sim.prices.approxAt(m), term)
    surplus += term.surplus
    scale += term.scale
    if (!until) continue
    if (!a.continuous) return true
    slope += a.steepest * approxBase(m) * Math.abs(m.betaApprox)
  }
  const span = until ? Math.abs(until.minus(sim.prices.move).toNumber()) : 0
  return surplus - slope * span <= SCREEN * scale
}

function crossPool(sim: Simulation): Pool {
  return { collateral: sim.wallet, reservedInCollateral: ZERO, exposures: sim.cross }
}

function atMaintenance(totals: PoolTotals): boolean {
  return compare(totals.balance.minus(totals.requirement), totals.balance.abs().plus(totals.requirement.abs()).mul(ROUNDING)) <= 0
}

/** The isolated position breaks at its market's current price, `approx` as a float (screened in floats, decided exactly). */
function isolatedBroken(sim: Simulation, b: IsolatedBreak, approx: number): boolean {
  if (b.always) return true
  if (!b.level) return false
  const clear = b.setup.leg.sign === 1 ? approx > b.approxLevel! * (1 + SCREEN) : approx < b.approxLevel! * (1 - SCREEN)
  if (clear) return false
  const price = sim.prices.price(b.setup.leg.symbol)
  const slack = b.level.abs().mul(ROUNDING)
  return b.setup.leg.sign === 1 ? compare(price, b.level.plus(slack)) <= 0 : compare(price, b.level.minus(slack)) >= 0
}

/** Moves the simulation outward to `target`, running every break on the way (once the chain is cut, none). */
function advance(sim: Simulation, target: Decimal): void {
  while (compare(sim.prices.move, target) !== 0) {
    if (sim.cut) {
      sim.prices.moveTo(target)
      return
    }
    const isolated = nextIsolatedMove(sim, target)
    const end = isolated ?? target
    const beta = (symbol: string) => betaOf(sim.model.portfolio, symbol)
    const path = { base: (symbol: string) => triggerPrice(sim.model.portfolio.markets.get(symbol)!).mul(sim.prices.impactOf(symbol)), beta }
    const cross = sim.cross.size > 0 && crossMayBreak(sim, end) ? firstMoveAtMaintenance(crossPool(sim), path, sim.prices.move, end, true) : null
    const next = cross?.move ?? isolated
    if (!next) {
      sim.prices.moveTo(target)
      return
    }
    const links = sim.links.length
    const stalled = compare(next, sim.prices.move) === 0
    sim.prices.moveTo(next)
    // At a step of the maintenance (okx-swap's tiers) the pool is the higher tier's just past this move.
    sim.crossAtStep = cross?.atStep === true && compare(cross.move, next) === 0
    runBreaks(sim, { kind: 'move' })
    sim.crossAtStep = false
    // A break found where no position can be forced out would be found again at the same move: the chain ends there.
    if (stalled && sim.links.length === links) sim.cut = true
  }
}

/**
 * The nearest move after the current one, up to `target`, at which an open isolated position's market reaches
 * its level: found in floats, then decided exactly among the markets within rounding of the nearest.
 */
function nextIsolatedMove(sim: Simulation, target: Decimal): Decimal | null {
  const from = sim.prices.move
  const direction = compare(target, from)
  const fromApprox = from.toNumber()
  const toApprox = target.toNumber()
  const near: { market: MarketPrice; level: Decimal; approx: number }[] = []
  for (const market of sim.isolatedMarkets) {
    const { beta } = market.price
    if (beta.isZero()) continue
    // The price falls along the move when β and the direction have opposite signs: longs are at risk; else shorts.
    const first = (beta.s !== direction ? market.longs : market.shorts).find((b) => !b.always && b.level)
    if (!first) continue
    const ratio = first.approxLevel! / approxBase(market.price)
    const move = (ratio - 1) / market.price.betaApprox
    const slack = SCREEN * (1 + Math.abs(move))
    if ((move - fromApprox) * direction < -slack || (move - toApprox) * direction > slack) continue
    near.push({ market: market.price, level: first.level!, approx: move })
  }
  if (near.length === 0) return null
  const nearest = Math.min(...near.map((n) => n.approx * direction))
  let best: Decimal | null = null
  for (const n of near) {
    if (n.approx * direction > nearest + SCREEN * (1 + Math.abs(nearest))) continue
    const base = n.market.trigger.mul(sim.prices.impactOf(n.market.symbol))
    const ratio = n.level.div(base)
    if (compare(ratio, PRICE_FLOOR) <= 0) continue
    const move = ratio.minus(1).div(n.market.beta)
    if (atMostZero(move.minus(from).mul(direction)) || aboveZero(move.minus(target).mul(direction))) continue
    if (!best || belowZero(move.minus(best).mul(direction))) best = move
  }
  return best
}

/** Forces out, one after the other, every position whose pool is at or below maintenance at the current move. */
function runBreaks(sim: Simulation, first: Cause): void {
  let cause = first
  for (let next = nextToBreak(sim); next; next = nextToBreak(sim)) {
    if (sim.links.length >= sim.maxLinks) {
      sim.cut = true
      return
    }
    const index = sim.links.length
    if (cause.kind === 'link') sim.links[cause.index]!.setOff.push(index)
    sim.links.push(liquidate(sim, next, cause))
    sim.crossAtStep = false
    cause = { kind: 'link', index }
  }
}

/**
 * The next position the venue forces out at the current move: of the pools at or below maintenance, the
 * isolated positions and the cross account's largest loser since now (the position the venue is modelled to
 * close first), the earliest in the file. Null when every pool is above maintenance.
 */
function nextToBreak(sim: Simulation): PositionSetup | null {
  let best: PositionSetup | null = null
  const consider = (setup: PositionSetup) => {
    if (!best || setup.position.index < best.position.index) best = setup
  }
  for (const market of sim.isolatedMarkets) {
    if (market.longs.length === 0 && market.shorts.length === 0) continue
    const approx = sim.prices.approxAt(market.price)
    for (const b of market.longs) {
      if (!isolatedBroken(sim, b, approx)) break
      consider(b.setup)
    }
    for (const b of market.shorts) {
      if (!isolatedBroken(sim, b, approx)) break
      consider(b.setup)
    }
  }
  if (sim.cross.size > 0 && (sim.crossAtStep || (crossMayBreak(sim) && atMaintenance(poolTotals(crossPool(sim), priceOf(sim)))))) {
    const loser = largestCrossLoser(sim)
    if (loser) consider(loser)
  }
  return best
}

/** The open cross position whose unrealized PnL fell the most since now (ties: file order). */
function largestCrossLoser(sim: Simulation): PositionSetup | null {
  let best: { setup: PositionSetup; change: Decimal } | null = null
  for (const [symbol, market] of sim.markets) {
    const now = sim.model.priceOf(symbol)
    const price = sim.prices.price(symbol)
    const order = compare(price, now) < 0 ? market.crossLongFirst : market.crossShortFirst
    if (order.length === 0) continue
    // Within one market the change is signed size × the price's change: the first of the order loses most; among
    // equal sizes the earliest in the file (and with an unchanged price, every change is 0: the earliest).
    const firstSize = order[0]!.leg.quantity.mul(order[0]!.leg.sign)
    let setup = order[0]!
    for (let k = 1; k < order.length; k++) {
      const s = order[k]!
      if (compare(price, now) !== 0 && compare(s.leg.quantity.mul(s.leg.sign), firstSize) !== 0) break
      if (s.position.index < setup.position.index) setup = s
    }
    const change = unrealizedPnl(setup.leg, price).minus(unrealizedPnl(setup.leg, now))
    if (!best || compare(change, best.change) < 0 || (compare(change, best.change) === 0 && setup.position.index < best.setup.position.index))
      best = { setup, change }
  }
  return best?.setup ?? null
}

function liquidate(sim: Simulation, setup: PositionSetup, cause: Cause): CascadeLink {
  const { model } = sim
  const { position } = setup
  const { portfolio } = model
  const market = portfolio.markets.get(position.market)!
  const trigger = sim.prices.price(market.symbol)
  const isCross = position.marginMode === 'cross'
  const pool = isCross ? crossPool(sim) : setup.pool
  const totals = poolTotals(pool, priceOf(sim))
  const exit = market.book
    ? forceOut({
        position,
        market,
        trigger,
        ladder: model.ladders.get(market.symbol)!,
        pool: exitPool({ pool, setup, trigger, totals, reduce: (reduced, realized) => reducedPool(sim, setup, reduced, realized).pool }),
        stress: portfolio.stress,
        procedure: portfolio.venue.liquidationProcedure,
        bookExtensionMaxSigma: portfolio.thresholds.book_extension_max_sigma,
      })
    : null

  let alsoClosed: string[] = []
  let exitCost: Decimal
  let wiped: boolean
  let marginReturned = ZERO
  if (exit) {
    exitCost = exit.marginBefore.minus(exit.marginLeft)
    wiped = exit.wiped
    if (!wiped) marginReturned = close(sim, setup, exit.bookFilled, exit.bookCost, exit.liquidationFee)
  } else {
    // No book: closed at the trigger price, no slippage, no fee, no impact (the file gives no depth to walk);
    // a pool with no margin left at that price is wiped as it would be by a takeover.
    exitCost = ZERO
    wiped = atMostZero(totals.balance)
    if (!wiped) marginReturned = close(sim, setup, position.size, position.size.mul(trigger), ZERO)
  }
  if (wiped) alsoClosed = wipe(sim, setup)
  for (const id of [position.id, ...alsoClosed]) {
    if (sim.open.has(id) || sim.lostIds.has(id)) continue
    sim.lostIds.add(id)
    sim.lost.push(id)
  }

  const left = exit?.priceLeftBehind ?? trigger
  const impact = left.minus(trigger).div(trigger)
  if (!impact.isZero()) sim.prices.impact(position.market, impact)
  return {
    position,
    move: sim.prices.move,
    cause,
    triggerPrice: trigger,
    exit,
    fill: exit ? exit.expectedFill : trigger,
    priceLeftBehind: left,
    impact,
    exitCost,
    marginReturned,
    alsoClosed,
    setOff: [],
  }
}

/** The position's pool once it is `reduced` (a smaller size) with `realized` booked, and its new set-up. */
function reducedPool(sim: Simulation, setup: PositionSetup, reduced: Position, realized: Decimal): { pool: Pool; setup: PositionSetup | null } {
  const isolated = reduced.marginMode === 'isolated'
  if (atMostZero(reduced.size)) {
    if (isolated) return { pool: { collateral: ZERO, reservedInCollateral: ZERO, exposures: new Map() }, setup: null }
    const exposures = new Map(sim.cross)
    const left = Exposure.replacing(sim.cross.get(reduced.market)!, new Set([reduced.id]), [])
    if (left.legCount > 0) exposures.set(reduced.market, left)
    else exposures.delete(reduced.market)
    return { pool: { collateral: sim.wallet.plus(realized), reservedInCollateral: ZERO, exposures }, setup: null }
  }
  const next = sim.model
    .variant({
      positions: [{ ...reduced, margin: isolated ? reduced.margin!.plus(realized) : reduced.margin }],
      walletBalance: isolated ? undefined : sim.wallet.plus(realized),
    })
    .setup(reduced.id)
  if (isolated) return { pool: next.pool, setup: next }
  const exposures = new Map(sim.cross).set(reduced.market, Exposure.replacing(sim.cross.get(reduced.market)!, new Set([reduced.id]), [next.leg]))
  return { pool: { collateral: sim.wallet.plus(realized), reservedInCollateral: ZERO, exposures }, setup: { ...next, pool: setup.pool } }
}

/**
 * `closedSize` of the position closed for `closedCost` (quote) paying `fee`: the realized PnL, side × (cost −
 * size × entry) − fee, goes to the wallet (cross) or the position's margin (isolated); a position closed in full
 * leaves, and an isolated one's margin left (its margin plus what it realized) goes back to the wallet, where the
 * cross account's later steps count it. Returns the margin returned to the wallet (0 unless isolated and closed in full).
 */
function close(sim: Simulation, setup: PositionSetup, closedSize: Decimal, closedCost: Decimal, fee: Decimal): Decimal {
  const { position } = setup
  const realized = realizedPnl(position, closedSize, closedCost, fee)
  const reduced = { ...position, size: position.size.minus(closedSize) }
  const after = reducedPool(sim, setup, reduced, realized)
  const market = sim.markets.get(position.market)!
  let returned = ZERO
  if (position.marginMode === 'cross') {
    sim.wallet = after.pool.collateral
    sim.cross = new Map(after.pool.exposures)
  } else if (!after.setup) {
    returned = setup.pool.collateral.plus(realized)
    sim.wallet = sim.wallet.plus(returned)
  }
  if (!after.setup) {
    sim.open.delete(position.id)
    if (position.marginMode === 'cross') dropCross(market, setup)
    else dropIsolated(market, position.id)
    return returned
  }
  sim.open.set(position.id, after.setup)
  if (position.marginMode === 'cross') {
    // Its signed size changed: it moves in both orders.
    dropCross(market, setup)
    putIn(market.crossLongFirst, after.setup, longFirstOrder)
    putIn(market.crossShortFirst, after.setup, shortFirstOrder)
  } else {
    // A partial close that restored the margin: the position's level moves with its new size and margin.
    const price = sim.prices.price(position.market)
    const { alreadyPast, crossing } = solvePrice(after.pool, {
      symbol: position.market,
      from: price,
      totals: poolTotals(after.pool, () => price),
      ratio: ONE,
      direction: losingDirection(after.pool.exposures.get(position.market)!, price, ONE),
    })
    const b = market.isolated.get(position.id)!
    const [list, order] = isolatedOrder(market, b)
    takeOut(list, b, order)
    b.setup = after.setup
    b.level = crossing?.price ?? null
    b.approxLevel = b.level?.toNumber() ?? null
    b.always = alreadyPast && !crossing
    putIn(list, b, order)
  }
  return returned
}

/** The list an isolated entry is in (its side's) and that list's order. */
function isolatedOrder(market: MarketState, b: IsolatedBreak): [IsolatedBreak[], (x: IsolatedBreak, y: IsolatedBreak) => number] {
  return b.setup.position.side === 'long' ? [market.longs, longsOrder] : [market.shorts, shortsOrder]
}

function dropIsolated(market: MarketState, positionId: string): void {
  const b = market.isolated.get(positionId)
  if (!b) return
  const [list, order] = isolatedOrder(market, b)
  takeOut(list, b, order)
  market.isolated.delete(positionId)
}

function dropCross(market: MarketState, setup: PositionSetup): void {
  takeOut(market.crossLongFirst, setup, longFirstOrder)
  takeOut(market.crossShortFirst, setup, shortFirstOrder)
}

/** The position's pool lost all its margin: an isolated position leaves; a cross one takes the whole cross account with it. Returns the others closed with it. */
function wipe(sim: Simulation, setup: PositionSetup): string[] {
  const { position } = setup
  if (position.marginMode === 'isolated') {
    sim.open.delete(position.id)
    dropIsolated(sim.markets.get(position.market)!, position.id)
    return []
  }
  sim.wiped = true
  const closed = [...sim.open.values()].filter((s) => s.position.marginMode === 'cross').map((s) => s.position.id)
  for (const id of closed) sim.open.delete(id)
  for (const market of sim.markets.values()) {
    market.crossLongFirst = []
    market.crossShortFirst = []
  }
  sim.cross = new Map()
  sim.wallet = ZERO
  return closed.filter((id) => id !== position.id)
}

/** The open positions whose pool is at or below maintenance at the current move, in file order. */
function stillPast(sim: Simulation): string[] {
  const past = new Set<string>()
  for (const market of sim.isolatedMarkets) {
    const approx = sim.prices.approxAt(market.price)
    for (const b of [...market.longs, ...market.shorts]) if (isolatedBroken(sim, b, approx)) past.add(b.setup.position.id)
  }
  if (sim.cross.size > 0 && atMaintenance(poolTotals(crossPool(sim), priceOf(sim))))
    for (const setup of sim.open.values()) if (setup.position.marginMode === 'cross') past.add(setup.position.id)
  return sim.model.portfolio.positions.filter((p) => past.has(p.id)).map((p) => p.id)
}

/**
 * The account at the current move as the chain leaves it: the cross pool (wallet and the legs still open), what
 * each open isolated pool keeps, each pool's equity floored at 0 as in the grid (a loss below zero margin is the
 * venue's, beyond bankruptcy), and the maintenance of what is still open.
 */
function stateAfter(sim: Simulation): AccountState {
  const { portfolio } = sim.model
  const prices = priceOf(sim)
  const { balance, requirement } = poolTotals(crossPool(sim), prices)
  let equity = largerOf(ZERO, balance)
  let maintenanceMargin = requirement
  for (const setup of sim.open.values()) {
    if (setup.position.marginMode !== 'isolated') continue
    const own = poolTotals(setup.pool, prices)
    equity = equity.plus(largerOf(ZERO, own.balance))
    maintenanceMargin = maintenanceMargin.plus(own.requirement)
  }
  const forced = new Set([...sim.links.map((l) => l.position.id), ...sim.lost])
  const crossForced = sim.links.some((l) => l.position.marginMode === 'cross')
  return {
    prices: new Map([...portfolio.markets.keys()].map((symbol) => [symbol, prices(symbol)])),
    equity,
    maintenanceMargin,
    marginRatio: ratioOf(maintenanceMargin, equity),
    cross: hasCrossPositions(portfolio)
      ? { marginBalance: balance, maintenanceMargin: requirement, marginRatio: ratioOf(requirement, balance), liquidated: crossForced }
      : null,
    liquidated: portfolio.positions.filter((p) => forced.has(p.id)).map((p) => p.id),
  }
}
