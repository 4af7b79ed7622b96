// The stop's own fill: the hit side shifted to start at the stop, walked for the whole position,
// then moved one σ_L against the position.
import { describe, expect, it } from 'vitest'
import { exitSide, shiftedSide, stopFill, triggersNow } from '../../src/execution/stop-fill.js'
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

describe('shiftedSide', () => {
  it('keeps the gaps and sizes, starting at the given price', () => {
    // Offset 59 000 − 63 990 = −4 990: 63 990 → 59 000, 63 980 → 58 990, 63 900 → 58 910.
    expect(
      shiftedSide(book.bids, d(59000))
        .levels()
        .map((l) => [str(l.price), str(l.size)]),
    ).toEqual([
      ['59000', '1.2'],
      ['58990', '3.4'],
      ['58910', '5'],
    ])
  })

  it('drops levels shifted to a price at or below zero', () => {
    // Offset 45 − 100 = −55: 100 → 45, 55 → 0 (dropped), 50 → −5 (dropped).
    expect(
      shiftedSide(
        levels([
          [100, 1],
          [55, 1],
          [50, 1],
        ]),
        d(45),
      )
        .levels()
        .map((l) => str(l.price)),
    ).toEqual(['45'])
  })

  it('an empty side stays empty', () => expect(shiftedSide(levels([]), d(1)).levels()).toEqual([]))
})

describe('stopFill', () => {
  it('long 3 stopped at 59 000, σ = 0.5', () => {
    // Shifted bids 59 000 (1.2), 58 990 (3.4): 1.2·59 000 + 1.8·58 990 = 70 800 + 106 182 = 176 982; VWAP 58 994.
    // Move: 59 000·0.5·0.01 = 295 down → expected fill 58 699; cost 3 × 58 699 = 176 097.
    const fill = stopFill({ book, side: 'long', size: d(3), stopPrice: d(59000), triggersNow: false, latencyMs: EXACT_LATENCY_MS, volatility: d('0.5') })
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
    const fill = stopFill({ book, side: 'short', size: d(2), stopPrice: d(66000), triggersNow: false, latencyMs: EXACT_LATENCY_MS, volatility: d('0.5') })
    expect([fill.side, str(fill.walk.vwap), str(fill.latencyMove), str(fill.expectedFill)]).toEqual(['buy', '66006', '330', '66336'])
  })

  it('without volatility no latency move is applied', () => {
    const fill = stopFill({ book, side: 'long', size: d(3), stopPrice: d(59000), triggersNow: false, latencyMs: 200 })
    expect([fill.latencyMove, str(fill.expectedFill)]).toEqual([null, '58994'])
  })

  it('a stop larger than the book leaves size unfilled', () => {
    // Asks hold 0.8 + 2 = 2.8; short 5 → 2.2 unfilled; VWAP of the 2.8 filled = (0.8·66 000 + 2·66 010) / 2.8
    // = (52 800 + 132 020) / 2.8 = 184 820 / 2.8 = 66 007.142857…
    const fill = stopFill({ book, side: 'short', size: d(5), stopPrice: d(66000), triggersNow: false, latencyMs: 0 })
    expect([str(fill.walk.filled), str(fill.walk.unfilled), fill.walk.vwap!.toSignificantDigits(12).toFixed()]).toEqual(['2.8', '2.2', '66007.1428571'])
  })
})

// Issue 16: "a stop on the wrong side of the market fills above it". A stop whose reference is already at or
// past it triggers now; whatever the stop price, its fill never starts better than the book's best on its side.
describe('triggersNow', () => {
  it.each([
    ['long', '64000', '64000', true], // at the stop: a sell stop fires at or below its price
    ['long', '70000', '64000', true], // the reproducer: stop 70 000 above the mark 64 000
    ['long', '63999.99', '64000', false],
    ['short', '64000', '64000', true],
    ['short', '60000', '64000', true],
    ['short', '64000.01', '64000', false],
  ] as const)('%s stop %s with the reference at %s → %s', (side, stop, reference, now) => {
    expect(triggersNow(side, d(stop), d(reference))).toBe(now)
  })
})

describe('a stop fills no better than the book', () => {
  it('long 1 with a stop of 70 000 that triggers now walks the bids as they are: 63 990, less one σ_L from 63 990', () => {
    // Move: 63 990·0.5·0.01 = 319.95 down → 63 670.05.
    const fill = stopFill({ book, side: 'long', size: d(1), stopPrice: d(70000), triggersNow: true, latencyMs: EXACT_LATENCY_MS, volatility: d('0.5') })
    expect([str(fill.startPrice), str(fill.walk.vwap), str(fill.latencyMove), str(fill.expectedFill)]).toEqual(['63990', '63990', '319.95', '63670.05'])
  })

  it('short 1 with a stop of 60 000 that triggers now walks the asks as they are: 64 000', () => {
    const fill = stopFill({ book, side: 'short', size: d(1), stopPrice: d(60000), triggersNow: true, latencyMs: 0 })
    // 0.8 at 64 000 + 0.2 at 64 010 = 64 002.
    expect([str(fill.startPrice), str(fill.walk.vwap)]).toEqual(['64000', '64002'])
  })

  it.each([
    // A long's stop at 63 995 (the mark above it, the best bid 63 990 below): it starts at the best bid, not above it.
    { side: 'long', stop: '63995', start: '63990', vwap: '63990' },
    { side: 'long', stop: '63990', start: '63990', vwap: '63990' },
    { side: 'long', stop: '63989', start: '63989', vwap: '63989' },
    // A short's stop at 63 999 (under the best ask 64 000): it starts at the best ask.
    { side: 'short', stop: '63999', start: '64000', vwap: '64000' },
    { side: 'short', stop: '64001', start: '64001', vwap: '64001' },
  ] as const)('$side stop $stop that waits starts at $start', ({ side, stop, start, vwap }) => {
    const fill = stopFill({ book, side, size: d('0.5'), stopPrice: d(stop), triggersNow: false, latencyMs: 0 })
    expect([str(fill.startPrice), str(fill.walk.vwap)]).toEqual([start, vwap])
  })
})
