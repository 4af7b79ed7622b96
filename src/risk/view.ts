// The risk view: the account under its risk model (and the models compared with it): per risk unit the
// maintenance and initial requirement, every scenario's P&L and the binding one, and the liquidation price of
// the unit (its markets moved together, the other units held); for the account the equity, requirement and
// margin ratio; and what each hedge leg is worth (the requirement without it, less the requirement with it).
import { compare, Decimal, ZERO } from '../decimal.js'
import { type MarginView, type PositionMargin, ratioOf } from '../margin/index.js'
import { type Portfolio, type Position, type RiskModelId, type RiskModelSpec, type RiskUnitSpec, sideSign } from '../model.js'
import { FUNDING_WINDOW_MS, scaled, type UnitLeg, type UnitModel, type UnitRequirement, unitModel } from './models.js'
import { modelExitPool } from '../stress/exit.js'
import { type AdlRanking, adlRankings } from './adl.js'
import { type SteppedLiquidation, steppedLiquidation } from './steps.js'
import { BINANCE_LIQUIDATION_RATIO, DEFAULTS_AS_OF, missingParameters, unitsOf } from './params.js'

const ONE = new Decimal(1)
/** The solver looks for a rise up to this multiple of today's prices. */
const MAX_RISE = new Decimal(100)
const BISECTIONS = 100
/** At most this many hedge legs are valued (the largest first). */
export const MAX_HEDGE_LEGS = 10

/** Where a unit's move liquidates the account under the model, other units held. */
export interface UnitLiquidation {
  /** Unit move at the level (the breaking point), e.g. −0.23; null when no move within the range reaches it. */
  move: Decimal | null
  /** Each market's price there. */
  prices: Map<string, Decimal>
  /** The account is at or past the level now (move 0). */
  alreadyPast: boolean
  reason?: string
}

export interface UnitResult {
  unit: RiskUnitSpec
  positions: string[]
  requirement: UnitRequirement
  down: UnitLiquidation
  up: UnitLiquidation
}

export interface HedgeWorth {
  positionId: string
  /** Requirement and margin ratio of the account without this leg. */
  maintenanceWithout: Decimal
  marginRatioWithout: Decimal | null
  /** Requirement without the leg − requirement with it: what the leg saves (negative: what it costs). */
  value: Decimal
}

export interface ModelResult {
  model: RiskModelId
  /** The parameter set's date: the file's as_of, or the pinned default. */
  asOf: string
  units: UnitResult[]
  /** Wallet + every isolated margin + unrealized PnL at mark (binance-unimmr: after the collateral rate). */
  equity: Decimal
  maintenance: Decimal
  initial: Decimal
  /** Maintenance ÷ equity (the project's margin ratio: liquidation at 1 ÷ liquidationRatio); null when equity is not positive. */
  marginRatio: Decimal | null
  /** Equity ÷ maintenance at or below which the model liquidates. */
  liquidationRatio: Decimal
  liquidated: boolean
  hedges: HedgeWorth[]
}

export interface ModelUnavailable {
  model: RiskModelId
  reason: string
}

export type ModelOutcome = ModelResult | ModelUnavailable

export function isUnavailable(outcome: ModelOutcome): outcome is ModelUnavailable {
  return 'reason' in outcome
}

export interface RiskView {
  /** The file's model (ladder when it names none). */
  model: RiskModelId
  /** The file's model first, then each compared model; empty for the ladder with nothing compared (the margin view covers it). */
  results: ModelOutcome[]
  /** The venue's liquidation in steps for the largest positions with a book and a liquidation price (at most MAX_STEPPED). */
  steps: SteppedLiquidation[]
  /** Profitable positions' ADL rankings (the largest profits, and the largest hedge winners whose losing leg is near liquidation). */
  adl: AdlRanking[]
}

/** At most this many positions get a stepped liquidation (the largest notional first). */
export const MAX_STEPPED = 20

/** The risk view of `portfolio`; the ladder alone costs nothing (the margin view has its figures). */
export function computeRisk(portfolio: Portfolio, margin: MarginView): RiskView {
  const spec = portfolio.riskModel
  const model = spec?.model ?? 'ladder'
  const compared = spec?.compare ?? []
  const steps = stepsOf(portfolio, margin)
  const adl = adlRankings(portfolio, margin)
  if (model === 'ladder' && compared.length === 0) return { model, results: [], steps, adl }
  const ids = [model, ...compared.filter((id) => id !== model)]
  return { model, results: ids.map((id) => outcomeOf(portfolio, margin, spec, id)), steps, adl }
}

