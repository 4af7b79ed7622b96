// Every position's ladder tier, maintenance and initial margin, liquidation and bankruptcy prices, computed
// once from the validated portfolio, plus the account view of the cross pool and re-evaluation at any price
// vector. The venue rules (close-fee reserve, fee in the rate, derived rates) are applied here and only here.
import { Decimal, ZERO } from '../decimal.js'
import { sideSign, triggerPrice, type MarginMode, type Market, type Portfolio, type Position, type PositionSide } from '../model.js'
import { headroom, resolveLadder, tierFor, type Ladder, type Tier } from './ladder.js'
import { bankruptcyPrice, legMaintenance, maintenanceRequirement, marginBalance, solvePrice, unrealizedPnl, type Leg, type Pool, type PriceOf } from './pool.js'

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
  /** side × (trigger − liquidation) ÷ trigger: the adverse move left; negative when already past. */
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
  belowMaintenance: boolean
}

export interface MarginView {
  /** By Position.id. */
  positions: Map<string, PositionMargin>
  /** The cross pool; null when the account has no cross positions and is not a cross account. */
  account: AccountMargin | null
  /** The resolved ladder of each market, by symbol. */
  ladders: Map<string, Ladder>
}

interface PositionSetup {
  position: Position
  leg: Leg
  leverage: Decimal
  leverageSource: LeverageSource
  pool: Pool
}

