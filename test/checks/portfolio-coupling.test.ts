// portfolio-coupling: correlation breaks of offsetting pairs, and the worst scenario's blast radius under
// cross margin against the same positions isolated. Figures are worked by hand in the comments.
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { InputError } from '../../src/index.js'
import { loadPortfolio } from '../../src/input/load.js'
import { findingsOf, toYaml } from '../helpers.js'
import { fixture } from '../stress/helpers.js'

const ID = 'portfolio-coupling'
const HEDGED = fixture('fixtures/portfolio-coupling/fail.yaml')
const ISOLATING = fixture('fixtures/portfolio-coupling/warn.yaml')

/** The hedged fixture as an object, changed by `mutate`. */
function hedged(mutate: (p: Record<string, any>) => void): Record<string, any> {
  const p = parse(HEDGED)
  mutate(p)
  return p
}

const breaks = (portfolio: unknown) => findingsOf(portfolio, ID).filter((f) => 'spread_move' in f.figures || 'other_leg' in f.figures)
const blast = (portfolio: unknown) => findingsOf(portfolio, ID).find((f) => f.message.startsWith('blast radius'))!

describe('the hedge that becomes the trigger (fixtures/portfolio-coupling/fail.yaml)', () => {
  it('the base case passes: equity 4,000 against maintenance 1% × 200,000 = 2,000 now, and every grid move keeps the hedge', () => {
    // both betas 1: the long gains what the short loses, so equity stays 4,000; maintenance is 2,000·(1 + m)
    const grid = findingsOf(HEDGED, 'stress').filter((f) => f.figures.move !== undefined && f.figures.equity !== undefined)
    expect(grid.map((f) => [f.figures.move, f.figures.equity, f.figures.maintenance_margin, f.status])).toEqual([
      ['-0.3', '4000', '1400', 'pass'],
      ['-0.2', '4000', '1600', 'pass'],
      ['-0.1', '4000', '1800', 'pass'],
      ['-0.05', '4000', '1900', 'pass'],
      ['0.05', '4000', '2100', 'pass'],
      ['0.1', '4000', '2200', 'pass'],
      ['0.2', '4000', '2400', 'pass'],
      ['0.3', '4000', '2600', 'pass'],
    ])
  })

  it('the break liquidates the cross account and names both legs: equity 4,000 − 1,500 − 1,500 = 1,000 ≤ 2,000', () => {
    // σ_daily = 0.5/√365 for both; σ_spread = √(2σ²(1 − 0.927)) = √(0.0365/365) = 0.01; 3σ = 3%, split evenly:
    // BTC 50,000 × (1 − 0.015) = 49,250 → long 2: −1,500; ETH 2,500 × 1.015 = 2,537.5 → short 40: −1,500.
    // Maintenance 1% × (2 × 49,250 + 40 × 2,537.5) = 1% × (98,500 + 101,500) = 2,000.
    const [item] = breaks(HEDGED)
    expect(item!.status).toBe('fail')
    const f = item!.figures
    expect([f.leg, f.other_leg, f.spread_sigma, f.spread_move, f.move_BTCUSDT, f.move_ETHUSDT]).toEqual([
      'btc-long',
      'eth-short',
      '0.01',
      '0.03',
      '-0.015',
      '0.015',
    ])
    expect([f.price_BTCUSDT, f.price_ETHUSDT, f.pnl_leg, f.pnl_other_leg]).toEqual(['49250', '2537.5', '-1500', '-1500'])
    expect([f.equity_before, f.loss, f.equity_after, f.cross_margin_balance, f.cross_maintenance_margin, f.cross_margin_ratio]).toEqual([
      '4000',
      '3000',
      '1000',
      '1000',
      '2000',
      '2',
    ])
    expect(f.liquidated).toEqual(['btc-long', 'eth-short'])
  })

  it('sized for its break on a 20,000 wallet it passes: ratio 2,000 / 17,000 (fixtures/portfolio-coupling/pass.yaml)', () => {
    const [item] = breaks(fixture('fixtures/portfolio-coupling/pass.yaml'))
    expect([item!.status, item!.figures.equity_after, item!.figures.cross_margin_ratio]).toEqual(['pass', '17000', '0.117647058823529411764706'])
  })
})

