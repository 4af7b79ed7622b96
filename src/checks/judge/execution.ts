// The verdicts of the execution checks, in one place: the checks judge base figures with them and the
// stress check judges the same figures on the stressed book, so both always apply the same rules.
import type { Status } from '../../engine/types.js'
import type { Thresholds } from '../../thresholds.js'
import type { OrderExecution, StopExecution } from '../../execution/view.js'

/**
 * The `stop-vs-liquidation` verdict on a stop: already past
 * liquidation, stop beyond it, book unable to fill, fill beyond it, or maintenance not left after the fill:
 * fail; no liquidation price: pass; no book: info; otherwise pass.
 */
export function stopVerdict(s: StopExecution): Status {
  if (s.alreadyPast) return 'fail'
  if (s.liquidationPrice === null) return 'pass'
  if (s.stopBeyondLiquidation) return 'fail'
  if (!s.fill) return 'info'
  if (s.fill.walk.unfilled.gt(0) || s.fillBeyondLiquidation || s.belowMaintenanceAfterFill) return 'fail'
  return 'pass'
}

/** The `slippage` check's verdict on an order: the plan as it will run against the warn and fail limits; no book: skip. */
export function slippageVerdict(o: OrderExecution, thresholds: Thresholds): Status {
  const s = o.slippage
  if (!s) return 'skip'
  const plan = s.planSlippageBps
  if (s.planUnfilled.gt(0) || plan === null || plan.gt(thresholds.slippage_fail_bps)) return 'fail'
  return plan.gt(thresholds.slippage_warn_bps) ? 'warn' : 'pass'
}
