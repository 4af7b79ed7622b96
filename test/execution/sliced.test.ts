// Sliced execution with refill, by hand. Book: asks 1 @ 101, 2 @ 102, 3 @ 104; mid 100; buy 4 in children.
import { describe, expect, it } from 'vitest'
import { slippageBps } from '../../src/execution/book-walk.js'
import { BookSide } from '../../src/execution/book-side.js'
import { NEVER_REFILLS, childSizes, missingAfter, smallestSliceCount, walkSliced } from '../../src/execution/sliced.js'
import { d, levels, sig, str } from './book.js'

const asks = levels([
  [101, 1],
  [102, 2],
  [104, 3],
])
const mid = d(100)
const slip = (vwap: ReturnType<typeof walkSliced>['vwap']) => sig(slippageBps('buy', vwap!, mid))

describe('missingAfter: 2^(−t/h)', () => {
  it.each([
    { t: 1000, h: 1000, want: '0.5' }, // 2^−1
    { t: 1000, h: 500, want: '0.25' }, // 2^−2
    { t: 1000, h: 2000, want: '0.707106781186547524400844362105' }, // 2^−½ = 1/√2 (30 digits)
    { t: 30000, h: 0, want: '0' }, // h = 0: whole again
    { t: 0, h: 0, want: '0' }, // h = 0 wins even with no pause
    { t: 0, h: 1000, want: '1' }, // no pause: nothing refilled
    { t: 1000, h: NEVER_REFILLS, want: '1' }, // never refilled
  ])('t=$t h=$h', ({ t, h, want }) => {
    expect(sig(missingAfter(t, h))).toBe(want)
  })
})

describe('refilled', () => {
  it('moves each level back toward the snapshot: q0 − (q0 − q_after)·m', () => {
    // After buying 2: [0, 1, 3]. m = 0.5: 1 − 1·0.5 = 0.5; 2 − 1·0.5 = 1.5; 3 − 0 = 3.
    const after = BookSide.of(asks).withSizes([d(0), d(1)])
    expect(
      after
        .refilled(d('0.5'))
        .levels()
        .map((level) => str(level.size)),
    ).toEqual(['0.5', '1.5', '3'])
  })
})

describe('childSizes', () => {
  it('splits equally, the last child taking the exact remainder', () => {
    expect(childSizes(d(4), 2).map(str)).toEqual(['2', '2'])
    const thirds = childSizes(d(1), 3)
    expect(str(thirds.reduce((a, b) => a.plus(b)))).toBe('1')
  })

  it('rejects a slice count that is not a positive integer', () => {
    expect(() => childSizes(d(1), 0)).toThrow(RangeError)
  })
})

describe('walkSliced: 2 children of 2, 1 s apart', () => {
  const cases = [
    // Whole again: each child 1 @ 101 + 1 @ 102 = 203; 406 / 4 = 101.5 → 150 bps; worst 102.
    { name: 'h = 0 (whole again)', h: 0, cost: '406', vwap: '101.5', slip: '150', worst: '102' },
    // m = 0.25: book [0.75, 1.75, 3]; child 2: 0.75 @ 101 + 1.25 @ 102 = 75.75 + 127.5 = 203.25; 406.25 / 4 = 101.5625 → 156.25 bps.
    { name: 'h = 500 ms', h: 500, cost: '406.25', vwap: '101.5625', slip: '156.25', worst: '102' },
    // m = 0.5: book [0.5, 1.5, 3]; child 2: 0.5 @ 101 + 1.5 @ 102 = 50.5 + 153 = 203.5; 406.5 / 4 = 101.625 → 162.5 bps.
    { name: 'h = 1 s', h: 1000, cost: '406.5', vwap: '101.625', slip: '162.5', worst: '102' },
    // m = 1/√2 ≈ 0.7071: book [1 − m, 2 − m, 3] ≈ [0.293, 1.293, 3] holds only 3 − 2m ≈ 1.586 before 104, so
    // child 2 = (1 − m) @ 101 + (2 − m) @ 102 + (2m − 1) @ 104 = 201 + 5m; total 404 + 5m = 407.5355…;
    // VWAP 101 + 5m/4 = 101.8838…; slippage 100 + 125m = 188.3883… bps; worst 104 (30 digits below).
    {
      name: 'h = 2 s',
      h: 2000,
      cost: '407.535533905932737622004221811',
      vwap: '101.883883476483184405501055453',
      slip: '188.388347648318440550105545263',
      worst: '104',
    },
    // Never refilled: child 2 meets [0, 1, 3]: 1 @ 102 + 1 @ 104 = 206; 409 / 4 = 102.25 → 225 bps, the single order's.
    { name: 'never refilled', h: NEVER_REFILLS, cost: '409', vwap: '102.25', slip: '225', worst: '104' },
  ]

  it.each(cases)('$name', ({ h, cost, vwap, slip: want, worst }) => {
    const walk = walkSliced({ levels: asks, size: d(4), slices: 2, intervalMs: 1000, halfLifeMs: h })
    expect({ cost: sig(walk.cost), vwap: sig(walk.vwap), slip: slip(walk.vwap), worst: str(walk.worstPrice), unfilled: str(walk.unfilled) }).toEqual({
      cost,
      vwap,
      slip: want,
      worst,
      unfilled: '0',
    })
  })

  it('one slice is the single order', () => {
    // 409 / 4 = 102.25, whatever the refill.
    expect(str(walkSliced({ levels: asks, size: d(4), slices: 1, intervalMs: 1000, halfLifeMs: 0 }).vwap)).toBe('102.25')
  })
})

