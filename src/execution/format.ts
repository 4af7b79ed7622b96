// Short renderings of execution figures for one-line messages; the figures themselves stay exact.
import { Decimal } from '../decimal.js'

/** A figure rounded for a message: `places` decimals (half-even), plain notation. */
export function fixed(value: Decimal, places = 2): string {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed()
}

/** A price or size for a message: at most 10 significant digits, plain notation. */
export function short(value: Decimal): string {
  return value.toSignificantDigits(10).toFixed()
}

/** A probability or share as a percentage with two decimals, e.g. "12.96%"; a positive value under 0.005% reads "<0.01%". */
export function percent(value: Decimal): string {
  if (value.gt(0) && value.lt('0.00005')) return '<0.01%'
  return `${fixed(value.times(100))}%`
}

/** Milliseconds as the file writes durations: "200ms", "30s", "15m". */
export function duration(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`
  if (ms % 1000 === 0 && ms >= 1000) return `${ms / 1000}s`
  return `${ms}ms`
}

/** A count as a Decimal figure. */
export const count = (n: number): Decimal => new Decimal(n)
