// Every position's ladder tier, maintenance and initial margin, liquidation and bankruptcy prices, computed
// once from the validated portfolio, plus the account view of the cross pool and re-evaluation at any price
// vector. The venue rules (close-fee reserve, fee in the rate, derived rates) are applied here and only here.
import { Decimal, ONE, ZERO } from '../decimal.js'
import { type LadderTier, type MarginMode, type Market, type Portfolio, type Position, type PositionSide, sideSign, triggerPrice } from '../model.js'
import { headroom, resolveLadder, tierFor, type Ladder, type Tier } from './ladder.js'
import { oncePer } from '../once.js'
import {
  bankruptcyPrice,
  Exposure,
  exposuresOf,
  holdsPositions,
  legMaintenance,
  liquidatable,
  losingDirection,
  type Leg,
  type Pool,
  type PoolTotals,
  type PriceOf,
  poolTotals,
  type Solution,
  solvePrice,
  tierBoundaryPrices,
  unrealizedPnl,
} from './pool.js'

/**
 * Where the leverage used for initial margin and the max-leverage test comes from:
 * `file` – the position's `leverage`; `margin` – isolated without `leverage`: entry notional ÷ posted margin;
 * `tier-max` – cross without `leverage`: the current tier's max leverage (the least margin the venue accepts).
 */
export type LeverageSource = 'file' | 'margin' | 'tier-max'

/** A liquidation (or warning-level) price and the tier it was found in. */
export interface PriceLevel {
  /** Null when no positive price reaches the level; `reason` says why. */
  price: Decimal | null
  reason?: string
  /** The position's tier at that price (the tier used to solve for it). */
  tier: Tier | null
  /** The margin ratio is already at or past the level at the current price; `price` is then where it would be back at the level. */
  alreadyPast: boolean
  /**
   * The direction of the market's price in which the pool loses margin, where the level was searched: the side of
   * the pool's net exposure in the market (see losingDirection), not the position's own side. A hedge-mode long in
   * a market where the account is net short is liquidated on the way up.
   */
  direction: 'down' | 'up'
}

export interface PositionMargin {
  positionId: string
  symbol: string
  side: PositionSide
  marginMode: MarginMode
  /** Base units. */
  quantity: Decimal
  /** The market's liquidation-trigger price now. */
  triggerPrice: Decimal
  /** quantity × trigger price. */
  notional: Decimal
  tier: Tier
  /** Notional above the last tier's cap (the last tier is extended). */
  beyondLadder: boolean
  /** Rate applied (okx-swap: file rate + taker fee). */
  mmr: Decimal
  maintenanceAmount: Decimal
  /** N·mmr − cum, plus the close fee reserved on bybit-linear. */
  maintenanceMargin: Decimal
  /** Close fee reserved in the maintenance margin (bybit-linear), else 0. */
  closeFee: Decimal
  leverage: Decimal
  leverageSource: LeverageSource
  /** notional ÷ leverage, plus (bybit-linear) the fee to close at that leverage's bankruptcy price. */
  initialMargin: Decimal
  /** The current tier's max leverage. */
  maxLeverage: Decimal
  overMaxLeverage: boolean
  /** Notional the position can add before its next tier. */
  headroom: Decimal
  unrealizedPnl: Decimal
  /** Margin balance of the position's pool: its own (isolated) or the account's (cross). */
  marginBalance: Decimal
  /** Maintenance ÷ margin balance of the pool; null when the balance is not positive. */
  marginRatio: Decimal | null
  liquidation: PriceLevel
  /** Price (of this market, others held) at which the pool's margin is zero. */
  bankruptcyPrice: Decimal | null
  bankruptcyReason?: string
  /** The move left to the liquidation price in its direction, ± (liquidation − trigger) ÷ trigger: negative when already past. */
  liquidationDistance: Decimal | null
  /** Where the pool's margin ratio first reaches `thresholds.margin_ratio_warn` (the start of the liquidation band). */
  bandStart: PriceLevel
}

export interface AccountMargin {
  /** Wallet balance + unrealized PnL of every cross position at its trigger price. */
  marginBalance: Decimal
  /** Sum of the cross positions' maintenance margins. */
  maintenanceMargin: Decimal
  /** maintenance ÷ margin balance; null when the balance is not positive. */
  marginRatio: Decimal | null
  /** Holds a cross position and the margin balance is at or below maintenance (never for an empty account). */
  belowMaintenance: boolean
  /** The account holds no cross position: nothing to liquidate, whatever its balance. */
  empty: boolean
}

export interface MarginView {
  /** By Position.id. */
  positions: Map<string, PositionMargin>
  /** The cross pool; null when the account has no cross positions and is not a cross account. */
  account: AccountMargin | null
  /** The resolved ladder of each market, by symbol. */
  ladders: Map<string, Ladder>
  /** The set-up the figures were computed from, for re-evaluation at other prices or after a change. */
  model: MarginModel
}

