// What the HTML report's sections share: the report with its lookups, how a market's figures print, and the
// helpers every chart uses (a cell that sorts by its figure, a row's price label, a line's name at its end).
import { SEVERITY, type Status } from '../../engine/types.js'
import type { MarketFormat, Report } from '../build.js'
import type { Cell } from './page.js'
import { Plot, position } from './plot.js'

/** Positions that get charts (the worst first); every position is in the tables. */
export const CHARTED_POSITIONS = 50

/** Every chart is laid out this wide (its SVG scales to its box). */
export const WIDTH = 640

export interface Context {
  report: Report
  markets: Map<string, MarketFormat>
  /** Where each subject's section or row is, by id. */
  anchors: Map<string, string>
  /** liquidation-distance's daily σ per position id. */
  sigma: Map<string, string>
}

export function format(context: Context, market: string | null): MarketFormat {
  return context.markets.get(market ?? '') ?? { symbol: market ?? '', tick: '0.01', quote: '' }
}

export interface Level {
  key: string
  /** The row the level is drawn on. */
  label: string
  price: string
}

export function at(key: string, label: string, price: string | null): Level | null {
  return price === null ? null : { key, label, price }
}

/** Each row's price beside its mark: to the right of a mark in the left half, to the left in the right half. */
export function rowLabels(rows: { x: number; label: string; text: string }[], right: (x: number) => boolean): Plot.Markish[] {
  const options = { x: 'x', y: 'label', text: 'text', className: 'level-label' }
  return [
    Plot.text(
      rows.filter((r) => !right(r.x)),
      { ...options, dx: 8, textAnchor: 'start' },
    ),
    Plot.text(
      rows.filter((r) => right(r.x)),
      { ...options, dx: -8, textAnchor: 'end' },
    ),
  ]
}

export function num(text: string, value: string | null | undefined): Cell {
  return { text, sort: position(value) }
}

export function severityOf(status: unknown): number {
  return typeof status === 'string' && status in SEVERITY ? SEVERITY[status as Status] : -1
}

/** Each line's name at its last point (in place of a legend). */
export function seriesNames<T extends { series: string }>(points: T[], x: keyof T & string, y: keyof T & string): Plot.Markish[] {
  // Two lines often end close together: the first name sits above its end, the second below.
  const names = [...new Set(points.map((p) => p.series))]
  return names.map((name, i) =>
    Plot.text(
      points.filter((p) => p.series === name),
      Plot.selectLast({ x, y, text: 'series', fill: 'series', dx: 6, dy: i % 2 === 0 ? -10 : 12, textAnchor: 'start', fontWeight: 'bold' }),
    ),
  )
}
