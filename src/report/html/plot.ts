// The one file that draws: Observable Plot, given a server-side DOM (linkedom), renders each chart to a static
// SVG string at report time, so the page shows its pictures with no script and nothing fetched. Every chart is
// an image to a screen reader: role="img", an aria-label, and a <title> and <desc> inside the SVG.
import * as Plot from '@observablehq/plot'
import { parseHTML } from 'linkedom'

export { Plot }

/** One DOM for every chart of a report: Plot only creates elements in it, and each SVG leaves as text. */
const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>')

/** The colours of the statuses, readable on the light and the dark background alike. */
export const STATUS_COLOR = {
  fail: '#d64545',
  warn: '#d99a1e',
  skip: '#8a8f98',
  info: '#4a86c8',
  pass: '#3a9e5f',
  liquidated: '#d64545',
  held: '#3a9e5f',
} as const

export const SERIES_COLORS = ['#4a86c8', '#d9762b', '#3a9e5f', '#a05cc8', '#c8486e', '#7f8c1f']

/** An axis tick of a fraction as a percent, three significant digits (a tick label, never a figure of the report). */
export const percentTick = (d: number): string => `${+(d * 100).toPrecision(3)}%`

export interface ChartOptions extends Plot.PlotOptions {
  /** What the chart shows, in a few words: its aria-label and <title>. */
  label: string
  /** What a reader would see: its <desc> (the table beside it has every figure). */
  description: string
  /** The class of the chart's <svg>, for the page's styles and the browser tests. */
  className: string
}

/** A chart as static SVG text. */
export function chart({ label, description, className, ...options }: ChartOptions): string {
  // The x axis's name sits centred under its tick labels, never over the last one.
  const x = options.x && options.x.axis !== 'top' && options.x.label ? { labelAnchor: 'center' as const, labelOffset: 34, ...options.x } : options.x
  const svg = Plot.plot({ document, style: { fontSize: '12px', background: 'transparent' }, marginBottom: 44, ...options, x }) as unknown as Element
  // A legend or a caption would wrap the SVG in a <figure>: the charts label their lines in place instead.
  if (svg.tagName.toLowerCase() !== 'svg') throw new Error(`chart "${label}" is not one SVG (a legend or caption was asked for)`)
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', label)
  svg.setAttribute('class', `${svg.getAttribute('class') ?? ''} chart ${className}`)
  const title = document.createElementNS('http://www.w3.org/2000/svg', 'title')
  title.textContent = label
  const desc = document.createElementNS('http://www.w3.org/2000/svg', 'desc')
  desc.textContent = description
  svg.insertBefore(desc, svg.firstChild)
  svg.insertBefore(title, svg.firstChild)
  return svg.outerHTML
}

/** A decimal string as a drawing position: only where a mark is placed, never a printed figure. */
export function position(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}
