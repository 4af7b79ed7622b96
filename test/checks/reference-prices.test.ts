// reference-prices: trigger reference, mark–last and mark–index divergence, stop reference mismatch.
import { describe, expect, it } from 'vitest'
import { findingsOf, portfolioWith } from '../helpers.js'

const ID = 'reference-prices'

function market(prices: { index: string; mark: string; last: string }, extra: Record<string, unknown> = {}) {
  return portfolioWith((p) => {
    p.markets.BTCUSDT.prices = prices
    Object.assign(p.markets.BTCUSDT, extra)
  })
}

describe('divergence against thresholds', () => {
  // mark–last bps = |mark − last| / mark × 10000; mark–index bps = |mark − index| / index × 10000
  it.each([
    { name: 'all equal', prices: { index: '64000', mark: '64000', last: '64000' }, last: ['0', 'pass'], index: ['0', 'pass'] },
    // |64000 − 63904| / 64000 = 96 / 64000 = 0.0015 → 15 bps: at the limit, not over it
    { name: 'exactly at the warn limit passes', prices: { index: '64000', mark: '64000', last: '63904' }, last: ['15', 'pass'], index: ['0', 'pass'] },
    // 128 / 64000 = 20 bps > 15
    { name: 'last 20 bps away warns', prices: { index: '64000', mark: '64000', last: '63872' }, last: ['20', 'warn'], index: ['0', 'pass'] },
    // |64400 − 64000| / 64000 = 62.5 bps > 50; |64400 − 64400| = 0
    { name: 'mark 62.5 bps over index fails', prices: { index: '64000', mark: '64400', last: '64400' }, last: ['0', 'pass'], index: ['62.5', 'fail'] },
    // |3024 − 3000| / 3000 = 80 bps; |3024 − 3025| / 3024 × 10000 = 3.306878… (24 significant digits)
    {
      name: 'mark 80 bps over index fails',
      prices: { index: '3000', mark: '3024', last: '3025' },
      last: ['3.30687830687830687830688', 'pass'],
      index: ['80', 'fail'],
    },
  ])('$name', ({ prices, last, index }) => {
    const found = findingsOf(market(prices), ID)
    const lastItem = found.find((f) => 'mark_last_bps' in f.figures)!
    const indexItem = found.find((f) => 'mark_index_bps' in f.figures)!
    expect([lastItem.figures.mark_last_bps, lastItem.status]).toEqual(last)
    expect([indexItem.figures.mark_index_bps, indexItem.status]).toEqual(index)
  })

  it('thresholds can be overridden', () => {
    const p = market({ index: '64000', mark: '64000', last: '63872' })
    p.thresholds = { mark_last_warn_bps: '25', mark_last_fail_bps: '40' }
    expect(findingsOf(p, ID).find((f) => 'mark_last_bps' in f.figures)!.status).toBe('pass')
  })
})

describe('which reference triggers liquidation', () => {
  it.each([
    { venue: undefined, trigger: undefined, expected: ['mark', '64010'] },
    { venue: undefined, trigger: 'last', expected: ['last', '63990'] },
    { venue: 'dydx-v4', trigger: undefined, expected: ['index', '64000'] },
    { venue: 'dydx-v4', trigger: 'mark', expected: ['mark', '64010'] },
  ])('venue $venue, file says $trigger → $expected', ({ venue, trigger, expected }) => {
    const p = market({ index: '64000', mark: '64010', last: '63990' }, trigger ? { liquidation_trigger: trigger } : {})
    if (venue) p.venue = venue
    const info = findingsOf(p, ID).find((f) => f.status === 'info')!
    expect([info.figures.trigger, info.figures.trigger_price]).toEqual(expected)
  })
})

describe('stops on a different reference than liquidation', () => {
  const withStop = (trigger: string | undefined, liquidation = 'mark') =>
    portfolioWith((p) => {
      p.markets.BTCUSDT.prices = { index: '64000', mark: '64010', last: '63990' }
      p.markets.BTCUSDT.liquidation_trigger = liquidation
      p.positions = [
        { id: 'btc', market: 'BTCUSDT', side: 'long', size: '0.5', entry_price: '63000', stop: { price: '61000', ...(trigger ? { trigger } : {}) } },
      ]
    })

  it.each([
    // gap = mark − last = 64010 − 63990 = 20; 20 / 64010 × 10000 = 3.1245118...
    { name: 'stop on last, liquidation on mark', stop: 'last', liquidation: 'mark', status: 'warn', gap: '20', gapBps: '3.12451179503202624589908' },
    { name: 'stop defaults to last', stop: undefined, liquidation: 'mark', status: 'warn', gap: '20', gapBps: '3.12451179503202624589908' },
    // gap = index − mark = 64000 − 64010 = −10; −10 / 64000 × 10000 = −1.5625
    { name: 'stop on mark, liquidation on index', stop: 'mark', liquidation: 'index', status: 'warn', gap: '-10', gapBps: '-1.5625' },
    { name: 'same reference passes', stop: 'mark', liquidation: 'mark', status: 'pass', gap: '0', gapBps: '0' },
  ])('$name', ({ stop, liquidation, status, gap, gapBps }) => {
    const item = findingsOf(withStop(stop, liquidation), ID).find((f) => f.subject === 'btc')!
    expect({ status: item.status, gap: item.figures.gap, gap_bps: item.figures.gap_bps, path: item.path }).toEqual({
      status,
      gap,
      gap_bps: gapBps,
      path: 'positions[0].stop.trigger',
    })
  })

  it('positions without a stop get no stop item', () => {
    const p = portfolioWith((q) => (q.positions = [{ market: 'BTCUSDT', side: 'short', size: '1', entry_price: '65000' }]))
    expect(findingsOf(p, ID).filter((f) => f.subject !== 'BTCUSDT')).toEqual([])
  })

  it('message snapshot', () => {
    const item = findingsOf(withStop('last'), ID).find((f) => f.subject === 'btc')!
    expect(item.message).toMatchInlineSnapshot(`"stop triggers on last but liquidation on mark; mark − last is +20 (+3.12 bps) now"`)
  })
})
