// The breaking point is solved over the tier boundaries, not searched. The reference here is the method the
// solver replaced: evaluate the whole account at a move (accountAt), scan a fine mesh outward and bisect the
// first bracket that breaks. Both must land on the same move, and the solved one exactly on the root.
import { describe, expect, it } from 'vitest'
import type { Decimal } from '../../src/decimal.js'
import { accountAt, MarginModel } from '../../src/margin/index.js'
import type { Portfolio } from '../../src/model.js'
import { breakingPoint } from '../../src/stress/grid.js'
import { scenarioPrices } from '../../src/stress/prices.js'
import { byMove, firstMoveAtMaintenance, MergedEvents, type SweepEvent } from '../../src/stress/sweep.js'
import { rng } from '../margin/load.js'
import { d, derived, load } from './helpers.js'

const LADDER = [
  { max_notional: '50000', mmr: '0.004', max_leverage: '125' },
  { max_notional: '600000', mmr: '0.005', max_leverage: '100', maintenance_amount: '50' },
  { max_notional: '3000000', mmr: '0.0065', max_leverage: '75', maintenance_amount: '950' },
]

function market(price: string, ladder: unknown = LADDER) {
  return { prices: { index: price, mark: price, last: price }, maintenance_ladder: ladder }
}

function account(options: { venue?: string; wallet: string; positions: unknown[]; betas?: Record<string, string>; ladder?: unknown }): Portfolio {
  return load({
    version: 1,
    as_of: '2026-11-21T07:45:00Z',
    venue: options.venue ?? 'generic',
    account: { margin_mode: 'cross', wallet_balance: options.wallet, fees: { maker: '0.0002', taker: '0.0005' } },
    markets: { BTC: market('60000', options.ladder), ETH: market('3000', options.ladder), SOL: market('150', options.ladder) },
    positions: options.positions,
    stress: options.betas ? { betas: options.betas } : {},
  })
}

const pos = (id: string, market: string, side: string, size: string, entry: string) => ({ id, market, side, size, entry_price: entry })

/** The replaced method: a mesh of 0.5% steps outward, then 200 halvings of the first bracket that breaks. */
function bisected(portfolio: Portfolio, direction: 'down' | 'up'): Decimal | null {
  const surplus = (m: Decimal) => {
    const account = accountAt(portfolio, scenarioPrices(portfolio, m)).account!
    return account.marginBalance.minus(account.maintenanceMargin)
  }
  if (surplus(d(0)).lte(0)) return d(0)
  const step = d(direction === 'down' ? '-0.005' : '0.005')
  const limit = direction === 'down' ? 200 : 600
  let safe = d(0)
  for (let k = 1; k <= limit; k++) {
    const m = step.mul(k)
    if (surplus(m).gt(0)) {
      safe = m
      continue
    }
    let broken = m
    for (let i = 0; i < 200; i++) {
      const mid = safe.plus(broken).div(2)
      if (surplus(mid).lte(0)) broken = mid
      else safe = mid
    }
    return broken
  }
  return null
}

