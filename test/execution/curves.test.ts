// An order's curves by hand, on a two-level book around a mid of 100 (no volatility, so no walk past the book):
//   bids 1 @ 99, 3 @ 98; asks 1 @ 101, 3 @ 105. A buy of 4 takes 1 @ 101 + 3 @ 105 = 416: vwap 104, 400 bps.
// Stressed (spread ×3, depth ×0.5): the half-spread 1 widens by 2 a side, every size halves:
//   bids 0.5 @ 97, 1.5 @ 96; asks 0.5 @ 103, 1.5 @ 107, mid still 100.
import { describe, expect, it } from 'vitest'
import { type CurveBook, type CurveWalk, orderCurves, sizeCurve, sliceWalks, takerByLatency } from '../../src/execution/curves.js'
import { stressedBook } from '../../src/execution/stressed-book.js'
import { crossingProbability } from '../../src/execution/tick-latency.js'
import { computeExecution } from '../../src/execution/view.js'
import { computeMargin } from '../../src/margin/index.js'
import type { Book } from '../../src/model.js'
import { load, portfolioWith } from '../helpers.js'
import { d, levels, str } from './book.js'

const BIDS = [
  [99, 1],
  [98, 3],
] as const
const ASKS = [
  [101, 1],
  [105, 3],
] as const

function bookOf(refillHalfLifeMs?: number): Book {
  return { bids: levels(BIDS), asks: levels(ASKS), refillHalfLifeMs, path: ['markets', 'XYZUSDT', 'book'] }
}

const curveBook = (book: Book): CurveBook => ({ book, volatility: undefined, maxSigma: d(3) })
const walkFigures = (walk: CurveWalk | null) => walk && [str(walk.vwap), str(walk.slippageBps), str(walk.unfilled)]

describe('sizeCurve: a tenth of the size to the whole, on the base and the stressed book', () => {
  const book = bookOf()
  const stressed = stressedBook(book, { spreadMultiplier: d(3), depthMultiplier: d('0.5') })

  it('walks ten sizes, a tenth apart, the last the order’s own', () => {
    expect(sizeCurve({ side: 'buy', size: d(4) }, curveBook(book), stressed).map((p) => str(p.size))).toEqual([
      '0.4',
      '0.8',
      '1.2',
      '1.6',
      '2',
      '2.4',
      '2.8',
      '3.2',
      '3.6',
      '4',
    ])
  })

  it.each([
    // 0.4 @ 101: 100 bps; stressed 0.4 @ 103: 300 bps.
    { side: 'buy', step: 0, base: ['101', '100', '0'], stressed: ['103', '300', '0'] },
    // 2 = 1 @ 101 + 1 @ 105: 103, 300 bps; stressed 0.5 @ 103 + 1.5 @ 107 = 212: 106, 600 bps.
    { side: 'buy', step: 4, base: ['103', '300', '0'], stressed: ['106', '600', '0'] },
    // 4 = 416: 104, 400 bps; stressed the book holds 2 (212: 106), 2 unfilled.
    { side: 'buy', step: 9, base: ['104', '400', '0'], stressed: ['106', '600', '2'] },
    // A sell of 4 takes 1 @ 99 + 3 @ 98 = 393: 98.25, (100 − 98.25) / 100 = 175 bps; stressed 0.5 @ 97 + 1.5 @ 96 = 192.5: 96.25, 375 bps, 2 unfilled.
    { side: 'sell', step: 9, base: ['98.25', '175', '0'], stressed: ['96.25', '375', '2'] },
    // A sell of 0.4: 99, 100 bps; stressed 97, 300 bps.
    { side: 'sell', step: 0, base: ['99', '100', '0'], stressed: ['97', '300', '0'] },
  ] as const)('$side, step $step', ({ side, step, base, stressed: expected }) => {
    const point = sizeCurve({ side, size: d(4) }, curveBook(book), stressed)[step]!
    expect([walkFigures(point.base), walkFigures(point.stressed)]).toEqual([base, expected])
  })

  it('without a stressed book, every point’s stressed walk is null', () => {
    expect(sizeCurve({ side: 'buy', size: d(4) }, curveBook(book), null).map((p) => p.stressed)).toEqual(Array(10).fill(null))
  })
})

