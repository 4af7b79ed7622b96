// The first market-wide move at which a pool reaches its maintenance margin, solved exactly. Along a move m
// every market's price is base × max(1 + β·m, PRICE_FLOOR), so each market's share of the pool's surplus
// (balance − requirement) is piecewise linear in m: its breakpoints are the moves where one of its legs
// changes tier or where its price reaches the floor. The sweep walks those breakpoints in order, keeping the
// surplus as A + B·m, and returns the first root: O(markets · log + breakpoints crossed), no search. Where the
// same walk in floats shows the surplus clear of zero the whole way (clearAlong), there is no root to find.
import { type Decimal, ONE, ZERO, aboveZero, atMostZero, compare, largerOf } from '../decimal.js'
import type { Exposure, Pool } from '../margin/index.js'
import { PRICE_FLOOR, PRICE_FLOOR_APPROX } from './prices.js'

/** How a market's price follows the move: price(m) = base × max(1 + beta·m, PRICE_FLOOR). */
export interface MovePath {
  base(symbol: string): Decimal
  beta(symbol: string): Decimal
}

/** One market's running state in the sweep. */
interface Lane {
  exposure: Exposure
  base: Decimal
  beta: Decimal
  piece: number
  floored: boolean
  /** Its surplus term on the current piece: a + b·m. */
  a: Decimal
  b: Decimal
}

/** A breakpoint of one lane along the move. */
export interface SweepEvent<L> {
  move: Decimal
  /** `move` as a float, to order the events without a decimal comparison where the floats are clearly apart (worked out when first compared). */
  approx?: number
  lane: L
  /** The piece the lane enters, or 'floor'. */
  to: number | 'floor'
}

/** Where a pool first reaches maintenance along the move. */
export interface MaintenanceCrossing {
  move: Decimal
  /**
   * The maintenance steps up past the balance at this move (a tier boundary of a ladder without a deduction):
   * at the move's own price the pool is still the lower tier's, just past it the higher one's.
   */
  atStep: boolean
}

/**
 * The first move from `from` toward `to` (both included) at which the pool's balance is at or below its
 * maintenance requirement: `from` itself when it already is there; null when no move up to `to` gets there.
 * Where the requirement steps up at a tier boundary (a ladder without a deduction), a crossing at the step is
 * the boundary's move. With `after`, the caller has dealt with `from` itself: only a step there counts.
 */
export function firstMoveAtMaintenance(pool: Pool, path: MovePath, from: Decimal, to: Decimal, after = false): MaintenanceCrossing | null {
  const direction = compare(to, from)
  const sources: Iterator<SweepEvent<Lane>>[] = []
  const lanes: Lane[] = []
  let a = pool.collateral
  let b = ZERO
  for (const exposure of pool.exposures.values()) {
    const base = path.base(exposure.symbol)
    const beta = path.beta(exposure.symbol)
    const lane: Lane = { exposure, base, beta, piece: 0, floored: false, a: ZERO, b: ZERO }
    const start = priceAt(lane, from)
    lane.floored = isFloored(beta, from)
    lane.piece = exposure.pieceOf(start)
    setTerm(lane)
    a = a.plus(lane.a)
    b = b.plus(lane.b)
    lanes.push(lane)
    if (beta.isZero() || direction === 0) continue
    sources.push(eventsOf(lane, from, to, direction))
  }
  if (!after && !isAbove(a, b, from)) return { move: from, atStep: false }
  // No root to find where the floats show the surplus clear of zero the whole way (see clearAlong).
  if (direction !== 0 && clearAlong(lanes, a, b, from, to, direction)) return null
  // The events are read in order until the root: a break past it is never computed.
  const events = new MergedEvents(sources, direction)
  let at = from
  let event = events.next()
  while (event) {
    const move = event.move
    const root = rootIn(a, b, at, move, direction)
    if (root) return { move: root, atStep: false }
    // The surplus just before the move's events, worked out only when the surplus after them is not above zero.
    const [aBefore, bBefore] = [a, b]
    for (; event && compare(event.move, move) === 0; event = events.next()) {
      const { lane, to: next } = event
      a = a.minus(lane.a)
      b = b.minus(lane.b)
      if (next === 'floor') {
        lane.floored = true
        lane.piece = lane.exposure.pieceOf(lane.base.mul(PRICE_FLOOR))
      } else if (!lane.floored) lane.piece = next
      setTerm(lane)
      a = a.plus(lane.a)
      b = b.plus(lane.b)
    }
    if (!isAbove(a, b, move)) {
      const atStep = isAbove(aBefore, bBefore, move)
      if (atStep || !(after && compare(move, from) === 0)) return { move, atStep }
    }
    at = move
  }
  const root = rootIn(a, b, at, to, direction)
  return root && { move: root, atStep: false }
}

