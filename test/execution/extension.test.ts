// The square-root extension past the last visible level, by hand (docs/checks/slippage.md#beyond-the-book), and
// what it changes for the checks: a 5-level book no longer fails the items 7 levels pass, unless the model says so.
import { describe, expect, it } from 'vitest'
import { bookExtension, extendBeyond, walkBook } from '../../src/execution/book-walk.js'
import { NEVER_REFILLS, walkSliced } from '../../src/execution/sliced.js'
import { check } from '../../src/index.js'
import { portfolioWith, toYaml } from '../helpers.js'
import { d, levels, sig, str } from './book.js'

// Mid 100. Asks 2 @ 100.5 and 2 @ 101: Q_K = 4, p_K = 101, I_K = (101 − 100) / 100 = 0.01, c = I_K / √Q_K = 0.005.
// Past 4 the marginal price is 100 × (1 + 0.005 √q): 101 at q = 4, 101.5 at 9, 102 at 16.
// The cost from 4 to X is 100 (X − 4) + 100 × 0.005 × ⅔ (X^{3/2} − 8).
const asks = levels([
  [100.5, 2],
  [101, 2],
])
const bids = levels([
  [99.5, 2],
  [99, 2],
])
const ext = (maxImpact: string) => ({ reference: d(100), maxImpact: d(maxImpact) })

describe('walkBook with the extension (the worked example)', () => {
  it.each([
    // Inside the book: the extension is not touched. 2 × 100.5 + 1 × 101 = 302.
    { name: 'inside the visible book', side: asks, size: '3', max: '0.02', filled: '3', extended: '0', unfilled: '0', cost: '302', worst: '101' },
    // Visible 201 + 202 = 403; extension 4 → 9: 500 + 0.5 × ⅔ × (27 − 8) = 500 + 19/3; total 2728/3 = 909.333…; worst 101.5.
    {
      name: 'buy 9: 5 from the extension',
      side: asks,
      size: '9',
      max: '0.02',
      filled: '9',
      extended: '5',
      unfilled: '0',
      cost: '909.333333333333333333333333333',
      worst: '101.5',
    },
    // The bound: impact 0.02 at q = 4 × (0.02 / 0.01)² = 16; 4 → 16: 1200 + 0.5 × ⅔ × (64 − 8) = 1200 + 56/3; + 403 = 4865/3; 9 unfilled.
    {
      name: 'buy 25: the model stops at 16, 9 unfilled',
      side: asks,
      size: '25',
      max: '0.02',
      filled: '16',
      extended: '12',
      unfilled: '9',
      cost: '1621.66666666666666666666666667',
      worst: '102',
    },
    // Exactly at the bound: 12 from the extension, nothing unfilled. A little more is unfilled: the model stops at 16.
    {
      name: 'buy 16: exactly at the bound',
      side: asks,
      size: '16',
      max: '0.02',
      filled: '16',
      extended: '12',
      unfilled: '0',
      cost: '1621.66666666666666666666666667',
      worst: '102',
    },
    {
      name: 'buy 16.5: 0.5 past the bound',
      side: asks,
      size: '16.5',
      max: '0.02',
      filled: '16',
      extended: '12',
      unfilled: '0.5',
      cost: '1621.66666666666666666666666667',
      worst: '102',
    },
    // Bids mirror it: 199 + 198 = 397, extension 500 − 19/3; total 2672/3 = 890.666…; worst 100 × (1 − 0.015) = 98.5.
    {
      name: 'sell 9: the bids mirror it',
      side: bids,
      size: '9',
      max: '0.02',
      filled: '9',
      extended: '5',
      unfilled: '0',
      cost: '890.666666666666666666666666667',
      worst: '98.5',
    },
    // A bound at or inside the last level (0.01): the model adds nothing; 5 unfilled as without it.
    {
      name: 'bound at the last level: nothing added',
      side: asks,
      size: '9',
      max: '0.01',
      filled: '4',
      extended: '0',
      unfilled: '5',
      cost: '403',
      worst: '101',
    },
  ])('$name', ({ side, size, max, filled, extended, unfilled, cost, worst }) => {
    const walk = walkBook(side, d(size), ext(max))
    expect([str(walk.filled), str(walk.extended), str(walk.unfilled), sig(walk.cost), sig(walk.worstPrice)]).toEqual([filled, extended, unfilled, cost, worst])
  })

  it('without an extension the walk is what it was: the rest unfilled, never at the last price', () => {
    const walk = walkBook(asks, d(9))
    expect([str(walk.filled), str(walk.extended), str(walk.unfilled), str(walk.cost)]).toEqual(['4', '0', '5', '403'])
  })

  it('taken: a later walk starts where earlier ones left the extension (5 taken: 9 → 14)', () => {
    // 100 × 5 + 0.5 × ⅔ × (14^{3/2} − 27): 14^{3/2} = 52.383203… → 500 + 8.461067805… = 508.461067805…
    const got = extendBeyond(asks, d(5), { ...ext('0.02'), taken: d(5) })!
    expect([str(got.filled), sig(got.cost, 12), sig(got.lastPrice, 12)]).toEqual(['5', '508.461067805', '101.870828693'])
  })

  it('bookExtension: 1 daily σ of the annualized volatility, capped at 1; none without volatility', () => {
    // σ_daily = 0.73 / √365 = 0.0382099…; 50 × that is 1.91: capped at 1.
    expect(sig(bookExtension(d(100), d('0.73'), d(1))!.maxImpact, 6)).toBe('0.0382099')
    expect(str(bookExtension(d(100), d('0.73'), d(50))!.maxImpact)).toBe('1')
    expect(bookExtension(d(100), undefined, d(1))).toBeUndefined()
  })
})

