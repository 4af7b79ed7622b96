// funding: settlements in the hold, cash flows and signs, forecast, crowding, timing, liquidation after the
// hold, caps and next_at problems, all through the YAML pipeline. Each row states its arithmetic.
import { describe, expect, it } from 'vitest'
import { Decimal, decimalString } from '../../src/decimal.js'
import type { Finding } from '../../src/engine/types.js'
import { findingsOf, portfolioWith, run } from '../helpers.js'

const ID = 'funding'
const d = (value: string | number) => new Decimal(value)
const exact = (value: Decimal) => decimalString(value)

interface Setup {
  venue?: string
  asOf?: string
  prices?: { index: string; mark: string; last: string }
  funding?: Record<string, unknown> | null
  volatility?: string
  positions?: Record<string, unknown>[]
  orders?: Record<string, unknown>[]
  thresholds?: Record<string, string>
}

/**
 * One market BTCUSDT at 64000 (index = mark = last) with a one-tier ladder (mmr 1%, 50x), funding 0.0001
 * per interval with next_at 08:00 UTC, as_of 07:45 UTC, a cross account with 100000 wallet.
 */
function portfolio(setup: Setup = {}) {
  return portfolioWith((p) => {
    if (setup.venue) p.venue = setup.venue
    p.as_of = setup.asOf ?? '2026-11-21T07:45:00Z'
    p.account.wallet_balance = '100000'
    const market = p.markets.BTCUSDT
    market.prices = setup.prices ?? { index: '64000', mark: '64000', last: '64000' }
    market.maintenance_ladder = [{ max_notional: '1000000', mmr: '0.01', max_leverage: '50' }]
    if (setup.funding !== null) market.funding = { rate: '0.0001', next_at: '2026-11-21T08:00:00Z', ...setup.funding }
    if (setup.volatility) market.volatility = setup.volatility
    if (setup.positions) p.positions = setup.positions
    if (setup.orders) p.orders = setup.orders
    if (setup.thresholds) p.thresholds = setup.thresholds
  })
}

const long = (extra: Record<string, unknown> = {}) => ({ id: 'btc', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '64000', ...extra })
const short = (extra: Record<string, unknown> = {}) => ({ ...long(extra), side: 'short' })

/** What a finding is about, read from its figures (wording is not asserted). */
function kindOf(f: Finding): string {
  if (f.status === 'skip') return 'skip'
  if ('funding_price' in f.figures) return 'schedule'
  if ('as_of' in f.figures) return 'next-at'
  if ('crowded_side' in f.figures) return 'cost'
  if ('distance_after_hold' in f.figures) return 'liquidation'
  if ('payment' in f.figures) return 'timing'
  if ('cap' in f.figures) return 'cap'
  return 'unknown'
}
const outline = (findings: Finding[]) => findings.map((f) => `${f.subject} ${f.status} ${kindOf(f)}`)
const pick = (figures: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, figures[k]]))
const costOf = (findings: Finding[], subject = 'btc') => findings.find((f) => f.subject === subject && kindOf(f) === 'cost')!

