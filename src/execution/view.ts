// The execution figures of a portfolio, computed once: every planned order's book walk, sliced plan and
// fees under latency, every stop's modelled fill against its liquidation price, and each book's depth.
// The checks `slippage`, `fees` and `stop-vs-liquidation` judge these; the JSON records present them.
import { aboveZero, Decimal, ONE, ZERO, toBps } from '../decimal.js'
import type { MarginView } from '../margin/index.js'
import { triggerPrice, type Book, type Market, type Order, type Portfolio, type Position, type Prices, type Reference, type Stop } from '../model.js'
import { bookExtension, depthWithin, levelsHit, midPrice, sizeSensitivity, slippageBps, takerFee, walkBook, type BookWalk } from './book-walk.js'
import { distanceToOppositeBest, estimateFee, type FeeEstimate } from './latency-fees.js'
import { isPassive } from './passive.js'
import { NEVER_REFILLS, smallestSliceCount, walkSliced, type SlicedWalk } from './sliced.js'
import { exitSide, stopFill, triggersNow, type StopFill } from './stop-fill.js'
import { crossingProbability, expectedChangesOf, prepareLattices, ticksAway, touchParameters, type TouchParameters } from './tick-latency.js'
import { computeRates, type RateView } from './throttle.js'
import { scheduleRisk, type ScheduleRisk } from './time-risk.js'
import { oncePer } from '../once.js'
import { dailySigma } from '../volatility.js'

/** The band around the mid in which a book's depth is measured for the thin-book warning: 0.5%. */
export const THIN_BOOK_BAND = new Decimal('0.005')

/** One plan's outcome: a single order's walk, or a sliced plan's children together. */
export interface SlicedResult {
  vwap: Decimal | null
  /** Against the mid; null when nothing fills. */
  slippageBps: Decimal | null
  worstPrice: Decimal | null
  filled: Decimal
  unfilled: Decimal
  /** Σ price × size the plan takes, in quote currency. */
  cost: Decimal
  /** The part of the fill the book's square-root extension gave (0 without volatility, or inside the book). */
  extended: Decimal
}

/** A plan of several children: one estimate with a known refill half-life, both bounds without. */
export type SlicedPlan =
  | { refill: 'known'; halfLifeMs: number; estimate: SlicedResult }
  | { refill: 'unknown'; wholeAgain: SlicedResult; neverRefilled: SlicedResult }

/** What the order's book walk costs. */
export interface OrderSlippage {
  mid: Decimal
  /** The market's liquidation-trigger price. */
  triggerPrice: Decimal
  /** The order as one market order into the snapshot. */
  walk: BookWalk
  /** Single order against the mid; null when nothing fills. */
  slippageBps: Decimal | null
  /** Single order against the trigger price; null when nothing fills. */
  slippageVsTriggerBps: Decimal | null
  /** Taker fee on the walk's cost. */
  takerFee: Decimal
  /** Half the size against the mid, and full ÷ half (null when half is not positive). */
  halfSlippageBps: Decimal | null
  sizeRatio: Decimal | null
  /** Null for a single order (slices = 1). */
  sliced: SlicedPlan | null
  /**
   * The plan as it will run, which the status is judged on: the single order; the sliced estimate; or,
   * with the refill unknown, the never-refilled bound (a checklist does not assume the best case).
   */
  planSlippageBps: Decimal | null
  planUnfilled: Decimal
  /** The plan as it will run, whole: the same plan planSlippageBps judges (never the single order beside a sliced plan). */
  plan: SlicedResult
  /** Taker fee on the plan's cost: on what the plan fills, so an unfilled rest pays nothing. */
  planTakerFee: Decimal
  /** Single-order slippage minus the sliced plan's (the best-case bound when the refill is unknown). */
  slippageSavedBps: Decimal | null
  /** Time risk of the plan's schedule; null without volatility or for a single order. */
  timeRisk: ScheduleRisk | null
  /** Smallest slice count ≤ 32 that brings the slippage to the warn limit or below; see `slicesNeededBasis`. */
  slicesNeeded: number | null
  /** How the slice search refilled the book: the market's half-life at the plan's interval, or whole again. */
  slicesNeededBasis: 'half-life' | 'whole-again'
}