/** A position as the margin engine holds it: its leg, leverage and the pool it draws on. */
export interface PositionSetup {
  position: Position
  leg: Leg
  leverage: Decimal
  leverageSource: LeverageSource
  pool: Pool
}

/**
 * A change to the portfolio whose effect on one position's margin is wanted (an order filled, a size cut, a
 * ladder announced). Only what changes is re-derived: the markets it touches, never the whole account.
 */
export interface MarginChange {
  /** Positions replaced (same id) or opened. */
  positions?: readonly Position[]
  /** Ids of positions closed. */
  removed?: readonly string[]
  walletBalance?: Decimal
  /** A market replaced: its ladder (an announced change) or its prices (where a resting order fills). */
  market?: Market
}

/** The portfolio's current trigger price per market. */
export function triggerPrices(portfolio: Portfolio): PriceOf {
  return (symbol) => triggerPrice(marketOf(portfolio, symbol))
}

function marketOf(portfolio: Portfolio, symbol: string): Market {
  const market = portfolio.markets.get(symbol)
  if (!market) throw new Error(`market "${symbol}" is not defined`)
  return market
}

/**
 * A market's ladder as the portfolio's venue applies it: resolved once per ladder and venue rules, so every model
 * of a portfolio (a what-if's, the blast radius's isolated layout) shares its Ladder and the steps kept per ladder.
 */
export function ladderOf(portfolio: Portfolio, market: Market, tiers = market.ladder): Ladder {
  const takerFeeInMmr = portfolio.venue.takerFeeInMmr
  const takerFee = portfolio.account.fees.taker
  const resolved = resolvedLadders.get(tiers)
  if (resolved && resolved.takerFeeInMmr === takerFeeInMmr && resolved.takerFee === takerFee) return resolved.ladder
  const ladder = resolveLadder(tiers, { takerFeeInMmr, takerFee })
  resolvedLadders.set(tiers, { takerFeeInMmr, takerFee, ladder })
  return ladder
}

const resolvedLadders = new WeakMap<readonly LadderTier[], { takerFeeInMmr: boolean; takerFee: Decimal; ladder: Ladder }>()

/**
 * The per-portfolio set-up, built once: every ladder resolved, every position's leg and pool, the cross pool's
 * legs grouped by market (see Exposure) and its totals at the trigger prices. Evaluating the account at other
 * prices then costs one term per market that moved, and a solve one pass over one market's tiers.
 */
export class MarginModel {
  readonly priceOf: PriceOf
  /** Null when the account has no cross positions and is not a cross account. */
  readonly cross: Pool | null
  /** The cross pool's balance and requirement at the trigger prices. */
  readonly crossTotals: PoolTotals | null
  #crossRatio?: Decimal | null
  /** The cross pool's margin ratio at the trigger prices (see ratioOf), once for all its positions. */
  get crossRatio(): Decimal | null {
    if (this.#crossRatio === undefined) this.#crossRatio = this.crossTotals && ratioOf(this.crossTotals.requirement, this.crossTotals.balance)
    return this.#crossRatio
  }
  readonly #setups: Map<string, PositionSetup>
  readonly #base: MarginModel | null
  readonly #removed: ReadonlySet<string>
  /**
   * The market whose prices alone moved (see variant): its cross positions the change left alone keep the base's
   * legs and are set up on first use (a leverage at the tier's max moves with the price); no walk of the market.
   */
  readonly #repriced: string | null
  readonly #solutions = new Map<string, Solution>()

  private constructor(
    readonly portfolio: Portfolio,
    readonly ladders: ReadonlyMap<string, Ladder>,
    setups: Map<string, PositionSetup>,
    cross: Pool | null,
    base: MarginModel | null = null,
    removed: ReadonlySet<string> = new Set(),
    crossTotals?: PoolTotals | null,
    repriced: string | null = null,
  ) {
    this.#repriced = repriced
    this.priceOf = triggerPrices(portfolio)
    this.#setups = setups
    this.#base = base
    this.#removed = removed
    this.cross = cross
    this.crossTotals = crossTotals !== undefined ? crossTotals : cross && poolTotals(cross, this.priceOf)
  }

  static of(portfolio: Portfolio): MarginModel {
    const ladders = new Map([...portfolio.markets.values()].map((m) => [m.symbol, ladderOf(portfolio, m)]))
    const priceOf = triggerPrices(portfolio)
    const setups = new Map<string, PositionSetup>()
    const crossLegs: Leg[] = []
    const hasCross = portfolio.account.marginMode === 'cross' || portfolio.positions.some((p) => p.marginMode === 'cross')
    const cross: Pool | null = hasCross ? { collateral: portfolio.account.walletBalance, reservedInCollateral: ZERO, exposures: new Map() } : null
    for (const position of portfolio.positions) {
      const setup = setUpPosition(portfolio, position, ladders, priceOf, cross)
      if (position.marginMode === 'cross') crossLegs.push(setup.leg)
      setups.set(position.id, setup)
    }
    if (cross) cross.exposures = exposuresOf(crossLegs)
    return new MarginModel(portfolio, ladders, setups, cross)
  }

  #has(positionId: string): boolean {
    return this.#setups.has(positionId) || (this.#base ? this.#base.#has(positionId) : false)
  }

