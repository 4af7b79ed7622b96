// Volatility over a horizon: the one scaling every check uses (the daily σ of liquidation distance,
// the move over a funding hold, over an order's latency, over a sliced schedule).
import { Decimal, MS_PER_YEAR } from './decimal.js'

export const DAY_MS = 86_400_000

/**
 * Standard deviation of the relative price move over `durationMs`, from an annualized volatility:
 * σ·√(T / 1 year) (Brownian scaling, 365-day year; square root in decimal.js).
 */
export function relativeStd(volatility: Decimal, durationMs: number): Decimal {
  return volatility.times(horizonScale(durationMs))
}

/** √(T / 1 year) by duration: a handful of durations recur in a file (a day, the latencies, the holds). */
const scales = new Map<number, Decimal>()

function horizonScale(durationMs: number): Decimal {
  let scale = scales.get(durationMs)
  if (!scale) {
    scale = new Decimal(durationMs).div(MS_PER_YEAR).sqrt()
    scales.set(durationMs, scale)
  }
  return scale
}

/** σ_daily = annualized volatility × √(1 day / 1 year) = volatility / √365. */
export function dailySigma(volatility: Decimal): Decimal {
  return relativeStd(volatility, DAY_MS)
}
