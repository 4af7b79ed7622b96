// stop-vs-liquidation: each outcome, with liquidation prices worked by hand, through the YAML pipeline.
import { describe, expect, it } from 'vitest'
import { BTC_BOOK, findingsOf, portfolioWith, run } from '../helpers.js'

const ID = 'stop-vs-liquidation'

// Generic venue, mark = last = index = 64 000, ladder 0.4% to 50 000 then 0.5% (maintenance amount 50).
// Isolated long 1 @ 64 000 with margin 6 400: LP = (64 000 − 6 400 − 50) / (1 − 0.005) = 57 550 / 0.995
//   = 57 839.1959798994974874371859… (notional there is in the 0.5% tier, as assumed).
// Isolated short 1 @ 64 000 with margin 6 400: LP = (64 000 + 6 400 + 50) / 1.005 = 70 099.5024875621890547263681…
// σ = 0.5 and stress latency year/10 000 (√ = 0.01): the latency move is stop × 0.005.

function withStop(options: {
  side?: string
  stop: Record<string, string>
  market?: Record<string, unknown>
  position?: Record<string, unknown>
  account?: Record<string, unknown>
}) {
  return portfolioWith((p) => {
    Object.assign(p.markets.BTCUSDT, { book: BTC_BOOK, volatility: '0.5', ...options.market })
    Object.assign(p.account, options.account ?? {})
    p.stress = { latency: '3153600ms' }
    p.positions = [
      {
        id: 'btc',
        market: 'BTCUSDT',
        side: options.side ?? 'long',
        size: '1',
        entry_price: '64000',
        margin_mode: 'isolated',
        margin: '6400',
        stop: options.stop,
        ...options.position,
      },
    ]
  })
}
/** The stress check's item on the stop: its status, the statuses at base and at stress, and one figure. */
const stressItem = (portfolio: unknown, figure: string) => {
  const found = findingsOf(portfolio, 'stress').find((f) => f.subject === 'btc')!
  return [found.status, found.figures.status_base, found.figures.status_stress, found.figures[figure]]
}
const item = (portfolio: unknown) => {
  const found = findingsOf(portfolio, ID)
  expect(found).toHaveLength(1)
  return found[0]!
}

