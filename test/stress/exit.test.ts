// Each venue's liquidation procedure on hand-worked positions. Every market below has the book around 100
// of helpers.market100; at stress ×2 spread and ×0.5 depth its bids sit 0.2, 0.6, 1.1 and 2.1 under the
// price it is centred on, holding 25, 50, 100 and 200.
import { describe, expect, it } from 'vitest'
import { Decimal, MS_PER_YEAR } from '../../src/decimal.js'
import { computeMargin } from '../../src/margin/index.js'
import { liquidationPaths } from '../../src/stress/paths.js'
import { d, load, market100, near } from './helpers.js'

const STRESS = { spread_multiplier: '2', depth_multiplier: '0.5' }

function isolatedLong(options: {
  venue?: string
  margin: string
  market?: Record<string, unknown>
  fees?: Record<string, string>
  stress?: Record<string, string>
}) {
  return load({
    version: 1,
    as_of: '2026-11-21T07:45:00Z',
    venue: options.venue ?? 'generic',
    account: { margin_mode: 'isolated', wallet_balance: '0', fees: options.fees ?? { maker: '0', taker: '0' } },
    markets: { X: options.market ?? market100() },
    positions: [{ id: 'p', market: 'X', side: 'long', size: '100', entry_price: '100', margin: options.margin }],
    stress: options.stress ?? STRESS,
  })
}

/** The exit from the position's own liquidation price. */
function exitAtLiquidation(portfolio: ReturnType<typeof load>) {
  const lp = computeMargin(portfolio).positions.get('p')!.liquidation.price!
  const path = liquidationPaths(portfolio, computeMargin(portfolio)).get('p')!
  if (!path.exit || !path.startPrice.eq(lp)) throw new Error('expected a path from the liquidation price')
  return { lp, exit: path.exit }
}

describe('generic: the whole position as one market order', () => {
  it('long 100 on 1,000: LP 1000/11, sells 25 at LP − 0.2, 50 at LP − 0.6, 25 at LP − 1.1 (62.5 under LP)', () => {
    const { lp, exit } = exitAtLiquidation(isolatedLong({ margin: '1000' }))
    expect(near(lp, d(1000).div(11), '1e-30')).toBe(true)
    expect(exit.steps.map((s) => [s.kind, s.filled.toFixed(), s.killed])).toEqual([['market', '100', false]])
    // VWAP = LP − 62.5/100; margin at LP = MM = 1% × 100 × LP = LP; left = LP − 62.5 = 28.41 > 0
    expect(near(exit.bookVwap, lp.minus('0.625'), '1e-30')).toBe(true)
    expect(near(exit.marginBefore, lp, '1e-30')).toBe(true)
    expect(near(exit.marginLeft, lp.minus('62.5'), '1e-30')).toBe(true)
    expect([exit.beyondBankruptcy.toFixed(), exit.takenOver.toFixed(), exit.wiped]).toEqual(['0', '0', false])
    expect(near(exit.priceLeftBehind, lp.minus('1.1'), '1e-30')).toBe(true)
  })

  it('spread ×10 runs the order past bankruptcy: 25·1.0 + 50·1.4 + 25·1.9 = 142.5 under LP, LP of margin: 142.5 − 1000/11 beyond it', () => {
    // half-spread 0.1 × (10 − 1) = 0.9 more on each side: bids at LP − 1.0, − 1.4, − 1.9 holding 25, 50, 100
    const { lp, exit } = exitAtLiquidation(isolatedLong({ margin: '1000', stress: { spread_multiplier: '10', depth_multiplier: '0.5' } }))
    expect(near(exit.beyondBankruptcy, d('142.5').minus(lp), '1e-30')).toBe(true)
    expect([exit.marginLeft.toFixed(), exit.takenOver.toFixed(), exit.wiped]).toEqual(['0', '0', true])
  })

  it('a book too thin for the position: what it cannot fill is taken over and reported as beyond the book', () => {
    // depth ×0.1: 5, 10, 20, 40 on the four bids = 75 < 100
    const { exit } = exitAtLiquidation(isolatedLong({ margin: '1000', stress: { spread_multiplier: '2', depth_multiplier: '0.1' } }))
    expect([exit.bookFilled.toFixed(), exit.takenOver.toFixed(), exit.beyondBook.toFixed(), exit.marginLeft.toFixed(), exit.wiped]).toEqual([
      '75',
      '25',
      '25',
      '0',
      true,
    ])
  })
})

