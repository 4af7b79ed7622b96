// The requirement of one risk unit under each portfolio model (docs/risk-models.md), at a scale of the unit's
// prices: k = 1 is now, and every market of the unit stands at price × (1 + (k − 1) × beta). Linear products
// only (perpetuals): a scenario's P&L is the positions' quantity × mark × move, volatility states change nothing.
import { Decimal, ZERO } from '../decimal.js'
import { type Ladder, maintenanceMargin } from '../margin/index.js'
import type { Position, RiskModelId, RiskUnitSpec } from '../model.js'
import {
  type GridPoint,
  moveLabel,
  OKX_IMR_MULTIPLIER,
  OKX_MR6_FRACTION,
  okxClass,
  PARADEX_FUNDING_HOURS,
  PARADEX_MM_FRACTION,
  paradexFactors,
  paradexScenarios,
  SPAN_EXTREME_MULTIPLE,
  SPAN_EXTREME_WEIGHT,
} from './params.js'

const ONE = new Decimal(1)
const HOUR_MS = 3_600_000

/** A position as a risk unit holds it. */
export interface UnitLeg {
  position: Position
  /** Signed base quantity: + long, − short. */
  quantity: Decimal
  mark: Decimal
  index: Decimal
  beta: Decimal
  /** The market's resolved ladder (binance-unimmr). */
  ladder: Ladder
  /** The position's leverage (binance-unimmr initial margin). */
  leverage: Decimal
  /** Funding rate per 8 hours (paradex-pm funding provision); zero without funding. */
  fundingPer8h: Decimal
}

/** One scenario: the unit's move, the P&L of its positions, and the loss it charges (weight × loss, never below 0). */
export interface ScenarioPnl {
  label: string
  move: Decimal
  weight: Decimal
  pnl: Decimal
  charge: Decimal
}

export interface UnitRequirement {
  maintenance: Decimal
  initial: Decimal
  /** Every scenario of the model, in its order (empty for binance-unimmr, which has none). */
  scenarios: ScenarioPnl[]
  /** The scenario or term that sets the requirement (null when nothing is charged). */
  binding: string | null
  /** Named terms of the model (okx-pm MR1…MR9, paradex-pm SCAN and min delta, …). */
  terms: Record<string, Decimal>
}

/** How one model prices a unit; `evaluate(k)` is pure and cheap (one pass over the legs per scenario). */
export interface UnitModel {
  unit: RiskUnitSpec
  legs: UnitLeg[]
  evaluate(k: Decimal): UnitRequirement
}

/** A leg's price at scale k. */
export function scaled(price: Decimal, beta: Decimal, k: Decimal): Decimal {
  return price.mul(ONE.plus(k.minus(1).mul(beta)))
}

function pnlAt(legs: readonly UnitLeg[], k: Decimal, move: Decimal): Decimal {
  let pnl = ZERO
  for (const leg of legs)
    pnl = pnl.plus(
      leg.quantity
        .mul(scaled(leg.mark, leg.beta, k))
        .mul(move)
        .mul(leg.beta),
    )
  return pnl
}

function charged(legs: readonly UnitLeg[], k: Decimal, points: readonly GridPoint[]): ScenarioPnl[] {
  return points.map(({ label, move, weight }) => {
    const pnl = pnlAt(legs, k, move)
    return { label, move, weight, pnl, charge: Decimal.max(ZERO, pnl.neg()).mul(weight) }
  })
}

/** The largest charge and its scenario (the first when several tie); null label when nothing is charged. */
function worst(scenarios: readonly ScenarioPnl[]): { charge: Decimal; label: string | null } {
  let best: { charge: Decimal; label: string | null } = { charge: ZERO, label: null }
  for (const s of scenarios) if (s.charge.gt(best.charge)) best = { charge: s.charge, label: s.label }
  return best
}

function deltas(legs: readonly UnitLeg[], k: Decimal): { net: Decimal; gross: Decimal } {
  let net = ZERO
  let gross = ZERO
  for (const leg of legs) {
    const delta = leg.quantity.mul(scaled(leg.index, leg.beta, k))
    net = net.plus(delta)
    gross = gross.plus(delta.abs())
  }
  return { net, gross }
}

