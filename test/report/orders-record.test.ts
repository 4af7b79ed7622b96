// The JSON orders[] records carry the schedule and tick parameters their figures used (slices, interval,
// latencies, the tick model), which the text report states beside them: through the binary, for the demo and
// for orders whose parameters are defaulted, inferred or given in the file.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { portfolioWith, toYaml } from '../helpers.js'

type Doc = { orders: Record<string, unknown>[]; findings: { check: string; subject: string; figures: Record<string, unknown> }[] }

function jsonReport(source: string): Doc {
  const r = spawnSync(process.execPath, ['bin/perp-check.js', '-', '--format', 'json'], { input: source, encoding: 'utf8' })
  expect(r.stderr).toBe('')
  return JSON.parse(r.stdout) as Doc
}

const generated = portfolioWith((p) => {
  p.markets.BTCUSDT.volatility = '0.5'
  p.markets.BTCUSDT.book = {
    bids: [
      ['63999.5', '5'],
      ['63990', '5'],
    ],
    asks: [
      ['64000.5', '5'],
      ['64010', '5'],
    ],
  }
  p.markets.BTCUSDT.microstructure = { quote_rate: '40' }
  p.stress = { latency: '150ms' }
  p.orders = [
    { id: 'mkt', market: 'BTCUSDT', side: 'buy', size: '1', type: 'market', slices: 3, interval: '5s' },
    { id: 'bid', market: 'BTCUSDT', side: 'buy', size: '1', type: 'limit', price: '63995.5' },
  ]
})

const PARAMETERS = ['slices', 'interval_ms', 'latency_ms', 'fee_latency_ms', 'stress_latency_ms', 'tick_size', 'tick_source', 'quote_rate_source']

describe('orders[] records: the parameters the figures used', () => {
  const docs = { demo: jsonReport(readFileSync('fixtures/demo.yaml', 'utf8')), generated: jsonReport(toYaml(generated)) }
  it.each([
    // the demo's sliced limit buy: 4 slices 30s apart, 20ms latency, ETHUSDT's file tick 0.01, the quote rate from the volatility
    ['demo', 'eth-add', [4, 30000, 20, 20, 200, '0.01', 'file', 'volatility']],
    ['demo', 'eth-bid', [1, 0, 20, 20, 200, '0.01', 'file', 'volatility']],
    // a market order has no tick model; without a latency of its own its fee is at the stress latency (the file's 150ms)
    ['generated', 'mkt', [3, 5000, null, 150, 150, null, null, null]],
    // no tick_size in the file: the tick inferred from the traded prices (0.1), the quote rate the file's
    ['generated', 'bid', [1, 0, null, 150, 150, '0.1', 'inferred', 'file']],
  ] as const)('%s %s', (name, id, expected) => {
    const doc = docs[name]
    const record = doc.orders.find((o) => o.id === id)!
    expect(PARAMETERS.map((name) => record[name])).toEqual(expected)
    const fees = doc.findings.find((f) => f.check === 'fees' && f.subject === id)!.figures
    expect([record.tick_size, record.quote_rate]).toEqual([fees.tick, fees.quote_rate])
  })
})
