// Pictures in the terminal, from the report's plain records: a one-line price gauge per position (where
// bankruptcy, liquidation, the stop, entry and the mark sit on one price scale) for the text report's
// positions table, and a bar chart of the account's margin ratio against the market move for --verbose.
// Unicode box and block characters, or plain ASCII (the CLI decides from the terminal's locale); no colour,
// so they read the same on any terminal. Positions on the scale are computed in exact decimals.
import { Decimal } from '../decimal.js'
import { parseDecimalText } from '../input/values.js'
import type { Report } from './build.js'
import { percentText, priceText } from './numbers.js'

export interface Glyphs {
  /** The price scale's line. */
  track: string
  /** Between liquidation and bankruptcy: the margin the liquidation itself uses up. */
  band: string
  /** A bar's whole cell, and its partial cells in eighths (empty where the glyphs have none). */
  full: string
  eighths: readonly string[]
  /** The liquidation line of the margin chart (a ratio of 100%). */
  limit: string
  /** A bar past the chart's end. */
  beyond: string
  /** The chart's minus sign (of a move) and division sign (of its caption). */
  minus: string
  divide: string
}

export const UNICODE: Glyphs = {
  track: '─',
  band: '░',
  full: '█',
  eighths: ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'],
  limit: '│',
  beyond: '▶',
  minus: '−',
  divide: '÷',
}
export const ASCII: Glyphs = { track: '-', band: ':', full: '#', eighths: [], limit: '|', beyond: '>', minus: '-', divide: '/' }

export const glyphsFor = (unicode: boolean | undefined): Glyphs => (unicode ? UNICODE : ASCII)

const num = (value: unknown): Decimal | undefined => (typeof value === 'string' ? parseDecimalText(value) : undefined)

/** A point on a gauge: its letter and price. Earlier points win a shared column. */
export interface Point {
  letter: string
  price: Decimal
}

/**
 * The track of `columns` characters from `low` to `high`: each point at round((price − low) / (high − low) ×
 * (columns − 1)), the first point listed winning a shared column, and the band glyph between the two prices of
 * `band` (liquidation to bankruptcy).
 */
export function track(points: readonly Point[], low: Decimal, high: Decimal, columns: number, glyphs: Glyphs, band?: readonly [Decimal, Decimal]): string {
  const span = high.minus(low)
  const column = (price: Decimal) =>
    span.isZero()
      ? 0
      : price
          .minus(low)
          .div(span)
          .mul(columns - 1)
          .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
          .toNumber()
  const cells = Array.from({ length: columns }, () => glyphs.track)
  if (band) {
    const [a, b] = [column(band[0]), column(band[1])].sort((x, y) => x - y)
    for (let i = a!; i <= b!; i++) cells[i] = glyphs.band
  }
  const taken = new Set<number>()
  for (const point of points) {
    const at = column(point.price)
    if (taken.has(at)) continue
    taken.add(at)
    cells[at] = point.letter
  }
  return cells.join('')
}

/** A position's points and its scale's ends, before the line is laid out. */
interface Scale {
  points: Point[]
  low: Decimal
  high: Decimal
  band?: readonly [Decimal, Decimal]
  left: string
  right: string
}

/**
 * A position's scale: it spans the mark (the price liquidation is judged on, lettered by the market's trigger),
 * liquidation, bankruptcy and the stop's trigger; entry is placed when it stretches that span at most threefold
 * (else the mark-to-liquidation stretch would shrink to a few columns). Undefined without a liquidation price
 * or a stop, and when every point is one price.
 */
function scaleOf(position: Record<string, unknown>, trigger: string, tick: string): Scale | undefined {
  const liquidation = num(position.liquidation_price)
  const bankruptcy = num(position.bankruptcy_price)
  const reference = num(position.trigger_price)
  const stop = num((position.stop as Record<string, unknown> | null | undefined)?.trigger_price_on_liquidation_reference)
  const entry = num(position.entry_price)
  const core: Point[] = [
    ...(liquidation ? [{ letter: 'L', price: liquidation }] : []),
    ...(reference ? [{ letter: TRIGGER_LETTERS[trigger] ?? 'M', price: reference }] : []),
    ...(stop ? [{ letter: 'S', price: stop }] : []),
    ...(bankruptcy && liquidation ? [{ letter: 'B', price: bankruptcy }] : []),
  ]
  let points = core
  if (entry) {
    const withEntry = [...core, { letter: 'E', price: entry }]
    const span = core.length > 0 ? spanOf(core) : new Decimal(0)
    if (span.isZero() || spanOf(withEntry).lte(span.mul(3))) points = withEntry
  }
  // Without a liquidation price or a stop there is nothing to measure the mark against but entry (the uPnL column).
  if (!liquidation && !stop) return undefined
  if (spanOf(points).isZero()) return undefined
  const low = Decimal.min(...points.map((p) => p.price))
  const high = Decimal.max(...points.map((p) => p.price))
  const band = liquidation && bankruptcy ? ([liquidation, bankruptcy] as const) : undefined
  return { points, low, high, band, left: priceText(low.toFixed(), tick), right: priceText(high.toFixed(), tick) }
}

