// Shared by the execution tests: decimals and book levels written as plain literals.
import type { Decimal } from '../../src/decimal.js'
import type { BookWalk } from '../../src/execution/book-walk.js'
import { BookLevels } from '../../src/model.js'
import { d } from '../helpers.js'

export { d } from '../helpers.js'

/** [[price, size], …] → a book side (best first, as written). */
export function levels(pairs: readonly (readonly [string | number, string | number])[]): BookLevels {
  return BookLevels.of(pairs.map(([price, size]) => ({ price: d(price), size: d(size) })))
}

/** Exact string of a Decimal (or null), for toEqual tables. */
export const str = (value: Decimal | null): string | null => (value === null ? null : value.toFixed())

/** The first `digits` significant digits, for figures that went through a root, a power or Φ. */
export const sig = (value: Decimal | null, digits = 30): string | null => (value === null ? null : value.toSignificantDigits(digits).toFixed())

/** Every figure of a walk, as exact strings. */
export const figures = (walk: BookWalk) => ({
  requested: str(walk.requested),
  filled: str(walk.filled),
  unfilled: str(walk.unfilled),
  extended: str(walk.extended),
  cost: str(walk.cost),
  vwap: str(walk.vwap),
  best: str(walk.bestPrice),
  worst: str(walk.worstPrice),
  levels: walk.levelsConsumed,
  deepest: walk.deepestLevel,
  remaining: walk.remaining.map((size) => str(size)),
})
