// The command line's order grammar: the words become the entry the file's orders[] would hold (values as the
// text written), each key remembering where it was written; a word that does not fit is named by its place.
import { describe, expect, it } from 'vitest'
import { OrderGrammarError, parseOrderText } from '../../src/gate/grammar.js'

describe('--order: the words as an order entry', () => {
  it.each([
    ['buy 0.5 BTCUSDT', { side: 'buy', size: '0.5', market: 'BTCUSDT' }],
    ['sell 30 ETHUSDT', { side: 'sell', size: '30', market: 'ETHUSDT' }],
    ['buy 0.5 BTCUSDT @ 61000', { side: 'buy', size: '0.5', market: 'BTCUSDT', price: '61000', type: 'limit' }],
    ['buy 0.5 BTCUSDT @61000', { side: 'buy', size: '0.5', market: 'BTCUSDT', price: '61000', type: 'limit' }],
    ['buy 0.5 BTCUSDT@61000.5', { side: 'buy', size: '0.5', market: 'BTCUSDT', price: '61000.5', type: 'limit' }],
    ['buy 0.5 BTCUSDT @ 61000 type=post_only', { side: 'buy', size: '0.5', market: 'BTCUSDT', price: '61000', type: 'post_only' }],
    ['buy 0.5 BTCUSDT @ 61000 post_only=true', { side: 'buy', size: '0.5', market: 'BTCUSDT', price: '61000', type: 'post_only' }],
    ['buy 0.5 BTCUSDT @ 61000 post_only=false', { side: 'buy', size: '0.5', market: 'BTCUSDT', price: '61000', type: 'limit' }],
    ['sell 30 ETHUSDT slices=5 interval=30s', { side: 'sell', size: '30', market: 'ETHUSDT', slices: '5', interval: '30s' }],
    ['  buy   2   SOLUSDT   hold=3d  ', { side: 'buy', size: '2', market: 'SOLUSDT', hold: '3d' }],
    // Decimal text is kept as written: 0.10000000000000000001 is not rounded by a float on the way.
    ['buy 0.10000000000000000001 BTCUSDT', { side: 'buy', size: '0.10000000000000000001', market: 'BTCUSDT' }],
    // A bad key or value passes here and is judged by the file's own validation.
    ['buy 0 BTCUSDT slice=3 latency=fast', { side: 'buy', size: '0', market: 'BTCUSDT', slice: '3', latency: 'fast' }],
  ])('%j', (text, entry) => {
    expect(parseOrderText(text).entry).toEqual(entry)
  })

  it('each key remembers the word it was written in', () => {
    const written = parseOrderText('buy 0.5 BTCUSDT @ 61000 latency=20ms')
    expect(Object.fromEntries(written.spans)).toEqual({ side: [0, 3], size: [4, 7], market: [8, 15], price: [18, 23], latency: [24, 36] })
  })

  it.each([
    // [text, the word marked]
    ['', [0, 0]],
    ['purchase 1 BTCUSDT', [0, 8]],
    ['BUY 1 BTCUSDT', [0, 3]],
    ['buy', [3, 3]],
    ['buy BTCUSDT', [4, 11]],
    ['buy 1', [5, 5]],
    ['buy 1 2', [6, 7]],
    ['buy 1 @ 2', [6, 7]],
    ['buy 1 BTCUSDT @', [15, 15]],
    ['buy 1 BTCUSDT @ slices=2', [16, 24]],
    ['buy 1 BTCUSDT 61000', [14, 19]],
    ['buy 1 BTCUSDT slices=', [14, 21]],
    ['buy 1 BTCUSDT =2', [14, 16]],
    ['buy 1 BTCUSDT slices=2 @ 5', [23, 24]],
    ['buy 1 BTCUSDT size=2', [14, 20]],
    ['buy 1 BTCUSDT market=ETHUSDT', [14, 28]],
    ['buy 1 BTCUSDT slices=2 slices=3', [23, 31]],
    ['buy 1 BTCUSDT @ 5 price=6', [18, 25]],
    ['buy 1 BTCUSDT post_only=maybe', [14, 29]],
  ] as const)('%j does not fit the grammar', (text, span) => {
    const error = (() => {
      try {
        parseOrderText(text)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(OrderGrammarError)
    expect((error as OrderGrammarError).span).toEqual(span)
  })
})

describe('--max-size: the same words without the size', () => {
  it.each([
    ['buy BTCUSDT', { side: 'buy', market: 'BTCUSDT' }, undefined],
    ['sell ETHUSDT @ 3200 latency=20ms', { side: 'sell', market: 'ETHUSDT', price: '3200', type: 'limit', latency: '20ms' }, undefined],
    ['buy BTCUSDT step=0.001', { side: 'buy', market: 'BTCUSDT' }, '0.001'],
  ])('%j', (text, entry, step) => {
    const written = parseOrderText(text, { withSize: false })
    expect(written.entry).toEqual(entry)
    expect(written.step?.text).toBe(step)
  })

  it.each([
    ['buy 1 BTCUSDT', [4, 5]],
    ['buy BTCUSDT size=1', [12, 18]],
  ] as const)('%j: the size is what it searches for', (text, span) => {
    expect(() => parseOrderText(text, { withSize: false })).toThrow(OrderGrammarError)
    try {
      parseOrderText(text, { withSize: false })
    } catch (e) {
      expect((e as OrderGrammarError).span).toEqual(span)
    }
  })

  it('step= is --max-size’s own key: on --order it is an order key, which the file’s validation refuses', () => {
    expect(parseOrderText('buy 1 BTCUSDT step=0.1').entry).toMatchObject({ step: '0.1' })
  })
})