describe('outcomes', () => {
  it('long: the stop triggers and fills before liquidation', () => {
    // Bids shifted to start at 60 000: 1 @ 60 000; minus 60 000 × 0.005 = 300 → expected fill 59 700.
    // At 59 700: margin 6 400 + (59 700 − 64 000) = 2 100, taker fee 29.85 → 2 070.15; maintenance 59 700 × 0.005 − 50 = 248.5.
    // Buffer (59 700 − 57 839.19597989949748743718…) / 59 700 = 311.692465678476132757590… bps;
    // in daily σ (0.5 / √365): 1.19097523909887779034974….
    const found = item(withStop({ stop: { price: '60000', trigger: 'mark' } }))
    expect({ status: found.status, ...pick(found.figures) }).toEqual({
      status: 'pass',
      trigger_price_on_liquidation_reference: '60000',
      liquidation_price: '57839.1959798994974874372',
      book_vwap: '60000',
      latency_move: '300',
      expected_fill_on_liquidation_reference: '59700',
      taker_fee: '29.85',
      margin_after_fill: '2070.15',
      maintenance_at_fill: '248.5',
      buffer_bps: '311.69246567847613275759',
      buffer_sigma: '1.19097523909887779034974',
    })
    expect(found.path).toBe('positions[0].stop.price')
  })

  it('short: the stop triggers and fills before liquidation', () => {
    // Asks shifted to start at 68 000: 1 @ 68 000, plus 340 → 68 340 < 70 099.50….
    // Buffer (70 099.5024875621890547… − 68 340) / 68 340 = 257.463050565143262324608 bps, 0.983764934896603711230890 σ:
    // under stop_buffer_sigma_warn (1 daily σ), a warning.
    const found = item(withStop({ side: 'short', stop: { price: '68000', trigger: 'mark' } }))
    expect([found.status, found.figures.expected_fill_on_liquidation_reference, found.figures.buffer_bps, found.figures.buffer_sigma]).toEqual([
      'warn',
      '68340',
      '257.463050565143262324608',
      '0.98376493489660371123089',
    ])
  })

  it('fails a stop beyond the liquidation price', () => {
    const found = item(withStop({ stop: { price: '57000', trigger: 'mark' } }))
    expect([found.status, found.figures.trigger_price_on_liquidation_reference]).toEqual(['fail', '57000'])
  })

  it('fails a stop whose fill lands beyond the liquidation price', () => {
    // 58 000 triggers 160.8… above LP, but fills at 58 000 − 290 = 57 710 < 57 839.2.
    const found = item(withStop({ stop: { price: '58000', trigger: 'mark' } }))
    expect([found.status, found.figures.expected_fill_on_liquidation_reference, String(found.figures.buffer_bps).startsWith('-')]).toEqual([
      'fail',
      '57710',
      true,
    ])
  })

  it('fails a stop that leaves less than maintenance after the fill and its fee', () => {
    // No volatility: no latency move, fill = 57 850 (above LP 57 839.2). Margin 6 400 − 6 150 = 250,
    // less the fee 28.925 = 221.075 ≤ maintenance 57 850 × 0.005 − 50 = 239.25.
    const found = item(withStop({ stop: { price: '57850', trigger: 'mark' }, market: { volatility: undefined } }))
    expect([
      found.status,
      found.figures.latency_move,
      found.figures.expected_fill_on_liquidation_reference,
      found.figures.margin_after_fill,
      found.figures.maintenance_at_fill,
    ]).toEqual(['fail', null, '57850', '221.075', '239.25'])
  })

  describe('a book shorter than the position: the square-root extension, its warn share and its bound', () => {
    // Only 0.5 on the bids for a position of 1. Shifted to the stop, the level sits at 60000 and the mid at
    // 64000 + (60000 − 63990) = 60010: I_K = 10 / 60010 at Q_K = 0.5, so the impact reaches 1 daily σ (0.5 / √365 ≈ 2.6%)
    // far past 1; the extension fills the other 0.5: 50% of the fill, over the 25% warn share.
    const short = { book: { bids: [['63990', '0.5']], asks: [['64010', '1']] } }
    it.each([
      { name: 'with volatility the extension fills it: a warning (50% from the model)', market: short, thresholds: {}, want: ['warn', '0', '0.5', '0.5'] },
      { name: 'a warn share of 0.5 lets 50% pass', market: short, thresholds: { book_extension_warn: '0.5' }, want: ['pass', '0', '0.5', '0.5'] },
      // Bound 0.001 daily σ ≈ 0.0000262 < I_K ≈ 0.000167: the model fills nothing more.
      {
        name: 'a bound below the last level: even the model cannot fill it',
        market: short,
        thresholds: { book_extension_max_sigma: '0.001' },
        want: ['fail', '0.5', '0', null],
      },
      { name: 'without volatility the book is not extended', market: { ...short, volatility: undefined }, thresholds: {}, want: ['fail', '0.5', '0', null] },
    ])('$name', ({ market, thresholds, want }) => {
      const portfolio = withStop({ stop: { price: '60000', trigger: 'mark' }, market })
      portfolio.thresholds = thresholds
      const found = item(portfolio)
      expect([found.status, found.figures.unfilled, found.figures.extended, found.figures.extended_share]).toEqual(want)
    })
  })

  it('fails a position already past liquidation', () => {
    // Margin 100 on 1 @ 64 000 with the mark at 60 000: 100 − 4 000 < 0.
    const found = item(
      withStop({
        stop: { price: '59000', trigger: 'mark' },
        position: { margin: '100' },
        market: { prices: { index: '60000', mark: '60000', last: '60000' } },
      }),
    )
    expect(found.status).toBe('fail')
  })

  it('passes when there is no liquidation price to race', () => {
    // Cross 0.1 BTC on a 10 000 wallet: the account covers it down to a zero price.
    const found = item(withStop({ stop: { price: '60000', trigger: 'mark' }, position: { margin_mode: 'cross', margin: undefined, size: '0.1' } }))
    expect([found.status, found.figures.liquidation_price]).toEqual(['pass', null])
  })

  it('reports without a fill model when the market has no book', () => {
    const found = item(withStop({ stop: { price: '60000', trigger: 'mark' }, market: { book: undefined } }))
    expect([found.status, found.figures.expected_fill_on_liquidation_reference]).toEqual(['info', null])
  })
})

