// slippage: orders walking the book (single and sliced), thin books, through the YAML pipeline.
import { describe, expect, it } from 'vitest'
import { BTC_BOOK, findingsOf, portfolioWith, run } from '../helpers.js'

const ID = 'slippage'

// Mid (63 990 + 64 010) / 2 = 64 000; 1 bp of the mid is 6.4. Within 0.5% of the mid (63 680 … 64 320):
// asks 1 + 2 + 2 = 5, bids 1 + 2 + 2 = 5.

function withOrders(orders: Record<string, unknown>[], market: Record<string, unknown> = {}) {
  return portfolioWith((p) => {
    Object.assign(p.markets.BTCUSDT, { book: BTC_BOOK, ...market })
    p.orders = orders.map((o, i) => ({ id: `o${i + 1}`, market: 'BTCUSDT', type: 'market', ...o }))
  })
}

const orderItem = (portfolio: unknown, id = 'o1') => findingsOf(portfolio, ID).find((f) => f.subject === id)!

describe('one order walking the asks / bids', () => {
  it.each([
    // 0.5 @ 64 010: 10 / 64 000 = 1.5625 bps.
    { name: 'inside the top level', side: 'buy', size: '0.5', status: 'pass', vwap: '64010', worst: '64010', slip: '1.5625', unfilled: '0' },
    // 64 010 + 2·64 020 + 2·64 100 = 320 250 for 5 → 64 050: 50 / 64 000 = 7.8125 bps.
    { name: 'three levels, under the warn limit', side: 'buy', size: '5', status: 'pass', vwap: '64050', worst: '64100', slip: '7.8125', unfilled: '0' },
    // + 1 @ 64 500 = 384 750 for 6 → 64 125: 125 / 64 000 = 19.53125 bps > 10.
    { name: 'four levels warns', side: 'buy', size: '6', status: 'warn', vwap: '64125', worst: '64500', slip: '19.53125', unfilled: '0' },
    // Mirror on the bids: 63 990 + 2·63 980 + 2·63 900 + 63 500 = 383 250 → 63 875: 125 / 64 000 = 19.53125 bps.
    { name: 'a sell walks the bids', side: 'sell', size: '6', status: 'warn', vwap: '63875', worst: '63500', slip: '19.53125', unfilled: '0' },
    // 320 250 + 5·64 500 = 642 750 for 10 → 64 275: 275 / 64 000 = 42.96875 bps > 30.
    { name: 'over the fail limit', side: 'buy', size: '10', status: 'fail', vwap: '64275', worst: '64500', slip: '42.96875', unfilled: '0' },
    // The asks hold 15: 15 fill for 320 250 + 10·64 500 = 965 250 (VWAP 64 350), 5 unfilled, never priced at 64 500.
    { name: 'more than the book holds fails', side: 'buy', size: '20', status: 'fail', vwap: '64350', worst: '64500', slip: '54.6875', unfilled: '5' },
  ])('$name', ({ side, size, status, vwap, worst, slip, unfilled }) => {
    const item = orderItem(withOrders([{ side, size }]))
    expect({
      status: item.status,
      vwap: item.figures.vwap,
      worst: item.figures.worst_price,
      slip: item.figures.slippage_bps,
      unfilled: item.figures.unfilled,
    }).toEqual({ status, vwap, worst, slip, unfilled })
    expect(item.path).toBe('orders[0].size')
  })

  it('reports slippage against the trigger price and the taker fee', () => {
    // Buy 6 → VWAP 64 125. Mark 64 100: 25 / 64 100 × 10 000 = 3.900156006240249609984399… bps (24 digits: …99844).
    // Taker fee: 384 750 × 0.0005 = 192.375.
    const p = withOrders([{ side: 'buy', size: '6' }], { prices: { index: '64000', mark: '64100', last: '64000' } })
    const item = orderItem(p)
    expect([item.figures.trigger_price, item.figures.slippage_vs_trigger_bps, item.figures.taker_fee, item.figures.cost]).toEqual([
      '64100',
      '3.9001560062402496099844',
      '192.375',
      '384750',
    ])
  })

  it('shows what doubling the size does', () => {
    // Half (3): 64 010 + 2·64 020 = 192 050 → 64 016.666…: 2.6041666… bps; full 19.53125 bps; ratio 7.5.
    const item = orderItem(withOrders([{ side: 'buy', size: '6' }]))
    expect([item.figures.half_size_slippage_bps, item.figures.size_ratio]).toEqual(['2.60416666666666666666667', '7.5'])
  })

  it('suggests the smallest slice count that brings it within the warn limit', () => {
    // A single order has no interval: the search assumes the book whole again before each child.
    // 2 children of 3 → 2.6041666… bps ≤ 10.
    expect(orderItem(withOrders([{ side: 'buy', size: '6' }])).figures.slices_needed).toBe('2')
  })

  it('skips an order on a market without a book', () => {
    const p = withOrders([{ side: 'buy', size: '1' }])
    delete p.markets.BTCUSDT.book
    expect(findingsOf(p, ID).map((f) => [f.subject, f.status])).toEqual([['o1', 'skip']])
  })

  it('thresholds can be overridden', () => {
    const p = withOrders([{ side: 'buy', size: '6' }])
    p.thresholds = { slippage_warn_bps: '20', slippage_fail_bps: '40' }
    expect(orderItem(p).status).toBe('pass')
  })
})

