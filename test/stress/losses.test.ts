// Issue 16, "negative losses": a loss is never printed negative. A scenario that pays is a gain and says where
// it comes from; a pool already below zero margin loses nothing more (the deficit is the venue's).
import { describe, expect, it } from 'vitest'
import { findingsOf } from '../helpers.js'
import { d, derived, market100, near } from './helpers.js'

function account(positions: Record<string, unknown>[], wallet = '0', mode = 'isolated') {
  return {
    version: 1,
    as_of: '2026-11-21T07:45:00Z',
    account: { margin_mode: mode, wallet_balance: wallet, fees: { maker: '0', taker: '0' } },
    markets: { X: market100() },
    positions,
    stress: { moves: ['0.05'], spread_multiplier: '1', depth_multiplier: '1' },
  }
}

describe('a loss is never negative', () => {
  // Isolated short 10 at 100 on margin 20 breaks at 20 + 10·(100 − P) = 0.1·P, P = 1020/10.1 = 100.99 (+0.99%); bought
  // back at the ask 0.1 over it, it leaves the price there (× (P + 0.1)/P). The isolated long 100 at 100 on 1,000 is
  // worth 1,000 + 100·(105·(P + 0.1)/P − 100) = 1,510.40 at +5%; the short's margin left, 0.1·P − 10 × 0.1 = 9.10 (its
  // maintenance at P less its exit's cost), goes back to the wallet (issue 25). Equity 1,020 → 1,519.50.
  const gainer = account([
    { id: 'short', market: 'X', side: 'short', size: '10', entry_price: '100', margin: '20', margin_mode: 'isolated' },
    { id: 'long', market: 'X', side: 'long', size: '100', entry_price: '100', margin: '1000', margin_mode: 'isolated' },
  ])

  it('a cascade whose survivors gain more than it costs: total loss 0, total gain 499.50 (never "total loss -499.50")', () => {
    const { stress } = derived(gainer)
    const [c] = stress.cascades
    const p = d(1020).div('10.1')
    const after = d(1000)
      .plus(d(105).mul(p.plus('0.1')).div(p).minus(100).mul(100))
      .plus(p.mul('0.1').minus(1))
    expect([c!.lost, c!.totalLoss.toFixed(), c!.equityBefore.toFixed()]).toEqual([['short'], '0', '1020'])
    expect(near(c!.equityAfter, after, '1e-30') && near(c!.totalGain, after.minus(1020), '1e-30')).toBe(true)
    const item = findingsOf(gainer, 'liquidation-path').find((f) => f.figures.total_loss !== undefined)!
    expect([item.figures.total_loss, String(item.figures.total_gain).slice(0, 7)]).toEqual(['0', '499.496'])
    expect(item.message).toContain('a net gain of 499.50 (equity 1,020.00 → 1,519.50')
    expect(item.message).not.toMatch(/loss -/)
  })

  it('a cross account already below zero margin loses nothing more when liquidated (never "a gain of 1000 (liquidated: p)")', () => {
    // Cross long 100 at 160 with the price at 100 on a wallet of 5,000: balance 5,000 − 6,000 = −1,000 now. Its equity counts 0: liquidated in every scenario, it loses 0, gains 0.
    const under = account([{ id: 'p', market: 'X', side: 'long', size: '100', entry_price: '160' }], '5000', 'cross')
    const blast = findingsOf(under, 'portfolio-coupling').find((f) => f.figures.cross_loss !== undefined)!
    expect([blast.figures.cross_loss, blast.figures.cross_gain, blast.figures.cross_liquidated]).toEqual(['0', '0', ['p']])
    const { stress } = derived(under)
    expect(stress.now.equity.toFixed()).toBe('0')
    for (const c of stress.cascades) expect([c.totalLoss.toFixed(), c.totalGain.toFixed()]).toEqual(['0', '0'])
  })
})
