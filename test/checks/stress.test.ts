// stress: the scenario grid (β·m per market, tiers re-read), the breaking point by bisection, and the stop
// and order figures on the stressed book next to their base values. Figures worked by hand in the comments.
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { findingsOf } from '../helpers.js'
import { fixture } from '../stress/helpers.js'

const ID = 'stress'
const ISOLATING = fixture('fixtures/portfolio-coupling/warn.yaml')

const grid = (portfolio: unknown) => findingsOf(portfolio, ID).filter((f) => f.figures.equity !== undefined && f.figures.move !== undefined)
const breaking = (portfolio: unknown, direction: 'down' | 'up') => findingsOf(portfolio, ID).find((f) => f.figures.direction === direction)!

function withChanges(source: string, mutate: (p: Record<string, any>) => void): Record<string, any> {
  const p = parse(source)
  mutate(p)
  return p
}

describe('the scenario grid', () => {
  it('two cross longs, 140,000 of notional on 30,000: equity 30,000 + 140,000·m, maintenance 1,400·(1 + m)', () => {
    expect(grid(ISOLATING).map((f) => [f.figures.move, f.figures.equity, f.figures.maintenance_margin, f.figures.cross_margin_ratio, f.status])).toEqual([
      // −30% follows its cascade: SOL is forced out at the breaking point m₁ = −143/693 (no book: at the trigger), leaving
      // 30,000 − 100,000·143/693 = 9,365.08; AVAX alone reaches maintenance where 9,365.08 + 40,000·m = 400·(1 + m),
      // m₂ = −0.22639, and closes there: what is left is its maintenance, 400·(1 + m₂) = 309.44; nothing stays open
      ['-0.3', '309.443642776976110309444', '0', '0', 'fail'],
      ['-0.2', '2000', '1120', '0.56', 'pass'],
      ['-0.1', '16000', '1260', '0.07875', 'pass'],
      ['-0.05', '23000', '1330', '0.0578260869565217391304348', 'pass'],
      ['0.05', '37000', '1470', '0.0397297297297297297297297', 'pass'],
      ['0.1', '44000', '1540', '0.035', 'pass'],
      ['0.2', '58000', '1680', '0.0289655172413793103448276', 'pass'],
      ['0.3', '72000', '1820', '0.0252777777777777777777778', 'pass'],
    ])
    const worst = grid(ISOLATING)[0]!
    expect([worst.figures.liquidated, worst.figures.price_SOLUSDT, worst.figures.price_AVAXUSDT]).toEqual([['sol-long', 'avax-long'], '70', '70'])
  })

  it('each market moves by β·m and tiers are re-read at the new notional', () => {
    // β 2 on SOL: at +30% SOL 160, AVAX 130. SOL tiers: ≤ 120,000 at 1%, then 2% (amount 1,200):
    // SOL 160,000 → 2% − 1,200 = 2,000; AVAX 52,000 × 1% = 520; equity 30,000 + 60,000 + 12,000 = 102,000
    const p = withChanges(ISOLATING, (x) => {
      x.stress = { betas: { SOLUSDT: '2' }, moves: ['0.3'] }
      x.markets.SOLUSDT.maintenance_ladder = [
        { max_notional: '120000', mmr: '0.01', max_leverage: '50' },
        { max_notional: '10000000', mmr: '0.02', max_leverage: '25' },
      ]
    })
    const [s] = grid(p)
    expect([s!.figures.price_SOLUSDT, s!.figures.price_AVAXUSDT, s!.figures.equity, s!.figures.maintenance_margin]).toEqual(['160', '130', '102000', '2520'])
  })

  it('a price that would fall to zero or below is held at 10⁻⁹ of today’s (β 2 at −60%)', () => {
    const p = withChanges(ISOLATING, (x) => (x.stress = { betas: { SOLUSDT: '2' }, moves: ['-0.6'] }))
    expect(grid(p)[0]!.figures.price_SOLUSDT).toBe('0.0000001')
  })

  it('an isolated position liquidated in a scenario warns; the cross margin ratio past 0.8 warns', () => {
    // AVAX isolated on 3,000: at −10% 3,000 − 4,000 < 0 → liquidated (warn); SOL cross on 30,000 keeps 20,000.
    const isolated = withChanges(ISOLATING, (x) => {
      Object.assign(x.positions[1], { margin_mode: 'isolated', margin: '3000' })
      x.stress = { moves: ['-0.1'] }
    })
    expect(grid(isolated).map((f) => [f.status, f.figures.liquidated])).toEqual([['warn', ['avax-long']]])
    // wallet 15,500 at −10%: 15,500 − 14,000 = 1,500 against 1,260: ratio 0.84
    const ratio = withChanges(ISOLATING, (x) => {
      x.account.wallet_balance = '15500'
      x.stress = { moves: ['-0.1'] }
    })
    expect(grid(ratio).map((f) => [f.status, f.figures.cross_margin_ratio])).toEqual([['warn', '0.84']])
  })

  it('message', () => {
    expect(grid(ISOLATING)[0]!.message).toMatchInlineSnapshot(
      `"market −30%: equity 309.44 (now 30,000.00), maintenance 0; cross margin 309.44 against maintenance 0, ratio 0%; liquidated: sol-long, avax-long; the cross account reaches maintenance and the venue forces sol-long, avax-long out; the rest survives"`,
    )
  })
})

