// The default terminal report: problems first. What fails and warns, worst first, grouped by cause (the items
// an over-levered position drives, a stress row or a cascade, are listed under it, not beside it); then one
// compact table per kind of subject; then the passes folded into one line per check; the summary line names
// the worst item. It wraps to the terminal's width (80 columns by default) and colours whole lines by status.
// --quiet keeps only the problems and the summary; --verbose prints the detailed checklist (verbose.ts).
import { Chalk } from 'chalk'
import type { Finding, Status } from '../engine/types.js'
import type { MarketFormat, Report } from './build.js'
import type { ReportOptions } from './options.js'
import { type Glyphs, glyphsFor, positionGauges } from './gauge.js'
import { bpsText, moneyText, percentText, priceText, sigmaText, sizeText } from './numbers.js'
import { worstFirst, worstItem } from './order.js'
import { gateSections } from './what-if-text.js'

export const MARKS: Record<Status, string> = { pass: '✓', info: 'ℹ', warn: '⚠', fail: '✗', skip: '–' }

type Paint = Record<Status | 'dim' | 'bold', (text: string) => string>

export function text(report: Report, options: ReportOptions): string {
  const width = Math.max(40, options.width ?? 80)
  const c = new Chalk({ level: options.color ? 1 : 0 })
  const paint: Paint = { pass: c.green, info: c.blue, warn: c.yellow, fail: c.red, skip: c.gray, dim: c.dim, bold: c.bold }
  const out: string[] = []
  const emit = (text: string, indent: number, colour: (line: string) => string = (s) => s, hang = indent + 2) => {
    for (const line of wrap(text, width, indent, hang)) out.push(colour(line))
  }

  emit(`perp-check ${report.file} · as of ${report.asOf} · venue ${report.venue}`, 0, paint.bold)
  if (report.assumptions.length > 0 && !options.quiet) emit(`assumed: ${assumptionWords(report)}`, 0, paint.dim, 2)
  out.push('')

  const problems = problemGroups(report)
  if (problems.length > 0) {
    emit('Problems, worst first', 0, paint.bold)
    const titles = new Map(report.subjects.map((s) => [s.id, s.title]))
    for (const group of problems) {
      emit(`${MARKS[group.status]} ${titles.get(group.cause) ?? group.cause}`, 0, (l) => paint.bold(paint[group.status](l)))
      for (const f of group.own) {
        emit(`${MARKS[f.status]} ${f.message}`, 2, paint[f.status], 4)
        emit(`${f.rule}  ${report.file}:${f.line}:${f.column}`, 4, paint.dim)
      }
      for (const line of consequenceLines(group.driven)) emit(line.text, 2, paint[line.status], 4)
    }
    out.push('')
  } else {
    emit('No problems: nothing fails or warns.', 0, paint.pass)
    out.push('')
  }

  if (!options.quiet) {
    // Line by line: spread into push, a desk account's table (two lines a position) was more arguments than a call takes.
    for (const line of [...positionTable(report, width, paint, glyphsFor(options.unicode)), ...orderTable(report, width, paint)]) out.push(line)
    gateSections(report, paint, emit, (line) => out.push(line))
    out.push(...marketTable(report, width, paint))
    const folded = foldedLines(report)
    if (folded.length > 0) {
      emit('Passed and noted (--verbose for each item)', 0, paint.bold)
      for (const line of folded) emit(line.text, 2, paint[line.status])
      out.push('')
    }
  }

  for (const failure of report.failures) {
    const words =
      'view' in failure
        ? `✗ view ${failure.view} could not be computed: ${failure.error}; checks not run: ${failure.checks.join(', ')}`
        : `✗ check ${failure.check} could not run: ${failure.error}`
    out.push(paint.fail(words)) // one line, unwrapped: a failure is one problem, and scripts grep for it
  }
  if (report.failures.length > 0) out.push('')
  emit(summaryLine(report, options.exitCode), 0, paint.bold)
  return `${out.join('\n')}\n`
}

interface ProblemGroup {
  cause: string
  status: Status
  /** Items about the cause itself. */
  own: Finding[]
  /** Items about another subject (a stress row, a cascade) that the cause drives. */
  driven: Finding[]
}

/** Fails and warns grouped by cause, worst group first (then file order); within a group, worst first. */
function problemGroups(report: Report): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>()
  for (const f of worstFirst(report.findings)) {
    if (f.status !== 'fail' && f.status !== 'warn') continue
    const group = groups.get(f.cause) ?? { cause: f.cause, status: f.status, own: [], driven: [] }
    groups.set(f.cause, group)
    if (f.subject === f.cause) group.own.push(f)
    else group.driven.push(f)
  }
  // A cause with no problem of its own still leads its group with its driven items.
  return [...groups.values()]
}

