// The attribution of a liquidation price's and distance's move: fixture pairs in fixtures/diff/ change one input
// each (the other six components exactly 0) and all of them at once; the components sum exactly to the total.
// The expected liquidation prices are worked by hand from the cross-account equation of docs/diff.md:
// W + q·(P − E) [+ other positions' PnL − their maintenance] = q·P·mmr − cum, so P = (q·E − W' − cum) / (q·(1 − mmr)).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { type DiffResult, WIDE } from '../../src/diff/index.js'
import { diff } from '../../src/index.js'
import { toYaml } from '../helpers.js'

/** One BTCUSDT market (mmr 0.005 up to 5M) and the given account and positions, as YAML. */
function inline(
  account: Record<string, unknown>,
  positions: Record<string, string>[],
  asOf = '2026-11-21T07:00:00Z',
  funding?: Record<string, string>,
): string {
  const market = {
    prices: { index: '60000', mark: '60000', last: '60000' },
    maintenance_ladder: [{ max_notional: '5000000', mmr: '0.005', max_leverage: '100' }],
    ...(funding && { funding }),
  }
  return toYaml({ version: 1, as_of: asOf, account: { fees: { maker: '0', taker: '0' }, ...account }, markets: { BTCUSDT: market }, positions })
}

/** The diff of two inline snapshots. */
const diffOf = (old: string, next: string) =>
  diff([
    { file: 'old.yaml', source: old },
    { file: 'new.yaml', source: next },
  ]) as DiffResult

const STEPS = ['price', 'funding', 'margin', 'size', 'ladder', 'others', 'fees'] as const

function pair(name: string): DiffResult {
  const read = (f: string) => ({ file: `fixtures/diff/${name}/${f}`, source: readFileSync(`fixtures/diff/${name}/${f}`, 'utf8') })
  const out = diff([read('old.yaml'), read('new.yaml')])
  if (out.kind !== 'diff') throw new Error('expected a two-snapshot diff')
  return out
}

function position(result: DiffResult, id: string) {
  const p = result.positions.find((x) => x.id === id)
  if (!p?.attribution) throw new Error(`no attribution for ${id}`)
  return p
}

/** A price as the chain holds it: 5 decimals for a 60000 trigger (10 significant digits on its scale), half-even. */
const price5 = (numerator: string | number, denominator: string | number) => new Decimal(numerator).div(denominator).toDecimalPlaces(5, Decimal.ROUND_HALF_EVEN)
/** A long's distance to 8 decimals: (trigger − liquidation) / trigger. */
const distance8 = (trigger: string | number, liquidation: Decimal) =>
  new Decimal(trigger).minus(liquidation).div(trigger).toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN)

// The old snapshot of every single-component pair: 1 BTC long at 60000, wallet 10000, tier 2 (mmr 0.01, cum 250).
const OLD_LIQ = price5(49750, '0.99')
const OLD_DISTANCE = distance8(60000, OLD_LIQ)

const CASES: { name: string; step: (typeof STEPS)[number]; liquidation: Decimal; trigger: number }[] = [
  // Prices 60000 → 58000: the liquidation price does not move, the distance does.
  { name: 'price', step: 'price', liquidation: OLD_LIQ, trigger: 58000 },
  // Funding at 08:00: 1 × 60000 × 0.0001 = 6 paid; wallet 9994.
  { name: 'funding', step: 'funding', liquidation: price5(60000 - 9994 - 250, '0.99'), trigger: 60000 },
  // 2000 deposited: wallet 12000. The liquidation notional falls under 50000, into tier 1 (mmr 0.005, cum 0).
  { name: 'margin', step: 'margin', liquidation: price5(60000 - 12000, '0.995'), trigger: 60000 },
  // 1.5 BTC at 60000: (90000 − 10000 − 250) / (1.5 × 0.99).
  { name: 'size', step: 'size', liquidation: price5(90000 - 10000 - 250, '1.485'), trigger: 60000 },
  // Tier 2 mmr 0.012: cum = 50000 × (0.012 − 0.005) = 350.
  { name: 'ladder', step: 'ladder', liquidation: price5(60000 - 10000 - 350, '0.988'), trigger: 60000 },
  // An ETH short (2 at 3000, now 3100): PnL −200 and maintenance 2 × 3100 × 0.01 = 62 leave the BTC long 9738.
  { name: 'others', step: 'others', liquidation: price5(60000 - 9738 - 250, '0.99'), trigger: 60000 },
]

