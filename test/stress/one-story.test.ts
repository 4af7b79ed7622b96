// Issue 12, "one story across stress views": on every fixture the grid, the breaking points, the cascades and the
// liquidation prices, each computed its own way, tell the same story.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { findingsOf } from '../helpers.js'
import { derived, fixture } from './helpers.js'

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  )
}
const FIXTURES = yamlFiles('fixtures')
  .filter((f) => !f.includes('invalid'))
  .sort()

/** |a − b| within 1e-20 of the size of `scale`. */
const same = (a: Decimal | null | undefined, b: Decimal, scale: Decimal) => a?.minus(b).abs().lte(scale.abs().mul('1e-20')) ?? false

/** Beside the fixtures: issue 12's hedge-mode account (long 1, short 3 in one market), whose legs go up together. */
const HEDGE = `version: 1
as_of: 2026-11-21T07:45:00Z
venue: binance-usdm
account: { margin_mode: cross, wallet_balance: 3000, fees: { maker: 0.0002, taker: 0.0005 } }
markets:
  BTCUSDT:
    prices: { index: 60000, mark: 60000, last: 60000 }
    maintenance_ladder: [{ max_notional: 100000000, mmr: 0.005, max_leverage: 100 }]
    book: { bids: [[59999, 5]], asks: [[60001, 5]] }
positions:
  - { id: long, market: BTCUSDT, side: long, size: 1, entry_price: 60000 }
  - { id: short, market: BTCUSDT, side: short, size: 3, entry_price: 60000 }
`

describe.each([...FIXTURES, 'issue-12 hedge mode'])('%s', (file) => {
  const source = file === 'issue-12 hedge mode' ? HEDGE : fixture(file)
  const { margin, stress } = derived(source)
  const { portfolio } = margin.model
  const chains = new Map(stress.cascades.map((c) => [c.index, c]))

  it('a scenario with no cascade liquidates nothing; one with a cascade is the account the chain leaves', () => {
    for (const s of stress.scenarios) {
      const chain = chains.get(s.index)
      if (!chain) {
        expect([s.move.toFixed(), s.liquidated, s.cross?.liquidated ?? false]).toEqual([s.move.toFixed(), [], false])
        continue
      }
      expect(s.equity.eq(chain.equityAfter)).toBe(true)
      const forced = new Set([...chain.links.map((l) => l.position.id), ...chain.lost])
      expect(s.liquidated).toEqual(portfolio.positions.filter((p) => forced.has(p.id)).map((p) => p.id))
      expect(s.cross?.liquidated ?? false).toBe(chain.links.some((l) => l.position.marginMode === 'cross'))
    }
  })

  it('a chain opened by the market move on the cross account starts at the breaking point', () => {
    for (const chain of stress.cascades) {
      const first = chain.links[0]!
      if (first.cause.kind !== 'move' || first.position.marginMode !== 'cross') continue
      const bp = stress.breakingPoints[chain.move.isNeg() ? 'down' : 'up']
      expect(same(bp.move, first.move, first.move)).toBe(true)
    }
  })

  it('a position past liquidation now is forced out first in every chain, and the account is at maintenance now when it is cross', () => {
    for (const [id, m] of margin.positions) {
      if (!m.liquidation.alreadyPast) continue
      for (const chain of stress.cascades) expect(chain.links.some((l) => l.position.id === id && l.cause.kind === 'now') || chain.lost.includes(id)).toBe(true)
      if (m.marginMode === 'cross') expect([stress.breakingPoints.down.move?.isZero(), stress.breakingPoints.up.move?.isZero()]).toEqual([true, true])
    }
    const texts = findingsOf(source, 'liquidation-path').map((f) => f.message)
    for (const text of texts)
      if (text.includes('cascade') && text.includes('already at maintenance') && text.includes('survives'))
        expect(text).toContain('already past liquidation now')
  })

  it('the liquidation price of a cross position in a one-market account is the breaking point’s price (same direction)', () => {
    const cross = margin.model.cross
    if (cross?.exposures.size !== 1 || portfolio.positions.some((p) => p.marginMode === 'isolated')) return
    const [symbol] = [...cross!.exposures.keys()]
    if (!(portfolio.stress.betas.get(symbol!)?.eq(1) ?? true)) return
    for (const m of margin.positions.values()) {
      if (!m.liquidation.price || m.liquidation.alreadyPast) continue
      const bp = stress.breakingPoints[m.liquidation.direction]
      expect(same(bp.prices?.get(symbol!), m.liquidation.price, m.liquidation.price)).toBe(true)
    }
  })

  it('no loss is negative', () => {
    for (const c of stress.cascades) expect([c.totalLoss.isNeg(), c.totalGain.isNeg(), c.totalLoss.gt(0) && c.totalGain.gt(0)]).toEqual([false, false, false])
    if ('cross' in stress.blastRadius)
      for (const l of [stress.blastRadius.cross, stress.blastRadius.isolated]) expect([l.loss.isNeg(), l.gain.isNeg()]).toEqual([false, false])
  })
})

it('covers every fixture', () => {
  expect(FIXTURES.length).toBeGreaterThan(30)
})

describe('a breaking point past where a market reaches zero', () => {
  // BTC (β 2) long 1 at 60,000 and ETH long 10 at 3,000 on 80,000: BTC reaches zero at m = −0.5 with 80,000 − 75,000
  // = 5,000 left above maintenance; ETH alone reaches maintenance later, 5,000 − 30,000·(−0.5 − m) = 0.005·30,000·(1 + m),
  // at m ≈ −0.665, with BTC only held at its 10⁻⁹ floor: no breaking point before BTCUSDT reaches zero.
  const account = (wallet: string) => `version: 1
as_of: 2026-11-21T07:45:00Z
account: { margin_mode: cross, wallet_balance: ${wallet}, fees: { maker: 0.0002, taker: 0.0005 } }
markets:
  BTCUSDT: { prices: { index: 60000, mark: 60000, last: 60000 }, maintenance_ladder: [{ max_notional: 100000000, mmr: 0.005, max_leverage: 100 }] }
  ETHUSDT: { prices: { index: 3000, mark: 3000, last: 3000 }, maintenance_ladder: [{ max_notional: 100000000, mmr: 0.005, max_leverage: 100 }] }
positions:
  - { id: btc, market: BTCUSDT, side: long, size: 1, entry_price: 60000 }
  - { id: eth, market: ETHUSDT, side: long, size: 10, entry_price: 3000 }
stress: { betas: { BTCUSDT: 2 } }
`

  it('80,000: "no breaking point before BTCUSDT reaches zero", not a price of 0.00006', () => {
    const { down } = derived(account('80000')).stress.breakingPoints
    expect([down.move, down.prices, down.reason]).toEqual([null, null, 'no breaking point before BTCUSDT reaches zero'])
  })

  it('70,000: the account breaks before BTC reaches zero, at 70,000 + 150,000·m = 0.005·(60,000·(1 + 2m) + 30,000·(1 + m))', () => {
    // 70,000 + 150,000·m = 450 + 750·m ⇒ m = −69,550 / 149,250
    const { down } = derived(account('70000')).stress.breakingPoints
    expect(down.move?.toSignificantDigits(24).toFixed()).toBe(new Decimal(-69550).div(149250).toSignificantDigits(24).toFixed())
  })
})
