// risk_model in the file: what is refused, each at its line and column.
import { describe, expect, it } from 'vitest'
import { HEAD, problems } from '../input/helpers.js'

const cases: [string, string, string, RegExp][] = [
  ['no as_of', 'risk_model:\n  model: grid\n  units:\n    BTC: { markets: [BTCUSDT], moves: [0.1] }\n', 'risk_model.as_of', /required for grid/],
  ['unknown model', 'risk_model:\n  model: spanner\n', 'risk_model.model', /must be one of: ladder, okx-pm/],
  [
    'okx-pm without its unpublished rates',
    'risk_model:\n  model: okx-pm\n  as_of: 2025-01-15T00:00:00Z\n  units:\n    BTC: { markets: [BTCUSDT], mr4_rate: 0.002 }\n',
    'risk_model.units.BTC.mr7_rate',
    /required for okx-pm/,
  ],
  [
    'a market in two units',
    'risk_model:\n  model: grid\n  as_of: 2025-01-15T00:00:00Z\n  units:\n    A: { markets: [BTCUSDT], moves: [0.1] }\n    B: { markets: [BTCUSDT], moves: [0.1] }\n',
    'risk_model.units.B.markets[0]',
    /already in risk unit "A"/,
  ],
  [
    'an unknown market',
    'risk_model:\n  model: grid\n  as_of: 2025-01-15T00:00:00Z\n  units:\n    A: { markets: [ETHUSDT], moves: [0.1] }\n',
    'risk_model.units.A.markets[0]',
    /not defined under markets/,
  ],
  [
    'weights that do not match the moves',
    'risk_model:\n  model: grid\n  as_of: 2025-01-15T00:00:00Z\n  units:\n    A: { markets: [BTCUSDT], moves: [0.1, -0.1], weights: [1] }\n',
    'risk_model.units.A.weights',
    /1 weights for 2 moves/,
  ],
  [
    'span16 without a scan range',
    'risk_model:\n  model: span16\n  as_of: 2025-01-15T00:00:00Z\n  units:\n    A: { markets: [BTCUSDT] }\n',
    'risk_model.units.A.scan_range',
    /required for span16/,
  ],
  [
    'MR7 tiers that do not ascend',
    'risk_model:\n  model: okx-pm\n  as_of: 2025-01-15T00:00:00Z\n  units:\n    A: { markets: [BTCUSDT], mr4_rate: 0.002, mr7_rate: 0.004, mr7_tiers: [{ up_to: 10, multiplier: 1 }, { up_to: 5, multiplier: 2 }] }\n',
    'risk_model.units.A.mr7_tiers[1].up_to',
    /must ascend/,
  ],
  [
    'a move of −100%',
    'risk_model:\n  model: grid\n  as_of: 2025-01-15T00:00:00Z\n  units:\n    A: { markets: [BTCUSDT], moves: [-1] }\n',
    'risk_model.units.A.moves[0]',
    /above -1/,
  ],
]

describe('risk_model problems', () => {
  it.each(cases)('%s', (_name, yaml, path, message) => {
    const found = problems(HEAD + yaml)
    const problem = found.find((p) => p.path === path)
    expect(problem, JSON.stringify(found)).toBeDefined()
    expect(problem!.message).toMatch(message)
    expect(problem!.line).toBeGreaterThan(HEAD.split('\n').length - 1)
  })

  it('ladder needs no as_of and no units', () => {
    expect(() => problems(`${HEAD}risk_model: { model: ladder }\n`)).toThrow('expected the input to be rejected')
  })
})
