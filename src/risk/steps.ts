// Liquidation in steps, per venue, for the trader's own size (docs/risk-models.md#liquidation-in-steps): from the
// position's liquidation price, each step a forced order walking the stressed book (refilled toward the snapshot
// by its half-life between steps), its fee, the re-check the venue makes, and what is taken over or handed to the
// backstop at the end, with the margin forfeited; the path's average price against the bankruptcy price.
import { Decimal, ZERO } from '../decimal.js'
import type { BookSide } from '../execution/book-side.js'
import { type BookWalk, walkBook } from '../execution/book-walk.js'
import { exitSide } from '../execution/stop-fill.js'
import { type Ladder, tierFor } from '../margin/index.js'
import { PARADEX_LIQUIDATION_FEE } from './liquidation.js'
import { type Market, type Position, type Stress, sideSign } from '../model.js'
import { stressedBook } from '../execution/stressed-book.js'
import { BACKSTOP_SHARE, centredOnce, type ExitPool } from '../stress/exit.js'
import type { VenueId } from '../venues.js'

/** Hyperliquid: positions above this notional are liquidated 20% first, then the rest after the cooldown. */
export const HYPERLIQUID_PARTIAL_NOTIONAL = new Decimal(100_000)
export const HYPERLIQUID_PARTIAL_SHARE = new Decimal('0.2')
export const HYPERLIQUID_COOLDOWN_MS = 30_000
/** OKX: the re-check about a minute after a tier reduction. */
export const OKX_RECHECK_MS = 60_000

/** Paradex: the share of every position the insurance fund takes at the mark is the least multiple of 20% that brings the margin ratio below 90%. */
export const PARADEX_SHARE_STEP = new Decimal('0.2')
export const PARADEX_TARGET_RATIO = new Decimal('0.9')

export type StepKind = 'reduce' | 'market' | 'takeover' | 'backstop' | 'share'

export interface LiquidationStep {
  kind: StepKind
  /** Milliseconds after the liquidation starts. */
  atMs: number
  size: Decimal
  filled: Decimal
  /** The step's average price (takeover and backstop: the bankruptcy price; null when nothing filled or there is none). */
  price: Decimal | null
  /** The worst price the step may take (null: the whole book). */
  limit: Decimal | null
  fee: Decimal
  /** The pool's margin balance after the step. */
  marginAfter: Decimal
  /** Whether the venue re-checks after this step and finds the pool still liquidatable (null: no re-check). */
  stillLiquidatable: boolean | null
}

export interface SteppedLiquidation {
  positionId: string
  /** The venue rule followed, in words. */
  rule: string
  /** Rules the venue has not confirmed in its own text, named for the notes. */
  unconfirmed: string[]
  liquidationPrice: Decimal
  bankruptcyPrice: Decimal | null
  steps: LiquidationStep[]
  /** Size closed in the book, its cost and VWAP. */
  bookFilled: Decimal
  bookVwap: Decimal | null
  /** Size taken over (insurance fund or backstop) at the bankruptcy price. */
  takenOver: Decimal
  /** Size left open when a re-check found the pool restored. */
  remainingOpen: Decimal
  fees: Decimal
  /** Margin the trader loses to the takeover or the backstop (the pool's balance when it happens). */
  marginForfeited: Decimal
  /** How far the book steps ran past zero margin (0 when they did not). */
  beyondBankruptcy: Decimal
  /** Average price of everything closed (takeovers at the bankruptcy price); null when it cannot be priced. */
  averagePrice: Decimal | null
}

interface Rule {
  rule: string
  unconfirmed: string[]
}

