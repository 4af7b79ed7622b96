// Why a position's liquidation price and distance moved between two snapshots: the inputs are changed from the
// old snapshot's to the new one's one group at a time, in the fixed order of STEPS, and the position is
// re-solved after each change. Each component is the difference between two consecutive states, so the
// components add up to the total by construction; the chain's values are rounded to a fixed number of
// decimals before they are differenced, so the sum is exact in the output too (docs/diff.md).
import { Decimal, ZERO } from '../decimal.js'
import { nextAtProblem } from '../funding/schedule.js'
import { summarizeFunding } from '../funding/cashflow.js'
import { MarginModel, type PositionMargin, positionMarginOf } from '../margin/index.js'
import { type Market, type Portfolio, type Position, sideSign } from '../model.js'
import { type Each, mapTuple } from '../tuple.js'

/** The attribution order: each step changes the inputs it names from old to new, every earlier step's kept. */
export const STEPS = ['price', 'funding', 'margin', 'size', 'ladder', 'others', 'fees'] as const
export type Step = (typeof STEPS)[number]
/** One value per step, in the order of STEPS. */
export type PerStep<T> = Each<typeof STEPS, T>

/** What each step changes, in the words of docs/diff.md. */
export const STEP_TITLES: Record<Step, string> = {
  price: "trigger price: the position's market's prices and liquidation reference",
  funding: 'funding settled between the snapshots (estimated from the old schedule)',
  margin: 'margin added or removed: the rest of the collateral change (deposits, withdrawals, realized PnL)',
  size: "the position's own terms: size, entry price, side, leverage, margin mode",
  ladder: "the market's maintenance ladder (tiers, mmr, amounts) and its other settings",
  others: 'the other positions, markets and orders (in a cross account: their PnL, size and margin)',
  fees: 'trading fees paid (estimated), fee rates and venue rules: the new snapshot itself',
}

/** Differences and sums of chain values, wide enough to be exact whatever the values' digits. */
export const WIDE = Decimal.clone({ precision: 120 })

/** Digits after the point of a distance (a fraction): 1e-8, a millionth of a percent. */
export const DISTANCE_DECIMALS = 8
/** Significant digits of a liquidation price, counted on the scale of the old trigger price. */
export const PRICE_DIGITS = 10

/** One state of the chain: the position's figures after the steps up to `step`. */
export interface ChainState {
  step: 'old' | Step
  /** Rounded (see PRICE_DIGITS); null when there is no liquidation price (see `floor`). */
  liquidation: Decimal | null
  /** Rounded to DISTANCE_DECIMALS; null with the liquidation price. */
  distance: Decimal | null
  /** A long whose margin covers it down to a zero price: valued at a liquidation price of 0 (distance 100%). */
  floor: boolean
  /** The trigger price of the state. */
  trigger: Decimal
}

export interface AttributionComponent {
  step: Step
  /** Null when either neighbouring state has no value. */
  liquidation: Decimal | null
  distance: Decimal | null
}

export interface Attribution {
  /** Every state has a value, so the components sum to the total. */
  complete: boolean
  /** Why a state has no value (the first such state). */
  reason?: string
  /** The old state, then the state after each step. */
  chain: [ChainState, ...PerStep<ChainState>]
  components: PerStep<AttributionComponent>
  total: { liquidation: Decimal | null; distance: Decimal | null }
  /** The estimates the funding and fees steps apply (positive: paid out of the pool's collateral). */
  estimates: { funding: Decimal; fees: Decimal }
  /** Decimals the liquidation prices were rounded to. */
  priceDecimals: number
}

/** The two snapshots set up once for every position's chain. `next` has the old ids of the positions paired by market and side. */
export interface AttributionContext {
  old: Portfolio
  next: Portfolio
  oldModel: MarginModel
  nextModel: MarginModel
  /** The `others` state: the new snapshot with the old venue and fee rates, and the wallet before the estimated fees. */
  othersModel: MarginModel
  /** Trading fees the size changes cost, at the new mark and taker fee. */
  fees: Decimal
  /** Funding each old position paid between the snapshots (positive: paid). */
  funding: Map<string, Decimal>
  /** Σ funding of the old cross positions. */
  crossFunding: Decimal
}

/** `next` must already carry the old ids of the positions paired with old ones (see pairPositions). */
export function attributionContext(old: Portfolio, next: Portfolio): AttributionContext {
  const funding = new Map<string, Decimal>()
  let crossFunding = ZERO
  for (const position of old.positions) {
    const paid = fundingBetween(old, position, next.asOf)
    funding.set(position.id, paid)
    if (position.marginMode === 'cross') crossFunding = crossFunding.plus(paid)
  }
  const fees = feesBetween(old, next)
  const othersPortfolio: Portfolio = {
    ...next,
    venue: old.venue,
    account: { ...next.account, fees: old.account.fees, walletBalance: next.account.walletBalance.plus(fees) },
  }
  return {
    old,
    next,
    oldModel: MarginModel.of(old),
    nextModel: MarginModel.of(next),
    othersModel: MarginModel.of(othersPortfolio),
    fees,
    funding,
    crossFunding,
  }
}

/**
 * Funding `position` paid (positive) between the old as_of and `until`, on the old snapshot's schedule (rate,
 * forecast, interval), its size and the old funding price; 0 when the market has no usable funding section.
 */