describe('sliceWalks: each child of a buy of 4 in 2 slices 1 s apart', () => {
  // Child 1 takes 1 @ 101 + 1 @ 105 = 206: 103, leaving asks [0, 2]. After the pause the missing share is
  // 2^(−t/h): with h = 1 s, 0.5, so the asks are [1 − 1·0.5, 3 − 1·0.5] = [0.5, 2.5]; child 2 takes 0.5 @ 101 +
  // 1.5 @ 105 = 208: 104. Never refilled: 2 @ 105. Whole again (h = 0): child 1 once more.
  const child1 = ['2', '103', '101', '105', '0']
  it.each([
    { name: 'half-life 1 s', halfLife: 1000, children: [child1, ['2', '104', '101', '105', '0']] },
    { name: 'half-life unknown: never refilled', halfLife: undefined, children: [child1, ['2', '105', '105', '105', '0']] },
    { name: 'half-life 0: whole again', halfLife: 0, children: [child1, child1] },
  ])('$name', ({ halfLife, children }) => {
    const walks = sliceWalks({ side: 'buy', size: d(4), slices: 2, intervalMs: 1000 }, curveBook(bookOf(halfLife)))
    expect(walks.map((c) => [str(c.size), str(c.vwap), str(c.bestPrice), str(c.worstPrice), str(c.unfilled)])).toEqual(children)
  })

  it('a single order has no slices', () => {
    expect(sliceWalks({ side: 'buy', size: d(4), slices: 1, intervalMs: 0 }, curveBook(bookOf(1000)))).toEqual([])
  })
})

/** The book above as a market of a portfolio (tick 1, 10 quote changes a second), with `orders` and `stress`. */
function executionOf(order: Record<string, unknown>, stress: Record<string, unknown> = {}) {
  const portfolio = load(
    portfolioWith((p) => {
      p.markets = {
        XYZUSDT: {
          prices: { index: '100', mark: '100', last: '100' },
          maintenance_ladder: p.markets.BTCUSDT.maintenance_ladder,
          book: { bids: BIDS.map(([price, size]) => [String(price), String(size)]), asks: ASKS.map(([price, size]) => [String(price), String(size)]) },
          tick_size: '1',
          microstructure: { quote_rate: '10' },
        },
      }
      p.orders = [{ id: 'o', market: 'XYZUSDT', side: 'buy', size: '4', ...order }]
      p.stress = stress
    }),
  )
  return { portfolio, execution: computeExecution(portfolio, computeMargin(portfolio)).orders.get('o')! }
}

