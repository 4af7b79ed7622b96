// Liquidation as a path: what the venue's liquidation procedure does with a position once its pool is at or
// below maintenance, walked through the stressed book. Guards "liquidation is a single event at the
// liquidation price": the forced orders fill deeper, pay a fee, may end beyond bankruptcy, and move the price.
import { Decimal, ONE, ZERO, aboveZero, atMostZero, belowZero, compare, largerOf, smallerOf } from '../decimal.js'
import { BookSide } from '../execution/book-side.js'
import { type BookExtension, type BookWalk, bookExtension, midPrice, walkBook, walkBookFromTop } from '../execution/book-walk.js'
import { latencyPriceStd } from '../execution/latency-fees.js'
import { exitSide } from '../execution/stop-fill.js'
import {
  bankruptcyPrice,
  type Ladder,
  losingDirection,
  type MarginModel,
  type Pool,
  type PoolTotals,
  type PositionSetup,
  solvePrice,
  tierFor,
} from '../margin/index.js'
import { type Book, type Market, type OrderSide, type Position, type Stress, sideSign } from '../model.js'
import type { LiquidationProcedure } from '../venues.js'
import { stressedBook } from '../execution/stressed-book.js'
import { PRICE_FLOOR } from './prices.js'

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
  /** The part of bookFilled that came from the stressed book's square-root extension past its last visible level. */
  bookExtended: Decimal
  bookCost: Decimal
  bookVwap: Decimal | null
  /** Size taken over off the book (takeover or backstop). */
  takenOver: Decimal
  /** Size still open afterwards (a Bybit step-down that restored the margin); 0 otherwise. */
  remaining: Decimal
  /** Average price of everything closed, takeovers at the bankruptcy price; null when it cannot be priced. */
  expectedFill: Decimal | null
  /**
   * The liquidation fee paid: market.liquidation_fee × the notional the book stages filled (0 when the file gives no
   * fee), at most what the forced orders left of the margin.
   */
  liquidationFee: Decimal
  /** The part of the fee the margin left could not pay (the venue forgoes it; its insurance fund takes the shortfall). */
  feeUnpaid: Decimal
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

/**
 * What a forced exit needs to know of the pool the position draws on, at the price the exit starts from:
 * its balance, its bankruptcy price, whether a partial close restores it, and where its balance is a share of
 * its maintenance (Hyperliquid's backstop). Built by exitPool from the margin engine's pool.
 */
export interface ExitPool {
  balance: Decimal
  /** The pool's maintenance requirement when the exit starts. */
  requirement: Decimal
  bankruptcyPrice: Decimal | null
  /** The direction of the market's price in which the pool loses (its net exposure there, see losingDirection). */
  losing: 'down' | 'up'
  /**
   * After `closedSize` of the position was closed for `closedCost` (quote) paying `fee`: is the pool still at or
   * below maintenance, its market at `price` (the trigger price when not given)?
   */
  liquidatedAfter(closedSize: Decimal, closedCost: Decimal, fee: Decimal, price?: Decimal): boolean
  /** The pool's balance and maintenance requirement after `closedSize` was closed for `closedCost` paying `fee`, its market at `price` (default: the trigger). */
  after(closedSize: Decimal, closedCost: Decimal, fee: Decimal, price?: Decimal): { balance: Decimal; requirement: Decimal }
  /** The first price from the start against the position where the pool's balance is `share` of its maintenance. */
  priceAtShare(share: Decimal): Decimal | null
}

/** What closing `closedSize` of `position` for `closedCost` (quote) paying `fee` realizes: side × (cost − size × entry) − fee. */
export function realizedPnl(position: Position, closedSize: Decimal, closedCost: Decimal, fee: Decimal): Decimal {
  return closedCost.minus(closedSize.mul(position.entryPrice)).mul(sideSign(position.side)).minus(fee)
}

