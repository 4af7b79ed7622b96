// The touch at the tick scale (docs/latency.md): compound Poisson quote changes with power-law jump sizes.
// Independent values: a Python/numpy recomputation that sums the n-fold convolutions of the two-sided jump
// distribution (FFT on 65 536 points, Poisson weights up to n = 60) for the worked example, and Panjer's
// recursion on a 6 000-tick lattice (no one-big-jump tail) for the demo rows.
import { describe, expect, it } from 'vitest'
import {
  crossingProbability,
  impliedQuoteRate,
  inferredTick,
  JUMP_MEAN,
  JUMP_SECOND_MOMENT,
  jumpProbability,
  MAX_EXACT_CHANGES,
  ticksAway,
  touchParameters,
  volatilityOfQuoteRate,
} from '../../src/execution/tick-latency.js'
import { d, levels } from './book.js'

const p = (ticks: number, quoteRate: number, latencyMs: number) => crossingProbability({ ticks, quoteRate, latencyMs }).probability
const sig = (x: number, digits = 10) => x.toPrecision(digits)

describe('the jump size: P(J ≥ j) = j^−3', () => {
  it.each([
    { j: 0, want: 0 },
    { j: 1, want: 0.875 }, // 1 − 1/8
    { j: 2, want: 1 / 8 - 1 / 27 },
    { j: 10, want: 1e-3 - 1 / 1331 },
  ])('P(J = $j)', ({ j, want }) => expect(jumpProbability(j)).toBeCloseTo(want, 15))

  it('moments: E[J] = ζ(3), E[J²] = 2ζ(2) − ζ(3)', () => {
    expect(sig(JUMP_MEAN)).toBe('1.202056903')
    expect(sig(JUMP_SECOND_MOMENT)).toBe('2.087811231')
  })
})

describe('impliedQuoteRate: λ = (σ·P / tick)² / (E[J²] · seconds a year)', () => {
  it.each([
    // Demo ETHUSDT: σ 0.70 at the mid 3149.9, tick 0.01: (2204.93 / 0.01)² / 31 536 000 / 2.0878112 = 738.4002/s.
    { volatility: '0.7', price: '3149.9', tick: '0.01', want: '738.4001506' },
    // A tick ten times coarser: a hundredth of the rate.
    { volatility: '0.7', price: '3149.9', tick: '0.1', want: '7.384001506' },
    // Demo BTCUSDT with its 0.1 tick: σ 0.55 at 63 995: (35 197.25 / 0.1)² / 31 536 000 / 2.0878112 = 1 881.567/s.
    { volatility: '0.55', price: '63995', tick: '0.1', want: '1881.566748' },
  ])('σ $volatility, price $price, tick $tick', ({ volatility, price, tick, want }) => {
    const rate = impliedQuoteRate({ volatility: d(volatility), price: d(price), tick: d(tick) })
    expect(sig(rate)).toBe(want)
    expect(sig(volatilityOfQuoteRate({ quoteRate: rate, price: d(price), tick: d(tick) }))).toBe(sig(Number(volatility)))
  })
})

describe('ticksAway: k = ⌈δ / tick⌉', () => {
  it.each([
    { distance: '0.5', tick: '0.01', want: 50 },
    { distance: '0.505', tick: '0.01', want: 51 }, // off the grid: the next tick through it
    { distance: '0.01', tick: '0.01', want: 1 },
    { distance: '0', tick: '0.01', want: 0 },
    { distance: '-1.5', tick: '0.01', want: -150 },
  ])('δ $distance, tick $tick', ({ distance, tick, want }) => expect(ticksAway(d(distance), d(tick))).toBe(want))
})