describe('settlements, amounts and signs', () => {
  const cases = [
    {
      // 07:45 + 24h = 07:45 next day: 08:00, 16:00, 00:00 → 3 × 1 × 64000 × 0.0001 = 19.2;
      // margin: cross without leverage → tier max 50x → 64000 / 50 = 1280; 19.2 / 1280 = 0.015; 0.0001 × 1095 = 0.1095.
      name: '8h venue, long, default 24h hold',
      setup: { positions: [long()] },
      want: {
        next_at: '2026-11-21T08:00:00.000Z',
        minutes_to_next: '15',
        instants: '3',
        rate_used: '0.0001',
        amount: '19.2',
        fraction_of_margin: '0.015',
        annualized: '0.1095',
        liquidation_price_after_hold: null,
      },
    },
    {
      name: '8h venue, short: receives, every sign flips',
      setup: { positions: [short()] },
      want: { instants: '3', rate_used: '0.0001', amount: '-19.2', fraction_of_margin: '-0.015', annualized: '-0.1095' },
    },
    {
      // negative rate: shorts pay 3 × 64000 × 0.0002 = 38.4; annualized for the short side +0.219.
      name: 'negative rate, short pays',
      setup: { funding: { rate: '-0.0002' }, positions: [short()] },
      want: { rate_used: '-0.0002', amount: '38.4', annualized: '0.219' },
    },
    {
      // 07:45 + 975m (16h15m) = 00:00 exactly: that settlement counts → 08:00, 16:00, 00:00.
      name: 'hold ending exactly on a settlement counts it',
      setup: { positions: [long({ hold: '975m' })] },
      want: { instants: '3', amount: '19.2' },
    },
    {
      // 07:45 + 974m = 23:59: 08:00, 16:00 → 12.8.
      name: 'hold ending a minute before it does not',
      setup: { positions: [long({ hold: '974m' })] },
      want: { instants: '2', amount: '12.8' },
    },
    {
      // as_of = next_at = 08:00: settled already; 16:00 (= 08:00 + 8h) counts; 480 min away.
      name: 'as_of exactly on a settlement: the next one counts',
      setup: { asOf: '2026-11-21T08:00:00Z', positions: [long({ hold: '8h' })] },
      want: { next_at: '2026-11-21T16:00:00.000Z', minutes_to_next: '480', instants: '1', amount: '6.4' },
    },
    {
      // thresholds.hold 8h: 07:45 → 15:45 holds only 08:00.
      name: 'hold from thresholds when the position has none',
      setup: { thresholds: { hold: '8h' }, positions: [long()] },
      want: { instants: '1', amount: '6.4' },
    },
    {
      // hyperliquid: hourly, paid on the oracle (index 64100, not the mark 64000). 07:45 + 3h = 10:45: 08, 09, 10 →
      // 3 × 64100 × 0.0000125 = 2.40375; 0.0000125 × 8760 = 0.1095; margin 64000 (mark) / 50 = 1280 → 0.001877929688 (exact 0.001877929687500).
      name: '1h venue (hyperliquid) on the oracle price',
      setup: {
        venue: 'hyperliquid',
        prices: { index: '64100', mark: '64000', last: '64000' },
        funding: { rate: '0.0000125' },
        positions: [long({ hold: '3h' })],
      },
      want: { instants: '3', amount: '2.40375', annualized: '0.1095', fraction_of_margin: '0.0018779296875', minutes_to_next: '15' },
    },
    {
      // dydx-v4: hourly on the oracle (index 64100): 24h from 07:45 holds 08:00 … 07:00 → 24 × 64100 × 0.0000125 = 19.23.
      name: '1h venue (dydx-v4), 24 settlements in 24h',
      setup: { venue: 'dydx-v4', prices: { index: '64100', mark: '64000', last: '64000' }, funding: { rate: '0.0000125' }, positions: [long()] },
      want: { instants: '24', amount: '19.23', annualized: '0.1095' },
    },
    {
      // forecast 0.0002 at 08:00 only (15m hold): 64000 × 0.0002 = 12.8; 0.0002 × 1095 = 0.219.
      name: 'forecast: first settlement',
      setup: { funding: { rate: '0', forecast: ['0.0002', '0.0001'] }, positions: [long({ hold: '15m' })] },
      want: { instants: '1', rate_used: '0.0002', amount: '12.8', annualized: '0.219' },
    },
    {
      // 08:00 at 0.0002, 16:00 at 0.0001 (8h15m hold) → 12.8 + 6.4 = 19.2; mean 0.00015 → 0.16425.
      name: 'forecast: used instant by instant',
      setup: { funding: { rate: '0', forecast: ['0.0002', '0.0001'] }, positions: [long({ hold: '495m' })] },
      want: { instants: '2', rate_used: '0.00015', amount: '19.2', annualized: '0.16425' },
    },
    {
      // 24h: 0.0002, 0.0001, then the current rate 0 at 00:00 → 19.2; mean 0.0001 → 0.1095.
      name: 'forecast: then the current rate persists',
      setup: { funding: { rate: '0', forecast: ['0.0002', '0.0001'] }, positions: [long()] },
      want: { instants: '3', rate_used: '0.0001', amount: '19.2', annualized: '0.1095' },
    },
    {
      // a planned buy with leverage 10: margin 1 × 64000 (trigger price, market order) / 10 = 6400; 3 × 6.4 = 19.2 → 0.003.
      name: 'order: buy with leverage',
      setup: { orders: [{ id: 'btc', market: 'BTCUSDT', side: 'buy', size: '1', leverage: '10' }] },
      want: { instants: '3', amount: '19.2', fraction_of_margin: '0.003', annualized: '0.1095', liquidation_price_after_hold: null },
    },
    {
      // limit sell at 65000, leverage 5: margin 65000 / 5 = 13000; receives 19.2 (on the mark) → −19.2 / 13000.
      name: 'order: limit sell, margin at its price',
      setup: { orders: [{ id: 'btc', market: 'BTCUSDT', side: 'sell', size: '1', type: 'limit', price: '65000', leverage: '5' }] },
      want: { amount: '-19.2', fraction_of_margin: exact(d('-19.2').div('13000')), annualized: '-0.1095' },
    },
    {
      name: 'order without leverage: no fraction of margin',
      setup: { orders: [{ id: 'btc', market: 'BTCUSDT', side: 'buy', size: '1' }] },
      want: { amount: '19.2', fraction_of_margin: null },
    },
  ]
  it.each(cases)('$name', ({ setup, want }) => {
    const findings = findingsOf(portfolio(setup), ID)
    expect(outline(findings)).toEqual(['BTCUSDT info schedule', 'btc pass cost'])
    expect(pick(costOf(findings).figures, Object.keys(want))).toEqual(want)
  })
})

