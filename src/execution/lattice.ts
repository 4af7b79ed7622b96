// The tick model's lattice (tick-latency.ts): the one-sided compound Poisson pmf of the touch's move at one λ·L,
// by Panjer's recursion, and its upper tail. Plain float arithmetic and no imports, so that the lattice worker's
// bundle (lattice-board.ts) is this file and nothing else: a lattice computed there runs the same code, in the same
// order of operations, as one computed on the main thread, and has the same bits.

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

/** P(J ≥ j) = j^−3 (1 for j ≤ 1). */
export function jumpTail(j: number): number {
  return j <= 1 ? 1 : j ** -JUMP_TAIL
}

/** P(J = j) = j^−3 − (j + 1)^−3 for j ≥ 1. */
export function jumpProbability(j: number): number {
  return j < 1 ? 0 : jumpTail(j) - jumpTail(j + 1)
}

/** Lattice points kept beyond the bulk of the one-sided sum; past them its tail is the one-big-jump term. */
const BEYOND_BULK = 2048

/** ln 10²⁸⁰: the step by which the recursion rescales its values to stay inside the double range. */
const RESCALE = 1e280
const LN_RESCALE = 280 * Math.LN10

/** The one-sided sum's distribution at one λ·L, shared by every distance asked at it. */
export interface Lattice {
  mean: number
  /** The bulk of D in ticks: its mean plus twelve standard deviations. */
  reach: number
  /** P(U = m), m < g.length. */
  g: Float64Array
  /** P(U ≥ m), m ≤ g.length. */
  upper: Float64Array
}

/** The lattice's mean (each side's λ·L / 2), reach and number of points (g.length; upper has one more). */
export function latticeSize(expectedChanges: number): { mean: number; reach: number; top: number } {
  const mean = expectedChanges / 2
  const reach = Math.ceil(mean * JUMP_MEAN + 12 * Math.sqrt(mean * JUMP_SECOND_MOMENT) + 30)
  return { mean, reach, top: reach + 1 + BEYOND_BULK }
}

/**
 * The lattice at λ·L = `expectedChanges`, written into `g` (latticeSize's top points) and `upper` (one more):
 * arrays of their own, or views of the lattice board's shared memory.
 */
export function fillLattice(expectedChanges: number, g: Float64Array, upper: Float64Array): Lattice {
  const { mean, reach, top } = latticeSize(expectedChanges)
  compoundPoisson(mean, g)
  // From the top down (small tails keep their digits), seeded with the tail past the lattice.
  const lattice: Lattice = { mean, reach, g, upper }
  upper[top] = bigJump(lattice, top)
  for (let m = top - 1; m >= 0; m--) upper[m] = upper[m + 1]! + g[m]!
  return lattice
}

/** The lattice at λ·L = `expectedChanges` in arrays of its own. */
export function computeLattice(expectedChanges: number): Lattice {
  const { top } = latticeSize(expectedChanges)
  return fillLattice(expectedChanges, new Float64Array(top), new Float64Array(top + 1))
}

/**
 * The one-sided compound Poisson pmf h(m) = P(U = m), m = 0…h.length − 1, U the sum of Poisson(mean) jumps J,
 * by Panjer's recursion: g(0) = e^{−mean}, g(m) = mean / m · Σ_{j=1..m} j·P(J = j)·g(m − j) (all terms
 * positive: stable).
 * Values are kept scaled (g = h·e^{logScale}) so that e^{−mean} below the double range does not zero them.
 */
function compoundPoisson(mean: number, h: Float64Array): void {
  const size = h.length
  const p = jumpWeights(size)
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

/** P(U ≥ m) past the lattice: λ·L/2 · Σᵢ P(U = i)·P(J ≥ m − i), one jump carrying the sum the rest of the way. */
export function bigJump(lattice: Lattice, m: number): number {
  const { g, mean } = lattice
  let sum = 0
  for (let i = 0; i < g.length; i++) sum += g[i]! * jumpTail(m - i)
  return Math.min(1, mean * sum)
}