describe('binance-usdm: one reduce-only order limited at the bankruptcy price, then takeover', () => {
  it('fills 75 above the bankruptcy price 90, the other 25 are taken over at 90 (fixtures/liquidation-path/warn.yaml)', () => {
    const portfolio = isolatedLong({ venue: 'binance-usdm', margin: '1000', market: market100({ liquidation_fee: '0.005' }) })
    const { lp, exit } = exitAtLiquidation(portfolio)
    expect(exit.bankruptcyPrice!.toFixed()).toBe('90')
    expect(exit.steps.map((s) => [s.kind, s.filled.toFixed(), s.limit?.toFixed() ?? null])).toEqual([
      ['reduce', '75', '90'],
      ['takeover', '25', null],
    ])
    // book part: 25 × (LP − 0.2) + 50 × (LP − 0.6) = 75·LP − 35; fee 0.5% of it
    const cost = lp.mul(75).minus(35)
    expect(near(exit.bookCost, cost, '1e-30')).toBe(true)
    expect(near(exit.liquidationFee, cost.mul('0.005'), '1e-30')).toBe(true)
    // trader's average: (cost + 25 × 90) / 100
    expect(near(exit.expectedFill, cost.plus(2250).div(100), '1e-30')).toBe(true)
    // the fund unwinds 25 at LP − 1.1 ≈ 89.809, under 90: 25 × (90 − (LP − 1.1))
    expect(near(exit.takeoverLoss, d(25).mul(d(90).minus(lp.minus('1.1'))), '1e-30')).toBe(true)
    expect([exit.marginLeft.toFixed(), exit.beyondBankruptcy.toFixed(), exit.wiped]).toEqual(['0', '0', true])
    expect(near(exit.priceLeftBehind, lp.minus('0.6'), '1e-30')).toBe(true)
  })
})

describe('bybit-linear: fill-or-kill steps down the risk-limit tiers', () => {
  // Two tiers: ≤ 5,000 at 1%, then 2% (maintenance amount 5,000 × 1% = 50). Taker 0, so no close fee.
  // Long 100 @ 100 on 1,130: 1,130 + 100(P − 100) = 2P − 50 → LP = 8,820/98 = 90 (notional 9,000: tier 2);
  // bankruptcy 100 − 11.3 = 88.7.
  const ladder = [
    { max_notional: '5000', mmr: '0.01', max_leverage: '50' },
    { max_notional: '1000000', mmr: '0.02', max_leverage: '25' },
  ]

  it('one step to tier 1 restores the margin: reduce 100 − 5,000/90 = 400/9 at the bids ≥ 88.7', () => {
    const portfolio = isolatedLong({ venue: 'bybit-linear', margin: '1130', market: market100({ maintenance_ladder: ladder }) })
    const { lp, exit } = exitAtLiquidation(portfolio)
    expect(near(lp, 90, '1e-30')).toBe(true)
    expect(exit.steps.map((s) => [s.kind, s.killed])).toEqual([['reduce', false]])
    // 25 at 89.8 and 175/9 at 89.4: cost 2,245 + 15,645/9 = 35,850/9; VWAP 35,850/400 = 89.625
    expect(near(exit.steps[0]!.filled, d(400).div(9), '1e-30')).toBe(true)
    expect(near(exit.bookCost, d(35850).div(9), '1e-30')).toBe(true)
    expect(near(exit.bookVwap, '89.625', '1e-30')).toBe(true)
    // margin at LP = 2% × 9,000 − 50 = 130; after: 130 + (35,850/9 − 400/9 × 90) = 130 − 150/9 = 113.33 > 1% × 5,000
    expect(near(exit.marginBefore, 130, '1e-30')).toBe(true)
    expect(near(exit.marginLeft, d(130).minus(d(150).div(9)), '1e-30')).toBe(true)
    expect(near(exit.remaining, d(500).div(9), '1e-30')).toBe(true)
    expect([exit.takenOver.toFixed(), exit.wiped]).toEqual(['0', false])
  })

  it('a book too thin for the fill-or-kill order: killed, the whole position taken over at 88.7', () => {
    // depth ×0.05: 2.5, 5, 10 within the bankruptcy price (17.5 < 44.4)
    const portfolio = isolatedLong({
      venue: 'bybit-linear',
      margin: '1130',
      market: market100({ maintenance_ladder: ladder }),
      stress: { spread_multiplier: '2', depth_multiplier: '0.05' },
    })
    const { exit } = exitAtLiquidation(portfolio)
    expect(exit.steps.map((s) => [s.kind, s.filled.toFixed(), s.killed])).toEqual([
      ['reduce', '0', true],
      ['takeover', '100', false],
    ])
    expect([exit.expectedFill!.toFixed(), exit.marginLeft.toFixed(), exit.wiped]).toEqual(['88.7', '0', true])
  })

  it('a position already in tier 1 goes straight to takeover (the lowest tier is not stepped down)', () => {
    const portfolio = isolatedLong({
      venue: 'bybit-linear',
      margin: '1000',
      market: market100({ maintenance_ladder: [{ max_notional: '1000000', mmr: '0.01', max_leverage: '50' }] }),
    })
    const { exit } = exitAtLiquidation(portfolio)
    expect(exit.steps.map((s) => s.kind)).toEqual(['takeover'])
    expect(exit.priceLeftBehind.eq(exit.triggerPrice)).toBe(true)
  })
})

