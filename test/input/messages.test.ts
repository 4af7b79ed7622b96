// Input messages say what is wrong: the shape expected and what the file gives, at the value's own line:col;
// a missing key called missing, with the near key written instead; a percentage with the fraction to write;
// and every problem the file has in one run (docs/format.md, "Error messages").
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isNearKey } from '../../src/input/errors.js'
import { HEAD, problems } from './helpers.js'

const position = (lines: string) => `${HEAD}positions:\n  - market: BTCUSDT\n    side: long\n    size: 1\n${lines}`

describe('each kind of mistake is named, at its own line:col', () => {
  it.each([
    {
      name: 'a number where a mapping goes',
      yaml: position('    entry_price: 63000\n    stop: 91500\n'),
      line: 17,
      column: 11,
      path: 'positions[0].stop',
      says: ['expected a mapping like { price: …, trigger: mark }', 'got the number 91500'],
    },
    {
      name: 'quoted text where a mapping goes',
      yaml: position('    entry_price: 63000\n    stop: "91500"\n'),
      line: 17,
      column: 11,
      path: 'positions[0].stop',
      says: ['expected a mapping like { price: …, trigger: mark }', 'got the text "91500"'],
    },
    {
      name: 'a key with no value where a mapping goes',
      yaml: position('    entry_price: 63000\n    stop:\n'),
      line: 17,
      column: 5,
      path: 'positions[0].stop',
      says: ['has no value: expected a mapping like { price: …, trigger: mark }'],
    },
    {
      name: 'a list where a mapping goes',
      yaml: HEAD.replace('prices: { index: 64000, mark: 64000, last: 64000 }', 'prices: [64000, 64000, 64000]'),
      line: 8,
      column: 13,
      path: 'markets.BTCUSDT.prices',
      says: ['expected a mapping like { index: …, mark: …, last: … }', 'got a list of 3 items'],
    },
    {
      name: 'a mapping where a [price, size] pair goes',
      yaml: `${HEAD}    book:\n      bids:\n        - { price: 63990, size: 1 }\n      asks: [[64010, 1]]\n`,
      line: 14,
      column: 11,
      path: 'markets.BTCUSDT.book.bids[0]',
      says: ['expected a [price, size] pair', 'got a mapping with keys price, size', 'write [63990, 1]'],
    },
    {
      name: 'a boolean where a number goes',
      yaml: position('    entry_price: true\n'),
      line: 16,
      column: 18,
      path: 'positions[0].entry_price',
      says: ['expected a number, got true'],
    },
    {
      name: 'a missing key with nothing near it',
      yaml: position(''),
      line: 13,
      column: 5,
      path: 'positions[0].entry_price',
      says: ['is missing'],
    },
    {
      name: 'a missing key written short (prefix rule)',
      yaml: position('    entry: 63000\n'),
      line: 16,
      column: 5,
      path: 'positions[0].entry',
      says: ['entry_price is missing', 'did you mean "entry_price"?'],
    },
    {
      name: 'a missing key misspelt (edit distance)',
      yaml: position('    entry_prise: 63000\n'),
      line: 16,
      column: 5,
      path: 'positions[0].entry_prise',
      says: ['entry_price is missing', 'did you mean "entry_price"?'],
    },
    {
      name: 'a key required by a condition, written under a near name',
      yaml: HEAD.replace('fees: { maker: 0.0002, taker: 0.0005 }', 'fees: { maker_fee: 0.0002, taker: 0.0005 }'),
      line: 5,
      column: 11,
      path: 'account.fees.maker_fee',
      says: ['maker is missing', 'did you mean "maker"?'],
    },
    {
      name: 'a percentage where a fraction goes',
      yaml: HEAD.replace('maker: 0.0002', 'maker: 0.02%'),
      line: 5,
      column: 18,
      path: 'account.fees.maker',
      says: ['got "0.02%"', 'write 0.0002 for 0.02%'],
    },
    {
      name: 'basis points where a fraction goes',
      yaml: HEAD.replace('taker: 0.0005', 'taker: 5bps'),
      line: 5,
      column: 33,
      path: 'account.fees.taker',
      says: ['write 0.0005 for 5 bps'],
    },
    {
      name: 'a tier without mmr on a venue that does not derive it',
      yaml: HEAD.replace('{ max_notional: 600000, mmr: 0.005, max_leverage: 100 }', '{ max_notional: 600000, max_leverage: 100 }'),
      line: 11,
      column: 9,
      path: 'markets.BTCUSDT.maintenance_ladder[1].mmr',
      says: ['is missing', 'venue generic does not derive it'],
    },
  ])('$name', ({ yaml, line, column, path, says }) => {
    const found = problems(yaml)
    expect(found.map((p) => ({ line: p.line, column: p.column, path: p.path }))).toEqual([{ line, column, path }])
    for (const part of says) expect(found[0]!.message).toContain(part)
  })
})

