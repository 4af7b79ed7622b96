// Liquidation as a path: what the venue's liquidation procedure does with a position once its pool is at or
// below maintenance, walked through the stressed book. Guards "liquidation is a single event at the
// liquidation price": the forced orders fill deeper, pay a fee, may end beyond bankruptcy, and move the price.
import { Decimal, ZERO } from '../decimal.js'
import { levelsHit, walkBook, type BookWalk } from '../execution/book-walk.js'
import { latencyPriceStd } from '../execution/latency-fees.js'
import { exitSide } from '../execution/stop-fill.js'
import { accountAt, computeMargin, tierFor, type Ladder } from '../margin/index.js'
import { sideSign, triggerPrice, type BookLevel, type OrderSide, type Portfolio, type Position } from '../model.js'
import type { LiquidationProcedure } from '../venues.js'
import { afterWalk, centredAt, noWorseThan, stressedBook } from './book.js'
import { PRICE_FLOOR } from './prices.js'
import { BISECTION_STEPS } from './search.js'

/** Hyperliquid hands a position to its backstop vault when equity falls below this share of maintenance. */
export const BACKSTOP_SHARE = new Decimal(2).div(3)

/**
 * One stage of a forced exit. `market`: the whole position as one market order; `reduce`: a reduce-only
 * order (Binance's IOC, Bybit's fill-or-kill step to the next lower tier, a fillable-price order on dYdX);
 * `takeover`: the rest taken over at the bankruptcy price (insurance fund, deleveraging); `backstop`:
 * Hyperliquid's vault takes the rest with the remaining margin.
 */
export interface ExitStep {
  kind: 'market' | 'reduce' | 'takeover' | 'backstop'
  /** The size the stage was for. */
  size: Decimal
  /** The size it closed. */
  filled: Decimal
  /** Book stages: the walk's VWAP; takeover and backstop: the bankruptcy price. Null when nothing filled or there is no such price. */
  price: Decimal | null
  /** The worst price a book stage may take; null: the whole visible book. */
  limit: Decimal | null
  /** A fill-or-kill stage the book could not fill: cancelled, nothing filled. */
  killed: boolean
}

/** A forced exit, from the liquidation trigger to what is left. */
export interface ForcedExit {
  positionId: string
  symbol: string
  procedure: LiquidationProcedure
  /** Position size when the exit starts. */
  size: Decimal
  /** The market's trigger price when the exit starts. */
  triggerPrice: Decimal
  /** One σ over the stress latency (trigger × σ × √(L / 1 year)); null without volatility. */
  latencyMove: Decimal | null
  /** Where the stressed book is centred: the trigger moved one σ_L against the position. */
  bookMid: Decimal
  /** The pool's bankruptcy price at the start (other markets where they are). */
  bankruptcyPrice: Decimal | null
  /** Hyperliquid: where the pool's equity is 2/3 of its maintenance; the book stage's limit. */
  backstopPrice: Decimal | null
  steps: ExitStep[]
  /** Size the forced orders filled in the book, their cost and VWAP. */
  bookFilled: Decimal
  bookCost: Decimal
  bookVwap: Decimal | null
  /** Size taken over off the book (takeover or backstop). */
  takenOver: Decimal
  /** Size still open afterwards (a Bybit step-down that restored the margin); 0 otherwise. */
  remaining: Decimal
  /** Average price of everything closed, takeovers at the bankruptcy price; null when it cannot be priced. */
  expectedFill: Decimal | null
  /** market.liquidation_fee × the notional the book stages filled (0 when the file gives no fee). */
  liquidationFee: Decimal
  /** The pool's margin balance when the exit starts. */
  marginBefore: Decimal
  /** The pool's margin balance afterwards: 0 when the rest was taken over or the margin ran out. */
  marginLeft: Decimal
  /** Loss beyond the margin that the forced orders themselves realize: how far the book stages ran past zero margin (0 when none). */
  beyondBankruptcy: Decimal
  /**
   * After a takeover: what unwinding the rest into the remaining stressed book loses beyond the bankruptcy
   * price, the insurance fund's (or, past it, auto-deleveraging's) exposure. 0 without a takeover.
   */
  takeoverLoss: Decimal
  /** After a takeover: size the remaining stressed book could not absorb at any price (its loss is unpriced). */
  beyondBook: Decimal
  /** The pool's margin is gone: taken over, or the book stages ran past bankruptcy. */
  wiped: boolean
  /** The worst price the forced orders traded at; the trigger price when nothing traded in the book. */
  priceLeftBehind: Decimal
}

/** The pool a position draws on at `state`'s prices: the cross account or its own margin. */
function poolOf(
  state: Portfolio,
  position: Position,
  prices: ReadonlyMap<string, Decimal> = new Map(),
): { balance: Decimal; requirement: Decimal; liquidated: boolean } {
  const at = accountAt(state, prices)
  if (position.marginMode === 'cross') {
    const account = at.account!
    return { balance: account.marginBalance, requirement: account.maintenanceMargin, liquidated: account.liquidated }
  }
  const own = at.positions.get(position.id)!
  return { balance: own.marginBalance, requirement: own.maintenanceMargin, liquidated: own.liquidated }
}

