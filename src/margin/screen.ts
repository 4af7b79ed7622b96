// A float screen over the pieces of an exposure's maintenance margin: which is the first piece, walking up or
// down a range, at one of whose ends a line may reach the function. Built once per exposure (from its float
// figures, for screening only: never a reported figure), it answers in O(log² n) what a walk of the pieces
// answers in O(n), so a what-if in a market of thousands of positions does not walk them.

/**
 * Pieces 0..n−1, each known by its two ends: points (x[2k], y[2k]) and (x[2k+1], y[2k+1]), x ascending over the
 * whole sequence. `firstTouching` finds the first piece of a range, walking in a direction, at an end of which
 * y + s·x ≤ c (`below`) or y + s·x ≥ c (`above`). Blocks of pieces keep the lower convex hull of their ends' points
 * (and that of the points mirrored, y → −y, for `above`): a block whose hull is clear of the line is passed over in
 * one binary search of its hull.
 */
export class PieceScreen {
  readonly #x: Float64Array
  readonly #y: Float64Array
  readonly #root: ScreenNode

  constructor(x: Float64Array, y: Float64Array) {
    if (x.length !== y.length || x.length % 2 !== 0) throw new Error('a piece screen needs two points per piece')
    this.#x = x
    this.#y = y
    this.#root = this.#build(0, x.length / 2)
  }

  get pieces(): number {
    return this.#x.length / 2
  }

  /**
   * The first piece k in [from, to] (walking up: the lowest; down: the highest) with y + s·x ≤ c (`below`) or ≥ c
   * (`above`) at one of its ends; −1 when none is.
   */
  firstTouching(from: number, to: number, s: number, c: number, side: 'below' | 'above', direction: 'up' | 'down'): number {
    if (from > to) return -1
    return this.#search(this.#root, Math.max(0, from), Math.min(this.pieces - 1, to), s, c, side, direction)
  }

  #search(node: ScreenNode, from: number, to: number, s: number, c: number, side: 'below' | 'above', direction: 'up' | 'down'): number {
    if (node.end <= from || node.start > to) return -1
    if (node.start >= from && node.end - 1 <= to && !this.#touches(node, s, c, side)) return -1
    if (!node.low) {
      const lo = Math.max(from, node.start)
      const hi = Math.min(to, node.end - 1)
      if (direction === 'up') {
        for (let k = lo; k <= hi; k++) if (this.#pieceTouches(k, s, c, side)) return k
      } else {
        for (let k = hi; k >= lo; k--) if (this.#pieceTouches(k, s, c, side)) return k
      }
      return -1
    }
    const [first, second] = direction === 'up' ? [node.low, node.high!] : [node.high!, node.low]
    const found = this.#search(first, from, to, s, c, side, direction)
    return found >= 0 ? found : this.#search(second, from, to, s, c, side, direction)
  }

  #pieceTouches(k: number, s: number, c: number, side: 'below' | 'above'): boolean {
    const a = this.#y[2 * k]! + s * this.#x[2 * k]!
    const b = this.#y[2 * k + 1]! + s * this.#x[2 * k + 1]!
    return side === 'below' ? a <= c || b <= c : a >= c || b >= c
  }

  /** Whether some end point of the node's pieces may touch: the least (greatest) y + s·x over its hull against c. */
  #touches(node: ScreenNode, s: number, c: number, side: 'below' | 'above'): boolean {
    if (side === 'below') return leastOnHull(node.hull, this.#x, this.#y, 1, s) <= c
    return -leastOnHull(node.mirrored, this.#x, this.#y, -1, -s) >= c
  }

  #build(start: number, end: number): ScreenNode {
    if (end - start <= LEAF) {
      const points = Array.from({ length: 2 * (end - start) }, (_, i) => 2 * start + i)
      return { start, end, low: null, high: null, hull: lowerHull(points, this.#x, this.#y, 1), mirrored: lowerHull(points, this.#x, this.#y, -1) }
    }
    const middle = (start + end) >> 1
    const low = this.#build(start, middle)
    const high = this.#build(middle, end)
    return {
      start,
      end,
      low,
      high,
      hull: lowerHull(merged(low.hull, high.hull, this.#x, this.#y, 1), this.#x, this.#y, 1),
      mirrored: lowerHull(merged(low.mirrored, high.mirrored, this.#x, this.#y, -1), this.#x, this.#y, -1),
    }
  }
}

/** Pieces a leaf holds: scanned one by one once its hull shows it may touch. */
const LEAF = 16

interface ScreenNode {
  /** Pieces [start, end). */
  start: number
  end: number
  low: ScreenNode | null
  high: ScreenNode | null
  /** Indices of the points on the lower hull of (x, y), and of (x, −y), by ascending x. */
  hull: Int32Array
  mirrored: Int32Array
}

/** Two point lists, each ascending in (x, flip·y), merged into one. */
function merged(a: Int32Array, b: Int32Array, x: Float64Array, y: Float64Array, flip: 1 | -1): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && before(a[i]!, b[j]!, x, y, flip))) out.push(a[i++]!)
    else out.push(b[j++]!)
  }
  return out
}

function before(p: number, q: number, x: Float64Array, y: Float64Array, flip: 1 | -1): boolean {
  return x[p]! < x[q]! || (x[p] === x[q] && flip * y[p]! <= flip * y[q]!)
}

/** The lower convex hull (Andrew's monotone chain) of points given ascending in x, of (x, flip·y). */
function lowerHull(points: number[], x: Float64Array, y: Float64Array, flip: 1 | -1): Int32Array {
  const sorted = points.every((p, i) => i === 0 || before(points[i - 1]!, p, x, y, flip))
    ? points
    : [...points].sort((p, q) => (before(p, q, x, y, flip) ? -1 : 1))
  const hull: number[] = []
  for (const p of sorted) {
    while (hull.length >= 2) {
      const o = hull[hull.length - 2]!
      const a = hull[hull.length - 1]!
      const cross = (x[a]! - x[o]!) * (flip * y[p]! - flip * y[o]!) - (flip * y[a]! - flip * y[o]!) * (x[p]! - x[o]!)
      if (cross > 0) break
      hull.pop()
    }
    hull.push(p)
  }
  return Int32Array.from(hull)
}

/** The least flip·y + s·x over a lower hull of (x, flip·y): convex along the hull, found by binary search. */
function leastOnHull(hull: Int32Array, x: Float64Array, y: Float64Array, flip: 1 | -1, s: number): number {
  const value = (i: number) => flip * y[hull[i]!]! + s * x[hull[i]!]!
  let lo = 0
  let hi = hull.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (value(mid + 1) < value(mid)) lo = mid + 1
    else hi = mid
  }
  return value(lo)
}
