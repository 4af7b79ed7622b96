// YAML tags as YAML 1.2's core schema reads them (docs/format.md "YAML tags"): !!str is text, !!int and
// !!float numbers, !!bool and !!null their values, !!map and !!seq on their collections; a value not of its
// tag's kind, a collection's tag on a single value (or the other way) and any other tag: a problem at the tag.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/input/errors.js'
import { loadPortfolio } from '../../src/input/load.js'

/** The one-market file with `last` (line 5, written after "last: ") and the order's reduce_only (line 10) as given. */
function file(last: string, reduceOnly = 'true', book = '{ bids: [[63990, 1]], asks: [[64010, 1]] }'): string {
  return [
    'version: 1',
    "as_of: '2026-11-21T07:45:00Z'",
    "account: { margin_mode: cross, wallet_balance: '10000', fees: { maker: '0.0002', taker: '0.0005' } }",
    'markets:',
    `  BTCUSDT: { prices: { index: 64000, mark: 64000, last: ${last} }, book: ${book},`,
    "    maintenance_ladder: [{ max_notional: '50000', mmr: '0.004', max_leverage: '125' }] }",
    'positions:',
    '  - { id: btc, market: BTCUSDT, side: long, size: 0.5, entry_price: 64000 }',
    'orders:',
    `  - { id: cut, market: BTCUSDT, side: sell, size: 0.1, reduce_only: ${reduceOnly} }`,
    '',
  ].join('\n')
}
const LAST_COLUMN = '  BTCUSDT: { prices: { index: 64000, mark: 64000, last: '.length + 1

function problemsOf(source: string): { line: number; column: number; message: string }[] {
  try {
    loadPortfolio(source, { file: 'tags.yaml' })
    return []
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return error.problems.map(({ line, column, message }) => ({ line, column, message }))
  }
}

describe('core tags read with their YAML 1.2 meaning', () => {
  it.each([
    ['64000.5', '64000.5'],
    ['!!str 64000.5', '64000.5'], // text: a decimal may be written as text
    ['!!float 64000.5', '64000.5'],
    ['!!float 64000', '64000'],
    ['!!int 64000', '64000'],
    ['!!int "64000"', '64000'], // a tag applies whatever the style
    ['!<tag:yaml.org,2002:float> 64000.5', '64000.5'], // the verbatim form
  ])('last: %s reads %s', (last, price) => {
    const { portfolio } = loadPortfolio(file(last), { file: 'tags.yaml' })
    expect(portfolio.markets.get('BTCUSDT')!.prices.last.toFixed()).toBe(price)
  })

  it.each([
    ['true', true],
    ['!!bool true', true],
    ['!!bool false', undefined],
  ])('reduce_only: %s reads %s', (written, reduceOnly) => {
    const { portfolio } = loadPortfolio(file('64000', written), { file: 'tags.yaml' })
    expect(portfolio.orders[0]!.reduceOnly).toBe(reduceOnly)
  })

  it('!!seq on a list and !!map on a mapping are read as without them', () => {
    const { portfolio } = loadPortfolio(file('64000', 'true', '!!map { bids: !!seq [[63990, 1]], asks: [!!seq [64010, 1]] }'), { file: 'tags.yaml' })
    expect(portfolio.markets.get('BTCUSDT')!.book!.asks.length).toBe(1)
  })
})

describe('a tag the file cannot take: a problem at the tag, line:col', () => {
  it.each([
    // last as written, the problem's line and column, what it says (its start)
    ['!foo 64000', 5, LAST_COLUMN, 'tag !foo is not read'],
    ['!!int 64000.5', 5, LAST_COLUMN, '!!int "64000.5" is not an integer'],
    ['!!float 6e4x', 5, LAST_COLUMN, '!!float "6e4x" is not a number'],
    ['!!bool 64000', 5, LAST_COLUMN, '!!bool "64000" is not true or false'],
    ['!!null 64000', 5, LAST_COLUMN, '!!null "64000" is not null'],
    ['!!map 64000', 5, LAST_COLUMN, '!!map on a single value'],
    ['!!seq 64000', 5, LAST_COLUMN, '!!seq on a single value'],
    ['!!binary 64000', 5, LAST_COLUMN, 'tag !!binary is not read'],
    ['!!str [64000]', 5, LAST_COLUMN, '!!str on a list'],
    ['!!seq { a: 1 }', 5, LAST_COLUMN, '!!seq on a mapping'],
    ['!<tag:example.com,2026:price> 64000', 5, LAST_COLUMN, 'tag !<tag:example.com,2026:price> is not read'],
  ])('last: %s → %i:%i', (last, line, column, message) => {
    const problems = problemsOf(file(last))
    expect(problems.map((p) => [p.line, p.column])).toEqual([[line, column]])
    expect(problems[0]!.message.startsWith(message)).toBe(true)
  })

  it("!!str true is text, not a boolean: reduce_only refuses it (the schema's message)", () => {
    const problems = problemsOf(file('64000', '!!str true'))
    expect(problems.map((p) => p.line)).toEqual([10])
  })
})
