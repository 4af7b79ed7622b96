// Sliced execution: n equal child orders t apart, each walking a book whose consumed depth has only
// partly refilled. Guards the "just slice it" assumption: slicing helps only as fast as the book refills.
import { Decimal, ONE, ZERO } from '../decimal.js'
import type { BookLevels, OrderSide } from '../model.js'
import { BookSide } from './book-side.js'
import { slippageBps, walkBook, type BookExtension, type BookWalk } from './book-walk.js'

/** Half-life meaning "consumed depth never comes back" (the pessimistic bound when refill is unknown). */
export const NEVER_REFILLS = Number.POSITIVE_INFINITY

/** The most child orders a plan is searched over for a slice count that meets a slippage limit. */
export const MAX_SLICES = 32

/**
 * Fraction of the consumed depth still missing after a pause of `intervalMs`, with refill half-life
 * `halfLifeMs`: 2^(−t/h), computed in decimal.js. h = 0 gives 0 (whole again, whatever the pause);
 * h = NEVER_REFILLS gives 1 (nothing comes back); t = 0 with h > 0 gives 1.
 */
export function missingAfter(intervalMs: number, halfLifeMs: number): Decimal {
  if (halfLifeMs === 0) return ZERO
  if (halfLifeMs === NEVER_REFILLS) return ONE
  return new Decimal(2).pow(new Decimal(-intervalMs).div(halfLifeMs))
}

/** A sliced plan's combined fill. */
export interface SlicedWalk {
  slices: number
  /** Size of every child but the last; the last takes the remainder so the children add up exactly. */
  childSize: Decimal
  requested: Decimal
  filled: Decimal
  unfilled: Decimal
  /** The part of `filled` the children took from the book's extension past its last visible level. */
  extended: Decimal
  cost: Decimal
  /** Total cost / total filled; null when nothing filled. */
  vwap: Decimal | null
  /** Worst price any child touched; null when nothing filled. */
  worstPrice: Decimal | null
  children: BookWalk[]
}

/** Decimal places a child size carries beyond the order size's own (so children add up exactly). */
const CHILD_EXTRA_PLACES = 18

/**
 * Splits `size` into `slices` children: size/slices cut to the size's own decimal places + 18, and the
 * last child the exact remainder, so the children add up to `size` with no rounding (a 40-digit quotient
 * times n − 1 would not).
 */
export function childSizes(size: Decimal, slices: number): Decimal[] {
  if (!Number.isInteger(slices) || slices < 1) throw new RangeError(`slices must be a positive integer, got ${slices}`)
  const child = size.div(slices).toDecimalPlaces(size.decimalPlaces() + CHILD_EXTRA_PLACES, Decimal.ROUND_DOWN)
  const sizes = Array.from({ length: slices - 1 }, () => child)
  return [...sizes, size.minus(child.times(slices - 1))]
}

/**
 * Fills `size` as `slices` equal children `intervalMs` apart. The first child walks the snapshot; each
 * later one walks the book left by the previous child, refilled toward the snapshot over the pause with
 * half-life `halfLifeMs` (0: whole again; NEVER_REFILLS: never refilled). A child the book cannot fill
 * leaves its rest unfilled; later children still try. With an `extension`, each child continues past the
 * visible levels into the snapshot's square-root extension; the part earlier children took of it refills as
 * the levels do (the missing share 2^(−t/h) of it is still taken), so a never-refilled plan walks the same
 * book, extension included, as one order of the whole size.
 */
export function walkSliced(options: {
  levels: BookLevels
  size: Decimal
  slices: number
  intervalMs: number
  halfLifeMs: number
  extension?: BookExtension
}): SlicedWalk {
  const { levels, size, slices, intervalMs, halfLifeMs, extension } = options
  const missing = missingAfter(intervalMs, halfLifeMs)
  const sizes = childSizes(size, slices)
  const children: BookWalk[] = []
  const snapshot = BookSide.of(levels)
  let book = snapshot
  let taken = ZERO
  for (const child of sizes) {
    const walk = walkBook(book, child, extension && { ...extension, calibratedOn: snapshot, taken })
    children.push(walk)
    // Each level after the pause: q0 − (q0 − q_after)·2^(−t/h), q0 the snapshot size and q_after the size the
    // child left (peers-and-models B.4, with e^(−ρt) = 2^(−t/h)). No permanent price shift.
    book = walk.after.refilled(missing)
    taken = taken.plus(walk.extended).times(missing)
  }
  const filled = children.reduce((sum, walk) => sum.plus(walk.filled), ZERO)
  const cost = children.reduce((sum, walk) => sum.plus(walk.cost), ZERO)
  const deepest = Math.max(-1, ...children.map((walk) => walk.deepestLevel))
  return {
    slices,
    childSize: sizes[0] ?? size,
    requested: size,
    filled,
    unfilled: size.minus(filled),
    extended: children.reduce((sum, walk) => sum.plus(walk.extended), ZERO),
    cost,
    vwap: filled.gt(0) ? cost.div(filled) : null,
    worstPrice: extendedWorst(children, levels) ?? (deepest >= 0 ? levels.price(deepest) : null),
    children,
  }
}

/** The worst price a child reached in the extension (the farthest from the best level), or undefined when none went past the book. */
function extendedWorst(children: readonly BookWalk[], levels: BookLevels): Decimal | undefined {
  const best = levels.length > 0 ? levels.price(0) : undefined
  let worst: Decimal | undefined
  for (const walk of children) {
    if (!best || walk.extended.isZero() || !walk.worstPrice) continue
    if (!worst || walk.worstPrice.minus(best).abs().gt(worst.minus(best).abs())) worst = walk.worstPrice
  }
  return worst
}

/**
 * The smallest slice count n (1 … maxSlices) whose plan, with the same interval and half-life, fills
 * completely with slippage against `reference` at or below `limitBps` (i.e. no longer over the limit);
 * null when no count up to maxSlices does.
 */
export function smallestSliceCount(options: {
  levels: BookLevels
  size: Decimal
  side: OrderSide
  reference: Decimal
  intervalMs: number
  halfLifeMs: number
  limitBps: Decimal
  maxSlices?: number
  extension?: BookExtension
}): number | null {
  const { side, reference, limitBps, maxSlices = MAX_SLICES, ...plan } = options
  for (let slices = 1; slices <= maxSlices; slices++) {
    const walk = walkSliced({ ...plan, slices })
    if (walk.unfilled.isZero() && walk.vwap && slippageBps(side, walk.vwap, reference).lte(limitBps)) return slices
  }
  return null
}