/** The raw MR7 amount with each tier's multiplier applied to the part above the previous bound (OKX's worked example). */
export function tieredMr7(raw: Decimal, tiers: RiskUnitSpec['mr7Tiers']): Decimal {
  if (!tiers || tiers.length === 0) return raw
  let total = ZERO
  let from = ZERO
  for (const tier of tiers) {
    const to = tier.upTo === null ? raw : Decimal.min(raw, tier.upTo)
    if (to.gt(from)) total = total.plus(to.minus(from).mul(tier.multiplier))
    if (tier.upTo === null || raw.lte(tier.upTo)) return total
    from = tier.upTo
  }
  // Above the last bound the last multiplier continues.
  return total.plus(raw.minus(from).mul(tiers[tiers.length - 1]!.multiplier))
}

/** Paradex's minimum delta requirement: (unhedged × |net Δ| + hedged × (gross Δ − |net Δ|)/2) × spot, deltas in base units. */
export function minDeltaRequirement(netDelta: Decimal, grossDelta: Decimal, spot: Decimal, unhedged: Decimal, hedged: Decimal): Decimal {
  const hedgedDelta = grossDelta.minus(netDelta.abs()).div(2)
  return unhedged.mul(netDelta.abs()).plus(hedged.mul(hedgedDelta)).mul(spot)
}

function okxModel(unit: RiskUnitSpec, legs: UnitLeg[], imrMultiplier: Decimal | undefined): UnitModel {
  const byClass = okxClass(unit.name)
  const mr1Moves = unit.mr1Moves ?? byClass.mr1Moves
  const mr6Move = unit.mr6Move ?? byClass.mr6Move
  const fraction = unit.mr6Fraction ?? OKX_MR6_FRACTION
  const mr1Points: GridPoint[] = [
    { label: 'MR1 0%', move: ZERO, weight: ONE },
    ...mr1Moves.flatMap((m) => [m, m.neg()].map((move) => ({ label: `MR1 ${moveLabel(move)}`, move, weight: ONE }))),
  ]
  const mr6Points: GridPoint[] = [mr6Move, mr6Move.neg()].map((move) => ({ label: `MR6 ${moveLabel(move)}`, move, weight: fraction }))
  const mr4Rate = unit.mr4Rate!
  const mr7Rate = unit.mr7Rate!
  const mr9 = unit.mr9 ?? ZERO
  const multiplier = imrMultiplier ?? OKX_IMR_MULTIPLIER
  return {
    unit,
    legs,
    evaluate(k) {
      const mr1Scenarios = charged(legs, k, mr1Points)
      const mr6Scenarios = charged(legs, k, mr6Points)
      const mr1 = worst(mr1Scenarios)
      const mr6 = worst(mr6Scenarios)
      const { net, gross } = deltas(legs, k)
      const mr4 = mr4Rate.mul(gross)
      const mr7Raw = mr7Rate.mul(gross)
      const mr7 = tieredMr7(mr7Raw, unit.mr7Tiers)
      const stress = mr6.charge.gt(mr1.charge) ? mr6 : mr1
      const sum = stress.charge.plus(mr4).plus(mr9)
      const maintenance = Decimal.max(sum, mr7)
      const binding = mr7.gt(sum) ? 'MR7' : stress.label
      return {
        maintenance,
        initial: maintenance.mul(multiplier),
        scenarios: [...mr1Scenarios, ...mr6Scenarios],
        binding,
        terms: { delta: net, gross_delta: gross, mr1: mr1.charge, mr4, mr6: mr6.charge, mr7, mr7_raw: mr7Raw, mr9 },
      }
    },
  }
}

function paradexModel(unit: RiskUnitSpec, legs: UnitLeg[]): UnitModel {
  const points: GridPoint[] =
    unit.scanMoves?.map((move, i) => ({ label: `${i + 1}: ${moveLabel(move)}`, move, weight: unit.scanWeights?.[i] ?? ONE })) ?? paradexScenarios(unit.name)!
  const factors = paradexFactors(unit.name)
  const unhedged = unit.unhedgedFactor ?? factors!.unhedged
  const hedged = unit.hedgedFactor ?? factors!.hedged
  const fee = unit.feeProvision ?? ZERO
  return {
    unit,
    legs,
    evaluate(k) {
      const scenarios = charged(legs, k, points)
      const scan = worst(scenarios)
      const { net, gross } = deltas(legs, k)
      // Deltas in USD: × spot is already in them (each leg at its own index price).
      const minDelta = minDeltaRequirement(net, gross, ONE, unhedged, hedged)
      let funding = ZERO
      for (const leg of legs) funding = funding.plus(leg.quantity.mul(scaled(leg.mark, leg.beta, k)).mul(leg.fundingPer8h))
      const fundingProvision = Decimal.max(ZERO, funding)
      const netRequirement = Decimal.max(scan.charge, minDelta)
      const binding = minDelta.gt(scan.charge) ? 'min delta' : scan.label
      return {
        maintenance: PARADEX_MM_FRACTION.mul(netRequirement).plus(fundingProvision).plus(fee),
        initial: netRequirement.plus(fundingProvision).plus(fee),
        scenarios,
        binding,
        terms: { scan_risk: scan.charge, min_delta: minDelta, net_delta: net, gross_delta: gross, funding_provision: fundingProvision, fee_provision: fee },
      }
    },
  }
}

