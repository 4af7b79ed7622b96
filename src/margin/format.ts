// Number wording shared by the margin checks' messages (figures keep every digit; messages are for reading).
import type { Decimal } from '../decimal.js'

/** A price or amount: 2 decimals from 1 up, 6 significant digits below 1. */
export function amount(value: Decimal): string {
  return value.abs().gte(1) ? value.toFixed(2) : value.toSignificantDigits(6).toFixed()
}

/** A fraction as a percentage with up to 2 decimals: 0.1234 → "12.34%". */
export function percent(fraction: Decimal): string {
  return `${fraction.mul(100).toDecimalPlaces(2).toFixed()}%`
}

/** A leverage: "20x", "15.31x". */
export function times(leverage: Decimal): string {
  return `${leverage.toDecimalPlaces(2).toFixed()}x`
}

/** A duration ahead, coarse: "9d 16h", "5h 30m", "12m". */
export function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  const [days, hours, mins] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60]
  if (days > 0) return `${days}d ${hours}h`
  if (hours > 0) return `${hours}h ${mins}m`
  return `${mins}m`
}
