// A stop's race figures at their boundaries: a stop, or its fill, exactly at the liquidation price is beyond it;
// one a unit inside is not; the buffer's sign follows; the share the book leaves open. Liquidation prices chosen
// to be exact: generic venue, ladder 0.4% to 50 000 then 0.5% (maintenance amount 50), entry 1 @ 64 000, isolated.
//   long, margin 6 240:    LP = (64 000 − 6 240 − 50) / 0.995 = 57 710 / 0.995 = 58 000
//   short, margin 6 651.75: LP = (64 000 + 6 651.75 + 50) / 1.005 = 70 701.75 / 1.005 = 70 350
// No volatility: no latency move, and the book is not extended, so the fill is the shifted book's VWAP.
import { describe, expect, it } from 'vitest'
import { computeExecution } from '../../src/execution/view.js'
import { computeMargin } from '../../src/margin/index.js'
import { BTC_BOOK, load, portfolioWith } from '../helpers.js'

function stopOf(position: Record<string, string>, stopPrice: string) {
  const portfolio = load(
    portfolioWith((p) => {
      Object.assign(p.markets.BTCUSDT, { book: BTC_BOOK })
      p.positions = [
        { id: 'p', market: 'BTCUSDT', size: '1', entry_price: '64000', margin_mode: 'isolated', ...position, stop: { price: stopPrice, trigger: 'mark' } },
      ]
    }),
  )
  return computeExecution(portfolio, computeMargin(portfolio)).stops.get('p')!
}

describe('stop and fill against the liquidation price', () => {
  // A stop one unit inside fills one unit inside: buffer ±1 / fill × 10⁴ bps (1/58 001, −1/57 999, 1/70 349, −1/70 351 at 40 digits).
  const long = { side: 'long', margin: '6240' }
  const short = { side: 'short', margin: '6651.75' }
  it.each([
    { name: 'long, stop at the liquidation price', position: long, stop: '58000', beyond: [true, true], buffer: '0' },
    { name: 'long, stop one above it', position: long, stop: '58001', beyond: [false, false], buffer: '0.172410820503094774228030551197393148394' },
    { name: 'long, stop one below it', position: long, stop: '57999', beyond: [true, true], buffer: '-0.1724167658063070052931947102536250625011' },
    { name: 'short, stop at the liquidation price', position: short, stop: '70350', beyond: [true, true], buffer: '0' },
    { name: 'short, stop one below it', position: short, stop: '70349', beyond: [false, false], buffer: '0.1421484313920595886224395513795505266599' },
    { name: 'short, stop one above it', position: short, stop: '70351', beyond: [true, true], buffer: '-0.1421443902716379298091000838651902602664' },
  ])('$name', ({ position, stop, beyond, buffer }) => {
    const s = stopOf(position, stop)
    expect([s.liquidationPrice?.toFixed(), s.stopBeyondLiquidation, s.fillBeyondLiquidation, s.bufferBps?.toFixed()]).toEqual([
      position === long ? '58000' : '70350',
      ...beyond,
      buffer,
    ])
  })
})

describe('the share of the position the book leaves open', () => {
  // The long's bids hold 1 + 2 + 2 + 10 = 15 from the stop down.
  it.each([
    { size: '15', unfilled: '0', share: '0' },
    { size: '20', unfilled: '5', share: '0.25' },
    { size: '16', unfilled: '1', share: '0.0625' },
  ])('size $size: unfilled $unfilled, share $share', ({ size, unfilled, share }) => {
    const s = stopOf({ side: 'long', margin: '64000', size }, '60000')
    expect([s.fill?.walk.unfilled.toFixed(), s.unfilledShare?.toFixed()]).toEqual([unfilled, share])
  })
})
