// Realized volatility from candles, the figure written as a market's `volatility`: close-to-close log
// returns of the last `returns` finished candles, their sample standard deviation (n − 1), annualized by
// √(candles a year); 365 days, as crypto trades every day. Computed in decimal.js (ln and sqrt at 40
// digits) and written to 6 decimals. The method and window go into the file as a comment (docs/snapshot.md).
import { Decimal } from '../decimal.js'
import { dec } from './snapshot.js'

export interface VolatilityWindow {
  /** ccxt timeframe of the candles: 1h, 4h or 1d. */
  timeframe: string
  /** Log returns in the window (closes = returns + 1). */
  returns: number
}

export const DEFAULT_WINDOW: VolatilityWindow = { timeframe: '1d', returns: 30 }

const TIMEFRAME_MS: Record<string, number> = { '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 }
const YEAR_MS = 365 * 86_400_000

export function timeframeMs(timeframe: string): number | undefined {
  return TIMEFRAME_MS[timeframe]
}

/** `30d` (daily closes), `72h` or `720h` (hourly): the window of a `--volatility` option. */
export function parseWindow(value: string): VolatilityWindow | undefined {
  const match = /^(\d+)(d|h)$/.exec(value.trim())
  if (!match) return undefined
  const returns = Number(match[1])
  return returns >= 2 && returns <= 1000 ? { timeframe: match[2] === 'd' ? '1d' : '1h', returns } : undefined
}

export interface Volatility {
  value: Decimal
  /** Returns actually used (fewer than asked when the market is younger than the window). */
  returns: number
  /** Open time of the first and close time of the last candle used. */
  from: number
  to: number
}

/**
 * Annualized close-to-close volatility of OHLCV rows `[time, open, high, low, close, volume]` (ccxt's shape),
 * leaving out a candle still open at `asOf`. Undefined with fewer than two returns.
 */
export function realizedVolatility(rows: readonly unknown[][], window: VolatilityWindow, asOf: number): Volatility | undefined {
  const step = timeframeMs(window.timeframe)
  if (step === undefined) return undefined
  const finished = rows
    .map((row) => ({ time: Number(row[0]), close: dec(row[4], 'candle close') }))
    .filter((c) => Number.isFinite(c.time) && c.time + step <= asOf && c.close.gt(0))
    .sort((a, b) => a.time - b.time)
    .slice(-(window.returns + 1))
  if (finished.length < 3) return undefined
  const logs = finished.slice(1).map((c, i) => c.close.div(finished[i]!.close).ln())
  const mean = logs.reduce((sum, r) => sum.plus(r), new Decimal(0)).div(logs.length)
  const variance = logs.reduce((sum, r) => sum.plus(r.minus(mean).pow(2)), new Decimal(0)).div(logs.length - 1)
  const value = variance.times(YEAR_MS / step).sqrt()
  return { value: value.toDecimalPlaces(6), returns: logs.length, from: finished[0]!.time, to: finished[finished.length - 1]!.time + step }
}

/** The comment above `volatility:` in the file. */
export function volatilityNote(v: Volatility, window: VolatilityWindow, call: string): string {
  const from = new Date(v.from).toISOString().slice(0, 16)
  const to = new Date(v.to).toISOString().slice(0, 16)
  return `volatility: ${call} ${window.timeframe} candles ${from}Z to ${to}Z; close-to-close log returns (${v.returns}), sample σ × √(${YEAR_MS / timeframeMs(window.timeframe)!} a year)`
}
