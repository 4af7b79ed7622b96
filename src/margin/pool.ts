// A margin pool (one isolated position, or every cross position of the account) and the exact price at
// which it crosses a margin-ratio level. The legs of one market in a pool are kept as an Exposure: their net
// size and entry value, and their maintenance margin as a piecewise-linear function of the market's price
// whose breakpoints are the prices where a leg changes tier. The pool's margin at any price of one market
// then costs a binary search, and a level is solved tier by tier, never searched.
import { Decimal, ZERO } from '../decimal.js'
import { type Ladder, type Tier, tierFor } from './ladder.js'

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
 * The legs of one market in one pool. On piece i, the prices (breaks[i−1], breaks[i]] (the first piece starts
 * at 0, the last has no end), every leg stays in one tier, so the maintenance margin of all of them is
 * price × rateOn(i) − amountOn(i) + closeFees.
 *
 * An exposure is built from its legs, or (Exposure.replacing) from a larger one with a few legs dropped or
 * added: then only the breaks are merged (no decimal operation per piece), and a piece's rate and amount are
 * the larger exposure's plus the change's, added when read. That is exact, and so the same figures as a build
 * from the legs, when the terms lie on a grid of decimal places narrow enough that no sum of them rounds at
 * the 40 digits (see Grid and #exactAfter); otherwise the exposure is built from its legs.
 */
export class Exposure {
  readonly signedQuantity: Decimal
  /** Σ sign × quantity × entry price: the PnL at price P is signedQuantity × P − entryValue. */
  readonly entryValue: Decimal
  readonly closeFees: Decimal
  /** Ascending, distinct: cap ÷ quantity for every tier but the last of every leg. */
  readonly breaks: Decimal[]
  /** Built from legs: Σ quantity × mmr of the legs' tiers on each piece; replacing: the pieces read so far. */
  readonly #rates: Decimal[]
  /** Σ maintenance amount of the legs' tiers on each piece (like #rates). */
  readonly #amounts: Decimal[]
  /** Built from legs: how many leg steps fell on each break (a break goes when its last step does). */
  readonly #stepsAt: Int32Array | null
  readonly #change: Replacement | null

  /** Built from legs: those; a replacement: made when first read (a what-if mostly reads a piece or two). */
  #legs: readonly Leg[] | (() => readonly Leg[])
  readonly legCount: number

  constructor(
    readonly symbol: string,
    legs: readonly Leg[] | { count: number; list: () => readonly Leg[] },
    replacement?: Replacement,
  ) {
    this.#legs = 'count' in legs ? legs.list : legs
    this.legCount = 'count' in legs ? legs.count : legs.length
    if (replacement) {
      this.#change = replacement
      this.signedQuantity = replacement.signedQuantity
      this.entryValue = replacement.entryValue
      this.closeFees = replacement.closeFees
      this.breaks = replacement.breaks
      this.#rates = []
      this.#amounts = []
      this.#stepsAt = null
      return
    }
    this.#change = null
    let signedQuantity = ZERO
    let entryValue = ZERO
    let closeFees = ZERO
    let rate = ZERO
    let amount = ZERO
    const steps: Step[] = []
    for (const leg of this.legs) {
      const terms = termsOf(leg)
      signedQuantity = signedQuantity.plus(terms.signedQuantity)
      entryValue = entryValue.plus(terms.entryValue)
      closeFees = closeFees.plus(leg.closeFee)
      rate = rate.plus(terms.firstRate)
      amount = amount.plus(leg.ladder.tiers[0]!.maintenanceAmount)
      for (const step of stepsOf(leg)) steps.push(step)
    }
    steps.sort(byPrice)
    this.signedQuantity = signedQuantity
    this.entryValue = entryValue
    this.closeFees = closeFees
    this.breaks = []
    this.#rates = [rate]
    this.#amounts = [amount]
    const stepsAt: number[] = []
    let previous: Step | null = null
    for (const step of steps) {
      const last = this.breaks.length - 1
      // Equal prices have equal floats: only steps whose floats agree need the exact comparison.
      if (!previous || previous.approx !== step.approx || !previous.price.eq(step.price)) {
        this.breaks.push(step.price)
        this.#rates.push(this.#rates[last + 1]!)
        this.#amounts.push(this.#amounts[last + 1]!)
        stepsAt.push(0)
      }
      previous = step
      const i = this.breaks.length
      stepsAt[i - 1]!++
      this.#rates[i] = this.#rates[i]!.plus(step.rate)
      if (!step.amount.isZero()) this.#amounts[i] = this.#amounts[i]!.plus(step.amount)
    }
    this.#stepsAt = Int32Array.from(stepsAt)
  }

  get legs(): readonly Leg[] {
    if (typeof this.#legs === 'function') this.#legs = this.#legs()
    return this.#legs
  }

  /** Σ quantity × mmr of the legs' tiers on piece i. */
  rateOn(i: number): Decimal {
    let rate = this.#rates[i]
    if (rate === undefined) {
      const c = this.#change!
      rate = c.base.rateOn(c.basePiece[i]!).plus(c.rates[c.changePiece[i]!]!)
      this.#rates[i] = rate
    }
    return rate
  }

  /** Σ maintenance amount of the legs' tiers on piece i. */
  amountOn(i: number): Decimal {
    let amount = this.#amounts[i]
    if (amount === undefined) {
      const c = this.#change!
      amount = c.base.amountOn(c.basePiece[i]!).plus(c.amounts[c.changePiece[i]!]!)
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
    const root = c ? c.base : base
    const removed = c ? [...c.removed] : []
    const put = c ? c.added.filter((leg) => !dropped.has(leg.positionId)) : []
    for (const id of dropped) {
      const leg = c?.droppedIds.has(id) ? undefined : root.#leg(id)
      if (leg) removed.push(leg)
    }
    put.push(...added)
    if (root.breaks.length < REPLACE_FROM_BREAKS || !root.#exactAfter(removed, put)) return new Exposure(base.symbol, list())
    const change = replacement(root, removed, put, root.#stepsAt!)
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
    this.#grids ??= { scalars: Grid.of(scalarTerms(this.legs)), pieces: Grid.of(pieceTerms(this.legs)) }
    const { scalars, pieces } = this.#grids
    return scalars.with(Grid.of(scalarTerms(removed))).exact && pieces.with(Grid.of(pieceTerms([...removed, ...added]))).exact
  }

  #approx?: ApproxExposure
  /** The same figures in binary floating point, for screening only: never for a figure that is reported. */
  get approx(): ApproxExposure {
    if (!this.#approx) {
      const c = this.#change
      const breaks = c ? c.approxBreaks : this.breaks.map(Number)
      const rates = c ? c.approxRates : this.#rates.map(Number)
      const amounts = c ? c.approxAmounts : this.#amounts.map(Number)
      const signedQuantity = this.signedQuantity.toNumber()
      // Continuous: no piece boundary where the maintenance margin jumps (a ladder with a consistent deduction).
      const continuous = breaks.every(
        (b, i) => Math.abs(b * (rates[i + 1]! - rates[i]!) - (amounts[i + 1]! - amounts[i]!)) <= 1e-9 * (Math.abs(b * rates[i + 1]!) + 1),
      )
      const steepest = Math.max(...rates.map((rate) => Math.abs(signedQuantity - rate)))
      this.#approx = {
        signedQuantity,
        entryValue: this.entryValue.toNumber(),
        closeFees: this.closeFees.toNumber(),
        breaks,
        rates,
        amounts,
        continuous,
        steepest,
        slack: c ? c.slack : { rate: 0, amount: 0 },
      }
    }
    return this.#approx
  }

  /** The piece containing `price`: the number of breaks strictly below it. */
  pieceOf(price: Decimal): number {
    let lo = 0
    let hi = this.breaks.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.breaks[mid]!.lt(price)) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  pnl(price: Decimal): Decimal {
    return this.signedQuantity.mul(price).minus(this.entryValue)
  }

  maintenance(price: Decimal): Decimal {
    const i = this.pieceOf(price)
    return price.mul(this.rateOn(i)).minus(this.amountOn(i)).plus(this.closeFees)
  }

  /** Lower (exclusive) and upper (inclusive, Infinity for the last) price of piece i. */
  bounds(i: number): { lo: Decimal; hi: Decimal } {
    return { lo: i === 0 ? ZERO : this.breaks[i - 1]!, hi: i === this.breaks.length ? INFINITY : this.breaks[i]! }
  }

  #byId?: Map<string, Leg>

  #leg(positionId: string): Leg | undefined {
    const c = this.#change
    if (c) return c.addedById.get(positionId) ?? (c.droppedIds.has(positionId) ? undefined : c.base.#leg(positionId))
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
    const { lo, hi } = this.bounds(i)
    // A break is cap ÷ quantity rounded at the 40th digit, so reading at hi itself could land a hair past the cap.
    const probe = hi.isFinite() ? lo.plus(hi).div(2) : lo.mul(2).plus(1)
    return tierFor(leg.ladder, leg.quantity.mul(probe)).tier
  }
}

/** Exposures with fewer breaks than this are rebuilt from their legs on a change (it costs little there). */
const REPLACE_FROM_BREAKS = 64

/** How an exposure replacing legs of `base` reads its pieces (see Exposure.replacing). */
export interface Replacement {
  base: Exposure
  signedQuantity: Decimal
  entryValue: Decimal
  closeFees: Decimal
  breaks: Decimal[]
  /** Per piece: the base's piece holding it, and the number of change points at or below its start. */
  basePiece: Int32Array
  changePiece: Int32Array
  /** The change's Σ rate and Σ amount after each number of change points. */
  rates: Decimal[]
  amounts: Decimal[]
  approxBreaks: number[]
  approxRates: number[]
  approxAmounts: number[]
  slack: { rate: number; amount: number }
  /** The legs of the base taken out and the legs put in. */
  removed: readonly Leg[]
  added: readonly Leg[]
  addedById: Map<string, Leg>
  droppedIds: Set<string>
}

/**
 * The decimal places of some terms: when the highest digit of a sum of `count` of them and the lowest digit of
 * any fit in the 40 significant digits, every sum and difference of them is exact, in any order.
 */
class Grid {
  constructor(
    readonly high = Number.NEGATIVE_INFINITY,
    readonly low = Number.POSITIVE_INFINITY,
    readonly count = 0,
  ) {}

  static of(terms: Iterable<Decimal>): Grid {
    let high = Number.NEGATIVE_INFINITY
    let low = Number.POSITIVE_INFINITY
    let count = 0
    for (const term of terms) {
      if (term.isZero()) continue
      count++
      if (term.e > high) high = term.e
      const lowest = term.e - term.sd() + 1
      if (lowest < low) low = lowest
    }
    return new Grid(high, low, count)
  }

  with(other: Grid): Grid {
    return new Grid(Math.max(this.high, other.high), Math.min(this.low, other.low), this.count + other.count)
  }

  get exact(): boolean {
    if (!Number.isFinite(this.high)) return true
    const carries = Math.ceil(Math.log10(this.count + 1)) + 1
    return this.high + carries - this.low + 1 <= Decimal.precision - 1
  }
}

/** The terms of the sums of every piece: the first tier's rate and amount, and each step's. */
function* pieceTerms(legs: readonly Leg[]): Generator<Decimal> {
  for (const leg of legs) {
    yield termsOf(leg).firstRate
    yield leg.ladder.tiers[0]!.maintenanceAmount
    for (const step of stepsOf(leg)) {
      yield step.rate
      yield step.amount
    }
  }
}

/** The terms of the exposure's own sums: signed size, entry value, close fee. */
function* scalarTerms(legs: readonly Leg[]): Generator<Decimal> {
  for (const leg of legs) {
    const terms = termsOf(leg)
    yield terms.signedQuantity
    yield terms.entryValue
    yield leg.closeFee
  }
}

/** A step of a leg taken out (sign −1) or put in (+1). */
interface ChangeStep extends Step {
  sign: 1 | -1
}

function replacement(root: Exposure, removed: readonly Leg[], added: readonly Leg[], stepsAt: Int32Array): Replacement {
  let signedQuantity = root.signedQuantity
  let entryValue = root.entryValue
  let closeFees = root.closeFees
  let rate = ZERO
  let amount = ZERO
  let slackRate = 0
  let slackAmount = 0
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
      for (const step of stepsOf(leg)) steps.push({ ...step, sign })
    }
  }
  steps.sort(byPrice)
  const base = root.approx
  // The change points: the distinct prices of the steps, each with where it falls among the root's breaks.
  const rates = [rate]
  const amounts = [amount]
  const approxChange = [rate.toNumber()]
  const approxChangeAmounts = [amount.toNumber()]
  const points: { price: Decimal; approx: number; at: number; onBreak: boolean; steps: number }[] = []
  for (const step of steps) {
    const point = points[points.length - 1]
    if (!point || point.approx !== step.approx || !point.price.eq(step.price)) {
      const at = lowerBound(root.breaks, base.breaks, step)
      const onBreak = at < root.breaks.length && base.breaks[at] === step.approx && root.breaks[at]!.eq(step.price)
      points.push({ price: step.price, approx: step.approx, at, onBreak, steps: onBreak ? stepsAt[at]! : 0 })
      rates.push(rates[rates.length - 1]!)
      amounts.push(amounts[amounts.length - 1]!)
    }
    const p = points[points.length - 1]!
    p.steps += step.sign
    const k = rates.length - 1
    rates[k] = step.sign === 1 ? rates[k]!.plus(step.rate) : rates[k]!.minus(step.rate)
    if (!step.amount.isZero()) amounts[k] = step.sign === 1 ? amounts[k]!.plus(step.amount) : amounts[k]!.minus(step.amount)
  }
  for (let k = 1; k < rates.length; k++) {
    approxChange.push(rates[k]!.toNumber())
    approxChangeAmounts.push(amounts[k]!.toNumber())
  }
  // Merge: the root's breaks in ranges between the change points, a point's own break where steps remain on it.
  const size = root.breaks.length + points.length + 1
  const breaks: Decimal[] = []
  const approxBreaks: number[] = []
  const basePiece = new Int32Array(size)
  const changePiece = new Int32Array(size)
  const approxRates: number[] = [base.rates[0]! + approxChange[0]!]
  const approxAmounts: number[] = [base.amounts[0]! + approxChangeAmounts[0]!]
  let k = 0
  const emit = (price: Decimal, approx: number, piece: number, point: number) => {
    breaks.push(price)
    approxBreaks.push(approx)
    const i = breaks.length
    basePiece[i] = piece
    changePiece[i] = point
    approxRates.push(base.rates[piece]! + approxChange[point]!)
    approxAmounts.push(base.amounts[piece]! + approxChangeAmounts[point]!)
  }
  /** The root's breaks k up to `end`, after `point` change points: one range, no call per break. */
  const copy = (end: number, point: number) => {
    const rate = approxChange[point]!
    const amount = approxChangeAmounts[point]!
    for (; k < end; k++) {
      breaks.push(root.breaks[k]!)
      approxBreaks.push(base.breaks[k]!)
      basePiece[breaks.length] = k + 1
      changePiece[breaks.length] = point
      approxRates.push(base.rates[k + 1]! + rate)
      approxAmounts.push(base.amounts[k + 1]! + amount)
    }
  }
  for (let g = 0; g < points.length; g++) {
    const point = points[g]!
    copy(point.at, g)
    if (point.onBreak) k++
    if (point.steps > 0) emit(point.price, point.approx, k, g + 1)
  }
  copy(root.breaks.length, points.length)
  return {
    base: root,
    signedQuantity,
    entryValue,
    closeFees,
    breaks,
    basePiece,
    changePiece,
    rates,
    amounts,
    approxBreaks,
    approxRates,
    approxAmounts,
    slack: { rate: slackRate * (removed.length + added.length), amount: slackAmount * (removed.length + added.length) },
    removed,
    added,
    addedById: new Map(added.map((leg) => [leg.positionId, leg])),
    droppedIds: new Set(removed.map((leg) => leg.positionId)),
  }
}

/** The number of `breaks` strictly below `step`'s price (the floats decide where they are apart). */
function lowerBound(breaks: readonly Decimal[], approx: readonly number[], step: Step): number {
  let lo = 0
  let hi = breaks.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const gap = approx[mid]! - step.approx
    const below = Math.abs(gap) > 1e-12 * (Math.abs(approx[mid]!) + Math.abs(step.approx)) ? gap < 0 : breaks[mid]!.lt(step.price)
    if (below) lo = mid + 1
    else hi = mid
  }
  return lo
}

const INFINITY = new Decimal(Infinity)

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
  return x.price.cmp(y.price)
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
      firstRate: leg.quantity.mul(leg.ladder.tiers[0]!.mmr),
    }
    legTerms.set(leg, terms)
  }
  return terms
}