describe('crossingProbability', () => {
  it.each([
    // The worked example of docs/latency.md: λ = 50/s, L = 20 ms → λ·L = 1 quote change expected.
    { name: 'worked example, 1 tick', ticks: 1, rate: 50, latencyMs: 20, want: '0.27685845792807' },
    { name: 'worked example, 2 ticks', ticks: 2, rate: 50, latencyMs: 20, want: '0.09088604098524' },
    // Demo eth-bid: 50 ticks, λ = 738.4001506/s; independent 6.384623e-5 and 3.330957e-3 (Panjer, 6 000 ticks).
    { name: 'demo at 20 ms', ticks: 50, rate: 738.400150634375, latencyMs: 20, want: '0.00006384622742' },
    { name: 'demo at 200 ms', ticks: 50, rate: 738.400150634375, latencyMs: 200, want: '0.003330957395' },
    // 10 bps under the ask (315 ticks) at 200 ms; the Gaussian gave about 2e-72. Panjer on 12 000 and 24 000 ticks:
    // 2.407482e-6, 2.407517e-6 (converging); past its lattice the one-big-jump tail over-states by a few 1e-4.
    { name: 'demo, 10 bps away at 200 ms', ticks: 315, rate: 738.400150634375, latencyMs: 200, want: '0.00000240752', within: 5e-4 },
    // Rare changes: one jump of 10 ticks or more up, λ·L/2 · 10^−3 = 1e-6 (and a hair more from two jumps).
    { name: 'one big jump', ticks: 10, rate: 0.1, latencyMs: 20, want: '0.000001000224538' },
    { name: 'fees test, 10 ticks at 20 ms', ticks: 10, rate: 100, latencyMs: 20, want: '0.001287097745229' },
    { name: 'fees test, 10 ticks at 200 ms', ticks: 10, rate: 100, latencyMs: 200, want: '0.06165949273479' },
  ] as { name: string; ticks: number; rate: number; latencyMs: number; want: string; within?: number }[])(
    '$name',
    ({ ticks, rate, latencyMs, want, within }) => {
      // Within 1e-5 of the independent value unless the row says (they differ by the far tail each lattice keeps).
      expect(Math.abs(p(ticks, rate, latencyMs) / Number(want) - 1)).toBeLessThan(within ?? 1e-5)
    },
  )

  it.each([
    { name: 'at the touch', ticks: 0, rate: 50, latencyMs: 20, want: 1 },
    { name: 'through it', ticks: -3, rate: 50, latencyMs: 20, want: 1 },
    { name: 'no latency', ticks: 1, rate: 50, latencyMs: 0, want: 0 },
  ])('boundary: $name', ({ ticks, rate, latencyMs, want }) => expect(p(ticks, rate, latencyMs)).toBe(want))

  it('falls with the distance and rises with the latency', () => {
    const byTicks = [1, 2, 5, 20, 100, 1000].map((k) => p(k, 738.4, 200))
    for (let i = 1; i < byTicks.length; i++) expect(byTicks[i]).toBeLessThan(byTicks[i - 1]!)
    const byLatency = [1, 20, 200, 2000].map((ms) => p(20, 738.4, ms))
    for (let i = 1; i < byLatency.length; i++) expect(byLatency[i]).toBeGreaterThan(byLatency[i - 1]!)
  })

  it('heavy tail: far from the touch it decays as k^−3, not as a Gaussian', () => {
    // At λ·L = 147.7 (demo, 200 ms) doubling 500 → 1000 ticks divides the chance by about 2³ = 8.
    const ratio = p(500, 738.4, 200) / p(1000, 738.4, 200)
    expect(ratio).toBeGreaterThan(7)
    expect(ratio).toBeLessThan(10)
  })

  it.each([
    { ticks: 1, within: 0.01 },
    { ticks: 60, within: 0.02 },
    // 3.1 standard deviations out the normal bulk under-states the heavy tail by about a tenth (docs/latency.md).
    { ticks: 200, within: 0.12 },
  ])('the normal regime past MAX_EXACT_CHANGES continues the lattice ($ticks ticks)', ({ ticks, within }) => {
    const rate = MAX_EXACT_CHANGES
    const exact = crossingProbability({ ticks, quoteRate: rate, latencyMs: 1000 })
    const normal = crossingProbability({ ticks, quoteRate: rate * 1.000001, latencyMs: 1000 })
    expect([exact.method, normal.method]).toEqual(['lattice', 'normal'])
    expect(Math.abs(normal.probability / exact.probability - 1)).toBeLessThan(within)
  })
})

describe('every bit of a lattice whatever was computed before it (the jump weights are shared, grown for a longer lattice)', () => {
  // Printed by the recursion before the weights were shared (a table per lattice): a long lattice first, then shorter
  // ones that read the longer table. Each printed probability carries all its digits.
  it.each([
    { ticks: 40, quoteRate: 1500, latencyMs: 1000, want: 0.23803192925196615 },
    { ticks: 3, quoteRate: 1234, latencyMs: 1, want: 0.04149072207176193 },
    { ticks: 1, quoteRate: 500, latencyMs: 1, want: 0.18153482469980523 },
    { ticks: 25, quoteRate: 800, latencyMs: 250, want: 0.11046883567861002 },
  ])('$ticks ticks at λ = $quoteRate/s over $latencyMs ms', ({ ticks, quoteRate, latencyMs, want }) => {
    expect(p(ticks, quoteRate, latencyMs)).toBe(want)
  })
})

describe('the tick and the quote rate of a market', () => {
  const prices = (last: string) => ({ index: d(last), mark: d(last), last: d(last) })
  it.each([
    { name: 'the book shows tenths', last: '3149.9', bids: [['3149.8', 1]], asks: [['3150.4', 1]], want: '0.1' },
    { name: 'whole numbers', last: '63990', bids: [['63990', 1]], asks: [['64000', 1]], want: '1' },
    { name: 'the last price has the most places', last: '3149.85', bids: [['3149.8', 1]], asks: [['3150', 1]], want: '0.01' },
  ] as const)('inferred: $name', ({ last, bids, asks, want }) => {
    const book = { bids: levels(bids), asks: levels(asks), path: [] }
    expect(inferredTick({ book, prices: prices(last) }).toFixed()).toBe(want)
  })

  it('the file’s tick and quote rate win; without either a rate or a volatility there is no model', () => {
    const market = { prices: prices('3149.9'), book: undefined, tick: d('0.1'), tickGiven: false }
    expect(touchParameters({ ...market, tick: d('0.01'), tickGiven: true, quoteRate: d(50) }, d('3149.9'))).toEqual({
      tick: d('0.01'),
      tickSource: 'file',
      quoteRate: 50,
      quoteRateSource: 'file',
    })
    const estimated = touchParameters({ ...market, volatility: d('0.7') }, d('3149.9'))
    expect(typeof estimated !== 'string' && [estimated.tick.toFixed(), estimated.tickSource, sig(estimated.quoteRate), estimated.quoteRateSource]).toEqual([
      '0.1',
      'inferred',
      '7.384001506',
      'volatility',
    ])
    expect(touchParameters(market, d('3149.9'))).toBe('the market has neither microstructure.quote_rate nor volatility')
  })
})