describe('which pairs offset, and how each break is judged', () => {
  it('unequal volatilities split the 3σ spread move in proportion to each leg’s σ', () => {
    // vol 0.5 and 1.0 → σ_b = 2σ_a; σ_spread² = σa²(1 + 4 − 4·0.927) = 1.292·0.25/365; the legs move 1/3 and 2/3 of 3σ_spread
    const p = hedged((x) => (x.markets.ETHUSDT.volatility = '1'))
    const f = breaks(p)[0]!.figures
    const spread = Math.sqrt((1.292 * 0.25) / 365) * 3
    expect(Number(f.spread_move)).toBeCloseTo(spread, 14)
    expect(Number(f.move_BTCUSDT)).toBeCloseTo(-spread / 3, 14)
    expect(Number(f.move_ETHUSDT)).toBeCloseTo((2 * spread) / 3, 14)
  })

  it('the same side offsets when one beta is negative: both longs are broken downward', () => {
    const p = hedged((x) => {
      x.positions[1].side = 'long'
      x.stress.betas = { ETHUSDT: '-1' }
    })
    const f = breaks(p)[0]!.figures
    expect([f.move_BTCUSDT, f.move_ETHUSDT, f.pnl_leg, f.pnl_other_leg]).toEqual(['-0.015', '-0.015', '-1500', '-1500'])
  })

  it('opposite sides with betas of opposite signs do not offset (they lose together): no break is reported', () => {
    const p = hedged((x) => (x.stress.betas = { ETHUSDT: '-1' }))
    const found = findingsOf(p, ID)
    expect(breaks(p)).toEqual([])
    expect(found.find((f) => f.subject === 'account' && f.status === 'pass')!.message).toContain('no two positions offset')
  })

  it('a pair without volatility on a market is skipped with the reason', () => {
    const p = hedged((x) => delete x.markets.ETHUSDT.volatility)
    expect(breaks(p).map((f) => [f.status, f.figures.other_leg])).toEqual([['skip', 'eth-short']])
  })

  it('an isolated leg liquidated by the break warns; the cross account is not at stake', () => {
    // the long isolated on 1,400: 1,400 − 1,500 < maintenance 985; the cross short alone keeps 4,000 − 1,500
    const p = hedged((x) => Object.assign(x.positions[0], { margin_mode: 'isolated', margin: '1400' }))
    const [item] = breaks(p)
    expect([item!.status, item!.figures.liquidated, item!.figures.cross_margin_balance]).toEqual(['warn', ['btc-long'], '2500'])
  })

  it('a cross margin ratio past margin_ratio_warn (0.8) after the break warns: 2,000 / 2,400 on a 5,400 wallet', () => {
    const p = hedged((x) => (x.account.wallet_balance = '5400'))
    expect(breaks(p).map((f) => [f.status, f.figures.cross_margin_ratio])).toEqual([['warn', '0.833333333333333333333333']])
  })
})

describe('blast radius', () => {
  it('isolating turns the account liquidation into one position lost (fixtures/portfolio-coupling/warn.yaml)', () => {
    // −30%: cross equity 30,000 − 0.3 × 140,000 = −12,000 → liquidated, loss = the whole 30,000.
    // Isolated on 30,000 × 10,000/30,000 = 10,000 and 20,000: SOL 10,000 − 30,000 < 0 → lost (10,000);
    // AVAX 20,000 − 12,000 = 8,000 > 1% × 28,000 → kept. Loss 30,000 − 8,000 = 22,000.
    const f = blast(ISOLATING)
    expect(f.status).toBe('warn')
    expect([f.figures.move, f.figures.cross_loss, f.figures.cross_liquidated]).toEqual(['-0.3', '30000', ['sol-long', 'avax-long']])
    expect([f.figures['isolated_margin_sol-long'], f.figures['isolated_margin_avax-long']]).toEqual(['10000', '20000'])
    expect([f.figures.isolated_loss, f.figures.isolated_liquidated, f.figures.saved_by_isolating]).toEqual(['22000', ['sol-long'], ['avax-long']])
  })

  it('the hedge isolated breaks apart: the long is lost while the short gains (a net gain of 28,000, never a loss of −28,000), so cross is kept: info', () => {
    // −30% with margins 2,000 each: long 2,000 − 30,000 → lost; short 2,000 + 30,000 = 32,000. 32,000 − 4,000 = 28,000 gained
    const f = blast(HEDGED)
    expect([f.status, f.figures.cross_loss, f.figures.cross_gain, f.figures.isolated_loss, f.figures.isolated_gain, f.figures.isolated_liquidated]).toEqual([
      'info',
      '0',
      '0',
      '0',
      '28000',
      ['btc-long'],
    ])
    expect(f.message).toContain('a net gain of 28,000.00 though btc-long is liquidated')
  })

  it('skipped for an account without cross positions', () => {
    const p = hedged((x) => {
      for (const pos of x.positions) Object.assign(pos, { margin_mode: 'isolated', margin: '5000' })
    })
    expect(blast(p).status).toBe('skip')
  })

  it('message', () => {
    expect(blast(ISOLATING).message).toMatchInlineSnapshot(
      `"blast radius of the worst scenario (market −30%): under cross margin a loss of 30,000.00 (liquidated: sol-long, avax-long); isolated on margins in proportion to initial margin (sol-long 10,000.00, avax-long 20,000.00) a loss of 22,000.00 (liquidated: sol-long); isolating keeps avax-long"`,
    )
  })
})

