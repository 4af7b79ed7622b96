// The comparisons without decimal.js's copies (src/decimal.ts: compare, largerOf, smallerOf, aboveZero, belowZero,
// atMostZero) answer as decimal.js's own cmp, max, min, gt(0), lt(0) and lte(0) do, on every pair of values either
// side of each of their steps: zeros of both signs and signs, exponents apart and equal, the digits word by word
// (decimal.js keeps seven a word) and the number of words, 40-digit quotients as a ladder's breaks are, the
// non-finite.
import { describe, expect, it } from 'vitest'
import { aboveZero, atMostZero, belowZero, compare, Decimal, largerOf, smallerOf } from '../src/decimal.js'

const VALUES = [
  '0',
  '-0',
  '1',
  '-1',
  '1.5',
  '-1.5',
  '2',
  '2.0000000000000000001',
  '-2.0000000000000000001',
  '1e-9',
  '-1e-9',
  '1e-40',
  '-1e-40',
  '0.0000001',
  '0.999999999999999999999999999999999999999',
  '1.0000000000000000000000000000000000000001',
  '3.14159',
  '3.1415900000000000000000000001',
  '9999999',
  '10000000',
  '9999999.9999999',
  '12345678.9',
  '12345678.900000001',
  '-12345678.9',
  '-12345678.900000001',
  '64000',
  '1e20',
  '-1e20',
  '1e40',
  '-1e40',
  '123456789012345678901234567890.1234567891',
  '123456789012345678901234567890.1234567892',
  'Infinity',
  '-Infinity',
  'NaN',
].map((text) => new Decimal(text))
// Quotients of 40 digits, as a ladder's breaks are (cap ÷ quantity), and one equal to another built otherwise.
VALUES.push(new Decimal(20000).div('7.5'), new Decimal(40000).div(15), new Decimal(1).div(3), new Decimal(1).div(3).neg())

const named = (x: Decimal) => (x.s < 0 ? `-${x.abs().toString()}` : x.toString())
/** The same value and sign (−0 is not 0 here: max and min choose between them). */
const same = (x: Decimal, y: Decimal) => Object.is(x.s, y.s) && x.toString() === y.toString()

describe('compare, largerOf and smallerOf answer as cmp, Decimal.max and Decimal.min', () => {
  it.each(VALUES.flatMap((x) => VALUES.map((y) => [named(x), named(y), x, y] as const)))('%s against %s', (_, __, x, y) => {
    const order = compare(x, y)
    if (Number.isNaN(x.cmp(y))) expect(order).toBeNaN()
    else expect(order).toBe(x.cmp(y))
    expect(same(largerOf(x, y), Decimal.max(x, y))).toBe(true)
    expect(same(smallerOf(x, y), Decimal.min(x, y))).toBe(true)
  })

  it.each([
    ['1', '2', -1],
    ['2', '1', 1],
    ['-1', '-2', 1],
    ['0', '-0', 0],
    ['1.00000000000000000001', '1.00000000000000000002', -1],
    ['-1.00000000000000000001', '-1.00000000000000000002', 1],
    ['1e-7', '1e-8', 1],
    ['Infinity', '1e20', 1],
  ])('%s against %s is %i', (x, y, expected) => {
    expect(compare(new Decimal(x), new Decimal(y))).toBe(expected)
  })

  it('returns one of its arguments, not a copy', () => {
    const [a, b] = [new Decimal('2.5'), new Decimal('-7')]
    expect(largerOf(a, b)).toBe(a)
    expect(smallerOf(a, b)).toBe(b)
  })
})

describe('the signs against 0 answer as gt(0), lt(0) and lte(0)', () => {
  it.each(VALUES.map((x) => [named(x), x] as const))('%s', (_, x) => {
    expect([aboveZero(x), belowZero(x), atMostZero(x)]).toEqual([x.gt(0), x.lt(0), x.lte(0)])
  })

  it.each([
    { x: '1e-40', want: [true, false, false] },
    { x: 'Infinity', want: [true, false, false] },
    { x: '0', want: [false, false, true] },
    { x: '-0', want: [false, false, true] },
    { x: '-1e-40', want: [false, true, true] },
    { x: '-Infinity', want: [false, true, true] },
    { x: 'NaN', want: [false, false, false] },
  ])('$x → $want', ({ x, want }) => {
    const value = new Decimal(x)
    expect([aboveZero(value), belowZero(value), atMostZero(value)]).toEqual(want)
  })
})
