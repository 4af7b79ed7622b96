// A plainly valid section is read without its schema (src/input/quick-read.ts). The contract: whenever the quick
// read gives a value, the schema accepts the section and gives the same value, keys in the same order; whenever
// the schema refuses it, the quick read gives it to the schema. Checked on every fixture, 300 documents of the
// fuzzer's corpus (sections.test.ts reads 1,000 more through parsePortfolio, the quick read included) and a table
// of values either side of every bound; a file refused is refused as before, at its line:col.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { readDocument } from '../../src/input/document.js'
import { BookLevels } from '../../src/model.js'
import { formatProblem } from '../../src/input/errors.js'
import { NOT_PLAIN, quickSection } from '../../src/input/quick-read.js'
import { portfolioSchema } from '../../src/input/schema.js'
import { documents, FIXTURES } from '../fuzz-corpus.js'
import { HEAD, problems } from './helpers.js'

/** The value with every mapping's keys listed in order, so that two values equal only when their keys are in the same order. */
function keyOrder(value: unknown): unknown {
  if (value instanceof Map) return [...value].map(([key, item]) => [key, keyOrder(item)])
  if (Array.isArray(value)) return value.map(keyOrder)
  if (value instanceof Decimal) return value.toString()
  // A book side: its levels' values and what is read off them whole (a class's private fields are not compared).
  if (value instanceof BookLevels) {
    const levels = value.toArray().map((level) => [level.price.toString(), level.size.toString()])
    return { levels, pricePlaces: value.pricePlaces(), order: value.order(), sizesInPrecision: value.sizesInPrecision() }
  }
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([key, item]) => [key, keyOrder(item)])
  return value
}

/** Each section of the document read both ways; returns whether each was read quickly. */
function compare(data: unknown): Record<string, boolean> {
  const plain: Record<string, boolean> = {}
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return plain
  const shape = portfolioSchema().shape as Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>
  for (const [key, value] of Object.entries(data)) {
    if (!Object.hasOwn(shape, key)) continue
    const quick = quickSection(key, value)
    const schema = shape[key]!.safeParse(value)
    plain[key] = quick !== NOT_PLAIN
    if (quick === NOT_PLAIN) continue
    expect(schema.success, `${key}: read quickly, but the schema refuses it`).toBe(true)
    expect(quick).toStrictEqual(schema.data)
    expect(keyOrder(quick)).toEqual(keyOrder(schema.data))
  }
  return plain
}

const dataOf = (source: string) => readDocument(source).document?.data

describe('the quick read gives what the schema gives', () => {
  it.each(FIXTURES.map((source, i) => [i, source] as const))('fixture %i', (_, source) => {
    compare(dataOf(source))
  })
  it('reads every section of the demo without its schema', () => {
    const demo = FIXTURES.find((source) => source.includes('A realistic demo portfolio'))!
    expect(compare(dataOf(demo))).toEqual({ version: true, as_of: true, venue: true, account: true, markets: true, positions: true, orders: true })
  })
  it('the fuzzer corpus', { timeout: 300_000 }, () => {
    for (const source of fc.sample(documents, { numRuns: 300, seed: 20261206 })) compare(dataOf(source))
  })
})

const POSITION = `positions:
  - { market: BTCUSDT, side: long, size: 1, entry_price: 60000 }
`

