// paradex-pm against Paradex's own docs: tradeparadex/paradex-docs docs/pages/risk-system/portfolio-margin.mdx
// @ f0ba8b68 (min-delta example: net Δ −0.5, hedged Δ 1.0, spot 70,000 → $140 at 0.2% / 0.1%; the earlier page
// with 2% / 1% gave $1,400) and liquidations.mdx (Alice: long 0.1 BTC @60,000, short 1 ETH @3,000, 1,000 USDC,
// MMF 1%, marks 54,800 / 3,400: MMR 88.8, account value 80; the table reproduces with a 50% fee, the 70% the
// text states gives 96.6% at a 40% share).
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { paradexShare } from '../../src/risk/liquidation.js'
import { minDeltaRequirement } from '../../src/risk/models.js'
import type { ModelResult } from '../../src/risk/view.js'
import { ownModel } from './helpers.js'

const d = (v: string) => new Decimal(v)

describe('min delta requirement (Paradex worked example)', () => {
  it.each([
    ['0.002', '0.001', '140'],
    ['0.02', '0.01', '1400'],
  ])('unhedged %s, hedged %s → %s', (unhedged, hedged, want) => {
    expect(minDeltaRequirement(d('-0.5'), d('2.5'), d('70000'), d(unhedged), d(hedged)).toFixed()).toBe(want)
  })
})

describe('liquidation share (Paradex worked example)', () => {
  it('fee 50%: the published table, 40% chosen, penalty 17.76, new margin ratio 85.6%', () => {
    const { table, chosen } = paradexShare(d('88.8'), d('80'), d('0.5'))
    expect(
      table.map((r) => [r.share.toFixed(), r.maintenance.toFixed(2), r.penalty.toFixed(2), r.accountValue.toFixed(2), r.marginRatio!.mul(100).toFixed(1)]),
    ).toEqual([
      ['0.2', '71.04', '8.88', '71.12', '99.9'],
      ['0.4', '53.28', '17.76', '62.24', '85.6'],
      ['0.6', '35.52', '26.64', '53.36', '66.6'],
      ['0.8', '17.76', '35.52', '44.48', '39.9'],
      ['1', '0.00', '44.40', '35.60', '0.0'],
    ])
    expect(chosen.share.toFixed()).toBe('0.4')
  })

  it.each([
    ['0.7', '0.6', '96.6'],
    ['0.5', '0.4', '85.6'],
  ])('fee %s: share %s (at 40%% the ratio is %s%%)', (fee, share, at40) => {
    const { table, chosen } = paradexShare(d('88.8'), d('80'), d(fee))
    expect(chosen.share.toFixed()).toBe(share)
    expect(table[1]!.marginRatio!.mul(100).toFixed(1)).toBe(at40)
  })

  it('a ratio exactly at 90% is not below it: the next share', () => {
    // maintenance 90, value 100, fee 0: at 20% the ratio is 72/100; make 20% land on 0.9 exactly: maintenance 112.5.
    const { chosen } = paradexShare(d('112.5'), d('100'), d('0'))
    expect(chosen.share.toFixed()).toBe('0.4')
  })
})

const ladder = [{ max_notional: '100000000', mmr: '0.01', max_leverage: '50' }]
const market = (price: string) => ({ prices: { index: price, mark: price, last: price }, maintenance_ladder: ladder })

function paradex(positions: object[], wallet = '20000'): ModelResult {
  const portfolio = {
    version: 1,
    as_of: '2026-11-21T07:45:00Z',
    account: { margin_mode: 'cross', wallet_balance: wallet, fees: { maker: '0', taker: '0.0005' } },
    markets: { 'BTC-USD-PERP': market('70000'), 'BTC-USDC-PERP': market('70000') },
    positions,
    risk_model: { model: 'paradex-pm', as_of: '2026-06-29T00:00:00Z' },
  }
  return ownModel(portfolio)
}

describe('paradex-pm on perpetuals (BTC table @ f0ba8b68)', () => {
  it('long 1 BTC at 70,000: SCAN 9,800 at −14% beats the −66% tail (4,901.82) and min delta 140; MMR half', () => {
    const result = paradex([{ id: 'long', market: 'BTC-USD-PERP', side: 'long', size: '1', entry_price: '70000' }])
    const r = result.units[0]!.requirement
    expect(r.scenarios).toHaveLength(24)
    expect(r.binding).toBe('16: -14% vol up')
    expect([r.terms.scan_risk!.toFixed(), r.terms.min_delta!.toFixed(), r.initial.toFixed(), r.maintenance.toFixed()]).toEqual(['9800', '140', '9800', '4900'])
    expect(r.scenarios.find((s) => s.label === '17: -66% vol up')!.charge.toFixed()).toBe('4901.82')
  })

  it('long 1 BTC-USD against short 1 BTC-USDC: no scenario loses, min delta charges the hedged delta: 0.1% × 70,000', () => {
    const result = paradex([
      { id: 'long', market: 'BTC-USD-PERP', side: 'long', size: '1', entry_price: '70000' },
      { id: 'short', market: 'BTC-USDC-PERP', side: 'short', size: '1', entry_price: '70000' },
    ])
    const r = result.units[0]!.requirement
    expect([r.binding, r.initial.toFixed(), r.maintenance.toFixed()]).toEqual(['min delta', '70', '35'])
    expect(result.hedges.map((h) => [h.positionId, h.value.toFixed()])).toEqual([
      ['long', '4865'],
      ['short', '4865'],
    ])
  })
})