/** The touch over one latency under the tick model (tick-latency.ts). */
export interface TouchCrossing {
  /** δ, the distance from the order's price to the opposite best. */
  distance: Decimal
  /** k = ⌈δ / tick⌉. */
  ticks: number
  /** λ·L, the expected quote changes within the latency. */
  expectedChanges: number
  method: 'lattice' | 'normal'
}

/** Fees of an order at one order-entry latency. */
export interface LatencyFee {
  latencyMs: number
  /** Null for a market order (it pays taker whatever the latency). */
  crossing: TouchCrossing | null
  /** Chance of arriving marketable, P(the touch moved k ticks or more toward the price); 1 for a market order. */
  marketable: Decimal
  estimate: FeeEstimate
}

/** Entry plus exit fee against the margin behind the position. */
export interface RoundTrip {
  entryFee: Decimal
  exitFee: Decimal
  total: Decimal
  margin: Decimal
  /** total ÷ margin. */
  fraction: Decimal
  /** Where the exit is priced: the stop price, the order's own entry notional, or the trigger price now (no stop, or one that triggers now). */
  exitAt: 'stop' | 'entry price' | 'trigger price'
}

export interface OrderFees {
  /** The notional the fees are charged on and where it comes from. */
  notional: Decimal
  notionalSource: 'order price' | 'book walk' | 'sliced book walk' | 'last price'
  makerFee: Decimal
  takerFee: Decimal
  /** At the order's own latency; null when the file gives none or P cannot be computed (`unavailable`). */
  atOrderLatency: LatencyFee | null
  /** At the stress latency (stress.latency); null when P cannot be computed. */
  atStressLatency: LatencyFee | null
  /** Why the taker probability could not be computed (no book, neither quote rate nor volatility), if so. */
  unavailable?: string
  /** The market's tick model; null for a market order or when `unavailable`. */
  touch: TouchParameters | null
  /** Needs the order's leverage (the margin it would post); null without. */
  roundTrip: RoundTrip | null
}

export interface OrderExecution {
  order: Order
  market: Market
  /** Null when the market has no book, or the order is passive (it rests at its limit and walks nothing). */
  slippage: OrderSlippage | null
  fees: OrderFees
  /** A post-only order, or a limit away from the touch: see isPassive. */
  passive: boolean
}

/** A stop's race against liquidation, both measured on the liquidation-trigger reference. */
export interface StopExecution {
  position: Position
  market: Market
  stop: Stop
  liquidationTrigger: Reference
  /** Liquidation reference − stop reference now (0 when they are the same). */
  gap: Decimal
  /** stop price + gap. */
  triggerOnLiquidationReference: Decimal
  liquidationPrice: Decimal | null
  /** Why there is no liquidation price, when there is none. */
  liquidationReason?: string
  /** The position is at or past its liquidation level now. */
  alreadyPast: boolean
  /** The stop's own reference price now (prices[stop.trigger]). */
  stopReferenceNow: Decimal
  /** The stop's reference is already at or past the stop price: it triggers the moment it is placed (see triggersNow). */
  triggersNow: boolean
  /** The move of the liquidation reference that liquidates the position: its pool's losing side (for a hedge-mode leg, maybe not its own). */
  liquidationDirection: 'down' | 'up'
  /** The move that triggers the stop: down for a long's sell stop, up for a short's buy stop. */
  stopDirection: 'down' | 'up'
  /** The stop triggers only on the move away from the liquidation (a hedge leg liquidated on its winning side). */
  stopAwayFromLiquidation: boolean
  /** The stop would trigger only beyond the liquidation price, or never on the way to it; null without a liquidation price. */
  stopBeyondLiquidation: boolean | null
  /** The latency the fill is modelled over (stress.latency). */
  latencyMs: number
  /** Null when the market has no book. */
  fill: StopFill | null
  /** fill.walk.unfilled ÷ position size: the share of the position the book leaves open; null without a book. */
  unfilledShare: Decimal | null
  /** fill.expectedFill + gap. */
  expectedFillOnLiquidationReference: Decimal | null
  /** Taker fee on the expected fill's cost. */
  takerFee: Decimal | null
  /** Margin balance of the position's pool at the fill price, less the taker fee. */
  marginAfterFill: Decimal | null
  /** Maintenance margin of the pool at the fill price. */
  maintenanceAtFill: Decimal | null
  fillBeyondLiquidation: boolean | null
  belowMaintenanceAfterFill: boolean | null
  /** ± (fill − liquidation) ÷ fill in the liquidating direction, in bps, both on the liquidation reference; null when the stop is away from it. */
  bufferBps: Decimal | null
  /** The buffer in daily standard deviations (σ / √365); null without volatility. */
  bufferSigma: Decimal | null
}