// [what, file text, read quickly]: a value on each side of each bound the quick read judges itself.
const BOUNDS: [string, string, boolean][] = [
  ['version 1', HEAD, true],
  ['version 1.0 (a whole number)', HEAD.replace('version: 1', 'version: 1.0'), true],
  ['version 2', HEAD.replace('version: 1', 'version: 2'), false],
  ['wallet balance 0', HEAD.replace('wallet_balance: 10000', 'wallet_balance: 0'), true],
  ['wallet balance -0.01', HEAD.replace('wallet_balance: 10000', 'wallet_balance: -0.01'), false],
  ['wallet balance quoted', HEAD.replace('wallet_balance: 10000', 'wallet_balance: "10000"'), true],
  ['wallet balance true', HEAD.replace('wallet_balance: 10000', 'wallet_balance: true'), false],
  ['maker fee negative (a rebate)', HEAD.replace('maker: 0.0002', 'maker: -0.0001'), true],
  ['taker fee negative', HEAD.replace('taker: 0.0005', 'taker: -0.0001'), false],
  ['mmr 0.9999', HEAD.replace('mmr: 0.004', 'mmr: 0.9999'), true],
  ['mmr 1', HEAD.replace('mmr: 0.004', 'mmr: 1'), false],
  ['price 1e-30', HEAD.replace('index: 64000', 'index: 1e-30'), true],
  ['price 1e-31 (too small)', HEAD.replace('index: 64000', 'index: 1e-31'), false],
  ['price 40 digits', HEAD.replace('index: 64000', 'index: 1.000000000000000000000000000000000000001'), true],
  ['price 41 digits', HEAD.replace('index: 64000', 'index: 1.0000000000000000000000000000000000000001'), false],
  ['price 0', HEAD.replace('index: 64000', 'index: 0'), false],
  ['a percentage', HEAD.replace('mmr: 0.004', 'mmr: 0.4%'), false],
  ['an unknown key', HEAD.replace('wallet_balance: 10000', 'wallet_balance: 10000\n  walet: 1'), false],
  ['a required key missing', HEAD.replace('  wallet_balance: 10000\n', ''), false],
  ['an optional key null', HEAD.replace('  fees:', '  margin_mode: null\n  fees:'), false],
  ['no tier', HEAD.replace(/ {4}maintenance_ladder:\n.*\n.*\n/, '    maintenance_ladder: []\n'), false],
  ['funding interval 1m', `${HEAD}    funding: { rate: 0.0001, interval: 1m }\n`, true],
  ['funding interval 59s', `${HEAD}    funding: { rate: 0.0001, interval: 59s }\n`, false],
  ['funding interval 30d', `${HEAD}    funding: { rate: 0.0001, interval: 30d }\n`, true],
  ['funding interval 1.5ms (not whole)', `${HEAD}    funding: { rate: 0.0001, interval: 1.5ms }\n`, false],
  ['next funding on 29 February 2028', `${HEAD}    funding: { rate: 0.0001, next_at: 2028-02-29T00:00:00Z }\n`, true],
  ['next funding on 29 February 2027', `${HEAD}    funding: { rate: 0.0001, next_at: 2027-02-29T00:00:00Z }\n`, false],
  ['as_of without a zone', HEAD.replace('07:45:00Z', '07:45:00'), false],
  ['a book', `${HEAD}    book: { bids: [[63990, 1]], asks: [[64000, 2]], refill_half_life: 2s }\n`, true],
  [
    'a book of prices with trailing zeros and points',
    `${HEAD}    book: { bids: [[63990.50, 1.0], [63990., 2]], asks: [[064000.000, 2], [64000.25, 0.5]] }\n`,
    true,
  ],
  ['a book of prices in exponents and signs', `${HEAD}    book: { bids: [[6.39905e4, 1], [+63990, 1E-2]], asks: [["64000", 2e0]] }\n`, true],
  ['a book price of 40 digits', `${HEAD}    book: { bids: [[63990.00000000000000000000000000000000001, 1]], asks: [[64000, 2]] }\n`, true],
  ['a book price of 41 digits', `${HEAD}    book: { bids: [[63990.000000000000000000000000000000000001, 1]], asks: [[64000, 2]] }\n`, false],
  ['a book size of 1e-30', `${HEAD}    book: { bids: [[63990, 0.000000000000000000000000000001]], asks: [[64000, 2]] }\n`, true],
  ['a book size of 1e-31', `${HEAD}    book: { bids: [[63990, 0.0000000000000000000000000000001]], asks: [[64000, 2]] }\n`, false],
  ['a book price of 21 nines (below 1e21)', `${HEAD}    book: { bids: [[63990, 1]], asks: [[999999999999999999999, 2]] }\n`, true],
  ['a book price of 1e21 written out', `${HEAD}    book: { bids: [[63990, 1]], asks: [[1000000000000000000000, 2]] }\n`, false],
  ['a book price written from its point (.5)', `${HEAD}    book: { bids: [[.5, 1]], asks: [[64000, 2]] }\n`, true],
  ['a book price with two points (text)', `${HEAD}    book: { bids: [["63990.5.1", 1]], asks: [[64000, 2]] }\n`, false],
  ['a book price quoted with a space', `${HEAD}    book: { bids: [["63990 ", 1]], asks: [[64000, 2]] }\n`, true],
  ['a book level of size 0.000', `${HEAD}    book: { bids: [[63990, 0.000]], asks: [[64000, 2]] }\n`, false],
  ['a book level of negative size', `${HEAD}    book: { bids: [[63990, -1]], asks: [[64000, 2]] }\n`, false],
  ['a book level of size -0', `${HEAD}    book: { bids: [[63990, -0]], asks: [[64000, 2]] }\n`, false],
  ['a book level of size 0', `${HEAD}    book: { bids: [[63990, 0]], asks: [[64000, 2]] }\n`, false],
  ['a book level of three', `${HEAD}    book: { bids: [[63990, 1, 1]], asks: [[64000, 2]] }\n`, false],
  ['an empty book side', `${HEAD}    book: { bids: [], asks: [[64000, 2]] }\n`, false],
  ['a quote of 100 characters', `${HEAD}    quote: ${'Q'.repeat(100)}\n`, true],
  ['a quote of 101 characters', `${HEAD}    quote: ${'Q'.repeat(101)}\n`, false],
  ['a market named with a line separator', HEAD.replace('BTCUSDT:', '"BTC\\u2028USDT":'), false],
  ['a position', HEAD + POSITION, true],
  ['a position of size 0', HEAD + POSITION.replace('size: 1', 'size: 0'), false],
  ['ADL rank 5', HEAD + POSITION.replace('}', ', adl_rank: 5 }'), true],
  ['ADL rank 6', HEAD + POSITION.replace('}', ', adl_rank: 6 }'), false],
  ['ADL rank 2.5', HEAD + POSITION.replace('}', ', adl_rank: 2.5 }'), false],
  ['a hold of 1825 days', HEAD + POSITION.replace('}', ', hold: 1825d }'), true],
  ['a hold of 1826 days', HEAD + POSITION.replace('}', ', hold: 1826d }'), false],
  ['a side "buy" on a position', HEAD + POSITION.replace('long', 'buy'), false],
  ['an empty id', HEAD + POSITION.replace('{ market', '{ id: "", market'), false],
  ['1000 slices', `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, slices: 1000, interval: 1s }\n`, true],
  ['1001 slices', `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, slices: 1001, interval: 1s }\n`, false],
  ['reduce_only true', `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, reduce_only: true }\n`, true],
  ['reduce_only "true"', `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, reduce_only: "true" }\n`, false],
  ['a venue', `venue: binance-usdm\n${HEAD}`, true],
  ['an unknown venue', `venue: binance\n${HEAD}`, false],
  ['a latency of 4 hours', `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, latency: 4h }\n`, true],
  ['a latency of 241 minutes', `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, latency: 241m }\n`, false],
  ['an order naming its position and margin mode', `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, margin_mode: isolated, position: p1 }\n`, true],
  ['an order naming an empty position', `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, position: "" }\n`, false],
  ['an order in margin mode "portfolio"', `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, margin_mode: portfolio }\n`, false],
  [
    'a stress of every key',
    `${HEAD}stress:\n  moves: [-0.99, 0.5]\n  betas: { BTCUSDT: 1.2 }\n  correlation: 0.9\n  correlations: { BTCUSDT: { ETHUSDT: 0.8 } }\n  spread_multiplier: 3\n  depth_multiplier: 0.3\n  latency: 4h\n`,
    true,
  ],
  ['a stress move of -1', `${HEAD}stress: { moves: [-1] }\n`, false],
  ['a stress move of 0', `${HEAD}stress: { moves: [0.1, 0] }\n`, false],
  ['no stress move', `${HEAD}stress: { moves: [] }\n`, false],
  ['200 stress moves', `${HEAD}stress: { moves: [${Array(200).fill('0.1').join(', ')}] }\n`, true],
  ['201 stress moves', `${HEAD}stress: { moves: [${Array(201).fill('0.1').join(', ')}] }\n`, false],
  ['a correlation of -1', `${HEAD}stress: { correlation: -1 }\n`, true],
  ['a correlation of 1.01', `${HEAD}stress: { correlation: 1.01 }\n`, false],
  ['a pair correlation of -1.01', `${HEAD}stress: { correlations: { BTCUSDT: { ETHUSDT: -1.01 } } }\n`, false],
  ['a beta named with a line separator', `${HEAD}stress: { betas: { "BTC\\u2028USDT": 1 } }\n`, false],
  ['a spread multiplier of 1', `${HEAD}stress: { spread_multiplier: 1 }\n`, true],
  ['a spread multiplier of 0.99', `${HEAD}stress: { spread_multiplier: 0.99 }\n`, false],
  ['a spread multiplier of 100', `${HEAD}stress: { spread_multiplier: 100 }\n`, true],
  ['a spread multiplier of 100.01', `${HEAD}stress: { spread_multiplier: 100.01 }\n`, false],
  ['a depth multiplier of 1', `${HEAD}stress: { depth_multiplier: 1 }\n`, true],
  ['a depth multiplier of 0', `${HEAD}stress: { depth_multiplier: 0 }\n`, false],
  ['a depth multiplier of 1.01', `${HEAD}stress: { depth_multiplier: 1.01 }\n`, false],
  ['a stress latency of 241 minutes', `${HEAD}stress: { latency: 241m }\n`, false],
  ['an unknown stress key', `${HEAD}stress: { move: [0.1] }\n`, false],
]

