// risk-model: the file's portfolio model per risk unit and for the account, and the models side by side. The
// figures are worked in each fixture's header; the venues' published examples are in test/risk/.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { check } from '../../src/index.js'
import type { RiskModelId } from '../../src/model.js'
import { findingsOf, toYaml } from '../helpers.js'

const ID = 'risk-model'
const fixture = (name: string) => parse(readFileSync(`fixtures/risk-model/${name}.yaml`, 'utf8'))
const pick = (figures: Record<string, unknown>, ...keys: string[]) => keys.map((k) => figures[k])

function compared(portfolio: unknown, riskModels?: RiskModelId[], verbose = false) {
  return check(toYaml(portfolio), { file: 'test.yaml', only: [ID], riskModels, verbose }).findings
}

describe('the file’s model: every finding of each fixture', () => {
  it('okx-pm (OKX’s example): the account fails, both units are already past; the BTC short’s profit is ranked for ADL', () => {
    const all = findingsOf(fixture('fail'), ID)
    expect(all.filter((f) => f.figures.adl_okx !== undefined).map((f) => [f.subject, f.status, f.figures.adl_venue])).toEqual([['btc-short', 'info', 'okx']])
    const findings = all.filter((f) => f.figures.adl_okx === undefined)
    expect(findings.map((f) => [f.status, f.subject, f.figures.maintenance, f.figures.initial])).toEqual([
      ['fail', 'account', '1375.4837063088', '1788.12881820144'],
      ['info', 'BTC', '1183.8207318516', '1538.96695140708'],
      ['info', 'LTC', '191.6629744572', '249.16186679436'],
    ])
    expect(findings[1]!.figures['pnl MR1 +12%']).toBe('-1164.410924472')
    expect(findings[1]!.figures.binding).toBe('MR1 +12%')
    expect(findings[1]!.figures.liquidation_down_move).toBe('0')
  })

  it('grid (BTC/ETH group with a beta): the extreme +30% binds at 1,500; liquidation +63.91% up, none down', () => {
    const findings = findingsOf(fixture('pass'), ID)
    expect(findings.map((f) => f.status)).toEqual(['pass', 'info'])
    expect(pick(findings[0]!.figures, 'maintenance', 'initial', 'equity', 'margin_ratio')).toEqual(['1500', '2250', '10000', '0.15'])
    const unit = findings[1]!.figures
    expect(pick(unit, 'binding', 'pnl +10%', 'pnl extreme +30%', 'liquidation_down_move')).toEqual(['extreme +30%', '-1000', '-3000', null])
    expect(Number(unit.liquidation_up_move)).toBeCloseTo(21800 / 13300 - 1, 20)
    expect(Number(unit.liquidation_up_price_BTCUSDT)).toBeCloseTo((50000 * 21800) / 13300, 8)
  })

  it('paradex-pm (BTC table): ratio 98% warns, equity below the initial requirement; liquidation −0.1536% to 69,892.47', () => {
    const findings = findingsOf(fixture('warn'), ID)
    expect(findings.map((f) => f.status)).toEqual(['warn', 'info'])
    expect(pick(findings[0]!.figures, 'maintenance', 'initial', 'margin_ratio')).toEqual(['4900', '9800', '0.98'])
    expect(Number(findings[1]!.figures['liquidation_down_price_BTC-USD-PERP'])).toBeCloseTo((70000 * 65000) / 65100, 8)
  })

  it('a file without risk_model: one skip (the ladder, judged elsewhere)', () => {
    expect(findingsOf(fixture('pass'), ID).length).toBe(2)
    const ladder = fixture('pass')
    delete ladder.risk_model
    expect(findingsOf(ladder, ID).map((f) => [f.status, f.figures.model])).toEqual([['skip', 'ladder']])
  })
})

describe('the margin-ratio boundary (thresholds.margin_ratio_warn 0.8 on the grid fixture: maintenance 1,500)', () => {
  it.each([
    // equity = wallet: 1,500 / 1,875 = 0.8 exactly warns; 1,876 passes; 1,500 is the liquidation level itself.
    ['1875', 'warn'],
    ['1876', 'pass'],
    ['2249', 'warn'], // below the initial requirement 2,250
    ['1500', 'fail'],
    ['1501', 'warn'],
  ])('wallet %s → %s', (wallet, status) => {
    const p = fixture('pass')
    p.account.wallet_balance = wallet
    p.risk_model.imr_multiplier = wallet === '2249' ? '1.5' : '1'
    expect(findingsOf(p, ID)[0]!.status).toBe(status)
  })
})

describe('side by side (--risk-model, --verbose)', () => {
  it('the grid fixture under grid and the ladder: the hedge saves margin on the grid and costs it on the ladder', () => {
    const findings = compared(fixture('pass'), ['ladder'])
    const rows = findings.filter((f) => f.figures.hedges_worth !== undefined)
    expect(rows.map((f) => pick(f.figures, 'model', 'maintenance'))).toEqual([
      ['grid', '1500'],
      ['ladder', '1000'],
    ])
    const eth = findings.find((f) => f.subject === 'eth-short')!
    // Without the ETH short the BTC long alone loses 0.5 × 15,000 = 7,500 at the −30% extreme: the leg saves 6,000;
    // on the ladder it adds its own 1% × 50,000 = 500.
    expect(pick(eth.figures, 'worth_grid', 'worth_ladder')).toEqual(['6000', '-500'])
  })

  it('a model without its unpublished parameters is skipped with what it needs', () => {
    const findings = compared(fixture('pass'), ['okx-pm'])
    const skipped = findings.find((f) => f.status === 'skip')!
    expect(skipped.figures.model).toBe('okx-pm')
    expect(skipped.message).toContain('majors.mr4_rate')
  })

  it('--verbose on a ladder file of a venue with a portfolio model compares the ladder with it', () => {
    const demo = parse(readFileSync('fixtures/demo.yaml', 'utf8'))
    const models = compared(demo, undefined, true)
      .filter((f) => f.figures.hedges_worth !== undefined)
      .map((f) => f.figures.model)
    expect(models).toEqual(['ladder', 'binance-unimmr'])
  })

  it('without --verbose or --risk-model a ladder file computes no model: the skip, the stepped liquidations and ADL only', () => {
    const demo = parse(readFileSync('fixtures/demo.yaml', 'utf8'))
    const steps = 'one reduce-only order (limit: bankruptcy price), then takeover by the insurance fund'
    expect(compared(demo).map((f) => [f.status, f.subject, f.figures.model ?? f.figures.rule ?? f.figures.ranks_high])).toEqual([
      ['skip', 'account', 'ladder'],
      ['info', 'btc-core', steps],
      ['info', 'btc-core', true],
      ['info', 'eth-swing', steps],
      ['info', 'eth-swing', false],
      ['info', 'sol-hedge', false],
    ])
  })
})
