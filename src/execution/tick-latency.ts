// The touch at the tick scale: over an order-entry latency of milliseconds the best price does not diffuse, it
// jumps, a whole number of ticks at a time, a few or a few hundred times, with jump sizes that have a power-law
// tail. Model (docs/latency.md): the opposite best moves by compound Poisson jumps, N ~ Poisson(λ·L) quote
// changes in the latency L, each up or down with even odds by J ticks, P(J ≥ j) = j^−α with α = 3. A resting
// order δ away (k = ⌈δ / tick⌉ ticks) arrives marketable when the touch has moved k ticks or more toward it.
// Probabilities are JS numbers (they are not money); the fee they weight stays decimal.
import { Decimal, MS_PER_YEAR } from '../decimal.js'
import type { Market } from '../model.js'
import { normalCdf } from './normal.js'

/**
 * α, the tail exponent of the jump size in ticks: P(J ≥ j) = j^−α for j = 1, 2, …. Three is the "inverse cubic
 * law" of short-horizon returns (Gopikrishnan et al. 1999, Gabaix et al. 2003): heavy enough that one jump of many
 * ticks is the likeliest way far from the touch, light enough that the variance is finite, so a quote rate can be
 * calibrated from the volatility.
 */
export const JUMP_TAIL = 3

const ZETA_2 = Math.PI ** 2 / 6
const ZETA_3 = 1.2020569031595942

/** E[J] = Σⱼ P(J ≥ j) = ζ(3) ≈ 1.2021 ticks. */
export const JUMP_MEAN = ZETA_3
/** E[J²] = Σⱼ (2j − 1)·P(J ≥ j) = 2ζ(2) − ζ(3) ≈ 2.0878 ticks². */
export const JUMP_SECOND_MOMENT = 2 * ZETA_2 - ZETA_3

const SECONDS_PER_YEAR = MS_PER_YEAR.div(1000)

/** P(J ≥ j) = j^−3 (1 for j ≤ 1). */
export function jumpTail(j: number): number {
  return j <= 1 ? 1 : j ** -JUMP_TAIL
}

/** P(J = j) = j^−3 − (j + 1)^−3 for j ≥ 1. */
export function jumpProbability(j: number): number {
  return j < 1 ? 0 : jumpTail(j) - jumpTail(j + 1)
}

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
/** Lattice points kept beyond the bulk of the one-sided sum; past them its tail is the one-big-jump term. */
const BEYOND_BULK = 2048

/** ln 10²⁸⁰: the step by which the recursion rescales its values to stay inside the double range. */
const RESCALE = 1e280
const LN_RESCALE = 280 * Math.LN10

/**
 * The one-sided compound Poisson pmf g(m) = P(U = m), m = 0…size − 1, U the sum of Poisson(mean) jumps J,
 * by Panjer's recursion: g(0) = e^{−mean}, g(m) = mean / m · Σ_{j=1..m} j·P(J = j)·g(m − j) (all terms
 * positive: stable).
 * Values are kept scaled (g = h·e^{logScale}) so that e^{−mean} below the double range does not zero them.
 */
function compoundPoisson(mean: number, size: number): Float64Array {
  const p = jumpWeights(size)
  const h = new Float64Array(size)
  h[0] = 1
  let logScale = -mean
  for (let m = 1; m < size; m++) {
    h[m] = (mean / m) * convolved(p, h, m)
    if (h[m]! > RESCALE) {
      for (let i = 0; i <= m; i++) h[i] = h[i]! / RESCALE
      logScale += LN_RESCALE
    }
  }
  for (let m = 0; m < size; m++) h[m] = h[m]! === 0 ? 0 : Math.exp(Math.log(h[m]!) + logScale)
  return h
}

/** j·P(J = j) for j < size (index 0 unused): the same numbers at every mean, so computed once for every lattice. */
let weights = new Float64Array(0)

function jumpWeights(size: number): Float64Array {
  if (weights.length < size) {
    weights = new Float64Array(size)
    for (let j = 1; j < size; j++) weights[j] = j * jumpProbability(j)
  }
  return weights
}

/**
 * Σ_{j=1..m} p[j]·h[m − j], summed in that order (every bit of the lattice depends on it). A function of its own
 * so that V8 optimizes it after a few of its 2,000-odd calls per lattice: written inline, the first lattice of a run
 * waited for the whole recursion to be compiled on the stack (about 1 ms of the demo's 7).
 */
function convolved(p: Float64Array, h: Float64Array, m: number): number {
  let sum = 0
  for (let j = 1; j <= m; j++) sum += p[j]! * h[m - j]!
  return sum
}

/** What the touch does over one latency. */
export interface TickCrossing {
  /** P(the touch has moved k ticks or more toward the order when it arrives). */
  probability: number
  /** λ·L: the expected quote changes in the latency. */
  expectedChanges: number
  /** How it was computed: exactly on the tick lattice, or (λ·L above MAX_EXACT_CHANGES) normal plus the big-jump tail. */
  method: 'lattice' | 'normal'
}

/** The one-sided sum's distribution at one λ·L, shared by every distance asked at it. */
interface Lattice {
  mean: number
  /** The bulk of D in ticks: its mean plus twelve standard deviations. */
  reach: number
  /** P(U = m), m < g.length. */
  g: Float64Array
  /** P(U ≥ m), m ≤ g.length. */
  upper: Float64Array
}

/**
 * Lattices by λ·L, each computed once: a file's orders share its markets and latencies, and the stress view asks
 * again at its own. At most LATTICES are kept (at most 60 KB each, the oldest dropped first): a desk account of
 * 10,000 positions and 500 orders asks for 188 distinct ones, and with room for 64 it computed 408.
 */
const lattices = new Map<number, Lattice>()
const LATTICES = 512

function latticeOf(expectedChanges: number): Lattice {
  const known = lattices.get(expectedChanges)
  if (known) return known
  if (lattices.size >= LATTICES) lattices.delete(lattices.keys().next().value!)
  const mean = expectedChanges / 2
  const bulk = Math.ceil(mean * JUMP_MEAN + 12 * Math.sqrt(mean * JUMP_SECOND_MOMENT) + 30)
  const reach = bulk
  const top = reach + 1 + BEYOND_BULK
  const g = compoundPoisson(mean, top)
  // From the top down (small tails keep their digits), seeded with the tail past the lattice.
  const upper = new Float64Array(top + 1)
  const lattice: Lattice = { mean, reach, g, upper }
  upper[top] = bigJump(lattice, top)
  for (let m = top - 1; m >= 0; m--) upper[m] = upper[m + 1]! + g[m]!
  lattices.set(expectedChanges, lattice)
  return lattice
}

/** P(U ≥ m) past the lattice: λ·L/2 · Σᵢ P(U = i)·P(J ≥ m − i), one jump carrying the sum the rest of the way. */
function bigJump(lattice: Lattice, m: number): number {
  const { g, mean } = lattice
  let sum = 0
  for (let i = 0; i < g.length; i++) sum += g[i]! * jumpTail(m - i)
  return Math.min(1, mean * sum)
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
  const expectedChanges = (quoteRate * latencyMs) / 1000
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
