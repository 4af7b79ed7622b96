// Every kind of bad input gets a positioned, specific problem (file:line:col and the dotted path).
import { describe, expect, it } from 'vitest'
import { HEAD, problems } from './helpers.js'

describe('input problems carry the path and line:col', () => {
  it.each([
    { name: 'invalid YAML', yaml: 'version: 1\naccount: [oops\n', line: 3, column: 1, path: undefined, says: /invalid YAML/ },
    {
      name: 'duplicate key',
      yaml: HEAD.replace('  wallet_balance: 10000\n', '  wallet_balance: 10000\n  wallet_balance: 20000\n'),
      line: 5,
      column: 3,
      path: undefined,
      says: /duplicate key "wallet_balance"/,
    },
    {
      name: 'wrong type',
      yaml: HEAD.replace('wallet_balance: 10000', 'wallet_balance: lots'),
      line: 4,
      column: 19,
      path: 'account.wallet_balance',
      says: /decimal/,
    },
    {
      name: 'missing required key',
      yaml: HEAD.replace('    prices: { index: 64000, mark: 64000, last: 64000 }\n', ''),
      line: 7,
      column: 3,
      path: 'markets.BTCUSDT.prices',
      says: /required/,
    },
    {
      name: 'zero size',
      yaml: `${HEAD}positions:\n  - { market: BTCUSDT, side: long, size: 0, entry_price: 63000 }\n`,
      line: 13,
      column: 42,
      path: 'positions[0].size',
      says: /greater than 0/,
    },
    {
      name: 'negative size',
      yaml: `${HEAD}positions:\n  - { market: BTCUSDT, side: long, size: -1, entry_price: 63000 }\n`,
      line: 13,
      column: 42,
      path: 'positions[0].size',
      says: /greater than 0/,
    },
    { name: 'price ≤ 0', yaml: HEAD.replace('mark: 64000', 'mark: 0'), line: 8, column: 35, path: 'markets.BTCUSDT.prices.mark', says: /greater than 0/ },
    {
      name: 'non-ascending ladder',
      yaml: HEAD.replace('max_notional: 600000', 'max_notional: 40000'),
      line: 11,
      column: 25,
      path: 'markets.BTCUSDT.maintenance_ladder[1].max_notional',
      says: /ascend/,
    },
    {
      name: 'crossed book',
      yaml: `${HEAD}    book: { bids: [[64010, 1]], asks: [[64000, 1]] }\n`,
      line: 12,
      column: 40,
      path: 'markets.BTCUSDT.book.asks[0]',
      says: /crossed/,
    },
    {
      name: 'unsorted bids',
      yaml: `${HEAD}    book: { bids: [[63990, 1], [63995, 1]], asks: [[64000, 1]] }\n`,
      line: 12,
      column: 32,
      path: 'markets.BTCUSDT.book.bids[1]',
      says: /descending/,
    },
    {
      name: 'position on an undefined market',
      yaml: `${HEAD}positions:\n  - { market: ETHUSDT, side: long, size: 1, entry_price: 3000 }\n`,
      line: 13,
      column: 15,
      path: 'positions[0].market',
      says: /"ETHUSDT" is not defined/,
    },
    {
      name: 'limit order without a price',
      yaml: `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, type: limit }\n`,
      line: 13,
      column: 5,
      path: 'orders[0].price',
      says: /missing: a limit order needs its limit price/,
    },
    {
      name: 'unparseable duration',
      yaml: `${HEAD}positions:\n  - { market: BTCUSDT, side: long, size: 1, entry_price: 63000, hold: 3 days }\n`,
      line: 13,
      column: 71,
      path: 'positions[0].hold',
      says: /duration/,
    },
    {
      name: 'timestamp without a zone',
      yaml: HEAD.replace('as_of: 2026-11-21T07:45:00Z', 'as_of: 2026-11-21T07:45:00'),
      line: 2,
      column: 8,
      path: 'as_of',
      says: /zone/,
    },
    {
      name: 'isolated position without margin',
      yaml: `${HEAD}positions:\n  - { market: BTCUSDT, side: long, size: 1, entry_price: 63000, margin_mode: isolated }\n`,
      line: 13,
      column: 5,
      path: 'positions[0].margin',
      says: /missing: an isolated position needs the margin/,
    },
    { name: 'unsupported version', yaml: HEAD.replace('version: 1', 'version: 2'), line: 1, column: 10, path: 'version', says: /from 1 to 1/ },
  ])('$name', ({ yaml, line, column, path, says }) => {
    const [first, ...rest] = problems(yaml)
    expect(rest).toEqual([])
    expect({ path: first!.path, line: first!.line, column: first!.column }).toEqual({ path, line, column })
    expect(first!.message).toMatch(says)
  })

  it('an unknown key near a missing one is one problem, at the key written, naming both', () => {
    const found = problems(HEAD.replace('maintenance_ladder:', 'maintainance_ladder:'))
    expect(found.map(({ path, line, column }) => ({ path, line, column }))).toEqual([{ path: 'markets.BTCUSDT.maintainance_ladder', line: 9, column: 5 }])
    expect(found[0]!.message).toMatch(/maintenance_ladder is missing: did you mean "maintenance_ladder"\?/)
  })

  it('reports every problem, not only the first', () => {
    const yaml =
      HEAD.replace('wallet_balance: 10000', 'wallet_balance: -5').replace('mmr: 0.005', 'mmr: 5') +
      'positions:\n  - { market: BTCUSDT, side: sideways, size: 1, entry_price: 63000 }\n'
    expect(problems(yaml).map((p) => p.path)).toEqual(['account.wallet_balance', 'markets.BTCUSDT.maintenance_ladder[1].mmr', 'positions[0].side'])
  })

  it('a top level that is not a mapping', () => {
    expect(problems('- 1\n- 2\n')).toEqual([{ message: expect.stringMatching(/mapping/), line: 1, column: 1 }])
  })
})
