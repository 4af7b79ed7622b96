// liquidation-distance through the YAML pipeline: distance against the fraction and σ limits, a position
// already past liquidation, no liquidation price, the cross account, the band, size-vs-leverage, fixtures.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Decimal, decimalString } from '../../src/decimal.js'
import type { Finding, Status } from '../../src/engine/types.js'
import { exitCodeFor } from '../../src/engine/run.js'
import { findingsOf, portfolioWith, run } from '../helpers.js'

const ID = 'liquidation-distance'
const d = (value: string | number) => new Decimal(value)
const exact = (value: Decimal) => decimalString(value)
const pick = (f: Finding | undefined, ...names: string[]) => [f?.status, ...names.map((n) => f?.figures[n])]
const worstStatus = (found: Finding[]): Status => (['fail', 'warn', 'pass', 'info', 'skip'] as const).find((s) => found.some((f) => f.status === s)) ?? 'skip'
const distanceItem = (found: Finding[], id = 'btc') => found.find((f) => f.subject === id && 'distance_warn' in f.figures)
const bandItem = (found: Finding[], id = 'btc') => found.find((f) => f.subject === id && 'band_start' in f.figures)
const whatIfItem = (found: Finding[], id = 'btc') => found.find((f) => f.subject === id && 'distance_size_cut_25' in f.figures)

/** Isolated long 1 BTC @ 64,000 on one 0.4% tier: LP = (64,000 − M)/0.996, distance = 1 − LP/64,000. */
const isolatedLong = (margin: string, options: { price?: string; volatility?: string; thresholds?: Record<string, string>; leverage?: string } = {}) =>
  portfolioWith((p) => {
    const price = options.price ?? '64000'
    p.account.margin_mode = 'isolated'
    p.markets.BTCUSDT.prices = { index: price, mark: price, last: price }
    p.markets.BTCUSDT.maintenance_ladder = [{ max_notional: '1000000000', mmr: '0.004', max_leverage: '125' }]
    if (options.volatility) p.markets.BTCUSDT.volatility = options.volatility
    if (options.thresholds) p.thresholds = options.thresholds
    p.positions = [
      { id: 'btc', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '64000', margin, ...(options.leverage ? { leverage: options.leverage } : {}) },
    ]
  })
const lp = (margin: string, _price = '64000') => d(64000).minus(margin).div('0.996')
const distance = (margin: string, price = '64000') => d(price).minus(lp(margin)).div(price)

describe('distance against the limits', () => {
  it.each([
    { name: '24.7% away passes', margin: '16000', status: 'pass' },
    { name: '12.1% away warns (under 15%)', margin: '8000', status: 'warn' },
    { name: '5.9% away fails (under 8%)', margin: '4000', status: 'fail' },
    // LP 54,400 exactly: 15% away is not under 15%
    { name: 'exactly 15% away passes', margin: '9817.6', status: 'pass' },
  ])('$name', ({ margin, status }) => {
    const item = distanceItem(findingsOf(isolatedLong(margin), ID))
    expect(pick(item, 'liquidation_price', 'bankruptcy_price', 'liquidation_distance')).toEqual([
      status,
      exact(lp(margin)),
      exact(d(64000).minus(margin)),
      exact(distance(margin)),
    ])
  })

  it.each([
    // σ_daily = 0.8 / √365; 0.24699… / 0.041874… = 5.90 σ
    { name: 'volatility 80%: 5.9 σ passes', volatility: '0.8', status: 'pass' },
    // σ_daily = 1.6 / √365 = 0.083748…; 2.95 σ < 3: warns on σ though the fraction passes
    { name: 'volatility 160%: 2.95 σ warns', volatility: '1.6', status: 'warn' },
    // 3.2 / √365 = 0.16750…; 1.47 σ < 1.5 fails
    { name: 'volatility 320%: 1.47 σ fails', volatility: '3.2', status: 'fail' },
  ])('$name', ({ volatility, status }) => {
    const item = distanceItem(findingsOf(isolatedLong('16000', { volatility }), ID))
    const sigma = d(volatility).div(d(365).sqrt())
    expect(pick(item, 'daily_sigma', 'distance_sigma')).toEqual([status, exact(sigma), exact(distance('16000').div(sigma))])
  })

  it('thresholds can be overridden', () => {
    const item = distanceItem(findingsOf(isolatedLong('8000', { thresholds: { liquidation_distance_warn: '0.10', liquidation_distance_fail: '0.05' } }), ID))
    expect(pick(item, 'distance_warn', 'distance_fail')).toEqual(['pass', '0.1', '0.05'])
  })
})

