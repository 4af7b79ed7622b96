// Book walking by hand: every expected figure below is worked out in the comment beside it.
import { describe, expect, it } from 'vitest'
import { BookSide } from '../../src/execution/book-side.js'
import { depthWithin, levelsHit, midPrice, sizeSensitivity, slippageBps, takerFee, walkBook, walkBookFromTop } from '../../src/execution/book-walk.js'
import { d, figures, levels, sig, str } from './book.js'

// Non-terminating figures (617 / 6) are compared to 30 significant digits.
// Bid 99 / ask 101: mid = (99 + 101) / 2 = 100, so slippage against the mid is (VWAP − 100) bps × 100.
const book = {
  bids: levels([
    [99, 2],
    [98, 1],
    [95, 5],
  ]),
  asks: levels([
    [101, 1],
    [102, 2],
    [104, 3],
  ]),
}

describe('walkBook', () => {
  const cases = [
    // 0.5 @ 101 = 50.5; VWAP 101; one level.
    { name: 'inside the first level', side: 'buy', size: '0.5', filled: '0.5', unfilled: '0', cost: '50.5', vwap: '101', worst: '101', levels: 1, slip: '100' },
    // 1 @ 101 + 1 @ 102 = 203; VWAP 203 / 2 = 101.5; (101.5 − 100) / 100 = 150 bps.
    { name: 'into the second level', side: 'buy', size: '2', filled: '2', unfilled: '0', cost: '203', vwap: '101.5', worst: '102', levels: 2, slip: '150' },
    // 101 + 2 @ 102 + 1 @ 104 = 101 + 204 + 104 = 409; VWAP 409 / 4 = 102.25; 225 bps.
    { name: 'three levels', side: 'buy', size: '4', filled: '4', unfilled: '0', cost: '409', vwap: '102.25', worst: '104', levels: 3, slip: '225' },
    // Exactly the whole side: 101 + 204 + 312 = 617 for 6; VWAP 102.8333…; 283.333… bps; nothing unfilled.
    {
      name: 'the whole side',
      side: 'buy',
      size: '6',
      filled: '6',
      unfilled: '0',
      cost: '617',
      vwap: '102.833333333333333333333333333',
      worst: '104',
      levels: 3,
      slip: '283.333333333333333333333333333',
    },
    // Book holds 6: fill 6 for 617, 2 left unfilled (not priced at 104).
    {
      name: 'exhausted book',
      side: 'buy',
      size: '8',
      filled: '6',
      unfilled: '2',
      cost: '617',
      vwap: '102.833333333333333333333333333',
      worst: '104',
      levels: 3,
      slip: '283.333333333333333333333333333',
    },
    // Sell 2.5 into bids: 2 @ 99 + 0.5 @ 98 = 198 + 49 = 247; VWAP 98.8; −(98.8 − 100) / 100 = 120 bps.
    { name: 'a sell walks the bids', side: 'sell', size: '2.5', filled: '2.5', unfilled: '0', cost: '247', vwap: '98.8', worst: '98', levels: 2, slip: '120' },
  ] as const

  it.each(cases)('$name', ({ name: _name, side, size, ...want }) => {
    const walk = walkBook(levelsHit(book, side), d(size))
    expect({
      filled: str(walk.filled),
      unfilled: str(walk.unfilled),
      cost: str(walk.cost),
      vwap: sig(walk.vwap),
      worst: str(walk.worstPrice),
      levels: walk.levelsConsumed,
      slip: sig(slippageBps(side, walk.vwap!, midPrice(book)!)),
    }).toEqual(want)
  })

  it('reports the size left at each level', () => {
    // Buy 2: level 1 emptied (1 − 1), level 2 half taken (2 − 1), level 3 untouched.
    expect(walkBook(book.asks, d(2)).remaining.map(str)).toEqual(['0', '1', '3'])
  })

  it('fills nothing from an empty side', () => {
    const walk = walkBook(levels([]), d(1))
    expect([str(walk.filled), str(walk.unfilled), walk.vwap, walk.worstPrice, walk.levelsConsumed]).toEqual(['0', '1', null, null, 0])
  })
})

describe('slippage references and fees', () => {
  it('measures against the mid and against a trigger price', () => {
    // Buy 4: VWAP 102.25. Mid 100 → 225 bps. Mark 102.4 → (102.25 − 102.4) / 102.4 = −0.00146484375 → −14.6484375 bps.
    const vwap = walkBook(book.asks, d(4)).vwap!
    expect(str(slippageBps('buy', vwap, d(100)))).toBe('225')
    expect(str(slippageBps('buy', vwap, d('102.4')))).toBe('-14.6484375')
  })

  it('charges the taker rate on the cost', () => {
    // 409 × 0.0005 = 0.2045
    expect(str(takerFee(d(409), d('0.0005')))).toBe('0.2045')
  })

  it('has no mid when a side is empty', () => {
    expect(midPrice({ bids: levels([]), asks: book.asks })).toBeNull()
  })
})