/** Where a leg changes tier and what changes there; kept per leg, since what-ifs rebuild a market around the same legs. */
const legSteps = new WeakMap<Leg, Step[]>()

function stepsOf(leg: Leg): Step[] {
  let steps = legSteps.get(leg)
  if (!steps) {
    const tiers = leg.ladder.tiers
    steps = []
    for (let t = 1; t < tiers.length; t++) {
      const price = tiers[t - 1]!.cap.div(leg.quantity)
      steps.push({
        price,
        approx: price.toNumber(),
        rate: leg.quantity.mul(tiers[t]!.mmr.minus(tiers[t - 1]!.mmr)),
        amount: tiers[t]!.maintenanceAmount.minus(tiers[t - 1]!.maintenanceAmount),
      })
    }
    legSteps.set(leg, steps)
  }
  return steps
}

/** An exposure's figures as floats (see Exposure.approx). */
export interface ApproxExposure {
  signedQuantity: number
  entryValue: number
  closeFees: number
  breaks: number[]
  rates: number[]
  amounts: number[]
  /** The maintenance margin never jumps at a break. */
  continuous: boolean
  /** The largest |signedQuantity − rate| over the pieces: bounds the surplus's slope in the price. */
  steepest: number
  /**
   * Beyond the floats' own rounding of each figure: a bound on the rounding of a rate (per unit of price) and of
   * an amount when they were added up from a larger exposure's and a change's (Exposure.replacing); else 0.
   */
  slack: { rate: number; amount: number }
}