describe('breaking point: solved exactly, and where the mesh-and-bisection reference finds it', () => {
  const cases: { name: string; portfolio: Portfolio; direction: 'down' | 'up'; expected?: string }[] = [
    // Long 0.5 in the first tier: 2000 + 0.5·(P − 60000) = 0.004·0.5·P at P = 28000/0.498 = 56224.8996, move = P/60000 − 1.
    {
      name: 'one long in its first tier (hand-worked)',
      portfolio: account({ wallet: '2000', positions: [pos('a', 'BTC', 'long', '0.5', '60000')] }),
      direction: 'down',
      expected: d(28000).div('0.498').div(60000).minus(1).toString(),
    },
    {
      name: 'a long crossing tier boundaries on the way',
      portfolio: account({ wallet: '30000', positions: [pos('a', 'BTC', 'long', '20', '60000')] }),
      direction: 'down',
    },
    {
      name: 'a book of longs and a short hedge',
      portfolio: account({
        wallet: '15000',
        positions: [pos('a', 'BTC', 'long', '3', '61000'), pos('b', 'ETH', 'long', '40', '2900'), pos('c', 'SOL', 'short', '300', '140')],
      }),
      direction: 'down',
    },
    {
      name: 'shorts going up',
      portfolio: account({ wallet: '8000', positions: [pos('a', 'BTC', 'short', '2', '59000'), pos('b', 'ETH', 'short', '30', '3100')] }),
      direction: 'up',
    },
    {
      name: 'a negative beta turns a long into a loser on the way up',
      portfolio: account({ wallet: '5000', positions: [pos('a', 'BTC', 'long', '1', '60000'), pos('b', 'ETH', 'long', '20', '3000')], betas: { ETH: '-1.5' } }),
      direction: 'up',
    },
    {
      name: 'okx-swap: no deduction, the maintenance steps up at each tier',
      portfolio: account({ venue: 'okx-swap', wallet: '40000', positions: [pos('a', 'BTC', 'long', '30', '60000')] }),
      direction: 'down',
    },
  ]

  it.each(cases)('$name', ({ portfolio, direction, expected }) => {
    const point = breakingPoint(MarginModel.of(portfolio), direction)
    const reference = bisected(portfolio, direction)
    expect(reference).not.toBeNull()
    expect(point.move).not.toBeNull()
    expect(point.move!.minus(reference!).abs().lte('1e-12')).toBe(true)
    if (expected) expect(point.move!.minus(expected).abs().lte('1e-35')).toBe(true)
    const at = accountAt(portfolio, scenarioPrices(portfolio, point.move!)).account!
    // At the solved move the account is at maintenance (to the rounding of 40 digits), or past a step in the ladder.
    expect(at.marginBalance.lte(at.maintenanceMargin.plus(at.maintenanceMargin.abs().mul('1e-30')))).toBe(true)
  })

  it('no breaking point within the search limit: a fully collateralised long', () => {
    const portfolio = account({ wallet: '100000', positions: [pos('a', 'BTC', 'long', '1', '60000')] })
    expect(breakingPoint(MarginModel.of(portfolio), 'down').move).toBeNull()
    expect(bisected(portfolio, 'down')).toBeNull()
  })
})

describe('a cascade reaches the cross account at a step of its maintenance (okx-swap: no deduction)', () => {
  it('short 90 at 100, wallet 1500: the 10% tier starts at notional 10,000, at price 111.11…, where maintenance jumps past the balance', () => {
    // Surplus just past P = 10000/90: 1500 − 90·(P − 100) − 0.1·90·P < 0 (the 1% tier leaves 1500 − 1000 − 100 = 400).
    const { stress } = derived({
      version: 1,
      as_of: '2026-11-21T07:45:00Z',
      venue: 'okx-swap',
      account: { margin_mode: 'cross', wallet_balance: '1500', fees: { maker: '0', taker: '0' } },
      markets: {
        XUSDT: {
          prices: { index: '100', mark: '100', last: '100' },
          maintenance_ladder: [
            { max_notional: '10000', mmr: '0.01', max_leverage: '50' },
            { max_notional: '10000000', mmr: '0.1', max_leverage: '5' },
          ],
        },
      },
      positions: [{ id: 's', market: 'XUSDT', side: 'short', size: '90', entry_price: '100' }],
      stress: { moves: ['0.2', '-0.2'] },
    })
    const [cascade] = stress.cascades
    expect(stress.cascades.length).toBe(1)
    expect(cascade!.links.map((link) => [link.position.id, link.move.minus(d(1).div(9)).abs().lt('1e-35'), link.triggerPrice.eq(d(10000).div(90))])).toEqual([
      ['s', true, true],
    ])
    expect(cascade!.totalLoss.toSignificantDigits(24).toFixed()).toBe('1000')
    expect(stress.breakingPoints.up.move!.minus(d(1).div(9)).abs().lt('1e-35')).toBe(true)
  })
})

describe('the sweep reads its events merged in order, as sorting every lane’s events would give them', () => {
  /** Sources of moves, each in the order of the direction, with repeats within and across sources (ties). */
  function sources(seed: number, direction: 1 | -1): SweepEvent<number>[][] {
    const random = rng(seed)
    return Array.from({ length: 1 + Math.floor(random() * 6) }, (_, lane) => {
      const count = Math.floor(random() * 12)
      const moves = Array.from({ length: count }, () =>
        d(Math.floor(random() * 30))
          .div(7)
          .mul(direction),
      )
      moves.sort((x, y) => x.cmp(y) * direction)
      return moves.map((move, k) => ({ move, approx: move.toNumber(), lane, to: k }))
    })
  }

  it.each([1, 2, 3, 4, 5, 6].flatMap((seed) => [1, -1].map((direction) => ({ seed, direction: direction as 1 | -1 }))))(
    'seed $seed, direction $direction: the stable sort of all events, read one at a time',
    ({ seed, direction }) => {
      const lanes = sources(seed, direction)
      const sorted = lanes.flat().sort((x, y) => byMove(x, y) * direction)
      const merged = new MergedEvents(
        lanes.map((events) => events[Symbol.iterator]()),
        direction,
      )
      const read: SweepEvent<number>[] = []
      for (let event = merged.next(); event; event = merged.next()) read.push(event)
      expect(read).toEqual(sorted)
      expect(read.every((event, i) => event === sorted[i])).toBe(true)
    },
  )

  it('reads a source only as far as the events asked for', () => {
    let pulled = 0
    function* counted(moves: number[]): Generator<SweepEvent<string>> {
      for (const move of moves) {
        pulled++
        yield { move: d(move), approx: move, lane: 'a', to: 0 }
      }
    }
    const merged = new MergedEvents([counted([1, 2, 3, 4, 5]), counted([1.5, 9])], 1)
    expect([merged.next()?.move.toNumber(), merged.next()?.move.toNumber()]).toEqual([1, 1.5])
    // The two read, and each source's next one, waiting in the heap.
    expect(pulled).toBe(4)
  })

  it('no sources: nothing to read', () => {
    expect(new MergedEvents([], -1).next()).toBeUndefined()
  })
})

