// The stress view: the scenario grid, breaking points, correlation breaks, blast radius, worse costs,
// liquidation paths and cascades of one portfolio, each computed on first use and kept, so a check run
// alone pays only for what it reads. The checks judge these figures; the JSON records present them.
import type { ExecutionView } from '../execution/view.js'
import type { MarginView } from '../margin/index.js'
import { type Cascade, cascades } from './cascade.js'
import { type CorrelationBreak, correlationBreaks, type PairCoverage, pairsToTest, type UnsizedPair } from './correlation.js'
import { stressCosts, type StressCosts } from './costs.js'
import { type AccountState, type BlastRadius, type BreakingPoint, blastRadius, breakingPoint, currentState, type Scenario, scenarioGrid } from './grid.js'
import { type LiquidationPath, liquidationPaths } from './paths.js'

export type { AccountState, BlastRadius, BreakingPoint, Cascade, CorrelationBreak, LiquidationPath, PairCoverage, Scenario, StressCosts, UnsizedPair }
export { isUnsized } from './correlation.js'

export class StressView {
  constructor(
    private readonly margin: MarginView,
    private readonly execution: () => ExecutionView,
  ) {}

  #now?: AccountState
  /** The account at today's prices (the base the scenarios are compared with). */
  get now(): AccountState {
    this.#now ??= currentState(this.margin.model)
    return this.#now
  }

  #scenarios?: Scenario[]
  /** One scenario per `stress.moves` entry, in the file's order. */
  get scenarios(): Scenario[] {
    this.#scenarios ??= scenarioGrid(this.margin.model)
    return this.#scenarios
  }

  #breakingPoints?: { down: BreakingPoint; up: BreakingPoint }
  /** The smallest market-wide moves, down and up, that bring the cross account to maintenance. */
  get breakingPoints(): { down: BreakingPoint; up: BreakingPoint } {
    this.#breakingPoints ??= { down: breakingPoint(this.margin.model, 'down'), up: breakingPoint(this.margin.model, 'up') }
    return this.#breakingPoints
  }

  #blastRadius?: BlastRadius | { reason: string }
  /** The worst scenario under cross margin against the positions isolated. */
  get blastRadius(): BlastRadius | { reason: string } {
    this.#blastRadius ??= blastRadius(this.margin, this.scenarios)
    return this.#blastRadius
  }

  #pairs?: ReturnType<typeof pairsToTest>
  /** Which offsetting pairs the correlation breaks test, and how many they leave out. */
  get pairCoverage(): PairCoverage {
    this.#pairs ??= pairsToTest(this.margin.model, this.now.equity)
    return this.#pairs.coverage
  }

  #correlationBreaks?: (CorrelationBreak | UnsizedPair)[]
  /** Each tested offsetting pair's correlation break (or why it cannot be sized). */
  get correlationBreaks(): (CorrelationBreak | UnsizedPair)[] {
    this.#pairs ??= pairsToTest(this.margin.model, this.now.equity)
    this.#correlationBreaks ??= correlationBreaks(this.margin.model, this.now, this.#pairs.pairs)
    return this.#correlationBreaks
  }

  #costs?: StressCosts
  /** Stops and planned orders at base and on the stressed book. */
  get costs(): StressCosts {
    this.#costs ??= stressCosts(this.margin.model.portfolio, this.margin, this.execution())
    return this.#costs
  }

  #liquidationPaths?: Map<string, LiquidationPath>
  /** By position id: each position's forced exit from its liquidation price. */
  get liquidationPaths(): Map<string, LiquidationPath> {
    this.#liquidationPaths ??= liquidationPaths(this.margin.model.portfolio, this.margin)
    return this.#liquidationPaths
  }

  #cascades?: Cascade[]
  /** The cascade of every grid scenario in which a position breaks. */
  get cascades(): Cascade[] {
    const levels = new Map([...this.margin.positions].map(([id, m]) => [id, m.liquidation]))
    this.#cascades ??= cascades(this.margin.model, levels)
    return this.#cascades
  }
}

/** The stress view of a portfolio from its margin view (and, for the stressed costs, its execution view). */
export function computeStress(margin: MarginView, execution: () => ExecutionView): StressView {
  return new StressView(margin, execution)
}
