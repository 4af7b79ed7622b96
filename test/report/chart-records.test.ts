// The records a report built for charts adds (check() with charts, as --format html builds it), each held to
// the figure the checks judged where the two meet: an order's size_curve ends in the order's own walk, its
// slice_walks add up to the order and (the book never refilled) average to the sliced bound, the used latency's
// taker probability is the order's taker_probability; a funding record's payments add up to its amount; a book's
// cumulative sizes are the running sums of the file's levels. A report built without charts has none of them.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { check } from '../../src/index.js'
import { json } from '../../src/report/json.js'

type Json = Record<string, any>

const FILES = [
  'fixtures/demo.yaml',
  'fixtures/accounts/binance-cross.yaml',
  'fixtures/slippage/fail.yaml',
  'fixtures/slippage/extended.yaml',
  'fixtures/stress/warn.yaml',
]

function document(file: string, charts = true): Json {
  const report = check(readFileSync(file, 'utf8'), { file, charts })
  return JSON.parse(json(report, { color: false, verbose: false, exitCode: 0, version: '0.0.0-test' }))
}

const orders = (file: string, charts = true): Json[] => document(file, charts).orders

describe('payments and books, only for charts', () => {
  it.each(FILES)('%s', (file) => {
    const [plain, charted] = [document(file, false), document(file, true)]
    expect(plain.positions.map((p: Json) => p.funding?.payments)).toEqual(plain.positions.map(() => undefined))
    expect(plain.markets.map((m: Json) => m.book)).toEqual(plain.markets.map(() => undefined))
    for (const p of charted.positions.filter((p: Json) => p.funding)) {
      const { payments, instants, amount } = p.funding
      expect(payments.length, p.id).toBe(Math.min(instants, 24))
      let sum = new Decimal(0)
      for (const pay of payments) {
        sum = sum.plus(pay.payment)
        expect(pay.cumulative, p.id).toBe(sum.toFixed())
      }
      if (instants <= 24) expect(sum.toFixed(), `${p.id}: the payments add up to the amount`).toBe(new Decimal(amount).toFixed())
    }
    expect(
      charted.markets.some((m: Json) => m.book),
      'the file has a book',
    ).toBe(true)
    for (const m of charted.markets.filter((m: Json) => m.book))
      for (const side of ['bids', 'asks']) {
        let sum = new Decimal(0)
        for (const level of m.book[side]) {
          sum = sum.plus(level.size)
          expect(level.cumulative, `${m.symbol} ${side}`).toBe(sum.toFixed())
        }
      }
  })
})

describe('order curves meet the judged figures', () => {
  it.each(FILES)('%s', (file) => {
    const list = orders(file)
    expect(
      orders(file, false).map((o) => [o.size_curve, o.slice_walks, o.taker_probability_by_latency]),
      'only a report built for charts has the curves',
    ).toEqual(list.map(() => [undefined, undefined, undefined]))
    expect(
      list.some((o) => o.size_curve.length > 0),
      'the file has an order that walks a book',
    ).toBe(true)
    for (const o of list) {
      if (o.size_curve.length > 0) {
        expect(o.size_curve).toHaveLength(10)
        const whole = o.size_curve[9]
        expect(whole.size, o.id).toBe(o.size)
        expect(whole.base.vwap, o.id).toBe(o.vwap)
        expect(whole.base.slippage_bps, o.id).toBe(o.slippage_bps)
        expect(whole.base.unfilled, o.id).toBe(o.unfilled)
        expect(new Decimal(o.size_curve[0].size).mul(10).toFixed(), o.id).toBe(new Decimal(o.size).toFixed())
      } else expect(o.vwap, `${o.id} walks no book`).toBeNull()
      if (o.slices > 1 && o.slice_walks.length > 0) {
        const sum = o.slice_walks.reduce((s: Decimal, c: Json) => s.plus(c.size), new Decimal(0))
        expect(sum.toFixed(), o.id).toBe(new Decimal(o.size).toFixed())
        if (o.sliced?.never_refilled && o.slice_walks.every((c: Json) => c.unfilled === '0')) {
          const cost = o.slice_walks.reduce((s: Decimal, c: Json) => s.plus(new Decimal(c.vwap).mul(c.size)), new Decimal(0))
          expect(cost.div(o.size).toFixed(), o.id).toBe(new Decimal(o.sliced.never_refilled.vwap).toFixed())
        }
      } else expect(o.slice_walks, o.id).toEqual([])
      if (o.taker_probability_by_latency.length > 0 && o.type !== 'market') {
        const probabilities = o.taker_probability_by_latency.map((p: Json) => new Decimal(p.probability))
        for (let i = 1; i < probabilities.length; i++) expect(probabilities[i].gte(probabilities[i - 1]), `${o.id}: rises with the latency`).toBe(true)
        expect(
          o.taker_probability_by_latency.map((p: Json) => p.probability),
          o.id,
        ).toContain(o.taker_probability)
      }
    }
  })
})