// Issue 16: "a stop on the wrong side of the market fills above it": long 1, mark 64 000, stop 70 000 on mark
// read "expected fill 69 996.93". A stop whose reference is already at or past it triggers the moment it is
// placed: it fails, and its fill is priced at the book as it is (the latency move from the best level).
describe('a stop that triggers the moment it is placed', () => {
  it.each([
    // Bids as they are: 1 @ 63 990, less 63 990 × 0.005 = 319.95 → 63 670.05.
    {
      name: 'long, stop 70 000 above the mark 64 000 (the reproducer)',
      side: 'long',
      stop: { price: '70000', trigger: 'mark' },
      start: '63990',
      fill: '63670.05',
    },
    // Asks as they are: 1 @ 64 010, plus 64 010 × 0.005 = 320.05 → 64 330.05.
    { name: 'short, stop 60 000 below the mark', side: 'short', stop: { price: '60000', trigger: 'mark' }, start: '64010', fill: '64330.05' },
    { name: 'long, stop exactly at the mark', side: 'long', stop: { price: '64000', trigger: 'mark' }, start: '63990', fill: '63670.05' },
    { name: 'short, stop exactly at the mark', side: 'short', stop: { price: '64000', trigger: 'mark' }, start: '64010', fill: '64330.05' },
  ])('$name: fail, filled from the best level', ({ side, stop, start, fill }) => {
    const found = item(withStop({ side, stop }))
    expect([found.status, found.figures.triggers_now, found.figures.stop_reference_now, found.figures.book_start, found.figures.expected_fill]).toEqual([
      'fail',
      true,
      '64000',
      start,
      fill,
    ])
  })

  it.each([
    // Last 63 900 (mark 64 000): a long's stop at 63 950 on last has already been crossed, on mark it has not.
    { name: 'on last', side: 'long', stop: { price: '63950', trigger: 'last' }, now: '63900' },
    // Index 64 100: a short's stop at 64 050 on index has already been crossed.
    { name: 'on index', side: 'short', stop: { price: '64050', trigger: 'index' }, now: '64100' },
  ])('the stop’s own reference decides: $name', ({ side, stop, now }) => {
    const found = item(withStop({ side, stop, market: { prices: { index: '64100', mark: '64000', last: '63900' } } }))
    expect([found.status, found.figures.triggers_now, found.figures.stop_reference_now]).toEqual(['fail', true, now])
  })

  it.each([
    // Just under the mark it waits; its fill starts at the best bid 63 990, not at 63 999.99 above it.
    { side: 'long', price: '63999.99', start: '63990', fill: '63670.05' },
    { side: 'short', price: '64000.01', start: '64010', fill: '64330.05' },
  ])('$side stop at $price waits: pass, filled no better than the book', ({ side, price, start, fill }) => {
    const found = item(withStop({ side, stop: { price, trigger: 'mark' } }))
    expect([found.status, found.figures.triggers_now, found.figures.book_start, found.figures.expected_fill]).toEqual(['pass', false, start, fill])
  })

  it('the round trip exits at the trigger price now, not at the stop price the market is past', () => {
    const fees = findingsOf(withStop({ stop: { price: '70000', trigger: 'mark' } }), 'fees').find((f) => 'exit_at' in f.figures)!
    expect([fees.figures.exit_at, fees.figures.exit_fee]).toEqual(['trigger price', '32']) // 64 000 × 0.0005
  })

  it('at stress it still fails, filled at the stressed best bid', () => {
    // Stressed bids: spread 20 × (3 − 1) / 2 = 20 lower, sizes × 0.3: 0.3 @ 63 970, 0.6 @ 63 960, 0.6 @ 63 880.
    // 1 fills 0.3·63 970 + 0.6·63 960 + 0.1·63 880 = 63 955; less 63 970 × 0.005 = 319.85 → 63 635.15.
    expect(stressItem(withStop({ stop: { price: '70000', trigger: 'mark' } }), 'expected_fill_stress')).toEqual(['info', 'fail', 'fail', '63635.15'])
  })
})