describe('breaking point', () => {
  it('down: 28,600 + 138,600·m = 0 at m = −143/693 (between the −20% and −30% grid moves); SOL loses most on the way', () => {
    // wallet + uPnL − maintenance = 30,000 + 140,000·m − 1,400·(1 + m)
    const f = breaking(ISOLATING, 'down')
    expect([f.status, f.figures.move, f.figures.first_position]).toEqual(['info', '-0.206349206349206349206349', 'sol-long'])
    expect(breaking(ISOLATING, 'up').figures.move).toBeNull()
  })

  it('the hedge breaks only upward, at +100%: 4,000 = 2,000·(1 + m); the short loses most', () => {
    const source = fixture('fixtures/portfolio-coupling/fail.yaml')
    expect([breaking(source, 'up').figures.move, breaking(source, 'up').figures.first_position]).toEqual(['1', 'eth-short'])
    expect(breaking(source, 'down').figures.move).toBeNull()
  })

  it('an account already at maintenance breaks at 0 and fails', () => {
    const p = withChanges(ISOLATING, (x) => (x.account.wallet_balance = '1400'))
    expect([breaking(p, 'down').status, breaking(p, 'down').figures.move]).toEqual(['fail', '0'])
  })

  it('no cross position: one skip for both directions', () => {
    const p = withChanges(ISOLATING, (x) => {
      for (const pos of x.positions) Object.assign(pos, { margin_mode: 'isolated', margin: '20000' })
    })
    const found = findingsOf(p, ID).filter((f) => f.message.startsWith('breaking point'))
    expect(found.map((f) => f.status)).toEqual(['skip'])
  })
})

