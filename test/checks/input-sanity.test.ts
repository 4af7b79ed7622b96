// input-sanity: each implausible value is a warn that names the slip; what cannot be true is an input error.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/input/errors.js'
import { findingsOf, portfolioWith } from '../helpers.js'

const warnings = (mutate: (p: Record<string, any>) => void) =>
  findingsOf(portfolioWith(mutate), 'input-sanity')
    .filter((f) => f.status === 'warn')
    .map((f) => ({ path: f.path, figures: f.figures }))

describe('input-sanity', () => {
  it.each([
    { name: 'a taker fee of 5%', mutate: (p: any) => (p.account.fees.taker = '0.05'), path: 'account.fees.taker', figures: { fee: '0.05', bound: '0.01' } },
    {
      name: 'a maker rebate of 1%',
      mutate: (p: any) => (p.account.fees.maker = '-0.01'),
      path: 'account.fees.maker',
      figures: { fee: '-0.01', bound: '0.01' },
    },
    {
      name: 'a first-tier mmr of 40%',
      mutate: (p: any) => (p.markets.BTCUSDT.maintenance_ladder = [{ max_notional: '50000', mmr: '0.4', max_leverage: '2' }]),
      path: 'markets.BTCUSDT.maintenance_ladder[0].mmr',
      figures: { mmr: '0.4', bound: '0.1' },
    },
    {
      name: 'mmr equal to 1 / max_leverage',
      mutate: (p: any) => (p.markets.BTCUSDT.maintenance_ladder = [{ max_notional: '50000', mmr: '0.01', max_leverage: '100' }]),
      path: 'markets.BTCUSDT.maintenance_ladder[0].mmr',
      figures: { mmr: '0.01', initial_margin_rate: '0.01' },
    },
    {
      name: 'a funding rate of 1% per 8h',
      mutate: (p: any) => (p.markets.BTCUSDT.funding = { rate: '0.01', next_at: '2026-11-21T08:00:00Z' }),
      path: 'markets.BTCUSDT.funding.rate',
      figures: { rate: '0.01', bound: '0.01' },
    },
    {
      name: 'a forecast rate of −2%',
      mutate: (p: any) => (p.markets.BTCUSDT.funding = { rate: '0.0001', next_at: '2026-11-21T08:00:00Z', forecast: ['0.0001', '-0.02'] }),
      path: 'markets.BTCUSDT.funding.forecast[1]',
      figures: { rate: '-0.02', bound: '0.01' },
    },
    {
      name: 'binance: mmr 0.4 would widen the derived funding cap to 0.3, and the 1% rate is still flagged',
      mutate: (p: any) => {
        p.venue = 'binance-usdm'
        p.markets.BTCUSDT.maintenance_ladder = [{ max_notional: '50000', mmr: '0.4', max_leverage: '2' }]
        p.markets.BTCUSDT.funding = { rate: '0.01', next_at: '2026-11-21T08:00:00Z' }
      },
      path: 'markets.BTCUSDT.funding.rate',
      figures: { rate: '0.01', bound: '0.01' },
    },
  ])('$name: warn', ({ mutate, path, figures }) => {
    expect(warnings(mutate)).toContainEqual({ path, figures })
  })

  it('a sane file has one pass item and no warning', () => {
    expect(
      findingsOf(
        portfolioWith(() => {}),
        'input-sanity',
      ).map((f) => f.status),
    ).toEqual(['pass'])
  })

  it('hyperliquid’s derived first-tier mmr (1 / (2 × 3x)) is not judged', () => {
    expect(
      warnings((p) => {
        p.venue = 'hyperliquid'
        p.markets.BTCUSDT.maintenance_ladder = [{ max_notional: '50000', max_leverage: '3' }]
      }),
    ).toEqual([])
  })

  it.each([
    {
      name: 'maintenance_amount 1000 on a one-tier ladder (maintenance margin negative)',
      ladder: [{ max_notional: '50000', mmr: '0.004', max_leverage: '125', maintenance_amount: '1000' }],
      path: 'markets.BTCUSDT.maintenance_ladder[0].maintenance_amount',
      says: /negative from 0 up to 50000/,
    },
    {
      name: 'an amount that goes negative low in the second tier',
      ladder: [
        { max_notional: '50000', mmr: '0.004', max_leverage: '125' },
        { max_notional: '600000', mmr: '0.005', max_leverage: '100', maintenance_amount: '300' },
      ],
      path: 'markets.BTCUSDT.maintenance_ladder[1].maintenance_amount',
      says: /negative from 50000 up to 60000; at most 250 here/,
    },
    {
      name: 'mmr 0.4 with max_leverage 125',
      ladder: [{ max_notional: '50000', mmr: '0.4', max_leverage: '125' }],
      path: 'markets.BTCUSDT.maintenance_ladder[0].mmr',
      says: /above the initial margin rate 1 \/ 125 = 0\.008: a position at the tier's max leverage would be liquidatable at entry/,
    },
  ])('$name: an input error', ({ ladder, path, says }) => {
    try {
      findingsOf(
        portfolioWith((p) => (p.markets.BTCUSDT.maintenance_ladder = ladder)),
        'input-sanity',
      )
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).problems.find((p) => p.path === path)?.message).toMatch(says)
    }
  })
})