/** Driven items, one line per rule: "→ stress/scenario ✗ 2: market −30%, −20%". */
function consequenceLines(driven: readonly Finding[]): { text: string; status: Status }[] {
  const byRule = new Map<string, Finding[]>()
  for (const f of driven) {
    const list = byRule.get(f.rule)
    if (list) list.push(f)
    else byRule.set(f.rule, [f])
  }
  return [...byRule].map(([rule, list]) => {
    const moves = list.map((f) => f.figures.move).filter((m): m is string => typeof m === 'string')
    const what = moves.length === list.length ? `market ${moves.map((m) => percentText(m, true)).join(', ')}` : list.map((f) => f.message).join('; ')
    return { text: `→ drives ${rule} (${list.length}): ${what}`, status: list[0]!.status }
  })
}

/** Passes, infos and skips: one line per check and status, "✓ fees: 5 items". */
function foldedLines(report: Report): { text: string; status: Status }[] {
  const lines: { text: string; status: Status }[] = []
  for (const status of ['skip', 'info', 'pass'] as const) {
    const counts = new Map<string, number>()
    for (const f of report.findings) if (f.status === status) counts.set(f.check, (counts.get(f.check) ?? 0) + 1)
    if (counts.size === 0) continue
    const label = { skip: 'not checked', info: 'noted', pass: 'passed' }[status]
    lines.push({ text: `${MARKS[status]} ${label}: ${[...counts].map(([check, n]) => `${check} ${n}`).join(' · ')}`, status })
  }
  return lines
}

/** "Summary: 1 fail, 4 warn, 43 pass, 17 info, 1 skip · worst: ✗ btc-core liquidation-distance/position · exit 1". */
function summaryLine(report: Report, exitCode: number): string {
  const n = report.counts
  const counts = `${n.fail} fail, ${n.warn} warn, ${n.pass} pass, ${n.info} info, ${n.skip} skip`
  const worst = worstItem(report.findings)
  const named = worst ? ` · worst: ${MARKS[worst.status]} ${worst.subject} ${worst.rule}` : ''
  const judged = report.judged && ` · once the orders fill: ${report.judged.counts.fail} fail, ${report.judged.counts.warn} warn`
  return `Summary: ${counts}${named}${judged ?? ''} · exit ${exitCode}`
}

type Row = Record<string, string | number | boolean | null | unknown>

const record = (value: unknown): Row => (value && typeof value === 'object' ? (value as Row) : {})
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null)

function positionTable(report: Report, width: number, paint: Paint, glyphs: Glyphs): string[] {
  if (report.records.positions.length === 0) return []
  const formats = marketFormats(report)
  const sigma = new Map(
    report.findings
      .filter((f) => f.rule === 'liquidation-distance/position' && typeof f.figures.distance_sigma === 'string')
      .map((f) => [f.subject, f.figures.distance_sigma as string]),
  )
  const quote = oneQuote(report, report.records.positions)
  const marketRecords = new Map(report.records.markets.map((m) => [m.symbol, m]))
  const gauges = positionGauges(
    report.records.positions.map((p) => ({
      position: p,
      trigger: String(record(marketRecords.get(p.market)).liquidation_trigger),
      tick: formats.get(p.market)!.tick,
    })),
    width,
    glyphs,
  )
  const rows = report.records.positions.map((p, i) => {
    const format = formats.get(p.market)!
    const mark = marketRecords.get(p.market)
    const gauge = gauges.lines[i]
    return {
      status: p.worst_status ?? 'pass',
      below: gauge ? [gauge] : [],
      cells: [
        p.id,
        `${p.side} ${sizeText(str(p.size))}`,
        priceText(str(p.entry_price), format.tick),
        priceText(str(record(record(mark).prices).mark), format.tick),
        quoted(moneyText(str(p.unrealized_pnl), format.quote), quote),
        priceText(str(p.liquidation_price), format.tick),
        percentText(str(p.liquidation_distance)),
        sigmaText(sigma.get(p.id)),
        bpsText(str(record(p.stop).buffer_bps)),
      ],
    }
  })
  const headings = ['id', 'size', 'entry', 'mark', `uPnL${quote ? ` ${quote}` : ''}`, 'liq.', 'dist', 'σ', 'stop buf.']
  const lines = table('Positions', headings, rows, width, paint)
  if (gauges.legend) lines.splice(1, 0, ...wrap(gauges.legend, width, 2, 4).map((l) => paint.dim(l)))
  return lines
}

function orderTable(report: Report, width: number, paint: Paint): string[] {
  if (report.records.orders.length === 0) return []
  const formats = marketFormats(report)
  const quote = oneQuote(report, report.records.orders)
  const rows = report.records.orders.map((o) => {
    const format = formats.get(o.market)!
    return {
      status: o.worst_status ?? 'pass',
      cells: [
        o.id,
        `${o.type} ${o.side}`,
        sizeText(str(o.size)),
        o.market,
        priceText(str(o.price), format.tick),
        priceText(str(o.vwap), format.tick),
        bpsText(str(o.slippage_bps)),
        quoted(moneyText(str(o.expected_fee), format.quote), quote),
      ],
    }
  })
  return table('Orders', ['id', 'order', 'size', 'market', 'price', 'vwap', 'slippage', `fee${quote ? ` ${quote}` : ''}`], rows, width, paint)
}

