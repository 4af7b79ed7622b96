// Figures computed once from the validated portfolio and shared by the checks and the JSON records.
// Each view is computed on first use and kept, so a check run alone (--only) pays only for what it
// reads, and a view that throws is reported against the check that needed it.
import type { Portfolio } from '../model.js'
import { computeMargin, type MarginView } from '../margin/index.js'
import { computeExecution, type ExecutionView } from '../execution/view.js'
import { computeFunding, type FundingView } from '../funding/view.js'
import { computeStress, type StressView } from '../stress/index.js'

export class Derived {
  constructor(readonly portfolio: Portfolio) {}

  #margin?: MarginView
  /** Ladder tiers, maintenance and initial margin, liquidation and bankruptcy prices (src/margin). */
  get margin(): MarginView {
    this.#margin ??= computeMargin(this.portfolio)
    return this.#margin
  }

  #execution?: ExecutionView
  /** Book walks, sliced plans, fees under latency and stop fills (src/execution). */
  get execution(): ExecutionView {
    this.#execution ??= computeExecution(this.portfolio, this.margin)
    return this.#execution
  }

  #funding?: FundingView
  /** Funding schedule, caps and each position's and order's payments over its hold (src/funding). */
  get funding(): FundingView {
    this.#funding ??= computeFunding(this.portfolio, this.margin)
    return this.#funding
  }

  #stress?: StressView
  /** Scenario grid, breaking points, correlation breaks, blast radius, worse costs, liquidation paths, cascades (src/stress). */
  get stress(): StressView {
    this.#stress ??= computeStress(this)
    return this.#stress
  }
}

export function derive(portfolio: Portfolio): Derived {
  return new Derived(portfolio)
}