describe('crowding: the paying side against the annualized limits', () => {
  // as_of 07:30 keeps the next settlement 30 min away (no timing warning); 24h: 08:00, 16:00, 00:00.
  const cases = [
    // 0.0003 × 1095 = 0.3285 > 0.30 → warn; over the hold 3 × 0.0003 = 0.0009 of notional.
    {
      name: 'long pays 32.85% a year: warn, longs crowded',
      funding: { rate: '0.0003' },
      position: long(),
      status: 'warn',
      crowded: 'long',
      annualized: '0.3285',
      over: '0.0009',
    },
    {
      name: 'the short on the same market receives: pass',
      funding: { rate: '0.0003' },
      position: short(),
      status: 'pass',
      crowded: 'long',
      annualized: '-0.3285',
      over: '-0.0009',
    },
    // 0.001 × 1095 = 1.095 > 1.00 → fail.
    {
      name: 'long pays 109.5% a year: fail',
      funding: { rate: '0.001' },
      position: long(),
      status: 'fail',
      crowded: 'long',
      annualized: '1.095',
      over: '0.003',
    },
    {
      name: 'negative rate: shorts crowded, the short fails',
      funding: { rate: '-0.001' },
      position: short(),
      status: 'fail',
      crowded: 'short',
      annualized: '1.095',
      over: '0.003',
    },
    // exactly at the limit is not over it. 0.30 / 1095 (8h) and 0.30 / 8760 (1h) are not short decimals, but a file
    // interval of 73h gives 8760 / 73 = 120 settlements a year: 0.0025 × 120 = 0.3 exactly. 07:30 + 24h holds only 08:00.
    {
      name: 'exactly at the warn limit passes',
      funding: { rate: '0.0025', interval: '73h' },
      position: long(),
      status: 'pass',
      crowded: 'long',
      annualized: '0.3',
      over: '0.0025',
    },
  ]
  it.each(cases)('$name', ({ funding, position, status, crowded, annualized, over }) => {
    const findings = findingsOf(portfolio({ asOf: '2026-11-21T07:30:00Z', funding, volatility: '0.5', positions: [position] }), ID)
    expect(outline(findings)).toEqual(['BTCUSDT info schedule', `btc ${status} cost`])
    const sigma = exact(d('0.5').mul(d(1).div(365).sqrt())) // 0.5 × √(24h / 365d)
    expect(pick(costOf(findings).figures, ['crowded_side', 'annualized', 'funding_over_hold', 'sigma_move_over_hold'])).toEqual({
      crowded_side: crowded,
      annualized,
      funding_over_hold: over,
      sigma_move_over_hold: sigma,
    })
  })

  it('without volatility: still judged on the annualized rate, no σ move', () => {
    const findings = findingsOf(portfolio({ asOf: '2026-11-21T07:30:00Z', funding: { rate: '0.0003' }, positions: [long()] }), ID)
    expect(costOf(findings).status).toBe('warn')
    expect(costOf(findings).figures.sigma_move_over_hold).toBeNull()
  })

  it('the limits can be overridden', () => {
    const findings = findingsOf(
      portfolio({ asOf: '2026-11-21T07:30:00Z', funding: { rate: '0.0003' }, positions: [long()], thresholds: { funding_annualized_warn: '0.5' } }),
      ID,
    )
    expect(costOf(findings).status).toBe('pass')
  })

  it('the message names the crowded side and the squeeze', () => {
    const findings = findingsOf(portfolio({ asOf: '2026-11-21T07:30:00Z', funding: { rate: '-0.0003' }, volatility: '0.5', positions: [short()] }), ID)
    expect(costOf(findings).message).toMatchInlineSnapshot(
      `"shorts are crowded: the short side pays 32.85% annualized, over the 30% warn limit; funding over 1d is 0.09% of notional vs a 1σ move of 2.6171%; a squeeze against shorts is the risk; pays 57.60 over 1d: 3 settlements at -0.03% per 8h, 32.85% annualized for this side; 4.5% of the 1,280.00 margin"`,
    )
  })
})

