// Liquidation in steps per venue, on the fixtures whose headers work the figures by hand.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { computeMargin } from '../../src/margin/index.js'
import { computeRisk } from '../../src/risk/view.js'
import { load } from '../helpers.js'

const fixture = (name: string) => parse(readFileSync(`fixtures/risk-model/${name}.yaml`, 'utf8'))

function steps(portfolio: unknown) {
  const loaded = load(portfolio)
  const path = computeRisk(loaded, computeMargin(loaded)).steps[0]!
  return {
    path,
    rows: path.steps.map((s) => [
      s.kind,
      s.atMs,
      s.size.toFixed(6),
      s.filled.toFixed(6),
      s.price?.toFixed(2) ?? null,
      s.fee.toFixed(2),
      s.marginAfter.toFixed(2),
    ]),
  }
}

describe('hyperliquid: 20% first, 30 s cooldown with the book refilling, the rest, backstop below 2/3 of maintenance', () => {
  it('the fixture: 0.1 at 48,590, 0.0875 refilled after 30 s, 3.8125 to the backstop at 47,531.25, 4,273.13 forfeited', () => {
    const { path, rows } = steps(fixture('steps-hyperliquid'))
    expect(rows).toEqual([
      ['market', 0, '0.800000', '0.100000', '48590.00', '0.00', '4274.00'],
      ['market', 30000, '3.900000', '0.087500', '48590.00', '0.00', '4273.12'],
      ['backstop', 30000, '3.812500', '3.812500', '47531.25', '0.00', '0.00'],
    ])
    expect(path.steps[0]!.stillLiquidatable).toBe(true)
    expect(path.steps[0]!.limit!.toFixed(2)).toBe('48336.86')
    expect([path.marginForfeited.toFixed(3), path.takenOver.toFixed(), path.unconfirmed.length]).toEqual(['4273.125', '3.8125', 1])
  })

  it.each([
    ['no half-life: nothing refills', undefined, '0.000000'],
    ['half-life 30 s: half refills', '30s', '0.050000'],
  ])('%s', (_name, halfLife, refilled) => {
    const p = fixture('steps-hyperliquid')
    if (halfLife) p.markets.BTC.book.refill_half_life = halfLife
    else delete p.markets.BTC.book.refill_half_life
    expect(steps(p).rows[1]![3]).toBe(refilled)
  })

  it.each([
    // Already past at a mark of 50,000 (margin 100): the notional at the liquidation price is size × 50,000.
    ['2', '2.000000'],
    ['2.00001', '0.400002'],
  ])('size %s: the first order is for %s (the 20%% step only above 100,000 of notional)', (size, first) => {
    const p = fixture('steps-hyperliquid')
    p.markets.BTC.prices = { index: '50000', mark: '50000', last: '50000' }
    p.positions[0].size = size
    p.positions[0].margin = '100'
    expect(steps(p).rows[0]![2]).toBe(first)
  })
})

describe('a deep book: each step reads the levels it takes, the depletion of those refills, the rest stays the snapshot', () => {
  // The hyperliquid fixture on a bid side of 303 levels: three of 0.1 above the backstop's limit (48,336.86, centred
  // by −1,400: 49,736.86 in the file's prices), 300 below it. Step 1 takes the three (0.3 at 48,590, 48,500 and 48,400),
  // the cooldown refills each by 0.1 × (1 − 1/8) = 0.0875, step 2 takes the three again, the rest goes to the backstop.
  const deep = (last: string) => [
    ['49990', '0.1'],
    ['49900', '0.1'],
    ['49800', '0.1'],
    ...Array.from({ length: 300 }, (_, i) => [`${49000 - i}`, i === 299 ? last : '10']),
  ]
  const expected = [
    ['market', 0, '0.800000', '0.300000', '48496.67'],
    ['market', 30000, '3.700000', '0.262500', '48496.67'],
    ['backstop', 30000, '3.437500', '3.437500', '47531.25'],
  ]
  it.each([
    ['sizes of at most 40 digits: only the levels taken carry a depletion', '10'],
    ['a size of 40 digits (the most a file gives) on the last level', '10.00000000000000000000000000000000000001'],
  ])('%s', (_name, last) => {
    const p = fixture('steps-hyperliquid')
    p.markets.BTC.book.bids = deep(last)
    const { path, rows } = steps(p)
    expect(rows.map((row) => row.slice(0, 5))).toEqual(expected)
    expect([path.bookFilled.toFixed(), path.takenOver.toFixed()]).toEqual(['0.5625', '3.4375'])
  })
})