/** Margin the float screen leaves for rounding, relative to the size of the terms summed. */
const SCREEN = 1e-9

/**
 * Whether the surplus a + b·m stays above zero at every move from `from` to `to`, shown in floats with a margin
 * for their rounding: then the sweep has no root and no step to find. The same walk as the sweep's, in floats,
 * with every lane's term a lower bound of its own: events closer together than rounding are taken as one
 * window, where each of their lanes counts at the least of the pieces it passes through (at either end of the
 * window), so an order the floats get wrong is still covered. False whenever the floats cannot show it.
 */
function clearAlong(lanes: readonly Lane[], a: Decimal, b: Decimal, from: Decimal, to: Decimal, direction: number): boolean {
  const n = lanes.length
  const fromApprox = from.toNumber()
  const toApprox = to.toNumber()
  const reach = Math.max(Math.abs(fromApprox), Math.abs(toApprox))
  const terms = new Float64Array(2 * n)
  const pieces = new Int32Array(n)
  const floored = new Uint8Array(n)
  const bases = new Float64Array(n)
  const betas = new Float64Array(n)
  const moves: number[] = []
  const laneOf: number[] = []
  const entered: number[] = []
  let sumA = a.toNumber()
  let sumB = b.toNumber()
  let collateral = sumA
  let fixed = 0
  for (let l = 0; l < n; l++) {
    const { exposure, base, beta } = lanes[l]!
    const breaks = exposure.approxBreaks
    if (breaks.length !== exposure.breakCount) return false
    terms[2 * l] = lanes[l]!.a.toNumber()
    terms[2 * l + 1] = lanes[l]!.b.toNumber()
    collateral -= terms[2 * l]!
    pieces[l] = lanes[l]!.piece
    floored[l] = lanes[l]!.floored ? 1 : 0
    const baseApprox = base.toNumber()
    const betaApprox = beta.toNumber()
    bases[l] = baseApprox
    betas[l] = betaApprox
    const { slack } = exposure
    fixed += slack.amount + slack.rate * baseApprox * (1 + Math.abs(betaApprox) * reach)
    if (betaApprox === 0) continue
    const moveAt = (price: number) => (price / baseApprox - 1) / betaApprox
    const end = baseApprox * Math.max(1 + betaApprox * toApprox, PRICE_FLOOR_APPROX)
    const push = (move: number, to: number) => {
      moves.push(move)
      laneOf.push(l)
      entered.push(to)
    }
    if (betaApprox * direction > 0) {
      for (let i = pieces[l]!; i < breaks.length && breaks[i]! < end * (1 + SCREEN); i++) push(moveAt(breaks[i]!), i + 1)
    } else {
      for (let i = pieces[l]!; i > 0 && breaks[i - 1]! >= end * (1 - SCREEN); i--) push(moveAt(breaks[i - 1]!), i - 1)
      const floorMove = (PRICE_FLOOR_APPROX - 1) / betaApprox
      const tolerance = SCREEN * (1 + Math.abs(floorMove))
      if (!floored[l] && (floorMove - fromApprox) * direction > -tolerance && (floorMove - toApprox) * direction <= tolerance) push(floorMove, -1)
    }
  }
  const scaleOf = () => {
    let scale = Math.abs(collateral) + fixed
    for (let l = 0; l < n; l++) scale += Math.abs(terms[2 * l]!) + Math.abs(terms[2 * l + 1]!) * reach
    return scale
  }
  // The scale only grows with the terms; it is taken again where a window's bound comes near the margin.
  let scale = scaleOf()
  // A figure beyond the floats' range, or a move they cannot order: the exact sweep decides.
  if (!Number.isFinite(scale) || !moves.every(Number.isFinite)) return false
  const clear = (value: number) => {
    if (value > SCREEN * scale) return true
    scale = Math.max(scale, scaleOf())
    return value > SCREEN * scale
  }
  if (!clear(sumA + sumB * fromApprox)) return false

  const order = Array.from(moves.keys()).sort((x, y) => (moves[x]! - moves[y]!) * direction)
  const low = new Float64Array(n)
  const stamp = new Int32Array(n).fill(-1)
  const touched: number[] = []
  for (let k = 0; k < order.length; ) {
    const first = moves[order[k]!]!
    let last = first
    let end = k + 1
    while (end < order.length && (moves[order[end]!]! - last) * direction <= SCREEN * (1 + Math.abs(last))) last = moves[order[end++]!]!
    const width = SCREEN * (1 + Math.abs(first) + Math.abs(last))
    const lo = Math.min(first, last) - width
    const hi = Math.max(first, last) + width
    const lowest = (l: number) => Math.min(terms[2 * l]! + terms[2 * l + 1]! * lo, terms[2 * l]! + terms[2 * l + 1]! * hi)
    let restA = sumA
    let restB = sumB
    touched.length = 0
    for (let j = k; j < end; j++) {
      const l = laneOf[order[j]!]!
      if (stamp[l] === k) continue
      stamp[l] = k
      touched.push(l)
      restA -= terms[2 * l]!
      restB -= terms[2 * l + 1]!
      low[l] = lowest(l)
    }
    for (let j = k; j < end; j++) {
      const e = order[j]!
      const l = laneOf[e]!
      const to = entered[e]!
      if (floored[l]) continue
      if (to === -1) {
        floored[l] = 1
        setFlooredLow(lanes[l]!.exposure, bases[l]!, pieces[l]!, terms, l)
      } else {
        pieces[l] = to
        setApproxTerm(lanes[l]!.exposure, bases[l]!, betas[l]!, to, terms, l)
      }
      low[l] = Math.min(low[l]!, lowest(l))
    }
    let bound = Math.min(restA + restB * lo, restA + restB * hi)
    sumA = restA
    sumB = restB
    for (const l of touched) {
      bound += low[l]!
      sumA += terms[2 * l]!
      sumB += terms[2 * l + 1]!
    }
    if (!clear(bound)) return false
    k = end
  }
  return clear(sumA + sumB * toApprox)
}