export interface LargestOnSide {
  subject: string
  size: Decimal
}

/** Depth within 0.5% of the mid against the largest order or position that would take it. */
export interface MarketDepth {
  market: Market
  mid: Decimal
  bidDepth: Decimal
  askDepth: Decimal
  /** Largest sell order or long position (a long closes into the bids); null when none. */
  largestOnBids: LargestOnSide | null
  /** Largest buy order or short position; null when none. */
  largestOnAsks: LargestOnSide | null
  thin: boolean
}

export interface ExecutionView {
  /** By order id. */
  orders: Map<string, OrderExecution>
  /** By position id: positions with a stop. */
  stops: Map<string, StopExecution>
  /** By position id: every position. */
  roundTrips: Map<string, RoundTrip>
  /** By market symbol: markets with a book and at least one order or position. */
  depth: Map<string, MarketDepth>
  /** Sliced plans and stops through the order-rate limits. */
  rates: RateView
}

/** Computes every execution figure of `portfolio` once; `margin` supplies liquidation prices and margins. */
export function computeExecution(portfolio: Portfolio, margin: MarginView): ExecutionView {
  const { orders, stops } = ordersAndStops(portfolio, margin)
  const roundTrips = new Map<string, RoundTrip>()
  for (const position of portfolio.positions) {
    const positionMargin = margin.positions.get(position.id)
    if (positionMargin) roundTrips.set(position.id, positionRoundTrip(portfolio, position, position.margin ?? positionMargin.initialMargin))
  }
  const depth = new Map<string, MarketDepth>()
  const takers = largestTakers(portfolio)
  for (const market of portfolio.markets.values()) {
    const measured = marketDepth(market, takers.get(market.symbol))
    if (measured) depth.set(market.symbol, measured)
  }
  // The stops' walks at the stress latency's book and size are the rate view's too: walked once.
  const walks = new Map([...stops].map(([id, stop]) => [id, stop.fill]))
  return { orders, stops, roundTrips, depth, rates: computeRates(portfolio, walks) }
}

/** The planned orders' and the stops' figures alone (what the stress costs re-run on the stressed books). */
export function ordersAndStops(portfolio: Portfolio, margin: MarginView): Pick<ExecutionView, 'orders' | 'stops'> {
  const orders = new Map(portfolio.orders.map((order) => [order.id, orderExecution(portfolio, order)]))
  const stops = new Map<string, StopExecution>()
  for (const position of portfolio.positions) if (position.stop) stops.set(position.id, stopExecution(portfolio, margin, position, position.stop))
  return { orders, stops }
}

function marketOf(portfolio: Portfolio, symbol: string): Market {
  const market = portfolio.markets.get(symbol)
  if (!market) throw new Error(`market "${symbol}" is not defined`)
  return market
}

function orderExecution(portfolio: Portfolio, order: Order): OrderExecution {
  const market = marketOf(portfolio, order.market)
  const passive = isPassive(order, market)
  const slippage = market.book && !passive ? orderSlippage(portfolio, order, market, market.book) : null
  return { order, market, slippage, fees: orderFees(portfolio, order, market, slippage), passive }
}

function slicedResult(walk: SlicedWalk | BookWalk, order: Order, mid: Decimal): SlicedResult {
  const { vwap, worstPrice, filled, unfilled, cost, extended } = walk
  return { vwap, slippageBps: vwap && slippageBps(order.side, vwap, mid), worstPrice, filled, unfilled, cost, extended }
}