describe('okx: tier 3 reduced to the tier-1 cap, re-checked', () => {
  it('the fixture: 8.199629 sold at 2,776.20 (fee 11.38), restored with 1.800371 open', () => {
    const { path, rows } = steps(fixture('steps-okx'))
    expect(rows).toEqual([['reduce', 0, '8.199629', '8.199629', '2776.20', '11.38', '827.47']])
    expect([path.remainingOpen.toFixed(6), path.takenOver.toFixed(), path.steps[0]!.stillLiquidatable]).toEqual(['1.800371', '0', false])
  })

  it('a thin book and a 5% fee: 0.5 fills, the re-check 60 s later still finds it liquidatable, the rest is taken over', () => {
    // Centred at 2,777.20 the bids are 2,776.20 (0.5) and 2,277.20 (below the bankruptcy price 2,692.50). Selling 0.5
    // costs a fee of 5% × 1,388.10 = 69.41: margin 847.05 − 0.50 − 69.41 = 777.14 against 0.0305 × 9.5 × 2,777.20 = 804.69.
    const p = fixture('steps-okx')
    p.markets['ETH-USDT-SWAP'].book.bids = [
      ['2999', '0.5'],
      ['2500', '50'],
    ]
    p.markets['ETH-USDT-SWAP'].liquidation_fee = '0.05'
    const { path, rows } = steps(p)
    expect(rows.map((r) => [r[0], r[1], r[3], r[6]])).toEqual([
      ['reduce', 0, '0.500000', '777.14'],
      ['market', 60000, '0.000000', '777.14'],
      ['takeover', 60000, '9.500000', '0.00'],
    ])
    expect(path.steps[0]!.stillLiquidatable).toBe(true)
  })

  it('below tier 3: one order', () => {
    const p = fixture('steps-okx')
    p.positions[0].size = '6'
    p.positions[0].margin = '1200'
    expect(steps(p).rows.map((r) => r[0])[0]).toBe('market')
  })
})

describe('binance: one reduce order limited at the bankruptcy price, then takeover', () => {
  it('the fixture: 0.5 bought at 52,248.81 (fee 130.62), 1.5 taken over at 52,500, 386.77 forfeited', () => {
    const { path, rows } = steps(fixture('steps-binance'))
    expect(rows).toEqual([
      ['reduce', 0, '2.000000', '0.500000', '52248.81', '130.62', '386.77'],
      ['takeover', 0, '1.500000', '1.500000', '52500.00', '0.00', '0.00'],
    ])
    expect([path.marginForfeited.toFixed(2), path.averagePrice!.toFixed(2), path.bankruptcyPrice!.toFixed()]).toEqual(['386.77', '52437.20', '52500'])
  })

  it('bybit follows the same rule, marked unconfirmed', () => {
    const p = fixture('steps-binance')
    p.venue = 'bybit-linear'
    const { path } = steps(p)
    expect(path.steps.map((s) => s.kind)).toEqual(['reduce', 'takeover'])
    expect(path.unconfirmed.length).toBe(1)
  })
})

