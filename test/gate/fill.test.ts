// The fill model of the before/after (src/gate/fill.ts): price (limit, book walk), what the fill does to the
// position of its market, the fee out of the wallet, one fill after another. Figures worked by hand from the
// book and fees below.
import { describe, expect, it } from 'vitest'
import { computeViews } from '../../src/engine/views.js'
import { filledPortfolio, fillOf } from '../../src/gate/fill.js'
import type { Portfolio } from '../../src/model.js'
import { load, portfolioWith } from '../helpers.js'

// Cross wallet 10000, maker 0.0002, taker 0.0005; BTCUSDT at 64000, asks 64010 × 1, 64020 × 2, bids 63990 × 1, 63980 × 2.
function account(positions: Record<string, unknown>[], orders: Record<string, unknown>[]): Portfolio {
  return load(
    portfolioWith((p) => {
      p.markets.BTCUSDT.book = {
        bids: [
          ['63990', '1'],
          ['63980', '2'],
        ],
        asks: [
          ['64010', '1'],
          ['64020', '2'],
        ],
      }
      p.positions = positions
      p.orders = orders
    }),
  )
}

const long1 = { id: 'btc', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '60000', stop: { price: '55000' } }

function fill(portfolio: Portfolio, ids: string[]) {
  const { execution } = computeViews(portfolio, ['execution']).views
  const fills = ids.map((id) => fillOf(portfolio.orders.find((o) => o.id === id)!, execution!))
  return filledPortfolio(portfolio, fills)
}

