// Finding the move at which something first breaks: a scan outward over a fixed mesh of market-wide moves
// (which always includes the file's own grid), then bisection inside the first bracket that breaks.
// Bounded on purpose: a fixed mesh and a fixed number of halvings keep every search fast and repeatable.
import { Decimal, ZERO } from '../decimal.js'

export type Direction = 'down' | 'up'

/** Halvings of a bracket: a 25% bracket ends narrower than 10⁻¹³. */
export const BISECTION_STEPS = 40

/** The furthest market-wide move searched: −100% down (every price with β ≥ 1 at its floor), +300% up. */
export const SEARCH_LIMIT: Record<Direction, Decimal> = { down: new Decimal(-1), up: new Decimal(3) }

/**
 * The mesh of market-wide moves scanned outward from 0 in one direction, in order: every 1% to 30%,
 * every 5% to 100%, then (up only) every 25% to 300%, plus the file's grid moves in that direction.
 * A break that starts and heals between two mesh points is not seen (documented in docs/checks/stress.md).
 */
export function meshFor(direction: Direction, grid: readonly Decimal[]): Decimal[] {
  const sign = direction === 'down' ? -1 : 1
  const magnitudes: Decimal[] = []
  for (let k = 1; k <= 30; k++) magnitudes.push(new Decimal(k).div(100))
  for (let k = 7; k <= 20; k++) magnitudes.push(new Decimal(k).div(20))
  if (direction === 'up') for (let k = 5; k <= 12; k++) magnitudes.push(new Decimal(k).div(4))
  const moves = [...magnitudes.map((m) => m.mul(sign)), ...grid.filter((m) => (sign < 0 ? m.lt(0) : m.gt(0)))]
  return moves.sort((a, b) => a.abs().cmp(b.abs())).filter((m, i, all) => i === 0 || !m.eq(all[i - 1]!))
}

/** A bracket around the first break: `safe` does not break, `broken` does, and nothing on the mesh before `safe` broke. */
export interface Bracket {
  safe: Decimal
  broken: Decimal
}

/**
 * The first break moving outward from `from` (which must not break) through the mesh points beyond it up to
 * `to` inclusive, narrowed by bisection to BISECTION_STEPS halvings. Null when no point up to `to` breaks.
 */
export function firstBreak(breaks: (move: Decimal) => boolean, options: { from: Decimal; to: Decimal; mesh: readonly Decimal[] }): Bracket | null {
  const { from, to, mesh } = options
  const points = [...mesh.filter((m) => m.abs().gt(from.abs()) && m.abs().lt(to.abs())), to]
  let safe = from
  let broken: Decimal | null = null
  for (const point of points) {
    if (breaks(point)) {
      broken = point
      break
    }
    safe = point
  }
  if (broken === null) return null
  for (let i = 0; i < BISECTION_STEPS; i++) {
    const middle = safe.plus(broken).div(2)
    if (breaks(middle)) broken = middle
    else safe = middle
  }
  return { safe, broken }
}

/** How close to zero, relative to the surplus across the bracket, counts as zero at the secant point (rounding of 40 digits). */
const ROUNDING = new Decimal('1e-25')

/**
 * Where an affine margin surplus reaches zero inside a bracket (the secant through its ends); the broken end
 * when the surplus at the secant point is not zero to within rounding (it bends inside the bracket, e.g. at a
 * tier change), so the move reported always reaches maintenance.
 */
export function refineRoot(surplus: (move: Decimal) => Decimal, bracket: Bracket): Decimal {
  const atSafe = surplus(bracket.safe)
  const atBroken = surplus(bracket.broken)
  const span = atSafe.minus(atBroken)
  if (span.lte(0)) return bracket.broken
  const root = bracket.safe.plus(bracket.broken.minus(bracket.safe).mul(atSafe).div(span))
  const inside = root.minus(bracket.safe).mul(root.minus(bracket.broken)).lte(ZERO)
  return inside && surplus(root).lte(span.mul(ROUNDING)) ? root : bracket.broken
}