describe('sizeSensitivity', () => {
  it('a book with depth growing away from the top: ratio below 2', () => {
    // Full 4 → 225 bps, half 2 → 150 bps, ratio 225 / 150 = 1.5.
    const got = sizeSensitivity({ levels: book.asks, size: d(4), side: 'buy', reference: d(100) })
    expect([str(got.full), str(got.half), str(got.ratio), got.exhausted]).toEqual(['225', '150', '1.5', false])
  })

  it('a thin top: doubling the size more than doubles the slippage', () => {
    // Mid 100. Half (1): 1 @ 100.1 → 10 bps. Full (2): (100.1 + 101) / 2 = 100.55 → 55 bps. Ratio 5.5.
    const asks = levels([
      [100.1, 1],
      [101, 1],
      [110, 10],
    ])
    const got = sizeSensitivity({ levels: asks, size: d(2), side: 'buy', reference: d(100) })
    expect([str(got.full), str(got.half), str(got.ratio)]).toEqual(['55', '10', '5.5'])
  })

  it('flags an exhausted book and gives no ratio against zero', () => {
    // Reference 101 = the only ask: half (0.5) fills at 101 → 0 bps, so no ratio; full (2) exhausts the 1 on offer.
    const got = sizeSensitivity({ levels: levels([[101, 1]]), size: d(2), side: 'buy', reference: d(101) })
    expect([str(got.full), str(got.half), got.ratio, got.exhausted]).toEqual(['0', '0', null, true])
  })
})

describe('depthWithin', () => {
  it('counts the levels within the band around the mid', () => {
    // Mid 100, 0.5% band: prices in [99.5, 100.5]. Asks 100.2 (1) and 100.5 (2, on the edge) count, 100.6 does not.
    const asks = levels([
      [100.2, 1],
      [100.5, 2],
      [100.6, 4],
    ])
    expect(str(depthWithin(asks, d(100), d('0.005')))).toBe('3')
    // Bids 99.5 (edge) counts, 99.4 does not.
    expect(
      str(
        depthWithin(
          levels([
            [99.8, 1],
            [99.5, 1],
            [99.4, 9],
          ]),
          d(100),
          d('0.005'),
        ),
      ),
    ).toBe('2')
  })
})

describe('walkBookFromTop', () => {
  // Every walk from the top of one side, in an order that both extends its running sums and reads back from them,
  // must give walkBook's walk: figures, levels, and what it leaves of the side.
  const asks = () =>
    BookSide.of(
      levels([
        [101, 1],
        [102, 0],
        [102.5, '2.25'],
        [104, 3],
        [105, 4],
      ]),
    ).movedBy(d('0.0000000000000000000000000000000001234567'))
  const extension = { reference: d(100), maxImpact: d('0.2') }
  const sizes = [
    '0.5', // inside the first level
    '1', // exactly the first level: it is left at 0
    '1.000000001', // a hair into the third (the second is empty)
    '3.25', // exactly through the third
    '10.25', // the whole side
    '11', // past it: the extension's part, or unfilled without one
    '4', // back inside, from the sums already read
    '0.000000000000000000000000000000000000000000001', // 46 decimal places: walked level by level
    '0',
    '1', // exactly through a level again, now that the sums go past it
    '3.25',
  ]
  for (const withExtension of [false, true]) {
    it(`gives walkBook's walk for every size ${withExtension ? 'with' : 'without'} an extension`, () => {
      const side = asks()
      for (const size of sizes) {
        const ext = withExtension ? extension : undefined
        expect(figures(walkBookFromTop(side, d(size), ext)), size).toEqual(figures(walkBook(asks(), d(size), ext)))
      }
    })
  }
  it('takes the rest at the level where the running sum reaches the size', () => {
    const side = asks()
    walkBookFromTop(side, d(11))
    // The prices are moved by 1.234567e-34 and rounded to 40 digits (101.000…01235, 102.500…01235):
    // 1 @ 101.000…01235 + 0.5 @ 102.500…01235 = 152.25 + 1.8525e-34, rounded half-even to …01852. The empty level is left as it was.
    const walk = walkBookFromTop(side, d('1.5'))
    expect([str(walk.cost), walk.levelsConsumed, walk.deepestLevel, walk.remaining.map(str)]).toEqual([
      '152.2500000000000000000000000000000001852',
      2,
      2,
      ['0', '0', '1.75', '3', '4'],
    ])
  })
})
