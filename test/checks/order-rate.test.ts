// order-rate: sliced plans and stops through the order-rate limits, through the YAML pipeline.
import { describe, expect, it } from 'vitest'
import { findingsOf, portfolioWith } from '../helpers.js'

const ID = 'order-rate'
// One level a side: a stop's 0.1 fills at the level shifted to the stop price.
const BOOK = { bids: [['63990', '3']], asks: [['64010', '3']] }

function portfolio(options: { rateLimit?: Record<string, unknown>; venue?: string; orders?: unknown[]; stops?: number }) {
  return portfolioWith((p) => {
    if (options.venue) p.venue = options.venue
    if (options.rateLimit) p.account.rate_limit = options.rateLimit
    Object.assign(p.markets.BTCUSDT, { book: BOOK, volatility: '0.55' })
    // Several positions in one market: an order names the one it trades (docs/format.md).
    p.orders = (options.orders ?? []).map((o) => ((options.stops ?? 0) > 1 ? { position: 'p1', ...(o as object) } : o))
    p.positions = Array.from({ length: options.stops ?? 0 }, (_, i) => ({
      id: `p${i + 1}`,
      market: 'BTCUSDT',
      side: 'long',
      size: '0.1',
      entry_price: '64000',
      leverage: '5',
      stop: { price: '62000' },
    }))
  })
}
const sliced = (slices: number, interval: string) => ({ id: 'o1', market: 'BTCUSDT', side: 'buy', size: '1', slices, interval })
const item = (p: unknown, subject: string) => findingsOf(p, ID).find((f) => f.subject === subject)!

describe('the limit in force', () => {
  it.each([
    { name: 'the file’s', options: { rateLimit: { orders: 10, per: '1s' } }, limit: '10 orders per 1s', source: 'file', sustained: '10' },
    { name: 'binance-usdm’s', options: { venue: 'binance-usdm' }, limit: '300 orders per 10s and 1200 orders per 1m', source: 'venue', sustained: '20' },
    { name: 'bybit-linear’s', options: { venue: 'bybit-linear' }, limit: '10 orders per 1s', source: 'venue', sustained: '10' },
    // The file's limit replaces the venue's.
    {
      name: 'the file’s over the venue’s',
      options: { venue: 'binance-usdm', rateLimit: { orders: 5, per: '2s' } },
      limit: '5 orders per 2s',
      source: 'file',
      sustained: '2.5',
    },
  ])('$name', ({ options, limit, source, sustained }) => {
    const f = item(portfolio(options), 'account')
    expect([f.status, f.figures.rate_limit, f.figures.rate_limit_source, f.figures.sustained_orders_per_second]).toEqual(['info', limit, source, sustained])
  })

  it('without one the check skips, saying what to give', () => {
    const findings = findingsOf(portfolio({ orders: [sliced(4, '30s')], stops: 2 }), ID)
    expect(findings.map((f) => [f.subject, f.status])).toEqual([['account', 'skip']])
    expect(findings[0]!.message).toMatch(/account.rate_limit/)
  })
})

describe('sliced orders', () => {
  it.each([
    // 10 a second allows a child every 100 ms exactly: at the boundary the plan runs as planned.
    { name: 'at the limit', slices: 20, interval: '100ms', status: 'pass', delayed: '0', effective: '1900ms', maxDelay: '0ms' },
    // 99 ms: from the 11th child on each goes 10 ms late.
    { name: 'just over it', slices: 20, interval: '99ms', status: 'warn', delayed: '10', effective: '1891ms', maxDelay: '10ms' },
    // 20 a second planned: the plan's 2.45 s becomes 4.45 s.
    { name: 'twice the limit', slices: 50, interval: '50ms', status: 'warn', delayed: '40', effective: '4450ms', maxDelay: '2s' },
    { name: 'slow', slices: 4, interval: '30s', status: 'pass', delayed: '0', effective: '90s', maxDelay: '0ms' },
  ])('$name: $slices slices $interval apart at 10/s', ({ slices, interval, status, delayed, effective, maxDelay }) => {
    const f = item(portfolio({ rateLimit: { orders: 10, per: '1s' }, orders: [sliced(slices, interval)] }), 'o1')
    expect([f.status, f.figures.delayed_slices, f.figures.effective_duration, f.figures.max_delay]).toEqual([status, delayed, effective, maxDelay])
  })

  it('a single order has no schedule to stretch', () => {
    const p = portfolio({ rateLimit: { orders: 1, per: '1s' }, orders: [{ id: 'o1', market: 'BTCUSDT', side: 'buy', size: '1' }] })
    expect(findingsOf(p, ID).map((f) => f.subject)).toEqual(['account'])
  })

  it('the warning says the strategy changed', () => {
    const f = item(portfolio({ rateLimit: { orders: 10, per: '1s' }, orders: [sliced(50, '50ms')] }), 'o1')
    expect(f.message).toMatchInlineSnapshot(
      `"50 slices 50ms apart (20 orders/s) is faster than 10 orders per 1s: 40 of 50 slices go late, by up to 2s; the last slice at 4450ms instead of 2450ms; if you see repeated throttling, assume your effective strategy changed"`,
    )
  })
})

describe('stops under stress', () => {
  it.each([
    // Two a second and three stops: the third exit waits for the window.
    { name: 'the third of three at 2/s', stops: 3, subject: 'p3', status: 'warn', delay: '1s', reaction: '1200ms' },
    { name: 'the second of three at 2/s', stops: 3, subject: 'p2', status: 'pass', delay: '0ms', reaction: '200ms' },
    // Boundary: exactly as many stops as the window allows.
    { name: 'the second of two at 2/s', stops: 2, subject: 'p2', status: 'pass', delay: '0ms', reaction: '200ms' },
  ])('$name', ({ stops, subject, status, delay, reaction }) => {
    const f = item(portfolio({ rateLimit: { orders: 2, per: '1s' }, stops }), subject)
    expect([f.status, f.figures.queue_delay, f.figures.reaction]).toEqual([status, delay, reaction])
  })

  it('a late exit fills where the market is by then: one σ over the longer reaction', () => {
    // Stop 62 000 sells 0.1 into the bids shifted to start there: VWAP 62 000. One σ over L against the long,
    // 62 000 × 0.55 × √(L / year): 200 ms → 2.7156; 1 200 ms → 6.6518 (Python math).
    const f = item(portfolio({ rateLimit: { orders: 2, per: '1s' }, stops: 3 }), 'p3').figures
    expect([Number(f.expected_fill_at_latency).toFixed(4), Number(f.expected_fill_at_reaction).toFixed(4)]).toEqual(['61997.2844', '61993.3482'])
  })
})