const RULES: Record<VenueId, Rule> = {
  'binance-usdm': { rule: 'one reduce-only order (limit: bankruptcy price), then takeover by the insurance fund', unconfirmed: [] },
  'bybit-linear': {
    rule: 'one reduce-only order (limit: bankruptcy price), then takeover by the insurance fund',
    unconfirmed: ['bybit: one reduce order then takeover (its risk-limit step-down, as in liquidation-path, is the other reading)'],
  },
  'okx-swap': {
    rule: 'tier 3 or above: reduced to the tier-1 cap, re-checked about 60 s later, then the rest; else one order; the unfilled rest taken over',
    unconfirmed: ['okx: reduction to tier 1 (older OKX text; current summaries say two tiers per step)', 'okx: re-check after about 60 s'],
  },
  hyperliquid: {
    rule: 'above 100,000 notional: 20% market order, 30 s cooldown, then the rest; backstop vault below 2/3 of maintenance',
    unconfirmed: ['hyperliquid: 20% / 30 s / 100,000 (community copy of the docs)'],
  },
  paradex: {
    rule: 'the insurance fund takes the least share (a multiple of 20%) that brings the margin ratio below 90%, at the mark, for a penalty of share × 70% × maintenance',
    unconfirmed: ['paradex: the docs state a 70% liquidation fee, their own example reproduces only with 50%'],
  },
  generic: { rule: 'one market order, then takeover of what the book cannot fill', unconfirmed: [] },
  'dydx-v4': {
    rule: 'one order at no worse than the bankruptcy price, then takeover (deleveraging)',
    unconfirmed: ['dydx-v4: the fillable price is modelled as the bankruptcy price'],
  },
}

/**
 * A book side that refills toward its snapshot: each level's depletion halves every half-life. Only the levels
 * the orders took from carry a depletion (the others' is 0 and their size the snapshot's), so a step reads the
 * levels it consumes, not the side's 1,000. A side with a size longer than the arithmetic's 40 digits keeps a
 * depletion for every level, as q − 0 rounds q there.
 */
class RefillingSide {
  /** The depletion of the first levels; every level from here on has none. */
  readonly #depleted: Decimal[]

  constructor(
    readonly snapshot: BookSide,
    readonly halfLifeMs: number | undefined,
  ) {
    this.#depleted = snapshot.sizesInPrecision() ? [] : Array.from({ length: snapshot.length }, () => ZERO)
  }

  levels(): BookSide {
    const { snapshot } = this
    return snapshot.withSizes(this.#depleted.map((depleted, i) => snapshot.size(i).minus(depleted)))
  }

  /** What a walk of `from` (a prefix of levels()) took: the levels it changed, the others' depletion + 0 is itself. */
  take(walk: BookWalk, from: BookSide): void {
    const { after } = walk
    for (let i = 0; i < after.changedLevels; i++) this.#depleted[i] = (this.#depleted[i] ?? ZERO).plus(from.size(i).minus(after.size(i)))
  }

  wait(ms: number): void {
    if (!this.halfLifeMs || ms <= 0) return
    const factor = new Decimal(2).pow(new Decimal(-ms).div(this.halfLifeMs))
    this.#depleted.forEach((d, i) => {
      this.#depleted[i] = d.mul(factor)
    })
  }
}

export interface StepsInput {
  venue: VenueId
  position: Position
  market: Market
  ladder: Ladder
  /** The pool the position draws on, seen from its liquidation price. */
  pool: ExitPool
  liquidationPrice: Decimal
  stress: Stress
}