/** The lane's term on `piece` in floats (as setTerm): (Q − rate)·base·(1 + β·m) − entry value + amount − fees. */
function setApproxTerm(exposure: Exposure, base: number, beta: number, piece: number, terms: Float64Array, l: number): void {
  const x = exposure.approx
  const { rate, amount } = exposure.approxPiece(piece)
  const scaled = (x.signedQuantity - rate) * base
  terms[2 * l] = amount - x.entryValue - x.closeFees + scaled
  terms[2 * l + 1] = scaled * beta
}

/**
 * The floored lane's constant term, at its least over the pieces near its floor price (the floats may place
 * that price a piece off): a lower bound of the exact floored term.
 */
function setFlooredLow(exposure: Exposure, base: number, piece: number, terms: Float64Array, l: number): void {
  const x = exposure.approx
  const price = base * PRICE_FLOOR_APPROX
  const near = exposure.approxPieceOf(price)
  let least = Number.POSITIVE_INFINITY
  for (let i = Math.max(0, Math.min(piece, near) - 1); i <= Math.min(exposure.breakCount, Math.max(piece, near) + 1); i++) {
    const { rate, amount } = exposure.approxPiece(i)
    least = Math.min(least, amount - x.entryValue - x.closeFees + (x.signedQuantity - rate) * price)
  }
  terms[2 * l] = least
  terms[2 * l + 1] = 0
}

/**
 * The events of several sources, each already in the order of the move, merged into that order as they are read:
 * the order a stable sort of all of them (the sources one after another) would give, ties kept in source order.
 * A heap of the sources' next events: O(log sources) a read, and nothing read past the last event asked for.
 */
export class MergedEvents<L> {
  /** Each source's next event, heap-ordered by move along the direction, then by source. */
  readonly #heap: { event: SweepEvent<L>; source: number }[] = []

  constructor(
    private readonly sources: readonly Iterator<SweepEvent<L>>[],
    private readonly direction: number,
  ) {
    for (let source = 0; source < sources.length; source++) this.#pull(source)
  }

  next(): SweepEvent<L> | undefined {
    const heap = this.#heap
    const top = heap[0]
    if (!top) return undefined
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      this.#down(0)
    }
    this.#pull(top.source)
    return top.event
  }

  #pull(source: number): void {
    const step = this.sources[source]!.next()
    if (step.done) return
    const heap = this.#heap
    heap.push({ event: step.value, source })
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.#before(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }

  #down(i: number): void {
    const heap = this.#heap
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let first = i
      if (left < heap.length && this.#before(heap[left]!, heap[first]!)) first = left
      if (right < heap.length && this.#before(heap[right]!, heap[first]!)) first = right
      if (first === i) return
      ;[heap[i], heap[first]] = [heap[first]!, heap[i]!]
      i = first
    }
  }

  #before(x: { event: SweepEvent<L>; source: number }, y: { event: SweepEvent<L>; source: number }): boolean {
    const order = byMove(x.event, y.event) * this.direction
    return order < 0 || (order === 0 && x.source < y.source)
  }
}