describe('takerByLatency: ¼ to 10 times the stress latency, and the order’s own', () => {
  // A limit buy at 99 rests 2 ticks below the best ask 101: k = 2, λ = 10 per second.
  const resting = { type: 'limit', price: '99' }
  it.each([
    { name: 'stress 200 ms, no order latency', order: {}, stress: { latency: '200ms' }, latencies: [50, 100, 200, 400, 800, 2000], used: 200 },
    { name: 'stress 200 ms, order 30 ms', order: { latency: '30ms' }, stress: { latency: '200ms' }, latencies: [30, 50, 100, 200, 400, 800, 2000], used: 30 },
    // The order's own latency is one of the multiples: listed once.
    { name: 'stress 200 ms, order 100 ms', order: { latency: '100ms' }, stress: { latency: '200ms' }, latencies: [50, 100, 200, 400, 800, 2000], used: 100 },
    // 3 × ¼ = 0.75 rounds to 1, 3 × ½ = 1.5 to 2.
    { name: 'stress 3 ms', order: {}, stress: { latency: '3ms' }, latencies: [1, 2, 3, 6, 12, 30], used: 3 },
    // 1 × ¼ rounds to 0 and is held at 1 ms; 1 × ½ rounds to 1: the three are one point.
    { name: 'stress 1 ms', order: {}, stress: { latency: '1ms' }, latencies: [1, 2, 4, 10], used: 1 },
  ])('$name', ({ order, stress, latencies, used }) => {
    const { portfolio, execution } = executionOf({ ...resting, ...order }, stress)
    const curve = takerByLatency(execution, portfolio.stress.latencyMs)
    expect(curve.map((p) => p.latencyMs)).toEqual(latencies)
    expect(curve.filter((p) => p.used).map((p) => p.latencyMs)).toEqual([used])
    // The chance grows with the latency, and at each latency is the tick model's own.
    for (const [i, p] of curve.entries()) {
      expect(p.probability.toFixed(), `${p.latencyMs} ms`).toBe(String(crossingProbability({ ticks: 2, quoteRate: 10, latencyMs: p.latencyMs }).probability))
      if (i > 0) expect(p.probability.gt(curve[i - 1]!.probability), `${p.latencyMs} ms`).toBe(true)
    }
    // At the used latency, the taker probability the fees check judges.
    const judged = execution.fees.atOrderLatency ?? execution.fees.atStressLatency
    expect(curve.find((p) => p.used)!.probability.toFixed()).toBe(judged!.marketable.toFixed())
  })

  it('is empty for a market order, and without a tick model (no quote rate, no volatility)', () => {
    const market = executionOf({ type: 'market' })
    expect(takerByLatency(market.execution, market.portfolio.stress.latencyMs)).toEqual([])
    const portfolio = load(
      portfolioWith((p) => {
        p.markets.BTCUSDT.book = { bids: [['63990', '1']], asks: [['64010', '1']] }
        p.orders = [{ id: 'o', market: 'BTCUSDT', side: 'buy', size: '1', type: 'limit', price: '63000' }]
      }),
    )
    const execution = computeExecution(portfolio, computeMargin(portfolio)).orders.get('o')!
    expect([execution.fees.touch, takerByLatency(execution, portfolio.stress.latencyMs)]).toEqual([null, []])
  })
})

describe('orderCurves: the three from an order’s execution figures', () => {
  it('a marketable limit buy of 4 in 2 slices: the size curve ends in the order’s walk, on the stressed book (×3, ×0.3) too', () => {
    const { portfolio, execution } = executionOf({ type: 'limit', price: '105', slices: 2, interval: '1s' })
    const curves = orderCurves(execution, portfolio)
    const whole = curves.sizeCurve[9]!
    // Stressed ×3, ×0.3: asks 0.3 @ 103, 0.9 @ 107 = 30.9 + 96.3 = 127.2 over 1.2: 106, 600 bps, 2.8 unfilled.
    expect([walkFigures(whole.base), walkFigures(whole.stressed)]).toEqual([
      ['104', '400', '0'],
      ['106', '600', '2.8'],
    ])
    expect(str(whole.base.vwap)).toBe(str(execution.slippage!.walk.vwap))
    // No half-life in the file: never refilled.
    expect(curves.sliceWalks.map((c) => str(c.vwap))).toEqual(['103', '105'])
    // A limit at 105 crosses the best ask: marketable at every latency.
    expect(curves.takerByLatency.map((p) => p.probability.toFixed())).toEqual(Array(6).fill('1'))
  })

  it('a resting limit walks no book: no size curve, no slices, the taker curve only', () => {
    const { portfolio, execution } = executionOf({ type: 'limit', price: '99', slices: 2, interval: '1s' })
    const curves = orderCurves(execution, portfolio)
    expect([curves.sizeCurve, curves.sliceWalks, curves.takerByLatency.length]).toEqual([[], [], 6])
  })

  it('a stress that pushes every bid to a price ≤ 0 leaves the stressed walks null, the base ones as they are', () => {
    // Spread ×100: the half-spread 1 widens by 99 a side, the bids to 0 and −1. The input refuses such a file
    // (stress.spread_multiplier must be below 100 for this book), so the stress is given here directly.
    const { portfolio, execution } = executionOf({ type: 'market' })
    const curves = orderCurves(execution, { ...portfolio, stress: { ...portfolio.stress, spreadMultiplier: d(100) } })
    expect(curves.sizeCurve.map((p) => [str(p.base.vwap), p.stressed])[9]).toEqual(['104', null])
    expect(curves.sizeCurve.every((p) => p.stressed === null)).toBe(true)
  })
})