describe('timing', () => {
  it.each([
    {
      // buy at 07:45, 30m hold: pays the full 08:00 settlement, 64000 × 0.0001 = 6.4, for 30 minutes.
      name: 'an order held 30m across a settlement warns',
      setup: { orders: [{ id: 'btc', market: 'BTCUSDT', side: 'buy', size: '1', hold: '30m' }] },
      want: ['BTCUSDT info schedule', 'btc pass cost', 'btc warn timing'],
      figures: { minutes_to_next: '15', payment: '6.4', hold_hours: '0.5' },
    },
    {
      name: 'a sell order receives: no warning',
      setup: { orders: [{ id: 'btc', market: 'BTCUSDT', side: 'sell', size: '1', hold: '30m' }] },
      want: ['BTCUSDT info schedule', 'btc pass cost'],
    },
    {
      name: 'an order held a whole interval: no warning',
      setup: { orders: [{ id: 'btc', market: 'BTCUSDT', side: 'buy', size: '1', hold: '8h' }] },
      want: ['BTCUSDT info schedule', 'btc pass cost'],
    },
    {
      name: 'an order closed before the settlement: no warning',
      setup: { orders: [{ id: 'btc', market: 'BTCUSDT', side: 'buy', size: '1', hold: '10m' }] },
      want: ['BTCUSDT info schedule', 'btc pass cost'],
    },
    {
      // position paying in 15 min (= funding_soon) at 0.0003 × 1095 = 0.3285 > 0.30: timing warns (and crowding warns).
      name: 'a position paying within 15 min above the warn rate',
      setup: { funding: { rate: '0.0003' }, positions: [long()] },
      want: ['BTCUSDT info schedule', 'btc warn cost', 'btc warn timing'],
      figures: { minutes_to_next: '15', payment: '19.2', annualized: '0.3285' },
    },
    {
      name: '16 min away: not yet',
      setup: { asOf: '2026-11-21T07:44:00Z', funding: { rate: '0.0003' }, positions: [long()] },
      want: ['BTCUSDT info schedule', 'btc warn cost'],
    },
    {
      name: 'below the warn rate (0.0002 × 1095 = 0.219): no warning',
      setup: { funding: { rate: '0.0002' }, positions: [long()] },
      want: ['BTCUSDT info schedule', 'btc pass cost'],
    },
    { name: 'the receiving short: no warning', setup: { funding: { rate: '0.0003' }, positions: [short()] }, want: ['BTCUSDT info schedule', 'btc pass cost'] },
    {
      name: 'funding_soon 30m widens the window',
      setup: { asOf: '2026-11-21T07:30:00Z', funding: { rate: '0.0003' }, positions: [long()], thresholds: { funding_soon: '30m' } },
      want: ['BTCUSDT info schedule', 'btc warn cost', 'btc warn timing'],
      figures: { minutes_to_next: '30' },
    },
  ])('$name', ({ setup, want, figures }) => {
    const findings = findingsOf(portfolio(setup), ID)
    expect(outline(findings)).toEqual(want)
    if (figures) expect(pick(findings.find((f) => kindOf(f) === 'timing')!.figures, Object.keys(figures))).toEqual(figures)
  })
})

