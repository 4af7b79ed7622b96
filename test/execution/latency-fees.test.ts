// The distance to the opposite best, the expected fee given the taker probability, and σ_L for the stress exit.
// The taker probability itself is the tick model's: test/execution/tick-latency.test.ts.
import { describe, expect, it } from 'vitest'
import { distanceToOppositeBest, estimateFee, latencyPriceStd } from '../../src/execution/latency-fees.js'
import { d, str } from './book.js'

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

describe('latencyPriceStd (the stress exit’s move over the latency)', () => {
  it('σ_L = mid·σ·√(L / year): 100 × 0.5 × 0.01 = 0.5 at L = year / 10 000', () => {
    expect(str(latencyPriceStd({ mid: d(100), volatility: d('0.5'), latencyMs: EXACT_LATENCY_MS }))).toBe('0.5')
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

  it('the expected fee splits into the taker part (paid on arrival) and the maker part (paid if the rest fills)', () => {
    // P = 0.25 on 199: taker part 199 × 0.25 × 0.0005 = 0.024875; maker part 199 × 0.75 × 0.0002 = 0.02985; sum 0.054725.
    const fee = estimateFee({ type: 'limit', notional, fees, marketable: d('0.25') })
    expect([str(fee.takerPart), str(fee.makerPartIfFilled), str(fee.expectedFee)]).toEqual(['0.024875', '0.02985', '0.054725'])
    // A market order takes for certain: nothing is left to a maker fill; a post-only order never takes.
    const market = estimateFee({ type: 'market', notional, fees, marketable: d('0.25') })
    const postOnly = estimateFee({ type: 'post_only', notional, fees, marketable: d('0.25') })
    expect([str(market.takerPart), str(market.makerPartIfFilled), str(postOnly.takerPart), str(postOnly.makerPartIfFilled)]).toEqual([
      '0.0995',
      '0',
      '0',
      '0.0398',
    ])
  })

  it('a maker rebate lowers the expected fee', () => {
    // P = 0.5: rate = 0.5·0.0005 + 0.5·(−0.0001) = 0.0002; 199 × 0.0002 = 0.0398
    const fee = estimateFee({ type: 'limit', notional, fees: { maker: d('-0.0001'), taker: d('0.0005') }, marketable: d('0.5') })
    expect(str(fee.expectedFee)).toBe('0.0398')
  })
})
