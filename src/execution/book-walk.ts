// Walking an L2 book snapshot: what a market order of a given size really pays, level by level.
// Guards against the "fills at the top of book" illusion. Past the last visible level the book is extended
// only by a stated impact model (the square-root law, bookExtension), never by repeating the last price.
import { aboveZero, compare, Decimal, ONE, ZERO, toBps } from '../decimal.js'
import type { Book, BookLevels, OrderSide } from '../model.js'
import { sideSign } from '../model.js'
import { BookSide } from './book-side.js'
import { oncePerIn } from '../once.js'
import { dailySigma } from '../volatility.js'

/** The result of walking one side of a book for a given size, best level first. */
export interface BookWalk {
  /** The size asked for. */
  requested: Decimal
  /** The size filled (≤ requested): the visible levels, plus the extension's part when one was given. */
  filled: Decimal
  /** requested − filled: what neither the book nor its extension (within its bound) could fill. Never filled at the last price. */
  unfilled: Decimal
  /** The part of `filled` that came from the extension past the last visible level (0 without one). */
  extended: Decimal
  /** Σ price × size taken, in quote currency. */
  cost: Decimal
  /** cost / filled; null when nothing filled. */
  vwap: Decimal | null
  /** Price of the first level touched; null when nothing filled. */
  bestPrice: Decimal | null
  /** Price of the last level touched, or the extension's marginal price at the deepest fill; null when nothing filled. */
  worstPrice: Decimal | null
  /** Number of levels the walk took size from (a partly consumed level counts). */
  levelsConsumed: number
  /** Index in the input of the last level touched; −1 when nothing filled. */
  deepestLevel: number
  /** The side as the walk left it: the levels it took from at their smaller sizes, the others as they were. */
  after: BookSide
  /** Size left at each input level after the walk, in the input's order (after's sizes, materialised when read). */
  readonly remaining: Decimal[]
}

/**
 * The square-root extension of one side of a book past its last visible level (docs/checks/slippage.md#beyond-the-book).
 * The law I(Q) = Y·σ·√(Q / V) has one unknown, Y·σ/√V; it is calibrated so the law passes through the last
 * visible level: I_K = |p_K − reference| / reference at the side's whole visible size Q_K. Past it the marginal
 * price at cumulative size q is reference × (1 ± I_K·√(q / Q_K)), + on the asks, − on the bids; the model fills
 * until the impact reaches `maxImpact`.
 */
export interface BookExtension {
  /** The price impact is measured from: the mid of the book walked. */
  reference: Decimal
  /** The largest impact (fraction of the reference) the model fills to: book_extension_max_sigma × daily σ, at most 1. */
  maxImpact: Decimal
  /**
   * The visible levels the law is calibrated on, when not the levels walked: a sliced child or a later stage
   * of a forced exit walks what earlier walks left of the snapshot, and its extension is the snapshot's.
   */
  calibratedOn?: Levels
  /** Size of the extension earlier walks took and that has not come back (0 by default). */
  taken?: Decimal
}

/**
 * The extension of a book whose mid is `reference`, bounded at `maxSigma` daily σ of the market's `volatility`
 * (capped at an impact of 1, a price of zero on the bids); undefined without volatility: the law is then not
 * calibrated and the book is not extended.
 */
export function bookExtension(reference: Decimal, volatility: Decimal | undefined, maxSigma: Decimal): BookExtension | undefined {
  // reference ≤ 0 read off its sign and digits (lte(0) makes a Decimal of the 0): asked for every order and stop.
  if (!volatility || reference.isNeg() || reference.isZero()) return undefined
  return { reference, maxImpact: maxImpactOf(volatility, maxSigma) }
}

/** The extension's bound per volatility and max σ: a market's, the same for every order and stop walked in it. */
const maxImpactOf = oncePerIn((volatility: Decimal, maxSigma: Decimal) => Decimal.min(ONE, maxSigma.mul(dailySigma(volatility))))

/**
 * The extension's fill of `size` past `levels` (or past `extension.calibratedOn`): the size, its cost and the
 * marginal price at its end; null when it fills nothing (no visible size, a last level at the reference, or
 * the bound already reached).
 */
