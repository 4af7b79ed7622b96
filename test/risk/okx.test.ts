// okx-pm against OKX's own position-builder response (docs-v5 "Position builder (new)", response example, ts
// 1736936801642): short 10 BTC-USDT-SWAP (0.01 BTC each) and long 10 LTC-USDT-SWAP (1 LTC each). The prices are
// the USD prices the response implies: index = delta ÷ size (9,704.9036898 ÷ 0.1; 1,019.5308 ÷ 10) and
// mark = the MR1 base ÷ size (1,164.4109244720 ÷ 0.12 ÷ 0.1; 183.5067280572 ÷ 0.18 ÷ 10). MR4 and MR7 are
// not published: 0.2% / 0.45% (BTC) and 0.8% / 0.7% (LTC) are the response's own ratios, given in the file
// (fixtures/risk-model/fail.yaml).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { tieredMr7 } from '../../src/risk/models.js'
import { ownModel } from './helpers.js'

const okx = () => ownModel(readFileSync('fixtures/risk-model/fail.yaml', 'utf8'))

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