  /** The position's set-up; throws for an id the portfolio does not hold. */
  setup(positionId: string): PositionSetup {
    const own = this.#removed.has(positionId) ? undefined : this.#setups.get(positionId)
    if (own) return own
    const inherited = this.#removed.has(positionId) ? undefined : this.#base?.setup(positionId)
    if (!inherited) throw new Error(`no position "${positionId}"`)
    if (this.#isRepriced(inherited.position)) {
      const { position, leg } = inherited
      const setup = { ...crossSetup(this.portfolio, position, leg.ladder, this.priceOf, this.cross!), leg }
      this.#setups.set(positionId, setup)
      return setup
    }
    // A cross position the change left alone draws on this model's cross pool, not the base's.
    if (inherited.position.marginMode !== 'cross' || !this.cross || inherited.pool === this.cross) return inherited
    let rebased = this.#rebased.get(positionId)
    if (!rebased) {
      rebased = { ...inherited, pool: this.cross }
      this.#rebased.set(positionId, rebased)
    }
    return rebased
  }

  readonly #rebased = new Map<string, PositionSetup>()

  #isRepriced(position: Position): boolean {
    return position.market === this.#repriced && keepsLegWhenRepriced(this.portfolio, position)
  }

  /**
   * The leg and collateral of one of the model's positions as it would be isolated with `margin` (the file's
   * meaning) on a pool of its own (its totals: legPoolTotals); the leg is the model's own when it reserves the same
   * close fee.
   */
  isolatedAs(positionId: string, margin: Decimal): { leg: Leg; collateral: Decimal } {
    const { position, leg } = this.setup(positionId)
    return isolatedTerms(this.portfolio, { ...position, marginMode: 'isolated', margin }, leg.ladder, margin, leg)
  }

  /** The balance and requirement of a position's pool at the trigger prices; an isolated pool's once per model. */
  totalsOf(setup: PositionSetup): PoolTotals {
    if (setup.pool === this.cross) return this.crossTotals!
    this.#isolatedTotals ??= new WeakMap()
    let totals = this.#isolatedTotals.get(setup.pool)
    if (!totals) {
      totals = poolTotals(setup.pool, this.priceOf)
      this.#isolatedTotals.set(setup.pool, totals)
    }
    return totals
  }

  /** Made on first use, weakly: a level at another margin sets up a pool of its own for one solve. */
  #isolatedTotals?: WeakMap<Pool, PoolTotals>

  /** The totals of a position's pool with its market's trigger price at `price` (others where they are). */
  poolAt(setup: PositionSetup, price: Decimal): PoolTotals {
    const exposure = setup.pool.exposures.get(setup.leg.symbol)!
    const now = this.totalsOf(setup)
    const atTrigger = this.#atTrigger(exposure)
    return {
      balance: now.balance.plus(exposure.pnl(price)).minus(atTrigger.pnl),
      requirement: now.requirement.plus(exposure.maintenance(price)).minus(atTrigger.maintenance),
    }
  }

  /** Made on first use: a what-if's model (thousands of them) is seldom asked. */
  #atTriggers?: Map<Exposure, { pnl: Decimal; maintenance: Decimal }>
  /** An exposure's PnL and maintenance at the trigger price of its market, once (every stop of a cross market asks for them). */
  #atTrigger(exposure: Exposure): { pnl: Decimal; maintenance: Decimal } {
    this.#atTriggers ??= new Map()
    let at = this.#atTriggers.get(exposure)
    if (!at) {
      const price = this.priceOf(exposure.symbol)
      at = { pnl: exposure.pnl(price), maintenance: exposure.maintenance(price) }
      this.#atTriggers.set(exposure, at)
    }
    return at
  }

  /** Where the position's pool reaches `ratio`, its market's price moving in `direction`; one solve per pool, market, level and direction. */
  solve(setup: PositionSetup, ratio: Decimal, direction: 'down' | 'up'): Solution {
    const request = { symbol: setup.leg.symbol, from: this.priceOf(setup.leg.symbol), totals: this.totalsOf(setup), ratio, direction }
    if (setup.pool !== this.cross) return solvePrice(setup.pool, request)
    const key = `${setup.leg.symbol}\u0000${ratioKey(ratio)}\u0000${direction}`
    let solution = this.#solutions.get(key)
    if (!solution) {
      solution = solvePrice(setup.pool, request)
      this.#solutions.set(key, solution)
    }
    return solution
  }

  /** The model after `change`: the markets it touches re-derived, everything else shared. */
  variant(change: MarginChange): MarginModel {
    const portfolio = this.portfolio
    let ladders = this.ladders
    let markets = portfolio.markets
    const changed = new Map((change.positions ?? []).map((p) => [p.id, p]))
    // The cross positions of a market whose prices alone moved keep their legs (see #isRepriced); the others of
    // that market are re-derived: all of them under another ladder, a close fee that moves with the price on bybit-linear.
    let repriced: string | null = null
    if (change.market) {
      const market = change.market
      const sameLadder = market.ladder === portfolio.markets.get(market.symbol)?.ladder
      markets = new Map(markets).set(market.symbol, market)
      if (!sameLadder) ladders = new Map(ladders).set(market.symbol, ladderOf(portfolio, market))
      else repriced = market.symbol
      const closing = new Set(change.removed)
      if (!sameLadder || portfolio.venue.closeFeeInMargin) {
        for (const id of this.positionIdsIn(market.symbol)) {
          if (changed.has(id) || closing.has(id) || this.#removed.has(id)) continue
          const { position } = this.setup(id)
          // An isolated position's set-up does not depend on the price.
          if (sameLadder && (position.marginMode === 'isolated' || keepsLegWhenRepriced(portfolio, position))) continue
          changed.set(id, position)
        }
      }
    }
    const removed = new Set([...this.#removed, ...(change.removed ?? [])])
    for (const id of changed.keys()) removed.delete(id)
    const walletBalance = change.walletBalance ?? portfolio.account.walletBalance
    const positions = [...changed.values()]
    let list: Position[] | undefined
    const next: Portfolio = {
      ...portfolio,
      markets,
      account: { ...portfolio.account, walletBalance },
      // The positions list is built only when asked for (at()); a what-if reads one position.
      get positions() {
        if (!list) {
          const existing = new Set(portfolio.positions.map((p) => p.id))
          list = [...portfolio.positions.filter((p) => !removed.has(p.id)).map((p) => changed.get(p.id) ?? p), ...positions.filter((p) => !existing.has(p.id))]
        }
        return list
      },
    }
    const priceOf = triggerPrices(next)
    const wasCross = (id: string) => !this.#removed.has(id) && this.#has(id) && this.setup(id).pool === this.cross
    const crossMarkets = new Set<string>()
    for (const p of positions) if (p.marginMode === 'cross' || wasCross(p.id)) crossMarkets.add(p.market)
    if (change.market && this.cross?.exposures.has(change.market.symbol)) crossMarkets.add(change.market.symbol)
    for (const id of change.removed ?? []) if (wasCross(id)) crossMarkets.add(this.setup(id).leg.symbol)
    let cross = this.cross
    let crossTotals = this.crossTotals
    if (crossMarkets.size > 0 || (cross && !walletBalance.eq(cross.collateral))) {
      cross = { collateral: walletBalance, reservedInCollateral: ZERO, exposures: new Map(this.cross?.exposures) }
      let { balance, requirement } = this.crossTotals ?? { balance: ZERO, requirement: ZERO }
      balance = balance.plus(walletBalance).minus(this.cross?.collateral ?? ZERO)
      const exposures = new Map(cross.exposures)
      const added = new Map<string, Leg[]>()
      const setups = new Map<string, PositionSetup>()
      for (const position of positions) {
        const setup = setUpPosition(next, position, ladders, priceOf, cross)
        setups.set(position.id, setup)
        if (setup.pool === cross) added.set(position.market, [...(added.get(position.market) ?? []), setup.leg])
      }
      const droppedFrom = (exposure: Exposure): Set<string> => {
        const ids = new Set<string>()
        for (const id of changed.keys()) if (exposure.holds(id)) ids.add(id)
        for (const id of removed) if (exposure.holds(id)) ids.add(id)
        return ids
      }
      for (const symbol of crossMarkets) {
        const price = priceOf(symbol)
        const before = exposures.get(symbol)
        if (before) {
          balance = balance.minus(before.pnl(this.priceOf(symbol)))
          requirement = requirement.minus(before.maintenance(this.priceOf(symbol)))
        }
        const after = before ? Exposure.replacing(before, droppedFrom(before), added.get(symbol) ?? []) : new Exposure(symbol, added.get(symbol) ?? [])
        if (after.legCount === 0) {
          exposures.delete(symbol)
          continue
        }
        exposures.set(symbol, after)
        balance = balance.plus(after.pnl(price))
        requirement = requirement.plus(after.maintenance(price))
      }
      cross.exposures = exposures
      crossTotals = { balance, requirement }
      return new MarginModel(next, ladders, setups, cross, this, removed, crossTotals, repriced)
    }
    const setups = new Map<string, PositionSetup>()
    for (const position of positions) setups.set(position.id, setUpPosition(next, position, ladders, priceOf, cross))
    return new MarginModel(next, ladders, setups, cross, this, removed, crossTotals)
  }

  #positionIds?: Map<string, string[]>
  /** Ids of the positions (cross and isolated) in one market. */
  positionIdsIn(symbol: string): readonly string[] {
    if (!this.#positionIds) {
      this.#positionIds = new Map()
      for (const p of this.portfolio.positions) {
        const ids = this.#positionIds.get(p.market)
        if (ids) ids.push(p.id)
        else this.#positionIds.set(p.market, [p.id])
      }
    }
    return this.#positionIds.get(symbol) ?? []
  }

  /**
   * Re-evaluates the portfolio at trigger prices `prices` (by market symbol; a market not in the map keeps its
   * current trigger price): every position's tier, maintenance margin and unrealized PnL, the cross account's
   * margin balance, maintenance and ratio, and which positions are liquidated (pool balance ≤ requirement).
   */
  at(prices: ReadonlyMap<string, Decimal>): PortfolioAtPrices {
    const priceOf: PriceOf = (symbol) => prices.get(symbol) ?? this.priceOf(symbol)
    const crossTotals = this.cross && poolTotals(this.cross, priceOf)
    const positions = new Map<string, PositionAtPrices>()
    const liquidated: string[] = []
    for (const { id } of this.portfolio.positions) {
      const { leg, pool } = this.setup(id)
      const price = priceOf(leg.symbol)
      const now = legMaintenance(leg, price)
      const totals = pool === this.cross ? crossTotals! : poolTotals(pool, priceOf)
      const isLiquidated = totals.balance.lte(totals.requirement)
      if (isLiquidated) liquidated.push(id)
      positions.set(id, {
        positionId: id,
        price,
        notional: now.notional,
        tier: now.tier,
        beyondLadder: now.beyondLadder,
        mmr: now.tier.mmr,
        maintenanceMargin: now.maintenanceMargin,
        unrealizedPnl: unrealizedPnl(leg, price),
        marginBalance: totals.balance,
        liquidated: isLiquidated,
      })
    }
    let account: PortfolioAtPrices['account'] = null
    if (crossTotals) {
      const below = liquidatable(this.cross!, crossTotals)
      account = {
        marginBalance: crossTotals.balance,
        maintenanceMargin: crossTotals.requirement,
        marginRatio: ratioOf(crossTotals.requirement, crossTotals.balance),
        belowMaintenance: below,
        empty: !holdsPositions(this.cross!),
        liquidated: below,
      }
    }
    return { account, positions, liquidated }
  }
}

/**
 * A cross position whose leg its market's prices do not change: on bybit-linear the close fee reserved is fixed by
 * the position's leverage, but one at the tier's max (no leverage given) moves with the price.
 */
function keepsLegWhenRepriced(portfolio: Portfolio, position: Position): boolean {
  return position.marginMode === 'cross' && (!portfolio.venue.closeFeeInMargin || position.leverage !== undefined)
}

function setUpPosition(portfolio: Portfolio, position: Position, ladders: ReadonlyMap<string, Ladder>, priceOf: PriceOf, cross: Pool | null): PositionSetup {
  const ladder = ladders.get(position.market)
  if (!ladder) throw new Error(`market "${position.market}" is not defined`)
  return position.marginMode === 'isolated'
    ? isolatedSetup(portfolio, position, ladder, position.margin)
    : crossSetup(portfolio, position, ladder, priceOf, cross!)
}

function baseLeg(position: Position, ladder: Ladder, closeFee: Decimal): Leg {
  return {
    positionId: position.id,
    symbol: position.market,
    sign: sideSign(position.side),
    quantity: position.size,
    entryPrice: position.entryPrice,
    ladder,
    closeFee,
  }
}

function crossSetup(portfolio: Portfolio, position: Position, ladder: Ladder, priceOf: PriceOf, cross: Pool): PositionSetup {
  const notional = position.size.mul(priceOf(position.market))
  const leverage = position.leverage ?? tierFor(ladder, notional).tier.maxLeverage
  const leverageSource: LeverageSource = position.leverage ? 'file' : 'tier-max'
  // bybit-linear: the fee to close at the position's bankruptcy price at its leverage, EP·(1 − side/L).
  const closeFee = portfolio.venue.closeFeeInMargin
    ? closeFeeAt(position.size.mul(position.entryPrice).mul(leverageFactor(position.side, leverage)), portfolio)
    : ZERO
  return { position, leg: baseLeg(position, ladder, closeFee), leverage, leverageSource, pool: cross }
}

/**
 * An isolated position's pool. `margin` is the file's meaning: posted margin; on bybit-linear, the margin at
 * the chosen leverage plus any margin added, without the reserved close fee. Bybit reserves the fee to close
 * at the bankruptcy price, which itself depends on the margin: solving margin_pos + fee(BP(margin_pos)) =
 * posted + fee at the leverage gives margin_pos = q·EP/L + extra/(1 − side·taker), the UTA formula's term.
 */
function isolatedSetup(portfolio: Portfolio, position: Position, ladder: Ladder, margin: Decimal | undefined, own?: PositionSetup): PositionSetup {
  const terms = isolatedTerms(portfolio, position, ladder, margin, own?.leg)
  const { leg, collateral, closeFee, leverageSource } = terms
  // The position's own set-up with another margin: on its exposure while the leg is the same (the close fee
  // reserved on bybit-linear moves with the margin), as a variant of the model would build it, without the variant.
  const exposures = own && leg === own.leg ? own.pool.exposures : exposuresOf([leg])
  const pool = { collateral, reservedInCollateral: closeFee, exposures }
  // A what-if that reads only the liquidation level never pays for the leverage's division (see isolatedTerms).
  return {
    position,
    leg,
    get leverage() {
      return terms.leverage
    },
    leverageSource,
    pool,
  }
}

/** An isolated position's leg, leverage and collateral (see isolatedSetup); its leg `like` when that reserves the same close fee. */
function isolatedTerms(
  portfolio: Portfolio,
  position: Position,
  ladder: Ladder,
  margin: Decimal | undefined,
  like?: Leg,
): { leg: Leg; collateral: Decimal; closeFee: Decimal; leverage: Decimal; leverageSource: LeverageSource } {
  if (margin === undefined) throw new Error(`isolated position "${position.id}" has no margin`)
  const entryNotional = position.size.mul(position.entryPrice)
  // Entry notional ÷ margin without a file leverage: made when first read (a 40-digit division).
  let leverage = position.leverage
  const leverageOf = () => {
    leverage ??= entryNotional.div(margin)
    return leverage
  }
  const leverageSource: LeverageSource = position.leverage ? 'file' : 'margin'
  const sign = sideSign(position.side)
  let positionMargin = margin
  let closeFee = ZERO
  if (portfolio.venue.closeFeeInMargin) {
    const taker = portfolio.account.fees.taker
    const atLeverage = entryNotional.div(leverageOf())
    const withExtra = atLeverage.plus(margin.minus(atLeverage).div(new Decimal(1).minus(taker.mul(sign))))
    const bankruptcy = entryNotional.minus(withExtra.mul(sign))
    if (bankruptcy.gt(0)) {
      positionMargin = withExtra
      closeFee = closeFeeAt(bankruptcy, portfolio)
    }
  }
  // A leg equal to one the model holds is that one (its terms and steps are kept per leg).
  const leg = like?.closeFee.eq(closeFee) ? like : baseLeg(position, ladder, closeFee)
  return {
    leg,
    collateral: positionMargin.plus(closeFee),
    closeFee,
    get leverage() {
      return leverageOf()
    },
    leverageSource,
  }
}

/** 1 − side/L: the bankruptcy price as a fraction of the price for a position margined at leverage L. */
function leverageFactor(side: PositionSide, leverage: Decimal): Decimal {
  return new Decimal(1).minus(new Decimal(sideSign(side)).div(leverage))
}

function closeFeeAt(notionalAtBankruptcy: Decimal, portfolio: Portfolio): Decimal {
  return Decimal.max(ZERO, notionalAtBankruptcy).mul(portfolio.account.fees.taker)
}

/** Maintenance ÷ margin balance: a pool's (or the account's) margin ratio; null when the balance is not positive. */
export function ratioOf(requirement: Decimal, balance: Decimal): Decimal | null {
  return balance.gt(0) ? requirement.div(balance) : null
}

/**
 * The margin figures of every position, computed once (see docs/venues.md for the venue rules):
 * notional at the trigger price, tier, mmr, maintenance amount and margin, initial margin at the position's
 * leverage, tier max leverage, liquidation price (isolated: own margin; cross: account-level, other markets
 * held at their current trigger prices; tier at the liquidation notional), bankruptcy price, distance, and the
 * start of the liquidation band; plus the cross account's margin balance, maintenance and ratio.
 */
export function computeMargin(portfolio: Portfolio): MarginView {
  const model = MarginModel.of(portfolio)
  const positions = new Map<string, PositionMargin>()
  for (const { id } of portfolio.positions) positions.set(id, positionMargin(model, model.setup(id)))
  let account: AccountMargin | null = null
  if (model.crossTotals) {
    const { balance, requirement } = model.crossTotals
    account = {
      marginBalance: balance,
      maintenanceMargin: requirement,
      marginRatio: ratioOf(requirement, balance),
      belowMaintenance: liquidatable(model.cross!, model.crossTotals),
      empty: !holdsPositions(model.cross!),
    }
  }
  return { positions, account, ladders: new Map(model.ladders), model }
}

/** The margin figures of positions after `change` (see MarginChange); only the markets the change touches are re-derived. */
export function marginAfter(view: MarginView, change: MarginChange): (positionId: string) => PositionMargin {
  const model = view.model.variant(change)
  return (positionId) => positionMargin(model, model.setup(positionId))
}

/**
 * A position's liquidation distance after `change` (see marginAfter): the same figure as its PositionMargin's,
 * without the rest of them (the band's level, the bankruptcy price, the tier and leverage figures).
 */
export function liquidationDistanceAfter(view: MarginView, change: MarginChange, positionId: string): Decimal | null {
  const model = view.model.variant(change)
  const setup = model.setup(positionId)
  return distanceTo(levelFor(model, setup, ONE), model.priceOf(setup.position.market))
}

/** The margin figures of one position of `model` (a model from MarginModel.of, or a variant of one). */
export function positionMarginOf(model: MarginModel, positionId: string): PositionMargin {
  return positionMargin(model, model.setup(positionId))
}

function positionMargin(model: MarginModel, s: PositionSetup): PositionMargin {
  const { portfolio } = model
  const { position, leg, leverage } = s
  const price = model.priceOf(position.market)
  const now = legMaintenance(leg, price)
  const { balance, requirement } = model.totalsOf(s)
  const liquidation = levelFor(model, s, ONE)
  const { bankruptcy, distance } = poolFigures(model, s, liquidation, price)
  let band: PriceLevel | undefined
  const openingFee = portfolio.venue.closeFeeInMargin ? closeFeeAt(now.notional.mul(leverageFactor(position.side, leverage)), portfolio) : ZERO
  return {
    positionId: position.id,
    symbol: position.market,
    side: position.side,
    marginMode: position.marginMode,
    quantity: leg.quantity,
    triggerPrice: price,
    notional: now.notional,
    tier: now.tier,
    beyondLadder: now.beyondLadder,
    mmr: now.tier.mmr,
    maintenanceAmount: now.tier.maintenanceAmount,
    maintenanceMargin: now.maintenanceMargin,
    closeFee: leg.closeFee,
    leverage,
    leverageSource: s.leverageSource,
    initialMargin: now.notional.div(leverage).plus(openingFee),
    maxLeverage: now.tier.maxLeverage,
    overMaxLeverage: leverage.gt(now.tier.maxLeverage),
    headroom: headroom(leg.ladder, now.notional),
    unrealizedPnl: unrealizedPnl(leg, price),
    marginBalance: balance,
    marginRatio: s.pool === model.cross ? model.crossRatio : ratioOf(requirement, balance),
    liquidation,
    bankruptcyPrice: bankruptcy,
    bankruptcyReason: bankruptcy ? undefined : noBankruptcyReason(position),
    liquidationDistance: distance,
    // Solved when first read: the view's every position's is (the band check), a what-if's seldom (an order's is not).
    get bandStart() {
      band ??= levelFor(model, s, portfolio.thresholds.margin_ratio_warn)
      return band
    },
  }
}

/**
 * The bankruptcy price of a position's pool along its market and the distance to its liquidation price: the
 * pool's, so for the cross positions of one market computed once per model.
 */
function poolFigures(model: MarginModel, s: PositionSetup, liquidation: PriceLevel, price: Decimal): { bankruptcy: Decimal | null; distance: Decimal | null } {
  const compute = () => ({ bankruptcy: bankruptcyPrice(s.pool, s.leg.symbol, price, model.totalsOf(s)), distance: distanceTo(liquidation, price) })
  if (s.pool !== model.cross) return compute()
  let bySymbol = crossFigures.get(model)
  if (!bySymbol) {
    bySymbol = new Map()
    crossFigures.set(model, bySymbol)
  }
  let figures = bySymbol.get(s.leg.symbol)
  if (!figures) {
    figures = compute()
    bySymbol.set(s.leg.symbol, figures)
  }
  return figures
}

const crossFigures = new WeakMap<MarginModel, Map<string, { bankruptcy: Decimal | null; distance: Decimal | null }>>()

/** The move left from `price` to a level in its direction (negative when already past); null without a price. */
export function distanceTo(level: PriceLevel, price: Decimal): Decimal | null {
  return level.price
    ? level.price
        .minus(price)
        .div(price)
        .mul(level.direction === 'down' ? -1 : 1)
    : null
}

function levelFor(model: MarginModel, setup: PositionSetup, ratio: Decimal): PriceLevel {
  const { position } = setup
  const { alreadyPast, crossing, direction } = levelOf(model, setup, ratio)
  if (crossing) return { price: crossing.price, tier: crossing.tierOf(position.id), alreadyPast, direction }
  return { price: null, tier: null, alreadyPast, direction, reason: noLevelReason(position, alreadyPast, direction) }
}

/** Where a pool reaches `ratio` along its market, and in which direction; the cross pool's once per market and ratio. */
interface PoolLevel {
  alreadyPast: boolean
  crossing: Solution['crossing']
  direction: 'down' | 'up'
}

const crossLevels = new WeakMap<MarginModel, Map<string, PoolLevel>>()

function levelOf(model: MarginModel, setup: PositionSetup, ratio: Decimal): PoolLevel {
  if (setup.pool !== model.cross) return solvedLevel(model, setup, ratio)
  let byKey = crossLevels.get(model)
  if (!byKey) {
    byKey = new Map()
    crossLevels.set(model, byKey)
  }
  const key = `${setup.leg.symbol}\u0000${ratioKey(ratio)}`
  let level = byKey.get(key)
  if (!level) {
    level = solvedLevel(model, setup, ratio)
    byKey.set(key, level)
  }
  return level
}

/** A ratio's text, once per ratio object (the same two ratios are asked for every position). */
const ratioKey = oncePer((ratio: Decimal) => ratio.toString())

function solvedLevel(model: MarginModel, setup: PositionSetup, ratio: Decimal): PoolLevel {
  const { position } = setup
  const price = model.priceOf(position.market)
  const direction = losingDirection(setup.pool.exposures.get(position.market)!, price, ratio)
  const { alreadyPast, crossing } = model.solve(setup, ratio, direction)
  if (crossing || alreadyPast) return { alreadyPast, crossing, direction }
  // Nothing on the losing side: a market whose maintenance rate climbs the ladder faster than its net size can
  // still reach the level the other way (a hedge whose gross size dwarfs its net size, at a far price).
  const other = direction === 'down' ? 'up' : 'down'
  const far = model.solve(setup, ratio, other)
  if (far.crossing && !far.alreadyPast) return { alreadyPast: false, crossing: far.crossing, direction: other }
  return { alreadyPast, crossing: null, direction }
}

function noLevelReason(position: Position, alreadyPast: boolean, direction: 'down' | 'up'): string {
  const [whose, held] = position.marginMode === 'isolated' ? ["the position's margin", ''] : ['the account', ' (other markets held at their trigger prices)']
  if (alreadyPast) return `${whose} is at or past the level at every price of ${position.market}${held}`
  return direction === 'down'
    ? `${whose} covers the position down to a zero price of ${position.market}${held}`
    : `no higher price of ${position.market} brings ${whose} to the level${held}`
}

function noBankruptcyReason(position: Position): string {
  return position.marginMode === 'isolated'
    ? "the position's margin covers it down to a zero price"
    : `the account's margin covers every price of ${position.market} (or its positions there net to zero)`
}

/** A position's figures at an arbitrary price vector (see {@link accountAt}). */
export interface PositionAtPrices {
  positionId: string
  price: Decimal
  notional: Decimal
  tier: Tier
  beyondLadder: boolean
  mmr: Decimal
  maintenanceMargin: Decimal
  unrealizedPnl: Decimal
  /** Margin balance of the position's pool (its own when isolated, the account's when cross). */
  marginBalance: Decimal
  /** Its pool is at or below maintenance: margin balance ≤ maintenance requirement. */
  liquidated: boolean
}

export interface PortfolioAtPrices {
  /** The cross pool; null when there is none. */
  account: (AccountMargin & { liquidated: boolean }) | null
  positions: Map<string, PositionAtPrices>
  /** Ids of the liquidated positions (cross and isolated), in file order. */
  liquidated: string[]
}

/** The portfolio at trigger prices `prices` (see MarginModel.at); sets the portfolio up anew: for one-off use. */
export function accountAt(portfolio: Portfolio, prices: ReadonlyMap<string, Decimal>): PortfolioAtPrices {
  return MarginModel.of(portfolio).at(prices)
}

/** Liquidation and bankruptcy prices of an isolated position for a given margin. */
export interface IsolatedLiquidation {
  liquidation: PriceLevel
  bankruptcyPrice: Decimal | null
}

/**
 * The liquidation price of isolated position `positionId` if its margin were `margin` (same meaning as the
 * file's `margin`; e.g. the margin left after funding is debited from it), at the current trigger price.
 */
export function isolatedLiquidationPrice(view: MarginView, positionId: string, margin: Decimal): IsolatedLiquidation {
  const { model, setup } = withIsolatedMargin(view, positionId, margin)
  const price = model.priceOf(setup.position.market)
  return { liquidation: levelFor(model, setup, ONE), bankruptcyPrice: bankruptcyPrice(setup.pool, setup.position.market, price, model.totalsOf(setup)) }
}

/** The liquidation level alone of isolated position `positionId` if its margin were `margin` (see isolatedLiquidationPrice). */
export function isolatedLiquidationLevel(view: MarginView, positionId: string, margin: Decimal): PriceLevel {
  const { model, setup } = withIsolatedMargin(view, positionId, margin)
  return levelFor(model, setup, ONE)
}

/** The view's model and isolated position `positionId`'s set-up had its margin been `margin` (no variant of the model). */
function withIsolatedMargin(view: MarginView, positionId: string, margin: Decimal): { model: MarginModel; setup: PositionSetup } {
  const { model } = view
  const own = model.setup(positionId)
  if (own.position.marginMode !== 'isolated') throw new Error(`position "${positionId}" is not isolated`)
  return { model, setup: isolatedSetup(model.portfolio, { ...own.position, margin }, own.leg.ladder, margin, own) }
}

/** The prices where position `positionId`'s notional crosses each tier's cap but the last's, in tier order (cap ÷ size). */
export function positionTierBoundaries(view: MarginView, positionId: string): readonly Decimal[] {
  return tierBoundaryPrices(view.model.setup(positionId).leg)
}

/** A position's maintenance margin if its market's trigger price were `price` (tier re-read at that notional). */
export function maintenanceMarginAt(
  view: MarginView,
  positionId: string,
  price: Decimal,
): { notional: Decimal; tier: Tier; beyondLadder: boolean; mmr: Decimal; maintenanceAmount: Decimal; maintenanceMargin: Decimal } {
  const at = legMaintenance(view.model.setup(positionId).leg, price)
  return { ...at, mmr: at.tier.mmr, maintenanceAmount: at.tier.maintenanceAmount }
}
