// computeMargin and its companions on hand-worked cases: every expected figure is written as the exact
// arithmetic it comes from (the formula in the comment), so a wrong tier, sign or fee shows as a wrong number.
import { describe, expect, it } from 'vitest'
import { accountAt, computeMargin, isolatedLiquidationPrice, maintenanceMarginAt, positionTierBoundaries } from '../../src/margin/index.js'
import { decimalString } from '../../src/decimal.js'
import { d, load, single } from './load.js'

const ONE_TIER = [{ max_notional: '1000000', mmr: '0.01', max_leverage: '50' }]
const TWO_TIERS = [
  { max_notional: '5000', mmr: '0.01', max_leverage: '50' },
  { max_notional: '1000000', mmr: '0.05', max_leverage: '10' },
]

describe('isolated, generic venue', () => {
  const portfolio = single({ price: '100', ladder: ONE_TIER, position: { side: 'long', size: '10', entry_price: '100', margin: '200' } })
  const p = computeMargin(portfolio).positions.get('p')!

  it('tier, rate, maintenance margin, initial margin and leverage from the margin (no `leverage` given)', () => {
    expect([p.notional.toFixed(), p.tier.number, p.mmr.toFixed(), p.maintenanceAmount.toFixed(), p.maintenanceMargin.toFixed()]).toEqual([
      '1000',
      1,
      '0.01',
      '0',
      '10',
    ])
    expect([p.leverage.toFixed(), p.leverageSource, p.initialMargin.toFixed(), p.maxLeverage.toFixed(), p.overMaxLeverage]).toEqual([
      '5',
      'margin',
      '200',
      '50',
      false,
    ])
    expect([p.marginBalance.toFixed(), p.marginRatio!.toFixed()]).toEqual(['200', '0.05'])
  })

  it('LP = (q·EP − M − cum)/(q·(1 − mmr)) = 800/9.9; BP = EP − M/q = 80; distance = (100 − LP)/100', () => {
    expect(p.liquidation.price!.eq(d(800).div('9.9'))).toBe(true)
    expect(p.liquidation.alreadyPast).toBe(false)
    expect(p.bankruptcyPrice!.toFixed()).toBe('80')
    expect(p.liquidationDistance!.eq(d(100).minus(d(800).div('9.9')).div(100))).toBe(true)
  })

  it('the band starts where MM/balance = 0.8: 0.8·(200 + 10(P − 100)) = 0.1·P → P = 640/7.9', () => {
    expect(p.bandStart.price!.eq(d(640).div('7.9'))).toBe(true)
    const at = accountAt(portfolio, new Map([['X', p.bandStart.price!]])).positions.get('p')!
    expect(at.maintenanceMargin.div(at.marginBalance).minus('0.8').abs().lt('1e-35')).toBe(true)
  })
})

describe('the tier used is the tier at the liquidation notional', () => {
  it('long 100 @ 100 sits in tier 2 now (N 10,000) but liquidates in tier 1: LP = (10,000 − 6,000)/(100·0.99)', () => {
    const p = computeMargin(
      single({ price: '100', ladder: TWO_TIERS, position: { side: 'long', size: '100', entry_price: '100', margin: '6000' } }),
    ).positions.get('p')!
    expect([p.tier.number, p.maintenanceAmount.toFixed()]).toEqual([2, '200'])
    expect(p.liquidation.tier!.number).toBe(1)
    expect(p.liquidation.price!.eq(d(4000).div(99))).toBe(true) // tier 2's formula would give 40 (N 4,000: not in tier 2)
  })

  it('short moving up into tier 2: LP = (M + cum + q·EP)/(q·(1 + mmr)) with tier 2’s rate and amount', () => {
    // short 40 @ 100 (N 4,000, tier 1), margin 800: tier 1 gives 4,800/40.4 = 118.8 (N 4,752, still tier 1).
    const p = computeMargin(
      single({ price: '100', ladder: TWO_TIERS, position: { side: 'short', size: '40', entry_price: '100', margin: '800' } }),
    ).positions.get('p')!
    expect(p.liquidation.tier!.number).toBe(1)
    expect(p.liquidation.price!.eq(d(4800).div('40.4'))).toBe(true)
    // short 60 @ 100 (N 6,000, tier 2), margin 1,200: tier 2 gives (1,200 + 200 + 6,000)/(60·1.05) = 7,400/63.
    const q = computeMargin(
      single({ price: '100', ladder: TWO_TIERS, position: { side: 'short', size: '60', entry_price: '100', margin: '1200' } }),
    ).positions.get('p')!
    expect([q.liquidation.tier!.number, q.liquidation.price!.eq(d(7400).div(63))]).toEqual([2, true])
  })

  it('okx-swap, no deduction: a tier step can liquidate at the boundary itself (reported as the cap ÷ size)', () => {
    // short 100 @ 100, margin 2,000, taker 0. Tier 1 (1%) would give 12,000/101 = 118.81 (N 11,881 > cap 11,000);
    // just above 110 the whole notional pays 10%: 1,100 > equity 1,000, so liquidation is at 110.
    const ladder = [
      { max_notional: '11000', mmr: '0.01', max_leverage: '50' },
      { max_notional: '1000000', mmr: '0.1', max_leverage: '5' },
    ]
    const p = computeMargin(
      single({ venue: 'okx-swap', taker: '0', price: '100', ladder, position: { side: 'short', size: '100', entry_price: '100', margin: '2000' } }),
    ).positions.get('p')!
    expect([p.liquidation.price!.toFixed(), p.liquidation.tier!.number]).toEqual(['110', 2])
  })
})