export function extendBeyond(levels: Levels, size: Decimal, extension: BookExtension): { filled: Decimal; cost: Decimal; lastPrice: Decimal } | null {
  const calibration = sideOf(extension.calibratedOn ?? levels)
  const last = calibration.lastPrice()
  if (!last || size.lte(0)) return null
  const visible = calibration.visible()
  if (visible.lte(0)) return null
  const { reference, maxImpact } = extension
  const direction = last.gt(reference) ? 1 : -1
  const impactAtLast = last.minus(reference).abs().div(reference)
  if (impactAtLast.isZero() || impactAtLast.gte(maxImpact)) return null
  // The impact I_K·√(q / Q_K) reaches maxImpact at q = Q_K · (maxImpact / I_K)²: the most the model lets the side hold.
  const bound = visible.mul(maxImpact.div(impactAtLast).pow(2))
  const start = visible.plus(extension.taken ?? ZERO)
  const end = Decimal.min(start.plus(size), bound)
  if (end.lte(start)) return null
  const filled = end.minus(start)
  // ∫_{start}^{end} reference·(1 ± c·√q) dq with c = I_K / √Q_K: reference·(end − start) ± reference·c·⅔·(end^{3/2} − start^{3/2}).
  const c = impactAtLast.div(visible.sqrt())
  const curve = reference
    .mul(c)
    .mul(2)
    .div(3)
    .mul(end.mul(end.sqrt()).minus(start.mul(start.sqrt())))
  const cost = reference.mul(filled).plus(direction === 1 ? curve : curve.neg())
  const lastImpact = c.mul(end.sqrt())
  return { filled, cost, lastPrice: reference.mul(direction === 1 ? ONE.plus(lastImpact) : ONE.minus(lastImpact)) }
}

/** Levels to walk: an array (best first), or a side moved, cut or left by earlier walks, read lazily (book-side.ts). */
export type Levels = BookLevels | BookSide

function sideOf(levels: Levels): BookSide {
  return levels instanceof BookSide ? levels : BookSide.once(levels)
}

/**
 * Walks `levels` (best first) for `size`: takes min(left, level size) from each level in turn.
 * Cost C(X) = Σ_{i<k*} pᵢqᵢ + p_k*·(X − Q_{k*−1}); VWAP = C / filled (peers-and-models B.1).
 * When the levels run out the rest is filled by `extension` when one is given (up to its bound), and what
 * is left is reported as `unfilled`, never priced at the last level. Only the levels the walk takes from are read.
 */
export function walkBook(levels: Levels, size: Decimal, extension?: BookExtension): BookWalk {
  const side = sideOf(levels)
  let left = size
  let cost = ZERO
  let bestPrice: Decimal | null = null
  let worstPrice: Decimal | null = null
  let levelsConsumed = 0
  let deepestLevel = -1
  /** The sizes the walk leaves at its first levels, up to the deepest it took from. */
  const leftAt: Decimal[] = []
  /** left > 0, without comparing again: after a level, left is either 0 or the larger minus the smaller, which stays positive when rounded. */
  let open = aboveZero(left)
  for (let i = 0; i < side.length && open; i++) {
    const available = side.size(i)
    leftAt.push(available)
    // available ≤ 0, read off its sign and digits (lte(0) makes a Decimal of the 0 to compare with).
    if (available.isNeg() || available.isZero()) continue
    const price = side.price(i)
    // Take min(left, available); whichever it is, its own size minus itself is 0.
    const more = compare(left, available) > 0
    const take = more ? available : left
    cost = cost.plus(take.times(price))
    left = more ? left.minus(take) : ZERO
    open = more
    leftAt[i] = more ? ZERO : available.minus(take)
    bestPrice ??= price
    worstPrice = price
    deepestLevel = i
    levelsConsumed++
  }
  leftAt.length = deepestLevel + 1
  return walkEnd(side, size, { left, open, cost, bestPrice, worstPrice, levelsConsumed, deepestLevel, leftAt }, extension)
}

/** Where a walk of the visible levels stopped: what it left open, its cost, the levels it took from and their sizes after it. */
interface VisibleWalk {
  left: Decimal
  /** left > 0: the visible levels ran out. */
  open: boolean
  cost: Decimal
  bestPrice: Decimal | null
  worstPrice: Decimal | null
  levelsConsumed: number
  deepestLevel: number
  /** The sizes left at the first levels, up to the deepest taken from. */
  leftAt: Decimal[]
}