describe('one run reports every problem it can', () => {
  it('a tier missing mmr is reported with the schema problems, not after they are mended', () => {
    const yaml =
      HEAD.replace('{ max_notional: 50000, mmr: 0.004, max_leverage: 125 }', '{ max_notional: 50000, max_leverage: 125 }') +
      'positions:\n  - { market: BTCUSDT, side: long, size: 0, entry_price: 63000 }\n'
    expect(problems(yaml).map((p) => [p.path, p.line, p.column])).toEqual([
      ['markets.BTCUSDT.maintenance_ladder[0].mmr', 10, 9],
      ['positions[0].size', 13, 42],
    ])
  })

  it('every key required by a condition, with the checks that need valid values', () => {
    const yaml =
      HEAD.replace('  fees: { maker: 0.0002, taker: 0.0005 }\n', '')
        .replace('{ max_notional: 600000, mmr: 0.005, max_leverage: 100 }', '{ max_notional: 40000, max_leverage: 100 }')
        .replace(
          '    maintenance_ladder:\n',
          '    ladder_changes:\n      - effective_at: 2026-12-01T00:00:00Z\n        maintenance_ladder: [{ max_notional: 1000, max_leverage: 20 }]\n    maintenance_ladder:\n',
        ) +
      'positions:\n  - { market: BTCUSDT, side: long, size: 1, entry_price: 63000, margin_mode: isolated }\n' +
      'orders:\n  - { market: BTCUSDT, side: buy, size: 1, type: limit }\n  - { market: BTCUSDT, side: buy, size: 1, slices: 4 }\n'
    expect(problems(yaml).map((p) => p.path)).toEqual([
      'account.fees.maker',
      'account.fees.taker',
      'markets.BTCUSDT.ladder_changes[0].maintenance_ladder[0].mmr',
      'markets.BTCUSDT.maintenance_ladder[1].mmr',
      'markets.BTCUSDT.maintenance_ladder[1].max_notional',
      'positions[0].margin',
      'orders[0].price',
      'orders[1].interval',
    ])
  })

  it('hyperliquid derives mmr from max_leverage, so a tier without it is no problem there', () => {
    const yaml =
      HEAD.replace('as_of:', 'venue: hyperliquid\nas_of:').replace('mmr: 0.004, ', '') +
      'positions:\n  - { market: BTCUSDT, side: long, size: 0, entry_price: 1 }\n'
    expect(problems(yaml).map((p) => p.path)).toEqual(['positions[0].size'])
  })

  it('the wrong-shapes fixture: five mistakes, one run', () => {
    const found = problems(readFileSync('fixtures/invalid/wrong-shapes.yaml', 'utf8'))
    expect(found.map((p) => [p.path, p.line, p.column])).toEqual([
      ['account.fees.maker', 7, 18],
      ['markets.BTCUSDT.maintenance_ladder[0].mmr', 12, 9],
      ['markets.BTCUSDT.book.bids[0]', 15, 11],
      ['positions[0].entry', 21, 5],
      ['positions[0].stop', 22, 11],
    ])
  })
})

describe('a written key near a wanted one', () => {
  it.each([
    ['entry', 'entry_price', true], // prefix of at least 3 characters
    ['maintenance', 'maintenance_ladder', true],
    ['maintainance_ladder', 'maintenance_ladder', true], // edit distance 1
    ['Entry_Price', 'entry_price', true], // case ignored
    ['ma', 'margin', false], // a prefix of 2 characters is too short
    ['leverage', 'entry_price', false],
  ])('%s → %s: %s', (written, wanted, near) => {
    expect(isNearKey(written, wanted)).toBe(near)
  })
})