describe('no finite liquidation price, and already past it', () => {
  it('a fully collateralised 1x long has neither a liquidation nor a bankruptcy price, with the reason', () => {
    const p = computeMargin(
      single({ price: '100', ladder: ONE_TIER, position: { side: 'long', size: '10', entry_price: '100', margin: '1000', leverage: '1' } }),
    ).positions.get('p')!
    expect([p.liquidation.price, p.bankruptcyPrice, p.liquidationDistance]).toEqual([null, null, null])
    expect(p.liquidation.reason).toBe("the position's margin covers the position down to a zero price of X")
    expect(p.bankruptcyReason).toBe("the position's margin covers it down to a zero price")
  })

  it('a long whose price is already below its LP: flagged, LP still reported, negative distance', () => {
    const p = computeMargin(single({ price: '80', ladder: ONE_TIER, position: { side: 'long', size: '10', entry_price: '100', margin: '200' } })).positions.get(
      'p',
    )!
    expect(p.liquidation.alreadyPast).toBe(true)
    expect(p.liquidation.price!.eq(d(800).div('9.9'))).toBe(true)
    expect(p.liquidationDistance!.isNeg()).toBe(true)
    expect(p.liquidationDistance!.eq(d(80).minus(d(800).div('9.9')).div(80))).toBe(true)
  })
})

describe('cross account', () => {
  // BTC long 1 @ 60,000 at 60,000 (tier 2: 0.5%, cum 50 → MM 250); ETH short 10 @ 3,000 at 3,100 (1% → MM 310,
  // UPNL −1,000). Wallet 10,000 → margin balance 9,000, maintenance 560.
  const portfolio = load({
    version: 1,
    venue: 'binance-usdm',
    account: { margin_mode: 'cross', wallet_balance: '10000' },
    markets: {
      BTC: {
        prices: { index: '60000', mark: '60000', last: '60000' },
        maintenance_ladder: [
          { max_notional: '50000', mmr: '0.004', max_leverage: '125' },
          { max_notional: '600000', mmr: '0.005', max_leverage: '100' },
        ],
      },
      ETH: { prices: { index: '3100', mark: '3100', last: '3100' }, maintenance_ladder: ONE_TIER },
    },
    positions: [
      { id: 'btc', market: 'BTC', side: 'long', size: '1', entry_price: '60000' },
      { id: 'eth', market: 'ETH', side: 'short', size: '10', entry_price: '3000', leverage: '20' },
    ],
  })
  const view = computeMargin(portfolio)
  const btc = view.positions.get('btc')!
  const eth = view.positions.get('eth')!

  it('account: margin balance, maintenance and ratio', () => {
    expect([view.account!.marginBalance.toFixed(), view.account!.maintenanceMargin.toFixed(), view.account!.belowMaintenance]).toEqual(['9000', '560', false])
    expect(view.account!.marginRatio!.eq(d(560).div(9000))).toBe(true)
    expect(btc.marginRatio!.eq(view.account!.marginRatio!)).toBe(true)
  })

  it('leverage without `leverage` is the tier max (initial margin 60,000/100); with it, the file’s', () => {
    expect([btc.leverage.toFixed(), btc.leverageSource, btc.initialMargin.toFixed()]).toEqual(['100', 'tier-max', '600'])
    expect([eth.leverage.toFixed(), eth.leverageSource, eth.initialMargin.toFixed()]).toEqual(['20', 'file', '1550'])
  })

  it('BTC LP with ETH held at 3,100: 9,000 + (P − 60,000) − (0.005·P − 50) − 310 = 0 → P = 51,260/0.995', () => {
    expect(btc.liquidation.price!.eq(d(51260).div('0.995'))).toBe(true)
  })

  it('ETH LP with BTC held at 60,000: 9,000 − 10(P − 3,100) − 250 − 0.1·P = 0 → P = 39,750/10.1', () => {
    expect(eth.liquidation.price!.eq(d(39750).div('10.1'))).toBe(true)
  })

  it('bankruptcy: the account balance reaches 0 (BTC: 60,000 − 9,000; ETH: 3,100 + 900)', () => {
    expect([btc.bankruptcyPrice!.toFixed(), eth.bankruptcyPrice!.toFixed()]).toEqual(['51000', '4000'])
  })

  it('accountAt: at BTC 51,400 the account is liquidated (both cross positions), tiers re-read', () => {
    const at = accountAt(portfolio, new Map([['BTC', d('51400')]]))
    // balance 9,000 − 8,600 = 400; maintenance 0.005·51,400 − 50 + 310 = 517
    expect([at.account!.marginBalance.toFixed(), at.account!.maintenanceMargin.toFixed(), at.account!.liquidated]).toEqual(['400', '517', true])
    expect(at.liquidated).toEqual(['btc', 'eth'])
    expect(at.positions.get('btc')!.tier.number).toBe(2)
  })

  it('accountAt: at BTC 40,000 the BTC leg drops to tier 1 (N 40,000 → 0.4%, no amount)', () => {
    const at = accountAt(portfolio, new Map([['BTC', d('40000')]]))
    expect([at.positions.get('btc')!.tier.number, at.positions.get('btc')!.maintenanceMargin.toFixed()]).toEqual([1, '160'])
  })

  it('an account already below maintenance is flagged on the account and on every cross position', () => {
    const below = computeMargin(
      load({
        version: 1,
        venue: 'binance-usdm',
        account: { margin_mode: 'cross', wallet_balance: '100' },
        markets: { ETH: { prices: { index: '3100', mark: '3100', last: '3100' }, maintenance_ladder: ONE_TIER } },
        positions: [{ id: 'eth', market: 'ETH', side: 'short', size: '10', entry_price: '3000' }],
      }),
    )
    // balance 100 − 1,000 = −900: no ratio; the LP is where the account would be back at maintenance: below 3,100.
    expect([below.account!.belowMaintenance, below.account!.marginRatio]).toEqual([true, null])
    const eth = below.positions.get('eth')!
    expect(eth.liquidation.alreadyPast).toBe(true)
    expect(eth.liquidation.price!.eq(d(30100).div('10.1'))).toBe(true) // 100 − 10(P − 3,000) − 0.1·P = 0
  })
})

