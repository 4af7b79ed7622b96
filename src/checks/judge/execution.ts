// The verdicts of the execution checks, in one place: the checks judge base figures with them and the
// stress check judges the same figures on the stressed book, so both always apply the same rules.
import { SEVERITY, type Status } from '../../engine/types.js'
import type { Thresholds } from '../../thresholds.js'
import type { OrderExecution, StopExecution } from '../../execution/view.js'
import type { Decimal } from '../../decimal.js'

/**
 * The share of a fill the book's square-root extension gave (extended ÷ requested); null when nothing came
 * from it. Over `book_extension_warn` the fill rests mostly on the model, not on the visible book: a warning.
 */
export function extendedShare(extended: Decimal, requested: Decimal): Decimal | null {
  return extended.gt(0) && requested.gt(0) ? extended.div(requested) : null
}

function overExtended(extended: Decimal, requested: Decimal, thresholds: Thresholds): boolean {
  return extendedShare(extended, requested)?.gt(thresholds.book_extension_warn) ?? false
}

/**
 * The `stop-vs-liquidation` verdict on a stop: already past liquidation, a stop that triggers the moment it
 * is placed, stop beyond liquidation, fill beyond it, or maintenance not left after the fill: fail; the share
 * of the position the book (with its square-root extension) leaves unfilled: fail above stop_unfilled_fail,
 * warn above stop_unfilled_warn, with or without a liquidation price; more than book_extension_warn of the
 * fill from the extension: warn; no book: info; the buffer in daily σ below stop_buffer_sigma_fail: fail,
 * below stop_buffer_sigma_warn: warn; otherwise pass. The worst of these is the verdict.
 */
export function stopVerdict(s: StopExecution, thresholds: Thresholds): Status {
  if (s.alreadyPast || s.triggersNow) return 'fail'
  const unfilled = unfilledVerdict(s, thresholds)
  const rest = unfilled === 'pass' && s.fill && overExtended(s.fill.walk.extended, s.fill.walk.requested, thresholds) ? 'warn' : unfilled
  if (s.liquidationPrice === null) return rest
  if (s.stopBeyondLiquidation) return 'fail'
  if (!s.fill) return 'info'
  if (s.fillBeyondLiquidation || s.belowMaintenanceAfterFill) return 'fail'
  const buffer = bufferVerdict(s, thresholds)
  return SEVERITY[buffer] > SEVERITY[rest] ? buffer : rest
}

/**
 * The buffer between the expected fill and liquidation in daily σ against the stop thresholds: fail below
 * stop_buffer_sigma_fail, warn below stop_buffer_sigma_warn (exactly at a limit passes); no volatility (or no
 * buffer): pass, the buffer is not judged.
 */
export function bufferVerdict(s: Pick<StopExecution, 'bufferSigma'>, thresholds: Thresholds): 'pass' | 'warn' | 'fail' {
  const sigma = s.bufferSigma
  if (sigma === null) return 'pass'
  if (sigma.lt(thresholds.stop_buffer_sigma_fail)) return 'fail'
  return sigma.lt(thresholds.stop_buffer_sigma_warn) ? 'warn' : 'pass'
}

/** The unfilled share against the stop thresholds: pass when the book fills the whole position or there is no book. */
export function unfilledVerdict(s: Pick<StopExecution, 'unfilledShare'>, thresholds: Thresholds): 'pass' | 'warn' | 'fail' {
  const share = s.unfilledShare
  if (share === null) return 'pass'
  if (share.gt(thresholds.stop_unfilled_fail)) return 'fail'
  return share.gt(thresholds.stop_unfilled_warn) ? 'warn' : 'pass'
}

/**
 * The `slippage` check's verdict on an order: the plan as it will run against the warn and fail limits, and a
 * warning when more than book_extension_warn of it comes from the book's square-root extension; no book: skip.
 */
export function slippageVerdict(o: OrderExecution, thresholds: Thresholds): Status {
  const s = o.slippage
  if (!s) return 'skip'
  const plan = s.planSlippageBps
  if (s.planUnfilled.gt(0) || plan === null || plan.gt(thresholds.slippage_fail_bps)) return 'fail'
  return plan.gt(thresholds.slippage_warn_bps) || overExtended(s.plan.extended, o.order.size, thresholds) ? 'warn' : 'pass'
}
