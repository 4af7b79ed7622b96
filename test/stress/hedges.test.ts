// Issue 12, defects 1 and 2, with their reproducers: the legs of one market in a cross account liquidated in
// the direction the account's net exposure there loses (hedge mode), and a liquidation fee larger than what the
// forced order leaves taken only out of what is left.
import { describe, expect, it } from 'vitest'
import { computeMargin } from '../../src/margin/index.js'
import { liquidationPaths } from '../../src/stress/paths.js'
import { d, derived, load, near } from './helpers.js'

/** Binance, cross, wallet 3000, BTCUSDT at 60000 with one 0.5% tier, book 59999 / 60001 with 5 a side. */
function hedge(long: string, short: string, extra: Record<string, unknown> = {}) {
  return {
    version: 1,
    as_of: '2026-11-21T07:45:00Z',
    venue: 'binance-usdm',
    account: { margin_mode: 'cross', wallet_balance: '3000', fees: { maker: '0.0002', taker: '0.0005' } },
    markets: {
      BTCUSDT: {
        prices: { index: '60000', mark: '60000', last: '60000' },
        maintenance_ladder: [{ max_notional: '100000000', mmr: '0.005', max_leverage: '100' }],
        book: { bids: [['59999', '5']], asks: [['60001', '5']] },
      },
    },
    positions: [
      { id: 'long', market: 'BTCUSDT', side: 'long', size: long, entry_price: '60000' },
      { id: 'short', market: 'BTCUSDT', side: 'short', size: short, entry_price: '60000' },
    ],
    stress: { spread_multiplier: '1', depth_multiplier: '1', moves: ['-0.1', '0.05'] },
    ...extra,
  }
}

describe('hedge mode: the legs of one market go together, in the direction the net exposure loses', () => {
  // 3000 − 2(P − 60000) = 0.005 · 4 · P ⇒ P = 123000 / 2.02 = 60891.0891…; bankruptcy 3000 − 2(P − 60000) = 0 ⇒ 61500.
  const liquidation = d(123000).div('2.02')

  it('long 1 and short 3: both legs liquidate at 60891.09 (up), bankruptcy 61500, 1.49% away', () => {
    const margin = computeMargin(load(hedge('1', '3')))
    for (const id of ['long', 'short']) {
      const m = margin.positions.get(id)!
      expect([m.liquidation.price?.toFixed(2), m.liquidation.direction, m.liquidation.alreadyPast, m.bankruptcyPrice?.toFixed()]).toEqual([
        '60891.09',
        'up',
        false,
        '61500',
      ])
      expect(near(m.liquidation.price, liquidation, '1e-30')).toBe(true)
      expect(near(m.liquidationDistance, liquidation.div(60000).minus(1), '1e-30')).toBe(true)
      // the liquidation band's start (ratio 0.8) is on the same side: 3000 − 2(P − 60000) = 0.02·P / 0.8 ⇒ P = 123000 / 2.025
      expect(near(m.bandStart.price, d(123000).div('2.025'), '1e-30')).toBe(true)
    }
  })

  it('long 3 and short 1: the mirror, both at 59108.91 (down)', () => {
    // 3000 + 2(P − 60000) = 0.02·P ⇒ P = 117000 / 1.98
    const margin = computeMargin(load(hedge('3', '1')))
    for (const id of ['long', 'short']) {
      const m = margin.positions.get(id)!
      expect(m.liquidation.direction).toBe('down')
      expect(near(m.liquidation.price, d(117000).div('1.98'), '1e-30')).toBe(true)
    }
  })

  it('long 2 and short 2 (net zero): no PnL moves, the legs liquidate where their maintenance alone eats the wallet, 0.02·P = 3000', () => {
    const margin = computeMargin(load(hedge('2', '2')))
    for (const id of ['long', 'short']) {
      const m = margin.positions.get(id)!
      expect([m.liquidation.price?.toFixed(), m.liquidation.direction, m.bankruptcyPrice, m.liquidationDistance?.toFixed()]).toEqual([
        '150000',
        'up',
        null,
        '1.5',
      ])
    }
  })

  it("the winning leg's forced exit is not limited at a bankruptcy price on its favourable side: the long sells 1 at 60890.09", () => {
    const portfolio = load(hedge('1', '3'))
    const path = liquidationPaths(portfolio, computeMargin(portfolio)).get('long')!
    if (!path.exit) throw new Error('expected a path')
    // the book centred on the liquidation price: the bid is 1 under it
    expect(near(path.exit.bookVwap, liquidation.minus(1), '1e-30')).toBe(true)
    expect([path.exit.bookFilled.toFixed(), path.exit.takenOver.toFixed(), path.exit.steps[0]!.limit, path.exit.bankruptcyPrice?.toFixed()]).toEqual([
      '1',
      '0',
      null,
      '61500',
    ])
  })

  it('the breaking point up and the cascade break at the same price as the legs', () => {
    const { stress } = derived(hedge('1', '3'))
    expect(near(stress.breakingPoints.up.prices?.get('BTCUSDT'), liquidation, '1e-30')).toBe(true)
    expect(stress.breakingPoints.down.move).toBeNull()
    const up = stress.cascades.find((c) => c.move.eq('0.05'))!
    expect(near(up.links[0]!.triggerPrice, liquidation, '1e-30')).toBe(true)
    // the venue forces out the largest loser first: the short, bought back 1 over the liquidation price in the
    // unstressed book (5 at the ask); the account is back above maintenance with the long alone
    expect([up.links.map((l) => l.position.id), up.lost, up.survives]).toEqual([['short'], ['short'], true])
    expect(near(up.links[0]!.fill, liquidation.plus(1), '1e-30')).toBe(true)
  })
})