export function fundingBetween(old: Portfolio, position: Position, until: number): Decimal {
  const market = old.markets.get(position.market)
  const funding = market?.funding
  if (!market || !funding || until <= old.asOf) return ZERO
  if (nextAtProblem({ asOf: old.asOf, nextAt: funding.nextAt, intervalMs: funding.intervalMs })) return ZERO
  return summarizeFunding({
    asOf: old.asOf,
    holdMs: until - old.asOf,
    side: position.side,
    quantity: position.size,
    fundingPrice: market.prices[old.venue.fundingPrice],
    rate: funding.rate,
    forecast: funding.forecast,
    nextAt: funding.nextAt,
    intervalMs: funding.intervalMs,
  }).amount
}

/** Σ |signed size new − signed size old| × mark × taker fee (new), over every position of either snapshot (same id). */
export function feesBetween(old: Portfolio, next: Portfolio): Decimal {
  const signed = (p: Position) => p.size.mul(sideSign(p.side))
  const before = new Map(old.positions.map((p) => [p.id, p]))
  const after = new Map(next.positions.map((p) => [p.id, p]))
  let fees = ZERO
  const fee = (symbol: string, traded: Decimal) => {
    const market = next.markets.get(symbol) ?? old.markets.get(symbol)!
    return traded.mul(market.prices.mark).mul(next.account.fees.taker)
  }
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(id)
    const b = after.get(id)
    // The same id in another market is one position closed and another opened.
    if (a && b && a.market !== b.market) fees = fees.plus(fee(a.market, a.size)).plus(fee(b.market, b.size))
    else fees = fees.plus(fee((b ?? a)!.market, (b ? signed(b) : ZERO).minus(a ? signed(a) : ZERO).abs()))
  }
  return fees
}

/**
 * The chain of `positionId` (the same id in both snapshots: the old one). Steps 1–5 are what-ifs on the old
 * model (only the position's market re-derived); `others` and the last state are whole models shared by
 * every position.
 */
export function attribute(context: AttributionContext, positionId: string): Attribution {
  const { old, next, oldModel } = context
  const before = oldModel.setup(positionId).position
  const after = context.nextModel.setup(positionId).position
  const oldMarket = old.markets.get(before.market)!
  const newMarket = next.markets.get(after.market)!
  const priced: Market = { ...oldMarket, prices: newMarket.prices, liquidationTrigger: newMarket.liquidationTrigger }
  const s1 = oldModel.variant({ market: priced })
  const ownFunding = context.funding.get(positionId) ?? ZERO
  const s2 = s1.variant({
    walletBalance: old.account.walletBalance.minus(context.crossFunding),
    positions: before.marginMode === 'isolated' ? [{ ...before, margin: before.margin!.minus(ownFunding) }] : [],
  })
  const bothIsolated = before.marginMode === 'isolated' && after.marginMode === 'isolated'
  const s3 = s2.variant({
    walletBalance: next.account.walletBalance.plus(context.fees),
    positions: bothIsolated ? [{ ...before, margin: after.margin }] : [],
  })
  const s4 = s3.variant({ positions: [after] })
  const s5 = s4.variant({ market: newMarket })
  const models = [
    ['old', oldModel],
    ['price', s1],
    ['funding', s2],
    ['margin', s3],
    ['size', s4],
    ['ladder', s5],
    ['others', context.othersModel],
    ['fees', context.nextModel],
  ] as const
  const oldTrigger = positionMarginOf(oldModel, positionId).triggerPrice
  const priceDecimals = Math.max(0, PRICE_DIGITS - 1 - oldTrigger.e)
  let reason: string | undefined
  const chain = mapTuple(models, ([step, model]): ChainState => {
    const figures = positionMarginOf(model, positionId)
    const state = chainState(step, figures, priceDecimals)
    if (state.liquidation === null && reason === undefined)
      reason = `${step === 'old' ? 'the old snapshot' : `after the ${step} step`}: ${figures.liquidation.reason}`
    return state
  })
  const difference = (a: Decimal | null, b: Decimal | null) => (a === null || b === null ? null : new WIDE(b).minus(a))
  const components = mapTuple(STEPS, (step, i) => ({
    step,
    liquidation: difference(chain[i]!.liquidation, chain[i + 1]!.liquidation),
    distance: difference(chain[i]!.distance, chain[i + 1]!.distance),
  }))
  const first = chain[0]!
  const last = chain[chain.length - 1]!
  return {
    complete: reason === undefined,
    ...(reason !== undefined && { reason }),
    chain,
    components,
    total: { liquidation: difference(first.liquidation, last.liquidation), distance: difference(first.distance, last.distance) },
    estimates: { funding: before.marginMode === 'isolated' ? ownFunding : context.crossFunding, fees: context.fees },
    priceDecimals,
  }
}

function chainState(step: ChainState['step'], figures: PositionMargin, priceDecimals: number): ChainState {
  const { liquidation, triggerPrice: trigger, side } = figures
  let price = liquidation.price
  const floor = price === null && side === 'long' && !liquidation.alreadyPast
  if (floor) price = ZERO
  if (price === null) return { step, liquidation: null, distance: null, floor: false, trigger }
  const distance = price.minus(trigger).div(trigger).mul(-sideSign(side))
  return {
    step,
    liquidation: price.toDecimalPlaces(priceDecimals, Decimal.ROUND_HALF_EVEN),
    distance: distance.toDecimalPlaces(DISTANCE_DECIMALS, Decimal.ROUND_HALF_EVEN),
    floor,
    trigger,
  }
}
