// The stressed book and its helpers on hand-worked books: the spread widened around the mid with level gaps
// kept, sizes thinned, the book carried to a new mid, and the prefix a limit order may take.
import { describe, expect, it } from 'vitest'
import { walkBook } from '../../src/execution/book-walk.js'
import { BookSide } from '../../src/execution/book-side.js'
import { type BookLevel, BookLevels } from '../../src/model.js'
import { stressedBook } from '../../src/execution/stressed-book.js'
import { d } from './book.js'

const level = (price: string, size: string) => ({ price: d(price), size: d(size) })
const side = (...levels: BookLevel[]) => BookLevels.of(levels)
const book = { bids: side(level('99.9', '50'), level('99.5', '100')), asks: side(level('100.1', '50'), level('100.5', '100')) }
const plain = (levels: BookLevels | BookLevel[]) => (levels instanceof BookLevels ? levels.toArray() : levels).map((l) => [l.price.toFixed(), l.size.toFixed()])

describe('stressedBook', () => {
  it('spread ×3 around the mid 100: half-spread 0.1 → each side moves 0.2 outward, gaps kept; depth ×0.3', () => {
    const s = stressedBook(book, { spreadMultiplier: d(3), depthMultiplier: d('0.3') })
    expect(plain(s.bids)).toEqual([
      ['99.7', '15'],
      ['99.3', '30'],
    ])
    expect(plain(s.asks)).toEqual([
      ['100.3', '15'],
      ['100.7', '30'],
    ])
  })

  it('a multiplier of 1 and 1 leaves the book as it is', () => {
    const s = stressedBook(book, { spreadMultiplier: d(1), depthMultiplier: d(1) })
    expect([plain(s.bids), plain(s.asks)]).toEqual([plain(book.bids), plain(book.asks)])
  })

  it('is computed once per book and stress settings object', () => {
    const stress = { spreadMultiplier: d(3), depthMultiplier: d('0.3') }
    const again = { spreadMultiplier: d(3), depthMultiplier: d('0.3') }
    expect(stressedBook(book, stress)).toBe(stressedBook(book, stress))
    expect(stressedBook(book, again)).not.toBe(stressedBook(book, stress))
    expect(plain(stressedBook(book, again).bids)).toEqual(plain(stressedBook(book, stress).bids))
  })

  it('drops levels pushed to a price at or below zero; a book left without bids is an error', () => {
    const low = { bids: side(level('0.9', '1'), level('0.5', '1')), asks: side(level('1.1', '1')) }
    // mid 1, half-spread 0.1; ×6 → bids move 0.5 down: 0.4 is kept, 0 is dropped
    expect(plain(stressedBook(low, { spreadMultiplier: d(6), depthMultiplier: d(1) }).bids)).toEqual([['0.4', '1']])
    // ×10 → 0.9 down: 0 and −0.4, nothing left
    expect(() => stressedBook(low, { spreadMultiplier: d(10), depthMultiplier: d(1) })).toThrow(/every bid/)
  })
})

describe('a side carried to a new mid / the prefix a limit may take / a walk’s side after it', () => {
  it('moves both sides as a block so the mid sits at the new price', () => {
    // mid 100 carried to 90.5: every price −9.5.
    const moved = (levels: typeof book.bids) => BookSide.of(levels).movedBy(d('-9.5')).levels()
    expect([plain(moved(book.bids)), plain(moved(book.asks))]).toEqual([
      [
        ['90.4', '50'],
        ['90', '100'],
      ],
      [
        ['90.6', '50'],
        ['91', '100'],
      ],
    ])
  })

  it('a sell limited at 99.5 may take both bids; at 99.6 only the first; a buy at 100.1 only the first ask', () => {
    const usable = (levels: typeof book.bids, side: 'buy' | 'sell', limit: string) => BookSide.of(levels).noWorseThan(side, d(limit)).length
    expect(usable(book.bids, 'sell', '99.5')).toBe(2)
    expect(usable(book.bids, 'sell', '99.6')).toBe(1)
    expect(usable(book.asks, 'buy', '100.1')).toBe(1)
    expect(usable(book.asks, 'buy', '100')).toBe(0)
  })

  it('a walk’s side after it holds the remaining sizes on the levels', () => {
    // Sell 80: 50 @ 99.9 emptied, 30 of 100 @ 99.5 taken.
    expect(plain(walkBook(book.bids, d(80)).after.levels())).toEqual([
      ['99.9', '0'],
      ['99.5', '70'],
    ])
  })
})