describe('a liquidation fee larger than what the forced order leaves', () => {
  // Isolated long 1 at 60000, margin 600, mmr 0.5%: 600 + (P − 60000) = 0.005·P ⇒ LP = 59400 / 0.995 = 59698.49;
  // bankruptcy 59400. The bid 1 under the mid fills at LP − 1 = 59697.49, leaving 600 + (59697.49 − 60000) = 297.49;
  // the fee, 1.25% × 59697.49 = 746.22, is taken only out of that: 297.49 paid, 448.73 unpaid, nothing beyond bankruptcy.
  const portfolio = () =>
    load({
      ...hedge('1', '1'),
      venue: 'binance-usdm',
      account: { margin_mode: 'isolated', wallet_balance: '0', fees: { maker: '0.0002', taker: '0.0005' } },
      markets: { BTCUSDT: { ...hedge('1', '1').markets.BTCUSDT, liquidation_fee: '0.0125' } },
      positions: [{ id: 'p', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '60000', margin_mode: 'isolated', margin: '600' }],
    })

  it('the path: fill 59697.49, fee paid 297.49 of 746.22, margin left 0, 0 beyond bankruptcy, not wiped', () => {
    const p = portfolio()
    const margin = computeMargin(p)
    const lp = d(59400).div('0.995')
    expect(margin.positions.get('p')!.liquidation.price?.toFixed(2)).toBe('59698.49')
    const exit = liquidationPaths(p, margin).get('p')!.exit!
    const fill = lp.minus(1)
    const left = d(600).plus(fill).minus(60000)
    expect(near(exit.bookVwap, fill, '1e-30')).toBe(true)
    expect(near(exit.liquidationFee, left, '1e-30')).toBe(true)
    expect(near(exit.feeUnpaid, fill.mul('0.0125').minus(left), '1e-30')).toBe(true)
    expect([exit.liquidationFee.toFixed(2), exit.feeUnpaid.toFixed(2), exit.marginLeft.toFixed(), exit.beyondBankruptcy.toFixed(), exit.wiped]).toEqual([
      '297.49',
      '448.73',
      '0',
      '0',
      false,
    ])
  })

  it('in a cross account a fee it cannot pay does not wipe it: the leg closes, the fee paid is what was left', () => {
    // cross, wallet 600, the same long: the account is the position's pool, the same figures
    const p = {
      ...hedge('1', '1'),
      account: { margin_mode: 'cross', wallet_balance: '600', fees: { maker: '0.0002', taker: '0.0005' } },
      markets: { BTCUSDT: { ...hedge('1', '1').markets.BTCUSDT, liquidation_fee: '0.0125' } },
      positions: [{ id: 'p', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '60000' }],
    }
    const { stress } = derived(p)
    const down = stress.cascades.find((c) => c.move.eq('-0.1'))!
    const link = down.links[0]!
    expect([link.exit!.wiped, link.alsoClosed, link.exit!.beyondBankruptcy.toFixed(), link.exit!.feeUnpaid.toFixed(2)]).toEqual([false, [], '0', '448.73'])
    expect(down.survives).toBe(true)
    expect(down.totalLoss.toFixed()).toBe('600')
  })
})