describe('the first move at maintenance at the boundaries of the sweep (hand-worked, fees 0)', () => {
  // One leg of size 1 on a two-tier ladder: 0.4% up to a notional of 50,000, then 0.5% less 50 (continuous at
  // the break, price 50,000). Long from 60,000: surplus W + (P − 60000) − mm(P). Short from 40,000: W − (P − 40000) − mm(P).
  const ladder = [
    { max_notional: '50000', mmr: '0.004', max_leverage: '125' },
    { max_notional: '3000000', mmr: '0.005', max_leverage: '100', maintenance_amount: '50' },
  ]
  function pool(wallet: string, side: 'long' | 'short', price: string) {
    const portfolio = load({
      version: 1,
      as_of: '2026-11-21T07:45:00Z',
      venue: 'generic',
      account: { margin_mode: 'cross', wallet_balance: wallet, fees: { maker: '0', taker: '0' } },
      markets: { X: market(price, ladder) },
      positions: [pos('a', 'X', side, '1', price)],
    })
    const model = MarginModel.of(portfolio)
    return { cross: model.cross!, path: { base: (symbol: string) => model.priceOf(symbol), beta: () => d(1) } }
  }
  interface Row {
    name: string
    wallet: string
    side: 'long' | 'short'
    to: string
    /** The price at the root, null for none. */
    root: Decimal | null
  }
  const long = (name: string, wallet: string, to: string, root: Decimal | null): Row => ({ name, wallet, side: 'long', to, root })
  const short = (name: string, wallet: string, to: string, root: Decimal | null): Row => ({ name, wallet, side: 'short', to, root })
  const rows: Row[] = [
    // 10,200 + (50,000 − 60,000) = 200 = 0.4% of 50,000: zero exactly at the break.
    long('long, the root exactly at the break', '10200', '-1', d(50000)),
    long('long, one more: the root past the break, on the 0.4% piece', '10201', '-1', d(49799).div('0.996')),
    long('long, one less: the root before the break, on the 0.5% piece', '10199', '-1', d(49751).div('0.995')),
    long('long, the move stops short of the root', '10200', '-0.1', null),
    // 10,200 − (50,000 − 40,000) = 200 = 0.4% of 50,000.
    short('short going up, the root exactly at the break', '10200', '3', d(50000)),
    short('short going up, one more: past the break, on the 0.5% piece', '10201', '3', d(50251).div('1.005')),
    short('short going up, the move stops short of the root', '10200', '0.2', null),
    // The way ends on the root, or 1e-10 before it (the surplus there is 4e-6, inside the float screen's margin).
    short('short going up, the root exactly where the move ends', '10200', '0.25', d(50000)),
    short('short going up, the move ends 1e-10 short of the root', '10200', '0.2499999999', null),
    long('long, the move ends 1e-10 short of the root at the break', '10200', '-0.1666666666', null),
    long('long, the move ends 1e-10 past the root at the break', '10200', '-0.1666666668', d(50000)),
    short('short going down: no root that way', '10200', '-1', null),
  ]

  it.each(rows)('$name', ({ wallet, side, to, root }) => {
    const price = side === 'long' ? '60000' : '40000'
    const { cross, path } = pool(wallet, side, price)
    const crossing = firstMoveAtMaintenance(cross, path, d(0), d(to))
    if (root === null) expect(crossing).toBeNull()
    else {
      expect(crossing!.move.minus(root.div(price).minus(1)).abs().lt('1e-35')).toBe(true)
      expect(crossing!.atStep).toBe(false)
    }
  })
})
