// `perp-check init --venue <id>`: each venue's starter file checks as written, with no failing item, and the
// command line writes it (or refuses an unknown venue with exit 2).
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { main } from '../../src/cli.js'
import { capturedIo as io } from '../helpers.js'
import { STARTER_VENUES, starterFile } from '../../src/exchange/init.js'
import { check } from '../../src/index.js'

const NOW = Date.parse('2026-11-21T07:45:30Z')

describe('perp-check init', () => {
  it.each(['generic', 'binance-usdm', 'bybit-linear', 'okx-swap', 'hyperliquid', 'dydx-v4', 'paradex'])(
    '%s: checks as written, no item warns or fails',
    (venue) => {
      const text = starterFile(venue, NOW)
      const report = check(text, { file: `${venue}.yaml` })
      expect(report.venue).toBe(venue)
      expect(report.findings.filter((f) => f.status === 'warn' || f.status === 'fail')).toEqual([])
      // Skipped only: the ladder file asks for no portfolio model, and venues that publish no order-rate limit have none.
      const skipped = new Set(report.findings.filter((f) => f.status === 'skip').map((f) => f.check))
      expect([...skipped].filter((id) => id !== 'risk-model' && id !== 'order-rate')).toEqual([])
      expect(report.failures).toEqual([])
      const doc = parse(text)
      expect(doc.as_of).toBe('2026-11-21T07:45:00Z')
      // the next funding instant on the venue's grid: 08:00 for both the 8-hour and the hourly venues
      expect(Object.values(doc.markets as Record<string, { funding: { next_at: string } }>)[0]!.funding.next_at).toBe('2026-11-21T08:00:00Z')
      expect(doc.positions).toHaveLength(1)
    },
  )

  it('every block of a venue file carries a comment naming where its numbers come from', () => {
    const lines = starterFile('bybit-linear', NOW).split('\n')
    for (const key of ['  wallet_balance:', '  fees:', '    prices:', '    maintenance_ladder:', '    funding:', '    book:', '  - market:']) {
      const at = lines.findIndex((line) => line.startsWith(key))
      expect(lines[at - 1], key).toMatch(/^\s*# .*(GET|POST) \//)
    }
  })

  it('ccxt ids are accepted as aliases', () => {
    expect(STARTER_VENUES).toMatchObject({ binanceusdm: 'binance-usdm', bybit: 'bybit-linear', okx: 'okx-swap', dydx: 'dydx-v4' })
  })

  it('the command writes the file with -o, which then checks with exit 0', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'perp-check-init-')), 'portfolio.yaml')
    const run = io()
    expect(await main(['init', '--venue', 'okx', '-o', file], run.io)).toBe(0)
    expect(readFileSync(file, 'utf8')).toContain('venue: okx-swap')
    expect(await main([file], io().io)).toBe(0)
  })

  it('an unknown venue exits 2 and lists the known ones', async () => {
    const run = io()
    expect(await main(['init', '--venue', 'ftx'], run.io)).toBe(2)
    expect(run.err.join('')).toMatch(/--venue: expected one of .*binance-usdm.*hyperliquid/)
    expect(run.out).toEqual([])
  })
})