function orderSlippage(portfolio: Portfolio, order: Order, market: Market, book: Book): OrderSlippage {
  const mid = midPrice(book)!
  const levels = levelsHit(book, order.side)
  const extension = bookExtension(mid, market.volatility, portfolio.thresholds.book_extension_max_sigma)
  const walk = walkBook(levels, order.size, extension)
  const { full: single, half: halfSlippage, ratio } = sizeSensitivity({ levels, size: order.size, side: order.side, reference: mid, extension })
  const trigger = triggerPrice(market)

  const plan = { levels, size: order.size, slices: order.slices, intervalMs: order.intervalMs, extension }
  const halfLife = book.refillHalfLifeMs
  let sliced: SlicedPlan | null = null
  if (order.slices > 1) {
    sliced =
      halfLife === undefined
        ? {
            refill: 'unknown',
            wholeAgain: slicedResult(walkSliced({ ...plan, halfLifeMs: 0 }), order, mid),
            neverRefilled: slicedResult(walkSliced({ ...plan, halfLifeMs: NEVER_REFILLS }), order, mid),
          }
        : { refill: 'known', halfLifeMs: halfLife, estimate: slicedResult(walkSliced({ ...plan, halfLifeMs: halfLife }), order, mid) }
  }
  const judged = sliced === null ? slicedResult(walk, order, mid) : sliced.refill === 'known' ? sliced.estimate : sliced.neverRefilled
  const best = sliced === null ? null : sliced.refill === 'known' ? sliced.estimate : sliced.wholeAgain

  // The slice search: at the plan's interval with the market's half-life; a single order has no interval
  // and an unknown refill has no estimate, so those search with the book whole again before each child.
  const searchHalfLife = order.slices > 1 && halfLife !== undefined ? halfLife : 0
  const limit = portfolio.thresholds.slippage_warn_bps
  const over = judged.slippageBps === null || judged.slippageBps.gt(limit) || judged.unfilled.gt(0)
  const slicesNeeded = over
    ? smallestSliceCount({
        levels,
        size: order.size,
        side: order.side,
        reference: mid,
        intervalMs: order.intervalMs,
        halfLifeMs: searchHalfLife,
        limitBps: limit,
        extension,
      })
    : null

  return {
    mid,
    triggerPrice: trigger,
    walk,
    slippageBps: single,
    slippageVsTriggerBps: walk.vwap && slippageBps(order.side, walk.vwap, trigger),
    takerFee: takerFee(walk.cost, portfolio.account.fees.taker),
    halfSlippageBps: halfSlippage,
    sizeRatio: ratio,
    sliced,
    planSlippageBps: judged.slippageBps,
    planUnfilled: judged.unfilled,
    plan: judged,
    planTakerFee: takerFee(judged.cost, portfolio.account.fees.taker),
    slippageSavedBps: single && best?.slippageBps ? single.minus(best.slippageBps) : null,
    timeRisk:
      market.volatility && order.slices > 1 ? scheduleRisk({ volatility: market.volatility, slices: order.slices, intervalMs: order.intervalMs }) : null,
    slicesNeeded,
    slicesNeededBasis: searchHalfLife === 0 ? 'whole-again' : 'half-life',
  }
}

function orderFees(portfolio: Portfolio, order: Order, market: Market, slippage: OrderSlippage | null): OrderFees {
  const fees = portfolio.account.fees
  const { notional, notionalSource } = feeNotional(order, market, slippage)
  const mid = market.book && midPrice(market.book)
  const touch = order.type !== 'market' && market.book && mid ? touchOf(market, market.book, mid) : null
  const away = touch && typeof touch !== 'string' && order.type !== 'market' ? ticksToCross(order, market, touch) : null
  const at = (latencyMs: number): LatencyFee | null => {
    if (order.type === 'market')
      return { latencyMs, crossing: null, marketable: ONE, estimate: estimateFee({ type: order.type, notional, fees, marketable: ONE }) }
    if (!away || !touch || typeof touch === 'string') return null
    const { distance, ticks } = away
    const { probability, expectedChanges, method } = crossingProbability({ ticks, quoteRate: touch.quoteRate, latencyMs })
    const marketable = new Decimal(probability)
    return {
      latencyMs,
      crossing: { distance, ticks, expectedChanges, method },
      marketable,
      estimate: estimateFee({ type: order.type, notional, fees, marketable }),
    }
  }
  const unavailable =
    order.type === 'market' ? undefined : !market.book ? 'the market has no book (no opposite best)' : typeof touch === 'string' ? touch : undefined
  const [orderLatency, stressLatency] = feeLatencies(portfolio, order)
  const atOrderLatency = orderLatency === null ? null : at(orderLatency)
  const atStressLatency = at(stressLatency)
  const entry = (atOrderLatency ?? atStressLatency)?.estimate.expectedFee ?? notional.times(fees.taker)
  const roundTrip = order.leverage
    ? roundTripOf({ entryFee: entry, exitFee: notional.times(fees.taker), margin: notional.div(order.leverage), exitAt: 'entry price' })
    : null
  return {
    notional,
    notionalSource,
    makerFee: notional.times(fees.maker),
    takerFee: notional.times(fees.taker),
    atOrderLatency,
    atStressLatency,
    unavailable,
    touch: touch && typeof touch !== 'string' ? touch : null,
    roundTrip,
  }
}

