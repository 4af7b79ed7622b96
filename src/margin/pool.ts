// A margin pool (one isolated position, or every cross position of the account) and the exact price at
// which it crosses a margin-ratio level. The tier is re-read at every candidate price: the answer is the
// price whose own tier makes the equation hold (the exchanges' "tier at the liquidation notional").
import { Decimal, ZERO } from '../decimal.js'
import { tierFor, type Ladder, type Tier } from './ladder.js'

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

export interface Pool {
  /** Cross: the wallet balance. Isolated: the margin posted, including any close fee reserved in it. */
  collateral: Decimal
  /** The part of `collateral` that is a reserved close fee (bybit-linear isolated), not margin: excluded at bankruptcy. */
  reservedInCollateral: Decimal
  legs: Leg[]
}

/** A price per market symbol. */
export type PriceOf = (symbol: string) => Decimal

export function unrealizedPnl(leg: Leg, price: Decimal): Decimal {
  return price.minus(leg.entryPrice).mul(leg.quantity).mul(leg.sign)
}

/** Collateral plus the unrealized PnL of every leg. */
export function marginBalance(pool: Pool, priceOf: PriceOf): Decimal {
  return pool.legs.reduce((sum, leg) => sum.plus(unrealizedPnl(leg, priceOf(leg.symbol))), pool.collateral)
}

/** A leg's maintenance margin at a price: N·mmr − cum at the tier of N, plus its reserved close fee. */
export function legMaintenance(leg: Leg, price: Decimal): { notional: Decimal; tier: Tier; beyondLadder: boolean; maintenanceMargin: Decimal } {
  const notional = leg.quantity.mul(price)
  const { tier, beyondLadder } = tierFor(leg.ladder, notional)
  return { notional, tier, beyondLadder, maintenanceMargin: notional.mul(tier.mmr).minus(tier.maintenanceAmount).plus(leg.closeFee) }
}

/** Sum of the legs' maintenance margins (tiers read at each leg's price), close-fee reserves included. */
export function maintenanceRequirement(pool: Pool, priceOf: PriceOf): Decimal {
  return pool.legs.reduce((sum, leg) => sum.plus(legMaintenance(leg, priceOf(leg.symbol)).maintenanceMargin), ZERO)
}

/**
 * f(P) = ratio·balance(P) − requirement(P) on one price interval (lo, hi], where every leg of the moving
 * market stays in one tier, so f is affine: f(P) = a + b·P.
 */
interface Piece {
  lo: Decimal
  /** Infinity for the last piece. */
  hi: Decimal
  a: Decimal
  b: Decimal
  /** The tier of each moving leg on this piece, by position id. */
  tiers: Map<string, Tier>
}

export interface Crossing {
  price: Decimal
  /** The tier of each leg of the moving market at the crossing, by position id. */
  tiers: Map<string, Tier>
}

export type Direction = 'down' | 'up'

