// ADL rankings worked by hand, and the hedge warning (fixtures/risk-model/adl.yaml).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { computeMargin } from '../../src/margin/index.js'
import { adlRankings } from '../../src/risk/adl.js'
import { load, portfolioWith } from '../helpers.js'

function rankings(portfolio: unknown) {
  const loaded = load(portfolio)
  return adlRankings(loaded, computeMargin(loaded))
}

describe('the published metrics', () => {
  // Isolated long 1 BTC at 50,000 on 5,000 at 10x, mark 55,000, one 1% tier: profit 5,000, pool wallet 5,000, balance
  // 10,000, maintenance 550, initial margin 55,000 / 10 = 5,500.
  const isolated = (venue: string, side = 'long', mark = '55000') =>
    portfolioWith((p) => {
      p.venue = venue
      p.markets.BTCUSDT.prices = { index: mark, mark, last: mark }
      p.markets.BTCUSDT.maintenance_ladder = [{ max_notional: '10000000', mmr: '0.01', max_leverage: '50' }]
      p.positions = [{ id: 'btc', market: 'BTCUSDT', side, size: '1', entry_price: '50000', margin_mode: 'isolated', margin: '5000', leverage: '10' }]
    })

  it('binance 5,000/5,000 × 550/10,000 = 0.055; okx 5,000/5,500 × 55,000/10,000 = 5; hyperliquid 1.1 × 5.5 = 6.05', () => {
    const [r] = rankings(isolated('generic'))
    expect([r!.binance.toFixed(), r!.okx!.toFixed(), r!.hyperliquid!.toFixed(), r!.venue, r!.high]).toEqual(['0.055', '5', '6.05', null, true])
  })

  it('a short at a profit: hyperliquid reads entry ÷ mark', () => {
    const [r] = rankings(isolated('hyperliquid', 'short', '40000'))
    // profit 10,000, balance 15,000, notional 40,000: 1.25 × 40,000 / 15,000
    expect([r!.hyperliquid!.toFixed(6), r!.venue]).toEqual(['3.333333', 'hyperliquid'])
  })

  it('a losing position is not ranked', () => {
    expect(rankings(isolated('okx-swap', 'long', '49000'))).toEqual([])
  })
})

describe('the hedge whose winner ranks high while its loser is near liquidation (fixtures/risk-model/adl.yaml)', () => {
  const base = () => parse(readFileSync('fixtures/risk-model/adl.yaml', 'utf8'))

  it('the fixture: the BTC long (indicator 5) warns, naming the ETH short', () => {
    const [r] = rankings(base())
    expect([r!.positionId, r!.indicator, r!.venue, r!.high, r!.exposedLosers.map((l) => l.positionId)]).toEqual(['btc-long', 5, 'bybit', true, ['eth-short']])
    expect(Number(r!.exposedLosers[0]!.distance)).toBeLessThan(0.15)
  })

  it.each([
    [3, false],
    [4, true],
  ])('indicator %s: ranks high %s', (rank, high) => {
    const p = base()
    p.positions[0].adl_rank = rank
    expect(rankings(p)[0]!.high).toBe(high)
  })

  it('a loser farther than liquidation_distance_warn: no exposure', () => {
    const p = base()
    p.thresholds = { liquidation_distance_warn: '0.01' }
    expect(rankings(p)[0]!.exposedLosers).toEqual([])
  })
})

describe('which winners are ranked: the 20 largest profits, and the 20 largest exposed hedge winners', () => {
  // The fixture's BTC long (profit 2,000, indicator 5, exposed by the ETH short) and 24 more BTC longs of 0.001 at
  // 50,000 (profit 2 each: a tie across the cut); `high` lists those with indicator 5, the others have 1.
  const ids = Array.from({ length: 24 }, (_, i) => `w${String(i + 1).padStart(2, '0')}`)
  const withWinners = (high: readonly string[]) => {
    const p = parse(readFileSync('fixtures/risk-model/adl.yaml', 'utf8'))
    for (const id of ids) p.positions.push({ id, market: 'BTCUSDT', side: 'long', size: '0.001', entry_price: '50000', adl_rank: high.includes(id) ? 5 : 1 })
    return p
  }

  it.each([
    ['none of the small ones exposed: the first 19 of the tie', [], ['btc-long', ...ids.slice(0, 19)]],
    ['the last one exposed: kept beyond the 20 largest', ['w24'], ['btc-long', ...ids.slice(0, 19), 'w24']],
    ['all exposed: the exposed ones are the 20 largest again', ids, ['btc-long', ...ids.slice(0, 19)]],
  ])('%s', (_, high, kept) => {
    const ranked = rankings(withWinners(high))
    expect(ranked.map((r) => r.positionId)).toEqual(kept)
    expect(ranked.map((r) => r.high)).toEqual(kept.map((id) => id === 'btc-long' || high.includes(id)))
  })
})