// Issue 16: "a stop that fills 0.9% of the position passes under stress". The share the book leaves unfilled
// drives the status by stop_unfilled_warn (0: any share warns) and stop_unfilled_fail (0.01), with or
// without a liquidation price.
describe('the unfilled share of a stop', () => {
  // The visible book alone: book_extension_max_sigma 0 turns the square-root extension off (its own tests
  // are in test/execution/extension.test.ts).
  const visibleOnly = (file: ReturnType<typeof withStop>, thresholds: Record<string, string> = {}) => {
    file.thresholds = { book_extension_max_sigma: '0', ...thresholds }
    return file
  }
  // Cross 0.1 on a 10 000 wallet: no liquidation price (the account covers it down to a zero price).
  const noLiquidation = (bids: string) =>
    visibleOnly(
      withStop({
        stop: { price: '60000', trigger: 'mark' },
        position: { margin_mode: 'cross', margin: undefined, size: '0.1' },
        market: { book: { bids: [['63990', bids]], asks: [['64010', '1']] } },
      }),
    )
  it.each([
    { bids: '0.0009', share: '0.991', status: 'fail' }, // the reproducer: 0.9% filled
    { bids: '0.0989999', share: '0.010001', status: 'fail' },
    { bids: '0.099', share: '0.01', status: 'warn' }, // at the fail limit: not above it
    { bids: '0.0999999', share: '0.000001', status: 'warn' },
    { bids: '0.1', share: '0', status: 'pass' },
  ])('no liquidation price, the book holds $bids of 0.1: share $share → $status', ({ bids, share, status }) => {
    const found = item(noLiquidation(bids))
    expect([found.status, found.figures.liquidation_price, found.figures.unfilled_share]).toEqual([status, null, share])
  })

  it.each([
    { bids: '0.995', share: '0.005', status: 'warn' },
    { bids: '0.5', share: '0.5', status: 'fail' },
  ])('with a liquidation price, the book holds $bids of 1: share $share → $status', ({ bids, share, status }) => {
    const found = item(
      visibleOnly(withStop({ stop: { price: '60000', trigger: 'mark' }, market: { book: { bids: [['63990', bids]], asks: [['64010', '1']] } } })),
    )
    expect([found.status, found.figures.unfilled_share]).toEqual([status, share])
  })

  it('the thresholds are overridable', () => {
    const file = withStop({ stop: { price: '60000', trigger: 'mark' }, market: { book: { bids: [['63990', '0.5']], asks: [['64010', '1']] } } })
    expect(item(visibleOnly(file, { stop_unfilled_warn: '0.1', stop_unfilled_fail: '0.6' })).status).toBe('warn')
    expect(item(visibleOnly(file, { stop_unfilled_warn: '0.5', stop_unfilled_fail: '0.6' })).status).toBe('pass')
  })

  it('the stress item fails when the stressed book leaves more than 1% unfilled, though the base passes', () => {
    // Base bids 0.1 fill all of 0.1; stressed × 0.3 they hold 0.03: 70% unfilled.
    expect(stressItem(noLiquidation('0.1'), 'unfilled_stress')).toEqual(['fail', 'pass', 'fail', '0.07'])
  })
})

describe('the buffer in daily σ', () => {
  // The long stop at 60 000 of 'outcomes' leaves 1.19097523909887779034974 daily σ; the same figure against
  // limits placed at it and one unit of the last digit past it (exactly at a limit is not below it).
  const AT = '1.19097523909887779034974'
  const PAST = '1.19097523909887779034975'
  const long = (thresholds: Record<string, string | undefined> = {}) => {
    const file = withStop({ stop: { price: '60000', trigger: 'mark' } })
    file.thresholds = thresholds
    return file
  }
  it.each([
    { name: 'defaults (warn below 1, fail below 0.25)', thresholds: {}, status: 'pass' },
    { name: 'warn limit at the buffer', thresholds: { stop_buffer_sigma_warn: AT }, status: 'pass' },
    { name: 'warn limit just past the buffer', thresholds: { stop_buffer_sigma_warn: PAST }, status: 'warn' },
    { name: 'fail limit at the buffer', thresholds: { stop_buffer_sigma_warn: '2', stop_buffer_sigma_fail: AT }, status: 'warn' },
    { name: 'fail limit just past the buffer', thresholds: { stop_buffer_sigma_warn: '2', stop_buffer_sigma_fail: PAST }, status: 'fail' },
  ])('$name → $status', ({ thresholds, status }) => {
    const found = item(long(thresholds))
    expect([found.status, found.figures.buffer_sigma]).toEqual([status, AT])
  })

  it('fails a stop that fills a few bps before liquidation on a volatile market', () => {
    // Bids shifted to 58 300: 1 @ 58 300, less 291.5 → 58 008.5; margin after the fill 6 400 − 5 991.5 = 408.5
    // less the taker fee, above maintenance 240.0425. Buffer (58 008.5 − 57 839.19597989949748743718…) / 58 008.5
    // = 29.1857506400222918870427… bps; in daily σ (0.5 / √365) 0.111517… < 0.25.
    const found = item(withStop({ stop: { price: '58300', trigger: 'mark' } }))
    expect(found.status).toBe('fail')
    expect(found.figures.expected_fill_on_liquidation_reference).toBe('58008.5')
    expect(Number(found.figures.buffer_sigma)).toBeCloseTo(0.111517, 5)
  })

  it('without volatility the buffer has no daily σ and is not judged on it', () => {
    // No latency move: fill 58 300, 80 bps from liquidation; margin 6 400 − 5 700 = 700 less the fee, above maintenance.
    const found = item(withStop({ stop: { price: '58300', trigger: 'mark' }, market: { volatility: undefined } }))
    expect([found.status, found.figures.buffer_sigma, found.figures.expected_fill_on_liquidation_reference]).toEqual(['pass', null, '58300'])
  })
})

