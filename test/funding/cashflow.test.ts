// Funding cash flows and totals over a hold, each row's arithmetic written out. Sign: positive rate,
// longs pay; a positive payment or amount is paid by the position.
import { relativeStd } from '../../src/volatility.js'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { fractionOfMargin, fundingPayment, instantsPerYear, rateAt, rateForInterval, summarizeFunding, type FundingInput } from '../../src/funding/cashflow.js'

const t = (iso: string) => Date.parse(iso)
const d = (value: string) => new Decimal(value)
const H = 3_600_000
const M = 60_000
const strings = (values: Decimal[]) => values.map((v) => v.toFixed())

const base: FundingInput = {
  asOf: t('2026-11-21T07:50:00Z'),
  holdMs: 24 * H,
  side: 'long',
  quantity: d('2'),
  fundingPrice: d('60000'),
  rate: d('0.0001'),
  forecast: [],
  nextAt: t('2026-11-21T08:00:00Z'),
  intervalMs: 8 * H,
}

describe('fundingPayment: quantity × price × rate, positive when the side pays', () => {
  it.each([
    { name: 'long, positive rate pays: 2 × 60000 × 0.0001 = 12', side: 'long' as const, rate: '0.0001', want: '12' },
    { name: 'short, positive rate receives: −12', side: 'short' as const, rate: '0.0001', want: '-12' },
    { name: 'long, negative rate receives: 2 × 60000 × −0.0002 = −24', side: 'long' as const, rate: '-0.0002', want: '-24' },
    { name: 'short, negative rate pays: 24', side: 'short' as const, rate: '-0.0002', want: '24' },
    { name: 'zero rate: nothing', side: 'long' as const, rate: '0', want: '0' },
  ])('$name', ({ side, rate, want }) => {
    expect(fundingPayment(side, d('2'), d('60000'), d(rate)).toFixed()).toBe(want)
  })
})

describe('summarizeFunding', () => {
  const cases = [
    {
      // instants 08:00, 16:00, 00:00 → 3 × 12 = 36; annualized 0.0001 × (365 × 3) = 0.1095; minutes 07:50 → 08:00 = 10.
      name: '8h long, current rate persists over 24h',
      input: base,
      want: {
        nextAt: '2026-11-21T08:00:00Z',
        minutes: '10',
        rates: ['0.0001', '0.0001', '0.0001'],
        payments: ['12', '12', '12'],
        rateUsed: '0.0001',
        amount: '36',
        annualized: '0.1095',
        ofNotional: '0.0003',
      },
    },
    {
      // same instants, short side receives 3 × 12 = 36: amount −36, annualized −0.1095.
      name: '8h short, same market: the sign flips',
      input: { ...base, side: 'short' as const },
      want: {
        nextAt: '2026-11-21T08:00:00Z',
        minutes: '10',
        rates: ['0.0001', '0.0001', '0.0001'],
        payments: ['-12', '-12', '-12'],
        rateUsed: '0.0001',
        amount: '-36',
        annualized: '-0.1095',
        ofNotional: '-0.0003',
      },
    },
    {
      // forecast 0.0003, −0.0001 for 08:00 and 16:00, then 0.0001 at 00:00 and 08:00 (hold 07:50 + 24h10m = 08:00 next day, counted).
      // 1 × 1000 × rate: 0.3, −0.1, 0.1, 0.1 → 0.4; mean rate 0.0004 / 4 = 0.0001 → 0.1095 a year.
      name: 'forecast list used instant by instant, then the current rate',
      input: { ...base, quantity: d('1'), fundingPrice: d('1000'), holdMs: 24 * H + 10 * M, forecast: [d('0.0003'), d('-0.0001')] },
      want: {
        nextAt: '2026-11-21T08:00:00Z',
        minutes: '10',
        rates: ['0.0003', '-0.0001', '0.0001', '0.0001'],
        payments: ['0.3', '-0.1', '0.1', '0.1'],
        rateUsed: '0.0001',
        amount: '0.4',
        annualized: '0.1095',
        ofNotional: '0.0004',
      },
    },
    {
      // as_of on 08:00: 08:00 has settled, forecast[0] applies to 16:00, forecast[1] to 00:00; hold 16h ends on 00:00 (counted).
      // short 1 × 1000: −(0.0005 × 1000) = −0.5, −(0.0002 × 1000) = −0.2 → −0.7; mean 0.00035 × 1095 = 0.38325, short side → −0.38325.
      name: 'as_of on an instant: the forecast starts at the next one',
      input: {
        ...base,
        side: 'short' as const,
        quantity: d('1'),
        fundingPrice: d('1000'),
        asOf: t('2026-11-21T08:00:00Z'),
        nextAt: t('2026-11-21T08:00:00Z'),
        holdMs: 16 * H,
        forecast: [d('0.0005'), d('0.0002')],
      },
      want: {
        nextAt: '2026-11-21T16:00:00Z',
        minutes: '480',
        rates: ['0.0005', '0.0002'],
        payments: ['-0.5', '-0.2'],
        rateUsed: '0.00035',
        amount: '-0.7',
        annualized: '-0.38325',
        ofNotional: '-0.0007',
      },
    },
    {
      // 1h venue, 3h hold from 10:20: 11:00, 12:00, 13:00; oracle 3000 × 10 ETH × 0.0000125 = 0.375 each → 1.125;
      // annualized 0.0000125 × 8760 = 0.1095; minutes 40.
      name: '1h venue, 3 instants',
      input: {
        ...base,
        quantity: d('10'),
        fundingPrice: d('3000'),
        rate: d('0.0000125'),
        asOf: t('2026-11-21T10:20:00Z'),
        nextAt: t('2026-11-21T11:00:00Z'),
        intervalMs: H,
        holdMs: 3 * H,
      },
      want: {
        nextAt: '2026-11-21T11:00:00Z',
        minutes: '40',
        rates: ['0.0000125', '0.0000125', '0.0000125'],
        payments: ['0.375', '0.375', '0.375'],
        rateUsed: '0.0000125',
        amount: '1.125',
        annualized: '0.1095',
        ofNotional: '0.0000375',
      },
    },
    {
      // 30m hold from 07:50 ends 08:20: the 08:00 instant counts → one full payment 12 for 30 minutes of holding.
      name: 'short hold across an instant pays a full interval',
      input: { ...base, holdMs: 30 * M },
      want: {
        nextAt: '2026-11-21T08:00:00Z',
        minutes: '10',
        rates: ['0.0001'],
        payments: ['12'],
        rateUsed: '0.0001',
        amount: '12',
        annualized: '0.1095',
        ofNotional: '0.0001',
      },
    },
    {
      // 5m hold from 07:50 ends 07:55: no instant; rate_used is the next instant's rate (forecast[0] = 0.0002), 0.0002 × 1095 = 0.219.
      name: 'no instant in the hold: amount 0, rate of the next instant',
      input: { ...base, holdMs: 5 * M, forecast: [d('0.0002')] },
      want: { nextAt: '2026-11-21T08:00:00Z', minutes: '10', rates: [], payments: [], rateUsed: '0.0002', amount: '0', annualized: '0.219', ofNotional: '0' },
    },
  ]
  it.each(cases)('$name', ({ input, want }) => {
    const got = summarizeFunding(input)
    expect({
      nextAt: new Date(got.nextAt).toISOString().replace('.000Z', 'Z'),
      minutes: got.minutesToNext.toFixed(),
      rates: strings(got.payments.map((p) => p.rate)),
      payments: strings(got.payments.map((p) => p.payment)),
      rateUsed: got.rateUsed.toFixed(),
      amount: got.amount.toFixed(),
      annualized: got.annualized.toFixed(),
      ofNotional: got.fractionOfNotional.toFixed(),
    }).toEqual(want)
  })
})