/** Everything a forced exit reads: the position as it is now, its market, the price it starts at, and its pool. */
export interface ExitInput {
  position: Position
  market: Market
  /** The market's trigger price when the exit starts. */
  trigger: Decimal
  ladder: Ladder
  pool: ExitPool
  stress: Stress
  procedure: LiquidationProcedure
  /** thresholds.book_extension_max_sigma: the stressed book is extended past its last level (docs/checks/slippage.md); undefined: not. */
  bookExtensionMaxSigma?: Decimal
}

/**
 * The extension a book stage may use: the stressed book's, when the stage's limit left every visible level in
 * (a limit inside the visible book stops the walk there), its bound tightened to the limit's distance from the mid.
 */
function stageExtension(extension: BookExtension | undefined, cut: boolean, limit: Decimal | null): BookExtension | undefined {
  if (!extension || cut) return undefined
  if (!limit) return extension
  const toLimit = limit.minus(extension.reference).abs().div(extension.reference)
  return { ...extension, maxImpact: smallerOf(extension.maxImpact, toLimit) }
}

/**
 * The exit pool of `setup`'s position in `pool`, seen from its market's price `trigger` with every other market
 * where `totals` were taken (`totals` are the pool's at that price). `reduce` gives the pool after a partial
 * close (the position at its smaller size, the realized PnL booked, the venue's rules re-applied).
 */
export function exitPool(options: {
  pool: Pool
  setup: PositionSetup
  trigger: Decimal
  totals: PoolTotals
  reduce: (position: Position, realized: Decimal) => Pool
  /** The pool's figures at the start when already known (poolAtStart of the same pool, market and totals). */
  start?: PoolAtStart
}): ExitPool {
  const { pool, setup, trigger, totals } = options
  const { position } = setup
  const symbol = position.market
  const exposure = pool.exposures.get(symbol)!
  const start = options.start ?? poolAtStart(pool, symbol, trigger, totals)
  return {
    balance: totals.balance,
    requirement: totals.requirement,
    bankruptcyPrice: start.bankruptcyPrice,
    losing: start.losing,
    after(closedSize, closedCost, fee, price = trigger) {
      const realized = realizedPnl(position, closedSize, closedCost, fee)
      const reduced = options.reduce({ ...position, size: position.size.minus(closedSize) }, realized)
      const after = reduced.exposures.get(symbol)
      const balance = totals.balance
        .minus(exposure.pnl(trigger))
        .plus(after?.pnl(price) ?? ZERO)
        .plus(reduced.collateral.minus(pool.collateral))
      const requirement = totals.requirement.minus(exposure.maintenance(trigger)).plus(after?.maintenance(price) ?? ZERO)
      return { balance, requirement }
    },
    liquidatedAfter(closedSize, closedCost, fee, price) {
      const { balance, requirement } = this.after(closedSize, closedCost, fee, price)
      return compare(balance, requirement) <= 0
    },
    priceAtShare(share) {
      const ratio = ONE.div(share)
      const direction = losingDirection(exposure, trigger, ratio)
      const { alreadyPast, crossing } = solvePrice(pool, { symbol, from: trigger, totals, ratio, direction })
      return alreadyPast ? trigger : (crossing?.price ?? null)
    },
  }
}

/** What an exit reads of its pool where it starts, the same for every position of the pool's market there. */
export interface PoolAtStart {
  bankruptcyPrice: Decimal | null
  losing: 'down' | 'up'
}

/** The pool's bankruptcy price along `symbol` from `trigger` (its totals there) and the direction in which it loses. */
export function poolAtStart(pool: Pool, symbol: string, trigger: Decimal, totals: PoolTotals): PoolAtStart {
  return { bankruptcyPrice: bankruptcyPrice(pool, symbol, trigger, totals), losing: losingDirection(pool.exposures.get(symbol)!, trigger, ONE) }
}

/**
 * The last start of each model pool: the cross positions of one market share their pool and their liquidation
 * price, so the liquidation paths (market by market) compute its totals and bankruptcy price once per market (the
 * key is the model, the market and the price: a variant model may share a pool at other prices).
 */
