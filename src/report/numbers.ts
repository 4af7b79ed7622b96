// How the text report prints a figure, the same way wherever it appears: prices at their market's tick, money
// to the cent with thousands separators and the quote currency, percentages and σ with three significant
// digits. JSON keeps the exact decimals; these are for reading.
import { Decimal, fixedString, plainString, significantString } from '../decimal.js'
import { parseDecimalText } from '../input/values.js'
import { price, thousands } from '../format.js'

const number = (text: string | null | undefined): Decimal | undefined => (text ? parseDecimalText(text) : undefined)

/** 1234567.891 → "1,234,567.891", as messages print money (src/format.ts). */
export const grouped = thousands

/** A price to the tick's decimal places (half-even), as messages print it: 56475.90361 on a 0.1 tick → "56475.9". */
export function priceText(value: string | null | undefined, tick: string): string {
  const n = number(value)
  return n ? price(n, marketTick(tick)) : '—'
}

const ticks = new Map<string, { tick: Decimal }>()

/** A tick as price() reads it, once per tick (a desk account's tables print 40,000 prices over 200 ticks). */
function marketTick(tick: string): { tick: Decimal } {
  let market = ticks.get(tick)
  if (!market) {
    market = { tick: new Decimal(tick) }
    ticks.set(tick, market)
  }
  return market
}

/** Money to the cent, grouped, with the currency: "−1,921.31 USDT"; an amount under a cent keeps 3 significant digits. */
export function moneyText(value: string | null | undefined, quote: string): string {
  const n = number(value)
  if (!n) return '—'
  const plain = n.isZero() || n.abs().gte('0.01') ? fixedString(n, 2) : significantString(n, 3)
  return `${grouped(plain)} ${quote}`
}

/** A size as written (no rounding: sizes are the file's own). */
export function sizeText(value: string | null | undefined): string {
  const n = number(value)
  return n ? grouped(plainString(n)) : '—'
}

/** A fraction as a percentage with 3 significant digits: 0.117708 → "11.8%", 1.234 → "123%", 0.000952 → "0.0952%". */
export function percentText(value: string | null | undefined, signed = false): string {
  const n = number(value)
  if (!n) return '—'
  const text = `${significantString(n.mul(100).abs(), 3)}%`
  return n.isNeg() ? `−${text}` : signed && !n.isZero() ? `+${text}` : text
}

/** Basis points with 3 significant digits: "427 bps", "0.952 bps". */
export function bpsText(value: string | null | undefined): string {
  const n = number(value)
  if (!n) return '—'
  const text = `${significantString(n.abs(), 3)} bps`
  return n.isNeg() ? `−${text}` : text
}

/** Daily σ with 3 significant digits: "4.09σ". */
export function sigmaText(value: string | null | undefined): string {
  const n = number(value)
  return n ? `${significantString(n, 3)}σ` : '—'
}