/** The venue's stepped liquidation of `position` from its liquidation price (the market must have a book). */
export function steppedLiquidation(input: StepsInput): SteppedLiquidation {
  const { venue, position, market, ladder, pool, liquidationPrice, stress } = input
  if (!market.book) throw new Error(`market "${market.symbol}" has no book to walk`)
  const side = exitSide(position.side)
  const sign = sideSign(position.side)
  const book = new RefillingSide(centredOnce(stressedBook(market.book, stress), liquidationPrice, side), market.book.refillHalfLifeMs)
  const feeRate = market.liquidationFee ?? ZERO
  const bankruptcy = pool.bankruptcyPrice
  const steps: LiquidationStep[] = []
  let remaining = position.size
  let closed = ZERO
  let cost = ZERO
  let fees = ZERO
  let now = 0
  const margin = () => pool.balance.plus(cost.minus(closed.mul(liquidationPrice)).mul(sign)).minus(fees)

  const order = (kind: StepKind, size: Decimal, limit: Decimal | null, recheck: boolean): boolean => {
    const levels = book.levels()
    const usable = limit ? levels.noWorseThan(side, limit) : levels
    const walk = walkBook(usable, size)
    book.take(walk, usable)
    const fee = walk.cost.mul(feeRate)
    remaining = remaining.minus(walk.filled)
    closed = closed.plus(walk.filled)
    cost = cost.plus(walk.cost)
    fees = fees.plus(fee)
    const still = recheck ? pool.liquidatedAfter(closed, cost, fees) : null
    steps.push({ kind, atMs: now, size, filled: walk.filled, price: walk.vwap, limit, fee, marginAfter: margin(), stillLiquidatable: still })
    return still !== false
  }

  let handOver: 'takeover' | 'backstop' = 'takeover'
  /** A partial order, re-checked; when still liquidatable, after `waitMs` (the book refilling) the rest. True when the partial restored the pool. */
  const partialThenRest = (kind: StepKind, size: Decimal, waitMs: number, limit: Decimal | null): boolean => {
    if (!order(kind, size, limit, true)) return true
    now += waitMs
    book.wait(waitMs)
    order('market', remaining, limit, false)
    return false
  }
  let restored = false
  /** Paradex: the size the insurance fund took at the mark (not closed in the book). */
  let shared = ZERO
  switch (venue) {
    case 'hyperliquid': {
      handOver = 'backstop'
      const backstop = bankruptcy && (pool.priceAtShare(BACKSTOP_SHARE) ?? bankruptcy)
      if (position.size.mul(liquidationPrice).gt(HYPERLIQUID_PARTIAL_NOTIONAL))
        restored = partialThenRest('market', position.size.mul(HYPERLIQUID_PARTIAL_SHARE), HYPERLIQUID_COOLDOWN_MS, backstop)
      else order('market', remaining, backstop, false)
      break
    }
    case 'okx-swap': {
      const { tier } = tierFor(ladder, position.size.mul(liquidationPrice))
      if (tier.number >= 3) restored = partialThenRest('reduce', position.size.minus(ladder.tiers[0]!.cap.div(liquidationPrice)), OKX_RECHECK_MS, bankruptcy)
      else order('market', remaining, bankruptcy, false)
      break
    }
    case 'paradex': {
      // The share changes hands with the insurance fund at the mark (the liquidation price here), not in the book.
      const price = liquidationPrice
      const rows = [1, 2, 3, 4, 5].map((n) => {
        const share = PARADEX_SHARE_STEP.mul(n)
        const size = position.size.mul(share)
        const penalty = share.mul(PARADEX_LIQUIDATION_FEE).mul(pool.requirement)
        const after = pool.after(size, size.mul(price), penalty)
        return { share, size, penalty, after }
      })
      const chosen = rows.find((r) => r.after.balance.gt(0) && r.after.requirement.div(r.after.balance).lt(PARADEX_TARGET_RATIO)) ?? rows[4]!
      remaining = remaining.minus(chosen.size)
      closed = closed.plus(chosen.size)
      cost = cost.plus(chosen.size.mul(price))
      shared = chosen.size
      // The penalty comes out of what is left: the rest goes unpaid.
      const fee = Decimal.min(chosen.penalty, Decimal.max(ZERO, margin()))
      fees = fees.plus(fee)
      restored = remaining.gt(0)
      steps.push({
        kind: 'share',
        atMs: now,
        size: chosen.size,
        filled: chosen.size,
        price,
        limit: null,
        fee,
        marginAfter: margin(),
        stillLiquidatable: restored ? false : null,
      })
      break
    }
    case 'generic':
      order('market', remaining, null, false)
      break
    default:
      order('reduce', remaining, bankruptcy, false)
  }

  let takenOver = ZERO
  let forfeited = ZERO
  let beyond = ZERO
  const left = margin()
  if (!restored && remaining.gt(0)) {
    takenOver = remaining
    forfeited = Decimal.max(ZERO, left)
    steps.push({
      kind: handOver,
      atMs: now,
      size: remaining,
      filled: remaining,
      price: bankruptcy,
      limit: null,
      fee: ZERO,
      marginAfter: ZERO,
      stillLiquidatable: null,
    })
  } else if (left.lt(0)) beyond = left.neg()
  const bookFilled = closed.minus(shared)
  const bookCost = shared.gt(0) ? cost.minus(shared.mul(liquidationPrice)) : cost
  const value = takenOver.gt(0) ? (bankruptcy ? cost.plus(takenOver.mul(bankruptcy)) : null) : cost
  const total = closed.plus(takenOver)
  return {
    positionId: position.id,
    ...RULES[venue],
    liquidationPrice,
    bankruptcyPrice: bankruptcy,
    steps,
    bookFilled,
    bookVwap: bookFilled.gt(0) ? bookCost.div(bookFilled) : null,
    takenOver,
    remainingOpen: restored ? remaining : ZERO,
    fees,
    marginForfeited: forfeited,
    beyondBankruptcy: beyond,
    averagePrice: value && total.gt(0) ? value.div(total) : null,
  }
}