function binanceModel(unit: RiskUnitSpec, legs: UnitLeg[]): UnitModel {
  const markets = new Map<string, UnitLeg[]>()
  for (const leg of legs) markets.set(leg.position.market, [...(markets.get(leg.position.market) ?? []), leg])
  return {
    unit,
    legs,
    evaluate(k) {
      let maintenance = ZERO
      let initial = ZERO
      for (const group of markets.values()) {
        let net = ZERO
        for (const leg of group) {
          net = net.plus(leg.quantity)
          initial = initial.plus(
            leg.quantity
              .abs()
              .mul(scaled(leg.mark, leg.beta, k))
              .div(leg.leverage),
          )
        }
        const first = group[0]!
        maintenance = maintenance.plus(maintenanceMargin(first.ladder, net.abs().mul(scaled(first.mark, first.beta, k))))
      }
      return { maintenance, initial, scenarios: [], binding: maintenance.gt(0) ? 'ladder' : null, terms: { futures_mm: maintenance } }
    },
  }
}

function gridModel(unit: RiskUnitSpec, legs: UnitLeg[], points: GridPoint[], imrMultiplier: Decimal | undefined): UnitModel {
  const multiplier = imrMultiplier ?? ONE
  return {
    unit,
    legs,
    evaluate(k) {
      const scenarios = charged(legs, k, points)
      const { charge, label } = worst(scenarios)
      return { maintenance: charge, initial: charge.mul(multiplier), scenarios, binding: label, terms: { scan_risk: charge } }
    },
  }
}

/** CME SPAN's 16 scenarios for a linear product: 0, ±1/3, ±2/3, ±1 scan range (vol up and down), then ±2 ranges at 35%. */
export function spanScenarios(scanRange: Decimal, extremeMultiple = SPAN_EXTREME_MULTIPLE, extremeWeight = SPAN_EXTREME_WEIGHT): GridPoint[] {
  const third = ONE.div(3)
  const fractions: [Decimal, string][] = [
    [ZERO, '0'],
    [third, '+1/3'],
    [third.neg(), '−1/3'],
    [third.mul(2), '+2/3'],
    [third.mul(-2), '−2/3'],
    [ONE, '+1'],
    [ONE.neg(), '−1'],
  ]
  const standard = fractions.flatMap(([f, name]) => ['vol up', 'vol down'].map((vol) => ({ name: `${name} range ${vol}`, move: scanRange.mul(f) })))
  const extreme = [extremeMultiple, extremeMultiple.neg()].map((m) => ({ name: `${m.gt(0) ? '+' : '−'}${m.abs().toFixed()} ranges`, move: scanRange.mul(m) }))
  return [
    ...standard.map(({ name, move }, i) => ({ label: `${i + 1}: ${name}`, move, weight: ONE })),
    ...extreme.map(({ name, move }, i) => ({ label: `${15 + i}: ${name}`, move, weight: extremeWeight })),
  ]
}

/** The model of `unit` under `model` (its parameters already checked present: params.missingParameters). */
export function unitModel(model: Exclude<RiskModelId, 'ladder'>, unit: RiskUnitSpec, legs: UnitLeg[], imrMultiplier: Decimal | undefined): UnitModel {
  switch (model) {
    case 'okx-pm':
      return okxModel(unit, legs, imrMultiplier)
    case 'paradex-pm':
      return paradexModel(unit, legs)
    case 'binance-unimmr':
      return binanceModel(unit, legs)
    case 'span16':
      return gridModel(unit, legs, spanScenarios(unit.scanRange!, unit.extremeMultiple, unit.extremeWeight), imrMultiplier)
    case 'grid': {
      const points: GridPoint[] = [
        ...unit.moves!.map((move, i) => ({ label: moveLabel(move), move, weight: unit.weights?.[i] ?? ONE })),
        ...(unit.extremeMoves ?? []).map((move) => ({ label: `extreme ${moveLabel(move)}`, move, weight: unit.extremeFraction ?? ONE })),
      ]
      return gridModel(unit, legs, points, imrMultiplier)
    }
  }
}

export const FUNDING_WINDOW_MS = PARADEX_FUNDING_HOURS * HOUR_MS