describe('the warn share through the slippage check (the worked example as a file)', () => {
  // Buy 8 into the same asks: 4 from the book, 4 from the extension: a share of exactly 0.5.
  const file = (warnShare: string) =>
    toYaml(
      portfolioWith((p) => {
        p.markets.BTCUSDT = {
          prices: { index: '100', mark: '100', last: '100' },
          maintenance_ladder: [{ max_notional: '1000000', mmr: '0.01', max_leverage: '20' }],
          volatility: '0.55',
          book: {
            bids: [
              ['99.5', '2'],
              ['99', '2'],
            ],
            asks: [
              ['100.5', '2'],
              ['101', '2'],
            ],
          },
        }
        p.orders = [{ id: 'buy', market: 'BTCUSDT', side: 'buy', size: '8' }]
        p.thresholds = { slippage_warn_bps: '150', slippage_fail_bps: '300', book_extension_warn: warnShare }
      }),
    )
  it.each([
    { share: '0.5', status: 'pass' },
    { share: '0.4999', status: 'warn' },
  ])('a 0.5 share against book_extension_warn $share: $status', ({ share, status }) => {
    const item = check(file(share), { file: 'x.yaml', only: ['slippage'] }).findings.find((f) => f.subject === 'buy')!
    expect([item.status, item.figures.plan_extended, item.figures.plan_extended_share, item.figures.unfilled]).toEqual([status, '4', '0.5', '0'])
  })
})

describe('sliced plans walk the same extension', () => {
  it('never refilled: three children fill and cost exactly what one order of 9 does', () => {
    const single = walkBook(asks, d(9), ext('0.02'))
    const sliced = walkSliced({ levels: asks, size: d(9), slices: 3, intervalMs: 1000, halfLifeMs: NEVER_REFILLS, extension: ext('0.02') })
    expect([str(sliced.filled), str(sliced.extended), sig(sliced.cost), sig(sliced.worstPrice)]).toEqual([
      str(single.filled),
      str(single.extended),
      sig(single.cost),
      sig(single.worstPrice),
    ])
  })

  it('whole again before each child: 3 children of 3 never leave the visible book (302 each)', () => {
    const sliced = walkSliced({ levels: asks, size: d(9), slices: 3, intervalMs: 1000, halfLifeMs: 0, extension: ext('0.02') })
    expect([str(sliced.extended), str(sliced.cost)]).toEqual(['0', '906'])
  })
})

