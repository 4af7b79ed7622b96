// The stress view: the scenario grid, breaking points, correlation breaks, blast radius, worse costs,
// liquidation paths and cascades of one portfolio, each computed on first use and kept, so a check run
// alone pays only for what it reads. The checks judge these figures; the JSON records present them.
import type { Derived } from '../derive/index.js'
import { stressCosts, type StressCosts } from './costs.js'
import { correlationBreaks, type CorrelationBreak, type UnsizedPair } from './correlation.js'
import { cascades, type Cascade } from './cascade.js'
import { blastRadius, breakingPoint, currentState, scenarioGrid, type AccountState, type BlastRadius, type BreakingPoint, type Scenario } from './grid.js'
import { liquidationPaths, type LiquidationPath } from './paths.js'

export type { AccountState, BlastRadius, BreakingPoint, Cascade, CorrelationBreak, LiquidationPath, Scenario, StressCosts, UnsizedPair }
export { isUnsized } from './correlation.js'

export class StressView {
  constructor(private readonly derived: Derived) {}

  #now?: AccountState
  /** The account at today's prices (the base the scenarios are compared with). */
  get now(): AccountState {
    this.#now ??= currentState(this.derived.portfolio)
    return this.#now
  }

  #scenarios?: Scenario[]
  /** One scenario per `stress.moves` entry, in the file's order. */
  get scenarios(): Scenario[] {
    this.#scenarios ??= scenarioGrid(this.derived.portfolio)
    return this.#scenarios
  }

  #breakingPoints?: { down: BreakingPoint; up: BreakingPoint }
  /** The smallest market-wide moves, down and up, that bring the cross account to maintenance. */
  get breakingPoints(): { down: BreakingPoint; up: BreakingPoint } {
    this.#breakingPoints ??= { down: breakingPoint(this.derived.portfolio, 'down'), up: breakingPoint(this.derived.portfolio, 'up') }
    return this.#breakingPoints
  }

  #blastRadius?: BlastRadius | { reason: string }
  /** The worst scenario under cross margin against the positions isolated. */
  get blastRadius(): BlastRadius | { reason: string } {
    this.#blastRadius ??= blastRadius(this.derived.portfolio, this.derived.margin, this.scenarios)
    return this.#blastRadius
  }

  #correlationBreaks?: (CorrelationBreak | UnsizedPair)[]
  /** Every offsetting pair's correlation break (or why it cannot be sized). */
  get correlationBreaks(): (CorrelationBreak | UnsizedPair)[] {
    this.#correlationBreaks ??= correlationBreaks(this.derived.portfolio)
    return this.#correlationBreaks
  }

  #costs?: StressCosts
  /** Stops and planned orders at base and on the stressed book. */
  get costs(): StressCosts {
    this.#costs ??= stressCosts(this.derived.portfolio, this.derived.margin, this.derived.execution)
    return this.#costs
  }

  #liquidationPaths?: Map<string, LiquidationPath>
  /** By position id: each position's forced exit from its liquidation price. */
  get liquidationPaths(): Map<string, LiquidationPath> {
    this.#liquidationPaths ??= liquidationPaths(this.derived.portfolio, this.derived.margin)
    return this.#liquidationPaths
  }

  #cascades?: Cascade[]
  /** The cascade of every grid scenario in which a position breaks. */
  get cascades(): Cascade[] {
    this.#cascades ??= cascades(this.derived.portfolio)
    return this.#cascades
  }
}

/** The stress view of a derived portfolio (reads its margin and execution views). */
export function computeStress(derived: Derived): StressView {
  return new StressView(derived)
}
