// maintenance-ladder through the YAML pipeline: tier and headroom, max leverage, maintenance-amount
// consistency, planned orders crossing tiers (before/after), announced ladder changes, and the fixtures.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Decimal, decimalString } from '../../src/decimal.js'
import type { Finding, Status } from '../../src/engine/types.js'
import { findingsOf, portfolioWith } from '../helpers.js'

const ID = 'maintenance-ladder'
const d = (value: string | number) => new Decimal(value)
const exact = (value: Decimal) => decimalString(value)

/** The base portfolio (generic venue, cross, wallet 10,000, BTCUSDT at 64,000; tiers 50,000 @ 0.4% / 125x and 600,000 @ 0.5% / 100x) with these positions and orders. */
const withBtc = (positions: Record<string, unknown>[], orders: Record<string, unknown>[] = [], mutate?: (p: Record<string, any>) => void) =>
  portfolioWith((p) => {
    p.positions = positions.map((position, i) => ({ id: `btc${i || ''}`, market: 'BTCUSDT', entry_price: '64000', ...position }))
    p.orders = orders
    mutate?.(p)
  })
const pick = (f: Finding | undefined, ...names: string[]) => [f?.status, ...names.map((n) => f?.figures[n])]
const tierItem = (found: Finding[], id = 'btc') => found.find((f) => f.subject === id && 'headroom' in f.figures)
const worstStatus = (found: Finding[]): Status => (['fail', 'warn', 'pass', 'info', 'skip'] as const).find((s) => found.some((f) => f.status === s)) ?? 'skip'

describe('tier, headroom and max leverage', () => {
  it.each([
    // N = 0.5 × 64,000 = 32,000 ≤ 50,000: tier 1, MM 32,000 × 0.004 = 128, headroom 18,000; no leverage: the tier's 125x, IM 256
    {
      name: 'tier 1, leverage not given',
      position: { side: 'long', size: '0.5' },
      want: ['pass', '1', '32000', '0', '128', '18000', '125', 'tier-max', '256'],
    },
    // N = 128,000: tier 2, amount 50 (50,000 × 0.001), MM 640 − 50 = 590, headroom 472,000, IM 128,000 / 10
    {
      name: 'tier 2 at 10x',
      position: { side: 'long', size: '2', leverage: '10' },
      want: ['pass', '2', '128000', '50', '590', '472000', '10', 'file', '12800'],
    },
    {
      name: 'tier 2 at 120x: above its 100x max',
      position: { side: 'short', size: '2', leverage: '120' },
      want: ['fail', '2', '128000', '50', '590', '472000', '120', 'file', exact(d(128000).div(120))],
    },
    // isolated without leverage: 64,000 / 640 = 100x, exactly the tier's max: not above it
    {
      name: 'isolated at exactly the max, leverage from the margin',
      position: { side: 'long', size: '1', margin_mode: 'isolated', margin: '640' },
      want: ['pass', '2', '64000', '50', '270', '536000', '100', 'margin', '640'],
    },
    {
      name: 'isolated just above the max',
      position: { side: 'long', size: '1', margin_mode: 'isolated', margin: '639' },
      want: ['fail', '2', '64000', '50', '270', '536000', exact(d(64000).div(639)), 'margin', '639'],
    },
    // N = 640,000 > the last cap 600,000: priced with tier 2, flagged
    {
      name: 'beyond the ladder',
      position: { side: 'long', size: '10', leverage: '5' },
      want: ['warn', '2', '640000', '50', '3150', '0', '5', 'file', '128000'],
    },
  ])('$name', ({ position, want }) => {
    const item = tierItem(findingsOf(withBtc([position]), ID))
    expect(pick(item, 'tier', 'notional', 'maintenance_amount', 'maintenance_margin', 'headroom', 'leverage', 'leverage_source', 'initial_margin')).toEqual(
      want,
    )
  })

  it('the message says where the position is', () => {
    expect(tierItem(findingsOf(withBtc([{ side: 'long', size: '2', leverage: '10' }]), ID))!.message).toMatchInlineSnapshot(
      `"tier 2 of 2 (notional 128,000.00 in (50,000.00, 600,000.00]): mmr 0.5%, maintenance 590.00; last tier of the ladder; leverage 10x within the tier's 100x"`,
    )
  })
})

