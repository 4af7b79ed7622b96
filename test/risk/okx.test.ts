// okx-pm against OKX's own position-builder response (docs-v5 "Position builder (new)", response example, ts
// 1736936801642): short 10 BTC-USDT-SWAP (0.01 BTC each) and long 10 LTC-USDT-SWAP (1 LTC each). The prices are
// the USD prices the response implies: index = delta ÷ size (9,704.9036898 ÷ 0.1; 1,019.5308 ÷ 10) and
// mark = the MR1 base ÷ size (1,164.4109244720 ÷ 0.12 ÷ 0.1; 183.5067280572 ÷ 0.18 ÷ 10). MR4 and MR7 are
// not published: 0.2% / 0.45% (BTC) and 0.8% / 0.7% (LTC) are the response's own ratios, given in the file.
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { computeMargin } from '../../src/margin/index.js'
import { tieredMr7 } from '../../src/risk/models.js'
import { computeRisk, isUnavailable, type ModelResult } from '../../src/risk/view.js'
import { load } from '../helpers.js'

const ladder = [{ max_notional: '100000000', mmr: '0.004', max_leverage: '100' }]

const okxExample = {
  version: 1,
  as_of: '2025-01-15T10:26:41Z',
  venue: 'okx-swap',
  account: { margin_mode: 'cross', wallet_balance: '100', fees: { maker: '0.0002', taker: '0.0005' } },
  markets: {
    'BTC-USDT-SWAP': { prices: { index: '97049.036898', mark: '97034.243706', last: '97034.243706' }, maintenance_ladder: ladder },
    'LTC-USDT-SWAP': { prices: { index: '101.95308', mark: '101.948182254', last: '101.948182254' }, maintenance_ladder: ladder },
  },
  positions: [
    { id: 'btc-short', market: 'BTC-USDT-SWAP', side: 'short', size: '0.1', entry_price: '100000' },
    { id: 'ltc-long', market: 'LTC-USDT-SWAP', side: 'long', size: '10', entry_price: '8000' },
  ],
  risk_model: {
    model: 'okx-pm',
    as_of: '2025-01-15T00:00:00Z',
    units: {
      BTC: { markets: ['BTC-USDT-SWAP'], mr4_rate: '0.002', mr7_rate: '0.0045' },
      LTC: { markets: ['LTC-USDT-SWAP'], mr4_rate: '0.008', mr7_rate: '0.007' },
    },
  },
}

function okx(): ModelResult {
  const portfolio = load(okxExample)
  const view = computeRisk(portfolio, computeMargin(portfolio))
  const result = view.results[0]!
  if (isUnavailable(result)) throw new Error(result.reason)
  return result
}

const cents = (value: Decimal) => value.toDecimalPlaces(2).toFixed(2)

describe('okx-pm reproduces the position-builder example', () => {
  const result = okx()
  const unit = (name: string) => result.units.find((u) => u.unit.name === name)!.requirement

  it.each([
    ['BTC', '1183.82', '1538.97', '1164.41', '1164.41', '19.41', '43.67', 'MR1 +12%'],
    ['LTC', '191.66', '249.16', '183.51', '183.51', '8.16', '7.14', 'MR1 -18%'],
  ])('%s: MMR %s, IMR %s (MR1 %s, MR6 %s, MR4 %s, MR7 %s, binding %s)', (name, mmr, imr, mr1, mr6, mr4, mr7, binding) => {
    const r = unit(name)
    expect([cents(r.maintenance), cents(r.initial), cents(r.terms.mr1!), cents(r.terms.mr6!), cents(r.terms.mr4!), cents(r.terms.mr7!)]).toEqual([
      mmr,
      imr,
      mr1,
      mr6,
      mr4,
      mr7,
    ])
    expect(r.binding).toBe(binding)
  })

  it('every MR1 scenario of BTC matches the response (volSame; the vol states are equal for perpetuals)', () => {
    const pnl = Object.fromEntries(unit('BTC').scenarios.map((s) => [s.label, cents(s.pnl)]))
    expect(pnl).toEqual({
      'MR1 0%': '0.00',
      'MR1 +4%': '-388.14',
      'MR1 -4%': '388.14',
      'MR1 +8%': '-776.27',
      'MR1 -8%': '776.27',
      'MR1 +12%': '-1164.41',
      'MR1 -12%': '1164.41',
      'MR6 +24%': '-2328.82',
      'MR6 -24%': '2328.82',
    })
  })

  it('derivatives MMR 1,375.48 and 1.3 × it; deltas −9,704.90 and 1,019.53', () => {
    expect(cents(result.maintenance)).toBe('1375.48')
    expect(cents(result.initial)).toBe(cents(new Decimal('1375.4837063088').mul('1.3')))
    expect(cents(unit('BTC').terms.delta!)).toBe('-9704.90')
    expect(cents(unit('LTC').terms.delta!)).toBe('1019.53')
  })
})

describe('okx-pm MR7 tiers (OKX worked example: raw 30,000, ×1 to 10,000 then ×2 → 50,000)', () => {
  const tiers = [
    { upTo: new Decimal(10000), multiplier: new Decimal(1) },
    { upTo: new Decimal(70000), multiplier: new Decimal(2) },
    { upTo: null, multiplier: new Decimal(4) },
  ]
  it.each([
    ['30000', '50000'],
    ['10000', '10000'],
    ['70000', '130000'],
    ['80000', '170000'],
    ['0', '0'],
  ])('raw %s → %s', (raw, adjusted) => {
    expect(tieredMr7(new Decimal(raw), tiers).toFixed()).toBe(adjusted)
  })
})