describe('isolated liquidation price after the hold', () => {
  // Generic isolated, one tier mmr 1%, no maintenance amount: long LP = (q·EP − M) / (q·(1 − 0.01)),
  // short LP = (q·EP + M) / (q·(1 + 0.01)). 3d from 07:45 holds 9 settlements (08:00 day 1 … 00:00 day 4):
  // paid 9 × 64000 × 0.0001 = 57.6, taken from the margin. Distance limits: warn 0.15, fail 0.08.
  const lp = (x: string) => exact(d(x))
  it.each([
    {
      // now (64000 − 10200) / 0.99 = 54343.43…, distance 0.1509 ≥ 0.15; after (64000 − 10142.4) / 0.99 = 54401.61…, 0.14997 → warn.
      name: 'long: funding moves it under the warn limit',
      position: long({ margin_mode: 'isolated', margin: '10200', hold: '3d' }),
      rate: '0.0001',
      status: 'warn',
      after: lp('53857.6'),
      divisor: '0.99',
    },
    {
      // short pays at −0.0001: now (64000 + 10380) / 1.01 = 73643.56 (0.1507); after (64000 + 10322.4) / 1.01 = 73586.53 (0.1498) → warn.
      name: 'short: funding moves it under the warn limit',
      position: short({ margin_mode: 'isolated', margin: '10380', hold: '3d' }),
      rate: '-0.0001',
      status: 'warn',
      after: lp('74322.4'),
      divisor: '1.01',
    },
    {
      // now (64000 − 5750) / 0.99 → 0.0807 (warn band); after (64000 − 5692.4) / 0.99 → 0.0797 < 0.08 → fail.
      name: 'long: from the warn band to under the fail limit',
      position: long({ margin_mode: 'isolated', margin: '5750', hold: '3d' }),
      rate: '0.0001',
      status: 'fail',
      after: lp('58307.6'),
      divisor: '0.99',
    },
    {
      // now (64000 − 9000) / 0.99 → 0.1319, already under 0.15; after 0.1310: unchanged band → info.
      name: 'already under the warn limit before funding: info',
      position: long({ margin_mode: 'isolated', margin: '9000', hold: '3d' }),
      rate: '0.0001',
      status: 'info',
      after: lp('55057.6'),
      divisor: '0.99',
    },
    {
      // margin 20000: after (64000 − 19942.4) / 0.99 → 0.3047: pass.
      name: 'far from liquidation: pass',
      position: long({ margin_mode: 'isolated', margin: '20000', hold: '3d' }),
      rate: '0.0001',
      status: 'pass',
      after: lp('44057.6'),
      divisor: '0.99',
    },
  ])('$name', ({ position, rate, status, after, divisor }) => {
    const findings = findingsOf(portfolio({ funding: { rate }, positions: [position] }), ID)
    expect(outline(findings)).toEqual(['BTCUSDT info schedule', 'btc pass cost', `btc ${status} liquidation`])
    const liquidation = findings.find((f) => kindOf(f) === 'liquidation')!
    const expected = d(after).div(divisor)
    expect(
      d(liquidation.figures.liquidation_price_after_hold as string)
        .minus(expected)
        .abs()
        .lt('1e-12'),
    ).toBe(true)
    expect(costOf(findings).figures.liquidation_price_after_hold).toBe(liquidation.figures.liquidation_price_after_hold)
    expect(liquidation.figures.amount).toBe('57.6')
  })

  it('receiving funding leaves the liquidation price as it is (no finding, figure = now)', () => {
    // rate −0.0001: the long receives 57.6, not credited to the margin: (64000 − 10200) / 0.99.
    const findings = findingsOf(portfolio({ funding: { rate: '-0.0001' }, positions: [long({ margin_mode: 'isolated', margin: '10200', hold: '3d' })] }), ID)
    expect(outline(findings)).toEqual(['BTCUSDT info schedule', 'btc pass cost'])
    const after = d(costOf(findings).figures.liquidation_price_after_hold as string)
    expect(after.minus(d('53800').div('0.99')).abs().lt('1e-12')).toBe(true)
  })

  it('funding that takes it past liquidation fails', () => {
    // margin 660: now (64000 − 660) / 0.99 = 63979.80 (under the fail limit, not past); after 660 − 57.6 = 602.4:
    // (64000 − 602.4) / 0.99 = 64037.98 is above the price 64000 → past liquidation before the hold ends.
    const findings = findingsOf(portfolio({ positions: [long({ margin_mode: 'isolated', margin: '660', hold: '3d' })] }), ID)
    const liquidation = findings.find((f) => kindOf(f) === 'liquidation')!
    expect(liquidation.status).toBe('fail')
    expect(liquidation.figures.margin_after_hold).toBe('602.4')
    expect(
      d(liquidation.figures.liquidation_price_after_hold as string)
        .minus(d('63397.6').div('0.99'))
        .abs()
        .lt('1e-12'),
    ).toBe(true)
  })

  it('already past liquidation now: info, the liquidation-distance check reports it', () => {
    // margin 50: (64000 − 50) / 0.99 = 64595.96 > 64000 already; after −7.6 still past.
    const findings = findingsOf(portfolio({ positions: [long({ margin_mode: 'isolated', margin: '50', hold: '3d' })] }), ID)
    const liquidation = findings.find((f) => kindOf(f) === 'liquidation')!
    expect([liquidation.status, liquidation.figures.margin_after_hold]).toEqual(['info', '-7.6'])
  })

  it('cross positions have no isolated liquidation price after the hold', () => {
    const findings = findingsOf(portfolio({ positions: [long()] }), ID)
    expect(costOf(findings).figures.liquidation_price_after_hold).toBeNull()
  })
})