/** The latencies an order's fees are computed at: its own (null when the file gives none), then the stress latency. */
function feeLatencies(portfolio: Portfolio, order: Order): [number | null, number] {
  return [order.latencyMs ?? null, portfolio.stress.latencyMs]
}

/** δ, a limit order's distance from the opposite best, and k = ⌈δ / tick⌉; null without a price or a book. */
function ticksToCross(order: Order, market: Market, touch: TouchParameters): Pick<TouchCrossing, 'distance' | 'ticks'> | null {
  if (!order.price || !market.book) return null
  const oppositeBest = levelsHit(market.book, order.side).price(0)
  const distance = distanceToOppositeBest({ side: order.side, limitPrice: order.price, oppositeBest })
  return { distance, ticks: ticksAway(distance, touch.tick) }
}

/**
 * Each book's tick model, worked out once for all the orders of its market (inferring the tick reads every level of
 * the book): by book, so that the stressed market of the stress costs, a copy of the market with its stressed book,
 * finds the model prepareExecution worked out for it. `of` is the market the model was computed for: a market of the
 * same book is given the model only when it has the same prices, tick and rates.
 */
const touches = new WeakMap<Book, { of: Market; touch: TouchParameters | string }>()

/** touchParameters of `market` (whose book is `book`) at the book's `mid`: the same for every order of the market. */
function touchOf(market: Market, book: Book, mid: Decimal): TouchParameters | string {
  const known = touches.get(book)
  if (known && sameTouchInputs(known.of, market)) return known.touch
  const touch = touchParameters(market, mid)
  touches.set(book, { of: market, touch })
  return touch
}

function sameTouchInputs(a: Market, b: Market): boolean {
  return a.prices === b.prices && a.tick === b.tick && a.tickGiven === b.tickGiven && a.quoteRate === b.quoteRate && a.volatility === b.volatility
}

/**
 * Starts the tick lattices the orders of `portfolios` will ask for (the portfolio, and the stressed market when the
 * stress view will be computed), in the order orderFees asks: each order at its own latency, then at the stress
 * latency. The run reads the same figures whether or not they were prepared (tick-latency.ts, prepareLattices).
 */
export function prepareExecution(portfolios: readonly Portfolio[]): void {
  const keys: number[] = []
  for (const portfolio of portfolios) {
    const models = new Map<Market, TouchParameters | null>()
    const modelOf = (market: Market): TouchParameters | null => {
      let model = models.get(market)
      if (model === undefined) {
        const mid = market.book && midPrice(market.book)
        const touch = market.book && mid ? touchOf(market, market.book, mid) : null
        model = typeof touch === 'string' ? null : touch
        models.set(market, model)
      }
      return model
    }
    for (const order of portfolio.orders) {
      const market = portfolio.markets.get(order.market)
      const touch = market && order.type !== 'market' ? modelOf(market) : null
      const away = market && touch ? ticksToCross(order, market, touch) : null
      if (!touch || !away || away.ticks <= 0) continue
      for (const latencyMs of feeLatencies(portfolio, order)) if (latencyMs !== null) keys.push(expectedChangesOf(touch.quoteRate, latencyMs))
    }
  }
  prepareLattices(keys)
}

