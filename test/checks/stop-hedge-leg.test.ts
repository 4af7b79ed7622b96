// A hedge leg's stop against the liquidation that takes it: in hedge mode the liquidation is searched in the
// direction the account's net exposure loses, which for the smaller leg is its winning side. Through the
// binary: the item states that direction (not the leg's own) and a stop that triggers the other way fails.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { portfolioWith, toYaml } from '../helpers.js'

// Cross, wallet 20 000; ETH short 40 @ 3200 and long 20 @ 3100 (net short 20): the pool loses as ETH rises.
function hedge(netShort: boolean, stops: { long: string; short: string }) {
  return portfolioWith((p) => {
    p.account.wallet_balance = '20000'
    p.markets = {
      ETHUSDT: {
        prices: { index: '3150', mark: '3150.5', last: '3150.2' },
        maintenance_ladder: [{ max_notional: '1000000', mmr: '0.005', max_leverage: '100' }],
        tick_size: '0.01',
        book: {
          bids: [
            ['3150', '100'],
            ['3140', '100'],
          ],
          asks: [
            ['3151', '100'],
            ['3160', '100'],
          ],
        },
      },
    }
    const [big, small] = netShort ? ['short', 'long'] : ['long', 'short']
    p.positions = [
      {
        id: `eth-${big}`,
        market: 'ETHUSDT',
        side: big,
        size: '40',
        entry_price: '3150',
        leverage: '10',
        stop: { price: stops[big as 'long'], trigger: 'mark' },
      },
      {
        id: `eth-${small}`,
        market: 'ETHUSDT',
        side: small,
        size: '20',
        entry_price: '3150',
        leverage: '10',
        stop: { price: stops[small as 'long'], trigger: 'mark' },
      },
    ]
  })
}

function stopItems(portfolio: unknown) {
  const r = spawnSync(process.execPath, ['bin/perp-check.js', '-', '--format', 'json', '--only', 'stop-vs-liquidation'], {
    input: toYaml(portfolio),
    encoding: 'utf8',
  })
  expect(r.stderr).toBe('')
  const doc = JSON.parse(r.stdout) as {
    findings: { subject: string; status: string; figures: Record<string, unknown> }[]
    positions: { id: string; liquidation_price: string }[]
  }
  return Object.fromEntries(
    doc.findings.map((f) => [
      f.subject,
      { status: f.status, liquidation: f.figures.liquidation_direction, stop: f.figures.stop_direction, buffer_bps: f.figures.buffer_bps },
    ]),
  )
}

describe('stop-vs-liquidation on hedge legs', () => {
  it('net short: both legs go as ETH rises; the short’s buy stop triggers first, the long’s sell stop never does', () => {
    const items = stopItems(hedge(true, { long: '3000', short: '3400' }))
    expect(items['eth-short']).toMatchObject({ status: 'pass', liquidation: 'up', stop: 'up' })
    expect(items['eth-long']).toEqual({ status: 'fail', liquidation: 'up', stop: 'down', buffer_bps: null })
  })

  it('net long: both legs go as ETH falls; the short’s buy stop never triggers on the way', () => {
    const items = stopItems(hedge(false, { long: '2900', short: '3300' }))
    expect(items['eth-long']).toMatchObject({ status: 'pass', liquidation: 'down', stop: 'down' })
    expect(items['eth-short']).toEqual({ status: 'fail', liquidation: 'down', stop: 'up', buffer_bps: null })
  })

  it('one position a side: the liquidation is on its own losing side', () => {
    const single = hedge(true, { long: '3000', short: '3400' })
    single.positions = single.positions.slice(1)
    expect(stopItems(single)['eth-long']).toMatchObject({ liquidation: 'down', stop: 'down' })
  })
})