/** The stepped liquidation of the largest positions whose market has a book and that have a liquidation price. */
function stepsOf(portfolio: Portfolio, margin: MarginView): SteppedLiquidation[] {
  return largestPositions(portfolio, margin).map(({ position, m }) => {
    const price = m.liquidation.alreadyPast ? m.triggerPrice : m.liquidation.price!
    return steppedLiquidation({
      venue: portfolio.venue.id,
      position,
      market: portfolio.markets.get(position.market)!,
      ladder: margin.ladders.get(position.market)!,
      pool: modelExitPool(margin.model, position.id, price),
      liquidationPrice: price,
      stress: portfolio.stress,
    })
  })
}

interface Candidate {
  position: Position
  m: PositionMargin
}

/**
 * The MAX_STEPPED positions of largest notional (the earlier of two equal first) whose market has a book and that
 * have a liquidation price, in that order: the order is total, so keeping the first MAX_STEPPED while reading
 * them gives what sorting them all and cutting would, with about one comparison per position.
 */
function largestPositions(portfolio: Portfolio, margin: MarginView): Candidate[] {
  const before = (a: Candidate, b: Candidate) => compare(b.m.notional, a.m.notional) || a.position.index - b.position.index
  const largest: Candidate[] = []
  for (const position of portfolio.positions) {
    const m = margin.positions.get(position.id)!
    if (!portfolio.markets.get(position.market)!.book || m.liquidation.price === null) continue
    const candidate = { position, m }
    if (largest.length === MAX_STEPPED && before(candidate, largest[MAX_STEPPED - 1]!) >= 0) continue
    let at = largest.length
    while (at > 0 && before(candidate, largest[at - 1]!) < 0) at--
    largest.splice(at, 0, candidate)
    if (largest.length > MAX_STEPPED) largest.pop()
  }
  return largest
}

function outcomeOf(portfolio: Portfolio, margin: MarginView, spec: RiskModelSpec | undefined, id: RiskModelId): ModelOutcome {
  if (id === 'ladder') return ladderResult(portfolio, margin)
  const units = unitsOf(portfolio, spec).filter((u) => u.markets.some((m) => portfolio.positions.some((p) => p.market === m)))
  const missing = units.flatMap((u) => missingParameters(id, u).map((key) => `${u.name}.${key}`))
  if (missing.length > 0) return { model: id, reason: `needs ${missing.join(', ')} under risk_model.units (not published by the venue)` }
  const account = new PortfolioAccount(portfolio, margin, spec, id, units)
  return account.result()
}

/** The account as one portfolio under a model: every position, isolated or cross, in one pool. */
class PortfolioAccount {
  readonly units: UnitModel[]
  readonly collateralRate: Decimal
  readonly liquidationRatio: Decimal
  readonly base: Decimal

  constructor(
    readonly portfolio: Portfolio,
    readonly margin: MarginView,
    readonly spec: RiskModelSpec | undefined,
    readonly model: Exclude<RiskModelId, 'ladder'>,
    units: RiskUnitSpec[],
    without?: string,
  ) {
    this.collateralRate = spec?.collateralRate ?? ONE
    this.liquidationRatio = spec?.liquidationRatio ?? (model === 'binance-unimmr' ? BINANCE_LIQUIDATION_RATIO : ONE)
    const positions = portfolio.positions.filter((p) => p.id !== without)
    this.units = units.map((unit) =>
      unitModel(
        model,
        unit,
        positions.filter((p) => unit.markets.includes(p.market)).map((p) => legOf(portfolio, margin, unit, p)),
        spec?.imrMultiplier,
      ),
    )
    let base = portfolio.account.walletBalance
    for (const p of positions)
      base = base.plus(p.marginMode === 'isolated' ? p.margin! : ZERO).minus(sideSign(p.side) === 1 ? p.size.mul(p.entryPrice) : p.size.mul(p.entryPrice).neg())
    this.base = base
  }

  /** Equity now, before the collateral rate. */
  get rawEquity(): Decimal {
    let value = this.base
    for (const u of this.units) for (const leg of u.legs) value = value.plus(leg.quantity.mul(leg.mark))
    return value
  }