describe('venue rules', () => {
  it('bybit-linear cross: the fee to close at EP·(1 − 1/L) is reserved in the maintenance margin', () => {
    const p = computeMargin(
      single({
        venue: 'bybit-linear',
        mode: 'cross',
        wallet: '5000',
        price: '40000',
        ladder: [{ max_notional: '2000000', mmr: '0.005', max_leverage: '100' }],
        position: { side: 'long', size: '1', entry_price: '40000', leverage: '50' },
      }),
    ).positions.get('p')!
    expect([p.closeFee.toFixed(), p.maintenanceMargin.toFixed()]).toEqual(['21.56', '221.56'])
    // 5,000 + (P − 40,000) = 0.005·P + 21.56
    expect(p.liquidation.price!.eq(d('35021.56').div('0.995'))).toBe(true)
  })

  it('dydx-v4 liquidates on the oracle (index) price, not the mark', () => {
    const portfolio = load({
      version: 1,
      venue: 'dydx-v4',
      account: { margin_mode: 'isolated', wallet_balance: '0' },
      markets: { X: { prices: { index: '2900', mark: '3000', last: '3010' }, maintenance_ladder: ONE_TIER } },
      positions: [{ id: 'p', market: 'X', side: 'long', size: '1', entry_price: '3000', margin: '300' }],
    })
    const p = computeMargin(portfolio).positions.get('p')!
    expect([p.triggerPrice.toFixed(), p.notional.toFixed(), p.unrealizedPnl.toFixed()]).toEqual(['2900', '2900', '-100'])
  })

  it('a leverage above the tier’s max is flagged', () => {
    const p = computeMargin(
      single({ price: '100', ladder: ONE_TIER, position: { side: 'long', size: '10', entry_price: '100', margin: '16', leverage: '62.5' } }),
    ).positions.get('p')!
    expect([p.overMaxLeverage, p.maxLeverage.toFixed()]).toEqual([true, '50'])
  })

  it('a notional above the last cap is reported beyond the ladder, priced with the last tier', () => {
    const p = computeMargin(
      single({ price: '100', ladder: TWO_TIERS, position: { side: 'long', size: '20000', entry_price: '100', margin: '500000' } }),
    ).positions.get('p')!
    expect([p.beyondLadder, p.tier.number, p.headroom.toFixed(), p.maintenanceMargin.toFixed()]).toEqual([true, 2, '0', '99800'])
  })
})

