// Decimal → text from decimal.js's digits (src/decimal.ts) must be byte-identical to the decimal.js calls it
// replaces, for every input: seeded values of every length and exponent (runs of 9s and 5s for the carries and the
// ties), and the boundaries (a carry through every digit, zero and negative zero, the exponent-form thresholds,
// the figure's 24 digits and 1e-30 / 1e60 limits, the 40-digit precision).
import { describe, expect, it } from 'vitest'
import { Decimal, decimalString, fixedString, plainString, roundedString, significantString } from '../src/decimal.js'
import { money, percent, price } from '../src/format.js'

/** decimalString as decimal.js writes it (the code this replaced). */
function decimalJsFigure(value: Decimal): string {
  if (value.isZero() || value.e < -30) return '0'
  const rounded = value.sd() <= 24 ? value : value.toSignificantDigits(24)
  return rounded.e > 60 ? rounded.toString() : rounded.toFixed()
}

/** mulberry32: the same values on every run. */
function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function seededValues(count: number): Decimal[] {
  const random = seeded(24)
  const values: Decimal[] = []
  for (let n = 0; n < count; n++) {
    const length = 1 + Math.floor(random() * 60)
    // Digits drawn mostly from 9, 5, 0 and 4 make the carries, the exact halves and the near-halves common.
    const alphabet = random() < 0.5 ? '0123456789' : '9999955004'
    let digits = ''
    for (let i = 0; i < length; i++) digits += alphabet[Math.floor(random() * 10)]
    const exponent = Math.floor(random() * 140) - 60
    const value = new Decimal(`${random() < 0.5 ? '-' : ''}0.${digits}e${exponent}`)
    values.push(value)
    // and the 40-digit results of arithmetic on it
    if (!value.isZero()) values.push(value.div(7), new Decimal(1).div(value), value.mul(100))
  }
  return values
}

const boundaries = [
  '0',
  '-0',
  '1',
  '-1',
  '0.5',
  '-0.5',
  '0.05',
  '0.005',
  '0.0005',
  '0.9995',
  '-0.9995',
  '0.9994999',
  '0.99950001',
  '9.995',
  '99.995',
  '999999.995',
  '9999999.5',
  '9999999.4999',
  '0.0000009999995',
  '1234567.1234567',
  '12345678901234567890.12345678901234567890',
  '0.125',
  '0.135',
  '0.145',
  '2.5',
  '3.5',
  '-2.5',
  '0.000000000000000000000000000001',
  '0.00000000000000000000000000000099',
  '1e-29',
  '1e-30',
  '1e-31',
  '9.9999999999999999999999999e-31',
  '1e39',
  '1e40',
  '1e41',
  '9.999999999999999999999999e60',
  '1e60',
  '1e61',
  '123456789012345678901234567890123456789012345678901234567890123',
  '999999999999999999999999.5',
  '99999999999999999999999.95',
  '0.999999999999999999999999999999999999999',
  '1.000000000000000000000000000000000000001',
  '-0.000001',
  '-0.004',
  '-0.005',
  '-0.006',
  '5e-7',
  '4.9999e-7',
  '1e-8',
  '10000000',
  '100000000000000',
  '0.1',
  '0.00001',
  '123.456',
  '1e100',
  '-1e100',
  '7e-1000',
  '3e1000',
].map((text) => new Decimal(text))

const values = [...boundaries, ...seededValues(1500)]