describe('values either side of each bound', () => {
  it.each(BOUNDS)('%s', (_, source, quick) => {
    const plain = compare(dataOf(source))
    expect(Object.values(plain).every(Boolean)).toBe(quick)
  })
})

// A file the quick read passes to the schema is refused as before: the schema's message at the value's line:col
// (each line as the binary before the quick read printed it).
const REFUSED: [string, string, string][] = [
  ['a negative balance', HEAD.replace('wallet_balance: 10000', 'wallet_balance: -0.01'), 'p.yaml:4:19  account.wallet_balance: must not be negative'],
  ['mmr 1', HEAD.replace('mmr: 0.004', 'mmr: 1'), 'p.yaml:10:37  markets.BTCUSDT.maintenance_ladder[0].mmr: must be a fraction from 0 to below 1'],
  [
    'a price too small',
    HEAD.replace('index: 64000', 'index: 1e-31'),
    'p.yaml:8:22  markets.BTCUSDT.prices.index: 1e-31 is too small: a non-zero number must be at least 1e-30 in magnitude',
  ],
  [
    'funding every 59 seconds',
    `${HEAD}    funding: { rate: 0.0001, interval: 59s }\n`,
    'p.yaml:12:40  markets.BTCUSDT.funding.interval: 59s is out of range: must be from 1m to 30d',
  ],
  [
    'a book level of size 0',
    `${HEAD}    book: { bids: [[63990, 0]], asks: [[64000, 2]] }\n`,
    'p.yaml:12:28  markets.BTCUSDT.book.bids[0][1]: must be greater than 0',
  ],
  ['ADL rank 6', HEAD + POSITION.replace('}', ', adl_rank: 6 }'), 'p.yaml:13:76  positions[0].adl_rank: must be from 0 to 5'],
  [
    'reduce_only "true"',
    `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, reduce_only: "true" }\n`,
    'p.yaml:13:57  orders[0].reduce_only: must be true or false',
  ],
  [
    'an unknown key',
    HEAD.replace('wallet_balance: 10000', 'wallet_balance: 10000\n  walet: 1'),
    'p.yaml:5:3  account.walet: unknown key "walet"; allowed keys: margin_mode, wallet_balance, fees, rate_limit',
  ],
]

describe('a file the quick read does not pass is refused at its place', () => {
  it.each(REFUSED)('%s', (_, source, expected) => {
    expect(problems(source).map((problem) => formatProblem('p.yaml', problem))).toEqual([expected])
  })
})