const lastPoolStarts = new WeakMap<Pool, { model: MarginModel; symbol: string; trigger: Decimal; totals: PoolTotals; start: PoolAtStart }>()

/** The exit pool of a position of a whole portfolio's margin model, its market at `trigger`, others at their trigger prices. */
export function modelExitPool(model: MarginModel, positionId: string, trigger: Decimal): ExitPool {
  const setup = model.setup(positionId)
  let last = lastPoolStarts.get(setup.pool)
  if (!last || last.model !== model || last.symbol !== setup.leg.symbol || compare(last.trigger, trigger) !== 0) {
    const totals = model.poolAt(setup, trigger)
    last = { model, symbol: setup.leg.symbol, trigger, totals, start: poolAtStart(setup.pool, setup.leg.symbol, trigger, totals) }
    lastPoolStarts.set(setup.pool, last)
  }
  return exitPool({
    pool: setup.pool,
    setup,
    trigger,
    totals: last.totals,
    start: last.start,
    reduce: (position, realized) => {
      const isolated = position.marginMode === 'isolated'
      if (isolated && atMostZero(position.size)) return { collateral: ZERO, reservedInCollateral: ZERO, exposures: new Map() }
      const variant = model.variant({
        positions: aboveZero(position.size) ? [{ ...position, margin: isolated ? position.margin!.plus(realized) : position.margin }] : [],
        removed: aboveZero(position.size) ? [] : [position.id],
        walletBalance: isolated ? undefined : model.portfolio.account.walletBalance.plus(realized),
      })
      return isolated ? variant.setup(position.id).pool : variant.cross!
    },
  })
}

/**
 * The entry of `recent` (the latest used first) that `matches`, moved to the front: the cross positions of a market
 * share one start between the isolated positions' own, and it stays while fewer than four others come between.
 */
function recentHit<T>(recent: T[], matches: (entry: T) => boolean): T | undefined {
  const at = recent.findIndex(matches)
  if (at < 0) return undefined
  const entry = recent[at]!
  if (at > 0) {
    recent.splice(at, 1)
    recent.unshift(entry)
  }
  return entry
}

/** `entry` first in `recent`, which keeps the four latest used. */
function keepRecent<T>(recent: T[], entry: T): void {
  recent.unshift(entry)
  if (recent.length > 4) recent.pop()
}

/**
 * The last sides of each stressed book centred, and where: the positions of one market that liquidate at one price
 * walk the same levels (longs the bids, shorts the asks, each side at its own mid), whose moved prices are read once.
 */
const lastCentred = new WeakMap<Book, { mid: Decimal; side: 'bids' | 'asks'; levels: BookSide }[]>()

/** One side of the stressed book moved as a block so its mid sits at `mid` (gaps and sizes kept, levels at a price ≤ 0 dropped), read lazily. */
export function centredOnce(stressed: Book, mid: Decimal, side: OrderSide): BookSide {
  const hit = side === 'buy' ? 'asks' : 'bids'
  let recent = lastCentred.get(stressed)
  if (!recent) {
    recent = []
    lastCentred.set(stressed, recent)
  }
  const known = recentHit(recent, (c) => c.side === hit && compare(c.mid, mid) === 0)
  if (known) return known.levels
  const levels = BookSide.of(stressed[hit]).movedBy(mid.minus(midPrice(stressed) ?? mid))
  keepRecent(recent, { mid, side: hit, levels })
  return levels
}

/** The levels a book stage may take and the extension it may use. */
interface StageBook {
  levels: BookSide
  extension: BookExtension | undefined
}

/** What a forced exit reads before its size: the same for every position of one side of a market that starts at one price. */
interface ExitStart extends StageBook {
  /** One σ over the stress latency at the start; null without volatility. */
  latencyMove: Decimal | null
  bookMid: Decimal
  /** The stages limited at a price so far (see limitedTo), the latest first. */
  limited: ({ limit: Decimal } & StageBook)[]
}