  /** Equity with unit `i` at scale k (the others now; no unit moved when i is undefined), after the collateral rate. */
  equity(raw: Decimal, i?: number, k: Decimal = ONE): Decimal {
    let value = raw
    if (i !== undefined) for (const leg of this.units[i]!.legs) value = value.plus(leg.quantity.mul(scaled(leg.mark, leg.beta, k).minus(leg.mark)))
    return Decimal.min(value, value.mul(this.collateralRate))
  }

  result(): ModelResult {
    const requirements = this.units.map((u) => u.evaluate(ONE))
    const maintenance = sum(requirements.map((r) => r.maintenance))
    const initial = sum(requirements.map((r) => r.initial))
    const raw = this.rawEquity
    const equity = this.equity(raw)
    const units = this.units
      .map((u, i): UnitResult | null => {
        if (u.legs.length === 0) return null
        const others = maintenance.minus(requirements[i]!.maintenance)
        return {
          unit: u.unit,
          positions: u.legs.map((l) => l.position.id),
          requirement: requirements[i]!,
          down: this.solve(i, raw, others, 'down'),
          up: this.solve(i, raw, others, 'up'),
        }
      })
      .filter((u): u is UnitResult => u !== null)
    return {
      model: this.model,
      asOf:
        this.spec?.asOf !== undefined && this.spec.model === this.model
          ? new Date(this.spec.asOf).toISOString()
          : (DEFAULTS_AS_OF[this.model as keyof typeof DEFAULTS_AS_OF] ?? 'file'),
      units,
      equity,
      maintenance,
      initial,
      marginRatio: ratioOf(maintenance, equity),
      liquidationRatio: this.liquidationRatio,
      liquidated: equity.lte(maintenance.mul(this.liquidationRatio)),
      hedges: hedgeLegs(this.portfolio).map((id) => {
        const without = new PortfolioAccount(
          this.portfolio,
          this.margin,
          this.spec,
          this.model,
          this.units.map((u) => u.unit),
          id,
        )
        const mm = sum(without.units.map((u) => u.evaluate(ONE).maintenance))
        return { positionId: id, maintenanceWithout: mm, marginRatioWithout: ratioOf(mm, without.equity(without.rawEquity)), value: mm.minus(maintenance) }
      }),
    }
  }

  /** Surplus over the liquidation level with unit `i` at scale k. */
  #surplus(i: number, raw: Decimal, others: Decimal, k: Decimal): Decimal {
    const own = this.units[i]!.evaluate(k).maintenance
    return this.equity(raw, i, k).minus(others.plus(own).mul(this.liquidationRatio))
  }

  /** The unit's move, down or up, at which the account reaches the liquidation level (bisection, then the line through the bracket). */
  solve(i: number, raw: Decimal, others: Decimal, direction: 'down' | 'up'): UnitLiquidation {
    const unit = this.units[i]!
    const pricesAt = (k: Decimal) => new Map(unit.legs.map((l) => [l.position.market, scaled(l.mark, l.beta, k)]))
    const now = this.#surplus(i, raw, others, ONE)
    if (now.lte(0)) return { move: ZERO, prices: pricesAt(ONE), alreadyPast: true, reason: 'the account is at or past the level now' }
    const far = direction === 'down' ? ZERO : MAX_RISE
    if (this.#surplus(i, raw, others, far).gt(0)) {
      return {
        move: null,
        prices: new Map(),
        alreadyPast: false,
        reason:
          direction === 'down'
            ? `no fall of ${unit.unit.name} to zero reaches the level`
            : `no rise of ${unit.unit.name} up to ${MAX_RISE.toFixed()}× reaches it`,
      }
    }
    let safe = ONE
    let past = far
    for (let n = 0; n < BISECTIONS; n++) {
      const mid = safe.plus(past).div(2)
      if (this.#surplus(i, raw, others, mid).gt(0)) safe = mid
      else past = mid
    }
    const fSafe = this.#surplus(i, raw, others, safe)
    const fPast = this.#surplus(i, raw, others, past)
    const k = fSafe.eq(fPast) ? past : safe.minus(fSafe.mul(past.minus(safe)).div(fPast.minus(fSafe)))
    return { move: k.minus(1), prices: pricesAt(k), alreadyPast: false }
  }
}

function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((a, b) => a.plus(b), ZERO)
}

