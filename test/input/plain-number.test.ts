// The grammar of a plain number (src/plain-number.ts) and what each of its three readers decides with it: the
// scanner of a book side on one line (document.ts flowSides: read from the text, or left to the parser), the quick
// read of a book number (quick-read.ts plainPlaces: the text kept with its decimal places, a plain text out of the
// limits, or not a plain text, read as a Decimal), and a side's size sum (model.ts: off the texts, or in Decimal;
// it sees the file's text or the text of the Decimal read from it). Whatever they decide, the file reads the same:
// the same data and places both ways through the document, the same value from the quick read and the schema, the
// same figure or refusal.
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { flowSides, readDocument } from '../../src/input/document.js'
import { InputError } from '../../src/input/errors.js'
import { loadPortfolio } from '../../src/input/load.js'
import { NOT_PLAIN, NOT_PLAIN_TEXT, NOT_TEXT, plainPlaces, quickSection } from '../../src/input/quick-read.js'
import { portfolioSchema } from '../../src/input/schema.js'
import type { Portfolio } from '../../src/model.js'
import { isPlainNumber, plainNumberEnd } from '../../src/plain-number.js'
import { HEAD } from './helpers.js'

type Quick = number | 'out of limits' | 'a Decimal'
interface Row {
  text: string
  /** plainNumberEnd(text + ']', 0): how much of it is a plain number. */
  end: number
  scanner: 'text' | 'parser'
  quick: Quick
  /** Whether a side's size sum reads it off the text (the file's, or its Decimal's); undefined when refused. */
  sum?: 'text' | 'Decimal'
  /** The price the file's book reads, or the message it is refused with. */
  price: string
}

const long = (digits: number) => `${'0'.repeat(digits - 1)}7`

const ROWS: Row[] = [
  { text: '0', end: 1, scanner: 'text', quick: 'out of limits', price: 'must be greater than 0' },
  { text: '1', end: 1, scanner: 'text', quick: 0, sum: 'text', price: '1' },
  { text: '1.', end: -1, scanner: 'parser', quick: 'a Decimal', sum: 'text', price: '1' },
  { text: '.5', end: -1, scanner: 'parser', quick: 'a Decimal', sum: 'text', price: '0.5' },
  { text: '01', end: 2, scanner: 'text', quick: 0, sum: 'text', price: '1' },
  { text: '1.0', end: 3, scanner: 'text', quick: 0, sum: 'text', price: '1' },
  { text: '007.50', end: 6, scanner: 'text', quick: 1, sum: 'text', price: '7.5' },
  { text: '1e5', end: 1, scanner: 'parser', quick: 'a Decimal', sum: 'text', price: '100000' },
  { text: '1.5e-7', end: 3, scanner: 'parser', quick: 'a Decimal', sum: 'text', price: '0.00000015' },
  { text: '-1', end: -1, scanner: 'parser', quick: 'a Decimal', price: 'must be greater than 0' },
  { text: '+1', end: -1, scanner: 'parser', quick: 'a Decimal', sum: 'text', price: '1' },
  { text: ' 1', end: -1, scanner: 'parser', quick: 'a Decimal', sum: 'text', price: '1' },
  { text: '1 ', end: 1, scanner: 'parser', quick: 'a Decimal', sum: 'text', price: '1' },
  { text: '1_000', end: 1, scanner: 'parser', quick: 'a Decimal', price: 'expected a decimal number, got "1_000"' },
  { text: '1.2.3', end: 3, scanner: 'parser', quick: 'a Decimal', price: 'expected a decimal number, got "1.2.3"' },
  { text: '１', end: -1, scanner: 'parser', quick: 'a Decimal', price: 'expected a decimal number, got "１"' },
  { text: '', end: -1, scanner: 'parser', quick: 'a Decimal', price: 'invalid YAML' },
  // A number's text of 100 characters is read; of 101 it is refused, on the general way.
  { text: long(100), end: 100, scanner: 'text', quick: 0, sum: 'text', price: '7' },
  { text: long(101), end: 101, scanner: 'parser', quick: 'a Decimal', price: 'a number of 101 characters' },
  { text: `0.${long(30)}`, end: 32, scanner: 'text', quick: 30, sum: 'text', price: '7e-30' },
  { text: `0.${long(31)}`, end: 33, scanner: 'text', quick: 'out of limits', price: 'is too small' },
  { text: '0.000', end: 5, scanner: 'text', quick: 'out of limits', price: 'must be greater than 0' },
  { text: `${'9'.repeat(21)}`, end: 21, scanner: 'text', quick: 0, sum: 'text', price: '999999999999999999999' },
  { text: `1${'0'.repeat(21)}`, end: 22, scanner: 'text', quick: 'out of limits', price: 'is too large' },
  { text: `1.${'0'.repeat(38)}1`, end: 41, scanner: 'text', quick: 39, sum: 'text', price: `1.${'0'.repeat(38)}1` },
  { text: `1.${'0'.repeat(39)}1`, end: 42, scanner: 'text', quick: 'out of limits', price: 'significant digits' },
]

