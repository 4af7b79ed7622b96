// One side of a book as the walks read it: a snapshot's levels, moved as a block, cut at a limit, or with what
// earlier walks left of them, each price and size computed only when a walk reads it. An order takes the first
// few of a book's 1,000 levels; moving, refilling or cutting the whole side for it cost 1,000 Decimal operations
// a walk, and the deep-book account walks tens of thousands of times (docs/performance.md, "Deep books, round 3").
import { aboveZero, type Decimal, ZERO } from '../decimal.js'
import { type BookLevel, BookLevels, type OrderSide } from '../model.js'

/** What is worked out once per snapshot array and shared by every side read from it. */
interface Snapshot {
  readonly levels: BookLevels
  /** The lowest price (a move keeps every level above zero when it keeps this one). */
  lowest?: Decimal
}

/** The snapshots of the sides walked many times (a book's input arrays, a stressed book's), by array. */
const snapshots = new WeakMap<BookLevels, Snapshot>()

/**
 * One side of a book, best level first: `levels()` materialised. Level i's price is the snapshot's moved by the
 * side's offset (price + offset, as shiftedSide and centredSide compute it), its size the one an earlier walk or
 * refill left there, or the snapshot's; levels from `length` on are cut off. Every value is the Decimal the
 * materialised array would hold, computed by the same operation, once, when first read.
 */
export class BookSide {
  private constructor(
    private readonly snapshot: Snapshot,
    private readonly offset: Decimal | null,
    /** The moved prices read so far, shared by every side of this snapshot and offset. */
    private readonly moved: (Decimal | undefined)[],
    /** Levels at and after this index are cut off. */
    readonly length: number,
    /** The sizes of the first levels, where they differ from the snapshot's (what earlier walks left). */
    private readonly sizes: readonly Decimal[],
  ) {}

  /** The side `levels` as they are, with what is worked out of them kept for every later side of the same array. */
  static of(levels: BookLevels): BookSide {
    let snapshot = snapshots.get(levels)
    if (!snapshot) {
      snapshot = { levels }
      snapshots.set(levels, snapshot)
    }
    return new BookSide(snapshot, null, [], levels.length, [])
  }

  /** The side `levels` for one walk, nothing kept (an array built for that walk alone). */
  static once(levels: BookLevels): BookSide {
    return new BookSide({ levels }, null, [], levels.length, [])
  }

  price(i: number): Decimal {
    const { levels } = this.snapshot
    if (!this.offset) return levels.price(i)
    let price = this.moved[i]
    if (price === undefined) {
      price = levels.price(i).plus(this.offset)
      this.moved[i] = price
    }
    return price
  }

  /** Level i's price as a float within 1e-12 of it relatively (BookLevels.approxPrice); NaN when there is none at hand. */
  approxPrice(i: number): number {
    return this.offset ? Number.NaN : this.snapshot.levels.approxPrice(i)
  }

  size(i: number): Decimal {
    return i < this.sizes.length ? this.sizes[i]! : this.snapshot.levels.size(i)
  }

  /** The last level's price; undefined for an empty side. */
  lastPrice(): Decimal | undefined {
    return this.length > 0 ? this.price(this.length - 1) : undefined
  }

  /** Σ size, best first, from 0 (the square-root extension's calibration, extendBeyond). */
  visible(): Decimal {
    const { levels } = this.snapshot
    if (this.sizes.length === 0) return this.length === levels.length ? levels.visibleSize() : levels.sizeSum(0, this.length)
    let sum = ZERO
    for (let i = 0; i < this.length; i++) sum = sum.plus(this.size(i))
    return sum
  }

  /** The levels, materialised. */
  levels(): BookLevel[] {
    return Array.from({ length: this.length }, (_, i) => ({ price: this.price(i), size: this.size(i) }))
  }