/**
 * Limit and post-only orders trade at their price; a market order at the cost of the plan the slippage check
 * judges (one walk, or its slices) when the book fills it, else at the last price.
 */
function feeNotional(order: Order, market: Market, slippage: OrderSlippage | null): Pick<OrderFees, 'notional' | 'notionalSource'> {
  if (order.price) return { notional: order.size.times(order.price), notionalSource: 'order price' }
  if (slippage?.plan.unfilled.isZero()) return { notional: slippage.plan.cost, notionalSource: order.slices > 1 ? 'sliced book walk' : 'book walk' }
  return { notional: order.size.times(market.prices.last), notionalSource: 'last price' }
}

function roundTripOf(parts: Pick<RoundTrip, 'entryFee' | 'exitFee' | 'margin' | 'exitAt'>): RoundTrip {
  const total = parts.entryFee.plus(parts.exitFee)
  return { ...parts, total, fraction: total.div(parts.margin) }
}

/**
 * A position's round trip: entry at the entry price and exit at the stop (or, without one, at the trigger
 * price now), both as taker: the file does not say how the position was entered, and a stop exits as taker.
 */
function positionRoundTrip(portfolio: Portfolio, position: Position, margin: Decimal): RoundTrip {
  const taker = portfolio.account.fees.taker
  const market = marketOf(portfolio, position.market)
  const stop = position.stop
  // A stop that triggers now exits at the market now, not at a stop price the market is already past.
  const atStop = stop !== undefined && !triggersNow(position.side, stop.price, market.prices[stop.trigger])
  return roundTripOf({
    entryFee: position.size.times(position.entryPrice).times(taker),
    exitFee: position.size.times(atStop ? stop.price : triggerPrice(market)).times(taker),
    margin,
    exitAt: atStop ? 'stop' : 'trigger price',
  })
}

function stopExecution(portfolio: Portfolio, margin: MarginView, position: Position, stop: Stop): StopExecution {
  const market = marketOf(portfolio, position.market)
  const liquidationTrigger = market.liquidationTrigger
  const gap = referenceGap(market.prices, liquidationTrigger, stop.trigger)
  const triggerOnLiquidationReference = stop.price.plus(gap)
  const liquidation = margin.positions.get(position.id)?.liquidation
  const liquidationPrice = liquidation?.price ?? null
  // The side that liquidates: where the pool's net exposure loses (a hedge-mode leg can be liquidated on its winning side).
  const liquidationDirection = liquidation?.direction ?? (position.side === 'long' ? 'down' : 'up')
  const stopDirection = position.side === 'long' ? 'down' : 'up'
  const sign = liquidationDirection === 'down' ? 1 : -1
  /** True when `price` is at or beyond the liquidation price in the direction that liquidates: (price − liquidation) × sign ≤ 0. */
  const beyond = (price: Decimal) => (liquidationPrice ? (sign === 1 ? price.lte(liquidationPrice) : price.gte(liquidationPrice)) : null)
  /** The stop triggers on the move away from the liquidation, so it never triggers on the way there. */
  const stopAway = liquidationPrice !== null && stopDirection !== liquidationDirection
  const latencyMs = portfolio.stress.latencyMs
  const stopReferenceNow = market.prices[stop.trigger]
  const now = triggersNow(position.side, stop.price, stopReferenceNow)

  const fill = market.book
    ? stopFill({
        book: market.book,
        side: position.side,
        size: position.size,
        stopPrice: stop.price,
        triggersNow: now,
        latencyMs,
        volatility: market.volatility,
        maxSigma: portfolio.thresholds.book_extension_max_sigma,
      })
    : null
  const fillOnLiquidation = fill?.expectedFill ? fill.expectedFill.plus(gap) : null
  const fee = fill?.expectedCost ? fill.expectedCost.times(portfolio.account.fees.taker) : null

  let marginAfterFill: Decimal | null = null
  let maintenanceAtFill: Decimal | null = null
  if (fillOnLiquidation && fee && aboveZero(fillOnLiquidation)) {
    const pool = margin.model.poolAt(margin.model.setup(position.id), fillOnLiquidation)
    marginAfterFill = pool.balance.minus(fee)
    maintenanceAtFill = pool.requirement
  }
  const buffer = fillOnLiquidation && liquidationPrice && !stopAway ? signed(fillOnLiquidation.minus(liquidationPrice), sign).div(fillOnLiquidation) : null
  const dailyStd = market.volatility ? dailySigmaOnce(market.volatility) : null

  return {
    position,
    market,
    stop,
    liquidationTrigger,
    gap,
    triggerOnLiquidationReference,
    liquidationPrice,
    liquidationReason: liquidation?.reason,
    alreadyPast: liquidation?.alreadyPast ?? false,
    stopReferenceNow,
    triggersNow: now,
    liquidationDirection,
    stopDirection,
    stopAwayFromLiquidation: stopAway,
    stopBeyondLiquidation: stopAway || beyond(triggerOnLiquidationReference),
    latencyMs,
    fill,
    // 0 ÷ size is 0: most stops fill whole, and a division is the dearest of the operations.
    unfilledShare: fill ? (fill.walk.unfilled.isZero() ? ZERO : fill.walk.unfilled.div(position.size)) : null,
    expectedFillOnLiquidationReference: fillOnLiquidation,
    takerFee: fee,
    marginAfterFill,
    maintenanceAtFill,
    fillBeyondLiquidation: fillOnLiquidation ? beyond(fillOnLiquidation) : null,
    belowMaintenanceAfterFill: marginAfterFill && maintenanceAtFill ? marginAfterFill.lte(maintenanceAtFill) : null,
    bufferBps: buffer && toBps(buffer),
    bufferSigma: buffer && dailyStd && !dailyStd.isZero() ? buffer.div(dailyStd) : null,
  }
}