const spanOf = (points: readonly Point[]) => Decimal.max(...points.map((p) => p.price)).minus(Decimal.min(...points.map((p) => p.price)))

const TRIGGER_LETTERS: Record<string, string> = { mark: 'M', index: 'I', last: 'T' }

/** What each letter stands for, in the legend's order. */
const LETTERS: Record<string, string> = { B: 'bankruptcy', L: 'liquidation', S: 'stop', E: 'entry', M: 'mark', I: 'index', T: 'last' }

/** The widest track: wider only spreads the same points further. */
const MAX_TRACK = 48

export interface GaugeInput {
  /** The position's record (report.records.positions). */
  position: Record<string, unknown>
  /** Its market's liquidation trigger: mark, index or last. */
  trigger: string
  tick: string
}

export interface Gauges {
  /** One line per position, "    low-price track high-price", every track starting at the same column; undefined where a position has no scale. */
  lines: (string | undefined)[]
  /** "gauge, price low to high: B bankruptcy, L liquidation, …" for the letters drawn; undefined when no gauge is. */
  legend: string | undefined
}

/** The positions' gauge lines, each at most `width` columns, indented by `indent`. */
export function positionGauges(inputs: readonly GaugeInput[], width: number, glyphs: Glyphs, indent = 4): Gauges {
  const scales = inputs.map((i) => scaleOf(i.position, i.trigger, i.tick))
  const drawn = scales.filter((s): s is Scale => s !== undefined)
  if (drawn.length === 0) return { lines: scales.map(() => undefined), legend: undefined }
  const leftWidth = Math.max(...drawn.map((s) => s.left.length))
  const rightWidth = Math.max(...drawn.map((s) => s.right.length))
  const columns = Math.min(MAX_TRACK, width - indent - leftWidth - rightWidth - 2)
  if (columns < 8) return { lines: scales.map(() => undefined), legend: undefined }
  const lines = scales.map(
    (s) => s && `${' '.repeat(indent)}${s.left.padStart(leftWidth)} ${track(s.points, s.low, s.high, columns, glyphs, s.band)} ${s.right}`,
  )
  const used = new Set(drawn.flatMap((s) => s.points.map((p) => p.letter)))
  const names = Object.entries(LETTERS)
    .filter(([letter]) => used.has(letter))
    .map(([letter, name]) => `${letter} ${name}`)
  return { lines, legend: `gauge, price low to high: ${names.join(', ')}` }
}

/**
 * One bar of `columns` cells for `fraction` (0 to 1) of the scale: whole cells, then the eighth a unicode cell
 * can show (ASCII rounds to whole cells); a fraction above zero shows at least its thinnest glyph.
 */
export function bar(fraction: Decimal, columns: number, glyphs: Glyphs): string {
  const cells = Decimal.min(1, Decimal.max(0, fraction)).mul(columns)
  let text: string
  if (glyphs.eighths.length === 0) text = glyphs.full.repeat(cells.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber())
  else {
    const whole = cells.floor().toNumber()
    const eighths = cells.minus(whole).mul(8).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
    text = eighths === 8 ? glyphs.full.repeat(whole + 1) : glyphs.full.repeat(whole) + (glyphs.eighths[eighths] ?? '')
  }
  return text === '' && fraction.gt(0) ? (glyphs.eighths[1] ?? glyphs.full) : text
}

interface ChartRow {
  /** The move as a fraction, "0" for now. */
  move: string
  /** Null where the pool is gone: drawn past the end, with `gone` for its value. */
  ratio: Decimal | null
  /** "wiped" (the cross balance is gone) or "liq." (every position of an account without a cross pool is liquidated). */
  gone?: string
  /** The positions liquidated at this move. */
  lost: string[]
}