/** Ascending move: decided by the floats when they are apart by more than rounding, else exactly (the same order either way). */
export function byMove(x: SweepEvent<unknown>, y: SweepEvent<unknown>): number {
  x.approx ??= x.move.toNumber()
  y.approx ??= y.move.toNumber()
  const gap = x.approx - y.approx
  if (Math.abs(gap) > 1e-12 * (Math.abs(x.approx) + Math.abs(y.approx))) return gap < 0 ? -1 : 1
  return compare(x.move, y.move)
}

/** The root of a + b·m in (at, end] moving in `direction`, if the surplus falls to zero there. */
function rootIn(a: Decimal, b: Decimal, at: Decimal, end: Decimal, direction: number): Decimal | null {
  if (b.isZero() || b.s === direction) return null
  const root = a.neg().div(b)
  // root − at rounded has the sign of root − at: comparing is the same test.
  return compare(root, at) === direction && compare(root, end) !== direction ? root : null
}

/**
 * a + b·m > 0, where b·m is rounded and the sum would be: a rounded sum has the exact sum's sign, so this is
 * a > −(b·m), without the addition.
 */
function isAbove(a: Decimal, b: Decimal, m: Decimal): boolean {
  return compare(a, b.mul(m).neg()) > 0
}

function isFloored(beta: Decimal, move: Decimal): boolean {
  return compare(ONE.plus(beta.mul(move)), PRICE_FLOOR) <= 0
}

function priceAt(lane: Pick<Lane, 'base' | 'beta'>, move: Decimal): Decimal {
  return lane.base.mul(largerOf(ONE.plus(lane.beta.mul(move)), PRICE_FLOOR))
}

/**
 * The lane's surplus term on its piece, as a function of m: (Q − rate)·price(m) − entry value + amount − fees,
 * with price(m) = base·(1 + β·m), or the constant base·floor once floored.
 */
function setTerm(lane: Lane): void {
  const { exposure, base, beta } = lane
  const slope = exposure.signedQuantity.minus(exposure.rateOn(lane.piece))
  const constant = exposure.amountOn(lane.piece).minus(exposure.entryValue).minus(exposure.closeFees)
  if (lane.floored) {
    lane.a = constant.plus(slope.mul(base.mul(PRICE_FLOOR)))
    lane.b = ZERO
    return
  }
  const scaled = slope.mul(base)
  lane.a = constant.plus(scaled)
  lane.b = scaled.mul(beta)
}

/** The lane's breakpoints between the moves `from` and `to` in the order of the move, each computed when read: tier changes of its legs and its floor. */
function* eventsOf(lane: Lane, from: Decimal, to: Decimal, direction: number): Generator<SweepEvent<Lane>> {
  const { exposure, base, beta } = lane
  const moveAt = (price: Decimal) => price.div(base).minus(1).div(beta)
  const start = priceAt(lane, from)
  const end = priceAt(lane, to)
  const rising = compare(end, start) > 0
  if (rising) {
    // Going up, the price leaves piece i just past break i: events for breaks at or above the start.
    for (let i = exposure.pieceOf(start); i < exposure.breakCount && compare(exposure.breakAt(i), end) < 0; i++)
      yield event(moveAt(exposure.breakAt(i)), lane, i + 1)
  } else {
    // Going down, the price enters piece i − 1 on reaching break i − 1.
    for (let i = exposure.pieceOf(start); i > 0 && compare(exposure.breakAt(i - 1), end) >= 0; i--) yield event(moveAt(exposure.breakAt(i - 1)), lane, i - 1)
    const floorMove = PRICE_FLOOR.minus(1).div(beta)
    if (!lane.floored && aboveZero(floorMove.minus(from).mul(direction)) && atMostZero(floorMove.minus(to).mul(direction)))
      yield event(floorMove, lane, 'floor')
  }
}

function event<L>(move: Decimal, lane: L, to: number | 'floor'): SweepEvent<L> {
  return { move, lane, to }
}