describe('walkSliced: more than the book holds', () => {
  it('never refilled: the book runs out and the rest is unfilled', () => {
    // 2 children of 4 into 6: child 1 fills 4 (409), child 2 fills the remaining 2 (2 @ 104 = 208). Filled 6, unfilled 2.
    const walk = walkSliced({ levels: asks, size: d(8), slices: 2, intervalMs: 1000, halfLifeMs: NEVER_REFILLS })
    expect([str(walk.filled), str(walk.unfilled), str(walk.cost)]).toEqual(['6', '2', '617'])
  })

  it('whole again: slicing fills what one order could not', () => {
    // Each child of 4 walks the full book: 409 twice = 818 for 8; VWAP 102.25.
    const walk = walkSliced({ levels: asks, size: d(8), slices: 2, intervalMs: 1000, halfLifeMs: 0 })
    expect([str(walk.filled), str(walk.unfilled), str(walk.vwap)]).toEqual(['8', '0', '102.25'])
  })
})

describe('smallestSliceCount', () => {
  // With the book whole again before each child (h = 0):
  //   n = 1: 225 bps; n = 2: children of 2 → 150 bps;
  //   n = 3: children of 4/3 → 1 @ 101 + 1/3 @ 102 = 135 per 4/3 → VWAP 101.25 → 125 bps;
  //   n = 4: children of 1 → 101 → 100 bps; every larger n also 100 bps.
  const plan = { levels: asks, size: d(4), side: 'buy' as const, reference: mid, intervalMs: 1000 }

  it.each([
    { limit: '300', want: 1 },
    { limit: '150', want: 2 }, // exactly at the limit is no longer over it
    { limit: '130', want: 3 },
    { limit: '120', want: 4 },
    { limit: '99', want: null }, // no count reaches under 100 bps
  ])('whole again, limit $limit bps → $want', ({ limit, want }) => {
    expect(smallestSliceCount({ ...plan, halfLifeMs: 0, limitBps: d(limit) })).toBe(want)
  })

  it('never refilled: slicing cannot help (every count gives the single order’s 225 bps)', () => {
    expect(smallestSliceCount({ ...plan, halfLifeMs: NEVER_REFILLS, limitBps: d(200) })).toBeNull()
  })

  it('counts that leave size unfilled never qualify', () => {
    // Buy 8 into 6, never refilled: nothing fills completely.
    expect(smallestSliceCount({ ...plan, size: d(8), halfLifeMs: NEVER_REFILLS, limitBps: d(10000) })).toBeNull()
  })

  it('stops at maxSlices', () => {
    expect(smallestSliceCount({ ...plan, halfLifeMs: 0, limitBps: d(120), maxSlices: 3 })).toBeNull()
  })
})
