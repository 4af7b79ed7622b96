// fees: maker/taker fees, taker probability under latency, round trips against margin, through the YAML pipeline.
import { describe, expect, it } from 'vitest'
import { findingsOf, portfolioWith, run } from '../helpers.js'

const ID = 'fees'
// Mid 64 000, best ask 64 010, best bid 63 990.
const BOOK = {
  bids: [
    ['63990', '1'],
    ['63980', '2'],
  ],
  asks: [
    ['64010', '1'],
    ['64020', '2'],
  ],
}

function withOrder(order: Record<string, unknown>, market: Record<string, unknown> = {}, stress: Record<string, string> = {}) {
  return portfolioWith((p) => {
    Object.assign(p.markets.BTCUSDT, { book: BOOK, ...market })
    p.orders = [{ id: 'o1', market: 'BTCUSDT', ...order }]
    p.stress = stress
  })
}
const item = (portfolio: unknown, subject = 'o1') => findingsOf(portfolio, ID).find((f) => f.subject === subject)!

describe('orders', () => {
  it('a market order pays taker on its walk', () => {
    // Buy 2: 64 010 + 64 020 = 128 030; maker 128 030 × 0.0002 = 25.606, taker × 0.0005 = 64.015.
    const f = item(withOrder({ side: 'buy', size: '2', type: 'market', latency: '20ms' })).figures
    expect([f.notional, f.maker_fee, f.taker_fee, f.taker_probability, f.expected_fee, f.stress_expected_fee]).toEqual([
      '128030',
      '25.606',
      '64.015',
      '1',
      '64.015',
      '64.015',
    ])
  })

  // The tick model with its parameters given: tick 1, 100 quote changes a second. Buy 2 @ 64 000 against the ask
  // 64 010: δ = 10 → k = 10 ticks. λ·L = 2 at 20 ms, 20 at 200 ms; independent P (Python, Panjer on 6 000 ticks):
  // 0.001287097745229 and 0.06165949273479 (test/execution/tick-latency.test.ts).
  const TOUCH = { tick_size: '1', microstructure: { quote_rate: '100' } }
  const close = (figure: unknown, want: number) => Math.abs(Number(figure) / want - 1) < 1e-6
  const P20 = 0.001287097745229
  const P200 = 0.06165949273479

  it('a limit order 10 ticks from the ask at 20 ms and at the 200 ms stress latency', () => {
    // Notional 128 000: maker 25.6, taker 64; expected 25.6 + 38.4·P if filled; the taker part 64·P, the maker part 25.6·(1 − P).
    const p = withOrder({ side: 'buy', size: '2', type: 'limit', price: '64000', latency: '20ms' }, TOUCH, { latency: '200ms' })
    const { status, figures: f } = item(p)
    expect([status, f.maker_fee, f.taker_fee, f.tick, f.tick_source, f.quote_rate, f.quote_rate_source, f.ticks_away]).toEqual([
      'info',
      '25.6',
      '64',
      '1',
      'file',
      '100',
      'file',
      '10',
    ])
    expect([f.expected_quote_changes, f.stress_expected_quote_changes]).toEqual(['2', '20'])
    expect([close(f.taker_probability, P20), close(f.stress_taker_probability, P200)]).toEqual([true, true])
    expect([close(f.expected_fee, 25.6 + 38.4 * P20), close(f.stress_expected_fee, 25.6 + 38.4 * P200)]).toEqual([true, true])
    expect([close(f.taker_part, 64 * P20), close(f.maker_part_if_filled, 25.6 * (1 - P20))]).toEqual([true, true])
  })

  it.each([
    // Through the ask (δ ≤ 0): marketable on arrival whatever the latency; one tick away: a coin flip short of it.
    { name: 'at the ask', price: '64010', ticks: '0', p: 1 },
    { name: 'through the ask', price: '64020', ticks: '-10', p: 1 },
    // λ·L = 2, one tick: 0.5076 (Panjer).
    { name: 'one tick under the ask', price: '64009', ticks: '1', p: null },
  ])('boundary: a buy $name', ({ price, ticks, p: want }) => {
    const f = item(withOrder({ side: 'buy', size: '2', type: 'limit', price, latency: '20ms' }, TOUCH)).figures
    expect(f.ticks_away).toBe(ticks)
    if (want !== null) expect(f.taker_probability).toBe(String(want))
    else expect(Number(f.taker_probability)).toBeGreaterThan(0.3)
  })

  it('the quote rate is estimated from the volatility and the inferred tick when the file gives neither', () => {
    // Mid 64 000, tick 1 (whole-number book), σ 0.5: λ = (0.5 × 64 000)² / 31 536 000 / 2.0878112 = 15.5526/s.
    const f = item(withOrder({ side: 'buy', size: '2', type: 'limit', price: '64000', latency: '20ms' }, { volatility: '0.5' })).figures
    expect([f.tick, f.tick_source, f.quote_rate_source, Number(f.quote_rate).toPrecision(5)]).toEqual(['1', 'inferred', 'volatility', '15.553'])
  })

  it('a post-only order is rejected with that chance and fills as maker', () => {
    const p = withOrder({ side: 'buy', size: '2', type: 'post_only', price: '64000', latency: '20ms' }, TOUCH)
    const f = item(p).figures
    expect([f.taker_probability, close(f.rejection_probability, P20), f.expected_fee, f.taker_part]).toEqual(['0', true, '25.6', '0'])
  })

  it('a sell measures δ from the best bid', () => {
    // Sell 2 @ 64 000, best bid 63 990: δ = 10 → the same 10 ticks.
    const p = withOrder({ side: 'sell', size: '2', type: 'limit', price: '64000', latency: '20ms' }, TOUCH)
    expect(close(item(p).figures.taker_probability, P20)).toBe(true)
  })

  it('without a latency only the stress latency is shown', () => {
    const p = withOrder({ side: 'buy', size: '2', type: 'limit', price: '64000' }, TOUCH, { latency: '200ms' })
    const f = item(p).figures
    expect([f.latency, f.taker_probability, f.stress_latency, close(f.stress_taker_probability, P200)]).toEqual([null, null, '200ms', true])
  })

  it('without a quote rate or a volatility there is no taker probability', () => {
    const it = item(withOrder({ side: 'buy', size: '2', type: 'limit', price: '64000', latency: '20ms' }))
    expect([it.figures.maker_fee, it.figures.taker_fee, it.figures.taker_probability, it.figures.expected_fee]).toEqual(['25.6', '64', null, null])
    expect(it.message).toMatch(/neither microstructure.quote_rate nor volatility/)
  })

  it.each([
    // Market buy 2 at 125×: margin 128 030 / 125 = 1 024.24; entry 64.015 + exit 64.015 = 128.03 → 0.125 > 0.10.
    { leverage: '125', status: 'warn', fraction: '0.125' },
    // 50×: margin 2 560.6; 128.03 / 2 560.6 = 0.05.
    { leverage: '50', status: 'pass', fraction: '0.05' },
  ])('an order with leverage $leverage: round trip against its margin', ({ leverage, status, fraction }) => {
    const it = item(withOrder({ side: 'buy', size: '2', type: 'market', leverage }))
    expect([it.status, it.figures.round_trip_fee, it.figures.fee_margin_fraction]).toEqual([status, '128.03', fraction])
  })
})