describe('costs at stress, next to base', () => {
  it('a buy that passes now warns on the stressed book: 1 bps → 0.36 × 50,015 + 0.64 × 50,090 = 50,063, 12.6 bps', () => {
    const order = findingsOf(fixture('fixtures/stress/warn.yaml'), ID).find((f) => f.subject === 'btc-buy')!
    expect([order.status, order.figures.slippage_bps_base, order.figures.slippage_bps_stress, order.figures.vwap_stress]).toEqual([
      'warn',
      '1',
      '12.6',
      '50063',
    ])
    expect([order.figures.status_base, order.figures.status_stress]).toEqual(['pass', 'warn'])
  })

  it('a stop that protects now fails at stress: fill 45,000 → 0.36 × 45,000 + 0.64 × 44,000 = 44,360 < 44,444.44', () => {
    const stop = findingsOf(fixture('fixtures/stress/fail.yaml'), ID).find((f) => f.subject === 'btc-long')!
    expect([stop.status, stop.figures.expected_fill_base, stop.figures.expected_fill_stress, stop.figures.status_base, stop.figures.status_stress]).toEqual([
      'fail',
      '45000',
      '44360',
      'pass',
      'fail',
    ])
  })

  it('items that keep their status: pass stays pass', () => {
    const found = findingsOf(fixture('fixtures/stress/pass.yaml'), ID).filter((f) => f.figures.status_base !== undefined)
    expect(found.map((f) => [f.subject, f.status, f.figures.status_base, f.figures.status_stress])).toEqual([
      ['btc-long', 'pass', 'pass', 'pass'],
      ['btc-add', 'pass', 'pass', 'pass'],
    ])
  })

  // Issue 16: "the stressed item of a sliced order mixes plans": the stressed taker fee was the single order's
  // (the 3 BTC one walk of the stressed book fills) beside the sliced plan's "unfilled 0", and the VWAP the
  // single order's beside the plan's slippage. Every figure on both sides is now the plan the verdict judges.
  describe('a sliced order: both sides describe the plan', () => {
    // Buy 8 in 10 slices on 10 × 1 BTC asks, 64,010 to 64,100 step 10; bids 63,990 down; mid 64,000.
    // Stressed (spread 3×, depth 0.3): asks 20 higher, 0.3 each, 3 BTC in all: one order of 8 would fill 3.
    const sliced = (refill: string | undefined) =>
      withChanges(ISOLATING, (x) => {
        delete x.positions
        const ladder = [{ max_notional: '10000000', mmr: '0.005', max_leverage: '100' }]
        const levels = (from: number, step: number) => Array.from({ length: 10 }, (_, i) => [String(from + step * i), '1'])
        x.markets = {
          BTCUSDT: {
            prices: { index: '64000', mark: '64000', last: '64000' },
            maintenance_ladder: ladder,
            book: { bids: levels(63990, -10), asks: levels(64010, 10), ...(refill ? { refill_half_life: refill } : {}) },
          },
        }
        x.orders = [{ id: 'o1', market: 'BTCUSDT', side: 'buy', size: '8', slices: 10, interval: '10s' }]
        delete x.stress
      })
    const figures = ['vwap', 'slippage_bps', 'filled', 'unfilled', 'taker_fee']
    const item = (refill: string | undefined) => {
      const found = findingsOf(sliced(refill), ID).find((f) => f.subject === 'o1')!
      return figures.flatMap((name) => [found.figures[`${name}_base`], found.figures[`${name}_stress`]])
    }

    it('refill whole again before each child (half-life 0): the stressed plan fills all 8, and its fee is on 8', () => {
      // Base: every child 0.8 at 64,010: VWAP 64,010, 1.5625 bps, cost 512,080, fee 256.04.
      // Stress: every child 0.3 @ 64,030 + 0.3 @ 64,040 + 0.2 @ 64,050 = 51,231; VWAP 64,038.75, 6.0546875 bps;
      // cost 512,310, fee 256.155 (one order's walk would pay 96.1125 on 3).
      expect(item('0ms')).toEqual(['64010', '64038.75', '1.5625', '6.0546875', '8', '8', '0', '0', '256.04', '256.155'])
    })

    it('refill unknown (judged never refilled): the stressed plan fills 3 of 8 and pays on those 3', () => {
      // Base: the children take 64,010 … 64,080 once each: VWAP 64,045, 7.03125 bps, cost 512,360, fee 256.18.
      // Stress: 3 BTC in all, 0.3 @ 64,030 … 64,120: cost 0.3 × 640,750 = 192,225, VWAP 64,075, 11.71875 bps, fee 96.1125.
      expect(item(undefined)).toEqual(['64045', '64075', '7.03125', '11.71875', '8', '3', '0', '5', '256.18', '96.1125'])
    })
  })

  it('a passive order walks no book at stress either: skip, naming why', () => {
    const p = fixture('fixtures/stress/warn.yaml').replace('  - id: btc-buy\n', '  - id: btc-buy\n    type: post_only\n    price: 1000\n')
    const item = findingsOf(p, ID).find((f) => f.subject === 'btc-buy')!
    expect([item.status, /passive post-only order rests at its price/.test(item.message)]).toEqual(['skip', true])
  })

  it('nothing to stress: skip', () => {
    const p = withChanges(ISOLATING, (x) => delete x.positions)
    expect(findingsOf(p, ID).map((f) => f.status)).toEqual(['skip'])
  })
})
