// fees: maker/taker fees, taker probability under latency, round trips against margin, through the YAML pipeline.
import { describe, expect, it } from 'vitest'
import { findingsOf, portfolioWith, run } from '../helpers.js'

const ID = 'fees'
// year / 10 000 (√ = 0.01) and 4 × that (√ = 0.02), in the file's duration syntax.
const L1 = '3153600ms'
const L2 = '12614400ms'

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

  it('a limit order one σ_L from the ask, and two at the stress latency', () => {
    // Buy 2 @ 64 000, δ = 64 010 − 64 000 = 10. σ = 1/64 = 0.015625:
    // at L1 σ_L = 64 000 × 0.015625 × 0.01 = 10 → P = Φ(−1) = 0.158655253931457051414767…;
    // stress L2 σ_L = 20 → P = Φ(−0.5) = 0.308537538725986896362295….
    // Notional 128 000: maker 25.6, taker 64; expected 25.6 + 38.4·P:
    //   L1: 31.6923617509679507743270… ; L2: 37.4478414870778968203121… (mpmath, 24 digits).
    const p = withOrder({ side: 'buy', size: '2', type: 'limit', price: '64000', latency: L1 }, { volatility: '0.015625' }, { latency: L2 })
    const f = item(p).figures
    expect({
      status: item(p).status,
      maker: f.maker_fee,
      taker: f.taker_fee,
      p: f.taker_probability,
      expected: f.expected_fee,
      stressP: f.stress_taker_probability,
      stressExpected: f.stress_expected_fee,
    }).toEqual({
      status: 'info',
      maker: '25.6',
      taker: '64',
      p: '0.158655253931457051414767',
      expected: '31.6923617509679507743271',
      stressP: '0.308537538725986896362295',
      stressExpected: '37.4478414870778968203121',
    })
  })

  it('taker probability at 20ms and 200ms (BTC, one tick from the ask)', () => {
    // Bid 63 990 / ask 64 000 → mid 63 995; buy limit 63 999 → δ = 1; σ = 0.55. Independent values (mpmath,
    // 50 digits): σ_L = 63995·0.55·sqrt(L/31536000000), P = ncdf(−1/σ_L):
    // 20ms → 0.129621309178309472603906557866…; 200ms → 0.360634690899997553948269492143….
    const book = { bids: [['63990', '1']], asks: [['64000', '1']] }
    const p = withOrder({ side: 'buy', size: '1', type: 'limit', price: '63999', latency: '20ms' }, { book, volatility: '0.55' })
    const f = item(p).figures
    expect([f.taker_probability, f.stress_taker_probability]).toEqual(['0.129621309178309472603907', '0.360634690899997553948269'])
  })

  it('a post-only order is rejected with that chance and fills as maker', () => {
    const p = withOrder({ side: 'buy', size: '2', type: 'post_only', price: '64000', latency: L1 }, { volatility: '0.015625' })
    const f = item(p).figures
    expect([f.taker_probability, f.rejection_probability, f.expected_fee]).toEqual(['0', '0.158655253931457051414767', '25.6'])
  })

  it('a sell measures δ from the best bid', () => {
    // Sell 2 @ 64 000, best bid 63 990: δ = 10 → Φ(−1) again.
    const p = withOrder({ side: 'sell', size: '2', type: 'limit', price: '64000', latency: L1 }, { volatility: '0.015625' })
    expect(item(p).figures.taker_probability).toBe('0.158655253931457051414767')
  })

  it('without a latency only the stress latency is shown', () => {
    const p = withOrder({ side: 'buy', size: '2', type: 'limit', price: '64000' }, { volatility: '0.015625' }, { latency: L2 })
    const f = item(p).figures
    expect([f.latency, f.taker_probability, f.stress_latency, f.stress_taker_probability]).toEqual([null, null, L2, '0.308537538725986896362295'])
  })

  it('without volatility there is no taker probability', () => {
    const f = item(withOrder({ side: 'buy', size: '2', type: 'limit', price: '64000', latency: '20ms' })).figures
    expect([f.maker_fee, f.taker_fee, f.taker_probability, f.expected_fee]).toEqual(['25.6', '64', null, null])
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
    const p = withOrder({ side: 'buy', size: '2', type: 'limit', price: '64000', latency: L1 }, { volatility: '0.015625' })
    const record = run(p, { only: [ID] }).records.orders[0]!
    expect([record.expected_fee, record.taker_probability]).toEqual(['31.6923617509679507743271', '0.158655253931457051414767'])
  })
})

describe('message', () => {
  it('reads subject matter, value, limit', () => {
    const p = withOrder({ side: 'buy', size: '2', type: 'limit', price: '64000', latency: L1 }, { volatility: '0.015625' })
    expect(item(p).message).toMatchInlineSnapshot(
      `"limit buy 2: maker 25.6, taker 64 on 128000 (order price); taker 15.87% at 3153600ms, expected 31.69236175; taker <0.01% at 200ms, expected 25.6 (stress) (stress_taker_probability below 1e-30, shown as 0)"`,
    )
  })
})