/**
 * The exposure's share of a pool's surplus (PnL − maintenance) at `price`, in floats, and the size of the terms
 * that went into it (for a rounding bound).
 */
export function approxSurplus(a: ApproxExposure, price: number): { surplus: number; scale: number } {
  let lo = 0
  let hi = a.breaks.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a.breaks[mid]! < price) lo = mid + 1
    else hi = mid
  }
  const pnl = a.signedQuantity * price - a.entryValue
  const maintenance = price * a.rates[lo]! - a.amounts[lo]! + a.closeFees
  return {
    surplus: pnl - maintenance,
    scale:
      Math.abs(a.signedQuantity * price) +
      Math.abs(a.entryValue) +
      Math.abs(price * a.rates[lo]!) +
      Math.abs(a.amounts[lo]!) +
      a.closeFees +
      a.slack.amount +
      a.slack.rate * Math.abs(price),
  }
}

/** The legs of each market of a pool, grouped. */
export function exposuresOf(legs: readonly Leg[]): Map<string, Exposure> {
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
    const skip = exposure.breaks.length > SCREEN_FROM_PIECES ? clearPieces(exposure, base, slope, sign, start, from, direction) : 0
    const first = direction === 'down' ? start - skip : start + skip
    const hit = firstNonPositive((i) => piece(i, sign), exposure.breaks.length, first, skip === 0 ? from : null, direction)
    return hit && { price: hit.price, tierOf: (positionId: string) => exposure.tierOn(hit.index, positionId) }
  }
  if (evaluate(first, from).gt(0)) return { alreadyPast: false, crossing: found(1, request.direction) }
  return { alreadyPast: true, crossing: found(-1, request.direction === 'down' ? 'up' : 'down') }
}

