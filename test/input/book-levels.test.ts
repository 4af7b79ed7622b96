// A book side read from the file's text (src/model.ts BookLevels, src/input/quick-read.ts readLevels): what is
// decided on the text or by floats — the strict order, the finest price step, the depth within a band, a
// stressed side's order and places — is what the levels' Decimals say, at the boundaries where floats cannot
// tell (equal floats of different numbers, equal numbers written differently, exponents, a band's edge).
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { depthWithin } from '../../src/execution/book-walk.js'
import { InputError } from '../../src/input/errors.js'
import { loadPortfolio } from '../../src/input/load.js'
import { readLevels } from '../../src/input/quick-read.js'
import { BookLevels } from '../../src/model.js'
import { HEAD } from './helpers.js'

const d = (value: string) => new Decimal(value)

/** A side read as the file's reader gives it (numbers as their texts). */
const side = (...pairs: [string, string][]) => readLevels(pairs)!

/** The problems of a file with this book, as [path, figure, figure before it]; [] when it loads. */
function orderProblems(bids: string, asks: string): [string | undefined, string | undefined, string | undefined][] {
  try {
    loadPortfolio(`${HEAD}    book: { bids: ${bids}, asks: ${asks} }\n`, { file: 'p.yaml' })
    return []
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return error.problems.map((problem) => {
      const figures = / ([^ ]+) follows ([^ ]+)$/.exec(problem.message) ?? /best bid ([^ ]+) is not below best ask ([^ ]+)/.exec(problem.message)
      return [problem.path, figures?.[1], figures?.[2]]
    })
  }
}

describe('the strict order of a side, decided exactly where floats cannot', () => {
  it.each([
    { name: 'falling bids', bids: '[[63990, 1], [63980, 1]]', asks: '[[64000, 1]]', problems: [] },
    { name: 'equal bids', bids: '[[63990, 1], [63990, 1]]', asks: '[[64000, 1]]', problems: [['markets.BTCUSDT.book.bids[1]', '63990', '63990']] },
    {
      name: 'equal bids written differently',
      bids: '[[63990, 1], [63990.000, 1]]',
      asks: '[[64000, 1]]',
      problems: [['markets.BTCUSDT.book.bids[1]', '63990', '63990']],
    },
    { name: 'bids falling past float precision (equal floats)', bids: '[[63990.000000000000000001, 1], [63990, 1]]', asks: '[[64000, 1]]', problems: [] },
    {
      name: 'bids rising past float precision (equal floats)',
      bids: '[[63990, 1], [63990.000000000000000001, 1]]',
      asks: '[[64000, 1]]',
      problems: [['markets.BTCUSDT.book.bids[1]', '63990.000000000000000001', '63990']],
    },
    {
      name: 'bids of 17 characters, a unit of the last place apart',
      bids: '[[0.123456789012346, 1], [0.123456789012345, 1]]',
      asks: '[[0.2, 1]]',
      problems: [],
    },
    {
      name: 'bids of 18 characters, rising by a unit of the last place',
      bids: '[[0.1234567890123456, 1], [0.1234567890123457, 1]]',
      asks: '[[0.2, 1]]',
      problems: [['markets.BTCUSDT.book.bids[1]', '0.1234567890123457', '0.1234567890123456']],
    },
    { name: 'asks in exponents, rising', bids: '[[63990, 1]]', asks: '[[6.4e4, 1], [64000.5, 1], [6.4001E+4, 1]]', problems: [] },
    {
      name: 'an ask in an exponent equal to the one before it',
      bids: '[[63990, 1]]',
      asks: '[[64000, 1], [6.4E4, 1]]',
      problems: [['markets.BTCUSDT.book.asks[1]', '64000', '64000']],
    },
    {
      name: 'every level out of order is named',
      bids: '[[63990, 1], [63995, 1], [63996, 1], [63980, 1]]',
      asks: '[[64000, 1]]',
      problems: [
        ['markets.BTCUSDT.book.bids[1]', '63995', '63990'],
        ['markets.BTCUSDT.book.bids[2]', '63996', '63995'],
      ],
    },
    {
      name: 'a crossed book past float precision',
      bids: '[[64000.000000000000000001, 1]]',
      asks: '[[64000, 1]]',
      problems: [['markets.BTCUSDT.book.asks[0]', '64000.000000000000000001', '64000']],
    },
    { name: 'best bid a hair below best ask', bids: '[[63999.999999999999999999, 1]]', asks: '[[64000, 1]]', problems: [] },
  ])('$name', ({ bids, asks, problems }) => {
    expect(orderProblems(bids, asks)).toEqual(problems)
  })
})