describe('summarizeFunding past the listed settlements', () => {
  // 1-minute interval from 07:50, first settlement 07:51: a hold of n minutes has n settlements, the first
  // LISTED_PAYMENTS (10 000) listed and the rest counted at the current rate. Long 2 × 60 000 × 0.0001 = 12 each.
  it.each([
    { name: 'all listed (10 000)', minutes: 10_000, side: 'long' as const, rate: '0.0001', listed: 10_000, amount: '120000' },
    { name: 'one past the list', minutes: 10_001, side: 'long' as const, rate: '0.0001', listed: 10_000, amount: '120012' },
    { name: '4 400 past the list, a short receives', minutes: 14_400, side: 'short' as const, rate: '0.0001', listed: 10_000, amount: '-172800' },
    { name: 'a zero rate pays nothing, listed or counted', minutes: 10_001, side: 'short' as const, rate: '0', listed: 10_000, amount: '0' },
  ])('$name', ({ minutes, side, rate, listed, amount }) => {
    const got = summarizeFunding({ ...base, side, rate: d(rate), nextAt: t('2026-11-21T07:51:00Z'), intervalMs: M, holdMs: minutes * M })
    expect([got.count, got.payments.length, got.amount.toFixed(), got.amount.isNegative() && got.amount.isZero()]).toEqual([minutes, listed, amount, false])
  })
})

describe('helpers', () => {
  it('instantsPerYear: 8h → 365 × 3 = 1095, 1h → 8760, 4h → 2190', () => {
    expect(strings([instantsPerYear(8 * H), instantsPerYear(H), instantsPerYear(4 * H)])).toEqual(['1095', '8760', '2190'])
  })

  it('rateAt: the forecast while it lasts, then the current rate', () => {
    const forecast = [d('0.0003'), d('-0.0001')]
    expect(strings([0, 1, 2, 5].map((k) => rateAt(k, d('0.0001'), forecast)))).toEqual(['0.0003', '-0.0001', '0.0001', '0.0001'])
  })

  it('rateForInterval: 0.12 per 8h is 0.015 per 1h; 0.04 per 1h is 0.32 per 8h', () => {
    expect(rateForInterval(d('0.12'), 8 * H, H).toFixed()).toBe('0.015')
    expect(rateForInterval(d('0.04'), H, 8 * H).toFixed()).toBe('0.32')
  })

  it.each([
    { name: '36 paid on 1200 margin is 0.03', amount: '36', margin: '1200', want: '0.03' },
    { name: '36 received on 1200 margin is −0.03', amount: '-36', margin: '1200', want: '-0.03' },
    { name: 'zero margin has no fraction', amount: '36', margin: '0', want: null },
  ])('fractionOfMargin: $name', ({ amount, margin, want }) => {
    expect(fractionOfMargin(d(amount), d(margin))?.toFixed() ?? null).toBe(want)
  })

  it('the σ move over a hold (relativeStd): 0.6 × √(1/100 of a year) = 0.06; 0.5 × √(1/4 year) = 0.25', () => {
    const year = 365 * 24 * H
    expect(relativeStd(d('0.6'), year / 100).toFixed()).toBe('0.06')
    expect(relativeStd(d('0.5'), year / 4).toFixed()).toBe('0.25')
  })
})
