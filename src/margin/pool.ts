// A margin pool (one isolated position, or every cross position of the account) and the exact price at
// which it crosses a margin-ratio level. The legs of one market in a pool are kept as an Exposure: their net
// size and entry value, and their maintenance margin as a piecewise-linear function of the market's price
// whose breakpoints are the prices where a leg changes tier. The pool's margin at any price of one market
// then costs a binary search, and a level is solved tier by tier, never searched.
import { Decimal, ZERO, compare } from '../decimal.js'
import { type Ladder, type Tier, tierFor } from './ladder.js'
import { PieceScreen } from './screen.js'

/** One position inside a pool. */
export interface Leg {
  positionId: string
  symbol: string
  sign: 1 | -1
  /** Base units. */
  quantity: Decimal
  entryPrice: Decimal
  ladder: Ladder
  /** Fee to close reserved in the maintenance requirement (bybit-linear); constant in price. */
  closeFee: Decimal
}

/** A price per market symbol. */
export type PriceOf = (symbol: string) => Decimal

export function unrealizedPnl(leg: Leg, price: Decimal): Decimal {
  return price.minus(leg.entryPrice).mul(leg.quantity).mul(leg.sign)
}

/** A leg's maintenance margin at a price: N·mmr − cum at the tier of N, plus its reserved close fee. */
export function legMaintenance(leg: Leg, price: Decimal): { notional: Decimal; tier: Tier; beyondLadder: boolean; maintenanceMargin: Decimal } {
  const notional = leg.quantity.mul(price)
  const { tier, beyondLadder } = tierFor(leg.ladder, notional)
  return { notional, tier, beyondLadder, maintenanceMargin: notional.mul(tier.mmr).minus(tier.maintenanceAmount).plus(leg.closeFee) }
}

/**
 * The legs of one market in one pool. On piece i, the prices (break i−1, break i] (the first piece starts at 0,
 * the last has no end), every leg stays in one tier, so the maintenance margin of all of them is
 * price × rateOn(i) − amountOn(i) + closeFees.
 *
 * An exposure is built from its legs, or (Exposure.replacing) from a larger one with a few legs dropped or
 * added: then nothing is copied per piece. Its breaks are the larger exposure's with the change's points merged
 * in, read through the few points (see Change), and a piece's rate and amount are the larger exposure's plus the
 * change's, added when read. That is exact, and so the same figures as a build from the legs, when the terms lie
 * on a grid of decimal places narrow enough that no sum of them rounds at the 40 digits (see Grid and
 * #exactAfter); otherwise the exposure is built from its legs.
 */
export class Exposure {
  readonly signedQuantity: Decimal
  /** Σ sign × quantity × entry price: the PnL at price P is signedQuantity × P − entryValue. */
  readonly entryValue: Decimal
  readonly closeFees: Decimal
  /** How many breaks: ascending, distinct, cap ÷ quantity for every tier but the last of every leg (see breakAt). */
  readonly breakCount: number
  /** Built from legs: the breaks (a replacement reads its own through its change). */
  readonly #breaks: readonly Decimal[]
  /** Built from legs: Σ quantity × mmr of the legs' tiers on each piece; replacing: the pieces read so far. */
  readonly #rates: Decimal[]
  /** Σ maintenance amount of the legs' tiers on each piece (like #rates). */
  readonly #amounts: Decimal[]
  /** Built from legs: how many leg steps fell on each break (a break goes when its last step does). */
  readonly #stepsAt: Int32Array | null
  /** Built from legs: its pieces (shared by every exposure of the same single leg, with their floats). */
  readonly #pieces: Pieces | null
  readonly #change: Change | null

  /** Built from legs: those; a replacement: made when first read (a what-if mostly reads a piece or two). */
  #legs: readonly Leg[] | (() => readonly Leg[])
  readonly legCount: number

  constructor(
    readonly symbol: string,
    legs: readonly Leg[] | { count: number; list: () => readonly Leg[] },
    change?: Change,
  ) {
    this.#legs = 'count' in legs ? legs.list : legs
    this.legCount = 'count' in legs ? legs.count : legs.length
    if (change) {
      this.#change = change
      this.signedQuantity = change.signedQuantity
      this.entryValue = change.entryValue
      this.closeFees = change.closeFees
      this.breakCount = change.breakCount
      this.#breaks = []
      this.#rates = []
      this.#amounts = []
      this.#stepsAt = null
      this.#pieces = null
      return
    }
    this.#change = null
    let signedQuantity = ZERO
    let entryValue = ZERO
    let closeFees = ZERO
    for (const leg of this.legs) {
      const terms = termsOf(leg)
      signedQuantity = signedQuantity.plus(terms.signedQuantity)
      entryValue = entryValue.plus(terms.entryValue)
      closeFees = closeFees.plus(leg.closeFee)
    }
    this.signedQuantity = signedQuantity
    this.entryValue = entryValue
    this.closeFees = closeFees
    // A single leg's pieces depend on its ladder and quantity alone: built once for every model that holds them.
    const pieces = this.legs.length === 1 ? sizedOf(this.legs[0]!).pieces : piecesOf(this.legs)
    this.#breaks = pieces.breaks
    this.#rates = pieces.rates
    this.#amounts = pieces.amounts
    this.#stepsAt = pieces.stepsAt
    this.#pieces = pieces
    this.breakCount = pieces.breaks.length
  }