interface Setup {
  ladders: Map<string, Ladder>
  positions: Map<string, PositionSetup>
  cross: Pool | null
  priceOf: PriceOf
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

/** A market's ladder as the portfolio's venue applies it. */
export function ladderOf(portfolio: Portfolio, market: Market, tiers = market.ladder): Ladder {
  return resolveLadder(tiers, { takerFeeInMmr: portfolio.venue.takerFeeInMmr, takerFee: portfolio.account.fees.taker })
}

function setUp(portfolio: Portfolio, marginOverride?: { positionId: string; margin: Decimal }): Setup {
  const ladders = new Map([...portfolio.markets.values()].map((m) => [m.symbol, ladderOf(portfolio, m)]))
  const priceOf = triggerPrices(portfolio)
  const crossLegs: Leg[] = []
  const cross: Pool | null =
    portfolio.account.marginMode === 'cross' || portfolio.positions.some((p) => p.marginMode === 'cross')
      ? { collateral: portfolio.account.walletBalance, reservedInCollateral: ZERO, legs: crossLegs }
      : null
  const positions = new Map<string, PositionSetup>()
  for (const position of portfolio.positions) {
    const ladder = ladders.get(position.market)
    if (!ladder) throw new Error(`market "${position.market}" is not defined`)
    const margin = marginOverride?.positionId === position.id ? marginOverride.margin : position.margin
    const setup =
      position.marginMode === 'isolated' ? isolatedSetup(portfolio, position, ladder, margin) : crossSetup(portfolio, position, ladder, priceOf, cross!)
    if (position.marginMode === 'cross') crossLegs.push(setup.leg)
    positions.set(position.id, setup)
  }
  return { ladders, positions, cross, priceOf }
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
function isolatedSetup(portfolio: Portfolio, position: Position, ladder: Ladder, margin: Decimal | undefined): PositionSetup {
  if (margin === undefined) throw new Error(`isolated position "${position.id}" has no margin`)
  const entryNotional = position.size.mul(position.entryPrice)
  const leverage = position.leverage ?? entryNotional.div(margin)
  const leverageSource: LeverageSource = position.leverage ? 'file' : 'margin'
  const sign = sideSign(position.side)
  let positionMargin = margin
  let closeFee = ZERO
  if (portfolio.venue.closeFeeInMargin) {
    const taker = portfolio.account.fees.taker
    const atLeverage = entryNotional.div(leverage)
    const withExtra = atLeverage.plus(margin.minus(atLeverage).div(new Decimal(1).minus(taker.mul(sign))))
    const bankruptcy = entryNotional.minus(withExtra.mul(sign))
    if (bankruptcy.gt(0)) {
      positionMargin = withExtra
      closeFee = closeFeeAt(bankruptcy, portfolio)
    }
  }
  const leg = baseLeg(position, ladder, closeFee)
  return { position, leg, leverage, leverageSource, pool: { collateral: positionMargin.plus(closeFee), reservedInCollateral: closeFee, legs: [leg] } }
}

/** 1 − side/L: the bankruptcy price as a fraction of the price for a position margined at leverage L. */
function leverageFactor(side: PositionSide, leverage: Decimal): Decimal {
  return new Decimal(1).minus(new Decimal(sideSign(side)).div(leverage))
}

function closeFeeAt(notionalAtBankruptcy: Decimal, portfolio: Portfolio): Decimal {
  return Decimal.max(ZERO, notionalAtBankruptcy).mul(portfolio.account.fees.taker)
}

function ratioOf(requirement: Decimal, balance: Decimal): Decimal | null {
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
  const setup = setUp(portfolio)
  const positions = new Map<string, PositionMargin>()
  for (const s of setup.positions.values()) positions.set(s.position.id, positionMargin(portfolio, s, setup.priceOf))
  let account: AccountMargin | null = null
  if (setup.cross) {
    const balance = marginBalance(setup.cross, setup.priceOf)
    const requirement = maintenanceRequirement(setup.cross, setup.priceOf)
    account = { marginBalance: balance, maintenanceMargin: requirement, marginRatio: ratioOf(requirement, balance), belowMaintenance: balance.lte(requirement) }
  }
  return { positions, account, ladders: setup.ladders }
}

function positionMargin(portfolio: Portfolio, s: PositionSetup, priceOf: PriceOf): PositionMargin {
  const { position, leg, pool, leverage } = s
  const price = priceOf(position.market)
  const now = legMaintenance(leg, price)
  const balance = marginBalance(pool, priceOf)
  const requirement = maintenanceRequirement(pool, priceOf)
  const liquidation = levelFor(pool, position, priceOf, new Decimal(1))
  const bankruptcy = bankruptcyPrice(pool, position.market, priceOf)
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
    marginRatio: ratioOf(requirement, balance),
    liquidation,
    bankruptcyPrice: bankruptcy,
    bankruptcyReason: bankruptcy ? undefined : noBankruptcyReason(position),
    liquidationDistance: liquidation.price ? liquidation.price.minus(price).div(price).mul(-sideSign(position.side)) : null,
    bandStart: levelFor(pool, position, priceOf, portfolio.thresholds.margin_ratio_warn),
  }
}

function levelFor(pool: Pool, position: Position, priceOf: PriceOf, ratio: Decimal): PriceLevel {
  const direction = position.side === 'long' ? 'down' : 'up'
  const { alreadyPast, crossing } = solvePrice(pool, { symbol: position.market, priceOf, ratio, direction })
  if (crossing) return { price: crossing.price, tier: crossing.tiers.get(position.id) ?? null, alreadyPast }
  return { price: null, tier: null, alreadyPast, reason: noLevelReason(position, alreadyPast) }
}

function noLevelReason(position: Position, alreadyPast: boolean): string {
  const [whose, held] = position.marginMode === 'isolated' ? ["the position's margin", ''] : ['the account', ' (other markets held at their trigger prices)']
  if (alreadyPast) return `${whose} is at or past the level at every price of ${position.market}${held}`
  return position.side === 'long'
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

/**
 * Re-evaluates the portfolio at trigger prices `prices` (by market symbol; a market not in the map keeps its
 * current trigger price): every position's tier, maintenance margin and unrealized PnL, the cross account's
 * margin balance, maintenance and ratio, and which positions are liquidated (pool balance ≤ requirement).
 */
export function accountAt(portfolio: Portfolio, prices: ReadonlyMap<string, Decimal>): PortfolioAtPrices {
  const setup = setUp(portfolio)
  const current = setup.priceOf
  const priceOf: PriceOf = (symbol) => prices.get(symbol) ?? current(symbol)
  const positions = new Map<string, PositionAtPrices>()
  const liquidated: string[] = []
  for (const { position, leg, pool } of setup.positions.values()) {
    const price = priceOf(position.market)
    const now = legMaintenance(leg, price)
    const balance = marginBalance(pool, priceOf)
    const isLiquidated = balance.lte(maintenanceRequirement(pool, priceOf))
    if (isLiquidated) liquidated.push(position.id)
    positions.set(position.id, {
      positionId: position.id,
      price,
      notional: now.notional,
      tier: now.tier,
      beyondLadder: now.beyondLadder,
      mmr: now.tier.mmr,
      maintenanceMargin: now.maintenanceMargin,
      unrealizedPnl: unrealizedPnl(leg, price),
      marginBalance: balance,
      liquidated: isLiquidated,
    })
  }
  let account: PortfolioAtPrices['account'] = null
  if (setup.cross) {
    const balance = marginBalance(setup.cross, priceOf)
    const requirement = maintenanceRequirement(setup.cross, priceOf)
    const below = balance.lte(requirement)
    account = { marginBalance: balance, maintenanceMargin: requirement, marginRatio: ratioOf(requirement, balance), belowMaintenance: below, liquidated: below }
  }
  return { account, positions, liquidated }
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
export function isolatedLiquidationPrice(portfolio: Portfolio, positionId: string, margin: Decimal): IsolatedLiquidation {
  const position = portfolio.positions.find((p) => p.id === positionId)
  if (!position) throw new Error(`no position "${positionId}"`)
  if (position.marginMode !== 'isolated') throw new Error(`position "${positionId}" is not isolated`)
  const setup = setUp(portfolio, { positionId, margin })
  const { pool } = setup.positions.get(positionId)!
  return { liquidation: levelFor(pool, position, setup.priceOf, new Decimal(1)), bankruptcyPrice: bankruptcyPrice(pool, position.market, setup.priceOf) }
}

/** A position's maintenance margin if its market's trigger price were `price` (tier re-read at that notional). */
export function maintenanceMarginAt(
  portfolio: Portfolio,
  positionId: string,
  price: Decimal,
): { notional: Decimal; tier: Tier; beyondLadder: boolean; mmr: Decimal; maintenanceAmount: Decimal; maintenanceMargin: Decimal } {
  const setup = setUp(portfolio)
  const s = setup.positions.get(positionId)
  if (!s) throw new Error(`no position "${positionId}"`)
  const at = legMaintenance(s.leg, price)
  return { ...at, mmr: at.tier.mmr, maintenanceAmount: at.tier.maintenanceAmount }
}
