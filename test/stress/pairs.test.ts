// Which hedges the correlation breaks test: pairs whose smaller leg is at least 1% of equity, the largest
// first, at most 100; the rest are counted. A pair's break moves two markets and is priced from the account
// now plus those two markets, so it must equal the account re-evaluated whole at the same prices.
import { describe, expect, it } from 'vitest'
import { accountAt } from '../../src/margin/index.js'
import { isUnsized } from '../../src/stress/index.js'
import { findingsOf } from '../helpers.js'
import { d, derived, load } from './helpers.js'

function market(price: string) {
  return {
    prices: { index: price, mark: price, last: price },
    maintenance_ladder: [{ max_notional: '100000000', mmr: '0.005', max_leverage: '100' }],
    volatility: '0.6',
  }
}

/** A cross account of `longs` on A and `shorts` on B (sizes in base units at price 100), plus extra positions. */
function book(longs: string[], shorts: string[], extra: unknown[] = []) {
  return {
    version: 1,
    as_of: '2026-11-21T07:45:00Z',
    venue: 'generic',
    account: { margin_mode: 'cross', wallet_balance: '100000', fees: { maker: '0', taker: '0' } },
    markets: { A: market('100'), B: market('100'), C: market('100'), D: market('100') },
    positions: [
      ...longs.map((size, i) => ({ id: `long${i}`, market: 'A', side: 'long', size, entry_price: '100' })),
      ...shorts.map((size, i) => ({ id: `short${i}`, market: 'B', side: 'short', size, entry_price: '100' })),
      ...extra,
    ],
  }
}

describe('pairs tested', () => {
  const cases = [
    // Equity 100,000: the smaller leg must be at least 1,000 (10 at price 100).
    { name: 'every hedge large enough: all tested', longs: ['50', '20'], shorts: ['30'], extra: [], offsetting: 2, tested: 2 },
    { name: 'a leg just at 1% of equity is tested', longs: ['10'], shorts: ['30'], extra: [], offsetting: 1, tested: 1 },
    { name: 'a leg just under 1% of equity is not', longs: ['9.99'], shorts: ['30'], extra: [], offsetting: 1, tested: 0 },
    {
      name: 'small hedges on other markets are counted, not tested',
      longs: ['50'],
      shorts: ['30'],
      extra: [
        { id: 'c', market: 'C', side: 'long', size: '1', entry_price: '100' },
        { id: 'd', market: 'D', side: 'short', size: '1', entry_price: '100' },
      ],
      // long0–short0, long0–d, c–short0, c–d
      offsetting: 4,
      tested: 1,
    },
    {
      name: '12 × 12 large hedges: capped at 100',
      longs: Array.from({ length: 12 }, (_, i) => `${20 + i}`),
      shorts: Array.from({ length: 12 }, (_, i) => `${20 + i}`),
      extra: [],
      offsetting: 144,
      tested: 100,
    },
  ]

  it.each(cases)('$name', ({ longs, shorts, extra, offsetting, tested }) => {
    const { stress } = derived(book(longs, shorts, extra))
    expect(stress.pairCoverage).toMatchObject({ offsetting, tested, skipped: offsetting - tested })
    expect(stress.correlationBreaks.length).toBe(tested)
    const coverage = findingsOf(book(longs, shorts, extra), 'portfolio-coupling').filter((f) => f.figures.offsetting_pairs !== undefined)
    expect(coverage.map((f) => [f.status, f.figures.offsetting_pairs, f.figures.tested_pairs, f.figures.skipped_pairs])).toEqual(
      offsetting > tested ? [['info', `${offsetting}`, `${tested}`, `${offsetting - tested}`]] : [],
    )
  })

  it('the cap keeps the largest hedges: every tested pair hedges at least as much as any left out', () => {
    const sizes = Array.from({ length: 12 }, (_, i) => `${20 + i}`)
    const { stress } = derived(book(sizes, sizes))
    const hedge = (pair: (typeof stress.correlationBreaks)[number]) => {
      const [a, b] = isUnsized(pair) ? pair.legs : pair.legs.map((leg) => leg.position)
      return d(a!.size.toString()).lt(b!.size) ? a!.size : b!.size
    }
    const smallestTested = stress.correlationBreaks.map(hedge).reduce((x, y) => (y.lt(x) ? y : x))
    // 144 pairs, the hedge of a pair is its smaller leg: (number of sizes ≥ x)² pairs hedge at least x, so exactly
    // 10² = 100 pairs hedge at least 22 (sizes 22…31 on each side): the smallest hedge tested is 22.
    expect(smallestTested.toFixed()).toBe('22')
  })

  it('a break priced from the two moved markets equals the whole account re-evaluated at its prices', () => {
    const portfolio = book(
      ['50', '20'],
      ['30'],
      [{ id: 'iso', market: 'A', side: 'long', size: '5', entry_price: '100', margin_mode: 'isolated', margin: '60' }],
    )
    const { stress } = derived(portfolio)
    for (const item of stress.correlationBreaks) {
      if (isUnsized(item)) continue
      const whole = accountAt(load(portfolio), new Map(item.legs.map((leg) => [leg.position.market, leg.price])))
      expect(item.after.cross!.marginBalance.eq(whole.account!.marginBalance)).toBe(true)
      expect(item.after.cross!.maintenanceMargin.eq(whole.account!.maintenanceMargin)).toBe(true)
      expect(item.after.liquidated).toEqual(whole.liquidated)
    }
  })
})
