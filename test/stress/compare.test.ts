import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { aboveZero, atMostZero, belowZero, compare, largerOf, smallerOf } from '../../src/stress/compare.js'

// Every pair of these, in both orders, against decimal.js's own cmp, max and min: signs, zeros of both signs,
// equal values of different words, exponents apart and equal, a word past the other's length, the non-finite.
const VALUES = [
  '0',
  '-0',
  '1',
  '-1',
  '1e-9',
  '-1e-9',
  '0.999999999999999999999999999999999999999',
  '1.0000000000000000000000000000000000000001',
  '12345678.9',
  '12345678.900000001',
  '-12345678.9',
  '-12345678.900000001',
  '9999999',
  '10000000',
  '1e40',
  '-1e40',
  '3.14159',
  '3.1415900000000000000000000001',
  'Infinity',
  '-Infinity',
  'NaN',
].map((text) => new Decimal(text))

const same = (x: Decimal, y: Decimal) => Object.is(x.s, y.s) && x.toString() === y.toString()

describe('compare, largerOf, smallerOf, and the signs against 0', () => {
  for (const x of VALUES)
    for (const y of VALUES) {
      it(`${x.s < 0 ? '-' : ''}${x.abs().toString()} against ${y.s < 0 ? '-' : ''}${y.abs().toString()}`, () => {
        const order = compare(x, y)
        if (Number.isNaN(x.cmp(y))) expect(order).toBeNaN()
        else expect(order).toBe(x.cmp(y))
        expect(same(largerOf(x, y), Decimal.max(x, y))).toBe(true)
        expect(same(smallerOf(x, y), Decimal.min(x, y))).toBe(true)
      })
    }

  it.each(VALUES.map((x) => [x.s < 0 ? `-${x.abs().toString()}` : x.toString(), x] as const))('%s against 0', (_, x) => {
    expect([aboveZero(x), belowZero(x), atMostZero(x)]).toEqual([x.gt(0), x.lt(0), x.lte(0)])
  })

  it('returns one of its arguments, not a copy', () => {
    const [a, b] = [new Decimal('2.5'), new Decimal('-7')]
    expect(largerOf(a, b)).toBe(a)
    expect(smallerOf(a, b)).toBe(b)
  })
})