/**
 * The margin ratio (maintenance ÷ margin balance; 100% is liquidation) at each stress scenario's move, with now
 * between the moves down and up: of the cross pool where the account has one (the figure the breaking point
 * is about), else of the whole account (a move that liquidates every position drawn as past the end); the
 * positions liquidated at each move are named. The scale is always 0
 * to 100%, so one account's chart compares with another's and a long bar always means near liquidation. Empty
 * without the stress record.
 */
export function marginChart(report: Report, width: number, glyphs: Glyphs): string[] {
  const stress = report.records.stress as Record<string, unknown> | undefined
  const scenarios = (stress?.scenarios ?? []) as Record<string, unknown>[]
  if (scenarios.length === 0) return []
  const crossPool = scenarios.some((s) => s.cross)
  const rows: ChartRow[] = scenarios.map((s) => {
    const pool = (crossPool ? s.cross : s) as Record<string, unknown> | null
    const lost = (s.liquidated ?? []) as string[]
    // Without a cross pool the ratio left after every position is liquidated is 0%: it is the liquidation itself.
    if (!crossPool && lost.length > 0 && lost.length === report.records.positions.length) return { move: String(s.move), ratio: null, gone: 'liq.', lost }
    const ratio = num(pool?.margin_ratio) ?? null
    return { move: String(s.move), ratio, gone: ratio === null ? 'wiped' : undefined, lost }
  })
  const now = num(report.records.account?.margin_ratio)
  if (crossPool && now) {
    const at = rows.findIndex((r) => new Decimal(r.move).gt(0))
    rows.splice(at < 0 ? rows.length : at, 0, { move: '0', ratio: now, lost: [] })
  }
  const ascii = (text: string) => text.replace('−', glyphs.minus)
  const label = (r: ChartRow) => (r.move === '0' ? 'now' : ascii(percentText(r.move, true)))
  const labelWidth = Math.max(...rows.map((r) => label(r).length))
  const valueWidth = 6
  // label, bar, its end, the value and a few names beside it
  const columns = Math.max(10, Math.min(40, width - (2 + labelWidth + 2) - 1 - (1 + valueWidth) - 20))
  const lines = [
    `${crossPool ? 'Cross margin ratio' : 'Margin ratio'} against the market move`,
    `  maintenance ${glyphs.divide} margin balance, 0 to 100%; ${glyphs.limit} at 100% = liquidation`,
  ]
  for (const r of rows) {
    const over = r.ratio === null || r.ratio.gt(1)
    const value = r.ratio === null ? (r.gone ?? '—') : percentText(r.ratio.toFixed())
    const start = `  ${label(r).padStart(labelWidth)}  ${(r.ratio === null ? glyphs.full.repeat(columns) : bar(r.ratio, columns, glyphs)).padEnd(columns)}`
    const line = `${start}${over ? glyphs.beyond : glyphs.limit} ${value.padStart(valueWidth)}`
    lines.push(line + names(r.lost, width - length(line)))
  }
  lines.push(`${' '.repeat(2 + labelWidth + 2)}0%${'100%'.padStart(columns - 1)}`)
  const breaking = stress?.breaking_point as Record<string, unknown> | undefined
  if (breaking && crossPool) lines.push(cut(ascii(breakingWords(breaking)), width))
  return lines
}

/** "  lost a1, a2 +3" in at most `room` columns ('' when nothing is lost or nothing fits). */
function names(ids: readonly string[], room: number): string {
  for (let shown = ids.length; shown > 0; shown--) {
    const more = shown < ids.length ? ` +${ids.length - shown}` : ''
    const text = `  lost ${ids.slice(0, shown).join(', ')}${more}`
    if (length(text) <= room) return text
  }
  return ids.length > 0 && room >= 8 + String(ids.length).length ? `  lost ${ids.length}`.slice(0, room) : ''
}

/** "  breaking point: down −64.1% (eth-swing first), up none to +300%". */
function breakingWords(breaking: Record<string, unknown>): string {
  const first = (breaking.first_position ?? {}) as Record<string, string | null>
  const searched = (breaking.searched_to ?? {}) as Record<string, string | null>
  const side = (direction: 'down' | 'up') => {
    const move = breaking[direction]
    if (typeof move === 'string') return `${percentText(move, true)}${first[direction] ? ` (${first[direction]} first)` : ''}`
    return `none to ${percentText(searched[direction] ?? null, true)}`
  }
  return `  breaking point: down ${side('down')}, up ${side('up')}`
}

/** Display length: a code point is one column (every glyph here is narrow). */
const length = (text: string) => [...text].length

/** A line cut to `width` columns. */
function cut(line: string, width: number): string {
  return length(line) <= width ? line : [...line].slice(0, width).join('')
}