describe('one fill', () => {
  it.each([
    // [what, positions, order, price, source, fee, effect, position after {size, side, entry}, wallet after]
    [
      'a market buy with no position opens one at the walk’s average',
      [],
      { id: 'o', market: 'BTCUSDT', side: 'buy', size: '1.5', hold: '3d' },
      '64013.33333333333333333333333333333333333',
      'book walk',
      '48.01',
      'opens',
      { id: 'o', size: '1.5', side: 'long', entryPrice: '64013.33333333333333333333333333333333333' },
      '9951.99',
    ],
    [
      'a market sell reduces a long, realizing its PnL into the wallet',
      [long1],
      { id: 'o', market: 'BTCUSDT', side: 'sell', size: '0.4' },
      '63990',
      'book walk',
      '12.798',
      'reduces',
      { id: 'btc', size: '0.6', side: 'long', entryPrice: '60000' },
      '11583.202',
    ],
    [
      'a sell of the whole size closes it',
      [long1],
      { id: 'o', market: 'BTCUSDT', side: 'sell', size: '1' },
      '63990',
      'book walk',
      '31.995',
      'closes',
      null,
      '13958.005',
    ],
    [
      'a larger sell flips it: the rest opens short at the fill, without the stop',
      [long1],
      { id: 'o', market: 'BTCUSDT', side: 'sell', size: '2.5' },
      '63984',
      'book walk',
      '79.98',
      'flips',
      { id: 'btc', size: '1.5', side: 'short', entryPrice: '63984' },
      '13904.02',
    ],
    [
      'a reduce-only sell larger than the long stops at its size: it closes it (fee pro rata)',
      [long1],
      { id: 'o', market: 'BTCUSDT', side: 'sell', size: '2.5', reduce_only: true },
      '63984',
      'book walk',
      '31.992',
      'closes',
      null,
      '13952.008',
    ],
    [
      'a reduce-only buy on a long is rejected: nothing changes, no fee',
      [long1],
      { id: 'o', market: 'BTCUSDT', side: 'buy', size: '1', reduce_only: true },
      '64010',
      'book walk',
      '0',
      'rejected',
      { id: 'btc', size: '1', side: 'long', entryPrice: '60000' },
      '10000',
    ],
    [
      'a buy adds at the average entry price',
      [long1],
      { id: 'o', market: 'BTCUSDT', side: 'buy', size: '1' },
      '64010',
      'book walk',
      '32.005',
      'adds',
      { id: 'btc', size: '2', side: 'long', entryPrice: '62005' },
      '9967.995',
    ],
  ] as const)('%s', (_, positions, order, price, source, fee, effect, after, wallet) => {
    const { fills, portfolio, effects } = fill(account([...positions], [order]), ['o'])
    expect(fills[0]).toMatchObject({ priceSource: source, passive: false })
    expect(fills[0]!.price.toString()).toBe(price)
    expect(fills[0]!.fee.toString()).toBe(fee)
    expect(effects[0]!.effect).toBe(effect)
    const position = portfolio.positions.find((p) => p.market === 'BTCUSDT')
    if (after === null) expect(position).toBeUndefined()
    else {
      expect({ id: position!.id, size: position!.size.toString(), side: position!.side, entryPrice: position!.entryPrice.toString() }).toEqual(after)
      if (effect === 'flips' || effect === 'opens') expect(position!.stop).toBeUndefined()
    }
    expect(portfolio.account.walletBalance.toString()).toBe(wallet)
    expect(portfolio.orders).toEqual([])
  })

  it('an opened position holds for the order’s hold', () => {
    const { portfolio } = fill(account([], [{ id: 'o', market: 'BTCUSDT', side: 'buy', size: '1', hold: '3d' }]), ['o'])
    expect(portfolio.positions[0]!.holdMs).toBe(3 * 86_400_000)
  })

  it('an isolated position adds margin at its own leverage (entry notional ÷ margin)', () => {
    const isolated = { ...long1, margin_mode: 'isolated', margin: '3000' }
    const { portfolio } = fill(account([isolated], [{ id: 'o', market: 'BTCUSDT', side: 'buy', size: '1' }]), ['o'])
    // leverage 60000 ÷ 3000 = 20; added 64010 ÷ 20 = 3200.5; the fee leaves the wallet, not the margin.
    expect(portfolio.positions[0]!.margin!.toString()).toBe('6200.5')
    expect(portfolio.account.walletBalance.toString()).toBe('9967.995')
  })

  it('a resting limit fills at its price, with the market moved there (mark and index in proportion)', () => {
    const { fills, portfolio } = fill(account([long1], [{ id: 'o', market: 'BTCUSDT', side: 'buy', size: '1', type: 'limit', price: '63000' }]), ['o'])
    expect(fills[0]).toMatchObject({ priceSource: 'limit price', passive: true })
    expect(fills[0]!.price.toString()).toBe('63000')
    expect(portfolio.markets.get('BTCUSDT')!.prices.last.toString()).toBe('63000')
    expect(portfolio.markets.get('BTCUSDT')!.prices.mark.toString()).toBe('63000') // mark = last = 64000 before
    expect(portfolio.positions[0]!.entryPrice.toString()).toBe('61500')
    expect(portfolio.account.walletBalance.plus(fills[0]!.fee).toString()).toBe('10000')
  })
})

describe('several fills, one after another', () => {
  it('buy 1 then sell 1.5: the sell reduces what the buy left; the orders not filled stay planned', () => {
    const orders = [
      { id: 'a', market: 'BTCUSDT', side: 'buy', size: '1' },
      { id: 'b', market: 'BTCUSDT', side: 'sell', size: '1.5' },
      { id: 'c', market: 'BTCUSDT', side: 'sell', size: '0.1' },
    ]
    const { portfolio, effects } = fill(account([long1], orders), ['a', 'b'])
    expect(effects.map((e) => e.effect)).toEqual(['adds', 'reduces'])
    expect(portfolio.positions[0]!.size.toString()).toBe('0.5')
    expect(portfolio.orders.map((o) => o.id)).toEqual(['c'])
    // a: +1 at 64010, fee 32.005; b: 1.5 sold for 63990 + 0.5 × 63980 = 95980 against entry 62005 (realized
    // 95980 − 93007.5 = 2972.5), fee 47.99: 10000 − 32.005 + 2972.5 − 47.99
    expect(portfolio.account.walletBalance.toString()).toBe('12892.505')
  })
})