describe('paradex: the least 20% multiple of the position taken by the insurance fund at the mark, penalty share × 70% × maintenance', () => {
  it('the fixture: 0.4 of 1 BTC at 49,000 (20% leaves the margin ratio at 95.3%, 40% at 85.8%), penalty 137.20, 0.6 left open', () => {
    const { path, rows } = steps(fixture('steps-paradex'))
    expect(rows).toEqual([['share', 0, '0.400000', '0.400000', '49000.00', '137.20', '342.80']])
    expect([path.remainingOpen.toFixed(), path.takenOver.toFixed(), path.marginForfeited.toFixed(), path.steps[0]!.stillLiquidatable]).toEqual([
      '0.6',
      '0',
      '0',
      false,
    ])
    expect([path.bankruptcyPrice!.toFixed(), path.averagePrice!.toFixed(), path.unconfirmed.length]).toEqual(['48520', '49000', 1])
    // taken by the fund, not closed in the book
    expect([path.bookFilled.toFixed(), path.bookVwap]).toEqual(['0', null])
  })

  it.each([
    // wallet, share, penalty, margin after. Account value w − 1,000 against maintenance 490; after a share s, 490(1 − s)
    // against w − 1,000 − 343s. 1,463: 463 → s 40%: 294 / 325.8 = 90.2%, s 60%: 196 / 257.2 = 76.2%.
    ['1480', '0.400000', '137.20', '342.80'],
    ['1463', '0.600000', '205.80', '257.20'],
    // 1,100: 100 of value; 20% → 392 / 31.4, 40% and more leave nothing: the whole position, the penalty capped at the 100 left.
    ['1100', '1.000000', '100.00', '0.00'],
  ])('wallet %s: share %s, penalty %s, margin after %s', (wallet, share, fee, after) => {
    const p = fixture('steps-paradex')
    p.account.wallet_balance = wallet
    const [row] = steps(p).rows
    expect([row![2], row![5], row![6]]).toEqual([share, fee, after])
  })

  it.each([
    // 40%: 294 / (v − 137.2) = 0.9 at an account value v of 463.8667 (a wallet of 1,463.8667, rounded): just above the
    // boundary the ratio is 90.0000…1% (not below 90%: 60%), just below it 89.9999…% (40%).
    ['1463.8666666666', '0.600000'],
    ['1463.8666666667', '0.400000'],
  ])('the 90%% boundary: wallet %s, share %s', (wallet, share) => {
    const p = fixture('steps-paradex')
    p.account.wallet_balance = wallet
    expect(steps(p).rows[0]![2]).toBe(share)
  })
})

describe('which positions get a stepped liquidation: the 20 largest notional with a book and a liquidation price', () => {
  // Isolated BTC longs at 64,000 with 1,000 margin each: p10 0.3 BTC, p02 0.2, the other 22 0.1 (a tie across the
  // cut); a 5 ETH short in a market without a book is larger than all and has none.
  const sized = (id: string) => (id === 'p10' ? '0.3' : id === 'p02' ? '0.2' : '0.1')
  const ids = Array.from({ length: 24 }, (_, i) => `p${String(i + 1).padStart(2, '0')}`)
  const portfolio = {
    version: 1,
    as_of: '2026-11-21T07:45:00Z',
    account: { wallet_balance: '100000', fees: { maker: '0.0002', taker: '0.0005' } },
    markets: {
      BTCUSDT: {
        prices: { index: '64000', mark: '64000', last: '64000' },
        maintenance_ladder: [{ max_notional: '10000000', mmr: '0.005', max_leverage: '100' }],
        book: {
          bids: [
            [63990, 5],
            [63900, 20],
          ],
          asks: [
            [64010, 5],
            [64100, 20],
          ],
        },
      },
      ETHUSDT: {
        prices: { index: '3000', mark: '3000', last: '3000' },
        maintenance_ladder: [{ max_notional: '10000000', mmr: '0.005', max_leverage: '100' }],
      },
    },
    positions: [
      { id: 'eth', market: 'ETHUSDT', side: 'short', size: '5', entry_price: '3000', margin_mode: 'isolated', margin: '1000' },
      ...ids.map((id) => ({ id, market: 'BTCUSDT', side: 'long', size: sized(id), entry_price: '64000', margin_mode: 'isolated', margin: '1000' })),
    ],
  }

  it('largest first, equal notionals in file order, the last four of the ties left out', () => {
    const loaded = load(portfolio)
    const chosen = computeRisk(loaded, computeMargin(loaded)).steps.map((s) => s.positionId)
    expect(chosen).toEqual(['p10', 'p02', 'p01', ...ids.slice(2, 20).filter((id) => id !== 'p10')])
  })
})