/**
 * A cross long of 1 BTC at 50000, stop at 45000, and a planned buy of 0.5, on a book of `depth` levels a side
 * (each 0.2, 10 apart from 49995 / 50005), volatility 0.5. Stressed (depth × 0.3) the whole 7-level side holds
 * 0.42 and a 5-level one 0.3: neither holds the 1 BTC of the stop, and 5 levels do not hold the 0.5 order either.
 */
function desk(depth: number, thresholds: Record<string, string> = {}, volatility: string | null = '0.5') {
  const side = (start: number, step: number) => Array.from({ length: depth }, (_, i) => [String(start + step * i), '0.2'])
  return toYaml(
    portfolioWith((p) => {
      p.account.wallet_balance = '40000'
      p.markets.BTCUSDT = {
        prices: { index: '50000', mark: '50000', last: '50000' },
        maintenance_ladder: [{ max_notional: '10000000', mmr: '0.005', max_leverage: '100' }],
        book: { bids: side(49995, -10), asks: side(50005, 10) },
        ...(volatility === null ? {} : { volatility }),
      }
      p.positions = [{ id: 'btc-long', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '50000', stop: { price: '45000', trigger: 'mark' } }]
      p.orders = [{ id: 'btc-add', market: 'BTCUSDT', side: 'buy', size: '0.5' }]
      p.thresholds = { slippage_warn_bps: '40', slippage_fail_bps: '100', ...thresholds }
    }),
  )
}

const stressItems = (source: string) =>
  check(source, { file: 'desk.yaml', only: ['stress', 'stop-vs-liquidation', 'slippage'] })
    .findings.filter((f) => ['btc-long', 'btc-add'].includes(f.subject))
    .map((f) => `${f.check} ${f.subject} ${f.status} unfilled ${f.figures.unfilled_stress ?? f.figures.unfilled}`)

describe('a 5-level book against 7 levels', () => {
  // At base both books hold the stop's 1 BTC (5 × 0.2 = 1) and the 0.5 order. Stressed, 7 levels hold 0.42 a side
  // and 5 levels 0.3: the stop's exit and (on 5 levels) the order reach past the last level. The extension fills
  // them; the stop's share (0.58 of 1 on 7 levels, 0.7 on 5) and the order's on 5 levels (0.2 of 0.5 = 40%) are
  // over the 25% warn share: warnings, not failures.
  it.each([
    { depth: 7, order: 'pass' },
    { depth: 5, order: 'warn' },
  ])('$depth levels with the extension: nothing fails', ({ depth, order }) => {
    expect(stressItems(desk(depth))).toEqual([
      'stop-vs-liquidation btc-long pass unfilled 0',
      'stress btc-long warn unfilled 0',
      'slippage btc-add pass unfilled 0',
      `stress btc-add ${order} unfilled 0`,
    ])
  })

  // Without volatility the law is not calibrated and the book is not extended: the stressed walks leave size
  // unfilled (1 − 0.3 of the stop, 0.5 − 0.3 of the order) and fail, as they did before the extension.
  it('5 levels without volatility: not extended, the stress items fail on the unfilled size', () => {
    expect(stressItems(desk(5, {}, null))).toEqual([
      'stop-vs-liquidation btc-long pass unfilled 0',
      'stress btc-long fail unfilled 0.7',
      'slippage btc-add pass unfilled 0',
      'stress btc-add fail unfilled 0.2',
    ])
  })

  // A bound of 0.001 daily σ (≈ 0.0000262) is inside the stressed book's last level: the model adds nothing.
  it('a bound inside the book: the model itself says the size cannot be filled, and the stress items fail', () => {
    expect(stressItems(desk(5, { book_extension_max_sigma: '0.001' }))).toEqual([
      'stop-vs-liquidation btc-long pass unfilled 0',
      'stress btc-long fail unfilled 0.7',
      'slippage btc-add pass unfilled 0',
      'stress btc-add fail unfilled 0.2',
    ])
  })
})