describe('positions: round trip against margin', () => {
  const position = (extra: Record<string, unknown>) =>
    portfolioWith((p) => {
      p.positions = [{ id: 'btc', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '64000', ...extra }]
    })

  it.each([
    // Entry 64 000 × 0.0005 = 32, exit at the stop 63 000 × 0.0005 = 31.5: 63.5.
    // Margin 640: 63.5 / 640 = 0.09921875 ≤ 0.10 → pass; margin 600: 0.1058333… → warn.
    {
      name: 'isolated, within the limit',
      extra: { margin_mode: 'isolated', margin: '640', stop: { price: '63000' } },
      status: 'pass',
      total: '63.5',
      fraction: '0.09921875',
    },
    {
      name: 'isolated, over the limit',
      extra: { margin_mode: 'isolated', margin: '600', stop: { price: '63000' } },
      status: 'warn',
      total: '63.5',
      fraction: '0.105833333333333333333333',
    },
    // Cross at 10×, no stop: exit at the trigger price 64 000 → 32 + 32 = 64; margin 64 000 / 10 = 6 400 → 0.01.
    { name: 'cross at its leverage, exit at the trigger price', extra: { leverage: '10' }, status: 'pass', total: '64', fraction: '0.01' },
  ])('$name', ({ extra, status, total, fraction }) => {
    const it = item(position(extra), 'btc')
    expect([it.status, it.figures.round_trip_fee, it.figures.fee_margin_fraction]).toEqual([status, total, fraction])
  })

  it('the limit can be overridden', () => {
    const p = position({ margin_mode: 'isolated', margin: '600', stop: { price: '63000' } })
    p.thresholds = { fee_margin_warn: '0.2' }
    expect(item(p, 'btc').status).toBe('pass')
  })
})

describe('JSON orders[]', () => {
  it('expected fee and taker probability at the order’s latency', () => {
    const p = withOrder({ side: 'buy', size: '2', type: 'limit', price: '64000', latency: '20ms' }, { tick_size: '1', microstructure: { quote_rate: '100' } })
    const record = run(p, { only: [ID] }).records.orders[0]!
    expect([Math.abs(Number(record.taker_probability) / 0.001287097745229 - 1) < 1e-6, record.expected_fee]).toEqual([true, expect.stringMatching(/^25\.649/)])
  })
})

describe('message', () => {
  it('reads subject matter, value, limit', () => {
    const p = withOrder({ side: 'buy', size: '2', type: 'limit', price: '64000', latency: '20ms' }, { tick_size: '1', microstructure: { quote_rate: '100' } })
    expect(item(p).message).toMatchInlineSnapshot(
      `"limit buy 2: maker 25.6, taker 64 on 128000 (order price); 10 tick(s) of 1 from the opposite best (tick from the file), 100 quote changes/s (quote_rate); taker 0.13% at 20ms (2 quote changes expected), expected 25.65 if filled (0.0823743 as taker on arrival + 25.57 as maker if the resting order fills); taker 6.17% at 200ms (20 quote changes expected), expected 27.97 if filled (3.95 as taker on arrival + 24.02 as maker if the resting order fills) (stress)"`,
    )
  })
})