/** The last starts of each market's exits and what they were for (the liquidation paths go market by market). */
const lastExitStarts = new WeakMap<Market, { stress: Stress; side: OrderSide; trigger: Decimal; maxSigma: Decimal | undefined; start: ExitStart }[]>()

/** The start of an exit from `trigger` on `side` (see ExitStart), computed once for the positions that share it. */
function exitStart(input: ExitInput, side: OrderSide): ExitStart {
  const { market, trigger, stress } = input
  const maxSigma = input.bookExtensionMaxSigma
  let recent = lastExitStarts.get(market)
  if (!recent) {
    recent = []
    lastExitStarts.set(market, recent)
  }
  const known = recentHit(recent, (r) => r.side === side && r.stress === stress && r.maxSigma === maxSigma && compare(r.trigger, trigger) === 0)
  if (known) return known.start
  const latencyMove = market.volatility ? latencyPriceStd({ mid: trigger, volatility: market.volatility, latencyMs: stress.latencyMs }) : null
  const bookMid = largerOf(trigger.minus(latencyMove?.mul(side === 'sell' ? 1 : -1) ?? ZERO), trigger.mul(PRICE_FLOOR))
  const levels = centredOnce(stressedBook(market.book!, stress), bookMid, side)
  const extension = maxSigma ? bookExtension(bookMid, market.volatility, maxSigma) : undefined
  const start = { latencyMove, bookMid, levels, extension, limited: [] }
  keepRecent(recent, { stress, side, trigger, maxSigma, start })
  return start
}

/** The start's book for a stage limited at `limit` (null: unlimited): the levels no worse than it, and its extension. */
function limitedTo(start: ExitStart, side: OrderSide, limit: Decimal | null): StageBook {
  if (!limit) return start
  const known = recentHit(start.limited, (l) => compare(l.limit, limit) === 0)
  if (known) return known
  const levels = start.levels.noWorseThan(side, limit)
  const stage = { limit, levels, extension: stageExtension(start.extension, levels.length < start.levels.length, limit) }
  keepRecent(start.limited, stage)
  return stage
}