describe('maintenance-amount consistency', () => {
  const ladderWith = (amount: string | undefined, venue?: string) =>
    withBtc([], [], (p) => {
      if (venue) p.venue = venue
      p.markets.BTCUSDT.maintenance_ladder[1].maintenance_amount = amount
      if (amount === undefined) delete p.markets.BTCUSDT.maintenance_ladder[1].maintenance_amount
    })
  it.each([
    { name: 'derived only', amount: undefined, venue: undefined, want: [['pass', undefined, undefined]] },
    { name: 'given and consistent', amount: '50', venue: undefined, want: [['pass', undefined, undefined]] },
    { name: 'given 60, the ladder gives 50', amount: '60', venue: undefined, want: [['warn', '60', '50']] },
    { name: 'okx-swap has no maintenance amount', amount: '50', venue: 'okx-swap', want: [['warn', '50', '0']] },
  ])('$name', ({ amount, venue, want }) => {
    const found = findingsOf(ladderWith(amount, venue), ID).filter((f) => f.subject === 'BTCUSDT')
    expect(found.map((f) => pick(f, 'given', 'derived'))).toEqual(want)
    if (want[0]![0] === 'warn') expect(found[0]!.path).toBe('markets.BTCUSDT.maintenance_ladder[1].maintenance_amount')
  })
})

describe('planned orders', () => {
  // Existing: cross long 0.5 @ 64,000 (N 32,000, tier 1). Wallet 10,000.
  // Before: 10,000 + 0.5(P − 64,000) = 0.002·P → P = 22,000 / 0.498 (N ≈ 22,088: tier 1).
  const lpBefore = exact(d(22000).div('0.498'))
  const existing = [{ side: 'long', size: '0.5' }]
  it.each([
    // buy 0.5 @ 64,000 → 1 BTC, N 64,000: tier 2, MM 320 − 50 = 270; LP: 10,000 + (P − 64,000) = 0.005·P − 50 → 53,950 / 0.995 (N > 50,000: tier 2)
    {
      name: 'a buy that pushes the position into tier 2 warns',
      order: { side: 'buy', size: '0.5', type: 'limit', price: '64000' },
      want: ['warn', '1', '2', '128', '270', lpBefore, exact(d(53950).div('0.995'))],
    },
    // buy 0.1: N 38,400, tier 1, MM 153.6; LP: 10,000 + 0.6(P − 64,000) = 0.0024·P → 28,400 / 0.5976
    {
      name: 'a buy that stays in tier 1 passes',
      order: { side: 'buy', size: '0.1', type: 'limit', price: '64000' },
      want: ['pass', '1', '1', '128', '153.6', lpBefore, exact(d(28400).div('0.5976'))],
    },
    // sell 0.2 at market (last 64,000, no PnL realized): 0.3 left, N 19,200, MM 76.8; LP: 10,000 + 0.3(P − 64,000) = 0.0012·P → 9,200 / 0.2988
    { name: 'a partial sell passes', order: { side: 'sell', size: '0.2' }, want: ['pass', '1', '1', '128', '76.8', lpBefore, exact(d(9200).div('0.2988'))] },
    // sell 1.5: closes 0.5 and opens a 1 BTC short at 64,000 (N 64,000, tier 2): 10,000 − (P − 64,000) = 0.005·P − 50 → 74,050 / 1.005
    {
      name: 'a sell that flips the position into tier 2 warns',
      order: { side: 'sell', size: '1.5' },
      want: ['warn', '1', '2', '128', '270', lpBefore, exact(d(74050).div('1.005'))],
    },
  ])('$name', ({ order, want }) => {
    const item = findingsOf(withBtc(existing, [{ id: 'o', market: 'BTCUSDT', ...order }]), ID).find((f) => f.subject === 'o')
    expect(
      pick(item, 'tier_before', 'tier_after', 'maintenance_margin_before', 'maintenance_margin_after', 'liquidation_price_before', 'liquidation_price_after'),
    ).toEqual(want)
  })

  it('a sell of the whole position closes it', () => {
    const item = findingsOf(withBtc(existing, [{ id: 'o', market: 'BTCUSDT', side: 'sell', size: '0.5' }]), ID).find((f) => f.subject === 'o')
    expect(pick(item, 'position', 'tier_before')).toEqual(['pass', 'btc', '1'])
  })

  // reduce_only: the fill stops at the opposite position's size (the venues cut it there), so it can neither
  // raise the position nor flip it into a higher tier; with nothing opposite the venue rejects it.
  it.each([
    // sell 1.5 reduce-only (flips into tier 2 without reduce_only, above): cut at 0.5, it closes btc
    { name: 'a reduce-only sell larger than the long closes it', order: { side: 'sell', size: '1.5' }, existing, want: ['pass', '0.5', 'btc', '1', undefined] },
    // sell 0.2 reduce-only: 0.3 left, as without reduce_only
    { name: 'a reduce-only partial sell reduces it', order: { side: 'sell', size: '0.2' }, existing, want: ['pass', '0.2', 'btc', '1', '1'] },
    // sell 0.5 reduce-only on exactly the long: closes it (the boundary)
    { name: 'a reduce-only sell of the whole long closes it', order: { side: 'sell', size: '0.5' }, existing, want: ['pass', '0.5', 'btc', '1', undefined] },
    // buy 0.5 reduce-only on a long: nothing to reduce (would be tier 2 without reduce_only): rejected
    { name: 'a reduce-only buy on a long is rejected', order: { side: 'buy', size: '0.5' }, existing, want: ['pass', '0', undefined, undefined, undefined] },
    // no position at all: rejected, it opens nothing
    {
      name: 'a reduce-only order with no position is rejected',
      order: { side: 'sell', size: '2' },
      existing: [],
      want: ['pass', '0', undefined, undefined, undefined],
    },
  ])('$name', ({ order, existing, want }) => {
    const item = findingsOf(withBtc(existing, [{ id: 'o', market: 'BTCUSDT', reduce_only: true, ...order }]), ID).find((f) => f.subject === 'o')
    expect(pick(item, 'fill_size', 'position', 'tier_before', 'tier_after')).toEqual(want)
  })

  it('an order that opens a position above its tier’s max leverage fails', () => {
    // no position: the buy opens one (N 32,000, tier 1, max 125x) at the order's 150x
    const item = findingsOf(withBtc([], [{ id: 'o', market: 'BTCUSDT', side: 'buy', size: '0.5', leverage: '150' }]), ID).find((f) => f.subject === 'o')
    expect(pick(item, 'tier_before', 'tier_after', 'leverage_after', 'max_leverage_after')).toEqual(['fail', null, '1', '150', '125'])
  })
})