describe('each attribution component alone', () => {
  it.each(CASES)('$name: only the $step component moves, by the hand-worked amount', ({ name, step, liquidation, trigger }) => {
    const p = position(pair(name), 'btc-long')
    const a = p.attribution!
    const expectedLiq = liquidation.minus(OLD_LIQ)
    const expectedDistance = distance8(trigger, liquidation).minus(OLD_DISTANCE)
    expect(a.complete).toBe(true)
    expect(a.chain[0]).toMatchObject({ liquidation_price: OLD_LIQ.toFixed(), distance: OLD_DISTANCE.toFixed() })
    expect(a.chain[7]).toMatchObject({ liquidation_price: liquidation.toFixed(), distance: distance8(trigger, liquidation).toFixed() })
    for (const c of a.components) {
      expect(c.liquidation_price, `${c.step} liquidation`).toBe(c.step === step ? expectedLiq.toFixed() : '0')
      expect(c.distance, `${c.step} distance`).toBe(c.step === step ? expectedDistance.toFixed() : '0')
    }
    expect(a.total).toEqual({ liquidation_price: expectedLiq.toFixed(), distance: expectedDistance.toFixed() })
  })

  it('fees: a taker fee 0.0005 → 0.0008 on okx-swap, where it is part of the rate (no deduction: P = q·E − W over q·(1 − mmr − taker))', () => {
    const a = position(pair('fees'), 'btc-long').attribution!
    const [before, after] = [price5(50000, '0.9895'), price5(50000, '0.9892')]
    for (const c of a.components) expect(c.liquidation_price, c.step).toBe(c.step === 'fees' ? after.minus(before).toFixed() : '0')
    expect(a.total.liquidation_price).toBe(after.minus(before).toFixed())
    expect(a.components.find((c) => c.step === 'fees')!.distance).toBe(distance8(60000, after).minus(distance8(60000, before)).toFixed())
  })

  it('the funding and fee estimates the steps apply', () => {
    expect(position(pair('funding'), 'btc-long').attribution!.estimates).toEqual({ funding: '6', fees: '0' })
    // 0.5 BTC × 58000 × 0.0005 + 2 ETH × 3100 × 0.0005 = 14.5 + 3.1.
    expect(position(pair('all'), 'btc-long').attribution!.estimates).toEqual({ funding: '6', fees: '17.6' })
  })
})

describe('all components together', () => {
  const p = position(pair('all'), 'btc-long')
  const a = p.attribution!

  it('every component moves, and they sum exactly to the total', () => {
    const sum = (figure: 'liquidation_price' | 'distance') => a.components.reduce((s, c) => s.plus(c[figure]!), new WIDE(0)).toFixed()
    expect(sum('liquidation_price')).toBe(a.total.liquidation_price)
    expect(sum('distance')).toBe(a.total.distance)
    for (const c of a.components) {
      expect(c.distance, c.step).not.toBe('0')
      if (c.step !== 'price') expect(c.liquidation_price, c.step).not.toBe('0')
    }
    expect(a.components[0]!.liquidation_price).toBe('0')
  })

  it('the total is the new liquidation price (worked by hand) less the old one', () => {
    // New: 1.5 BTC at 59000, wallet 8950, the ETH short's −200 PnL and 62 maintenance, tier 2 mmr 0.012 (cum 350).
    const after = price5(1.5 * 59000 - (8950 - 262) - 350, '1.482')
    expect(a.chain[7]!.liquidation_price).toBe(after.toFixed())
    expect(a.total.liquidation_price).toBe(after.minus(OLD_LIQ).toFixed())
    // Liquidation now on last (57950).
    expect(a.total.distance).toBe(distance8(57950, after).minus(OLD_DISTANCE).toFixed())
  })

  it('every state is the worked example of docs/diff.md', () => {
    const states = [
      price5(49750, '0.99'), // old
      price5(49750, '0.99'), // price: the liquidation price does not move
      price5(60000 - 9994 - 250, '0.99'), // funding: W 10000 − 6
      price5(60000 - 8967.6 - 250, '0.99'), // margin: W 8950 + 17.6 of fees
      price5(88500 - 8967.6 - 250, '1.485'), // size: 1.5 at 59000
      price5(88500 - 8967.6 - 350, '1.482'), // ladder: mmr 0.012, cum 350
      price5(88500 - 8705.6 - 350, '1.482'), // others: the ETH short's −200 and 62
      price5(88500 - 8688 - 350, '1.482'), // fees: W 8950 − 262
    ]
    expect(a.chain.map((s) => s.liquidation_price)).toEqual(states.map((x) => x.toFixed()))
  })

  it('each step of the chain is the previous one plus its component', () => {
    a.components.forEach((c, i) => {
      expect(new WIDE(a.chain[i]!.liquidation_price!).plus(c.liquidation_price!).toFixed()).toBe(a.chain[i + 1]!.liquidation_price)
      expect(new WIDE(a.chain[i]!.distance!).plus(c.distance!).toFixed()).toBe(a.chain[i + 1]!.distance)
    })
  })
})

