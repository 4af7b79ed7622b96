// The verdicts of the execution checks, in one place: the checks judge base figures with them and the
// stress check judges the same figures on the stressed book, so both always apply the same rules.
import type { Status } from '../../engine/types.js'
import type { Thresholds } from '../../thresholds.js'
import type { OrderExecution, StopExecution } from '../../execution/view.js'

/**
 * The `stop-vs-liquidation` verdict on a stop: already past liquidation, a stop that triggers the moment it
 * is placed, stop beyond liquidation, fill beyond it, or maintenance not left after the fill: fail; the share
 * of the position the book leaves unfilled: fail above stop_unfilled_fail, warn above stop_unfilled_warn,
 * with or without a liquidation price; no book: info; otherwise pass.
 */
export function stopVerdict(s: StopExecution, thresholds: Thresholds): Status {
  if (s.alreadyPast || s.triggersNow) return 'fail'
  const unfilled = unfilledVerdict(s, thresholds)
  if (s.liquidationPrice === null) return unfilled
  if (s.stopBeyondLiquidation) return 'fail'
  if (!s.fill) return 'info'
  if (s.fillBeyondLiquidation || s.belowMaintenanceAfterFill) return 'fail'
  return unfilled
}

/** The unfilled share against the stop thresholds: pass when the book fills the whole position or there is no book. */
export function unfilledVerdict(s: Pick<StopExecution, 'unfilledShare'>, thresholds: Thresholds): 'pass' | 'warn' | 'fail' {
  const share = s.unfilledShare
  if (share === null) return 'pass'
  if (share.gt(thresholds.stop_unfilled_fail)) return 'fail'
  return share.gt(thresholds.stop_unfilled_warn) ? 'warn' : 'pass'
}

/** The `slippage` check's verdict on an order: the plan as it will run against the warn and fail limits; no book: skip. */
export function slippageVerdict(o: OrderExecution, thresholds: Thresholds): Status {
  const s = o.slippage
  if (!s) return 'skip'
  const plan = s.planSlippageBps
  if (s.planUnfilled.gt(0) || plan === null || plan.gt(thresholds.slippage_fail_bps)) return 'fail'
  return plan.gt(thresholds.slippage_warn_bps) ? 'warn' : 'pass'
}
