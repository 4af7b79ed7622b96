// The book under stress: the spread widened around the mid and every level thinned (stressedBook, once per book
// and stress). Carrying it to wherever the price is when a forced order arrives is a lazy BookSide moved by an
// offset (src/stress/exit.ts), read only as far as the order takes.
import type { Decimal } from '../decimal.js'
import { type Book, BookLevels, type Stress } from '../model.js'
import { midPrice } from './book-walk.js'

type Sides = Pick<Book, 'bids' | 'asks'>

/** Each book stressed once per stress settings: the stress costs, every forced exit and the stepped liquidations of a market walk the same one. */
const stressedBooks = new WeakMap<Sides, WeakMap<object, Sides>>()

/**
 * The snapshot under stress: each side moved away from the mid by (k − 1)·half-spread, so the spread is
 * k = spread_multiplier times wider around the same mid while the gaps between levels are kept, and every
 * size multiplied by depth_multiplier. Levels pushed to a price ≤ 0 are dropped; a book left without bids
 * is an error (the multiplier is too large for it), reported against the check that needed it. Computed once
 * per book and `stress` object: the book and its stressed copy are never changed.
 */
export function stressedBook<B extends Sides>(book: B, stress: Pick<Stress, 'spreadMultiplier' | 'depthMultiplier'>): B {
  let byStress = stressedBooks.get(book)
  if (!byStress) {
    byStress = new WeakMap()
    stressedBooks.set(book, byStress)
  }
  let stressed = byStress.get(stress) as B | undefined
  if (!stressed) {
    stressed = stressedCopy(book, stress)
    byStress.set(stress, stressed)
  }
  return stressed
}

function stressedCopy<B extends Sides>(book: B, stress: Pick<Stress, 'spreadMultiplier' | 'depthMultiplier'>): B {
  const mid = midPrice(book)
  if (!mid) throw new Error('a stressed book needs both sides')
  const widen = book.asks.price(0).minus(book.bids.price(0)).div(2).mul(stress.spreadMultiplier.minus(1))
  const side = (levels: BookLevels, offset: Decimal): BookLevels => BookLevels.moved(levels, offset, stress.depthMultiplier)
  const bids = side(book.bids, widen.neg())
  if (bids.length === 0)
    throw new Error(`spread_multiplier ${stress.spreadMultiplier.toFixed()} pushes every bid of a book with mid ${mid.toFixed()} to a price ≤ 0`)
  return { ...book, bids, asks: side(book.asks, widen) }
}