/** prices[to] − prices[from], once per market's prices and pair of references: its stops share it (the stressed copy too). */
function referenceGap(prices: Prices, to: Reference, from: Reference): Decimal {
  const byPair = referenceGaps(prices)
  const pair = `${to} ${from}`
  let gap = byPair.get(pair)
  if (gap === undefined) {
    gap = prices[to].minus(prices[from])
    byPair.set(pair, gap)
  }
  return gap
}

const referenceGaps = oncePer((_prices: Prices) => new Map<string, Decimal>())

/** `value` × `sign` (±1): the value or its negation, the same Decimal without a multiplication. */
function signed(value: Decimal, sign: 1 | -1): Decimal {
  return sign === 1 ? value : value.neg()
}

/** The daily σ per volatility: a market's stops share it. */
const dailySigmaOnce = oncePer(dailySigma)

/** The largest order or position of each market that would take each side: sells and longs the bids, buys and shorts the asks (the first of equal sizes). */
function largestTakers(portfolio: Portfolio): Map<string, Pick<MarketDepth, 'largestOnBids' | 'largestOnAsks'>> {
  const largest = new Map<string, Pick<MarketDepth, 'largestOnBids' | 'largestOnAsks'>>()
  const take = (symbol: string, onBids: boolean, subject: string, size: Decimal) => {
    let market = largest.get(symbol)
    if (!market) {
      market = { largestOnBids: null, largestOnAsks: null }
      largest.set(symbol, market)
    }
    const key = onBids ? 'largestOnBids' : 'largestOnAsks'
    const max = market[key]
    if (max === null || size.gt(max.size)) market[key] = { subject, size }
  }
  for (const order of portfolio.orders) take(order.market, order.side === 'sell', order.id, order.size)
  for (const position of portfolio.positions) take(position.market, exitSide(position.side) === 'sell', position.id, position.size)
  return largest
}

function marketDepth(market: Market, takers: Pick<MarketDepth, 'largestOnBids' | 'largestOnAsks'> | undefined): MarketDepth | null {
  if (!market.book || !takers) return null
  const mid = midPrice(market.book)!
  const { largestOnBids, largestOnAsks } = takers
  const bidDepth = depthWithin(market.book.bids, mid, THIN_BOOK_BAND)
  const askDepth = depthWithin(market.book.asks, mid, THIN_BOOK_BAND)
  const thin = Boolean((largestOnBids && bidDepth.lt(largestOnBids.size)) || (largestOnAsks && askDepth.lt(largestOnAsks.size)))
  return { market, mid, bidDepth, askDepth, largestOnBids, largestOnAsks, thin }
}
