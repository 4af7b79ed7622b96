// A what-if re-derives only the markets it touches (MarginModel.variant). Its figures must be those of the
// whole portfolio with the change applied and computed from scratch, for every position: the changed one,
// the others in its market, and the cross positions elsewhere that share the wallet.
import { describe, expect, it } from 'vitest'
import { computeMargin, type MarginChange, marginAfter } from '../../src/margin/index.js'
import { withLadder, withLeverageCut, withOrderFilled, withSizeCut } from '../../src/margin/scenarios.js'
import type { Portfolio } from '../../src/model.js'
import { d, load } from './load.js'

const market = (price: string, ladder: unknown) => ({ prices: { index: price, mark: price, last: price }, maintenance_ladder: ladder })
const LADDER = [
  { max_notional: '50000', mmr: '0.004', max_leverage: '125' },
  { max_notional: '600000', mmr: '0.005', max_leverage: '100', maintenance_amount: '50' },
  { max_notional: '3000000', mmr: '0.0065', max_leverage: '75', maintenance_amount: '950' },
]

function account(venue: string): Portfolio {
  return load({
    version: 1,
    as_of: '2026-11-21T07:45:00Z',
    venue,
    account: { margin_mode: 'cross', wallet_balance: '10000', fees: { maker: '0.0002', taker: '0.0005' } },
    markets: { BTCUSDT: market('64000', LADDER), ETHUSDT: market('3000', [{ max_notional: '1000000', mmr: '0.01', max_leverage: '50' }]) },
    positions: [
      { id: 'btc', market: 'BTCUSDT', side: 'long', size: '2', entry_price: '64000', leverage: '10' },
      { id: 'btc2', market: 'BTCUSDT', side: 'short', size: '0.5', entry_price: '63000' },
      { id: 'eth', market: 'ETHUSDT', side: 'long', size: '10', entry_price: '3000', leverage: '10' },
      { id: 'iso', market: 'ETHUSDT', side: 'short', size: '5', entry_price: '3100', margin_mode: 'isolated', margin: '1500' },
    ],
    orders: [
      { id: 'add', market: 'ETHUSDT', side: 'buy', size: '4', type: 'market' },
      { id: 'rest', market: 'BTCUSDT', side: 'buy', size: '1', type: 'limit', price: '60000' },
    ],
  })
}

/** The portfolio with `change` applied, as a file would state it. */
function applied(portfolio: Portfolio, change: MarginChange): Portfolio {
  const replaced = new Map((change.positions ?? []).map((p) => [p.id, p]))
  const positions = portfolio.positions.filter((p) => !change.removed?.includes(p.id)).map((p) => replaced.get(p.id) ?? p)
  for (const p of change.positions ?? []) if (!portfolio.positions.some((q) => q.id === p.id)) positions.push(p)
  const markets = new Map(portfolio.markets)
  if (change.market) markets.set(change.market.symbol, change.market)
  return { ...portfolio, markets, positions, account: { ...portfolio.account, walletBalance: change.walletBalance ?? portfolio.account.walletBalance } }
}

const FIGURES = ['liquidation', 'bankruptcyPrice', 'marginBalance', 'marginRatio', 'maintenanceMargin', 'bandStart'] as const

describe.each(['generic', 'bybit-linear', 'okx-swap'])('variant = the changed portfolio computed whole (%s)', (venue) => {
  const portfolio = account(venue)
  const view = computeMargin(portfolio)
  const position = (id: string) => portfolio.positions.find((p) => p.id === id)!
  const changes: [string, MarginChange][] = [
    [
      'a ladder change on BTC (the ETH cross position shares the wallet)',
      withLadder(portfolio.markets.get('BTCUSDT')!, [{ maxNotional: d('1000000'), mmr: d('0.05'), maxLeverage: d('20'), path: [] }]),
    ],
    ['a cross size cut', withSizeCut(position('btc'), d('0.5'))],
    ['a cross leverage cut (a deposit into the wallet)', withLeverageCut(portfolio, position('eth'), d('0.25'), d('10')).change],
    ['an isolated leverage cut (margin added)', withLeverageCut(portfolio, position('iso'), d('0.25'), d('2')).change],
    ['an order filled', withOrderFilled(portfolio, portfolio.orders[0]!).change],
    ['a resting order filled at its limit (the market stands there)', withOrderFilled(portfolio, portfolio.orders[1]!, true).change],
    ['a position closed, the wallet credited', { removed: ['btc2'], walletBalance: d('10500') }],
  ]

  it.each(changes)('%s', (_name, change) => {
    const after = marginAfter(view, change)
    const whole = computeMargin(applied(portfolio, change))
    for (const id of whole.positions.keys()) {
      const expected = whole.positions.get(id)!
      const actual = after(id)
      for (const figure of FIGURES) expect(JSON.stringify(actual[figure]), `${id}.${figure}`).toBe(JSON.stringify(expected[figure]))
    }
  })
})
