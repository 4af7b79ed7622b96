// The fees check prices a sliced market order on the same fills as the slippage check judges (issue 25): the
// plan's slices, not one walk of the whole size, through the binary's JSON report.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { portfolioWith, toYaml } from '../helpers.js'

type Figures = Record<string, string | null>

function report(portfolio: unknown) {
  const r = spawnSync(process.execPath, ['bin/perp-check.js', '-', '--format', 'json', '--only', 'fees,slippage'], {
    input: toYaml(portfolio),
    encoding: 'utf8',
  })
  expect(r.stderr).toBe('')
  const doc = JSON.parse(r.stdout) as { findings: { check: string; subject: string; figures: Figures }[] }
  const of = (check: string) => doc.findings.find((f) => f.check === check && f.subject === 'btc-buy')!.figures
  return { fees: of('fees'), slippage: of('slippage') }
}

function portfolio(book: Record<string, unknown>, order: Record<string, unknown>) {
  return portfolioWith((p) => {
    p.markets.BTCUSDT.book = {
      bids: [['63999', '5']],
      asks: [
        ['64001', '1'],
        ['64010', '2'],
        ['64100', '5'],
      ],
      ...book,
    }
    p.orders = [{ id: 'btc-buy', market: 'BTCUSDT', side: 'buy', size: '3', type: 'market', leverage: '10', ...order }]
  })
}

describe('fees of a sliced market order', () => {
  it.each([
    {
      name: 'refill known: the sliced estimate',
      book: { refill_half_life: '2s' },
      order: { slices: 3, interval: '10s' },
      vwap: 'sliced_vwap',
      source: 'sliced book walk',
    },
    {
      name: 'refill unknown: the never-refilled bound',
      book: {},
      order: { slices: 3, interval: '10s' },
      vwap: 'sliced_never_refilled_vwap',
      source: 'sliced book walk',
    },
    { name: 'one slice: the walk', book: { refill_half_life: '2s' }, order: {}, vwap: 'vwap', source: 'book walk' },
  ])('$name', ({ book, order, vwap, source }) => {
    const { fees, slippage } = report(portfolio(book, order))
    const planCost = new Decimal(slippage[vwap]!).times(3)
    expect(new Decimal(fees.notional!).toFixed()).toBe(planCost.toFixed())
    expect(new Decimal(fees.taker_fee!).toFixed()).toBe(planCost.times('0.0005').toFixed())
    expect(new Decimal(fees.expected_fee ?? fees.stress_expected_fee!).toFixed()).toBe(planCost.times('0.0005').toFixed())
    expect(new Decimal(fees.margin!).toFixed()).toBe(planCost.div(10).toFixed())
    expect(fees.notional_source).toBe(source)
  })

  it('with the refill known the plan costs less than one walk, and the fee is on the plan', () => {
    const { fees, slippage } = report(portfolio({ refill_half_life: '2s' }, { slices: 3, interval: '10s' }))
    expect(new Decimal(slippage.sliced_vwap!).lt(new Decimal(slippage.vwap!))).toBe(true)
    expect(new Decimal(fees.notional!).lt(new Decimal(slippage.cost!))).toBe(true)
  })
})