describe('correlation curves: each break scaled, its breaking point exact', () => {
  // fixtures/portfolio-coupling/fail.yaml by hand: BTC long 2 at 50,000 and ETH short 40 at 2,500 (100,000 each),
  // equal volatilities so each leg moves half the spread s; wallet 4,000; maintenance 1% of each notional, 2,000
  // whatever s (the legs' notionals move apart by the same amount). Balance 4,000 − 100,000·s meets 2,000 at
  // s = 0.02; at the 3σ break (s = 0.03) the balance is 1,000.
  it('portfolio-coupling/fail.yaml: the figures worked by hand', () => {
    const [curve, ...rest] = document('fixtures/portfolio-coupling/fail.yaml').stress.correlation_curves
    expect(rest).toEqual([])
    expect(curve.pairs).toEqual([['btc-long', 'eth-short']])
    expect(curve.weights).toEqual({ BTCUSDT: '-0.5', ETHUSDT: '0.5' })
    expect(curve.breaking_point).toEqual({ spread_move: '0.02', moves: { BTCUSDT: '-0.01', ETHUSDT: '0.01' }, prices: { BTCUSDT: '49500', ETHUSDT: '2525' } })
    const at = (s: string) => curve.points.find((p: Json) => p.spread_move === s)
    expect(curve.break_spread_move).toBe('0.03')
    expect([at('0.03').margin_balance, at('0.03').maintenance_margin, at('0.03').margin_ratio]).toEqual(['1000', '2000', '2'])
    expect([at('0').margin_balance, at('0').margin_ratio]).toEqual(['4000', '0.5'])
  })

  it.each([...FILES, 'fixtures/portfolio-coupling/fail.yaml', 'fixtures/portfolio-coupling/pass.yaml', 'fixtures/accounts/bybit-hedge.yaml'])('%s', (file) => {
    expect(document(file, false).stress.correlation_curves).toBeUndefined()
    const { stress } = document(file, true)
    const sized = stress.correlation_breaks.filter((b: Json) => b.moves)
    // One curve per distinct break scenario, every sized pair in one of them.
    expect(stress.correlation_curves.flatMap((c: Json) => c.pairs).length).toBe(sized.length)
    for (const curve of stress.correlation_curves) {
      const id = curve.pairs[0].join('/')
      const moves = curve.points.map((p: Json) => new Decimal(p.spread_move))
      expect(
        moves.every((m: Decimal, i: number) => i === 0 || m.gt(moves[i - 1])),
        `${id}: ascending`,
      ).toBe(true)
      // The 3σ point is the break itself: its leg moves are the break's.
      const pair = sized.find((b: Json) => b.legs.join('/') === id)
      const atBreak = curve.points.find((p: Json) => p.spread_move === curve.break_spread_move)
      for (const [symbol, move] of Object.entries(pair.moves))
        expect(
          new Decimal(atBreak.moves[symbol])
            .minus(move as string)
            .abs()
            .lt('1e-20'),
          `${id} ${symbol}`,
        ).toBe(true)
      const breaking = curve.breaking_point
      if (!breaking) {
        expect(curve.reason, id).toMatch(/\+100%/)
        continue
      }
      // At the breaking point the balance is exactly the maintenance; before it, above.
      const at = curve.points.find((p: Json) => p.spread_move === breaking.spread_move)
      expect([at.margin_balance, at.margin_ratio], id).toEqual([at.maintenance_margin, '1'])
      for (const p of curve.points.filter((p: Json) => new Decimal(p.spread_move).lt(breaking.spread_move)))
        expect(new Decimal(p.margin_balance).gt(p.maintenance_margin), `${id} at ${p.spread_move}`).toBe(true)
    }
  })
})
