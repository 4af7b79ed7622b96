// The lazy book side against the same levels materialised: every walk of a side moved, cut, walked or refilled
// gives the figures the old whole-array code gave (each level moved, cut, refilled by the same Decimal operation).
import { describe, expect, it } from 'vitest'
import { BookSide } from '../../src/execution/book-side.js'
import { type BookExtension, depthWithin, walkBook } from '../../src/execution/book-walk.js'
import type { Decimal } from '../../src/decimal.js'
import { type BookLevel, BookLevels, type OrderSide } from '../../src/model.js'
import { d, figures, levels, str } from './book.js'

/** The eager prefix a limit order may take (the whole-array code the lazy side replaced): levels up to the first worse price. */
function noWorseThan(levels: BookLevels | readonly BookLevel[], order: OrderSide, limit: Decimal): BookLevel[] {
  const side = array(levels)
  const index = side.findIndex((level) => (order === 'sell' ? level.price.lt(limit) : level.price.gt(limit)))
  return index === -1 ? [...side] : side.slice(0, index)
}

const asks = levels([
  [101, 1],
  [102, 2],
  [104, 3],
])
const bids = levels([
  [99, 2],
  [98, 1],
  [95, 5],
])

/** A side as an array of levels. */
const array = (side: BookLevels | readonly BookLevel[]): readonly BookLevel[] => (side instanceof BookLevels ? side.toArray() : side)

/** The old whole-array operations the lazy side stands for. */
const eager = {
  moved: (side: BookLevels | readonly BookLevel[], offset: Decimal) =>
    array(side)
      .map((level) => ({ price: level.price.plus(offset), size: level.size }))
      .filter((level) => level.price.gt(0)),
  refill: (snapshot: BookLevels | readonly BookLevel[], after: readonly Decimal[], missing: Decimal) =>
    array(snapshot).map((level, i) => ({ price: level.price, size: level.size.minus(level.size.minus(after[i] ?? level.size).times(missing)) })),
}

const plain = (side: readonly BookLevel[]) => side.map((level) => [str(level.price), str(level.size)])

// Sizes at the boundaries of the 6 the asks hold: nothing, inside the first level, exactly the first, exactly two
// levels, exactly the whole side, beyond it.
const sizes = ['0', '0.5', '1', '3', '6', '8']

describe('a lazy side walks as its levels materialised', () => {
  const sides: { name: string; side: () => BookSide }[] = [
    { name: 'as it is', side: () => BookSide.of(asks) },
    { name: 'moved by −0.25', side: () => BookSide.of(asks).movedBy(d('-0.25')) },
    { name: 'moved by −101.5 (levels at or below zero dropped)', side: () => BookSide.of(asks).movedBy(d('-102')) },
    { name: 'cut after two levels', side: () => BookSide.of(asks).cut(2) },
    { name: 'as a walk of 1.5 left it', side: () => walkBook(BookSide.of(asks), d('1.5')).after },
    { name: 'refilled half-way after a walk of 4', side: () => walkBook(BookSide.of(asks), d(4)).after.refilled(d('0.5')) },
    { name: 'empty', side: () => BookSide.of(levels([])) },
  ]
  const rows = sides.flatMap(({ name, side }) => sizes.map((size) => ({ name, side, size })))
  it.each(rows)('$name, size $size', ({ side, size }) => {
    const lazy = side()
    expect(figures(walkBook(lazy, d(size)))).toEqual(figures(walkBook(BookLevels.of(lazy.levels()), d(size))))
  })

  const extension: BookExtension = { reference: d(100), maxImpact: d('0.1') }
  it.each(sizes)('with the square-root extension, moved by +0.5, size %s', (size) => {
    const lazy = BookSide.of(asks).movedBy(d('0.5'))
    expect(figures(walkBook(lazy, d(size), extension))).toEqual(figures(walkBook(BookLevels.of(lazy.levels()), d(size), extension)))
  })

  it('a walk leaves sizes changed only on the levels it took from', () => {
    // Moved by 1, buy 3: 1 @ 102 + 2 @ 103 = 308; levels 0 and 1 emptied, level 2 the snapshot's.
    const moved = BookSide.of(asks).movedBy(d(1))
    const walk = walkBook(moved, d(3))
    expect([str(walk.cost), walk.deepestLevel, walk.after.changedLevels]).toEqual(['308', 1, 2])
  })
})