describe('announced ladder changes', () => {
  // Isolated long 1 @ 64,000, margin 16,000 (4x): now LP 48,000 / 0.996 in tier 1 (24.7% away: pass).
  const withChange = (effectiveAt: string, ladder: Record<string, string>[]) =>
    withBtc([{ side: 'long', size: '1', margin_mode: 'isolated', margin: '16000', leverage: '4' }], [], (p) => {
      p.markets.BTCUSDT.ladder_changes = [{ effective_at: effectiveAt, maintenance_ladder: ladder }]
    })
  const changeItem = (found: Finding[]) => found.find((f) => f.subject === 'btc' && 'effective_at' in f.figures)

  it('a ladder that would put the position above its max leverage and 6.25% from liquidation fails, with the time until it applies', () => {
    // new single tier 20% / 2.5x: MM 12,800; LP 48,000 / 0.8 = 60,000, 6.25% away; 4x > 2.5x. From as_of
    // 2026-11-21T07:45Z to 2026-12-01T00:00Z is 232.25 hours.
    const item = changeItem(findingsOf(withChange('2026-12-01T00:00:00Z', [{ max_notional: '600000', mmr: '0.2', max_leverage: '2.5' }]), ID))
    expect(
      pick(
        item,
        'hours_until',
        'tier_before',
        'tier_after',
        'mmr_after',
        'maintenance_margin_after',
        'liquidation_price_before',
        'liquidation_price_after',
        'liquidation_distance_after',
      ),
    ).toEqual(['fail', '232.25', '2', '1', '0.2', '12800', exact(d(48000).div('0.996')), '60000', '0.0625'])
    expect(item!.message).toContain('in 9d16h')
  })

  it('a ladder under which the position stays within limits passes', () => {
    const item = changeItem(findingsOf(withChange('2026-12-01T00:00:00Z', [{ max_notional: '600000', mmr: '0.01', max_leverage: '50' }]), ID))
    // LP 48,000 / 0.99: 24.2% away
    expect(pick(item, 'liquidation_price_after')).toEqual(['pass', exact(d(48000).div('0.99'))])
  })

  it('a change dated before as_of warns that the file may be stale', () => {
    const found = findingsOf(withChange('2026-11-01T00:00:00Z', [{ max_notional: '600000', mmr: '0.01', max_leverage: '50' }]), ID)
    const item = found.find((f) => f.subject === 'BTCUSDT' && 'effective_at' in f.figures)
    expect([item?.status, item?.path]).toEqual(['warn', 'markets.BTCUSDT.ladder_changes[0].effective_at'])
    expect(changeItem(found)).toBeUndefined()
  })
})

describe('fixtures', () => {
  it.each([{ status: 'pass' }, { status: 'warn' }, { status: 'fail' }])('fixtures/maintenance-ladder/$status.yaml reports $status at worst', ({ status }) => {
    const source = readFileSync(new URL(`../../fixtures/maintenance-ladder/${status}.yaml`, import.meta.url), 'utf8')
    expect(source.split('\n')[0]).toBe(`# expect: ${ID} ${status}`)
    expect(worstStatus(findingsOf(source, ID))).toBe(status)
  })
})