describe('the finest price step, from the texts', () => {
  const tickOf = (bids: string, asks: string) => {
    const { portfolio } = loadPortfolio(`${HEAD}    book: { bids: ${bids}, asks: ${asks} }\n`, { file: 'p.yaml' })
    return portfolio.markets.get('BTCUSDT')!.tick.toFixed()
  }
  it.each([
    { bids: '[[63990, 1]]', asks: '[[64010, 1]]', tick: '1' },
    { bids: '[[63990.5, 1]]', asks: '[[64010, 1]]', tick: '0.1' },
    { bids: '[[63990.50, 1]]', asks: '[[64010.000, 1]]', tick: '0.1' },
    { bids: '[[63990., 1]]', asks: '[[64010.0, 1]]', tick: '1' },
    { bids: '[[6.39905e4, 1]]', asks: '[[64010, 1]]', tick: '0.1' },
    { bids: '[[63990, 1], [63989.125, 1]]', asks: '[[64010, 1]]', tick: '0.001' },
    { bids: '[[63990, 1]]', asks: '[[64010.00000000001, 1]]', tick: '0.00000000001' },
    { bids: '[[63990, 1]]', asks: '[[64010.0000000000001, 1]]', tick: '0.000000000001' }, // 13 places: at most 12
    { bids: '[[0.000123, 1]]', asks: '[[0.000124, 1]]', tick: '0.000001' },
  ])('bids $bids, asks $asks: $tick', ({ bids, asks, tick }) => {
    expect(tickOf(bids, asks)).toBe(tick)
  })
})

describe('a level is read once, on demand', () => {
  it('gives the same Decimal every time, and the value its text says', () => {
    const levels = side(['64000.50', '1.250'], ['63999', '2'])
    expect(levels.price(0)).toBe(levels.price(0))
    expect([levels.price(0).toFixed(), levels.size(0).toFixed(), levels.length]).toEqual(['64000.5', '1.25', 2])
    expect(() => levels.price(2)).toThrow(RangeError)
  })
})

describe('a stressed (moved) side is the whole-array move', () => {
  /** The old stressed side: every price moved, every size multiplied, the levels at or below zero dropped. */
  const eager = (levels: BookLevels, offset: Decimal, factor: Decimal) =>
    levels
      .toArray()
      .map((level) => ({ price: level.price.plus(offset), size: level.size.mul(factor) }))
      .filter((level) => level.price.gt(0))
  const plain = (levels: { price: Decimal; size: Decimal }[]) => levels.map((level) => [level.price.toFixed(), level.size.toFixed()])
  const placesOf = (levels: { price: Decimal }[]) => Math.max(0, ...levels.map((level) => level.price.decimalPlaces()))
  const orderOf = (levels: { price: Decimal }[]) => BookLevels.of(levels.map((level) => ({ ...level, size: d('1') }))).order()

  it.each([
    {
      name: 'bids moved down, the offset with more places',
      pairs: [
        ['99.9', '50'],
        ['99.5', '100'],
      ],
      offset: '-0.25',
      factor: '0.3',
    },
    {
      name: 'the offset with fewer places',
      pairs: [
        ['99.95', '50'],
        ['99.5', '100'],
      ],
      offset: '-0.2',
      factor: '1',
    },
    {
      name: 'as many places, one price with fewer',
      pairs: [
        ['99.95', '1'],
        ['99.5', '1'],
      ],
      offset: '-0.05',
      factor: '1',
    },
    {
      name: 'as many places on every price: last digits cancel',
      pairs: [
        ['1.5', '1'],
        ['0.5', '1'],
      ],
      offset: '0.5',
      factor: '1',
    },
    {
      name: 'asks moved up',
      pairs: [
        ['100.1', '1'],
        ['100.25', '2'],
      ],
      offset: '0.25',
      factor: '2',
    },
    {
      name: 'bids moved to zero and below: dropped',
      pairs: [
        ['0.9', '1'],
        ['0.5', '1'],
        ['0.4', '1'],
        ['0.1', '1'],
      ],
      offset: '-0.5',
      factor: '1',
    },
    {
      name: 'a moved price past 40 digits: moved whole',
      pairs: [
        ['12345678901234567890', '1'],
        ['1234567890123456789', '1'],
      ],
      offset: '-0.0000000000000000000001',
      factor: '1',
    },
    {
      name: 'an unsorted side',
      pairs: [
        ['99', '1'],
        ['100', '1'],
        ['98', '1'],
      ],
      offset: '-1',
      factor: '1',
    },
    { name: 'one level', pairs: [['99', '1']], offset: '-1', factor: '0.5' },
    {
      name: 'a rising side whose first level goes to zero',
      pairs: [
        ['0.5', '1'],
        ['1.5', '1'],
      ],
      offset: '-0.5',
      factor: '1',
    },
  ] as { name: string; pairs: [string, string][]; offset: string; factor: string }[])('$name', ({ pairs, offset, factor }) => {
    const levels = side(...pairs)
    const want = eager(levels, d(offset), d(factor))
    const moved = BookLevels.moved(side(...pairs), d(offset), d(factor))
    expect({ levels: plain(moved.toArray()), places: moved.pricePlaces(), order: moved.order() }).toEqual({
      levels: plain(want),
      places: placesOf(want),
      order: orderOf(want),
    })
    // Read before anything else: the places and the order of a side nothing has read yet.
    const fresh = BookLevels.moved(side(...pairs), d(offset), d(factor))
    expect([fresh.pricePlaces(), fresh.order(), fresh.length]).toEqual([placesOf(want), orderOf(want), want.length])
  })
})