/** The walk of `size` once its visible levels are walked: the extension's part when the levels ran out, and the totals. */
function walkEnd(side: BookSide, size: Decimal, visible: VisibleWalk, extension: BookExtension | undefined): BookWalk {
  let { left, cost, bestPrice, worstPrice } = visible
  let extended = ZERO
  const beyond = extension && visible.open ? extendBeyond(side, left, extension) : null
  if (beyond) {
    extended = beyond.filled
    cost = cost.plus(beyond.cost)
    left = left.minus(beyond.filled)
    bestPrice ??= side.price(0)
    worstPrice = beyond.lastPrice
  }
  const filled = size.minus(left)
  const after = side.withSizes(visible.leftAt)
  let remaining: Decimal[] | undefined
  return {
    requested: size,
    filled,
    unfilled: left,
    extended,
    cost,
    vwap: aboveZero(filled) ? cost.div(filled) : null,
    bestPrice,
    worstPrice,
    levelsConsumed: visible.levelsConsumed,
    deepestLevel: visible.deepestLevel,
    after,
    get remaining() {
      remaining ??= Array.from({ length: after.length }, (_, i) => after.size(i))
      return remaining
    },
  }
}

/**
 * The running sums of a side's levels from the first, as far as walks have read them: the positions of a market that
 * liquidate at one price all walk one side from its first level (src/stress/exit.ts). `at[k]` is the k-th level with
 * size (levels of size ≤ 0 are passed over), `sizes[k]` and `costs[k]` the sums through it, by the walk's own
 * operations (the costs from 0, level by level); `places` the most decimal places of a size read.
 */
interface LevelSums {
  at: number[]
  sizes: Decimal[]
  costs: Decimal[]
  /** The next level to read. */
  next: number
  places: number
}

/** The sides' running sums; null: walked once, level by level (a side walked only once is not worth its sums). */
const levelSums = new WeakMap<BookSide, LevelSums | null>()

/** A size whose digits, at `places` decimal places, fit the 40 significant digits: sums and differences of such sizes are exact. */
function exactAt(value: Decimal, places: number): boolean {
  return value.isZero() || value.e + 1 + places <= Decimal.precision
}

/**
 * walkBook of a side walked many times from its first level, for the same result: the levels' running sums are kept
 * per side, and a walk finds the level it stops at by halves and takes the rest there. Exact where walkBook's running
 * remainder size − a₁ − a₂ … equals size − Σa, which holds while every size and sum fits the 40 digits at the sizes'
 * decimal places (so no difference rounds); anything else (a size ≤ 0, a figure that does not fit) walks level by level,
 * as does a side's first walk.
 */
export function walkBookFromTop(side: BookSide, size: Decimal, extension?: BookExtension): BookWalk {
  if (!aboveZero(size)) return walkBook(side, size, extension)
  let sums = levelSums.get(side)
  if (sums === undefined) {
    levelSums.set(side, null)
    return walkBook(side, size, extension)
  }
  if (sums === null) {
    sums = { at: [], sizes: [], costs: [], next: 0, places: 0 }
    levelSums.set(side, sums)
  }
  const { at, sizes, costs } = sums
  // Read levels until their sum reaches the size (or they run out).
  while (sums.next < side.length && (sizes.length === 0 || compare(sizes[sizes.length - 1]!, size) < 0)) {
    const i = sums.next++
    const available = side.size(i)
    if (available.isNeg() || available.isZero()) continue
    const k = sizes.length
    at.push(i)
    sizes.push(k === 0 ? available : sizes[k - 1]!.plus(available))
    costs.push((k === 0 ? ZERO : costs[k - 1]!).plus(available.times(side.price(i))))
    sums.places = Math.max(sums.places, available.decimalPlaces())
  }
  const places = Math.max(sums.places, size.decimalPlaces())
  const count = sizes.length
  if (!exactAt(size, places) || (count > 0 && !exactAt(sizes[count - 1]!, places))) return walkBook(side, size, extension)
  // The first level whose running sum reaches the size: every level before it is taken whole.
  let low = 0
  let high = count
  while (low < high) {
    const middle = (low + high) >>> 1
    if (compare(sizes[middle]!, size) < 0) low = middle + 1
    else high = middle
  }
  const whole = low
  const deepestLevel = whole < count ? at[whole]! : count > 0 ? at[count - 1]! : -1
  const leftAt: Decimal[] = []
  for (let i = 0; i <= deepestLevel; i++) leftAt.push(side.size(i))
  for (let k = 0; k < Math.min(whole, count); k++) leftAt[at[k]!] = ZERO
  const left = whole === 0 ? size : size.minus(sizes[whole - 1]!)
  const before = whole === 0 ? ZERO : costs[whole - 1]!
  const bestPrice = count > 0 ? side.price(at[0]!) : null
  if (whole === count) {
    const worstPrice = count > 0 ? side.price(at[count - 1]!) : null
    return walkEnd(side, size, { left, open: true, cost: before, bestPrice, worstPrice, levelsConsumed: count, deepestLevel, leftAt }, extension)
  }
  const stop = at[whole]!
  const price = side.price(stop)
  leftAt[stop] = side.size(stop).minus(left)
  const visible = {
    left: ZERO,
    open: false,
    cost: before.plus(left.times(price)),
    bestPrice,
    worstPrice: price,
    levelsConsumed: whole + 1,
    deepestLevel,
    leftAt,
  }
  return walkEnd(side, size, visible, extension)
}

