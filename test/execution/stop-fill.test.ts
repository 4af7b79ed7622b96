// The stop's own fill: the hit side shifted to start at the stop, walked for the whole position,
// then moved one σ_L against the position.
import { describe, expect, it } from 'vitest'
import { exitSide, shiftLevels, stopFill } from '../../src/execution/stop-fill.js'
import { d, levels, str } from './book.js'

const book = {
  bids: levels([
    [63990, 1.2],
    [63980, 3.4],
    [63900, 5],
  ]),
  asks: levels([
    [64000, 0.8],
    [64010, 2.0],
  ]),
}
// L = year / 10 000 → √(L / year) = 0.01; with σ = 0.5 the move is stop × 0.005.
const EXACT_LATENCY_MS = 3_153_600

describe('exitSide', () => {
  it('a long sells, a short buys', () => {
    expect([exitSide('long'), exitSide('short')]).toEqual(['sell', 'buy'])
  })
})

describe('shiftLevels', () => {
  it('keeps the gaps and sizes, starting at the given price', () => {
    // Offset 59 000 − 63 990 = −4 990: 63 990 → 59 000, 63 980 → 58 990, 63 900 → 58 910.
    expect(shiftLevels(book.bids, d(59000)).map((l) => [str(l.price), str(l.size)])).toEqual([
      ['59000', '1.2'],
      ['58990', '3.4'],
      ['58910', '5'],
    ])
  })

  it('drops levels shifted to a price at or below zero', () => {
    // Offset 45 − 100 = −55: 100 → 45, 50 → −5 (dropped), 55 → 0 (dropped).
    expect(
      shiftLevels(
        levels([
          [100, 1],
          [55, 1],
          [50, 1],
        ]),
        d(45),
      ).map((l) => str(l.price)),
    ).toEqual(['45'])
  })

  it('an empty side stays empty', () => expect(shiftLevels([], d(1))).toEqual([]))
})

describe('stopFill', () => {
  it('long 3 stopped at 59 000, σ = 0.5', () => {
    // Shifted bids 59 000 (1.2), 58 990 (3.4): 1.2·59 000 + 1.8·58 990 = 70 800 + 106 182 = 176 982; VWAP 58 994.
    // Move: 59 000·0.5·0.01 = 295 down → expected fill 58 699; cost 3 × 58 699 = 176 097.
    const fill = stopFill({ book, side: 'long', size: d(3), stopPrice: d(59000), latencyMs: EXACT_LATENCY_MS, volatility: d('0.5') })
    expect([fill.side, str(fill.walk.vwap), str(fill.latencyMove), str(fill.expectedFill), str(fill.expectedCost), str(fill.walk.unfilled)]).toEqual([
      'sell',
      '58994',
      '295',
      '58699',
      '176097',
      '0',
    ])
  })

  it('short 2 stopped at 66 000, σ = 0.5', () => {
    // Shifted asks 66 000 (0.8), 66 010 (2): 0.8·66 000 + 1.2·66 010 = 52 800 + 79 212 = 132 012; VWAP 66 006.
    // Move: 66 000·0.005 = 330 up → 66 336.
    const fill = stopFill({ book, side: 'short', size: d(2), stopPrice: d(66000), latencyMs: EXACT_LATENCY_MS, volatility: d('0.5') })
    expect([fill.side, str(fill.walk.vwap), str(fill.latencyMove), str(fill.expectedFill)]).toEqual(['buy', '66006', '330', '66336'])
  })

  it('without volatility no latency move is applied', () => {
    const fill = stopFill({ book, side: 'long', size: d(3), stopPrice: d(59000), latencyMs: 200 })
    expect([fill.latencyMove, str(fill.expectedFill)]).toEqual([null, '58994'])
  })

  it('a stop larger than the book leaves size unfilled', () => {
    // Asks hold 0.8 + 2 = 2.8; short 5 → 2.2 unfilled; VWAP of the 2.8 filled = (0.8·66 000 + 2·66 010) / 2.8
    // = (52 800 + 132 020) / 2.8 = 184 820 / 2.8 = 66 007.142857…
    const fill = stopFill({ book, side: 'short', size: d(5), stopPrice: d(66000), latencyMs: 0 })
    expect([str(fill.walk.filled), str(fill.walk.unfilled), fill.walk.vwap!.toSignificantDigits(12).toFixed()]).toEqual(['2.8', '2.2', '66007.1428571'])
  })
})
