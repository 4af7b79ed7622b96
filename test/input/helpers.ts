// What the input tests share: a valid file head (account and one market, no positions) to append to, and
// the positioned problems a file is refused with.
import { InputError, type InputProblem } from '../../src/input/errors.js'
import { loadPortfolio } from '../../src/input/load.js'

export const HEAD = `version: 1
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

/** The problems `yaml` is refused with; throws when it is accepted. */
export function problems(yaml: string): InputProblem[] {
  try {
    loadPortfolio(yaml, { file: 'p.yaml' })
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  throw new Error('expected the input to be rejected')
}