describe('Decimal text from decimal.js digits', () => {
  it('plainString is toFixed()', () => {
    for (const v of values) expect(plainString(v), v.toString()).toBe(v.toFixed())
  })

  it('fixedString is toFixed(places, half-even), to 0–40 places', () => {
    for (const places of [0, 1, 2, 3, 4, 6, 8, 12, 30, 40]) {
      for (const v of values) expect(fixedString(v, places), `${v.toString()} to ${places}`).toBe(v.toFixed(places, Decimal.ROUND_HALF_EVEN))
    }
  })

  it('roundedString is toDecimalPlaces(places, half-even).toFixed()', () => {
    for (const places of [0, 1, 2, 4, 8, 30]) {
      for (const v of values)
        expect(roundedString(v, places), `${v.toString()} to ${places}`).toBe(v.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed())
    }
  })

  it('significantString is toSignificantDigits(digits, half-even).toFixed()', () => {
    for (const digits of [1, 2, 3, 6, 10, 24, 40]) {
      for (const v of values)
        expect(significantString(v, digits), `${v.toString()} to ${digits}`).toBe(v.toSignificantDigits(digits, Decimal.ROUND_HALF_EVEN).toFixed())
    }
  })

  it('decimalString is the 24-digit figure decimal.js wrote', () => {
    for (const v of values) expect(decimalString(v), v.toString()).toBe(decimalJsFigure(v))
  })

  it.each([
    ['0.9995', 3, '1.000'],
    ['-0.9995', 3, '-1.000'],
    ['-0.001', 2, '-0.00'],
    ['-0', 2, '0.00'],
    ['0.125', 2, '0.12'],
    ['0.135', 2, '0.14'],
    ['999.5', 0, '1000'],
  ])('fixedString(%s, %d) = %s', (text, places, expected) => {
    expect(fixedString(new Decimal(text), places)).toBe(expected)
  })

  it.each([
    ['9.9999999999999999999999999e60', '1e+61'],
    ['9.99999999999999999999994e60', `${'9'.repeat(23)}4${'0'.repeat(37)}`], // 24 digits, 61 places: still plain
    ['-1.23456789012345678901234567e-5', '-0.0000123456789012345678901235'],
    ['1e-31', '0'],
    ['-0', '0'],
  ])('decimalString(%s) = %s', (text, expected) => {
    expect(decimalString(new Decimal(text))).toBe(expected)
  })

  it('decimalString gives each value its own text when values with the same digits come one after another (its kept texts)', () => {
    // The same words under another sign or exponent, a value equal to one before it as another object, values of
    // more words than a slot keeps and of an exponent form: each written three times over, interleaved.
    const texts = ['1.5', '-1.5', '15', '0.15', '-0.0015', '1.5e40', '1.5e61', '-1.5e61', `1.${'23456789'.repeat(8)}`, `-${'9'.repeat(60)}`]
    const values = texts.map((text) => new Decimal(text))
    for (let round = 0; round < 3; round++) {
      for (const v of values) expect(decimalString(v), v.toString()).toBe(decimalJsFigure(v))
      for (const text of texts) expect(decimalString(new Decimal(text)), text).toBe(decimalJsFigure(new Decimal(text)))
    }
    for (const v of [...values].reverse()) expect(decimalString(v), v.toString()).toBe(decimalJsFigure(v))
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('writes %d as decimal.js does, and refuses it as a figure', (n) => {
    const v = new Decimal(n)
    expect([plainString(v), fixedString(v, 2), roundedString(v, 2), significantString(v, 2)]).toEqual([
      v.toFixed(),
      v.toFixed(2, Decimal.ROUND_HALF_EVEN),
      v.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(),
      v.toSignificantDigits(2, Decimal.ROUND_HALF_EVEN).toFixed(),
    ])
    expect(() => decimalString(v)).toThrow(RangeError)
  })
})

describe('message numbers written from the digits', () => {
  /** The format functions as decimal.js wrote them (the code this replaced). */
  const decimalJs = {
    money: (v: Decimal) =>
      v.isFinite() && !v.isZero() && v.e < -30
        ? '0'
        : v.abs().gte(1)
          ? v.toFixed(2, Decimal.ROUND_HALF_EVEN).replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','))
          : v.toSignificantDigits(6).toFixed(),
    percent: (v: Decimal, places: number) => {
      const value = v.mul(100)
      const smallest = new Decimal(10).pow(-places)
      return value.gt(0) && value.lt(smallest.div(2)) ? `<${smallest.toFixed()}%` : `${value.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed()}%`
    },
    price: (v: Decimal, tick: Decimal) => (v.isFinite() && !v.isZero() && v.e < -30 ? '0' : v.toFixed(tick.decimalPlaces(), Decimal.ROUND_HALF_EVEN)),
  }
  const ticks = ['1', '0.5', '0.01', '0.0001', '0.00000001'].map((t) => ({ tick: new Decimal(t) }))
  const all = [...values, new Decimal(Number.NaN), new Decimal(Number.POSITIVE_INFINITY), new Decimal(Number.NEGATIVE_INFINITY)]
  // Around the smallest percentage shown at 0, 2 and 4 places: its half as a fraction, and just below it (within and past 40 digits).
  const halves = [0, 2, 4].flatMap((places) => {
    const half = new Decimal(10).pow(-places - 2).div(2)
    return [half, half.neg(), half.minus('1e-30'), half.minus('1e-45'), half.plus('1e-45')]
  })

  it('money, percent and price are what decimal.js wrote', () => {
    for (const v of all) {
      expect(money(v), v.toString()).toBe(decimalJs.money(v))
      expect(percent(v), v.toString()).toBe(decimalJs.percent(v, 2))
      for (const market of ticks) expect(price(v, market), `${v.toString()} on ${market.tick.toString()}`).toBe(decimalJs.price(v, market.tick))
    }
  })

  it('percent to 0, 1, 2 and 4 places is what decimal.js wrote, at the smallest shown too', () => {
    for (const v of [...all, ...halves]) {
      for (const places of [0, 1, 2, 4]) expect(percent(v, places), `${v.toString()} to ${places}`).toBe(decimalJs.percent(v, places))
    }
  })
})
