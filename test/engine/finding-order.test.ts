// The order of a run's findings (src/engine/run.ts): by subject as the file reads (the account, markets,
// positions, orders), then by check in the order they ran, each check's own order kept; a subject the file does
// not name comes last. Held to the comparison sort it replaced, on drafts given out of order.
import { describe, expect, it } from 'vitest'
import { runChecks } from '../../src/engine/run.js'
import { defineCheck, type Draft, type Finding } from '../../src/engine/types.js'
import { loadPortfolio } from '../../src/input/load.js'
import { toYaml } from '../helpers.js'

const market = (price: string) => ({
  prices: { index: price, mark: price, last: price },
  maintenance_ladder: [{ max_notional: '10000000', mmr: '0.01', max_leverage: '50' }],
})
const PORTFOLIO = {
  version: 1,
  as_of: '2026-11-21T07:45:00Z',
  account: { margin_mode: 'cross', wallet_balance: '6000', fees: { maker: '0.0002', taker: '0.0005' } },
  markets: { BTCUSDT: market('50000'), ETHUSDT: market('3000') },
  positions: [
    { id: 'eth-short', market: 'ETHUSDT', side: 'short', size: '2', entry_price: '3000' },
    { id: 'btc-long', market: 'BTCUSDT', side: 'long', size: '0.1', entry_price: '50000' },
  ],
  orders: [{ id: 'btc-add', market: 'BTCUSDT', side: 'buy', size: '0.1' }],
}

/** A check that says `messages` about `subjects`, in the order given. */
function saying(id: string, items: [subject: string, message: string][]) {
  return defineCheck({
    id,
    title: id,
    views: [],
    explanation: 'says what it is told',
    run: () => items.map(([subject, message]): Draft => ({ status: 'info', subject, message, path: [] })),
  })
}

const FIRST = saying('first', [
  ['btc-add', 'f1'],
  ['btc-long', 'f2'],
  ['nobody', 'f3'],
  ['account', 'f4'],
  ['btc-long', 'f5'],
  ['ETHUSDT', 'f6'],
])
const SECOND = saying('second', [
  ['nobody', 's1'],
  ['btc-long', 's2'],
  ['eth-short', 's3'],
  ['account', 's4'],
  ['BTCUSDT', 's5'],
  ['btc-long', 's6'],
])

/** The comparison sort the engine used: subject in reading order (unknown last), then check, stable. */
function compared(
  findings: readonly Finding[],
  checks: readonly string[],
  subjects = ['account', 'BTCUSDT', 'ETHUSDT', 'eth-short', 'btc-long', 'btc-add'],
): Finding[] {
  const rank = (s: string) => (subjects.includes(s) ? subjects.indexOf(s) : subjects.length)
  return [...findings].sort((a, b) => rank(a.subject) - rank(b.subject) || checks.indexOf(a.check) - checks.indexOf(b.check))
}

describe('the order of findings', () => {
  const { portfolio, document } = loadPortfolio(toYaml(PORTFOLIO), { file: 'order.yaml' })

  it.each([
    ['first, then second', [FIRST, SECOND], ['f4', 's4', 's5', 'f6', 's3', 'f2', 'f5', 's2', 's6', 'f1', 'f3', 's1']],
    ['second, then first', [SECOND, FIRST], ['s4', 'f4', 's5', 'f6', 's3', 's2', 's6', 'f2', 'f5', 'f1', 's1', 'f3']],
    ['one check', [SECOND], ['s4', 's5', 's3', 's2', 's6', 's1']],
    ['no check', [], []],
  ])('%s', (_, checks, messages) => {
    const { findings } = runChecks({ portfolio, document }, checks)
    expect(findings.map((f) => f.message)).toEqual(messages)
    expect(findings).toEqual(
      compared(
        findings,
        checks.map((c) => c.id),
      ),
    )
  })
})

// A position named like a market: its id is read once, with the market, and a subject the file does not name still
// comes after every named one (the slot after the last id, not the slot after as many ids as there are distinct).
describe('the order of findings when an id repeats', () => {
  const repeated = { ...PORTFOLIO, positions: [{ ...PORTFOLIO.positions[0], id: 'ETHUSDT' }, PORTFOLIO.positions[1]] }
  const { portfolio, document } = loadPortfolio(toYaml(repeated), { file: 'order.yaml' })
  const check = saying('only', [
    ['nobody', 'n1'],
    ['btc-add', 'a1'],
    ['ETHUSDT', 'e1'],
    ['btc-long', 'b1'],
    ['nobody', 'n2'],
    ['btc-add', 'a2'],
  ])

  it('puts the unnamed subject last', () => {
    const { findings } = runChecks({ portfolio, document }, [check])
    expect(findings.map((f) => f.message)).toEqual(['e1', 'b1', 'a1', 'a2', 'n1', 'n2'])
    expect(findings).toEqual(compared(findings, ['only'], ['account', 'BTCUSDT', 'ETHUSDT', 'btc-long', 'btc-add']))
  })
})
