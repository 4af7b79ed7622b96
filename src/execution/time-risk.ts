// Volatility over short horizons, and the time risk of a sliced schedule (Almgren–Chriss): a slower
// schedule trades impact for exposure, so slippage saved by slicing is shown next to the risk it adds.
import { Decimal, toBps } from '../decimal.js'
import { relativeStd } from '../volatility.js'

/** The time risk of executing a size as equal children at a fixed interval. */
export interface ScheduleRisk {
  /** From the first child to the last: (slices − 1) × interval, milliseconds. */
  durationMs: number
  /** σ·√T over that duration, in basis points of the price: the price move the schedule is exposed to. */
  priceMoveStdBps: Decimal
  /**
   * Almgren–Chriss standard deviation of the schedule's cost, in basis points of the order's notional:
   * Var[C] = σ²·Σₖ τ·xₖ² with xₖ = X·(n − k)/n the size still to trade after child k, which for equal
   * children is σ²·X²·τ·(n − 1)(2n − 1)/(6n) (the uniform-schedule variance of AC §B.3).
   */
  costStdBps: Decimal
}

/**
 * Time risk of `slices` equal children `intervalMs` apart under annualized volatility `volatility`.
 * A single order (slices = 1) has no schedule: both figures are 0.
 */
export function scheduleRisk(options: { volatility: Decimal; slices: number; intervalMs: number }): ScheduleRisk {
  const { volatility, slices: n, intervalMs } = options
  const durationMs = (n - 1) * intervalMs
  const perInterval = relativeStd(volatility, intervalMs)
  const costVarianceFactor = new Decimal(n - 1).times(2 * n - 1).div(6 * n)
  return {
    durationMs,
    priceMoveStdBps: toBps(relativeStd(volatility, durationMs)),
    costStdBps: toBps(perInterval.times(costVarianceFactor.sqrt())),
  }
}
