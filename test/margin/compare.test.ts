// compare(x, y) decides as decimal.js's x.cmp(y) does, on the values either side of each of its steps: zero and
// signs, exponents, the digits word by word (decimal.js keeps seven a word) and the number of words.
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { compare } from '../../src/margin/compare.js'

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
  '9999999',
  '10000000',
  '9999999.9999999',
  '0.0000001',
  '1e-30',
  '-1e-30',
  '1e20',
  '-1e20',
  '123456789012345678901234567890.1234567891',
  '123456789012345678901234567890.1234567892',
  'Infinity',
  '-Infinity',
].map((text) => new Decimal(text))
// Quotients of 40 digits, as a ladder's breaks are (cap ÷ quantity), and one equal to another built otherwise.
VALUES.push(new Decimal(20000).div('7.5'), new Decimal(40000).div(15), new Decimal(1).div(3), new Decimal(1).div(3).neg())

describe('compare', () => {
  it.each(VALUES.flatMap((x) => VALUES.map((y) => [x.toString(), y.toString(), x, y] as const)))('%s against %s', (_, __, x, y) => {
    expect(compare(x, y)).toBe(x.cmp(y))
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

  it('a NaN compares as decimal.js compares it (NaN)', () => {
    expect(compare(new Decimal(Number.NaN), new Decimal(1))).toBeNaN()
  })
})