describe('cross margin', () => {
  it('judges the account’s margin at the fill price', () => {
    // Cross long 1 @ 64 000 on a 10 000 wallet: LP = (64 000 − 10 000 − 50) / 0.995 = 54 221.105527638190954773869….
    // Fill 59 700: account 10 000 − 4 300 − 29.85 = 5 670.15 against maintenance 248.5.
    const found = item(withStop({ stop: { price: '60000', trigger: 'mark' }, position: { margin_mode: 'cross', margin: undefined } }))
    expect([found.status, found.figures.liquidation_price, found.figures.margin_after_fill, found.figures.maintenance_at_fill]).toEqual([
      'pass',
      '54221.1055276381909547739',
      '5670.15',
      '248.5',
    ])
  })
})

describe('stop and liquidation on different references', () => {
  it('moves the stop and the fill by the current gap', () => {
    // Liquidation on mark 64 000, stop on last 63 900: gap +100. Stop 60 000 (last) is 60 100 on mark;
    // the fill 60 000 − 300 = 59 700 on last is 59 800 on mark.
    const found = item(withStop({ stop: { price: '60000', trigger: 'last' }, market: { prices: { index: '64000', mark: '64000', last: '63900' } } }))
    expect([
      found.status,
      found.figures.gap,
      found.figures.trigger_price_on_liquidation_reference,
      found.figures.expected_fill_on_liquidation_reference,
    ]).toEqual(['pass', '100', '60100', '59800'])
  })

  it('fails a stop that looks safe on its own reference but sits beyond liquidation on the other', () => {
    // Last 64 200 above mark 64 000: gap −200. Stop 58 000 (last) is 57 800 on mark, below LP 57 839.2.
    const found = item(withStop({ stop: { price: '58000', trigger: 'last' }, market: { prices: { index: '64000', mark: '64000', last: '64200' } } }))
    expect([found.status, found.figures.trigger_price_on_liquidation_reference]).toEqual(['fail', '57800'])
  })
})

describe('JSON positions[].stop', () => {
  it('carries the converted trigger, the expected fill and the buffer', () => {
    const record = run(withStop({ stop: { price: '60000', trigger: 'mark' } }), { only: [ID] }).records.positions[0]!
    expect(record.stop).toEqual({ trigger_price_on_liquidation_reference: '60000', expected_fill: '59700', buffer_bps: '311.69246567847613275759' })
  })
})

describe('message', () => {
  it('reads subject matter, value, limit', () => {
    expect(item(withStop({ stop: { price: '60000', trigger: 'last' } })).message).toMatchInlineSnapshot(
      `"stop 60000 on last (60000 on mark) triggers and fills before liquidation 57839 on mark: expected fill 59700 on mark (book VWAP 60000 less one σ over 3153600ms, 300); buffer 311.69 bps, 1.19 daily σ"`,
    )
  })
})

function pick(figures: Record<string, unknown>) {
  const keys = [
    'trigger_price_on_liquidation_reference',
    'liquidation_price',
    'book_vwap',
    'latency_move',
    'expected_fill_on_liquidation_reference',
    'taker_fee',
    'margin_after_fill',
    'maintenance_at_fill',
    'buffer_bps',
    'buffer_sigma',
  ]
  return Object.fromEntries(keys.map((k) => [k, figures[k]]))
}