function evaluate(piece: Piece, price: Decimal): Decimal {
  return piece.a.plus(piece.b.mul(price))
}

/** Exposures with more breaks than this are screened in floats before the exact walk (see clearPieces). */
const SCREEN_FROM_PIECES = 16

/**
 * How many pieces, walking from `start` in `direction`, are certainly clear of the level: f = sign·(base + amount
 * + (slope − rate)·P) is positive at both ends of each (so, being affine, on the whole piece), by more than a
 * generous bound on the float error. The first piece is taken from `from`; the walk stops at the first piece it
 * cannot clear, and never clears the last piece going up (it has no upper end).
 */
function clearPieces(exposure: Exposure, base: Decimal, slope: Decimal, sign: 1 | -1, start: number, from: Decimal, direction: Direction): number {
  const { breaks, rates, amounts, slack } = exposure.approx
  const baseF = base.toNumber()
  const slopeF = slope.toNumber()
  const clear = (i: number, price: number): boolean => {
    const value = sign * (baseF + amounts[i]! + (slopeF - rates[i]!) * price)
    const scale =
      Math.abs(baseF) + Math.abs(amounts[i]!) + (Math.abs(slopeF) + Math.abs(rates[i]!)) * Math.abs(price) + slack.amount + slack.rate * Math.abs(price)
    return value > 1e-9 * scale
  }
  const fromF = from.toNumber()
  let skipped = 0
  if (direction === 'down') {
    for (let i = start; i >= 0; i--) {
      const top = i === start ? fromF : breaks[i]!
      const lo = i === 0 ? 0 : breaks[i - 1]!
      if (!clear(i, top) || !clear(i, lo)) return skipped
      skipped++
    }
    return skipped
  }
  for (let i = start; i < breaks.length; i++) {
    const bottom = i === start ? fromF : breaks[i - 1]!
    if (!clear(i, bottom) || !clear(i, breaks[i]!)) return skipped
    skipped++
  }
  return skipped
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
      if (evaluate(piece, top).lte(0)) return { price: top, index: i }
      if (piece.b.gt(0)) {
        const root = piece.a.neg().div(piece.b)
        if (root.gt(piece.lo)) return { price: root, index: i }
      }
    }
    return null
  }
  for (let i = start; i <= last; i++) {
    const piece = pieceAt(i)
    // Entering a piece from below: the value just above lo. With a deduction the ladder is continuous and
    // this equals the previous piece's value at lo; without one (okx-swap) a tier step can cross here.
    const bottom = i === start && from ? from : piece.lo
    if (evaluate(piece, bottom).lte(0)) return { price: bottom, index: i }
    if (piece.b.lt(0)) {
      const root = piece.a.neg().div(piece.b)
      if (root.lte(piece.hi)) return { price: root, index: i }
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