describe('caps: a rate beyond the cap is suspicious input (warn), used as given', () => {
  it.each([
    // binance-usdm: 0.75 × 0.01 (first tier mmr) = 0.0075.
    {
      name: 'binance-usdm rate beyond 0.75 × MMR₁',
      venue: 'binance-usdm',
      funding: { rate: '0.008' },
      want: ['BTCUSDT info schedule', 'BTCUSDT warn cap'],
      cap: '0.0075',
      path: 'markets.BTCUSDT.funding.rate',
    },
    { name: 'binance-usdm rate at the cap', venue: 'binance-usdm', funding: { rate: '0.0075' }, want: ['BTCUSDT info schedule'], cap: '0.0075' },
    {
      name: 'binance-usdm forecast entry beyond the cap',
      venue: 'binance-usdm',
      funding: { rate: '0.0001', forecast: ['0.001', '-0.009'] },
      want: ['BTCUSDT info schedule', 'BTCUSDT warn cap'],
      cap: '0.0075',
      path: 'markets.BTCUSDT.funding.forecast[1]',
    },
    {
      name: 'hyperliquid beyond 4% per hour',
      venue: 'hyperliquid',
      funding: { rate: '0.05' },
      want: ['BTCUSDT info schedule', 'BTCUSDT warn cap'],
      cap: '0.04',
      path: 'markets.BTCUSDT.funding.rate',
    },
    // dydx-v4: IMF 1/50 = 0.02, MMF 0.01 → 600% × 0.01 = 0.06 per 8h → 0.0075 per hour.
    {
      name: 'dydx-v4 beyond 600% × (IMF − MMF) / 8',
      venue: 'dydx-v4',
      funding: { rate: '0.008' },
      want: ['BTCUSDT info schedule', 'BTCUSDT warn cap'],
      cap: '0.0075',
      path: 'markets.BTCUSDT.funding.rate',
    },
    { name: 'generic: no cap, nothing to compare', venue: undefined, funding: { rate: '0.05' }, want: ['BTCUSDT info schedule'], cap: null },
    {
      name: 'the file’s funding.cap',
      venue: undefined,
      funding: { rate: '0.0006', cap: '0.0005' },
      want: ['BTCUSDT info schedule', 'BTCUSDT warn cap'],
      cap: '0.0005',
      path: 'markets.BTCUSDT.funding.rate',
    },
  ])('$name', ({ venue, funding, want, cap, path }) => {
    const findings = findingsOf(portfolio({ venue, funding }), ID)
    expect(outline(findings)).toEqual(want)
    expect(findings[0]!.figures.cap).toBe(cap)
    if (path) expect(findings[1]!.path).toBe(path)
  })
})

