// The worked funding examples of the shared reference vectors, numbers copied here with their ids
// (the project never reads the reference files). Sign here: positive = paid by the position.
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { fundingPayment, rateForInterval, summarizeFunding } from '../../src/funding/cashflow.js'
import { fundingCap } from '../../src/funding/cap.js'
import type { Funding, LadderTier } from '../../src/model.js'

const d = (value: string) => new Decimal(value)
const H = 3_600_000

describe('freqtrade test_calculate_funding_fees: fee = rate × mark × size per settlement', () => {
  // freqtrade returns funding as a P&L (negative = cost); this project reports positive = paid.
  it.each([
    // vectors.json id "funding-payment-short-0.0001-2.0": size 10, rate 0.0001, mark 2.0 → short receives 0.002, long pays 0.002.
    { id: 'funding-payment-short-0.0001-2.0', size: '10', rate: '0.0001', mark: '2.0', shortReceives: '0.002' },
    // vectors.json id "funding-payment-short-0.0002-2.5": size 10, rate 0.0002, mark 2.5 → 0.005.
    { id: 'funding-payment-short-0.0002-2.5', size: '10', rate: '0.0002', mark: '2.5', shortReceives: '0.005' },
  ])('$id', ({ size, rate, mark, shortReceives }) => {
    expect(fundingPayment('short', d(size), d(mark), d(rate)).neg().toFixed()).toBe(shortReceives)
    expect(fundingPayment('long', d(size), d(mark), d(rate)).toFixed()).toBe(shortReceives)
  })
})

describe('vectors.json id "hyperliquid-funding-example"', () => {
  // Oracle 10,000, impact bid 10,100 → premium 1%; F8h = 0.01 + clamp(0.0001 − 0.01, ±0.0005) = 0.0095 (the
  // venue's own derivation: the file states the rate, so it is not recomputed here). Paid hourly as F8h / 8.
  const hourly = rateForInterval(d('0.0095'), 8 * H, H)

  it('the 8h rate 0.0095 is paid hourly as 0.0011875', () => {
    expect(hourly.toFixed()).toBe('0.0011875')
  })

  it('on the oracle price: 1 unit long pays 10000 × 0.0011875 = 11.875 per hour, 8 × 11.875 = 95 over 8h', () => {
    const summary = summarizeFunding({
      asOf: Date.parse('2026-11-21T10:00:00Z'),
      holdMs: 8 * H,
      side: 'long',
      quantity: d('1'),
      fundingPrice: d('10000'),
      rate: hourly,
      forecast: [],
      nextAt: Date.parse('2026-11-21T11:00:00Z'),
      intervalMs: H,
    })
    expect(summary.payments.map((p) => p.payment.toFixed())).toEqual(Array(8).fill('11.875'))
    expect(summary.amount.toFixed()).toBe('95')
  })

  it('0.0011875 is within the 4%/hour cap', () => {
    const funding: Funding = { rate: hourly, nextAt: 0, nextAtGiven: true, intervalMs: H, intervalGiven: false, forecast: [], path: [] }
    expect(fundingCap({ venue: 'hyperliquid', funding, ladder: [] })!.cap.gte(hourly)).toBe(true)
  })
})

describe('cap vectors', () => {
  const funding = (intervalMs: number, cap?: Decimal): Funding => ({
    rate: d('0'),
    nextAt: 0,
    nextAtGiven: true,
    intervalMs,
    intervalGiven: false,
    forecast: [],
    cap,
    path: [],
  })
  const tier = (mmr: string, maxLeverage: string): LadderTier => ({ maxNotional: d('1000000'), mmr: d(mmr), maxLeverage: d(maxLeverage), path: [] })

  // vectors.json id "dydx-funding-cap-btc": IMF 0.05, MMF 0.03 → 8h cap 600% × 0.02 = 0.12 (per hour 0.12 / 8 = 0.015).
  it('dydx-funding-cap-btc: 0.12 per 8h', () => {
    expect(fundingCap({ venue: 'dydx-v4', funding: funding(8 * H), ladder: [tier('0.03', '20')] })!.cap.toFixed()).toBe('0.12')
    expect(fundingCap({ venue: 'dydx-v4', funding: funding(H), ladder: [tier('0.03', '20')] })!.cap.toFixed()).toBe('0.015')
  })

  // vectors.json id "binance-funding-cap-from-mmr": cap = multiplier × MMR of the max-leverage bracket.
  it.each([
    { tier1Mmr: '0.005', cap: '0.00375' }, // multiplier 0.75
    { tier1Mmr: '0.0065', cap: '0.004875' }, // multiplier 0.75
  ])('binance-funding-cap-from-mmr: 0.75 × $tier1Mmr = $cap', ({ tier1Mmr, cap }) => {
    expect(fundingCap({ venue: 'binance-usdm', funding: funding(8 * H), ladder: [tier(tier1Mmr, '125')] })!.cap.toFixed()).toBe(cap)
  })

  // Third case: multiplier 1.0 on a symbol Binance raised (MMR 0.024 → cap 0.024). A per-symbol override is
  // not derivable from the ladder; the file states it as funding.cap, which wins over the 0.75 rule.
  it('binance-funding-cap-from-mmr: a raised multiplier (1.0 × 0.024) comes from the file as funding.cap', () => {
    expect(fundingCap({ venue: 'binance-usdm', funding: funding(8 * H, d('0.024')), ladder: [tier('0.024', '20')] })!.cap.toFixed()).toBe('0.024')
  })
})