describe('hedges as pairs (issue 12)', () => {
  const pair = (portfolio: unknown) => findingsOf(portfolio, ID).find((f) => 'pair_leg' in f.figures)!

  it('each leg liquidates with the other following by ρ·β_other/β_own: BTC −37.22% with ETH −34.51%; ETH +21.68% with BTC +20.09%', () => {
    // BTC down m, ETH 0.927·m: 4,000 + 100,000·m − 100,000·0.927·m = 0.01·(100,000·(1 + m) + 100,000·(1 + 0.927·m))
    // ⇒ 4,000 + 7,300·m = 2,000 + 1,927·m ⇒ m = −2,000 / 5,373. ETH up m, BTC 0.927·m: the same with roles swapped:
    // 4,000 − 100,000·m + 92,700·m = 2,000 + 1,927·m ⇒ m = 2,000 / 9,227.
    const f = pair(HEDGED)
    expect([f.status, f.figures.pair_leg, f.figures.pair_other_leg, f.figures.correlation, f.figures.follow_leg]).toEqual([
      'info',
      'btc-long',
      'eth-short',
      '0.927',
      '0.927',
    ])
    expect(Number(f.figures.liquidation_move_leg)).toBeCloseTo(-2000 / 5373, 12)
    expect(Number(f.figures.liquidation_move_other_leg)).toBeCloseTo(2000 / 9227, 12)
    expect(Number(f.figures.liquidation_price_leg)).toBeCloseTo(50000 * (1 - 2000 / 5373), 6)
    expect(Number(f.figures.other_price_at_leg_liquidation)).toBeCloseTo(2500 * (1 - (0.927 * 2000) / 5373), 6)
    expect([f.figures.funding_leg, f.figures.funding_net]).toEqual([null, null])
  })

  it("the pair's own correlation (stress.correlations) replaces the single one, for the pair and its break", () => {
    // ρ 0.5: BTC down m, ETH 0.5·m: 4,000 + 50,000·m = 2,000 + 1,500·m ⇒ m = −2,000 / 48,500
    const p = hedged((x) => (x.stress.correlations = { BTCUSDT: { ETHUSDT: '0.5' } }))
    const f = pair(p)
    expect([f.figures.correlation, f.message.includes('(stress.correlations)')]).toEqual(['0.5', true])
    expect(Number(f.figures.liquidation_move_leg)).toBeCloseTo(-2000 / 48500, 12)
    const b = breaks(p).find((x) => 'spread_move' in x.figures)!
    expect(b.figures.correlation).toBe('0.5')
  })

  it('net funding of the pair: what one leg receives against what the other pays over the hold', () => {
    // both markets at +0.0001 per 8 h, hold 1 day (3 settlements): the long pays 3 × 0.0001 × 100,000 = 30, the short
    // receives 30: net 0
    const p = hedged((x) => {
      for (const m of Object.values(x.markets) as Record<string, any>[]) m.funding = { rate: '0.0001', next_at: '2026-11-21T08:00:00Z', interval: '8h' }
      x.thresholds = { hold: '1d' }
    })
    const f = pair(p)
    expect([f.figures.funding_leg, f.figures.funding_other_leg, f.figures.funding_net]).toEqual(['30', '-30', '0'])
  })
})

describe('stress.correlations in the file', () => {
  const problems = (correlations: unknown) => {
    try {
      loadPortfolio(toYaml(hedged((x) => (x.stress.correlations = correlations))), { file: 'test.yaml' })
      return []
    } catch (error) {
      return (error as InputError).problems.map((p) => p.message)
    }
  }

  it.each([
    [{ BTCUSDT: { ETHUSDT: '0.5' }, ETHUSDT: { BTCUSDT: '0.5' } }, []],
    [{ BTCUSDT: { ETHUSDT: '0.5' }, ETHUSDT: { BTCUSDT: '0.6' } }, ['ETHUSDT / BTCUSDT is given twice: 0.5 and 0.6']],
    [{ BTCUSDT: { SOLUSDT: '0.5' } }, ['market "SOLUSDT" is not defined under markets']],
    [{ BTCUSDT: { BTCUSDT: '0.9' } }, ["a market's correlation with itself is 1, not 0.9"]],
    [{ BTCUSDT: { ETHUSDT: '1.01' } }, ['must be from -1 to 1']],
  ])('%j → %j', (correlations, expected) => {
    expect(problems(correlations)).toEqual(expected)
  })
})