describe('next_at problems are reported, and the items on that market skipped', () => {
  it.each([
    {
      name: 'off the 8h grid (00/08/16 UTC)',
      funding: { next_at: '2026-11-21T08:30:00Z' },
      figures: { previous_on_grid: '2026-11-21T08:00:00.000Z', next_on_grid: '2026-11-21T16:00:00.000Z' },
    },
    {
      name: 'off the hourly grid (hyperliquid)',
      venue: 'hyperliquid',
      funding: { next_at: '2026-11-21T07:50:00Z' },
      figures: { previous_on_grid: '2026-11-21T07:00:00.000Z', next_on_grid: '2026-11-21T08:00:00.000Z' },
    },
    { name: 'more than one interval ahead (skips 08:00)', funding: { next_at: '2026-11-21T16:00:00Z' }, figures: { latest: '2026-11-21T15:45:00.000Z' } },
    {
      name: 'a 4h interval from the file: 12:00 skips 08:00',
      funding: { next_at: '2026-11-21T12:00:00Z', interval: '4h' },
      figures: { latest: '2026-11-21T11:45:00.000Z', interval_hours: '4' },
    },
  ])('$name', ({ venue, funding, figures }) => {
    const findings = findingsOf(portfolio({ venue, funding, positions: [long()], orders: [{ id: 'buy', market: 'BTCUSDT', side: 'buy', size: '1' }] }), ID)
    expect(outline(findings)).toEqual(['BTCUSDT fail next-at', 'btc skip skip', 'buy skip skip'])
    expect(findings[0]!.path).toBe('markets.BTCUSDT.funding.next_at')
    expect(pick(findings[0]!.figures, Object.keys(figures))).toEqual(figures)
  })

  it('a 4h interval from the file accepts 08:00 (on its grid)', () => {
    expect(outline(findingsOf(portfolio({ funding: { interval: '4h' }, positions: [long()] }), ID))).toEqual(['BTCUSDT info schedule', 'btc pass cost'])
  })
})