const quickOf = (text: string): Quick => {
  const places = plainPlaces(text)
  return places === NOT_TEXT ? 'a Decimal' : places === NOT_PLAIN_TEXT ? 'out of limits' : places
}

/** A file whose one bid is [text, 1] on one line (and whose ask is far above any price of the table). */
const fileWith = (text: string) => `${HEAD}    book:\n      bids: [[${text}, 1]]\n      asks: [[999999999999999999999.5, 2]]\n`

/** The sum of a side's two sizes, each `text`, as the side sums them (BookLevels.sizeSum). */
function sizeSumOf(text: string): string {
  const source = `${HEAD}    book:\n      bids: [[100, ${text}], [99, ${text}]]\n      asks: [[101, 1]]\n`
  return loadPortfolio(source, { file: 'p.yaml' }).portfolio.markets.get('BTCUSDT')!.book!.bids.sizeSum(0, 2).toString()
}

/** The price of the file's bid, or its first problem's message. */
function priceOf(source: string): string {
  let portfolio: Portfolio
  try {
    portfolio = loadPortfolio(source, { file: 'p.yaml' }).portfolio
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return error.problems[0]!.message
  }
  return portfolio.markets.get('BTCUSDT')!.book!.bids.price(0).toString()
}

describe('a plain number, as each of its readers decides', () => {
  it.each(ROWS.map((row) => [JSON.stringify(row.text).slice(0, 24), row] as const))('%s', (_, row) => {
    const { text } = row
    expect(plainNumberEnd(`${text}]`, 0)).toBe(row.end)
    expect(isPlainNumber(text)).toBe(row.end === text.length)
    expect(flowSides(`      bids: [[${text}, 1]]\n`).size === 1 ? 'text' : 'parser').toBe(row.scanner)
    expect(quickOf(text)).toBe(row.quick)
    // The size sum sees the quick read's text, or the text of the Decimal the quick read made; either way it is
    // the Decimal sum of the sizes.
    if (row.sum !== undefined) {
      const seen = typeof row.quick === 'number' ? text : new Decimal(text.trim()).toString()
      expect(isPlainNumber(seen) ? 'text' : 'Decimal').toBe(row.sum)
      expect(sizeSumOf(text)).toBe(new Decimal(text.trim()).mul(2).toString())
    }
    const source = fileWith(text)
    expect(priceOf(source)).toContain(row.price)
  })

  it.each(ROWS.map((row) => [JSON.stringify(row.text).slice(0, 24), row.text] as const))('%s reads the same whichever way it goes', (_, text) => {
    const source = fileWith(text)
    // The scanner or the parser: the same data, problems and kinds.
    const scanned = readDocument(source)
    const parsed = readDocument(source, { sidesFromText: false })
    expect(scanned.problems).toEqual(parsed.problems)
    expect(JSON.stringify(scanned.document?.data)).toBe(JSON.stringify(parsed.document?.data))
    const bid = ['markets', 'BTCUSDT', 'book', 'bids', 0, 0]
    expect([scanned.document?.locate(bid), scanned.document?.kindAt(bid)]).toEqual([parsed.document?.locate(bid), parsed.document?.kindAt(bid)])
    // The quick read or the schema: the same value whenever the quick read gives one.
    const markets = (scanned.document?.data as { markets?: unknown } | undefined)?.markets
    if (markets === undefined) return
    const quick = quickSection('markets', markets)
    const schema = (portfolioSchema().shape.markets as { safeParse(value: unknown): { success: boolean; data?: unknown } }).safeParse(markets)
    expect(schema.success || quick === NOT_PLAIN).toBe(true)
    if (quick === NOT_PLAIN) return
    type Markets = Map<string, { book: { bids: { price(i: number): Decimal; pricePlaces(): number } } }>
    const [a, b] = [(quick as Markets).get('BTCUSDT')!.book.bids, (schema.data as Markets).get('BTCUSDT')!.book.bids]
    expect([a.price(0).toString(), a.pricePlaces()]).toEqual([b.price(0).toString(), b.pricePlaces()])
  })
})
