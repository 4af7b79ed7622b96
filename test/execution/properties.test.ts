// Properties of the execution model that must hold for every book, not only the hand-worked ones.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Decimal } from '../../src/decimal.js'
import { slippageBps, walkBook } from '../../src/execution/book-walk.js'
import { NEVER_REFILLS, walkSliced } from '../../src/execution/sliced.js'
import { BookLevels, type OrderSide } from '../../src/model.js'
import { d } from './book.js'

/** One side of a book, best first: asks rise from the top, bids fall; prices in half ticks, sizes in hundredths. */
const side = (direction: OrderSide) =>
  fc
    .record({
      top: fc.integer({ min: 2000, max: 4000 }),
      gaps: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 0, maxLength: 6 }),
      sizes: fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 7, maxLength: 7 }),
    })
    .map(({ top, gaps, sizes }): BookLevels => {
      const sign = direction === 'buy' ? 1 : -1
      let price = top
      return BookLevels.of(
        [0, ...gaps].map((gap, i) => {
          price += sign * gap
          return { price: d(price).div(2), size: d(sizes[i]!).div(100) }
        }),
      )
    })

const total = (levels: BookLevels): Decimal => levels.toArray().reduce((sum, level) => sum.plus(level.size), d(0))

/** A size as a fraction (1 … 1200 thousandths) of the side's total depth: up to 20% more than the book holds. */
const fraction = fc.integer({ min: 1, max: 1200 }).map((n) => d(n).div(1000))

describe.each(['buy', 'sell'] as const)('%s side', (direction) => {
  const reference = (levels: BookLevels) => levels.price(0).minus(d(direction === 'buy' ? 1 : -1))

  it('VWAP lies between the best and the worst level touched', () => {
    fc.assert(
      fc.property(side(direction), fraction, (levels, f) => {
        const walk = walkBook(levels, total(levels).times(f))
        const [low, high] = direction === 'buy' ? [walk.bestPrice!, walk.worstPrice!] : [walk.worstPrice!, walk.bestPrice!]
        expect(walk.vwap!.gte(low) && walk.vwap!.lte(high)).toBe(true)
        expect(walk.filled.plus(walk.unfilled).eq(walk.requested)).toBe(true)
      }),
    )
  })

  it('slippage never falls when the size grows', () => {
    fc.assert(
      fc.property(side(direction), fraction, fraction, (levels, a, b) => {
        const [small, large] = a.lte(b) ? [a, b] : [b, a]
        const slip = (f: Decimal) => slippageBps(direction, walkBook(levels, total(levels).times(f)).vwap!, reference(levels))
        expect(slip(small).lte(slip(large))).toBe(true)
      }),
    )
  })

  it('a longer refill half-life never lowers the sliced slippage', () => {
    // Half-lives in ms from 0 (whole again) to never refilled; sizes within the snapshot so every plan fills.
    const halfLife = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120_000 }), fc.constant(NEVER_REFILLS))
    fc.assert(
      fc.property(
        side(direction),
        fc.integer({ min: 1, max: 1000 }).map((n) => d(n).div(1000)),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 60_000 }),
        halfLife,
        halfLife,
        (levels, f, slices, intervalMs, h1, h2) => {
          const [shorter, longer] = h1 <= h2 ? [h1, h2] : [h2, h1]
          const plan = { levels, size: total(levels).times(f), slices, intervalMs }
          const fast = walkSliced({ ...plan, halfLifeMs: shorter })
          const slow = walkSliced({ ...plan, halfLifeMs: longer })
          expect(fast.unfilled.isZero() && slow.unfilled.isZero()).toBe(true)
          // Equal in exact arithmetic is allowed to differ in the 35th digit after rounding to 40.
          const slack = d('1e-30')
          expect(slippageBps(direction, fast.vwap!, reference(levels)).lte(slippageBps(direction, slow.vwap!, reference(levels)).plus(slack))).toBe(true)
        },
      ),
    )
  })
})