describe('a next_at that has passed rolls forward on its schedule; an omitted one comes from the venue grid', () => {
  // 8h grid, rate 0.0001, long 1 BTC at 64000: one settlement pays 6.4.
  it.each([
    // 00:00 passed at 07:45 (1 settlement); 08:00 is next, 15 min away; a 24h hold (07:45 → 07:45 the next day) takes
    // 08:00, 16:00 and 00:00: 3 × 6.4 = 19.2.
    {
      name: 'next_at 00:00 seen at 07:45: rolled to 08:00',
      funding: { next_at: '2026-11-21T00:00:00Z' },
      want: { next_at: '2026-11-21T08:00:00.000Z', next_at_source: 'rolled', settlements_rolled: '1', minutes_to_next: '15' },
      amount: '19.2',
    },
    // 00:00 on the 14th to 00:00 on the 21st is 21 instants (3 a day × 7), so 22 with 00:00 on the 21st; next 08:00.
    {
      name: 'a week old: 22 settlements rolled',
      funding: { next_at: '2026-11-14T00:00:00Z' },
      want: { next_at: '2026-11-21T08:00:00.000Z', next_at_source: 'rolled', settlements_rolled: '22', minutes_to_next: '15' },
      amount: '19.2',
    },
    // forecast [0.0005, 0.0002, 0.00015] was for 00:00 (passed), 08:00, 16:00 → after the roll 08:00 at 0.0002, 16:00 at
    // 0.00015, then 00:00 at the rate 0.0001: 64000 × (0.0002 + 0.00015 + 0.0001) = 28.8 (with 0.0005 kept it would be 51.2).
    {
      name: 'the forecast rates of passed instants are dropped',
      funding: { next_at: '2026-11-21T00:00:00Z', forecast: ['0.0005', '0.0002', '0.00015'] },
      want: { next_at: '2026-11-21T08:00:00.000Z', next_at_source: 'rolled', settlements_rolled: '1', minutes_to_next: '15' },
      amount: '28.8',
    },
    // No next_at on binance-usdm (8h grid 00/08/16 UTC): 08:00 is the grid's next instant after 07:45.
    {
      name: 'next_at omitted on an 8h venue: the grid gives 08:00',
      venue: 'binance-usdm',
      funding: { next_at: undefined },
      want: { next_at: '2026-11-21T08:00:00.000Z', next_at_source: 'grid', settlements_rolled: '0', minutes_to_next: '15' },
      amount: '19.2',
    },
  ])('$name', ({ venue, funding, want, amount }) => {
    const findings = findingsOf(portfolio({ venue, funding, positions: [long()] }), ID)
    expect(outline(findings)).toEqual(['BTCUSDT info schedule', 'btc pass cost'])
    expect(pick(findings[0]!.figures, Object.keys(want))).toEqual(want)
    expect(costOf(findings).figures.amount).toBe(amount)
  })

  it('next_at omitted on the generic venue is an input error (no grid is known)', () => {
    expect(() => findingsOf(portfolio({ funding: { next_at: undefined }, positions: [long()] }), ID)).toThrow(/next_at: is required on the generic venue/)
  })
})

describe('next_at on a 4h file grid', () => {
  it('a 4h interval from the file accepts 08:00 (on its grid)', () => {
    expect(outline(findingsOf(portfolio({ funding: { interval: '4h' }, positions: [long()] }), ID))).toEqual(['BTCUSDT info schedule', 'btc pass cost'])
  })

  it('a market without funding: its items are skipped, nothing about the market', () => {
    expect(outline(findingsOf(portfolio({ funding: null, positions: [long()] }), ID))).toEqual(['btc skip skip'])
  })
})

describe('JSON records', () => {
  it('positions[] and orders[] carry funding figures; null when not computable', () => {
    const p = portfolio({
      positions: [long({ margin_mode: 'isolated', margin: '10200', hold: '3d' })],
      orders: [{ id: 'buy', market: 'BTCUSDT', side: 'buy', size: '2', leverage: '10', hold: '30m' }],
    })
    p.markets.ETHUSDT = {
      prices: { index: '3000', mark: '3000', last: '3000' },
      maintenance_ladder: [{ max_notional: '1000000', mmr: '0.01', max_leverage: '50' }],
    }
    p.positions.push({ id: 'eth', market: 'ETHUSDT', side: 'short', size: '1', entry_price: '3000' })
    const records = run(p).records
    expect(records.positions[0]!.funding).toEqual({
      next_at: '2026-11-21T08:00:00.000Z',
      minutes_to_next: '15',
      instants: 9,
      rate_used: '0.0001',
      amount: '57.6', // 9 × 6.4
      fraction_of_margin: exact(d('57.6').div('10200')),
      annualized: '0.1095',
      liquidation_price_after_hold: exact(d('53857.6').div('0.99')),
    })
    // 2 × 64000 × 0.0001 = 12.8 at 08:00; margin 128000 / 10 = 12800 → 0.001.
    expect(records.orders[0]!.funding).toEqual({
      next_at: '2026-11-21T08:00:00.000Z',
      minutes_to_next: '15',
      instants: 1,
      rate_used: '0.0001',
      amount: '12.8',
      fraction_of_margin: '0.001',
      annualized: '0.1095',
      liquidation_price_after_hold: null,
    })
    expect(records.positions[1]!.funding).toBeNull()
  })
})
