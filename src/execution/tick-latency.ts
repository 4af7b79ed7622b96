// The touch at the tick scale: over an order-entry latency of milliseconds the best price does not diffuse, it
// jumps, a whole number of ticks at a time, a few or a few hundred times, with jump sizes that have a power-law
// tail. Model (docs/latency.md): the opposite best moves by compound Poisson jumps, N ~ Poisson(λ·L) quote
// changes in the latency L, each up or down with even odds by J ticks, P(J ≥ j) = j^−α with α = 3. A resting
// order δ away (k = ⌈δ / tick⌉ ticks) arrives marketable when the touch has moved k ticks or more toward it.
// Probabilities are JS numbers (they are not money); the fee they weight stays decimal.
import { Decimal, MS_PER_YEAR } from '../decimal.js'
import type { Market } from '../model.js'
import { bigJump, computeLattice, JUMP_SECOND_MOMENT, jumpTail, type Lattice } from './lattice.js'
import { boardLayout, bundledWorkerFile, LatticeBoard } from './lattice-board.js'
import { normalCdf } from './normal.js'

export { JUMP_MEAN, JUMP_SECOND_MOMENT, JUMP_TAIL, jumpProbability, jumpTail } from './lattice.js'

const SECONDS_PER_YEAR = MS_PER_YEAR.div(1000)

/**
 * The quote rate implied by a volatility when the file gives none: the compound Poisson's variance per unit time,
 * λ·E[J²]·tick², matched to the market's, (σ·P)² per year: λ = (σ·P / tick)² / (E[J²] · seconds per year).
 */
export function impliedQuoteRate(options: { volatility: Decimal; price: Decimal; tick: Decimal }): number {
  const { volatility, price, tick } = options
  const ticksPerYear = volatility.times(price).div(tick).pow(2)
  return ticksPerYear.div(SECONDS_PER_YEAR).toNumber() / JUMP_SECOND_MOMENT
}

/** The annualized volatility a quote rate implies (the inverse of impliedQuoteRate), for the report. */
export function volatilityOfQuoteRate(options: { quoteRate: number; price: Decimal; tick: Decimal }): number {
  const { quoteRate, price, tick } = options
  const perYear = new Decimal(quoteRate * JUMP_SECOND_MOMENT).times(SECONDS_PER_YEAR)
  return perYear.sqrt().times(tick).div(price).toNumber()
}

/** k = ⌈δ / tick⌉: the ticks the touch must move to reach the order's price; ≤ 0 when it is marketable already. */
export function ticksAway(distance: Decimal, tick: Decimal): number {
  return distance.div(tick).ceil().toNumber()
}

/**
 * Above this many expected quote changes in the latency the sum is taken as normal plus its one-big-jump tail
 * (see crossingProbability): the exact lattice would pass 3,800 points.
 */
export const MAX_EXACT_CHANGES = 2000

/** What the touch does over one latency. */
export interface TickCrossing {
  /** P(the touch has moved k ticks or more toward the order when it arrives). */
  probability: number
  /** λ·L: the expected quote changes in the latency. */
  expectedChanges: number
  /** How it was computed: exactly on the tick lattice, or (λ·L above MAX_EXACT_CHANGES) normal plus the big-jump tail. */
  method: 'lattice' | 'normal'
}

/**
 * Lattices by λ·L, each computed once: a file's orders share its markets and latencies, and the stress view asks
 * again at its own. At most LATTICES are kept (at most 60 KB each, the oldest dropped first): a desk account of
 * 10,000 positions and 500 orders asks for 188 distinct ones, and with room for 64 it computed 408.
 */
const lattices = new Map<number, Lattice>()
const LATTICES = 512

/**
 * The fewest lattices a run must ask for before they are computed on a worker thread (lattice-board.ts): a worker's
 * start costs more than the demo's two lattices (about 9 ms).
 */
export const WORKER_LATTICES = 16

/** The current run's lattices on a worker thread, when prepareLattices started one. */
let board: LatticeBoard | undefined

/**
 * Tells the model which λ·L the run will ask for, in the order it will (see expectedChangesOf): when there are at
 * least WORKER_LATTICES not computed yet, a worker thread starts on them (`workerFile`: the bundle's
 * lattice-worker.cjs; without one, as under the tests' sources or the library, every lattice is computed in-thread).
 */
export function prepareLattices(keys: Iterable<number>, workerFile = bundledWorkerFile()): void {
  board?.stop()
  board = undefined
  const wanted = [...new Set(keys)].filter((key) => Number.isFinite(key) && key > 0 && key <= MAX_EXACT_CHANGES && !lattices.has(key))
  if (wanted.length < WORKER_LATTICES || workerFile === undefined) return
  const next = new LatticeBoard(boardLayout(wanted))
  if (next.start(workerFile)) board = next
}