  /**
   * Every price moved by `offset` (the sizes kept); levels that would land at a price ≤ 0 are dropped, as
   * shiftedSide and centredSide drop them. A side already moved, cut or walked is materialised first.
   */
  movedBy(offset: Decimal): BookSide {
    if (this.offset || this.sizes.length > 0 || this.length < this.snapshot.levels.length) return BookSide.once(BookLevels.of(this.levels())).movedBy(offset)
    // Rounding is monotone: when the lowest price stays above zero, every price does.
    const lowest = this.lowest()
    if (!lowest || aboveZero(lowest.plus(offset))) return new BookSide(this.snapshot, offset, [], this.length, [])
    return BookSide.once(
      BookLevels.of(
        this.levels()
          .map((level) => ({ price: level.price.plus(offset), size: level.size }))
          .filter((level) => level.price.gt(0)),
      ),
    )
  }

  /** The first `count` levels. */
  cut(count: number): BookSide {
    if (count >= this.length) return this
    return new BookSide(this.snapshot, this.offset, this.moved, count, this.sizes.slice(0, count))
  }

  /** The same levels with the sizes of the first ones replaced by `sizes` (at most `length` of them). */
  withSizes(sizes: readonly Decimal[]): BookSide {
    const kept = sizes.length >= this.sizes.length ? sizes : [...sizes, ...this.sizes.slice(sizes.length)]
    return new BookSide(this.snapshot, this.offset, this.moved, this.length, kept)
  }

  /** Prices strictly falling or rising from first to last, as a book's sides are. */
  get sorted(): boolean {
    return this.order() !== 'unsorted'
  }

  /** How many of the first levels differ in size from the snapshot's: every level from there on is the snapshot's. */
  get changedLevels(): number {
    return this.sizes.length
  }

  /**
   * The best-first prefix a limit order of `side` at `limit` may take: prices at or above the limit for a sell,
   * at or below it for a buy (noWorseThan). A side sorted as the book's are (bids falling, asks rising) is
   * searched in halves, reading a dozen prices of a thousand.
   */
  noWorseThan(side: OrderSide, limit: Decimal): BookSide {
    const worse = (i: number) => (side === 'sell' ? this.price(i).lt(limit) : this.price(i).gt(limit))
    if (this.order() === (side === 'sell' ? 'falling' : 'rising')) {
      let low = 0
      let high = this.length
      while (low < high) {
        const middle = (low + high) >>> 1
        if (worse(middle)) high = middle
        else low = middle + 1
      }
      return this.cut(low)
    }
    for (let i = 0; i < this.length; i++) if (worse(i)) return this.cut(i)
    return this
  }

  /**
   * The side after a pause in which each level refilled toward the snapshot: q0 − (q0 − q)·missing, q0 the
   * snapshot's size and q this side's (sliced.ts's refill). Only the levels whose size differs from the
   * snapshot's are computed; the others would be q0 − 0, which is q0 when q0 has at most 40 digits.
   */
  refilled(missing: Decimal): BookSide {
    const { levels } = this.snapshot
    const count = this.sizesInPrecision() ? this.sizes.length : this.length
    const sizes = Array.from({ length: count }, (_, i) => {
      const full = levels.size(i)
      return full.minus(full.minus(this.size(i)).times(missing))
    })
    return new BookSide(this.snapshot, this.offset, this.moved, this.length, sizes)
  }

  private lowest(): Decimal | undefined {
    const snapshot = this.snapshot
    const { levels } = snapshot
    if (snapshot.lowest === undefined && levels.length > 0) {
      const order = this.order()
      if (order === 'falling') snapshot.lowest = levels.price(levels.length - 1)
      else if (order === 'rising') snapshot.lowest = levels.price(0)
      else {
        let low = levels.price(0)
        for (let i = 1; i < levels.length; i++) if (levels.price(i).lt(low)) low = levels.price(i)
        snapshot.lowest = low
      }
    }
    return snapshot.lowest
  }

  private order(): 'falling' | 'rising' | 'unsorted' {
    return this.snapshot.levels.order()
  }

  /** Every snapshot size has at most the arithmetic's significant digits, so q − 0 is q. */
  sizesInPrecision(): boolean {
    return this.snapshot.levels.sizesInPrecision()
  }
}