export interface SolveRequest {
  /** The market whose price moves; every other market is held at `priceOf`. */
  symbol: string
  priceOf: PriceOf
  /** The margin ratio (requirement ÷ balance) to reach: 1 for liquidation, e.g. 0.8 for a warning level. */
  ratio: Decimal
  /** Direction the price moves from the symbol's current price. */
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

/** Solves requirement(P) = ratio·balance(P) for one market's price, tier by tier. */
export function solvePrice(pool: Pool, request: SolveRequest): Solution {
  const from = request.priceOf(request.symbol)
  const pieces = piecesFor(pool, request)
  const start = pieces.findIndex((p) => from.gt(p.lo) && from.lte(p.hi))
  const valueAtFrom = evaluate(pieces[start]!, from)
  if (valueAtFrom.gt(0)) return { alreadyPast: false, crossing: firstNonPositive(pieces, start, from, request.direction) }
  const negated = pieces.map((p) => ({ ...p, a: p.a.neg(), b: p.b.neg() }))
  return { alreadyPast: true, crossing: firstNonPositive(negated, start, from, request.direction === 'down' ? 'up' : 'down') }
}

function evaluate(piece: Piece, price: Decimal): Decimal {
  return piece.a.plus(piece.b.mul(price))
}

/** The first price, moving from `from` (inclusive), where the piecewise affine function is ≤ 0. */
function firstNonPositive(pieces: Piece[], start: number, from: Decimal, direction: Direction): Crossing | null {
  if (direction === 'down') {
    for (let i = start; i >= 0; i--) {
      const piece = pieces[i]!
      const top = i === start ? from : piece.hi
      if (evaluate(piece, top).lte(0)) return { price: top, tiers: piece.tiers }
      if (piece.b.gt(0)) {
        const root = piece.a.neg().div(piece.b)
        if (root.gt(piece.lo)) return { price: root, tiers: piece.tiers }
      }
    }
    return null
  }
  for (let i = start; i < pieces.length; i++) {
    const piece = pieces[i]!
    // Entering a piece from below: the value just above lo. With a deduction the ladder is continuous and
    // this equals the previous piece's value at lo; without one (okx-swap) a tier step can cross here.
    const bottom = i === start ? from : piece.lo
    if (evaluate(piece, bottom).lte(0)) return { price: bottom, tiers: piece.tiers }
    if (piece.b.lt(0)) {
      const root = piece.a.neg().div(piece.b)
      if (root.lte(piece.hi)) return { price: root, tiers: piece.tiers }
    }
  }
  return null
}

function piecesFor(pool: Pool, request: SolveRequest): Piece[] {
  const moving = pool.legs.filter((leg) => leg.symbol === request.symbol)
  const fixed = pool.legs.filter((leg) => leg.symbol !== request.symbol)
  const { ratio, priceOf } = request
  const fixedBalance = fixed.reduce((sum, leg) => sum.plus(unrealizedPnl(leg, priceOf(leg.symbol))), pool.collateral)
  const fixedRequirement = fixed.reduce((sum, leg) => sum.plus(legMaintenance(leg, priceOf(leg.symbol)).maintenanceMargin), ZERO)
  const movingFees = moving.reduce((sum, leg) => sum.plus(leg.closeFee), ZERO)
  const entryValue = moving.reduce((sum, leg) => sum.plus(leg.entryPrice.mul(leg.quantity).mul(leg.sign)), ZERO)
  const signedQuantity = moving.reduce((sum, leg) => sum.plus(leg.quantity.mul(leg.sign)), ZERO)

  // Prices where some moving leg changes tier: cap / quantity for every tier but the last.
  const breaks = moving
    .flatMap((leg) => leg.ladder.tiers.slice(0, -1).map((t) => t.cap.div(leg.quantity)))
    .sort((x, y) => x.cmp(y))
    .filter((b, i, all) => i === 0 || !b.eq(all[i - 1]!))
  const bounds = [ZERO, ...breaks, new Decimal(Infinity)]

  const pieces: Piece[] = []
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i]!
    const hi = bounds[i + 1]!
    // The tier is constant on (lo, hi]; read it strictly inside (a break is cap ÷ quantity, rounded at the
    // 40th digit, so reading at hi itself could land a hair past the cap).
    const probe = hi.isFinite() ? lo.plus(hi).div(2) : lo.mul(2).plus(1)
    const tiers = new Map<string, Tier>()
    let a = ratio.mul(fixedBalance.minus(entryValue)).minus(fixedRequirement).minus(movingFees)
    let b = ratio.mul(signedQuantity)
    for (const leg of moving) {
      const { tier } = tierFor(leg.ladder, leg.quantity.mul(probe))
      tiers.set(leg.positionId, tier)
      a = a.plus(tier.maintenanceAmount)
      b = b.minus(leg.quantity.mul(tier.mmr))
    }
    pieces.push({ lo, hi, a, b, tiers })
  }
  return pieces
}

/**
 * The price of `symbol` at which the pool's margin (collateral less any reserved close fee, plus unrealized
 * PnL) is exactly zero, other markets held at `priceOf`. Null when the market's legs net to zero size, or
 * when the price would not be positive.
 */
export function bankruptcyPrice(pool: Pool, symbol: string, priceOf: PriceOf): Decimal | null {
  const moving = pool.legs.filter((leg) => leg.symbol === symbol)
  const fixed = pool.legs.filter((leg) => leg.symbol !== symbol)
  const signedQuantity = moving.reduce((sum, leg) => sum.plus(leg.quantity.mul(leg.sign)), ZERO)
  if (signedQuantity.isZero()) return null
  const entryValue = moving.reduce((sum, leg) => sum.plus(leg.entryPrice.mul(leg.quantity).mul(leg.sign)), ZERO)
  const rest = fixed.reduce((sum, leg) => sum.plus(unrealizedPnl(leg, priceOf(leg.symbol))), pool.collateral.minus(pool.reservedInCollateral))
  const price = entryValue.minus(rest).div(signedQuantity)
  return price.gt(0) ? price : null
}