describe('the depth within a band, screened by floats and decided exactly at its edge', () => {
  // Mid 100, band 1% = 1: a level at exactly 101 is inside (|p − mid| ≤ band), a hair past it is not.
  it.each([
    { ask: '101', inside: true },
    { ask: '101.000000000000000001', inside: false },
    { ask: '100.999999999999999999', inside: true },
    { ask: '1.01e2', inside: true },
    { ask: '101.5', inside: false },
  ])('an ask at $ask', ({ ask, inside }) => {
    const asks = side(['100.5', '1'], [ask, '2'], ['200', '4'])
    expect(depthWithin(asks, d('100'), d('0.01')).toFixed()).toBe(inside ? '3' : '1')
  })
})

describe("a side's size sums, read off the texts, are the level-by-level Decimal sums", () => {
  /** The sum as the walks would make it: from zero, level by level, in Decimal. */
  const folded = (sizes: string[], from: number, to: number) => sizes.slice(from, to).reduce((sum, size) => sum.plus(d(size)), d('0'))
  it.each([
    { name: 'integers', sizes: ['1', '2', '3'], sum: '6' },
    { name: 'tenths a float adds inexactly', sizes: ['0.1', '0.2'], sum: '0.3' },
    { name: 'places that differ, trailing zeros, a bare point', sizes: ['0.5', '1.250', '3.', '2.000'], sum: '6.75' },
    { name: 'units at 2^53 − 1 (the last exact float sum)', sizes: ['90071992547409.9', '0.01'], sum: '90071992547409.91' },
    { name: 'units at 2^53 (decided in Decimal)', sizes: ['90071992547409.9', '0.02'], sum: '90071992547409.92' },
    { name: 'units at 2^53 + 1 (a float sum would round it)', sizes: ['90071992547409.9', '0.03'], sum: '90071992547409.93' },
    { name: 'units past 2^53 after the first level', sizes: ['0.01', '99999999999999.9'], sum: '99999999999999.91' },
    { name: 'a size of 2^53 + 1 units', sizes: ['9007199254740993', '1'], sum: '9007199254740994' },
    { name: 'leading zeros past 16 digits', sizes: ['0.00000000000000000003', '0.00000000000000000001'], sum: '0.00000000000000000004' },
    { name: 'a size of 16 digits', sizes: ['1234567890123456', '1'], sum: '1234567890123457' },
    { name: 'a size of 17 digits', sizes: ['12345678901234567', '1'], sum: '12345678901234568' },
    { name: '14 places, a float exact', sizes: ['0.00000000000001', '2.5'], sum: '2.50000000000001' },
    { name: '22 places', sizes: ['0.0000000000000000000001', '0.0000000000000000000002'], sum: '0.0000000000000000000003' },
    { name: '23 places', sizes: ['0.00000000000000000000001', '0.00000000000000000000002'], sum: '0.00000000000000000000003' },
    { name: 'one level', sizes: ['42.5'], sum: '42.5' },
  ])('$name: $sum', ({ sizes, sum }) => {
    const levels = side(...sizes.map((size, i): [string, string] => [String(100 + i), size]))
    expect(levels.visibleSize().toString()).toBe(sum)
    expect(levels.visibleSize().toString()).toBe(folded(sizes, 0, sizes.length).toString())
    expect(levels.sizeSum(1, sizes.length).toString()).toBe(folded(sizes, 1, sizes.length).toString())
  })

  it('sums sizes already read as Decimals, sub-ranges and an empty range as the Decimal sum does', () => {
    const sizes = ['0.25', '1.5', '7', '0.125']
    const levels = side(...sizes.map((size, i): [string, string] => [String(100 + i), size]))
    levels.size(0)
    levels.size(2)
    expect([0, 1, 2, 3, 4].map((to) => levels.sizeSum(0, to).toString())).toEqual(['0', '0.25', '1.75', '8.75', '8.875'])
    expect([levels.sizeSum(1, 3).toString(), levels.sizeSum(2, 2).toString(), levels.sizeSum(3, 1).toString()]).toEqual(['8.5', '0', '0'])
  })

  it('sums a side written with exponents, and a moved side, in Decimal', () => {
    const written = readLevels([
      ['100', '1e-3'],
      ['101', '2.5E2'],
    ])!
    expect(written.visibleSize().toString()).toBe('250.001')
    const moved = BookLevels.moved(side(['100', '0.1'], ['101', '0.2']), d('5'), d('3'))
    expect(moved.visibleSize().toString()).toBe('0.9')
  })
})
