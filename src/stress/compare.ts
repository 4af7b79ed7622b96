// Comparisons of decimals without decimal.js's copies: `x.cmp(y)` copies `y` before it compares, and
// `Decimal.max` / `Decimal.min` copy both arguments and then compare; the stress view compares and floors
// prices at every step of its chains. Each answer is decimal.js's own, and a Decimal is immutable, so the
// object returned stands for the copy decimal.js would have made.
import type { Decimal } from '../decimal.js'

/** `x.cmp(y)` without the copy of `y`: 1, −1, 0, or NaN when either is NaN (decimal.js's comparedTo). */
export function compare(x: Decimal, y: Decimal): number {
  const xd = x.d
  const yd = y.d
  const xs = x.s
  const ys = y.s
  // Either NaN or ±Infinity?
  if (!xd || !yd) return !xs || !ys ? Number.NaN : xs !== ys ? xs : xd === yd ? 0 : !xd !== xs < 0 ? 1 : -1
  // Either zero?
  if (!xd[0] || !yd[0]) return xd[0] ? xs : yd[0] ? -ys : 0
  if (xs !== ys) return xs
  if (x.e !== y.e) return x.e > y.e !== xs < 0 ? 1 : -1
  const n = Math.min(xd.length, yd.length)
  for (let i = 0; i < n; i++) if (xd[i] !== yd[i]) return xd[i]! > yd[i]! !== xs < 0 ? 1 : -1
  return xd.length === yd.length ? 0 : xd.length > yd.length !== xs < 0 ? 1 : -1
}

/** `Decimal.max(x, y)`: the larger; of two equal, `y` when `x` is negative (so −0 against 0 gives 0); NaN when `y` is. */
export function largerOf(x: Decimal, y: Decimal): Decimal {
  if (!y.s) return y
  const order = compare(x, y)
  return order === -1 || (order === 0 && x.s === -1) ? y : x
}

/** `Decimal.min(x, y)`: the smaller; of two equal, `y` when `x` is positive; NaN when `y` is. */
export function smallerOf(x: Decimal, y: Decimal): Decimal {
  if (!y.s) return y
  const order = compare(x, y)
  return order === 1 || (order === 0 && x.s === 1) ? y : x
}

/** `x.gt(0)` without making the 0: a value above zero (+Infinity too; not NaN, not ±0). */
export function aboveZero(x: Decimal): boolean {
  return x.s > 0 && !x.isZero()
}

/** `x.lt(0)` without making the 0: a value below zero (−Infinity too; not NaN, not ±0). */
export function belowZero(x: Decimal): boolean {
  return x.s < 0 && !x.isZero()
}

/** `x.lte(0)` without making the 0: zero of either sign or below it (not NaN). */
export function atMostZero(x: Decimal): boolean {
  return x.s < 0 || x.isZero()
}