/**
 * The position `positionId` of `state` forced out by its venue's procedure, starting at the market's
 * current trigger price in `state` (see withPrices in ./prices.ts to put it at the liquidation price). The
 * market must have a book.
 */
export function forcedExit(state: Portfolio, positionId: string): ForcedExit {
  const position = state.positions.find((p) => p.id === positionId)
  if (!position) throw new Error(`no position "${positionId}"`)
  const market = state.markets.get(position.market)!
  if (!market.book) throw new Error(`market "${market.symbol}" has no book to walk`)
  const view = computeMargin(state)
  const trigger = triggerPrice(market)
  const sign = sideSign(position.side)
  const side = exitSide(position.side)
  const latencyMove = market.volatility ? latencyPriceStd({ mid: trigger, volatility: market.volatility, latencyMs: state.stress.latencyMs }) : null
  const bookMid = Decimal.max(trigger.minus(latencyMove?.mul(sign) ?? ZERO), trigger.mul(PRICE_FLOOR))
  const levels = levelsHit(centredAt(stressedBook(market.book, state.stress), bookMid), side)
  const bankruptcy = view.positions.get(positionId)!.bankruptcyPrice
  const pool = poolOf(state, position)
  const procedure = state.venue.liquidationProcedure
  const feeRate = market.liquidationFee ?? ZERO

  const stages: { step: ExitStep; walk: BookWalk | null }[] = []
  let remaining = position.size
  let backstopPrice: Decimal | null = null
  let restored = false
  const bookStage = (kind: ExitStep['kind'], from: readonly BookLevel[], limit: Decimal | null): void => {
    const walk = walkBook(limit ? noWorseThan(from, side, limit) : from, remaining)
    stages.push({ step: { kind, size: remaining, filled: walk.filled, price: walk.vwap, limit, killed: false }, walk })
    remaining = remaining.minus(walk.filled)
  }

  switch (procedure) {
    case 'single-market-order':
      bookStage('market', levels, null)
      break
    case 'reduce-then-takeover':
    case 'fillable-price':
      bookStage('reduce', levels, bankruptcy)
      break
    case 'book-then-backstop':
      backstopPrice = bankruptcy && backstopPriceOf(state, position, trigger, bankruptcy)
      bookStage('market', levels, backstopPrice ?? bankruptcy)
      break
    case 'tier-step-down': {
      const result = stepDown({ state, position, ladder: view.ladders.get(market.symbol)!, levels, side, trigger, bankruptcy, feeRate })
      stages.push(...result.stages)
      remaining = result.remaining
      restored = result.restored
      break
    }
  }

  const bookFilled = stages.reduce((sum, s) => sum.plus(s.walk ? s.step.filled : ZERO), ZERO)
  const bookCost = stages.reduce((sum, s) => sum.plus(s.walk?.cost ?? ZERO), ZERO)
  const liquidationFee = bookCost.mul(feeRate)
  const takenOver = restored ? ZERO : remaining
  if (takenOver.gt(0)) {
    const kind = procedure === 'book-then-backstop' ? 'backstop' : 'takeover'
    stages.push({ step: { kind, size: takenOver, filled: takenOver, price: bankruptcy, limit: null, killed: false }, walk: null })
  }
  const lastTrade = [...stages].reverse().find((s) => s.walk?.filled.gt(0))?.walk?.worstPrice ?? null

  let marginLeft = pool.balance.plus(bookCost.minus(bookFilled.mul(trigger)).mul(sign)).minus(liquidationFee)
  let beyondBankruptcy = ZERO
  let takeoverLoss = ZERO
  let beyondBook = ZERO
  if (takenOver.gt(0)) {
    // The fund unwinds what it took over into what the forced orders left of the stressed book.
    const whole = walkBook(levels, bookFilled.plus(takenOver))
    const unwound = whole.filled.minus(bookFilled)
    if (bankruptcy) takeoverLoss = Decimal.max(ZERO, unwound.mul(bankruptcy).minus(whole.cost.minus(bookCost)).mul(sign))
    beyondBook = whole.unfilled
    marginLeft = ZERO
  } else if (marginLeft.lt(0)) {
    beyondBankruptcy = marginLeft.neg()
    marginLeft = ZERO
  }
  const closed = bookFilled.plus(takenOver)
  const closedValue = takenOver.gt(0) ? (bankruptcy ? bookCost.plus(takenOver.mul(bankruptcy)) : null) : bookCost
  return {
    positionId,
    symbol: market.symbol,
    procedure,
    size: position.size,
    triggerPrice: trigger,
    latencyMove,
    bookMid,
    bankruptcyPrice: bankruptcy,
    backstopPrice,
    steps: stages.map((s) => s.step),
    bookFilled,
    bookCost,
    bookVwap: bookFilled.gt(0) ? bookCost.div(bookFilled) : null,
    takenOver,
    remaining: restored ? remaining : ZERO,
    expectedFill: closedValue && closed.gt(0) ? closedValue.div(closed) : null,
    liquidationFee,
    marginBefore: pool.balance,
    marginLeft,
    beyondBankruptcy,
    takeoverLoss,
    beyondBook,
    wiped: takenOver.gt(0) || beyondBankruptcy.gt(0),
    priceLeftBehind: lastTrade ?? trigger,
  }
}

