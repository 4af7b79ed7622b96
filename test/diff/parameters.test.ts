// Parameter changes that matter, each one line with its effect on every position it touches; orders and
// markets paired and compared field by field; finding status changes paired by check and subject.
import { describe, expect, it } from 'vitest'
import type { DiffResult } from '../../src/diff/index.js'
import { diff } from '../../src/index.js'
import { basePortfolio, toYaml } from '../helpers.js'

type Mutate = (p: Record<string, any>) => void

/** The helpers' base portfolio (BTCUSDT at 64000, wallet 10000) with a funding section and one cross long. */
function snapshot(mutate: Mutate = () => {}): string {
  const p = basePortfolio()
  p.markets.BTCUSDT.funding = { rate: '0.0001', next_at: '2026-11-21T08:00:00Z', interval: '8h' }
  p.positions = [{ id: 'btc', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '64000', leverage: '10' }]
  mutate(p)
  return toYaml(p)
}

const diffOf = (mutate: Mutate, before: Mutate = () => {}) =>
  diff([
    { file: 'old.yaml', source: snapshot(before) },
    { file: 'new.yaml', source: snapshot(mutate) },
  ]) as DiffResult

const kinds = (d: DiffResult) => d.parameters.map((p) => [p.kind, p.subject, p.old, p.new])

describe('parameter changes', () => {
  it('none when nothing changed: every position unchanged, no changes listed', () => {
    const d = diffOf(() => {})
    expect(d.parameters).toEqual([])
    expect(d.positions.map((p) => p.status)).toEqual(['unchanged'])
    expect(d.changes).toEqual([])
    expect(d.worse).toEqual({ fail: 0, warn: 0 })
  })

  it('a funding interval 8h → 4h: one line with each position’s funding over its hold (24h), old → new', () => {
    const d = diffOf((p) => {
      p.markets.BTCUSDT.funding.interval = '4h'
    })
    expect(kinds(d)).toEqual([['funding-interval', 'BTCUSDT', '8h', '4h']])
    // 24h hold from 07:45: 3 settlements at 8h, 6 at 4h, each 1 × 64000 × 0.0001 = 6.4.
    expect(d.parameters[0]!.effects).toEqual([{ position: 'btc', figure: 'funding over hold', old: '19.2', new: '38.4' }])
    expect(d.parameters[0]!.message).toBe('BTCUSDT funding interval 8h → 4h: btc funding over hold 19.2 → 38.4')
    const source = snapshot((p) => {
      p.markets.BTCUSDT.funding.interval = '4h'
    })
    const line = source.split('\n').findIndex((l) => l.includes('interval: 4h')) + 1
    expect(d.parameters[0]).toMatchObject({ path: 'markets.BTCUSDT.funding.interval', line })
  })

  it('a funding cap given: one line', () => {
    const d = diffOf((p) => {
      p.markets.BTCUSDT.funding.cap = '0.003'
    })
    expect(kinds(d)).toEqual([['funding-cap', 'BTCUSDT', 'none', '0.003']])
  })

  it('a leverage 10x → 5x: the initial margin doubles, the cross liquidation price does not move', () => {
    const d = diffOf((p) => {
      p.positions[0].leverage = '5'
    })
    expect(kinds(d)).toEqual([['leverage', 'btc', '10', '5']])
    const [initial, liquidation] = d.parameters[0]!.effects
    expect(initial).toEqual({ position: 'btc', figure: 'initial margin', old: '6400', new: '12800' })
    expect(liquidation!.old).toBe(liquidation!.new)
  })

  it('margin added to an isolated position without a file leverage: its derived leverage moves, but no setting changed', () => {
    const isolated = (margin: string) => (p: Record<string, any>) => {
      p.positions[0].margin_mode = 'isolated'
      p.positions[0].margin = margin
      delete p.positions[0].leverage
    }
    const d = diffOf(isolated('7000'), isolated('6400'))
    expect(kinds(d)).toEqual([])
    expect(d.positions[0]!.attribution!.components.filter((c) => c.liquidation_price !== '0').map((c) => c.step)).toEqual(['margin'])
  })

  it('a liquidation reference mark → last: the trigger price moves, the distance with it (the price step)', () => {
    const d = diffOf((p) => {
      p.markets.BTCUSDT.liquidation_trigger = 'last'
      p.markets.BTCUSDT.prices.last = '63000'
    })
    expect(kinds(d)).toEqual([['liquidation-reference', 'BTCUSDT', 'mark', 'last']])
    const step = d.positions[0]!.attribution!.components.find((c) => c.step === 'price')!
    expect(d.parameters[0]!.effects).toEqual([{ position: 'btc', figure: 'distance (price step)', old: null, new: expect.stringMatching(/^−\d/) }])
    expect(step.liquidation_price).toBe('0')
  })

  it('a margin mode cross → isolated: one line with the liquidation price old → new', () => {
    const d = diffOf((p) => {
      p.positions[0].margin_mode = 'isolated'
      p.positions[0].margin = '6400'
    })
    expect(kinds(d)).toEqual([['margin-mode', 'btc', 'cross', 'isolated']])
    expect(d.positions[0]!.attribution!.complete).toBe(true)
  })
})

describe('orders and markets', () => {
  const order = (id: string, size: string) => ({ id, market: 'BTCUSDT', side: 'buy', size })

  it('orders pair by id: changed field by field, added and removed', () => {
    const d = diffOf(
      (p) => {
        p.orders = [order('a', '0.2'), order('c', '0.1')]
      },
      (p) => {
        p.orders = [order('a', '0.1'), order('b', '0.1')]
      },
    )
    expect(d.orders).toEqual([
      { id: 'a', status: 'changed', fields: [{ field: 'size', old: '0.1', new: '0.2' }] },
      { id: 'c', status: 'added', fields: [] },
      { id: 'b', status: 'removed', fields: [] },
    ])
    expect(d.changes.filter((c) => c.rule.startsWith('order-')).map((c) => [c.rule, c.file, c.path])).toEqual([
      ['order-changed', 'new.yaml', 'orders[0]'],
      ['order-added', 'new.yaml', 'orders[1]'],
      ['order-removed', 'old.yaml', 'orders[1]'],
    ])
  })

  it('a market added and one removed', () => {
    const eth = { prices: { index: '3000', mark: '3000', last: '3000' }, maintenance_ladder: [{ max_notional: '100000', mmr: '0.01', max_leverage: '50' }] }
    const d = diffOf(
      (p) => {
        p.markets.ETHUSDT = eth
      },
      (p) => {
        p.markets.SOLUSDT = eth
      },
    )
    expect(d.markets.map((m) => [m.id, m.status])).toEqual([
      ['ETHUSDT', 'added'],
      ['SOLUSDT', 'removed'],
    ])
  })

  it('a position closed keeps its old figures and points into the old file', () => {
    const d = diffOf(
      (p) => {
        p.positions = []
      },
      () => {},
    )
    expect(d.positions.map((p) => [p.id, p.status, p.new])).toEqual([['btc', 'closed', null]])
    expect(d.changes.find((c) => c.rule === 'position-closed')).toMatchObject({ file: 'old.yaml', path: 'positions[0]' })
  })
})
