// Properties the margin math must hold on any valid ladder and position, on every venue profile: liquidation
// on the losing side of entry, monotone in margin, continuous maintenance, isolation of isolated positions,
// and the reported liquidation price actually being where the pool's balance meets its requirement.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accountAt, computeMargin, maintenanceMarginAt } from '../../src/margin/index.js'
import { Decimal } from '../../src/decimal.js'
import { VENUE_IDS } from '../../src/venues.js'
import { d, load } from './load.js'

const RUNS = { numRuns: 60 }

/** A ladder of 1–5 tiers: ascending caps, non-decreasing rates, max leverage ⌊1/(2·mmr)⌋ as on real venues. */
const ladderArb = fc
  .array(fc.record({ step: fc.integer({ min: 1_000, max: 5_000_000 }), rateStep: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 5 })
  .chain((rows) =>
    fc.integer({ min: 1, max: 40 }).map((firstRate) => {
      let cap = 0
      let rate = firstRate
      return rows.map(({ step, rateStep }, i) => {
        cap += step
        if (i > 0) rate += rateStep
        const mmr = d(rate).div(1000) // 0.1% … 20.1%
        return { max_notional: String(cap), mmr: mmr.toFixed(), max_leverage: d(1).div(mmr.mul(2)).floor().toFixed() }
      })
    }),
  )

const positionArb = fc.record({
  entryCents: fc.integer({ min: 100, max: 10_000_000 }), // 1.00 … 100,000.00
  sizeMilli: fc.integer({ min: 1, max: 200_000 }), // 0.001 … 200
  leverageShare: fc.integer({ min: 1, max: 100 }), // where in (1, lowest tier max] the leverage sits
})

const venueArb = fc.constantFrom(...VENUE_IDS)

interface Case {
  venue: string
  ladder: { max_notional: string; mmr: string; max_leverage: string }[]
  side: 'long' | 'short'
  entry: Decimal
  size: Decimal
  leverage: Decimal
}

const caseArb = fc
  .record({ venue: venueArb, ladder: ladderArb, position: positionArb, side: fc.constantFrom<'long' | 'short'>('long', 'short') })
  .map(({ venue, ladder, position, side }): Case => {
    const lowestMax = d(ladder[ladder.length - 1]!.max_leverage)
    const leverage = d(1).plus(lowestMax.minus(1).mul(position.leverageShare).div(100)).toDecimalPlaces(4)
    return { venue, ladder, side, entry: d(position.entryCents).div(100), size: d(position.sizeMilli).div(1000), leverage: Decimal.max(leverage, d('1.0001')) }
  })

function isolatedPortfolio(c: Case, margin: Decimal, extra: Record<string, unknown>[] = [], extraMarkets: Record<string, unknown> = {}, wallet = '1000') {
  const price = c.entry.toFixed()
  return load({
    version: 1,
    venue: c.venue,
    account: { margin_mode: 'cross', wallet_balance: wallet, fees: { maker: '0.0002', taker: '0.0005' } },
    markets: { X: { prices: { index: price, mark: price, last: price }, maintenance_ladder: c.ladder }, ...extraMarkets },
    positions: [
      {
        id: 'p',
        market: 'X',
        side: c.side,
        size: c.size.toFixed(),
        entry_price: price,
        margin_mode: 'isolated',
        margin: margin.toFixed(),
        leverage: c.leverage.toFixed(),
      },
      ...extra,
    ],
  })
}

const marginAt = (c: Case) => c.size.mul(c.entry).div(c.leverage)

describe('properties (fast-check)', () => {
  it('long LP < entry < short LP for leverage > 1 (isolated, margin at the leverage, price = entry)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const p = computeMargin(isolatedPortfolio(c, marginAt(c))).positions.get('p')!
        expect(p.liquidation.alreadyPast).toBe(false)
        expect(p.liquidation.price).not.toBeNull()
        if (c.side === 'long') expect(p.liquidation.price!.lt(c.entry)).toBe(true)
        else expect(p.liquidation.price!.gt(c.entry)).toBe(true)
      }),
      RUNS,
    )
  })

  it('the liquidation price moves away from the mark as margin grows (strictly where the ladder has a deduction)', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 300 }), (c, addedPercent) => {
        const m1 = marginAt(c)
        const m2 = m1.mul(100 + addedPercent).div(100)
        const lp1 = computeMargin(isolatedPortfolio(c, m1)).positions.get('p')!.liquidation.price
        const lp2 = computeMargin(isolatedPortfolio(c, m2)).positions.get('p')!.liquidation.price
        const strict = c.venue !== 'okx-swap'
        if (c.side === 'long') {
          expect(lp1).not.toBeNull()
          if (lp2 !== null) expect(strict ? lp2.lt(lp1!) : lp2.lte(lp1!)).toBe(true) // null: no positive LP at all
        } else {
          expect(strict ? lp2!.gt(lp1!) : lp2!.gte(lp1!)).toBe(true)
        }
      }),
      RUNS,
    )
  })

  it('maintenance margin is continuous across every tier boundary (venues with a deduction)', () => {
    fc.assert(
      fc.property(
        caseArb.filter((c) => c.venue !== 'okx-swap'),
        (c) => {
          const portfolio = isolatedPortfolio(c, marginAt(c))
          const epsilon = d('1e-18')
          for (const tier of c.ladder.slice(0, -1)) {
            // cap ÷ q is rounded at the 40th digit, so step ε either side of it rather than onto it
            const atCap = d(tier.max_notional).div(c.size)
            const below = maintenanceMarginAt(computeMargin(portfolio), 'p', atCap.minus(epsilon))
            const above = maintenanceMarginAt(computeMargin(portfolio), 'p', atCap.plus(epsilon))
            expect(above.tier.number).toBe(below.tier.number + 1)
            // the change is only the slope over 2ε: at most q·2ε·mmr_max (< 1e-15 here); a missing or wrong
            // maintenance amount would show as a jump of cap·Δmmr (≥ 1 at these caps and rates, or exactly 0 for equal rates)
            expect(above.maintenanceMargin.minus(below.maintenanceMargin).abs().lt('1e-12')).toBe(true)
          }
        },
      ),
      RUNS,
    )
  })

  it('an isolated position’s liquidation and bankruptcy prices do not depend on any other position or the wallet', () => {
    const otherArb = fc.array(
      fc.record({
        market: fc.constantFrom('X', 'Y'),
        side: fc.constantFrom('long', 'short'),
        sizeMilli: fc.integer({ min: 1, max: 50_000 }),
        entryCents: fc.integer({ min: 100, max: 1_000_000 }),
        isolated: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4 },
    )
    fc.assert(
      fc.property(caseArb, otherArb, fc.integer({ min: 0, max: 1_000_000 }), (c, others, wallet) => {
        const alone = computeMargin(isolatedPortfolio(c, marginAt(c))).positions.get('p')!
        const extra = others.map((o, i) => {
          const size = d(o.sizeMilli).div(1000)
          const entry = d(o.entryCents).div(100)
          return {
            id: `o${i}`,
            market: o.market,
            side: o.side,
            size: size.toFixed(),
            entry_price: entry.toFixed(),
            ...(o.isolated ? { margin_mode: 'isolated', margin: size.mul(entry).div(5).toFixed() } : {}),
          }
        })
        const y = {
          Y: { prices: { index: '50', mark: '50', last: '50' }, maintenance_ladder: [{ max_notional: '100000000', mmr: '0.01', max_leverage: '50' }] },
        }
        const crowded = computeMargin(isolatedPortfolio(c, marginAt(c), extra, y, String(wallet))).positions.get('p')!
        expect(crowded.liquidation.price?.toFixed()).toBe(alone.liquidation.price?.toFixed())
        expect(crowded.bankruptcyPrice?.toFixed()).toBe(alone.bankruptcyPrice?.toFixed())
      }),
      RUNS,
    )
  })

  it('at a cross liquidation price the account balance equals its requirement, in the tier reported', () => {
    fc.assert(
      fc.property(
        caseArb.filter((c) => c.venue !== 'okx-swap'),
        fc.integer({ min: 1, max: 100 }),
        (c, walletShare) => {
          const price = c.entry.toFixed()
          const wallet = c.size.mul(c.entry).div(c.leverage).mul(walletShare).div(50) // 0.02× … 2× the margin at the leverage
          const portfolio = load({
            version: 1,
            venue: c.venue,
            account: { margin_mode: 'cross', wallet_balance: wallet.toFixed(), fees: { maker: '0.0002', taker: '0.0005' } },
            markets: { X: { prices: { index: price, mark: price, last: price }, maintenance_ladder: c.ladder } },
            positions: [{ id: 'p', market: 'X', side: c.side, size: c.size.toFixed(), entry_price: price, leverage: c.leverage.toFixed() }],
          })
          const p = computeMargin(portfolio).positions.get('p')!
          if (p.liquidation.price === null) return // a long whose wallet covers it to zero
          const at = accountAt(portfolio, new Map([['X', p.liquidation.price]]))
          const gap = at.account!.marginBalance.minus(at.account!.maintenanceMargin).abs()
          expect(gap.lte(at.account!.maintenanceMargin.abs().mul('1e-30').plus('1e-30'))).toBe(true)
          expect(at.positions.get('p')!.tier.number).toBe(p.liquidation.tier!.number)
        },
      ),
      RUNS,
    )
  })
})
