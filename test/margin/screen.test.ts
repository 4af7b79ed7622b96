// The float screen of an exposure's pieces (PieceScreen) must name the same piece as a walk of the pieces one
// by one: the first, in a range and a direction, at an end of which y + s·x reaches c. Seeded pieces (ends
// shared between neighbours, with and without a jump there), every range and direction, both sides, and the
// boundary rows: a value exactly at c, an empty range, one piece, a leaf's size and one more.
import { describe, expect, it } from 'vitest'
import { PieceScreen } from '../../src/margin/screen.js'
import { rng } from './load.js'

/** Pieces as an exposure's: x from 0 ascending, y = amount − rate·x on each, rates rising; `jumps`: amounts off the ladder. */
function pieces(count: number, random: () => number, jumps: boolean): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(2 * count)
  const y = new Float64Array(2 * count)
  let at = 0
  let rate = 1 + random()
  let amount = 0
  for (let k = 0; k < count; k++) {
    const next = at + 0.001 + random()
    x[2 * k] = at
    x[2 * k + 1] = next
    y[2 * k] = amount - rate * at
    y[2 * k + 1] = amount - rate * next
    const step = random()
    rate += step
    amount += step * next + (jumps ? random() - 0.5 : 0)
    at = next
  }
  return { x, y }
}

/** The walk the screen replaces: every piece in the range, one by one. */
function walked(x: Float64Array, y: Float64Array, from: number, to: number, s: number, c: number, side: 'below' | 'above', direction: 'up' | 'down'): number {
  const touches = (k: number) => [2 * k, 2 * k + 1].some((p) => (side === 'below' ? y[p]! + s * x[p]! <= c : y[p]! + s * x[p]! >= c))
  if (direction === 'up') {
    for (let k = from; k <= to; k++) if (touches(k)) return k
  } else {
    for (let k = to; k >= from; k--) if (touches(k)) return k
  }
  return -1
}

describe('PieceScreen.firstTouching = a walk of the pieces', () => {
  it.each([
    [1, 200, false],
    [2, 200, true],
    [3, 1000, false],
    [4, 16, false],
    [5, 17, true],
    [6, 1, false],
  ])('seed %i: %i pieces (jumps at the ends: %s)', (seed, count, jumps) => {
    const random = rng(seed)
    const { x, y } = pieces(count, random, jumps)
    const screen = new PieceScreen(x, y)
    for (let trial = 0; trial < 300; trial++) {
      const a = Math.floor(random() * count)
      const b = Math.floor(random() * count)
      const [from, to] = [Math.min(a, b), Math.max(a, b)]
      // Slopes around the pieces' own (so the line meets the function somewhere), thresholds across its values.
      const s = (random() - 0.3) * 3 * (1 + count / 10)
      const p = Math.floor(random() * y.length)
      const c = y[p]! + s * x[p]! + (random() - 0.5) * 2
      for (const side of ['below', 'above'] as const)
        for (const direction of ['up', 'down'] as const)
          expect(screen.firstTouching(from, to, s, c, side, direction), `${from}..${to} ${side} ${direction}`).toBe(
            walked(x, y, from, to, s, c, side, direction),
          )
    }
  })

  it('boundary rows: a value exactly at c touches (both sides); an empty or outside range finds nothing', () => {
    // Two pieces: (0, 0)–(1, −1) and (1, −1)–(2, −1.5); with s = 0 the ends' values are 0, −1, −1, −1.5.
    const screen = new PieceScreen(Float64Array.from([0, 1, 1, 2]), Float64Array.from([0, -1, -1, -1.5]))
    const rows: [number, number, number, number, 'below' | 'above', 'up' | 'down', number][] = [
      [0, 1, 0, -1.5, 'below', 'up', 1],
      [0, 1, 0, -1.5000001, 'below', 'up', -1],
      [0, 1, 0, -1, 'below', 'up', 0],
      [0, 1, 0, -1, 'below', 'down', 1],
      [0, 1, 0, 0, 'above', 'down', 0],
      [0, 1, 0, 1e-12, 'above', 'down', -1],
      [1, 1, 0, -1, 'above', 'up', 1],
      [1, 0, 0, 10, 'below', 'up', -1],
      [2, 5, 0, 10, 'below', 'up', -1],
      // A slope tilts the ends: s = 1 gives 0, 0, 0, 0.5.
      [0, 1, 1, 0, 'below', 'down', 1],
      [0, 1, 1, -1e-12, 'below', 'down', -1],
      [0, 1, 1, 0.5, 'above', 'up', 1],
    ]
    for (const [from, to, s, c, side, direction, expected] of rows)
      expect(screen.firstTouching(from, to, s, c, side, direction), `${from}..${to} s ${s} c ${c} ${side} ${direction}`).toBe(expected)
  })

  it('two points per piece are required', () => {
    expect(() => new PieceScreen(Float64Array.from([0, 1, 2]), Float64Array.from([0, 1, 2]))).toThrow()
  })
})