function legOf(portfolio: Portfolio, margin: MarginView, unit: RiskUnitSpec, position: Portfolio['positions'][number]): UnitLeg {
  const market = portfolio.markets.get(position.market)!
  const funding = market.funding
  return {
    position,
    quantity: position.size.mul(sideSign(position.side)),
    mark: market.prices.mark,
    index: market.prices.index,
    beta: unit.betas.get(position.market) ?? ONE,
    ladder: margin.ladders.get(position.market)!,
    leverage: margin.positions.get(position.id)!.leverage,
    fundingPer8h: funding ? funding.rate.mul(FUNDING_WINDOW_MS).div(funding.intervalMs) : ZERO,
  }
}

/** Positions with an opposite-side position somewhere in the account, the largest notional first, at most MAX_HEDGE_LEGS. */
export function hedgeLegs(portfolio: Portfolio): string[] {
  const sides = new Set(portfolio.positions.map((p) => p.side))
  if (sides.size < 2) return []
  const legs = portfolio.positions.map((p) => ({ id: p.id, index: p.index, notional: p.size.mul(portfolio.markets.get(p.market)!.prices.mark) }))
  return legs
    .sort((a, b) => b.notional.cmp(a.notional) || a.index - b.index)
    .slice(0, MAX_HEDGE_LEGS)
    .map((leg) => leg.id)
}

/** Today's model as the margin view computes it: per market the positions' ladder figures. */
function ladderResult(portfolio: Portfolio, margin: MarginView): ModelResult {
  const positions = [...margin.positions.values()]
  const maintenance = sum(positions.map((m) => m.maintenanceMargin))
  const initial = sum(positions.map((m) => m.initialMargin))
  let equity = portfolio.account.walletBalance
  for (const p of portfolio.positions) equity = equity.plus(p.marginMode === 'isolated' ? p.margin! : ZERO).plus(margin.positions.get(p.id)!.unrealizedPnl)
  const markets = [...new Set(portfolio.positions.map((p) => p.market))]
  const bySymbol = new Map<string, PositionMargin[]>()
  for (const m of positions) {
    const here = bySymbol.get(m.symbol)
    if (here) here.push(m)
    else bySymbol.set(m.symbol, [m])
  }
  const units: UnitResult[] = markets.map((symbol) => {
    const here = bySymbol.get(symbol)!
    const price = here[0]!.triggerPrice
    const level = (side: 'long' | 'short', pick: (a: Decimal, b: Decimal) => Decimal): UnitLiquidation => {
      const found = here.filter((m) => m.side === side && m.liquidation.price !== null).map((m) => m.liquidation.price!)
      if (found.length === 0) return { move: null, prices: new Map(), alreadyPast: false, reason: `no ${side} position of ${symbol} has a liquidation price` }
      const at = found.reduce(pick)
      return { move: at.div(price).minus(1), prices: new Map([[symbol, at]]), alreadyPast: here.some((m) => m.side === side && m.liquidation.alreadyPast) }
    }
    return {
      unit: { name: symbol, markets: [symbol], betas: new Map(), path: ['markets', symbol] },
      positions: here.map((m) => m.positionId),
      requirement: {
        maintenance: sum(here.map((m) => m.maintenanceMargin)),
        initial: sum(here.map((m) => m.initialMargin)),
        scenarios: [],
        binding: 'ladder',
        terms: {},
      },
      down: level('long', Decimal.max),
      up: level('short', Decimal.min),
    }
  })
  const crossRatio = margin.account?.marginRatio
  const isolatedMm = (except?: string) => sum(positions.filter((m) => m.marginMode === 'isolated' && m.positionId !== except).map((m) => m.maintenanceMargin))
  return {
    model: 'ladder',
    asOf: new Date(portfolio.asOf).toISOString(),
    units,
    equity,
    maintenance,
    initial,
    marginRatio: crossRatio !== undefined ? crossRatio : ratioOf(maintenance, equity),
    liquidationRatio: ONE,
    liquidated: Boolean(margin.account?.belowMaintenance) || positions.some((m) => m.marginMode === 'isolated' && m.liquidation.alreadyPast),
    hedges: hedgeLegs(portfolio).map((id) => {
      const variant = margin.model.variant({ removed: [id] })
      const cross = variant.crossTotals
      const mm = (cross?.requirement ?? ZERO).plus(isolatedMm(id))
      return {
        positionId: id,
        maintenanceWithout: mm,
        marginRatioWithout: cross ? ratioOf(cross.requirement, cross.balance) : null,
        value: mm.minus(maintenance),
      }
    }),
  }
}
