// Wording shared by the stress checks' one-line messages; the figures beside them keep every digit.
import type { Decimal } from '../decimal.js'
import { fixed, short } from '../execution/format.js'

/** A signed move as a percentage with up to 2 decimals: −0.1 → "−10%", 0.0523 → "+5.23%". */
export function move(fraction: Decimal): string {
  const value = fraction.mul(100).toDecimalPlaces(2).toFixed()
  return fraction.isNeg() ? `−${value.replace('-', '')}%` : `+${value}%`
}

/** A fraction as an unsigned percentage with 2 decimals. */
export function ratio(fraction: Decimal): string {
  return `${fixed(fraction.mul(100))}%`
}

/** A money amount with 2 decimals. */
export function money(value: Decimal): string {
  return fixed(value)
}

/** A price or size, at most 10 significant digits. */
export const price = short

/** Ids as a readable list; "none" when empty. */
export function ids(list: readonly string[]): string {
  return list.length === 0 ? 'none' : list.join(', ')
}