/** The side an order of `side` takes liquidity from: asks for a buy, bids for a sell. */
export function levelsHit(book: Pick<Book, 'bids' | 'asks'>, side: OrderSide): BookLevels {
  return side === 'buy' ? book.asks : book.bids
}

/** Mid price (best bid + best ask) / 2; null when either side is empty. */
export function midPrice(book: Pick<Book, 'bids' | 'asks'>): Decimal | null {
  const { bids, asks } = book
  return bids.length > 0 && asks.length > 0 ? midOf(bids, asks) : null
}

/** The mid once per pair of sides (the book's orders and stops, and its depth, all ask for it): sides are never changed. */
const midOf = oncePerIn((bids: BookLevels, asks: BookLevels) => bids.price(0).plus(asks.price(0)).div(2))

/**
 * Slippage of an execution price against a reference, in basis points, signed so that a worse price is
 * positive: s·(price − reference) / reference × 10⁴ with s = +1 for a buy, −1 for a sell.
 */
export function slippageBps(side: OrderSide, price: Decimal, reference: Decimal): Decimal {
  return toBps(price.minus(reference).div(reference)).times(sideSign(side))
}

/** Taker fee on a fill: cost × taker rate (quote currency). */
export function takerFee(cost: Decimal, takerRate: Decimal): Decimal {
  return cost.times(takerRate)
}

/** Slippage of the full order next to that of half of it, to show non-linear depth. */
export interface SizeSensitivity {
  /** Slippage (bps) of the whole size; null when nothing fills. */
  full: Decimal | null
  /** Slippage (bps) of half the size; null when nothing fills. */
  half: Decimal | null
  /** full / half; null when half is not positive (no ratio to speak of). */
  ratio: Decimal | null
  /** True when either walk leaves size unfilled (the slippage is then that of the part that fills). */
  exhausted: boolean
}

/**
 * Walks the book for `size` and for `size / 2` and compares their slippage against `reference`.
 * A ratio above 2 means doubling the size more than doubles the slippage ("2× size → 2.7× slippage").
 */
export function sizeSensitivity(options: {
  levels: BookLevels
  size: Decimal
  side: OrderSide
  reference: Decimal
  extension?: BookExtension
}): SizeSensitivity {
  const { levels, size, side, reference, extension } = options
  const fullWalk = walkBook(levels, size, extension)
  const halfWalk = walkBook(levels, size.div(2), extension)
  const full = fullWalk.vwap && slippageBps(side, fullWalk.vwap, reference)
  const half = halfWalk.vwap && slippageBps(side, halfWalk.vwap, reference)
  return {
    full,
    half,
    ratio: full && half?.gt(0) ? full.div(half) : null,
    exhausted: fullWalk.unfilled.gt(0),
  }
}

/**
 * Size resting on `levels` at prices within `fraction` of `mid` (|price − mid| ≤ fraction × mid),
 * e.g. fraction 0.005 for the depth within 0.5% of the mid. On a side sorted as a book's are, those levels are
 * one run: the sum stops after it, and is the side's visible size when the run is the whole side.
 */
export function depthWithin(levels: BookLevels, mid: Decimal, fraction: Decimal): Decimal {
  const band = mid.times(fraction)
  const side = BookSide.of(levels)
  const midFloat = mid.toNumber()
  const bandFloat = band.toNumber()
  // Screened by floats (a price within 1e-12 of its float, mid and band within 2^−53): decided exactly near the edge.
  const within = (i: number) => {
    const price = side.approxPrice(i)
    const slack = 1e-11 * (Math.abs(price) + Math.abs(midFloat) + bandFloat)
    const gap = Math.abs(price - midFloat)
    if (gap < bandFloat - slack) return true
    if (gap > bandFloat + slack) return false
    return side.price(i).minus(mid).abs().lte(band)
  }
  // A sorted side whose first and last levels are within the band has every level within it.
  if (side.length > 0 && side.sorted && within(0) && within(side.length - 1)) return side.visible()
  if (side.sorted) {
    let first = 0
    while (first < side.length && !within(first)) first++
    let end = first
    while (end < side.length && within(end)) end++
    return levels.sizeSum(first, end)
  }
  let depth = ZERO
  for (let i = 0; i < side.length; i++) if (within(i)) depth = depth.plus(side.size(i))
  return depth
}
