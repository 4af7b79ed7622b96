// Properties of the stress grid over random portfolios (fast-check, bounded runs): equity never falls as the
// market rises for a book of longs (never rises for shorts), and the solved breaking point lies between the
// two grid moves that bracket it.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { breakingPoint, scenarioGrid } from '../../src/stress/grid.js'
import { accountAt, MarginModel } from '../../src/margin/index.js'
import { scenarioPrices } from '../../src/stress/prices.js'
import type { Decimal } from '../../src/decimal.js'
import { d, load } from './helpers.js'

const ladder = [
  { max_notional: '50000', mmr: '0.01', max_leverage: '50' },
  { max_notional: '100000000', mmr: '0.02', max_leverage: '25', maintenance_amount: '500' },
]
const cents = (n: number) => (n / 100).toFixed(2)

const leg = fc.record({
  size: fc.integer({ min: 1, max: 5000 }), // hundredths
  entry: fc.integer({ min: 5000, max: 20000 }), // cents of a price around 100
  price: fc.integer({ min: 5000, max: 20000 }),
  beta: fc.integer({ min: 1, max: 200 }), // hundredths
  isolated: fc.boolean(),
  margin: fc.integer({ min: 10000, max: 1000000 }),
})

type Leg = typeof leg extends fc.Arbitrary<infer T> ? T : never

function book(side: 'long' | 'short', legs: Leg[], wallet: number, moves?: string[]) {
  return load({
    version: 1,
    as_of: '2026-11-21T07:45:00Z',
    account: { margin_mode: 'cross', wallet_balance: cents(wallet), fees: { maker: '0', taker: '0' } },
    markets: Object.fromEntries(
      legs.map((l, i) => [`M${i}`, { prices: { index: cents(l.price), mark: cents(l.price), last: cents(l.price) }, maintenance_ladder: ladder }]),
    ),
    positions: legs.map((l, i) => ({
      id: `p${i}`,
      market: `M${i}`,
      side,
      size: cents(l.size),
      entry_price: cents(l.entry),
      ...(l.isolated ? { margin_mode: 'isolated', margin: cents(l.margin) } : {}),
    })),
    stress: { betas: Object.fromEntries(legs.map((l, i) => [`M${i}`, cents(l.beta)])), ...(moves ? { moves } : {}) },
  })
}

describe('equity is monotone in the market-wide move for a one-directional book', () => {
  it.each(['long', 'short'] as const)('%s book: equity moves one way only as m rises', (side) => {
    const move = fc
      .integer({ min: -99, max: 300 })
      .filter((k) => k !== 0)
      .map((k) => d(k).div(100))
    fc.assert(
      fc.property(
        fc.array(leg, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 10000000 }),
        fc.array(move, { minLength: 2, maxLength: 6 }),
        (legs, wallet, drawn) => {
          const moves = [...new Set(drawn.map((m) => m.toFixed()))].sort((a, b) => d(a).cmp(d(b)))
          if (moves.length < 2) return
          const grid = scenarioGrid(MarginModel.of(book(side, legs, wallet, moves))).map((s) => s.equity)
          for (let i = 1; i < grid.length; i++) expect(side === 'long' ? grid[i]!.gte(grid[i - 1]!) : grid[i]!.lte(grid[i - 1]!)).toBe(true)
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('the solved breaking point lies between the two grid moves that bracket it', () => {
  it('a cross book of longs: |last safe grid move| < |breaking point| ≤ |first grid move that breaks|', () => {
    // Entered at today's prices, the wallet a 1/2 … 1/40 of the notional, so most books break inside the grid.
    const crossLeg = leg.map((l) => ({ ...l, entry: l.price, isolated: false }))
    let bracketed = 0
    fc.assert(
      fc.property(fc.array(crossLeg, { minLength: 1, maxLength: 3 }), fc.integer({ min: 2, max: 40 }), (legs, leverage) => {
        const notionalCents = legs.reduce((sum, l) => sum + (l.size * l.price) / 100, 0)
        const portfolio = book('long', legs, Math.round(notionalCents / leverage))
        const surplus = (m: Decimal) => {
          const account = accountAt(portfolio, scenarioPrices(portfolio, m)).account!
          return account.marginBalance.minus(account.maintenanceMargin)
        }
        if (surplus(d(0)).lte(0)) return // already at maintenance: nothing to bracket
        const point = breakingPoint(MarginModel.of(portfolio), 'down')
        // Solved, not searched: the surplus at the breaking point is zero to the rounding of 40 digits.
        if (point.move)
          expect(
            surplus(point.move)
              .abs()
              .lte(surplus(d(0)).abs().mul('1e-25')),
          ).toBe(true)
        const grid = portfolio.stress.moves.filter((m) => m.lt(0)).sort((a, b) => a.abs().cmp(b.abs()))
        const firstBroken = grid.find((m) => surplus(m).lte(0))
        const lastSafe = [...grid].reverse().find((m) => !firstBroken || m.abs().lt(firstBroken.abs())) ?? d(0)
        if (firstBroken) {
          bracketed++
          expect(point.move).not.toBeNull()
          expect(point.move!.abs().gt(lastSafe.abs()) && point.move!.abs().lte(firstBroken.abs())).toBe(true)
        } else if (point.move) {
          expect(point.move.abs().gt(grid[grid.length - 1]!.abs())).toBe(true)
        }
        if (point.move) {
          expect(surplus(point.move).lte(surplus(point.move).abs().plus(1).mul('1e-20'))).toBe(true) // at maintenance (to rounding)
          expect(surplus(point.move.mul('0.999999')).gt(0)).toBe(true) // and not before it
        }
      }),
      { numRuns: 30 },
    )
    expect(bracketed).toBeGreaterThan(10) // the property was exercised, not vacuously true
  })
})
