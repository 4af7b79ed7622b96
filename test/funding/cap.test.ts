// Venue funding caps per interval, and which of the file's rates lie beyond them (warned, never clamped).
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import type { Funding, LadderTier } from '../../src/model.js'
import { fundingCap, ratesBeyondCap } from '../../src/funding/cap.js'
import type { VenueId } from '../../src/venues.js'

const d = (value: string) => new Decimal(value)
const H = 3_600_000

function funding(overrides: Partial<Funding> = {}): Funding {
  return {
    rate: d('0.0001'),
    nextAt: 0,
    nextAtGiven: true,
    intervalMs: 8 * H,
    intervalGiven: false,
    forecast: [],
    path: ['markets', 0, 'funding'],
    ...overrides,
  }
}
function ladder(mmr: string, maxLeverage: string): LadderTier[] {
  return [
    { maxNotional: d('50000'), mmr: d(mmr), maxLeverage: d(maxLeverage), path: ['markets', 0, 'ladder', 0] },
    { maxNotional: d('250000'), mmr: d('0.05'), maxLeverage: d('10'), path: ['markets', 0, 'ladder', 1] },
  ]
}

describe('fundingCap', () => {
  const cases: { name: string; venue: VenueId; funding: Funding; ladder: LadderTier[]; want: string | undefined }[] = [
    // binance: 0.75 × MMR of the first (max-leverage) bracket: 0.75 × 0.005 = 0.00375.
    { name: 'binance-usdm, first bracket mmr 0.005', venue: 'binance-usdm', funding: funding(), ladder: ladder('0.005', '125'), want: '0.00375' },
    // the cap is per settlement: a 4h interval given by the file keeps 0.00375.
    {
      name: 'binance-usdm, 4h interval keeps the per-settlement cap',
      venue: 'binance-usdm',
      funding: funding({ intervalMs: 4 * H, intervalGiven: true }),
      ladder: ladder('0.005', '125'),
      want: '0.00375',
    },
    { name: 'binance-usdm without a ladder: unknown', venue: 'binance-usdm', funding: funding(), ladder: [], want: undefined },
    // hyperliquid: 4% per hour, 1h interval.
    { name: 'hyperliquid 1h', venue: 'hyperliquid', funding: funding({ intervalMs: H }), ladder: [], want: '0.04' },
    // dydx: 600% × (1/20 − 0.03) = 6 × 0.02 = 0.12 per 8h → 0.12 / 8 = 0.015 per hour.
    { name: 'dydx-v4 large cap (IMF 5%, MMF 3%), 1h', venue: 'dydx-v4', funding: funding({ intervalMs: H }), ladder: ladder('0.03', '20'), want: '0.015' },
    // dydx mid cap: 6 × (1/10 − 0.05) = 0.3 per 8h → 0.0375 per hour.
    { name: 'dydx-v4 mid cap (IMF 10%, MMF 5%), 1h', venue: 'dydx-v4', funding: funding({ intervalMs: H }), ladder: ladder('0.05', '10'), want: '0.0375' },
    { name: 'bybit-linear publishes per-symbol caps only', venue: 'bybit-linear', funding: funding(), ladder: ladder('0.005', '100'), want: undefined },
    { name: 'okx-swap publishes per-currency caps only', venue: 'okx-swap', funding: funding(), ladder: ladder('0.004', '100'), want: undefined },
    { name: 'generic has no rule', venue: 'generic', funding: funding(), ladder: ladder('0.005', '100'), want: undefined },
    {
      name: 'the file’s funding.cap wins over the venue rule',
      venue: 'binance-usdm',
      funding: funding({ cap: d('0.02') }),
      ladder: ladder('0.005', '125'),
      want: '0.02',
    },
    { name: 'the file’s funding.cap applies on a venue without a rule', venue: 'okx-swap', funding: funding({ cap: d('0.015') }), ladder: [], want: '0.015' },
  ]
  it.each(cases)('$name', ({ venue, funding, ladder, want }) => {
    expect(fundingCap({ venue, funding, ladder })?.cap.toFixed()).toBe(want)
  })

  it('names the rule it applied', () => {
    expect(fundingCap({ venue: 'dydx-v4', funding: funding({ intervalMs: H }), ladder: ladder('0.03', '20') })?.rule).toBe(
      'dydx-v4: 600% × (IMF 0.05 − MMF 0.03) per 8h',
    )
    expect(fundingCap({ venue: 'binance-usdm', funding: funding({ cap: d('0.02') }), ladder: [] })?.rule).toBe('the file’s funding.cap')
  })
})

describe('ratesBeyondCap: |rate| > cap, equal allowed', () => {
  const cap = d('0.00375')
  it.each([
    { name: 'rate at the cap is fine', f: funding({ rate: d('0.00375') }), want: [] },
    { name: 'rate beyond the cap', f: funding({ rate: d('0.004') }), want: [{ rate: '0.004', forecastIndex: undefined }] },
    { name: 'negative rate beyond the floor', f: funding({ rate: d('-0.005') }), want: [{ rate: '-0.005', forecastIndex: undefined }] },
    {
      name: 'forecast entries are checked with their index',
      f: funding({ rate: d('0.0001'), forecast: [d('0.001'), d('0.375'), d('-0.00375')] }),
      want: [{ rate: '0.375', forecastIndex: 1 }],
    },
  ])('$name', ({ f, want }) => {
    expect(ratesBeyondCap(f, cap).map((r) => ({ rate: r.rate.toFixed(), forecastIndex: r.forecastIndex }))).toEqual(want)
  })
})