/** A position forced out by its venue's procedure from `trigger`, through the market's stressed book (the market must have one). */
export function forceOut(input: ExitInput): ForcedExit {
  const { position, market, trigger, ladder, pool, procedure } = input
  if (!market.book) throw new Error(`market "${market.symbol}" has no book to walk`)
  const positionId = position.id
  const sign = sideSign(position.side)
  const side = exitSide(position.side)
  const start = exitStart(input, side)
  const { latencyMove, bookMid, levels, extension } = start
  // The bankruptcy price bounds the exit of a leg that loses with the pool. The winning leg of a hedge (a long in a
  // market where the pool is net short) closes at a profit as the price moves against the pool: its forced order
  // cannot run past a bankruptcy price that lies on its favourable side, so it walks the book unlimited.
  const winningLeg = (sign === 1) !== (pool.losing === 'down')
  const bankruptcy = winningLeg ? null : pool.bankruptcyPrice
  const feeRate = market.liquidationFee ?? ZERO

  const stages: { step: ExitStep; walk: BookWalk | null }[] = []
  let remaining = position.size
  let backstopPrice: Decimal | null = null
  let restored = false
  const bookStage = (kind: ExitStep['kind'], limit: Decimal | null): void => {
    const stage = limitedTo(start, side, limit)
    const walk = walkBookFromTop(stage.levels, remaining, stage.extension)
    stages.push({ step: { kind, size: remaining, filled: walk.filled, price: walk.vwap, limit, killed: false }, walk })
    remaining = remaining.minus(walk.filled)
  }

  switch (procedure) {
    case 'single-market-order':
      bookStage('market', null)
      break
    case 'reduce-then-takeover':
    case 'fillable-price':
      bookStage('reduce', bankruptcy)
      break
    case 'book-then-backstop':
      backstopPrice = bankruptcy && (pool.priceAtShare(BACKSTOP_SHARE) ?? bankruptcy)
      bookStage('market', backstopPrice ?? bankruptcy)
      break
    case 'insurance-fund-share':
      // Paradex: the insurance fund takes the positions, a share at a time; here the whole position as the worst case
      // (the trader's share-by-share path is risk-model's liquidation steps, docs/risk-models.md).
      break
    case 'tier-step-down': {
      const result = stepDown({ position, pool, ladder, stage: limitedTo(start, side, bankruptcy), trigger, bankruptcy, feeRate })
      stages.push(...result.stages)
      remaining = result.remaining
      restored = result.restored
      break
    }
  }

  const bookFilled = sumOf(stages, (s) => (s.walk ? s.step.filled : ZERO))
  const bookExtended = sumOf(stages, (s) => s.walk?.extended ?? ZERO)
  const bookCost = sumOf(stages, (s) => s.walk?.cost ?? ZERO)
  // One book stage (most procedures) has the VWAP of its walk, which is these sums' quotient already.
  const only = stages.length === 1 ? stages[0]!.walk : null
  const bookVwap = only ? only.vwap : aboveZero(bookFilled) ? bookCost.div(bookFilled) : null
  const feeCharged = bookCost.mul(feeRate)
  const takenOver = restored ? ZERO : remaining
  if (aboveZero(takenOver)) {
    const kind = procedure === 'book-then-backstop' ? 'backstop' : 'takeover'
    stages.push({ step: { kind, size: takenOver, filled: takenOver, price: bankruptcy, limit: null, killed: false }, walk: null })
  }
  const lastTrade = [...stages].reverse().find((s) => s.walk && aboveZero(s.walk.filled))?.walk?.worstPrice ?? null

  // What the forced orders leave of the margin before the fee. The venue takes its liquidation fee only out of what
  // is left (the rest goes unpaid to the insurance fund): a fee larger than the margin left is not a loss beyond
  // bankruptcy, only trading past zero margin is.
  const beforeFee = pool.balance.plus(bookCost.minus(bookFilled.mul(trigger)).mul(sign))
  const liquidationFee = smallerOf(feeCharged, largerOf(ZERO, beforeFee))
  let marginLeft = beforeFee.minus(liquidationFee)
  let beyondBankruptcy = ZERO
  let takeoverLoss = ZERO
  let beyondBook = ZERO
  if (aboveZero(takenOver)) {
    // The fund unwinds what it took over into what the forced orders left of the stressed book.
    const whole = walkBookFromTop(levels, bookFilled.plus(takenOver), extension)
    const unwound = whole.filled.minus(bookFilled)
    if (bankruptcy) takeoverLoss = largerOf(ZERO, unwound.mul(bankruptcy).minus(whole.cost.minus(bookCost)).mul(sign))
    beyondBook = whole.unfilled
    marginLeft = ZERO
  } else if (belowZero(marginLeft)) {
    beyondBankruptcy = marginLeft.neg()
    marginLeft = ZERO
  }
  const closed = bookFilled.plus(takenOver)
  const closedValue = aboveZero(takenOver) ? (bankruptcy ? bookCost.plus(takenOver.mul(bankruptcy)) : null) : bookCost
  // Nothing taken over: everything closed is the book's, at its VWAP (bookFilled + 0 is bookFilled).
  const expectedFill = takenOver.isZero() ? bookVwap : closedValue && aboveZero(closed) ? closedValue.div(closed) : null
  return {
    positionId,
    symbol: market.symbol,
    procedure,
    size: position.size,
    triggerPrice: trigger,
    latencyMove,
    bookMid,
    bankruptcyPrice: pool.bankruptcyPrice,
    backstopPrice,
    steps: stages.map((s) => s.step),
    bookFilled,
    bookExtended,
    bookCost,
    bookVwap,
    takenOver,
    remaining: restored ? remaining : ZERO,
    expectedFill,
    liquidationFee,
    feeUnpaid: feeCharged.minus(liquidationFee),
    marginBefore: pool.balance,
    marginLeft,
    beyondBankruptcy,
    takeoverLoss,
    beyondBook,
    wiped: aboveZero(takenOver) || aboveZero(beyondBankruptcy),
    priceLeftBehind: lastTrade ?? trigger,
  }
}