describe('past liquidation, and no liquidation price', () => {
  it('a long already below its liquidation price fails loudly, with a negative distance', () => {
    const item = distanceItem(findingsOf(isolatedLong('8000', { price: '55000' }), ID))
    expect(pick(item, 'liquidation_price', 'liquidation_distance')).toEqual(['fail', exact(lp('8000')), exact(d(55000).minus(lp('8000')).div(55000))])
    expect(item!.message).toMatch(/^ALREADY PAST LIQUIDATION: mark 55000(\.0+)? is below the liquidation price 56225 /)
  })

  it('a fully collateralised 1x long has no liquidation price: a pass with null figures and the reason', () => {
    const item = distanceItem(findingsOf(isolatedLong('64000', { leverage: '1' }), ID))
    expect(pick(item, 'liquidation_price', 'bankruptcy_price', 'liquidation_distance')).toEqual(['pass', null, null, null])
    expect(item!.message).toBe("no liquidation price: the position's margin covers the position down to a zero price of BTCUSDT")
  })
})

describe('cross account', () => {
  // Cross long 1 BTC @ 64,000 at 64,000: tier 2, MM 64,000 × 0.005 − 50 = 270; margin balance = wallet.
  const crossLong = (wallet: string) =>
    portfolioWith((p) => {
      p.account.wallet_balance = wallet
      p.positions = [{ id: 'btc', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '64000' }]
    })
  const accountItem = (found: Finding[]) => found.find((f) => f.subject === 'account')
  it.each([
    { wallet: '10000', want: ['pass', '10000', '270', '0.027'] },
    { wallet: '300', want: ['warn', '300', '270', '0.9'] }, // 270 / 300 ≥ 80%
    { wallet: '250', want: ['fail', '250', '270', '1.08'] }, // below maintenance
    { wallet: '270', want: ['fail', '270', '270', '1'] }, // at maintenance: liquidatable
    { wallet: '270.01', want: ['warn', '270.01', '270', exact(d(270).div('270.01'))] },
  ])('wallet $wallet → account $want.0', ({ wallet, want }) => {
    expect(pick(accountItem(findingsOf(crossLong(wallet), ID)), 'margin_balance', 'maintenance_margin', 'margin_ratio')).toEqual(want)
  })

  it('the cross distance is account-level: 10,000 + (P − 64,000) = 0.005·P − 50 → 53,950 / 0.995, bankruptcy 54,000', () => {
    const item = distanceItem(findingsOf(crossLong('10000'), ID))
    expect(pick(item, 'liquidation_price', 'bankruptcy_price', 'liquidation_tier')).toEqual(['pass', exact(d(53950).div('0.995')), '54000', '2']) // 15.28% away
    expect(item!.message).toContain('other markets held at their current trigger prices')
  })

  it('inside the band (ratio 90% ≥ 80%) the band item warns', () => {
    expect(bandItem(findingsOf(crossLong('300'), ID))!.status).toBe('warn')
  })
})

