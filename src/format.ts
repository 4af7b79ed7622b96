// How numbers read in one-line messages, the same in every check. Messages are for reading; the figures
// beside them keep every digit.
import { compare, Decimal, fixedString, roundedString, significantString, underflowsFigure } from './decimal.js'

/** A figure to `places` decimals (half-even), plain notation. */
export function fixed(value: Decimal, places = 2): string {
  return roundedString(value, places)
}

/** A price or size: at most 10 significant digits (a value below 1e-30 reads 0, as its figure does). */
export function short(value: Decimal): string {
  return underflowsFigure(value) ? '0' : significantString(value, 10)
}

/** A money amount: cents from 1 up with thousands separators ("1,234.50"), 6 significant digits below 1. */
export function money(value: Decimal): string {
  if (underflowsFigure(value)) return '0'
  if (!value.isFinite()) return value.toFixed()
  const atLeastOne = !value.isZero() && value.e >= 0
  return atLeastOne ? thousands(fixedString(value, 2)) : significantString(value, 6)
}

/** "-1234567.5" → "-1,234,567.5": the whole part (digits after an optional minus) grouped by three. */
export function thousands(plain: string): string {
  const point = plain.indexOf('.')
  const end = point < 0 ? plain.length : point
  const start = plain.startsWith('-') ? 1 : 0
  const first = start + ((end - start) % 3 || 3)
  if (first >= end) return plain
  let grouped = plain.slice(0, first)
  for (let i = first; i < end; i += 3) grouped += `,${plain.slice(i, i + 3)}`
  return grouped + plain.slice(end)
}

/** A fraction as a percentage with `places` decimals: 0.1234 → "12.34%"; a positive value too small to show reads "<0.01%". */
export function percent(fraction: Decimal, places = 2): string {
  const value = fraction.mul(100)
  if (value.s > 0 && !value.isZero()) {
    const smallest = smallestShown(places)
    if (compare(value, smallest.half) < 0) return `<${smallest.text}%`
  }
  return `${fixed(value, places)}%`
}

const smallestByPlaces = new Map<number, { half: Decimal; text: string }>()

/** 10^−places as text and its half, once per number of places (messages format thousands of percentages). */
function smallestShown(places: number): { half: Decimal; text: string } {
  let smallest = smallestByPlaces.get(places)
  if (!smallest) {
    const value = new Decimal(10).pow(-places)
    smallest = { half: value.div(2), text: value.toFixed() }
    smallestByPlaces.set(places, smallest)
  }
  return smallest
}

/** A move as a signed percentage: −0.1 → "−10%", 0.0523 → "+5.23%". */
export function signedPercent(fraction: Decimal): string {
  const value = fixed(fraction.mul(100).abs())
  return fraction.isNeg() ? `−${value}%` : `+${value}%`
}

/** A leverage: "20x", "15.31x". */
export function times(leverage: Decimal): string {
  return `${fixed(leverage)}x`
}

/** Milliseconds as the file writes durations, in the largest unit that is exact: "200ms", "90s", "15m", "8h", "3d" (it parses back). */
export function duration(ms: number): string {
  // Durations are bounded whole milliseconds (docs/format.md#limits); anything else would print through a
  // float ("1e+26ms") and not parse back, so it is a failure of the check that asked, never a figure.
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError('a duration must be a whole, non-negative number of milliseconds below 2^53')
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ]
  for (const [unit, size] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`
  return `${ms}ms`
}

/** A time span, coarse, the same everywhere: "9d16h", "5h27m", "12m", "45s" (whole units, rounded down). */
export function timeAhead(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.floor(ms / 1000))}s`
  const minutes = Math.floor(ms / 60_000)
  const [days, hours, mins] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60]
  if (days > 0) return `${days}d${hours}h`
  if (hours > 0) return `${hours}h${mins}m`
  return `${mins}m`
}

/** The decimal places a tick needs: 0.1 → 1, 0.0001 → 4, 0.5 → 1, 5 → 0. */
export function tickPlaces(tick: Decimal): number {
  return tick.decimalPlaces()
}

/**
 * A price at its market's precision: rounded (half-even) to the tick's decimal places, so 2.38114 on a 0.0001
 * tick reads 2.3811 and 0.00000903614 on a 0.00000001 tick reads 0.00000904 (never a fixed 2 decimals).
 */
export function price(value: Decimal, market: { tick: Decimal }): string {
  if (underflowsFigure(value)) return '0'
  return fixedString(value, tickPlaces(market.tick))
}

/** Ids as a readable list; "none" when empty. */
export function ids(list: readonly string[]): string {
  return list.length === 0 ? 'none' : list.join(', ')
}
