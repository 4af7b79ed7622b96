// Each correlation break as a scenario family, for the margin-ratio chart: the break's two-market move scaled
// from nothing to past where the cross account reaches maintenance. Along a spread move s, each leg's market
// moves by s × (its σ ÷ both σ) against the position, as the 3σ break does at s = spread_move, every other
// market held: the cross account's margin balance, maintenance and ratio at a few moves, and the smallest
// spread move at which it reaches maintenance, solved exactly by the sweep over the two markets' tiers.
// One term per market moved and per point: no per-position work.
import { Decimal, ONE, ZERO, largerOf } from '../decimal.js'
import { type MarginModel, ratioOf } from '../margin/index.js'
import { sideSign } from '../model.js'
import { type CorrelationBreak, crossPoolOf, crossWithMoved, isUnsized, type UnsizedPair } from './correlation.js'
import { moveFactor } from './prices.js'
import { firstMoveAtMaintenance } from './sweep.js'

/** The furthest spread move searched: the two legs' moves add up to 100%. */
export const SPREAD_SEARCH_LIMIT = ONE

/** Grid steps up to the curve's reach (twice the break, 1.25 × the breaking point), besides the break and the breaking point. */
const STEPS = 10

/** The cross account at one spread move. */
export interface BreakCurvePoint {
  spreadMove: Decimal
  /** Each leg market's move at this spread move, signed. */
  moves: Map<string, Decimal>
  marginBalance: Decimal
  maintenanceMargin: Decimal
  /** maintenance ÷ margin balance; null when the balance is not positive. */
  marginRatio: Decimal | null
}

/** One correlation-break scenario (the pairs on the same two markets and sides share it) as a curve. */
export interface BreakCurve {
  /** The pairs whose break this is, in file order (the first names the scenario). */
  pairs: [string, string][]
  /** Each leg market's move per unit of spread move: σ ÷ (σa + σb), signed against the position. */
  weights: Map<string, Decimal>
  /** The 3σ break's spread move (a point of the curve). */
  breakMove: Decimal
  /** From no move to past the breaking point (or twice the break), the break and the breaking point among them; empty with `reason`. */
  points: BreakCurvePoint[]
  /** The smallest spread move at which the cross account reaches maintenance; null with `reason`. */
  breakingPoint: { spreadMove: Decimal; moves: Map<string, Decimal>; prices: Map<string, Decimal> } | null
  searchedTo: Decimal
  reason: string | null
}

/** The curve of every distinct sized correlation break, in the order of the breaks. */
export function breakCurves(model: MarginModel, breaks: readonly (CorrelationBreak | UnsizedPair)[]): BreakCurve[] {
  const curves = new Map<string, BreakCurve>()
  for (const item of breaks) {
    if (isUnsized(item)) continue
    const [a, b] = item.legs
    const key = [a.position.market, a.position.side, b.position.market, b.position.side].join('\u0000')
    const pair: [string, string] = [a.position.id, b.position.id]
    const known = curves.get(key)
    if (known) known.pairs.push(pair)
    else curves.set(key, curveOf(model, item, pair))
  }
  return [...curves.values()]
}

function curveOf(model: MarginModel, item: CorrelationBreak, pair: [string, string]): BreakCurve {
  const total = item.legs[0].dailySigma.plus(item.legs[1].dailySigma)
  const weights = new Map(item.legs.map((l) => [l.position.market, l.dailySigma.div(total).mul(-sideSign(l.position.side))]))
  const base = { pairs: [pair], weights, breakMove: item.spreadMove, searchedTo: SPREAD_SEARCH_LIMIT }
  const symbols = [...weights.keys()]
  if (!model.cross || !symbols.some((symbol) => model.cross!.exposures.has(symbol)))
    return { ...base, points: [], breakingPoint: null, reason: 'neither leg is in the cross account' }
  const pricesAt = (s: Decimal) => new Map(symbols.map((symbol) => [symbol, model.priceOf(symbol).mul(moveFactor(weights.get(symbol)!, s))]))
  const movesAt = (s: Decimal) => new Map(symbols.map((symbol) => [symbol, weights.get(symbol)!.mul(s)]))
  const path = { base: (symbol: string) => model.priceOf(symbol), beta: (symbol: string) => weights.get(symbol) ?? ZERO }
  const crossing = firstMoveAtMaintenance(crossPoolOf(model, symbols), path, ZERO, SPREAD_SEARCH_LIMIT)
  const breaking = crossing && { spreadMove: crossing.move, moves: movesAt(crossing.move), prices: pricesAt(crossing.move) }
  // A round grid from no move to the first step past both twice the break and 1.25 × the breaking point.
  const reach = largerOf(item.spreadMove.mul(2), breaking ? breaking.spreadMove.mul('1.25') : ZERO)
  const step = niceStep(reach.div(STEPS))
  const moves: Decimal[] = []
  for (let s = ZERO; s.lte(SPREAD_SEARCH_LIMIT); s = s.plus(step)) {
    moves.push(s)
    if (s.gte(reach)) break
  }
  for (const extra of [item.spreadMove, breaking?.spreadMove]) if (extra && !moves.some((s) => s.eq(extra))) moves.push(extra)
  moves.sort((x, y) => x.cmp(y))
  const points = moves.map((s): BreakCurvePoint => {
    const { balance, requirement } = crossWithMoved(model, pricesAt(s))
    return { spreadMove: s, moves: movesAt(s), marginBalance: balance, maintenanceMargin: requirement, marginRatio: ratioOf(requirement, balance) }
  })
  const limit = `+${SPREAD_SEARCH_LIMIT.mul(100).toFixed()}%`
  return {
    ...base,
    points,
    breakingPoint: breaking,
    reason: breaking ? null : `no spread move as far as ${limit} brings the cross account to its maintenance margin`,
  }
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above `rough` (a round grid step; the float only picks it). */
function niceStep(rough: Decimal): Decimal {
  if (rough.lte(0)) return new Decimal('0.01')
  const exponent = Math.floor(Math.log10(rough.toNumber()))
  for (const e of [exponent - 1, exponent, exponent + 1])
    for (const m of ['1', '2', '2.5', '5']) {
      const step = new Decimal(`${m}e${e}`)
      if (step.gte(rough)) return step
    }
  return new Decimal(`1e${exponent + 2}`)
}
