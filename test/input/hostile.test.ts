// Hostile and degenerate input, one table per class: each row is a reproducer that once crashed, hung,
// printed nonsense or silently dropped something, and now gets a positioned problem or a sane report.
import { describe, expect, it } from 'vitest'
import { check } from '../../src/index.js'
import { InputError, type InputProblem } from '../../src/input/errors.js'

const HEAD = `version: 1
as_of: 2026-11-21T07:45:00Z
account:
  wallet_balance: 10000
  fees: { maker: 0.0002, taker: 0.0005 }
markets:
  BTCUSDT:
    prices: { index: 64000, mark: 64000, last: 64000 }
    maintenance_ladder:
      - { max_notional: 50000, mmr: 0.004, max_leverage: 125 }
      - { max_notional: 600000, mmr: 0.005, max_leverage: 100 }
`

/** A second market, named `name`, with the same prices and a one-tier ladder. */
const market = (name: string) =>
  `  ${name}:\n    prices: { index: 64000, mark: 64000, last: 64000 }\n    maintenance_ladder:\n      - { max_notional: 50000, mmr: 0.004, max_leverage: 125 }\n`

function problems(yaml: string): InputProblem[] {
  try {
    check(yaml, { file: 'p.yaml', only: ['reference-prices'] })
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  throw new Error('expected the input to be rejected')
}

describe('prototype keys are ordinary names', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('a market named %s is kept, with its positions and its beta', (name) => {
    const yaml = `${HEAD}${market(name)}positions:\n  - { market: ${name}, side: long, size: 1, entry_price: 64000 }\nstress:\n  betas: { ${name}: 5 }\n`
    const report = check(yaml, { file: 'p.yaml', only: ['reference-prices'] })
    expect([...report.portfolio.markets.keys()]).toEqual(['BTCUSDT', name])
    expect(report.portfolio.positions.map((p) => p.market)).toEqual([name])
    expect(report.portfolio.stress.betas.get(name)?.toString()).toBe('5')
    expect(report.findings.filter((f) => f.subject === name)).not.toEqual([])
  })

  it.each([
    {
      name: 'a beta for an undefined __proto__',
      yaml: `${HEAD}stress:\n  betas: { __proto__: 5 }\n`,
      path: 'stress.betas.__proto__',
      says: /"__proto__" is not defined/,
    },
    {
      name: 'a position on an undefined constructor',
      yaml: `${HEAD}positions:\n  - { market: constructor, side: long, size: 1, entry_price: 1 }\n`,
      path: 'positions[0].market',
      says: /"constructor" is not defined/,
    },
    {
      name: 'a bad value under __proto__',
      yaml: `${HEAD}  __proto__:\n    prices: { index: 1, mark: 0, last: 1 }\n    maintenance_ladder: [{ max_notional: 1, mmr: 0.004, max_leverage: 125 }]\n`,
      path: 'markets.__proto__.prices.mark',
      says: /greater than 0/,
    },
    {
      name: 'a misspelt key under toString',
      yaml: `${HEAD}  toString:\n    prices: { index: 1, mark: 1, last: 1 }\n    maintenance_lader: []\n`,
      path: 'markets.toString.maintenance_lader',
      says: /did you mean "maintenance_ladder"/,
    },
    { name: '__proto__ as a threshold', yaml: `${HEAD}thresholds:\n  __proto__: 5\n`, path: 'thresholds.__proto__', says: /unknown key "__proto__"/ },
    {
      name: '__proto__ in the account',
      yaml: HEAD.replace('  wallet_balance: 10000\n', '  wallet_balance: 10000\n  __proto__: { wallet_balance: 1 }\n'),
      path: 'account.__proto__',
      says: /unknown key/,
    },
  ])('$name is reported like any other name', ({ yaml, path, says }) => {
    const found = problems(yaml)
    expect(found.find((p) => p.path === path)?.message).toMatch(says)
  })

  it('a value of the wrong type is not called missing', () => {
    expect(problems(HEAD.replace('  wallet_balance: 10000\n  fees: { maker: 0.0002, taker: 0.0005 }\n', '').replace('account:\n', 'account: 5\n'))).toEqual([
      { path: 'account', message: 'expected a mapping of keys', line: 3, column: 10 },
    ])
  })
})