/**
 * Bybit-style partial liquidation: while the position is above the ladder's first tier, a fill-or-kill
 * reduce order (limit: the bankruptcy price) brings its notional at the trigger price down to the next lower
 * tier's cap; after each fill the pool is re-evaluated, and the procedure stops once it is above
 * maintenance. A killed order, or the first tier reached still below maintenance, leaves the rest to the
 * takeover.
 */
function stepDown(options: {
  state: Portfolio
  position: Position
  ladder: Ladder
  levels: readonly BookLevel[]
  side: OrderSide
  trigger: Decimal
  bankruptcy: Decimal | null
  feeRate: Decimal
}): { stages: { step: ExitStep; walk: BookWalk | null }[]; remaining: Decimal; restored: boolean } {
  const { state, position, ladder, side, trigger, bankruptcy, feeRate } = options
  let levels = bankruptcy ? noWorseThan(options.levels, side, bankruptcy) : [...options.levels]
  const stages: { step: ExitStep; walk: BookWalk | null }[] = []
  let remaining = position.size
  let closedSize = ZERO
  let closedCost = ZERO
  for (;;) {
    const { tier } = tierFor(ladder, remaining.mul(trigger))
    if (tier.number === 1) return { stages, remaining, restored: false }
    const reduce = remaining.minus(ladder.tiers[tier.number - 2]!.cap.div(trigger))
    const walk = walkBook(levels, reduce)
    if (walk.unfilled.gt(0)) {
      stages.push({ step: { kind: 'reduce', size: reduce, filled: ZERO, price: null, limit: bankruptcy, killed: true }, walk: null })
      return { stages, remaining, restored: false }
    }
    stages.push({ step: { kind: 'reduce', size: reduce, filled: reduce, price: walk.vwap, limit: bankruptcy, killed: false }, walk })
    levels = afterWalk(levels, walk.remaining)
    remaining = remaining.minus(reduce)
    closedSize = closedSize.plus(reduce)
    closedCost = closedCost.plus(walk.cost)
    const reduced = withClosed(state, position.id, closedSize, closedCost, closedCost.mul(feeRate))
    if (!poolOf(reduced, { ...position, size: remaining }).liquidated) return { stages, remaining, restored: true }
  }
}

/**
 * The price of the position's market, between the trigger and the bankruptcy price, at which its pool's
 * margin balance is BACKSTOP_SHARE of its maintenance margin (bisection; the end reported is at or past it).
 */
function backstopPriceOf(state: Portfolio, position: Position, trigger: Decimal, bankruptcy: Decimal): Decimal {
  const past = (price: Decimal) => {
    const pool = poolOf(state, position, new Map([[position.market, price]]))
    return pool.balance.lte(pool.requirement.mul(BACKSTOP_SHARE))
  }
  if (past(trigger)) return trigger
  let safe = trigger
  let broken = bankruptcy
  for (let i = 0; i < BISECTION_STEPS; i++) {
    const middle = safe.plus(broken).div(2)
    if (past(middle)) broken = middle
    else safe = middle
  }
  return broken
}

/**
 * `state` after `closedSize` of position `positionId` was closed for `closedCost` (quote) paying `fee`: the
 * realized PnL, side × (cost − size × entry) − fee, goes to the wallet (cross) or the position's margin
 * (isolated); a position closed in full leaves the list (an isolated one takes its leftover margin with it).
 */
export function withClosed(state: Portfolio, positionId: string, closedSize: Decimal, closedCost: Decimal, fee: Decimal): Portfolio {
  const position = state.positions.find((p) => p.id === positionId)!
  const realized = closedCost.minus(closedSize.mul(position.entryPrice)).mul(sideSign(position.side)).minus(fee)
  const size = position.size.minus(closedSize)
  const positions = state.positions.flatMap((p): Position[] => {
    if (p.id !== positionId) return [p]
    if (size.lte(0)) return []
    return [{ ...p, size, margin: p.marginMode === 'isolated' ? p.margin!.plus(realized) : p.margin }]
  })
  const walletBalance = position.marginMode === 'cross' ? state.account.walletBalance.plus(realized) : state.account.walletBalance
  return { ...state, positions, account: { ...state.account, walletBalance } }
}

/**
 * `state` after a pool lost all its margin: an isolated position leaves the list; a cross position takes the
 * whole cross account with it (every cross position leaves, the wallet is emptied).
 */
export function withWiped(state: Portfolio, positionId: string): Portfolio {
  const position = state.positions.find((p) => p.id === positionId)!
  if (position.marginMode === 'isolated') return { ...state, positions: state.positions.filter((p) => p.id !== positionId) }
  return { ...state, positions: state.positions.filter((p) => p.marginMode !== 'cross'), account: { ...state.account, walletBalance: ZERO } }
}
