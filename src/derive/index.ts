// What src/stress/index.ts's computeStress reads: the portfolio and the margin and execution views, computed
// before it by the engine (src/engine/views.ts), which computes every view. Only a type, so that stress/ and
// engine/ do not import each other; it goes once computeStress takes these as explicit inputs.
import type { ExecutionView } from '../execution/view.js'
import type { MarginView } from '../margin/index.js'
import type { Portfolio } from '../model.js'

export interface Derived {
  readonly portfolio: Portfolio
  readonly margin: MarginView
  readonly execution: ExecutionView
}