function marketTable(report: Report, width: number, paint: Paint): string[] {
  const worst = new Map<string, Status>()
  for (const f of worstFirst(report.findings)) if (!worst.has(f.subject)) worst.set(f.subject, f.status)
  const rows = report.records.markets.map((m) => {
    const prices = record(m.prices)
    return {
      status: worst.get(m.symbol) ?? 'pass',
      cells: [
        m.symbol,
        priceText(str(prices.index), m.tick_size),
        priceText(str(prices.mark), m.tick_size),
        priceText(str(prices.last), m.tick_size),
        m.tick_size,
        m.quote,
        m.liquidation_trigger,
      ],
    }
  })
  return table('Markets', ['symbol', 'index', 'mark', 'last', 'tick', 'quote', 'liq. on'], rows, width, paint)
}

/** The quote currency when every row's market has the same one (the heading names it, the cells do not). */
function oneQuote(report: Report, rows: readonly { market: string }[]): string | undefined {
  const quoteOf = new Map(report.markets.map((m) => [m.symbol, m.quote]))
  const quotes = new Set(rows.map((r) => quoteOf.get(r.market)))
  return quotes.size === 1 ? [...quotes][0] : undefined
}

/** Money without its currency when the heading names it. */
function quoted(money: string, quote: string | undefined): string {
  return quote && money.endsWith(` ${quote}`) ? money.slice(0, -quote.length - 1) : money
}

function marketFormats(report: Report): Map<string, MarketFormat> {
  return new Map(report.markets.map((m) => [m.symbol, m]))
}

/**
 * A table of status mark + cells, right-aligned but for the first column; columns that do not fit the width are
 * dropped from the right (the JSON and --verbose keep them), so a row is always one line.
 */
function table(title: string, headings: string[], rows: { status: Status; cells: string[]; below?: string[] }[], width: number, paint: Paint): string[] {
  const widths = headings.map((h, i) => Math.max(length(h), ...rows.map((r) => length(r.cells[i]!))))
  let shown = headings.length
  while (shown > 2 && 2 + widths.slice(0, shown).reduce((sum, w) => sum + w + 2, 0) > width) shown--
  const line = (cells: string[]) =>
    cells
      .slice(0, shown)
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  const dropped = shown < headings.length ? ` (also in --verbose and JSON: ${headings.slice(shown).join(', ')})` : ''
  return [
    paint.bold(`${title}${dropped}`.slice(0, width)),
    paint.dim(`  ${line(headings)}`),
    ...rows.flatMap((r) => [paint[r.status](`${MARKS[r.status]} ${line(r.cells)}`), ...(r.below ?? [])]),
    '',
  ]
}

const SURROGATE = /[\ud800-\udfff]/

/** Display length: a code point is one column (the report's own symbols are all narrow). */
function length(text: string): number {
  // Code points: a string without surrogates has one per UTF-16 unit (nearly every cell and word of a desk
  // account's tables, measured 90,000 times: spread into an array, each was a tenth of the text report).
  return SURROGATE.test(text) ? [...text].length : text.length
}

/**
 * The assumptions in one sentence, by source: "venue binance-usdm: liquidation_trigger mark, funding.interval 8h
 * (SOLUSDT); perp-check default: hold 1d (sol-hedge), stress moves ±5–30%, …". Ticks and quotes are in the
 * Markets table; JSON lists every assumption with every subject.
 */
function assumptionWords(report: Report): string {
  const bySource = new Map<string, string[]>()
  for (const a of report.assumptions) {
    if (a.name === 'tick_size' || a.name === 'quote') continue
    const everywhere = a.applies_to.includes('account') || a.applies_to.length > 3
    const words = `${a.name.replace(/^stress\./, 'stress ')} ${a.value}${everywhere ? '' : ` (${a.applies_to.join(', ')})`}`
    const list = bySource.get(a.source)
    if (list) list.push(words)
    else bySource.set(a.source, [words])
  }
  const parts = [...bySource].map(([source, words]) => `${source}: ${words.join(', ')}`)
  const inferred = report.assumptions.filter((a) => a.name === 'tick_size' || a.name === 'quote').length
  if (inferred > 0) parts.push(`${inferred} tick size${inferred === 1 ? '' : 's'} and quotes inferred (Markets table)`)
  return parts.join('; ')
}

/**
 * Words wrapped to `width` columns: the first line indented by `indent`, the next by `hang`; a word longer
 * than a line is cut. Every line is at most `width` columns.
 */
export function wrap(text: string, width: number, indent: number, hang: number): string[] {
  const lines: string[] = []
  let line = ' '.repeat(indent)
  let empty = true
  for (const word of text.split(/ +/)) {
    const room = width - length(line) - (empty ? 0 : 1)
    if (length(word) <= room) {
      line += (empty ? '' : ' ') + word
      empty = false
      continue
    }
    if (!empty) {
      lines.push(line)
      line = ' '.repeat(hang)
    }
    let rest = word
    while (length(rest) > width - hang) {
      const cut = [...rest].slice(0, width - hang).join('')
      lines.push(line + cut)
      rest = [...rest].slice(width - hang).join('')
      line = ' '.repeat(hang)
    }
    line += rest
    empty = rest === ''
  }
  if (!empty || lines.length === 0) lines.push(line)
  return lines
}