// Issue 16: "an empty account is liquidatable" (wallet 0, no positions: "BELOW MAINTENANCE", exit 1). A cross
// account is liquidatable only when it holds a position; with none there is nothing to liquidate.
describe('a cross account with nothing to liquidate', () => {
  const accountItem = (found: Finding[]) => found.find((f) => f.subject === 'account')
  const account = (wallet: string, positions: Record<string, string>[] = [], mmr = '0.004') =>
    portfolioWith((p) => {
      p.account.wallet_balance = wallet
      p.markets.BTCUSDT.maintenance_ladder = [{ max_notional: '1000000000', mmr, max_leverage: '125' }]
      p.positions = positions
    })
  const isolated = { id: 'btc', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '64000', margin_mode: 'isolated', margin: '6400' }
  const cross = { id: 'btc', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '64000' }
  it.each([
    { name: 'wallet 0, no positions (the reproducer)', file: account('0'), want: ['pass', '0', '0', null] },
    { name: 'wallet 10,000, no positions', file: account('10000'), want: ['pass', '10000', '0', null] },
    { name: 'wallet 0, only an isolated position', file: account('0', [isolated]), want: ['pass', '0', '0', null] },
    { name: 'a cross position with maintenance 0 and a positive balance', file: account('10000', [cross], '0'), want: ['pass', '10000', '0', '0'] },
    { name: 'a cross position with maintenance 0 and a balance of 0: at bankruptcy', file: account('0', [cross], '0'), want: ['fail', '0', '0', null] },
    { name: 'a cross position on a wallet of 0', file: account('0', [cross]), want: ['fail', '0', '256', null] },
  ])('$name → account $want.0', ({ file, want }) => {
    expect(pick(accountItem(findingsOf(file, ID)), 'margin_balance', 'maintenance_margin', 'margin_ratio')).toEqual(want)
  })

  it('the reproducer exits 0', () => {
    const report = run(account('0'))
    expect([report.counts.fail, exitCodeFor(report, 'fail')]).toEqual([0, 0])
  })
})

describe('liquidation band', () => {
  it('from ratio 80% through liquidation to bankruptcy: 0.8·(16,000 + P − 64,000) = 0.004·P → P = 38,400 / 0.796', () => {
    const item = bandItem(findingsOf(isolatedLong('16000'), ID))
    expect(pick(item, 'band_start', 'liquidation_price', 'bankruptcy_price', 'margin_ratio')).toEqual([
      'info',
      exact(d(38400).div('0.796')),
      exact(lp('16000')),
      '48000',
      '0.016',
    ])
  })
})

describe('size versus leverage', () => {
  it('only positions that warn or fail get the what-ifs', () => {
    expect(whatIfItem(findingsOf(isolatedLong('16000'), ID))).toBeUndefined()
  })

  it('8x long (12.1%): cutting the size keeps the 8,000 margin; lowering the leverage adds 64,000/L′ − 8,000', () => {
    const item = whatIfItem(findingsOf(isolatedLong('8000', { leverage: '8' }), ID))
    // size × 0.75, margin 8,000: LP = (48,000 − 8,000)/(0.75 × 0.996); size × 0.5: LP = (32,000 − 8,000)/(0.5 × 0.996)
    const cut = (q: string) =>
      d(64000)
        .minus(d(64000).mul(q).minus(8000).div(d(q).mul('0.996')))
        .div(64000)
    // leverage 6: margin 10,666.67; leverage 4: margin 16,000
    const lowered = (margin: Decimal) => d(64000).minus(d(64000).minus(margin).div('0.996')).div(64000)
    expect(
      pick(
        item,
        'distance_size_cut_25',
        'distance_size_cut_50',
        'distance_leverage_cut_25',
        'distance_leverage_cut_50',
        'margin_added_leverage_cut_25',
        'margin_added_leverage_cut_50',
      ),
    ).toEqual([
      'info',
      exact(cut('0.75')),
      exact(cut('0.5')),
      exact(lowered(d(64000).div(6))),
      exact(lowered(d(16000))),
      exact(d(64000).div(6).minus(8000)),
      '8000',
    ])
  })
})

describe('fixtures', () => {
  it.each([{ status: 'pass' }, { status: 'warn' }, { status: 'fail' }])('fixtures/liquidation-distance/$status.yaml reports $status at worst', ({ status }) => {
    const source = readFileSync(new URL(`../../fixtures/liquidation-distance/${status}.yaml`, import.meta.url), 'utf8')
    expect(source.split('\n')[0]).toBe(`# expect: ${ID} ${status}`)
    expect(worstStatus(findingsOf(source, ID))).toBe(status)
  })
})
