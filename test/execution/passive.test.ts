// Orders mean what their type says: a passive order (post-only, or a limit away from the touch) rests at its
// limit; it is not walked through the book as a taker, and its what-if fill stands at its limit price.
import { describe, expect, it } from 'vitest'
import { isPassive } from '../../src/execution/passive.js'
import { levels } from './book.js'
import { d, findingsOf, portfolioWith } from '../helpers.js'

const BOOK = {
  bids: [
    ['63999', '2'],
    ['63990', '5'],
  ],
  asks: [
    ['64001', '2'],
    ['64010', '5'],
  ],
}

describe('isPassive', () => {
  const market = {
    book: { bids: levels([[63999, 2]]), asks: levels([[64001, 2]]), path: [] },
    prices: { index: d(64000), mark: d(64000), last: d(64000) },
  }
  const noBook = { prices: market.prices }
  it.each([
    { order: { type: 'post_only', side: 'buy', price: '50000' }, on: market, passive: true },
    { order: { type: 'post_only', side: 'buy', price: '70000' }, on: market, passive: true },
    { order: { type: 'limit', side: 'buy', price: '64000' }, on: market, passive: true },
    { order: { type: 'limit', side: 'buy', price: '64001' }, on: market, passive: false },
    { order: { type: 'limit', side: 'sell', price: '64000' }, on: market, passive: true },
    { order: { type: 'limit', side: 'sell', price: '63999' }, on: market, passive: false },
    { order: { type: 'limit', side: 'buy', price: '63000' }, on: noBook, passive: true },
    { order: { type: 'limit', side: 'buy', price: '65000' }, on: noBook, passive: false },
    { order: { type: 'market', side: 'buy' }, on: market, passive: false },
  ] as const)('$order.type $order.side at $order.price: passive $passive', ({ order, on, passive }) => {
    expect(isPassive({ ...order, price: 'price' in order ? d((order as { price: string }).price) : undefined }, on)).toBe(passive)
  })
})

describe('a passive order through the checks', () => {
  const withOrder = (order: Record<string, string>) =>
    portfolioWith((p) => {
      p.markets.BTCUSDT.volatility = '0.5'
      p.markets.BTCUSDT.book = BOOK
      p.orders = [{ market: 'BTCUSDT', side: 'buy', size: '1', ...order }]
    })

  it('a post-only buy at 50000 with the mark at 64000: no book walk, filled at 50000, notional 50000 in tier 1', () => {
    const p = withOrder({ type: 'post_only', price: '50000' })
    const [slippage] = findingsOf(p, 'slippage').filter((f) => f.subject === 'BTCUSDT#order1')
    expect(slippage).toMatchObject({ status: 'info', figures: { price: '50000' } })
    expect(slippage!.message).toMatch(/rests in the book at 50000/)
    const [ladder] = findingsOf(p, 'maintenance-ladder').filter((f) => f.subject === 'BTCUSDT#order1')
    expect(ladder!.figures).toMatchObject({ fill_price: '50000', notional_after: '50000', tier_after: '1' })
    const [fees] = findingsOf(p, 'fees').filter((f) => f.subject === 'BTCUSDT#order1')
    expect(fees!.figures).toMatchObject({ notional: '50000', stress_expected_fee: '10' })
  })

  it('a limit buy above the ask takes liquidity: walked through the book', () => {
    const [slippage] = findingsOf(withOrder({ type: 'limit', price: '64005' }), 'slippage').filter((f) => f.subject === 'BTCUSDT#order1')
    expect(slippage!.figures).toMatchObject({ vwap: '64001' })
  })

  it('a market order is walked as before', () => {
    const [slippage] = findingsOf(withOrder({}), 'slippage').filter((f) => f.subject === 'BTCUSDT#order1')
    expect(slippage!.figures).toMatchObject({ vwap: '64001', slippage_bps: '0.15625' })
  })
})