describe('moved, cut and refilled sides materialise as the whole-array operations', () => {
  it.each(['0', '-0.25', '-101', '-102', '-104', '3.5'])('moved by %s', (offset) => {
    expect(plain(BookSide.of(asks).movedBy(d(offset)).levels())).toEqual(plain(eager.moved(asks, d(offset))))
  })

  it('a side moved twice moves its moved prices', () => {
    const twice = BookSide.of(bids).movedBy(d(-1)).movedBy(d('0.5'))
    expect(plain(twice.levels())).toEqual(plain(eager.moved(eager.moved(bids, d(-1)), d('0.5'))))
  })

  const limits: { side: OrderSide; levels: BookLevels; limit: string }[] = [
    ...['105', '104', '103', '102', '101.5', '101', '100'].map((limit) => ({ side: 'buy' as const, levels: asks, limit })),
    ...['100', '99', '98.5', '98', '95', '94'].map((limit) => ({ side: 'sell' as const, levels: bids, limit })),
  ]
  it.each(limits)('no worse than $limit for a $side', ({ side, levels: hit, limit }) => {
    const moved = BookSide.of(hit).movedBy(d('0.5'))
    expect(plain(moved.noWorseThan(side, d(limit)).levels())).toEqual(plain(noWorseThan(moved.levels(), side, d(limit))))
  })

  it('no worse than, on a side not sorted as a book is: the first level past the limit cuts it', () => {
    const unsorted = levels([
      [101, 1],
      [104, 1],
      [102, 1],
    ])
    expect(plain(BookSide.of(unsorted).noWorseThan('buy', d(103)).levels())).toEqual(plain(noWorseThan(unsorted, 'buy', d(103))))
  })

  it.each(['0', '0.5', '0.3', '1'])('refilled with %s still missing after walks of 1.5 and 2', (missing) => {
    const first = walkBook(BookSide.of(asks), d('1.5'))
    const second = walkBook(first.after.refilled(d(missing)), d(2))
    const refilledTwice = second.after.refilled(d(missing))
    const want = eager.refill(asks, walkBook(BookLevels.of(eager.refill(asks, first.remaining, d(missing))), d(2)).remaining, d(missing))
    expect(plain(refilledTwice.levels())).toEqual(plain(want))
  })

  it('refilled levels no walk touched keep the snapshot size, rounded to 40 digits as q0 − 0 is', () => {
    // 46 significant digits: q0 − (q0 − q0)·m rounds it to 40; the lazy side must not hand back the raw size.
    const long = levels([
      [101, 1],
      [102, '1.234567890123456789012345678901234567890123456'],
    ])
    const refilled = walkBook(BookSide.of(long), d('0.5')).after.refilled(d('0.5'))
    expect(plain(refilled.levels())).toEqual(plain(eager.refill(long, [d('0.5'), long.size(1)], d('0.5'))))
    expect(str(refilled.size(1))).toBe('1.23456789012345678901234567890123456789')
  })

  it('the visible size of a side is the sum of its sizes, best first, whatever it went through', () => {
    const after = walkBook(BookSide.of(asks).movedBy(d(1)), d('1.5')).after
    expect([str(BookSide.of(asks).visible()), str(after.visible()), str(after.cut(1).visible())]).toEqual(['6', '4.5', '0'])
  })
})

describe('depthWithin on sorted and unsorted sides', () => {
  /** The whole-side sum the early stop stands for. */
  const everyLevel = (side: BookLevels, mid: Decimal, band: Decimal) =>
    side.toArray().reduce((depth, level) => (level.price.minus(mid).abs().lte(band) ? depth.plus(level.size) : depth), d(0))
  const rows = [
    // Mid 100, band 1: the asks' run [101] ends at 102; a mid inside the side puts the run in its middle.
    { name: 'asks from the mid', side: asks, mid: '100', fraction: '0.01' },
    { name: 'a run in the middle of the side', side: asks, mid: '102.5', fraction: '0.01' },
    { name: 'the band edge on a level', side: asks, mid: '103', fraction: '0.01' },
    { name: 'no level inside', side: bids, mid: '97', fraction: '0.001' },
    { name: 'every level inside', side: bids, mid: '97', fraction: '0.1' },
    {
      name: 'unsorted: levels inside after one outside',
      side: levels([
        [100, 1],
        [103, 2],
        [100.5, 4],
      ]),
      mid: '100',
      fraction: '0.01',
    },
  ]
  it.each(rows)('$name', ({ side, mid, fraction }) => {
    expect(str(depthWithin(side, d(mid), d(fraction)))).toBe(str(everyLevel(side, d(mid), d(mid).times(d(fraction)))))
  })
})
