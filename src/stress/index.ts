// The stress view: the scenario grid, breaking points, correlation breaks, blast radius, worse costs,
// liquidation paths and cascades of one portfolio, from its margin and execution views. The checks judge
// these figures; the JSON records present them.
import type { ExecutionView } from '../execution/view.js'
import type { MarginView } from '../margin/index.js'
import { type BreakCurve, breakCurves } from './break-curve.js'
import { type Cascade, cascades } from './cascade.js'
import {
  type CorrelationBreak,
  correlationBreaks,
  type HedgePair,
  hedgePairs,
  type PairCoverage,
  type PairLevel,
  pairsToTest,
  type UnsizedPair,
} from './correlation.js'
import { type StressCosts, stressCosts } from './costs.js'
import { type AccountState, type BlastRadius, type BreakingPoint, blastRadius, breakingPoint, currentState, type Scenario, scenarioGrid } from './grid.js'
export { type LossOrGain, lossOrGain, type MarginingLoss } from './grid.js'
import { type LiquidationPath, liquidationPaths } from './paths.js'

export type {
  AccountState,
  BlastRadius,
  BreakCurve,
  BreakingPoint,
  Cascade,
  CorrelationBreak,
  HedgePair,
  PairLevel,
  LiquidationPath,
  PairCoverage,
  Scenario,
  StressCosts,
  UnsizedPair,
}
export { isUnsized } from './correlation.js'

export interface StressView {
  /** The account at today's prices (the base the scenarios are compared with). */
  now: AccountState
  /** One scenario per `stress.moves` entry, in the file's order. */
  scenarios: Scenario[]
  /** The smallest market-wide moves, down and up, that bring the cross account to maintenance. */
  breakingPoints: { down: BreakingPoint; up: BreakingPoint }
  /** The worst scenario under cross margin against the positions isolated. */
  blastRadius: BlastRadius | { reason: string }
  /** Each tested offsetting pair's correlation break (or why it cannot be sized). */
  correlationBreaks: (CorrelationBreak | UnsizedPair)[]
  /**
   * Each distinct correlation break as a curve: the cross account against the break's spread move scaled, and
   * where it reaches maintenance. Computed on first call (only the charts read it).
   */
  breakCurves: () => BreakCurve[]
  /** The same pairs as hedges: their own correlation and each leg's liquidation with the other moving with it. */
  hedgePairs: HedgePair[]
  /** Which offsetting pairs the correlation breaks test, and how many they leave out. */
  pairCoverage: PairCoverage
  /** Stops and planned orders at base and on the stressed book. */
  costs: StressCosts
  /** By position id: each position's forced exit from its liquidation price. */
  liquidationPaths: Map<string, LiquidationPath>
  /** The cascade of every grid scenario in which a position breaks. */
  cascades: Cascade[]
}

/**
 * The stress view of a portfolio from its margin view and (for the stressed costs) its execution view.
 * `maxCascadeLinks`: the most forced exits a cascade takes per direction (default: 8 per position; see cascades).
 */
export function computeStress(margin: MarginView, execution: ExecutionView, options: { maxCascadeLinks?: number } = {}): StressView {
  const { model } = margin
  const now = currentState(model)
  const grid = scenarioGrid(model)
  const pairs = pairsToTest(model, now.equity)
  const levels = new Map([...margin.positions].map(([id, m]) => [id, m.liquidation]))
  const chains = cascades(model, levels, options.maxCascadeLinks)
  // One story: a scenario in which a position breaks shows the account as its cascade leaves it (the positions
  // forced out gone from the maintenance, the equity after their fills), not the account marked to the move.
  const byIndex = new Map(chains.map((c) => [c.index, c]))
  const scenarios = grid.map((s) => {
    const chain = byIndex.get(s.index)
    return chain ? { ...chain.after, move: s.move, index: s.index } : s
  })
  const breaks = correlationBreaks(model, now, pairs.pairs)
  let curves: BreakCurve[] | undefined
  return {
    now,
    scenarios,
    breakingPoints: { down: breakingPoint(model, 'down'), up: breakingPoint(model, 'up') },
    // The blast radius compares two ways of margining at the scenario's prices, each marked to the move.
    blastRadius: blastRadius(margin, grid),
    correlationBreaks: breaks,
    breakCurves: () => {
      curves ??= breakCurves(model, breaks)
      return curves
    },
    hedgePairs: hedgePairs(model, pairs.pairs),
    pairCoverage: pairs.coverage,
    costs: stressCosts(model.portfolio, margin, execution),
    liquidationPaths: liquidationPaths(model.portfolio, margin),
    cascades: chains,
  }
}
