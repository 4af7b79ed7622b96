// Message wording of numbers, shared by every check; durations must read back through the file format.
import { describe, expect, it } from 'vitest'
import { Decimal } from '../src/decimal.js'
import { duration, money, percent, signedPercent } from '../src/format.js'
import { parseDuration } from '../src/input/values.js'

describe('format', () => {
  it.each([
    [200, '200ms'],
    [90_000, '90s'],
    [900_000, '15m'],
    [28_800_000, '8h'],
    [259_200_000, '3d'],
    [12_614_400, '12614400ms'],
    [0, '0ms'],
  ])('duration(%d) = %s, and it parses back', (ms, text) => {
    expect(duration(ms)).toBe(text)
    expect(parseDuration(text)).toBe(ms)
  })

  it.each([1e26, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('duration(%d) refuses to print through a float', (ms) => {
    expect(() => duration(ms)).toThrow(RangeError)
  })

  it.each([
    ['0.1234', 2, '12.34%'],
    ['0.00001', 2, '<0.01%'],
    ['0.0001', 4, '0.01%'],
    ['-0.05', 2, '-5%'],
    ['0', 2, '0%'],
  ] as const)('percent(%s, %d) = %s', (fraction, places, text) => expect(percent(new Decimal(fraction), places)).toBe(text))

  it.each([
    ['-0.1', '−10%'],
    ['0.0523', '+5.23%'],
  ])('signedPercent(%s) = %s', (fraction, text) => expect(signedPercent(new Decimal(fraction))).toBe(text))

  it.each([
    ['25', '25.00'],
    ['-1900', '-1,900.00'],
    ['0.000123456789', '0.000123457'],
  ])('money(%s) = %s', (value, text) => expect(money(new Decimal(value))).toBe(text))
})