describe('hyperliquid: market orders down to 2/3 of maintenance, then the backstop', () => {
  it('backstop where 1,000 + 100(P − 100) = ⅔ × 1% × 100P → P = 27,000/298; fills 25 at LP − 0.2, backstops 75', () => {
    // mmr from max_leverage 50: 1/(2·50) = 1%
    const market = market100({ maintenance_ladder: [{ max_notional: '10000000', max_leverage: '50' }] })
    const { lp, exit } = exitAtLiquidation(isolatedLong({ venue: 'hyperliquid', margin: '1000', market }))
    expect(near(exit.backstopPrice, d(27000).div(298), '1e-9')).toBe(true)
    expect(exit.steps.map((s) => [s.kind, s.filled.toFixed()])).toEqual([
      ['market', '25'],
      ['backstop', '75'],
    ])
    expect(near(exit.expectedFill, lp.minus('0.2').mul(25).plus(d(90).mul(75)).div(100), '1e-30')).toBe(true)
  })
})

describe('dydx-v4: orders no worse than the bankruptcy (fillable) price, then deleveraging', () => {
  it('triggers on the index (oracle) and fills like Binance’s limited order', () => {
    const market = market100({ prices: { index: '100', mark: '101', last: '101' } })
    const { exit } = exitAtLiquidation(isolatedLong({ venue: 'dydx-v4', margin: '1000', market }))
    expect(exit.procedure).toBe('fillable-price')
    expect(exit.steps.map((s) => [s.kind, s.filled.toFixed()])).toEqual([
      ['reduce', '75'],
      ['takeover', '25'],
    ])
  })
})

describe('paradex: the insurance fund takes the position (the whole of it: the worst case of its 20% shares)', () => {
  it('nothing goes to the book; the whole position is taken over at the bankruptcy price, the margin left forfeited', () => {
    const { exit } = exitAtLiquidation(isolatedLong({ venue: 'paradex', margin: '1000', market: market100() }))
    expect(exit.procedure).toBe('insurance-fund-share')
    expect(exit.steps.map((s) => [s.kind, s.filled.toFixed(), s.price?.toFixed()])).toEqual([['takeover', '100', exit.bankruptcyPrice!.toFixed()]])
    expect([exit.bookFilled.toFixed(), exit.liquidationFee.toFixed(), exit.marginLeft.toFixed(), exit.wiped]).toEqual(['0', '0', '0', true])
  })
})

describe('latency and the state after an exit', () => {
  it('with volatility the book is centred one σ_L = LP·σ·√(L/1y) against the long', () => {
    const portfolio = isolatedLong({ margin: '1000', market: market100({ volatility: '0.5' }), stress: { ...STRESS, latency: '200ms' } })
    const { lp, exit } = exitAtLiquidation(portfolio)
    const sigmaL = lp.mul('0.5').mul(new Decimal(200).div(MS_PER_YEAR).sqrt())
    expect(near(exit.latencyMove, sigmaL, '1e-30')).toBe(true)
    expect(near(exit.bookMid, lp.minus(sigmaL), '1e-30')).toBe(true)
  })
})