/**
 * Σ `term` over the stages, from zero: the sum `stages.reduce((sum, s) => sum.plus(term(s)), ZERO)` without its
 * additions to zero (0 + x is x, a zero of either sign +0), so that one stage's sum is its term itself.
 */
function sumOf<T>(stages: readonly T[], term: (stage: T) => Decimal): Decimal {
  let sum = ZERO
  for (const stage of stages) {
    const x = term(stage)
    sum = sum.isZero() ? (x.isZero() ? ZERO : x) : sum.plus(x)
  }
  return sum
}

/**
 * Bybit-style partial liquidation: while the position is above the ladder's first tier, a fill-or-kill
 * reduce order (limit: the bankruptcy price) brings its notional at the trigger price down to the next lower
 * tier's cap; after each fill the pool is re-evaluated at the price the orders leave behind, and the procedure
 * stops once it is above maintenance there. A killed order, or the first tier reached still below maintenance,
 * leaves the rest to the takeover.
 */
function stepDown(options: {
  position: Position
  pool: ExitPool
  ladder: Ladder
  /** The stressed book the reduce orders may take, limited at the bankruptcy price, and its extension. */
  stage: StageBook
  trigger: Decimal
  bankruptcy: Decimal | null
  feeRate: Decimal
}): { stages: { step: ExitStep; walk: BookWalk | null }[]; remaining: Decimal; restored: boolean } {
  const { position, pool, ladder, trigger, bankruptcy, feeRate } = options
  const { extension } = options.stage
  let levels = options.stage.levels
  // The reduce orders walk what the earlier ones left, so the extension stays the stage's first book's, less what they took of it.
  const calibratedOn = levels
  let taken = ZERO
  const stages: { step: ExitStep; walk: BookWalk | null }[] = []
  let remaining = position.size
  let closedSize = ZERO
  let closedCost = ZERO
  // Each step brings the position to the cap of the tier below at the trigger price: the tier is counted down, not
  // re-read from size × trigger (which can land a hair over that cap at the 40th digit and ask for a step of 0).
  let leftAt = trigger
  for (let tier = tierFor(ladder, remaining.mul(trigger)).tier.number; tier > 1; tier--) {
    const reduce = remaining.minus(ladder.tiers[tier - 2]!.cap.div(trigger))
    const walk = walkBook(levels, reduce, extension && { ...extension, calibratedOn, taken })
    if (aboveZero(walk.unfilled)) {
      stages.push({ step: { kind: 'reduce', size: reduce, filled: ZERO, price: null, limit: bankruptcy, killed: true }, walk: null })
      return { stages, remaining, restored: false }
    }
    stages.push({ step: { kind: 'reduce', size: reduce, filled: reduce, price: walk.vwap, limit: bankruptcy, killed: false }, walk })
    levels = walk.after
    taken = taken.plus(walk.extended)
    remaining = remaining.minus(reduce)
    closedSize = closedSize.plus(reduce)
    closedCost = closedCost.plus(walk.cost)
    // Re-evaluated where the orders leave the market: a step whose own impact takes the position back past
    // maintenance (over the tier's cap again) has not restored it, and the procedure steps down further.
    leftAt = walk.worstPrice ?? leftAt
    if (!pool.liquidatedAfter(closedSize, closedCost, closedCost.mul(feeRate), leftAt)) return { stages, remaining, restored: true }
  }
  return { stages, remaining, restored: false }
}