describe('a liquidation price absent on one side', () => {
  it('a long safe down to a zero price is valued at 0 (distance 100%), and the attribution stays complete', () => {
    const a = position(pair('floor'), 'btc-long').attribution!
    expect(a.complete).toBe(true)
    expect(a.chain[7]).toEqual({ step: 'fees', liquidation_price: '0', distance: '1', floor: true })
    expect(a.components.find((c) => c.step === 'margin')).toEqual({
      step: 'margin',
      liquidation_price: OLD_LIQ.neg().toFixed(),
      distance: new Decimal(1).minus(OLD_DISTANCE).toFixed(),
    })
    expect(a.total.liquidation_price).toBe(OLD_LIQ.neg().toFixed())
  })

  it('a hedged cross account with an empty wallet is past maintenance at every price: no value, the components around it are null', () => {
    const snapshot = (wallet: string) =>
      inline({ margin_mode: 'cross', wallet_balance: wallet }, [
        { id: 'l', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '60000' },
        { id: 's', market: 'BTCUSDT', side: 'short', size: '1', entry_price: '60000' },
      ])
    const out = diffOf(snapshot('0'), snapshot('10000'))
    const a = position(out, 'l').attribution!
    expect(a.complete).toBe(false)
    expect(a.reason).toMatch(/^the old snapshot: /)
    // long 1, short 1 on 10,000 nets to zero: the legs liquidate where their maintenance alone eats the wallet,
    // 0.005 · 2 · P = 10,000 ⇒ P = 1,000,000 (issue 12: a net-zero market's liquidation, docs/checks/liquidation-distance.md)
    expect(a.chain.map((s) => s.liquidation_price)).toEqual([null, null, null, '1000000', '1000000', '1000000', '1000000', '1000000'])
    expect(a.components.map((c) => c.liquidation_price)).toEqual([null, null, null, '0', '0', '0', '0'])
    expect(a.total).toEqual({ liquidation_price: null, distance: null })
  })

  it('an isolated short: the margin added is the whole move', () => {
    const snapshot = (margin: string) =>
      inline({ margin_mode: 'isolated', wallet_balance: '1000' }, [{ id: 'p', market: 'BTCUSDT', side: 'short', size: '1', entry_price: '60000', margin }])
    const out = diffOf(snapshot('1000'), snapshot('2000'))
    const a = position(out, 'p').attribution!
    // Isolated short: 1000 + (60000 − P) = 0.005·P → P = 61000 / 1.005; with 2000: 62000 / 1.005.
    expect(a.complete).toBe(true)
    expect(a.components.find((c) => c.step === 'margin')!.liquidation_price).toBe(price5(62000, '1.005').minus(price5(61000, '1.005')).toFixed())
  })
})

describe('isolated positions', () => {
  const snapshot = (asOf: string, margin: string, nextAt: string) =>
    inline(
      { margin_mode: 'isolated', wallet_balance: '1000', fees: { maker: '0', taker: '0.0005' } },
      [{ id: 'iso', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '60000', margin }],
      asOf,
      { rate: '0.0001', next_at: nextAt, interval: '8h' },
    )

  it('funding is debited from the position’s own margin; the rest of the margin change is margin added; fees come from the wallet', () => {
    // 6 funding paid at 08:00, and 494 added: margin 6000 → 6488.
    const out = diffOf(snapshot('2026-11-21T07:00:00Z', '6000', '2026-11-21T08:00:00Z'), snapshot('2026-11-21T09:00:00Z', '6488', '2026-11-21T16:00:00Z'))
    const a = position(out, 'iso').attribution!
    // Isolated long: M + (P − 60000) = 0.005·P → P = (60000 − M) / 0.995.
    const liq = (m: number) => price5(60000 - m, '0.995')
    expect(a.estimates.funding).toBe('6')
    expect(a.components.map((c) => c.liquidation_price)).toEqual([
      '0',
      liq(5994).minus(liq(6000)).toFixed(),
      liq(6488).minus(liq(5994)).toFixed(),
      '0',
      '0',
      '0',
      '0',
    ])
  })
})

describe('pairing', () => {
  it('ids perp-check made up pair by market and side, whatever the order', () => {
    const out = pair('defaulted')
    expect(out.positions.map((p) => [p.id, p.old_id, p.status])).toEqual([
      ['ETHUSDT#1', 'ETHUSDT#2', 'changed'],
      ['BTCUSDT#2', 'BTCUSDT#1', 'changed'],
    ])
    // Only the wallet moved (10000 → 9000): the margin component is the whole move for both.
    for (const p of out.positions) {
      const components = p.attribution!.components
      expect(components.filter((c) => c.liquidation_price !== '0').map((c) => c.step)).toEqual(['margin'])
    }
  })

  it('a position opened in the new snapshot has no attribution and is listed as opened', () => {
    const out = pair('others')
    expect(out.positions.map((p) => [p.id, p.status, p.attribution === null])).toEqual([
      ['btc-long', 'changed', false],
      ['eth-short', 'opened', true],
    ])
  })
})