function latticeOf(expectedChanges: number): Lattice {
  const known = lattices.get(expectedChanges)
  if (known) return known
  if (lattices.size >= LATTICES) lattices.delete(lattices.keys().next().value!)
  const lattice = board?.lattice(expectedChanges) ?? computeLattice(expectedChanges)
  lattices.set(expectedChanges, lattice)
  return lattice
}

/** λ·L, the expected quote changes in `latencyMs` at `quoteRate` per second: the lattice's key. */
export function expectedChangesOf(quoteRate: number, latencyMs: number): number {
  return (quoteRate * latencyMs) / 1000
}

/**
 * P(S ≥ k), S = U − D the net move toward the order, U and D independent one-sided compound Poissons of mean
 * λ·L / 2 each (an even split of the quote changes between the two directions):
 * P(S ≥ k) = Σ_d P(D = d)·P(U ≥ k + d), summed over d up to the bulk of D (its mean plus twelve standard
 * deviations; beyond it the terms are products of two tail chances). P(U = m) is exact (Panjer) up to 2,048
 * ticks past that bulk; beyond, P(U ≥ m) is the one-big-jump term λ·L/2 · Σᵢ P(U = i)·P(J ≥ m − i), the
 * subexponential asymptote of a heavy-tailed sum. k ≤ 0: 1 (marketable already); λ·L = 0: 0.
 * Above MAX_EXACT_CHANGES expected changes (seconds of latency on the busiest books), with s = √(λ·L·E[J²]):
 * Φ(−(k − ½) / s) + λ·L/2 · P(J ≥ max(k, 3s)), the normal bulk and one jump of k ticks or more past it.
 */
export function crossingProbability(options: { ticks: number; quoteRate: number; latencyMs: number }): TickCrossing {
  const { ticks, quoteRate, latencyMs } = options
  const expectedChanges = expectedChangesOf(quoteRate, latencyMs)
  if (ticks <= 0) return { probability: 1, expectedChanges, method: 'lattice' }
  if (expectedChanges === 0) return { probability: 0, expectedChanges, method: 'lattice' }
  if (expectedChanges > MAX_EXACT_CHANGES) {
    const std = Math.sqrt(expectedChanges * JUMP_SECOND_MOMENT)
    const bulk = normalCdf(new Decimal(-(ticks - 0.5) / std)).toNumber()
    return { probability: Math.min(1, bulk + (expectedChanges / 2) * jumpTail(Math.max(ticks, 3 * std))), expectedChanges, method: 'normal' }
  }
  const lattice = latticeOf(expectedChanges)
  const { g, upper, reach } = lattice
  const top = g.length
  let probability = 0
  for (let d = 0; d <= reach; d++) probability += g[d]! * (ticks + d <= top ? upper[ticks + d]! : bigJump(lattice, ticks + d))
  return { probability: Math.min(1, probability), expectedChanges, method: 'lattice' }
}

/** The tick model's parameters for one market. */
export interface TouchParameters {
  tick: Decimal
  /** `file`: tick_size; `inferred`: the finest increment of the book's and the last price's digits. */
  tickSource: 'file' | 'inferred'
  /** λ, quote changes per second. */
  quoteRate: number
  /** `file`: microstructure.quote_rate; `volatility`: impliedQuoteRate at the mid. */
  quoteRateSource: 'file' | 'volatility'
}

/**
 * The finest increment the file's traded prices show, 10^−d with d the most decimal places among the book's
 * prices and the last price (index and mark are computed prices, off the grid): 3149.8 and 3150.4 give 0.1.
 * A venue's tick can be finer than the snapshot shows; tick_size in the file says so.
 */
export function inferredTick(market: Pick<Market, 'book' | 'prices'>): Decimal {
  let places = market.prices.last.decimalPlaces()
  if (market.book) places = Math.max(places, market.book.bids.pricePlaces(), market.book.asks.pricePlaces())
  return new Decimal(10).pow(-places)
}

/** The market's tick and quote rate; a reason instead when neither a quote rate nor a volatility is given. */
export function touchParameters(
  market: Pick<Market, 'book' | 'prices' | 'tick' | 'tickGiven' | 'quoteRate' | 'volatility'>,
  mid: Decimal,
): TouchParameters | string {
  // The file's tick_size when given; otherwise the traded prices' step (the report's printing tick also reads
  // index and mark, which are computed prices off the grid).
  const tick = market.tickGiven ? market.tick : inferredTick(market)
  const tickSource = market.tickGiven ? 'file' : 'inferred'
  if (market.quoteRate) return { tick, tickSource, quoteRate: market.quoteRate.toNumber(), quoteRateSource: 'file' }
  if (!market.volatility) return 'the market has neither microstructure.quote_rate nor volatility'
  return { tick, tickSource, quoteRate: impliedQuoteRate({ volatility: market.volatility, price: mid, tick }), quoteRateSource: 'volatility' }
}