describe('sliced orders', () => {
  const sliced = (market: Record<string, unknown> = {}) => withOrders([{ side: 'buy', size: '6', slices: 2, interval: '1s' }], market)

  it('refill unknown: both bounds, judged on never refilled', () => {
    // Whole again: each child of 3 walks the full book: 192 050 → 64 016.666…, 2.6041666… bps.
    // Never refilled: child 2 meets [0, 0, 2, 10]: 2·64 100 + 64 500 → the single order's 64 125, 19.53125 bps → warn.
    const item = orderItem(sliced())
    expect({
      status: item.status,
      whole: [item.figures.sliced_whole_again_vwap, item.figures.sliced_whole_again_slippage_bps],
      never: [item.figures.sliced_never_refilled_vwap, item.figures.sliced_never_refilled_slippage_bps],
      plan: item.figures.plan_slippage_bps,
      saved: item.figures.slippage_saved_bps,
    }).toEqual({
      status: 'warn',
      whole: ['64016.6666666666666666667', '2.60416666666666666666667'],
      never: ['64125', '19.53125'],
      plan: '19.53125',
      saved: '16.9270833333333333333333', // up to 19.53125 − 2.6041666…
    })
  })

  it('refill half-life 1s at an interval of 1s: half the consumed depth is back', () => {
    // Child 1 (3) leaves [0, 0, 2, 10]; refilled halfway: [0.5, 1, 2, 10].
    // Child 2 (3): 0.5·64 010 + 1·64 020 + 1.5·64 100 = 32 005 + 64 020 + 96 150 = 192 175.
    // (192 050 + 192 175) / 6 = 64 037.5 → 5.859375 bps: pass; saved 19.53125 − 5.859375 = 13.671875.
    const item = orderItem(sliced({ book: { ...BTC_BOOK, refill_half_life: '1s' } }))
    expect([item.status, item.figures.sliced_vwap, item.figures.sliced_slippage_bps, item.figures.slippage_saved_bps]).toEqual([
      'pass',
      '64037.5',
      '5.859375',
      '13.671875',
    ])
  })

  it('time risk of the schedule with volatility', () => {
    // Interval 3 153 600 ms = year / 10 000 → σ√T = 0.5 × 0.01 = 0.005 = 50 bps;
    // AC cost std for 2 children: σ√τ·√(1·3/12) = 0.005 × 0.5 = 25 bps.
    const p = withOrders([{ side: 'buy', size: '6', slices: 2, interval: '3153600ms' }], { volatility: '0.5' })
    const item = orderItem(p)
    expect([item.figures.time_risk_bps, item.figures.schedule_cost_std_bps]).toEqual(['50', '25'])
  })
})