describe('companions', () => {
  it.each(['generic', 'bybit-linear', 'okx-swap'])('isolatedLiquidationPrice with an explicit margin equals the file with that margin (%s)', (venue) => {
    const base = { venue, price: '100', ladder: TWO_TIERS }
    const filed = single({ ...base, position: { side: 'short', size: '30', entry_price: '100', margin: '450', leverage: '5' } })
    const reduced = single({ ...base, position: { side: 'short', size: '30', entry_price: '100', margin: '420', leverage: '5' } })
    const explicit = isolatedLiquidationPrice(computeMargin(filed), 'p', d('420'))
    const expected = computeMargin(reduced).positions.get('p')!
    expect(explicit.liquidation.price!.eq(expected.liquidation.price!)).toBe(true)
    expect(explicit.bankruptcyPrice!.eq(expected.bankruptcyPrice!)).toBe(true)
    expect(explicit.liquidation.price!.lt(computeMargin(filed).positions.get('p')!.liquidation.price!)).toBe(true) // less margin: closer
  })

  it('maintenanceMarginAt re-reads the tier at the given price', () => {
    const portfolio = single({ price: '100', ladder: TWO_TIERS, position: { side: 'long', size: '100', entry_price: '100', margin: '6000' } })
    const low = maintenanceMarginAt(computeMargin(portfolio), 'p', d('40'))
    const high = maintenanceMarginAt(computeMargin(portfolio), 'p', d('120'))
    expect([low.tier.number, low.maintenanceMargin.toFixed()]).toEqual([1, '40']) // 4,000 × 1%
    expect([high.tier.number, high.maintenanceMargin.toFixed()]).toEqual([2, '400']) // 12,000 × 5% − 200
  })
})

describe('plain and quoted numbers give identical results', () => {
  const yaml = (q: (text: string) => string) => `
version: 1
venue: binance-usdm
account: { margin_mode: cross, wallet_balance: ${q('12345.6789')} }
markets:
  X:
    prices: { index: ${q('64000.1')}, mark: ${q('64010.55')}, last: ${q('63990')} }
    maintenance_ladder:
      - { max_notional: ${q('50000')}, mmr: ${q('0.004')}, max_leverage: ${q('125')} }
      - { max_notional: ${q('600000')}, mmr: ${q('0.005')}, max_leverage: ${q('100')}, maintenance_amount: ${q('50')} }
positions:
  - { id: a, market: X, side: long, size: ${q('1.2345')}, entry_price: ${q('61234.5')}, leverage: ${q('20')} }
  - { id: b, market: X, side: short, size: ${q('0.5')}, entry_price: ${q('65000')}, margin_mode: isolated, margin: ${q('1625.25')} }
`
  const figures = (source: string) => {
    const view = computeMargin(load(source))
    return JSON.stringify(
      [...view.positions.values()].map((p) =>
        [p.liquidation.price, p.bankruptcyPrice, p.maintenanceMargin, p.initialMargin, p.bandStart.price].map((v) => v && decimalString(v)),
      ),
    )
  }
  it('the same portfolio written plain and quoted', () => {
    expect(figures(yaml((t) => t))).toBe(figures(yaml((t) => `"${t}"`)))
  })
})

describe('tier boundaries: the price where the notional reaches each cap but the last, cap ÷ size', () => {
  const THREE_TIERS = [
    { max_notional: '5000', mmr: '0.01', max_leverage: '50' },
    { max_notional: '20000', mmr: '0.02', max_leverage: '25' },
    { max_notional: '1000000', mmr: '0.05', max_leverage: '10' },
  ]
  it.each([
    { mode: 'isolated' as const, size: '100', margin: '6000', boundaries: ['50', '200'] },
    { mode: 'cross' as const, size: '3', margin: undefined, boundaries: [d(5000).div(3).toFixed(), d(20000).div(3).toFixed()] },
    { mode: 'isolated' as const, size: '0.07', margin: '10', boundaries: [d(5000).div('0.07').toFixed(), d(20000).div('0.07').toFixed()] },
  ])('$mode size $size: $boundaries', ({ mode, size, margin, boundaries }) => {
    const position = { side: 'long', size, entry_price: '100', ...(margin ? { margin } : {}), margin_mode: mode }
    const view = computeMargin(single({ mode, wallet: '100000', price: '100', ladder: THREE_TIERS, position }))
    expect(positionTierBoundaries(view, 'p').map((price) => price.toFixed())).toEqual(boundaries)
  })

  it('a one-tier ladder has none', () => {
    const view = computeMargin(single({ price: '100', ladder: ONE_TIER, position: { side: 'long', size: '10', entry_price: '100', margin: '200' } }))
    expect(positionTierBoundaries(view, 'p')).toEqual([])
  })
})