  get legs(): readonly Leg[] {
    if (typeof this.#legs === 'function') this.#legs = this.#legs()
    return this.#legs
  }

  /** Built from legs: its breaks as floats. */
  get approxBreaks(): Float64Array {
    return this.#rootFloats.breaks
  }

  /** Break i (0-based, ascending): the upper end of piece i. */
  breakAt(i: number): Decimal {
    return this.#change ? this.#change.breakAt(i) : this.#breaks[i]!
  }

  /** Σ quantity × mmr of the legs' tiers on piece i. */
  rateOn(i: number): Decimal {
    let rate = this.#rates[i]
    if (rate === undefined) {
      const c = this.#change!
      const { root, change } = c.partsOf(i)
      rate = c.root.rateOn(root).plus(c.rates[change]!)
      this.#rates[i] = rate
    }
    return rate
  }

  /** Σ maintenance amount of the legs' tiers on piece i. */
  amountOn(i: number): Decimal {
    let amount = this.#amounts[i]
    if (amount === undefined) {
      const c = this.#change!
      const { root, change } = c.partsOf(i)
      amount = c.root.amountOn(root).plus(c.amounts[change]!)
      this.#amounts[i] = amount
    }
    return amount
  }

  /**
   * This exposure with the legs of the ids in `dropped` taken out and `added` put in (after the legs kept, as
   * a build from [...kept, ...added] would order them): the same figures as that build, see the class comment.
   */
  static replacing(base: Exposure, dropped: ReadonlySet<string>, added: readonly Leg[]): Exposure {
    const list = () => [...base.legs.filter((leg) => !dropped.has(leg.positionId)), ...added]
    let count = base.legCount + added.length
    for (const id of dropped) if (base.holds(id)) count--
    // A replacement of a replacement is taken from the exposure built from legs, so reading a piece stays one addition.
    const c = base.#change
    const root = c ? c.root : base
    const removed = c ? [...c.removed] : []
    const put = c ? c.added.filter((leg) => !dropped.has(leg.positionId)) : []
    for (const id of dropped) {
      const leg = c?.droppedIds.has(id) ? undefined : root.#leg(id)
      if (leg) removed.push(leg)
    }
    put.push(...added)
    // A change costs its legs on every replacement of the chain: past about √(legs) of them (a cascade closing a
    // market's cross positions one by one), the exposure is built from its legs and the chain starts again from it.
    const longChain = removed.length + put.length > Math.max(REPLACE_CHAIN_LEGS, Math.sqrt(root.legCount))
    if (root.breakCount < REPLACE_FROM_BREAKS || longChain || !root.#exactAfter(removed, put)) return new Exposure(base.symbol, list())
    const change = new Change(root, removed, put, root.#stepsAt!)
    // The same list, from the root: a chain of replacements (a cascade's) keeps none of the exposures between.
    const fromRoot = () => [...root.legs.filter((leg) => !change.droppedIds.has(leg.positionId)), ...put]
    return new Exposure(base.symbol, { count, list: fromRoot }, change)
  }

  #grids?: { scalars: Grid; pieces: Grid }
  /**
   * Whether a replacement's figures are exactly the build's: every piece's sum is exact (all terms on one grid);
   * the exposure's own sums are exact up to the legs kept, after which both add the legs put in, in order.
   */
  #exactAfter(removed: readonly Leg[], added: readonly Leg[]): boolean {
    this.#grids ??= { scalars: Grid.ofScalars(this.legs), pieces: Grid.ofPieces(this.legs) }
    const { scalars, pieces } = this.#grids
    return scalars.with(Grid.ofScalars(removed)).exact && pieces.with(Grid.ofPieces(removed)).with(Grid.ofPieces(added)).exact
  }

  /** Built from legs: its breaks, rates and amounts as floats, once per pieces. */
  get #rootFloats(): RootFloats {
    const pieces = this.#pieces!
    pieces.floats ??= floatsOf(pieces)
    return pieces.floats
  }

  /** Built from legs: the float screen of its pieces (see PieceScreen), made on first use. */
  get #screen(): PieceScreen {
    const floats = this.#rootFloats
    if (!floats.screen) {
      const n = this.breakCount
      const x = new Float64Array(2 * n)
      const y = new Float64Array(2 * n)
      for (let k = 0; k < n; k++) {
        x[2 * k] = k === 0 ? 0 : floats.breaks[k - 1]!
        x[2 * k + 1] = floats.breaks[k]!
        y[2 * k] = floats.amounts[k]! - floats.rates[k]! * x[2 * k]!
        y[2 * k + 1] = floats.amounts[k]! - floats.rates[k]! * x[2 * k + 1]!
      }
      floats.screen = new PieceScreen(x, y)
    }
    return floats.screen
  }

  /** See ApproxExposure.slack: a replacement's change's bound, else none (the solve's screen reads it alone). */
  get slack(): { rate: number; amount: number } {
    return this.#change ? this.#change.slack : NO_SLACK
  }

