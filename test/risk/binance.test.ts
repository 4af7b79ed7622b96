// binance-unimmr against the figures of Binance's FAQ "Binance Portfolio Margin Pro Maintenance Margin Ratio
// Calculation" (collateral and liquidation example, USDⓈ-M part): BTCUSDT perpetual short 0.05 @52,000 and the
// BTCUSDT 2022-06-24 future long 0.04 @52,350, marks 40,000 / 42,000, bracket 0.5%: unrealized PnL 600 and −414,
// futures MM 10 and 8.4. With the FAQ's 1,000 USDT margin asset and 5,000 USDT futures wallet (collateral rate 1),
// uniMMR = 6,186 ÷ 18.4 = 336.1957 (33,619.57%). The FAQ's BTC and ETH margin loans and its COIN-M line need index prices and collateral
// rates the page does not print; they are left out.
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import type { ModelResult } from '../../src/risk/view.js'
import { ownModel } from './helpers.js'

const ladder = [{ max_notional: '1000000', mmr: '0.005', max_leverage: '100' }]
const market = (mark: string) => ({ prices: { index: mark, mark, last: mark }, maintenance_ladder: ladder })

function binance(wallet: string, collateralRate?: string): ModelResult {
  const portfolio = {
    version: 1,
    as_of: '2022-05-01T00:00:00Z',
    venue: 'binance-usdm',
    account: { margin_mode: 'cross', wallet_balance: wallet },
    markets: { BTCUSDT: market('40000'), BTCUSDT_20220624: market('42000') },
    positions: [
      { id: 'perp-short', market: 'BTCUSDT', side: 'short', size: '0.05', entry_price: '52000' },
      { id: 'future-long', market: 'BTCUSDT_20220624', side: 'long', size: '0.04', entry_price: '52350' },
    ],
    risk_model: {
      model: 'binance-unimmr',
      as_of: '2024-11-06T00:00:00Z',
      ...(collateralRate ? { collateral_rate: collateralRate } : {}),
      units: { PERP: { markets: ['BTCUSDT'] }, FUTURE: { markets: ['BTCUSDT_20220624'] } },
    },
  }
  return ownModel(portfolio)
}

describe('binance-unimmr (Binance PM Pro FAQ figures)', () => {
  const result = binance('6000')

  it('futures MM 10 and 8.4 per line, 18.4 in all; equity 6,186; uniMMR 33,619.57%', () => {
    expect(result.units.map((u) => [u.unit.name, u.requirement.maintenance.toFixed()])).toEqual([
      ['PERP', '10'],
      ['FUTURE', '8.4'],
    ])
    expect([result.maintenance.toFixed(), result.equity.toFixed()]).toEqual(['18.4', '6186'])
    expect(result.equity.div(result.maintenance).mul(100).toFixed(2)).toBe('33619.57')
    expect(result.liquidationRatio.toFixed()).toBe('1.05')
  })

  it('the perpetual short liquidates where equity meets 1.05 × MM: 6,186 − 2,000(k − 1) = 1.05 × (8.4 + 10k)', () => {
    const k = new Decimal(8186).minus(new Decimal('1.05').mul('8.4')).div(new Decimal(2000).plus('10.5'))
    const perp = result.units.find((u) => u.unit.name === 'PERP')!
    expect(perp.up.prices.get('BTCUSDT')!.toFixed(6)).toBe(k.mul(40000).toFixed(6))
    expect(perp.down.move).toBeNull()
    // The future's long gains with the price up and loses little down: no fall to zero liquidates the account.
    expect(result.units.find((u) => u.unit.name === 'FUTURE')!.down.move).toBeNull()
  })

  it('a collateral rate below 1 haircuts positive equity only', () => {
    expect(binance('6000', '0.9').equity.toFixed()).toBe('5567.4')
  })
})
