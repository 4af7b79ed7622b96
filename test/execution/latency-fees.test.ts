// Taker probability under latency, P = Φ(−δ/σ_L), σ_L = mid·σ·√(L / year), and the expected fee.
import { describe, expect, it } from 'vitest'
import { distanceToOppositeBest, estimateFee, latencyPriceStd, marketableProbability } from '../../src/execution/latency-fees.js'
import { d, sig, str } from './book.js'

const fees = { maker: d('0.0002'), taker: d('0.0005') }
// 31 536 000 000 ms a year; L = year / 10 000 makes √(L / year) = 0.01 exactly.
const EXACT_LATENCY_MS = 3_153_600

describe('distanceToOppositeBest', () => {
  it('buy: best ask − limit; sell: limit − best bid', () => {
    expect(str(distanceToOppositeBest({ side: 'buy', limitPrice: d(99.5), oppositeBest: d(100) }))).toBe('0.5')
    expect(str(distanceToOppositeBest({ side: 'sell', limitPrice: d(101), oppositeBest: d(99) }))).toBe('2')
    // A buy priced through the ask is marketable already: δ < 0.
    expect(str(distanceToOppositeBest({ side: 'buy', limitPrice: d(101), oppositeBest: d(100) }))).toBe('-1')
  })
})

describe('marketableProbability, exact σ_L', () => {
  // mid 100, σ 0.5, L = year/10 000: σ_L = 100·0.5·0.01 = 0.5.
  const priceStd = latencyPriceStd({ mid: d(100), volatility: d('0.5'), latencyMs: EXACT_LATENCY_MS })

  it('σ_L = 0.5', () => expect(str(priceStd)).toBe('0.5'))

  it.each([
    { distance: '0.5', want: '0.158655253931457051414767454368' }, // Φ(−1)
    { distance: '1', want: '0.0227501319481792072002826371665' }, // Φ(−2)
    { distance: '0', want: '0.5' }, // at the touch: even odds
    { distance: '-0.5', want: '0.841344746068542948585232545632' }, // already through: Φ(1) = 1 − Φ(−1)
  ])('δ = $distance', ({ distance, want }) => {
    expect(sig(marketableProbability({ distance: d(distance), priceStd }))).toBe(want)
  })

  it('without latency only an already-marketable order crosses', () => {
    expect(str(marketableProbability({ distance: d('0.5'), priceStd: d(0) }))).toBe('0')
    expect(str(marketableProbability({ distance: d(0), priceStd: d(0) }))).toBe('1')
  })
})

describe('taker probability at two latencies (BTC, one tick from the ask)', () => {
  // Bid 63 990 / ask 64 000 → mid 63 995; buy limit 63 999 → δ = 1; σ = 0.55.
  // Independent values, mpmath 1.3.0 at 50 digits: σ_L = 63995·0.55·sqrt(L/31536000000), P = ncdf(−1/σ_L).
  const base = { mid: d(63995), volatility: d('0.55') }
  const distance = distanceToOppositeBest({ side: 'buy', limitPrice: d(63999), oppositeBest: d(64000) })

  it.each([
    { latencyMs: 20, std: '0.886380977725051569324133418462', p: '0.129621309178309472603906557866' },
    { latencyMs: 200, std: '2.8029827642581364369475187298', p: '0.360634690899997553948269492143' },
  ])('$latencyMs ms', ({ latencyMs, std, p }) => {
    const priceStd = latencyPriceStd({ ...base, latencyMs })
    expect(sig(priceStd)).toBe(std)
    expect(sig(marketableProbability({ distance, priceStd }))).toBe(p)
  })
})

describe('estimateFee', () => {
  // Buy 2 @ 99.5 → notional 199: maker fee 199·0.0002 = 0.0398, taker fee 199·0.0005 = 0.0995.
  const notional = d(199)
  const P = d('0.158655253931457051414767454368') // Φ(−1) to 30 digits

  it('market pays taker for certain', () => {
    const fee = estimateFee({ type: 'market', notional, fees, marketable: P })
    expect([str(fee.makerFee), str(fee.takerFee), str(fee.takerProbability), str(fee.rejectionProbability), str(fee.expectedFee)]).toEqual([
      '0.0398',
      '0.0995',
      '1',
      '0',
      '0.0995',
    ])
  })

  it('limit pays taker with probability P', () => {
    // rate = 0.0002 + P·(0.0005 − 0.0002) = 0.0002 + 0.0000475965761794371154244302363104
    //      = 0.0002475965761794371154244302363104; fee = 199 × rate = 0.0492717186597079859694616170257696
    const fee = estimateFee({ type: 'limit', notional, fees, marketable: P })
    expect([str(fee.takerProbability), str(fee.rejectionProbability), str(fee.expectedRate), str(fee.expectedFee)]).toEqual([
      P.toFixed(),
      '0',
      '0.0002475965761794371154244302363104',
      '0.0492717186597079859694616170257696',
    ])
  })

  it('post-only is rejected with probability P and fills as maker', () => {
    const fee = estimateFee({ type: 'post_only', notional, fees, marketable: P })
    expect([str(fee.takerProbability), str(fee.rejectionProbability), str(fee.expectedRate), str(fee.expectedFee)]).toEqual([
      '0',
      P.toFixed(),
      '0.0002',
      '0.0398',
    ])
  })

  it('a maker rebate lowers the expected fee', () => {
    // P = 0.5: rate = 0.5·0.0005 + 0.5·(−0.0001) = 0.0002; 199 × 0.0002 = 0.0398
    const fee = estimateFee({ type: 'limit', notional, fees: { maker: d('-0.0001'), taker: d('0.0005') }, marketable: d('0.5') })
    expect(str(fee.expectedFee)).toBe('0.0398')
  })
})