  #approx?: ApproxExposure
  /** The same figures in binary floating point, for screening only: never for a figure that is reported. */
  get approx(): ApproxExposure {
    if (!this.#approx) {
      const c = this.#change
      const signedQuantity = this.signedQuantity.toNumber()
      let continuous: boolean
      let steepest: number
      if (c) {
        // Every rate lies between the root's least plus the change's least and the greatest plus the greatest.
        const root = c.root.#rootFloats
        continuous = c.root.approx.continuous && c.continuous
        steepest = Math.max(Math.abs(signedQuantity - (root.minRate + c.minRate)), Math.abs(signedQuantity - (root.maxRate + c.maxRate)))
      } else {
        const { breaks, rates, amounts } = this.#rootFloats
        // Continuous: no piece boundary where the maintenance margin jumps (a ladder with a consistent deduction).
        continuous = breaks.every(
          (b, i) => Math.abs(b * (rates[i + 1]! - rates[i]!) - (amounts[i + 1]! - amounts[i]!)) <= 1e-9 * (Math.abs(b * rates[i + 1]!) + 1),
        )
        steepest = 0
        for (const rate of rates) steepest = Math.max(steepest, Math.abs(signedQuantity - rate))
      }
      this.#approx = {
        signedQuantity,
        entryValue: this.entryValue.toNumber(),
        closeFees: this.closeFees.toNumber(),
        continuous,
        steepest,
        slack: this.slack,
      }
    }
    return this.#approx
  }

  /** Piece i's rate and amount as floats. */
  approxPiece(i: number): { rate: number; amount: number } {
    const c = this.#change
    if (!c) {
      const { rates, amounts } = this.#rootFloats
      return { rate: rates[i]!, amount: amounts[i]! }
    }
    const { root, change } = c.partsOf(i)
    const floats = c.root.#rootFloats
    return { rate: floats.rates[root]! + c.approxRates[change]!, amount: floats.amounts[root]! + c.approxAmounts[change]! }
  }

  /** The number of breaks whose float is below `price`. */
  approxPieceOf(price: number): number {
    const c = this.#change
    const root = c ? c.root : this
    const { breaks } = root.#rootFloats
    let lo = 0
    let hi = breaks.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (breaks[mid]! < price) lo = mid + 1
      else hi = mid
    }
    return c ? c.fromRootCount(lo, (point) => point.approx < price) : lo
  }

  /** Break i as a float. */
  #approxBreakAt(i: number): number {
    const c = this.#change
    if (!c) return this.#rootFloats.breaks[i]!
    const at = c.locate(i)
    return at.point ? at.point.approx : c.root.#rootFloats.breaks[at.rootBreak]!
  }

  /**
   * How many pieces, walking from `start` in `direction`, are certainly clear of a level (see clearPieces): of a
   * replacement, the runs of the root's pieces between the change's points are passed through the root's screen,
   * the pieces at the points one by one.
   */
  clearRun(level: LevelScreen, start: number, from: number, direction: Direction): number {
    const c = this.#change
    if (!c) {
      const n = this.breakCount
      const piece = this.approxPiece(start)
      if (direction === 'up') {
        if (start === n || !level.clear(piece, from) || !level.clear(piece, this.#approxBreakAt(start))) return 0
        return 1 + this.#rootRun(level, start + 1, n - 1, 0, 0, 'up')
      }
      if (!level.clear(piece, from) || !level.clear(piece, start === 0 ? 0 : this.#approxBreakAt(start - 1))) return 0
      return 1 + this.#rootRun(level, start - 1, 0, 0, 0, 'down')
    }
    const root = c.root
    let skipped = 0
    let i = start
    while (direction === 'up' ? i < this.breakCount : i >= 0) {
      const { root: k, change: g } = c.partsOf(i)
      const [first, last] = c.interior(g)
      if (i !== start && k >= first && k <= last) {
        const run = direction === 'up' ? last - k + 1 : k - first + 1
        const clear = root.#rootRun(level, k, direction === 'up' ? last : first, c.approxRates[g]!, c.approxAmounts[g]!, direction)
        skipped += clear
        if (clear < run) return skipped
        i += direction === 'up' ? clear : -clear
        continue
      }
      // The piece's two ends, the near one `from` on the first piece (going down, the last piece has no upper end).
      const lo = () => (i === 0 ? 0 : this.#approxBreakAt(i - 1))
      const near = i === start ? from : direction === 'up' ? lo() : this.#approxBreakAt(i)
      const piece = this.approxPiece(i)
      if (!level.clear(piece, near) || !level.clear(piece, direction === 'up' ? this.#approxBreakAt(i) : lo())) return skipped
      skipped++
      i += direction === 'up' ? 1 : -1
    }
    return skipped
  }

  /**
   * Of the root's pieces from `first` toward `last` (both included), walking in `direction`, how many are clear in a
   * row, with the change's rate and amount added to each: one query of the screen on a large exposure, else a walk.
   */
  #rootRun(level: LevelScreen, first: number, last: number, rate: number, amount: number, direction: Direction): number {
    if (direction === 'up' ? first > last : first < last) return 0
    const floats = this.#rootFloats
    const count = Math.abs(last - first) + 1
    if (this.breakCount >= TREE_FROM_BREAKS) {
      const { s, c, side } = level.line(floats.largestRate + Math.abs(rate), floats.largestAmount + Math.abs(amount), rate, amount)
      const hit = this.#screen.firstTouching(Math.min(first, last), Math.max(first, last), s, c, side, direction)
      return hit < 0 ? count : Math.abs(hit - first)
    }
    const step = direction === 'up' ? 1 : -1
    for (let n = 0, k = first; n < count; n++, k += step) {
      const piece = { rate: floats.rates[k]! + rate, amount: floats.amounts[k]! + amount }
      const lo = k === 0 ? 0 : floats.breaks[k - 1]!
      if (!level.clear(piece, lo) || !level.clear(piece, floats.breaks[k]!)) return n
    }
    return count
  }

  #lastPrice: Decimal | null = null
  #lastPiece = 0
  /** The piece containing `price`: the number of breaks strictly below it (the last price's kept: a solve asks for it thrice). */
  pieceOf(price: Decimal): number {
    if (this.#lastPrice !== price) {
      this.#lastPiece = this.#pieceOf(price)
      this.#lastPrice = price
    }
    return this.#lastPiece
  }

  #pieceOf(price: Decimal): number {
    const c = this.#change
    const root = c ? c.root : this
    const breaks = root.#breaks
    let lo = 0
    let hi = breaks.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (compare(breaks[mid]!, price) < 0) lo = mid + 1
      else hi = mid
    }
    return c ? c.fromRootCount(lo, (point) => compare(point.price, price) < 0) : lo
  }

  // The figures at the last price asked (a price is asked again and again: a stress state's, the trigger price).
  #pnlPrice: Decimal | null = null
  #pnl: Decimal = ZERO
  #maintenancePrice: Decimal | null = null
  #maintenance: Decimal = ZERO

  pnl(price: Decimal): Decimal {
    if (this.#pnlPrice !== price) {
      this.#pnl = this.signedQuantity.mul(price).minus(this.entryValue)
      this.#pnlPrice = price
    }
    return this.#pnl
  }

  maintenance(price: Decimal): Decimal {
    if (this.#maintenancePrice !== price) {
      const i = this.pieceOf(price)
      this.#maintenance = price.mul(this.rateOn(i)).minus(this.amountOn(i)).plus(this.closeFees)
      this.#maintenancePrice = price
    }
    return this.#maintenance
  }

  /** Lower (exclusive) and upper (inclusive, Infinity for the last) price of piece i. */
  bounds(i: number): { lo: Decimal; hi: Decimal } {
    return { lo: i === 0 ? ZERO : this.breakAt(i - 1), hi: i === this.breakCount ? INFINITY : this.breakAt(i) }
  }

  #byId?: Map<string, Leg>

  #leg(positionId: string): Leg | undefined {
    const c = this.#change
    if (c) return c.addedById.get(positionId) ?? (c.droppedIds.has(positionId) ? undefined : c.root.#leg(positionId))
    this.#byId ??= new Map(this.legs.map((l) => [l.positionId, l]))
    return this.#byId.get(positionId)
  }

  /** Whether a leg of `positionId` is in this exposure. */
  holds(positionId: string): boolean {
    return this.#leg(positionId) !== undefined
  }

  /** The tier of a leg on piece i (read strictly inside the piece); null for a position not in this exposure. */
  tierOn(i: number, positionId: string): Tier | null {
    const leg = this.#leg(positionId)
    if (!leg) return null
    return tierFor(leg.ladder, leg.quantity.mul(this.#probeOn(i))).tier
  }

  #probes?: Map<number, Decimal>
  /** The price a leg's tier on piece i is read at, once per piece (every cross position of the market reads it). */
  #probeOn(i: number): Decimal {
    this.#probes ??= new Map()
    let probe = this.#probes.get(i)
    if (!probe) {
      const { lo, hi } = this.bounds(i)
      // A break is cap ÷ quantity rounded at the 40th digit, so reading at hi itself could land a hair past the cap.
      probe = hi.isFinite() ? lo.plus(hi).div(2) : lo.mul(2).plus(1)
      this.#probes.set(i, probe)
    }
    return probe
  }
}

/** An exposure's breaks, rates and amounts as floats, with their ranges, and its screen once made. */
interface RootFloats {
  breaks: Float64Array
  rates: Float64Array
  amounts: Float64Array
  minRate: number
  maxRate: number
  /** The largest |rate| and |amount| over the pieces: bound the rounding of any piece's figures. */
  largestRate: number
  largestAmount: number
  screen: PieceScreen | null
}

/** The floats of an exposure's pieces: its breaks' are its steps' (Number of the same Decimal), its rates' and amounts' made here. */
function floatsOf(pieces: Pieces): RootFloats {
  const rates = Float64Array.from(pieces.rates, Number)
  const amounts = Float64Array.from(pieces.amounts, Number)
  let minRate = Number.POSITIVE_INFINITY
  let maxRate = Number.NEGATIVE_INFINITY
  let largestAmount = 0
  for (let i = 0; i < rates.length; i++) {
    minRate = Math.min(minRate, rates[i]!)
    maxRate = Math.max(maxRate, rates[i]!)
    largestAmount = Math.max(largestAmount, Math.abs(amounts[i]!))
  }
  const largestRate = Math.max(Math.abs(minRate), Math.abs(maxRate))
  return { breaks: pieces.approxBreaks, rates, amounts, minRate, maxRate, largestRate, largestAmount, screen: null }
}

/** Exposures with this many breaks or more are screened through a PieceScreen (fewer: walked). */
const TREE_FROM_BREAKS = 256

/** Exposures with fewer breaks than this are rebuilt from their legs on a change (it costs little there). */
const REPLACE_FROM_BREAKS = 64
/** A replacement's change holds at least this many legs before a long chain is built anew from its legs. */
const REPLACE_CHAIN_LEGS = 32

/**
 * The decimal places of some terms: when the highest digit of a sum of `count` of them and the lowest digit of
 * any fit in the 40 significant digits, every sum and difference of them is exact, in any order.
 */
class Grid {
  high = Number.NEGATIVE_INFINITY
  low = Number.POSITIVE_INFINITY
  count = 0

  /** The terms of the exposure's own sums over `legs`: signed size, entry value, close fee. */
  static ofScalars(legs: readonly Leg[]): Grid {
    const grid = new Grid()
    for (const leg of legs) {
      const terms = termsOf(leg)
      grid.#add(terms.signedQuantity)
      grid.#add(terms.entryValue)
      grid.#add(leg.closeFee)
    }
    return grid
  }

  /** The terms of the sums of every piece over `legs`: the first tier's rate and amount, and each step's. */
  static ofPieces(legs: readonly Leg[]): Grid {
    const grid = new Grid()
    for (const leg of legs) {
      const sized = sizedOf(leg)
      grid.#add(sized.firstRate)
      grid.#add(leg.ladder.tiers[0]!.maintenanceAmount)
      for (const step of sized.steps) {
        grid.#add(step.rate)
        grid.#add(step.amount)
      }
    }
    return grid
  }

  #add(term: Decimal): void {
    if (term.isZero()) return
    this.count++
    if (term.e > this.high) this.high = term.e
    const lowest = term.e - term.sd() + 1
    if (lowest < this.low) this.low = lowest
  }

  with(other: Grid): Grid {
    const grid = new Grid()
    grid.high = Math.max(this.high, other.high)
    grid.low = Math.min(this.low, other.low)
    grid.count = this.count + other.count
    return grid
  }

  get exact(): boolean {
    if (!Number.isFinite(this.high)) return true
    const carries = Math.ceil(Math.log10(this.count + 1)) + 1
    return this.high + carries - this.low + 1 <= Decimal.precision - 1
  }
}

/** A step of a leg taken out (sign −1) or put in (+1). */
interface ChangeStep extends Step {
  sign: 1 | -1
}

/** A price where the change (legs taken out or put in) steps, placed among the root's breaks. */
interface ChangePoint {
  price: Decimal
  approx: number
  /** How many of the root's breaks are strictly below it. */
  at: number
  /** It is one of the root's breaks (then the root's break `at`). */
  onBreak: boolean
  /** Some leg still steps there: it is a break of the replacement (a root break whose legs all left is not). */
  kept: boolean
}

/**
 * How an exposure replacing legs of its root reads its breaks and pieces (see Exposure.replacing), without a copy of
 * the root's: the change's points cut the root's breaks into segments, segment g holding the root's breaks strictly
 * between point g−1 and point g, after which comes point g itself when it is kept. On segment g the change adds its
 * Σ rate and Σ amount after g points. A break or a piece is found among the G points by binary search.
 */
class Change {
  readonly signedQuantity: Decimal
  readonly entryValue: Decimal
  readonly closeFees: Decimal
  readonly points: ChangePoint[] = []
  /** The change's Σ rate and Σ amount after each number of points, exactly and as floats. */
  readonly rates: Decimal[]
  readonly amounts: Decimal[]
  readonly approxRates: number[] = []
  readonly approxAmounts: number[] = []
  readonly minRate: number
  readonly maxRate: number
  /** Segment g: the root's breaks [segmentLow[g], segmentHigh[g]), the first of them the replacement's break segmentStart[g]. */
  readonly segmentLow: Int32Array
  readonly segmentHigh: Int32Array
  readonly segmentStart: Int32Array
  readonly breakCount: number
  /** Every leg taken out or put in has a consistent ladder (no jump of its maintenance at a step). */
  readonly continuous: boolean
  readonly slack: { rate: number; amount: number }
  readonly addedById: Map<string, Leg>
  readonly droppedIds: Set<string>

  constructor(
    readonly root: Exposure,
    /** The legs of the root taken out and the legs put in. */
    readonly removed: readonly Leg[],
    readonly added: readonly Leg[],
    stepsAt: Int32Array,
  ) {
    let signedQuantity = root.signedQuantity
    let entryValue = root.entryValue
    let closeFees = root.closeFees
    let rate = ZERO
    let amount = ZERO
    let slackRate = 0
    let slackAmount = 0
    let continuous = true
    const steps: ChangeStep[] = []
    for (const [legs, sign] of [
      [removed, -1],
      [added, 1],
    ] as const) {
      for (const leg of legs) {
        const terms = termsOf(leg)
        const tier0 = leg.ladder.tiers[0]!.maintenanceAmount
        signedQuantity = sign === 1 ? signedQuantity.plus(terms.signedQuantity) : signedQuantity.minus(terms.signedQuantity)
        entryValue = sign === 1 ? entryValue.plus(terms.entryValue) : entryValue.minus(terms.entryValue)
        closeFees = sign === 1 ? closeFees.plus(leg.closeFee) : closeFees.minus(leg.closeFee)
        rate = sign === 1 ? rate.plus(terms.firstRate) : rate.minus(terms.firstRate)
        amount = sign === 1 ? amount.plus(tier0) : amount.minus(tier0)
        // What the change adds to a piece, in floats, is at most the leg's largest rate and amount: the floats'
        // rounding of base + change is bounded by a small multiple of these (see clearPieces).
        for (const tier of leg.ladder.tiers) {
          slackRate = Math.max(slackRate, Math.abs(leg.quantity.toNumber() * tier.mmr.toNumber()))
          slackAmount = Math.max(slackAmount, Math.abs(tier.maintenanceAmount.toNumber()))
        }
        continuous &&= continuousLeg(leg)
        for (const step of stepsOf(leg)) steps.push({ ...step, sign })
      }
    }
    steps.sort(byPrice)
    this.signedQuantity = signedQuantity
    this.entryValue = entryValue
    this.closeFees = closeFees
    this.continuous = continuous
    this.slack = { rate: slackRate * (removed.length + added.length), amount: slackAmount * (removed.length + added.length) }
    // The points: the distinct prices of the steps, each with where it falls among the root's breaks.
    const rootBreaks = (i: number) => root.breakAt(i)
    const approxBreaks = root.approxBreaks
    const rates = [rate]
    const amounts = [amount]
    const net: number[] = []
    for (const step of steps) {
      const point = this.points[this.points.length - 1]
      if (!point || point.approx !== step.approx || compare(point.price, step.price) !== 0) {
        const at = lowerBound(rootBreaks, approxBreaks, step)
        const onBreak = at < root.breakCount && approxBreaks[at] === step.approx && compare(root.breakAt(at), step.price) === 0
        this.points.push({ price: step.price, approx: step.approx, at, onBreak, kept: false })
        net.push(onBreak ? stepsAt[at]! : 0)
        rates.push(rates[rates.length - 1]!)
        amounts.push(amounts[amounts.length - 1]!)
      }
      net[net.length - 1]! += step.sign
      const k = rates.length - 1
      rates[k] = step.sign === 1 ? rates[k]!.plus(step.rate) : rates[k]!.minus(step.rate)
      if (!step.amount.isZero()) amounts[k] = step.sign === 1 ? amounts[k]!.plus(step.amount) : amounts[k]!.minus(step.amount)
    }
    this.rates = rates
    this.amounts = amounts
    for (const [g, point] of this.points.entries()) point.kept = net[g]! > 0
    let minRate = Number.POSITIVE_INFINITY
    let maxRate = Number.NEGATIVE_INFINITY
    for (let g = 0; g < rates.length; g++) {
      this.approxRates.push(rates[g]!.toNumber())
      this.approxAmounts.push(amounts[g]!.toNumber())
      minRate = Math.min(minRate, this.approxRates[g]!)
      maxRate = Math.max(maxRate, this.approxRates[g]!)
    }
    this.minRate = minRate
    this.maxRate = maxRate
    const count = this.points.length
    this.segmentLow = new Int32Array(count + 1)
    this.segmentHigh = new Int32Array(count + 1)
    this.segmentStart = new Int32Array(count + 2)
    for (let g = 0; g <= count; g++) {
      const point = this.points[g]
      this.segmentHigh[g] = point ? point.at : root.breakCount
      if (point) this.segmentLow[g + 1] = point.at + (point.onBreak ? 1 : 0)
      this.segmentStart[g + 1] = this.segmentStart[g]! + this.segmentHigh[g]! - this.segmentLow[g]! + (point?.kept ? 1 : 0)
    }
    this.breakCount = this.segmentStart[count + 1]!
    this.addedById = new Map(added.map((leg) => [leg.positionId, leg]))
    this.droppedIds = new Set(removed.map((leg) => leg.positionId))
  }

  /** The segment of the replacement's break j: the last g whose first break is at or before j. */
  #segmentOf(j: number): number {
    let lo = 0
    let hi = this.points.length
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.segmentStart[mid]! <= j) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /** Where the replacement's break j comes from: a root break, or a point of the change. */
  locate(j: number): { rootBreak: number; point: null; segment: number } | { rootBreak: -1; point: ChangePoint; segment: number } {
    const g = this.#segmentOf(j)
    const offset = j - this.segmentStart[g]!
    if (offset < this.segmentHigh[g]! - this.segmentLow[g]!) return { rootBreak: this.segmentLow[g]! + offset, point: null, segment: g }
    return { rootBreak: -1, point: this.points[g]!, segment: g }
  }

  breakAt(j: number): Decimal {
    const at = this.locate(j)
    return at.point ? at.point.price : this.root.breakAt(at.rootBreak)
  }

  /** The root's piece holding the replacement's piece i, and the number of points at or below its start. */
  partsOf(i: number): { root: number; change: number } {
    if (i === 0) return { root: 0, change: 0 }
    const at = this.locate(i - 1)
    if (!at.point) return { root: at.rootBreak + 1, change: at.segment }
    return { root: at.point.at + (at.point.onBreak ? 1 : 0), change: at.segment + 1 }
  }

  /** The root's pieces lying whole in segment g, both ends root breaks (or 0): [first, last], empty when first > last. */
  interior(g: number): [number, number] {
    return [g === 0 ? 0 : this.segmentLow[g]! + 1, this.segmentHigh[g]! - 1]
  }

  /** The replacement's number of breaks below a price, from the root's (`rootCount`) and the points `below` it. */
  fromRootCount(rootCount: number, below: (point: ChangePoint) => boolean): number {
    let count = rootCount
    for (const point of this.points) {
      if (!below(point)) break
      if (point.onBreak && !point.kept) count--
      else if (!point.onBreak && point.kept) count++
    }
    return count
  }
}

/** A leg whose maintenance does not jump where it changes tier (its ladder's amounts follow the ladder). */
function continuousLeg(leg: Leg): boolean {
  let continuous = continuousLegs.get(leg)
  if (continuous === undefined) {
    const tiers = leg.ladder.tiers
    const quantity = leg.quantity.toNumber()
    continuous = stepsOf(leg).every(
      (step, t) =>
        Math.abs(step.approx * step.rate.toNumber() - step.amount.toNumber()) <= 1e-9 * (Math.abs(step.approx * quantity * tiers[t + 1]!.mmr.toNumber()) + 1),
    )
    continuousLegs.set(leg, continuous)
  }
  return continuous
}

const continuousLegs = new WeakMap<Leg, boolean>()

/** The number of `breaks` strictly below `step`'s price (the floats decide where they are apart). */
function lowerBound(breaks: (i: number) => Decimal, approx: Float64Array, step: Step): number {
  let lo = 0
  let hi = approx.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const gap = approx[mid]! - step.approx
    const below = Math.abs(gap) > 1e-12 * (Math.abs(approx[mid]!) + Math.abs(step.approx)) ? gap < 0 : compare(breaks(mid), step.price) < 0
    if (below) lo = mid + 1
    else hi = mid
  }
  return lo
}

const INFINITY = new Decimal(Infinity)

/** The slack of an exposure built from its legs (shared: never written). */
const NO_SLACK = { rate: 0, amount: 0 }

interface Step {
  price: Decimal
  /** `price` as a float, to order the steps without a decimal comparison where the floats are clearly apart. */
  approx: number
  rate: Decimal
  amount: Decimal
}

/** Ascending price: decided by the floats when they are apart by more than rounding, else exactly (the same order either way). */
function byPrice(x: Step, y: Step): number {
  const gap = x.approx - y.approx
  if (Math.abs(gap) > 1e-12 * (Math.abs(x.approx) + Math.abs(y.approx))) return gap < 0 ? -1 : 1
  return compare(x.price, y.price)
}

/** A leg's own terms of its exposure's sums, kept per leg like its steps. */
interface LegTerms {
  signedQuantity: Decimal
  /** sign × quantity × entry price (as entryPrice × quantity × sign). */
  entryValue: Decimal
  /** quantity × the first tier's mmr. */
  firstRate: Decimal
}

const legTerms = new WeakMap<Leg, LegTerms>()

function termsOf(leg: Leg): LegTerms {
  let terms = legTerms.get(leg)
  if (!terms) {
    terms = {
      signedQuantity: leg.quantity.mul(leg.sign),
      entryValue: leg.entryPrice.mul(leg.quantity).mul(leg.sign),
      firstRate: sizedOf(leg).firstRate,
    }
    legTerms.set(leg, terms)
  }
  return terms
}

/** An exposure's breaks and, on each piece, Σ rate and Σ amount, with how many leg steps fell on each break. */
interface Pieces {
  breaks: readonly Decimal[]
  /** Never written: a replacement keeps its own (see Exposure). */
  rates: Decimal[]
  amounts: Decimal[]
  stepsAt: Int32Array
  /** The breaks as floats: Number of each break, kept from its step. */
  approxBreaks: Float64Array
  /** Their floats (see Exposure.approx), made on first use. */
  floats?: RootFloats
}

/** The pieces of legs built together: their steps merged by price, the rates and amounts summed in that order. */
function piecesOf(legs: readonly Leg[]): Pieces {
  let rate = ZERO
  let amount = ZERO
  const steps: Step[] = []
  for (const leg of legs) {
    rate = rate.plus(termsOf(leg).firstRate)
    amount = amount.plus(leg.ladder.tiers[0]!.maintenanceAmount)
    for (const step of stepsOf(leg)) steps.push(step)
  }
  steps.sort(byPrice)
  const breaks: Decimal[] = []
  const rates = [rate]
  const amounts = [amount]
  const stepsAt: number[] = []
  const approxBreaks: number[] = []
  let previous: Step | null = null
  for (const step of steps) {
    const last = breaks.length - 1
    // Equal prices have equal floats: only steps whose floats agree need the exact comparison.
    if (!previous || previous.approx !== step.approx || compare(previous.price, step.price) !== 0) {
      breaks.push(step.price)
      approxBreaks.push(step.approx)
      rates.push(rates[last + 1]!)
      amounts.push(amounts[last + 1]!)
      stepsAt.push(0)
    }
    previous = step
    const i = breaks.length
    stepsAt[i - 1]!++
    rates[i] = rates[i]!.plus(step.rate)
    if (!step.amount.isZero()) amounts[i] = amounts[i]!.plus(step.amount)
  }
  return { breaks, rates, amounts, stepsAt: Int32Array.from(stepsAt), approxBreaks: Float64Array.from(approxBreaks) }
}

/** What a ladder's tiers change at each step, the same for every leg on it: mmr_t − mmr_{t−1} and amount_t − amount_{t−1}. */
interface LadderSteps {
  mmr: Decimal[]
  amount: Decimal[]
  /** Per quantity (the position's own Decimal, shared by the legs a what-if or a layout rebuilds around it). */
  sized: WeakMap<Decimal, SizedSteps>
}

/** A quantity on a ladder: where it changes tier and what changes there, its first tier's rate, and its pieces as a leg alone. */
interface SizedSteps {
  steps: Step[]
  firstRate: Decimal
  /** The steps' prices alone, made on first use (see tierBoundaryPrices). */
  boundaries?: readonly Decimal[]
  readonly pieces: Pieces
}

const ladderSteps = new WeakMap<Ladder, LadderSteps>()

function ladderStepsOf(ladder: Ladder): LadderSteps {
  let steps = ladderSteps.get(ladder)
  if (!steps) {
    const tiers = ladder.tiers
    const mmr: Decimal[] = []
    const amount: Decimal[] = []
    for (let t = 1; t < tiers.length; t++) {
      mmr.push(tiers[t]!.mmr.minus(tiers[t - 1]!.mmr))
      amount.push(tiers[t]!.maintenanceAmount.minus(tiers[t - 1]!.maintenanceAmount))
    }
    steps = { mmr, amount, sized: new WeakMap() }
    ladderSteps.set(ladder, steps)
  }
  return steps
}

function sizedOf(leg: Leg): SizedSteps {
  const ladder = ladderStepsOf(leg.ladder)
  let sized = ladder.sized.get(leg.quantity)
  if (!sized) {
    const tiers = leg.ladder.tiers
    const steps: Step[] = []
    for (let t = 1; t < tiers.length; t++) {
      const price = tiers[t - 1]!.cap.div(leg.quantity)
      steps.push({ price, approx: price.toNumber(), rate: leg.quantity.mul(ladder.mmr[t - 1]!), amount: ladder.amount[t - 1]! })
    }
    let pieces: Pieces | undefined
    const firstRate = leg.quantity.mul(tiers[0]!.mmr)
    sized = {
      steps,
      firstRate,
      // Made on first use (a cross leg is built with others): the same sums as piecesOf([leg]).
      get pieces() {
        pieces ??= piecesOf([leg])
        return pieces
      },
    }
    ladder.sized.set(leg.quantity, sized)
  }
  return sized
}

/** Where a leg changes tier and what changes there: kept per ladder and quantity, since what-ifs and layouts rebuild a market around the same sizes. */
function stepsOf(leg: Leg): readonly Step[] {
  return sizedOf(leg).steps
}

/** The prices where a leg's notional crosses each tier's cap but the last's (cap ÷ quantity): its steps' own, divided once. */
export function tierBoundaryPrices(leg: Leg): readonly Decimal[] {
  const sized = sizedOf(leg)
  sized.boundaries ??= sized.steps.map((step) => step.price)
  return sized.boundaries
}

/** An exposure's figures as floats (see Exposure.approx). */
export interface ApproxExposure {
  signedQuantity: number
  entryValue: number
  closeFees: number
  /** The maintenance margin never jumps at a break. */
  continuous: boolean
  /** At least the largest |signedQuantity − rate| over the pieces: bounds the surplus's slope in the price. */
  steepest: number
  /**
   * Beyond the floats' own rounding of each figure: a bound on the rounding of a rate (per unit of price) and of
   * an amount when they were added up from a larger exposure's and a change's (Exposure.replacing); else 0.
   */
  slack: { rate: number; amount: number }
}

/** A float share of a pool's surplus and the size of the terms that went into it (approxSurplus). */
export interface ApproxSurplus {
  surplus: number
  scale: number
}

/**
 * The exposure's share of a pool's surplus (PnL − maintenance) at `price`, in floats, and the size of the terms
 * that went into it (for a rounding bound), written into `into` (a caller summing over a pool reuses one).
 */
export function approxSurplus(exposure: Exposure, price: number, into: ApproxSurplus): ApproxSurplus {
  const a = exposure.approx
  const { rate, amount } = exposure.approxPiece(exposure.approxPieceOf(price))
  const pnl = a.signedQuantity * price - a.entryValue
  const maintenance = price * rate - amount + a.closeFees
  into.surplus = pnl - maintenance
  into.scale =
    Math.abs(a.signedQuantity * price) +
    Math.abs(a.entryValue) +
    Math.abs(price * rate) +
    Math.abs(amount) +
    a.closeFees +
    a.slack.amount +
    a.slack.rate * Math.abs(price)
  return into
}

/** The legs of each market of a pool, grouped. */
export function exposuresOf(legs: readonly Leg[]): Map<string, Exposure> {
  if (legs.length === 1) return new Map([[legs[0]!.symbol, new Exposure(legs[0]!.symbol, legs)]])
  const bySymbol = new Map<string, Leg[]>()
  for (const leg of legs) {
    const group = bySymbol.get(leg.symbol)
    if (group) group.push(leg)
    else bySymbol.set(leg.symbol, [leg])
  }
  return new Map([...bySymbol].map(([symbol, group]) => [symbol, new Exposure(symbol, group)]))
}

export interface Pool {
  /** Cross: the wallet balance. Isolated: the margin posted, including any close fee reserved in it. */
  collateral: Decimal
  /** The part of `collateral` that is a reserved close fee (bybit-linear isolated), not margin: excluded at bankruptcy. */
  reservedInCollateral: Decimal
  /** By market symbol. */
  exposures: ReadonlyMap<string, Exposure>
}

/** Whether the pool holds a position: an empty pool (a cross wallet with no cross position) has nothing to liquidate. */
export function holdsPositions(pool: Pool): boolean {
  for (const exposure of pool.exposures.values()) if (exposure.legCount > 0) return true
  return false
}

/**
 * Whether a pool is liquidatable at `totals`: it holds a position and its margin balance is at or below its
 * maintenance requirement. A wallet of 0 with no positions is not (maintenance 0, nothing to close).
 */
export function liquidatable(pool: Pool, totals: PoolTotals): boolean {
  return holdsPositions(pool) && totals.balance.lte(totals.requirement)
}

/** A pool's margin balance (collateral plus unrealized PnL) and maintenance requirement at some prices. */
export interface PoolTotals {
  balance: Decimal
  requirement: Decimal
}

/** The pool's totals at `priceOf`: one term per market. */
export function poolTotals(pool: Pool, priceOf: PriceOf): PoolTotals {
  let balance = pool.collateral
  let requirement = ZERO
  for (const exposure of pool.exposures.values()) {
    const price = priceOf(exposure.symbol)
    balance = balance.plus(exposure.pnl(price))
    requirement = requirement.plus(exposure.maintenance(price))
  }
  return { balance, requirement }
}

/**
 * The totals at `price` of a pool of one leg and `collateral`: the same Decimal operations, in the same order, as
 * poolTotals of that pool with the leg's Exposure built (its sums start at 0, the piece's rate and amount add the
 * steps below the price in price order), without building it.
 */
export function legPoolTotals(leg: Leg, collateral: Decimal, price: Decimal): PoolTotals {
  const terms = termsOf(leg)
  let rate = ZERO.plus(terms.firstRate)
  let amount = ZERO.plus(leg.ladder.tiers[0]!.maintenanceAmount)
  const steps = stepsOf(leg)
  const ascending = steps.every((step, k) => k === 0 || byPrice(steps[k - 1]!, step) <= 0)
  for (const step of ascending ? steps : [...steps].sort(byPrice)) {
    if (compare(step.price, price) >= 0) break
    rate = rate.plus(step.rate)
    if (!step.amount.isZero()) amount = amount.plus(step.amount)
  }
  const maintenance = price.mul(rate).minus(amount).plus(ZERO.plus(leg.closeFee))
  return { balance: legPoolBalance(leg, collateral, price), requirement: ZERO.plus(maintenance) }
}

/** The balance alone of legPoolTotals (the same operations): `collateral` plus the leg's PnL at `price`. */
export function legPoolBalance(leg: Leg, collateral: Decimal, price: Decimal): Decimal {
  const terms = termsOf(leg)
  return collateral.plus(ZERO.plus(terms.signedQuantity).mul(price).minus(ZERO.plus(terms.entryValue)))
}

export interface Crossing {
  price: Decimal
  /** The tier of a leg of the moving market at the crossing, by position id. */
  tierOf(positionId: string): Tier | null
}

export type Direction = 'down' | 'up'

export interface SolveRequest {
  /** The market whose price moves; every other market is held where `totals` were taken. */
  symbol: string
  /** The market's price now. */
  from: Decimal
  /** The pool's totals with the market at `from` and every other market where it is held. */
  totals: PoolTotals
  /** The margin ratio (requirement ÷ balance) to reach: 1 for liquidation, e.g. 0.8 for a warning level. */
  ratio: Decimal
  /** Direction the price moves from `from`. */
  direction: Direction
}

export interface Solution {
  /** At the current price the ratio is already at or past the level. */
  alreadyPast: boolean
  /**
   * Not past: the first price in `direction` where requirement ≥ ratio·balance.
   * Already past: the nearest price against `direction` where the pool is back at the level.
   * Null when no positive price reaches it.
   */
  crossing: Crossing | null
}

/**
 * f(P) = ratio·balance(P) − requirement(P) on piece i of the moving market's exposure, where it is affine:
 * f(P) = a + b·P.
 */
interface Piece {
  lo: Decimal
  hi: Decimal
  a: Decimal
  b: Decimal
  index: number
}

/**
 * The direction of a market's price in which a pool's margin at `ratio` falls: ratio·balance − requirement has
 * the slope ratio·(net size) − (Σ size × mmr) on the piece of `price`, so a net long loses going down, and a net
 * short, a market whose legs net to zero (only the maintenance grows with the price) or a net long smaller than its
 * legs' maintenance rate loses going up. This, not one leg's own side, is where the legs of the market are liquidated
 * together (a hedge-mode long and short in one cross account go at the same price).
 */
export function losingDirection(exposure: Exposure, price: Decimal, ratio: Decimal): Direction {
  return ratio
    .mul(exposure.signedQuantity)
    .minus(exposure.rateOn(exposure.pieceOf(price)))
    .gt(0)
    ? 'down'
    : 'up'
}

/** Solves requirement(P) = ratio·balance(P) for one market's price, tier by tier: O(tiers of its legs). */
export function solvePrice(pool: Pool, request: SolveRequest): Solution {
  const exposure = pool.exposures.get(request.symbol)
  if (!exposure) throw new Error(`the pool holds nothing in "${request.symbol}"`)
  const { from, ratio, totals } = request
  const fixedBalance = totals.balance.minus(exposure.pnl(from))
  const fixedRequirement = totals.requirement.minus(exposure.maintenance(from))
  const base = ratio.mul(fixedBalance.minus(exposure.entryValue)).minus(fixedRequirement).minus(exposure.closeFees)
  const slope = ratio.mul(exposure.signedQuantity)
  const piece = (i: number, sign: 1 | -1): Piece => {
    const { lo, hi } = exposure.bounds(i)
    const a = base.plus(exposure.amountOn(i))
    const b = slope.minus(exposure.rateOn(i))
    return sign === 1 ? { lo, hi, a, b, index: i } : { lo, hi, a: a.neg(), b: b.neg(), index: i }
  }
  const start = exposure.pieceOf(from)
  const first = piece(start, 1)
  const found = (sign: 1 | -1, direction: Direction): Crossing | null => {
    // Pieces a float estimate shows clear of the level at both ends are skipped; the exact walk starts at the first
    // piece that may hold the crossing (the same crossing the exact walk from `start` finds).
    const skip = exposure.breakCount > 0 ? clearPieces(exposure, base, slope, sign, start, from, direction) : 0
    const first = direction === 'down' ? start - skip : start + skip
    const hit = firstNonPositive((i) => piece(i, sign), exposure.breakCount, first, skip === 0 ? from : null, direction)
    return hit && { price: hit.price, tierOf: (positionId: string) => exposure.tierOn(hit.index, positionId) }
  }
  if (compare(evaluate(first, from), ZERO) > 0) return { alreadyPast: false, crossing: found(1, request.direction) }
  return { alreadyPast: true, crossing: found(-1, request.direction === 'down' ? 'up' : 'down') }
}

function evaluate(piece: Piece, price: Decimal): Decimal {
  return piece.a.plus(piece.b.mul(price))
}

/**
 * The float test of one level: f = sign·(base + amount + (slope − rate)·P) on a piece of rate and amount, clear
 * where it is positive by more than a generous bound on the float error.
 */
export class LevelScreen {
  constructor(
    readonly sign: 1 | -1,
    readonly base: number,
    readonly slope: number,
    readonly slack: { rate: number; amount: number },
  ) {}

  clear(piece: { rate: number; amount: number }, price: number): boolean {
    const value = this.sign * (this.base + piece.amount + (this.slope - piece.rate) * price)
    const scale =
      Math.abs(this.base) +
      Math.abs(piece.amount) +
      (Math.abs(this.slope) + Math.abs(piece.rate)) * Math.abs(price) +
      this.slack.amount +
      this.slack.rate * Math.abs(price)
    return value > 1e-9 * scale
  }

  /**
   * The same test as a line for a PieceScreen of points (x, amount − rate·x), on pieces with `rate` and `amount`
   * added and rates and amounts at most `largestRate` and `largestAmount` in size: the bound on the error taken at
   * those, so a piece the line clears is clear by `clear` too. Not clear: y + s·x ≤ c (sign 1) or ≥ c (sign −1).
   */
  line(largestRate: number, largestAmount: number, rate: number, amount: number): { s: number; c: number; side: 'below' | 'above' } {
    const a = 1e-9 * (Math.abs(this.base) + largestAmount + this.slack.amount)
    const b = 1e-9 * (Math.abs(this.slope) + largestRate + this.slack.rate)
    const slope = this.slope - rate
    const base = this.base + amount
    return this.sign === 1 ? { s: slope - b, c: a - base, side: 'below' } : { s: slope + b, c: -a - base, side: 'above' }
  }
}

/**
 * How many pieces, walking from `start` in `direction`, are certainly clear of the level: f = sign·(base + amount
 * + (slope − rate)·P) is positive at both ends of each (so, being affine, on the whole piece), by more than a
 * generous bound on the float error. The first piece is taken from `from`; the walk stops at the first piece it
 * cannot clear, and never clears the last piece going up (it has no upper end). A large exposure answers through
 * its PieceScreen (Exposure.clearRun), not a walk.
 */
function clearPieces(exposure: Exposure, base: Decimal, slope: Decimal, sign: 1 | -1, start: number, from: Decimal, direction: Direction): number {
  const level = new LevelScreen(sign, base.toNumber(), slope.toNumber(), exposure.slack)
  return exposure.clearRun(level, start, from.toNumber(), direction)
}

/**
 * The first price, moving from `from` (inclusive) in piece `start`, where the piecewise affine function is ≤ 0;
 * `from` null: from the start of piece `start` (its upper end going down, its lower end going up).
 */
function firstNonPositive(
  pieceAt: (i: number) => Piece,
  last: number,
  start: number,
  from: Decimal | null,
  direction: Direction,
): { price: Decimal; index: number } | null {
  if (direction === 'down') {
    for (let i = start; i >= 0; i--) {
      const piece = pieceAt(i)
      const top = i === start && from ? from : piece.hi
      if (compare(evaluate(piece, top), ZERO) <= 0) return { price: top, index: i }
      if (compare(piece.b, ZERO) > 0) {
        const root = piece.a.neg().div(piece.b)
        if (compare(root, piece.lo) > 0) return { price: root, index: i }
      }
    }
    return null
  }
  for (let i = start; i <= last; i++) {
    const piece = pieceAt(i)
    // Entering a piece from below: the value just above lo. With a deduction the ladder is continuous and
    // this equals the previous piece's value at lo; without one (okx-swap) a tier step can cross here.
    const bottom = i === start && from ? from : piece.lo
    if (compare(evaluate(piece, bottom), ZERO) <= 0) return { price: bottom, index: i }
    if (compare(piece.b, ZERO) < 0) {
      const root = piece.a.neg().div(piece.b)
      if (compare(root, piece.hi) <= 0) return { price: root, index: i }
    }
  }
  return null
}

/**
 * The price of `symbol` at which the pool's margin (collateral less any reserved close fee, plus unrealized
 * PnL) is exactly zero, other markets held where `totals` were taken (with the market at `from`). Null when the
 * market's legs net to zero size, or when the price would not be positive.
 */
export function bankruptcyPrice(pool: Pool, symbol: string, from: Decimal, totals: PoolTotals): Decimal | null {
  const exposure = pool.exposures.get(symbol)
  if (!exposure || exposure.signedQuantity.isZero()) return null
  const rest = totals.balance.minus(exposure.pnl(from)).minus(pool.reservedInCollateral)
  const price = exposure.entryValue.minus(rest).div(exposure.signedQuantity)
  return price.gt(0) ? price : null
}