describe('thin books', () => {
  const marketItem = (portfolio: unknown) => findingsOf(portfolio, ID).find((f) => f.subject === 'BTCUSDT')!

  it.each([
    // Asks within 0.5%: 5. A buy of 5 is covered, a buy of 6 is not.
    { name: 'covered', orders: [{ side: 'buy', size: '5' }], positions: [], status: 'pass' },
    { name: 'a buy larger than the asks near the mid', orders: [{ side: 'buy', size: '6' }], positions: [], status: 'warn' },
    // A long closes into the bids (5 within 0.5%): 5.5 is more.
    {
      name: 'a long larger than the bids near the mid',
      orders: [],
      positions: [{ id: 'btc', market: 'BTCUSDT', side: 'long', size: '5.5', entry_price: '64000' }],
      status: 'warn',
    },
  ])('$name', ({ orders, positions, status }) => {
    const p = withOrders(orders)
    p.positions = positions
    const item = marketItem(p)
    expect([item.status, item.figures.bid_depth, item.figures.ask_depth]).toEqual([status, '5', '5'])
    expect(item.path).toBe('markets.BTCUSDT.book')
  })

  it('a market with nothing planned on it gets no depth item', () => {
    expect(findingsOf(withOrders([]), ID)).toEqual([])
  })
})

describe('JSON orders[] figures', () => {
  it('carry vwap, worst price, slippage, unfilled, fee, expected fee, taker probability and both sliced bounds', () => {
    const report = run(withOrders([{ side: 'buy', size: '6', slices: 2, interval: '1s' }]), { only: [ID] })
    const { vwap, worst_price, slippage_bps, unfilled, fee, expected_fee, taker_probability, sliced } = report.records.orders[0]!
    // fee = taker on the walk: 384 750 × 0.0005 = 192.375; a market order's expected fee is the same, P = 1.
    expect({ vwap, worst_price, slippage_bps, unfilled, fee, expected_fee, taker_probability, sliced }).toEqual({
      vwap: '64125',
      worst_price: '64500',
      slippage_bps: '19.53125',
      unfilled: '0',
      fee: '192.375',
      expected_fee: '192.375',
      taker_probability: '1',
      sliced: {
        whole_again: { vwap: '64016.6666666666666666667', slippage_bps: '2.60416666666666666666667' },
        never_refilled: { vwap: '64125', slippage_bps: '19.53125' },
      },
    })
  })

  it('a single order has no sliced figures; a known refill gives one estimate', () => {
    const single = run(withOrders([{ side: 'buy', size: '6' }]), { only: [ID] }).records.orders[0]!
    expect(single.sliced).toBeNull()
    const known = withOrders([{ side: 'buy', size: '6', slices: 2, interval: '1s' }], { book: { ...BTC_BOOK, refill_half_life: '1s' } })
    expect(run(known, { only: [ID] }).records.orders[0]!.sliced).toEqual({ vwap: '64037.5', slippage_bps: '5.859375' })
  })
})

describe('message', () => {
  it('reads subject matter, value, limit', () => {
    expect(orderItem(withOrders([{ side: 'buy', size: '6', slices: 2, interval: '1s' }])).message).toMatchInlineSnapshot(
      `"buy 6 as one order: VWAP 64125, 19.53 bps against the mid (half the size: 2.6 bps, ×7.5); in 2 slices 1s apart: 19.53 bps if the book never refills, 2.6 bps if it is whole again; over the 10 bps warn limit; 2 slices bring it to 10 bps or less if the book is whole again before each child"`,
    )
  })
})
