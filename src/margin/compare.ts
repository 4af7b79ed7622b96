// Comparisons of two Decimals without the copy decimal.js makes of its argument: `x.lt(y)` runs `new Decimal(y)`
// (a slice of y's digits) before it compares, and the ladder lookups and the solves compare at every step.
import type { Decimal } from '../decimal.js'

/** x.cmp(y): −1, 0 or 1, decided as decimal.js decides it (its own code for a NaN or an infinity). */
export function compare(x: Decimal, y: Decimal): number {
  const xd = x.d
  const yd = y.d
  if (!xd || !yd) return x.cmp(y)
  const xs = x.s
  const ys = y.s
  if (!xd[0] || !yd[0]) return xd[0] ? xs : yd[0] ? -ys : 0
  if (xs !== ys) return xs
  const negative = xs < 0
  if (x.e !== y.e) return x.e > y.e !== negative ? 1 : -1
  const length = Math.min(xd.length, yd.length)
  for (let i = 0; i < length; i++) if (xd[i] !== yd[i]) return xd[i]! > yd[i]! !== negative ? 1 : -1
  return xd.length === yd.length ? 0 : xd.length > yd.length !== negative ? 1 : -1
}
