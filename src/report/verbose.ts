// The detailed checklist (--verbose): every item grouped by subject in file order, ✓ ⚠ ✗ per item with every
// figure behind it, each check's explanation, and a summary line. Colour only through the chalk instance the
// options select. The default text report (text.ts) opens with the problems instead.
import { Chalk, type ChalkInstance } from 'chalk'
import type { Report } from './build.js'
import type { FigureValue, Finding, Status, TableColumn } from '../engine/types.js'
import { glyphsFor, marginChart } from './gauge.js'
import type { ReportOptions } from './options.js'
import { parseDecimalText } from '../input/values.js'
import { gateSections } from './what-if-text.js'

const MARKS: Record<Status, string> = { pass: '✓', info: 'ℹ', warn: '⚠', fail: '✗', skip: '–' }

export function verbose(report: Report, options: ReportOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 })
  const paint: Record<Status, ChalkInstance> = { pass: c.green, info: c.blue, warn: c.yellow, fail: c.red, skip: c.gray }
  const lines: string[] = [c.bold(`perp-check ${report.file}`) + c.dim(`  as of ${report.asOf}  venue ${report.venue}`), '']

  const groups = new Map<string, Finding[]>()
  for (const finding of report.findings) groups.set(finding.subject, [...(groups.get(finding.subject) ?? []), finding])
  const tables = new Map(report.checks.filter((c) => c.table).map((c) => [c.id, c.table!]))
  const titles = new Map(report.subjects.map((s) => [s.id, s.title]))
  for (const [subject, findings] of groups) {
    lines.push(c.bold(titles.get(subject) ?? subject))
    for (const run of tableRuns(findings, tables)) {
      if (run.columns) {
        for (const line of tableLines(run.findings, run.columns, (status) => paint[status](MARKS[status]), c)) lines.push(line)
        continue
      }
      const f = run.findings[0]!
      lines.push(`  ${paint[f.status](MARKS[f.status])} ${f.message}  ${c.dim(`${f.check} ${report.file}:${f.line}:${f.column}`)}`)
      const figures = Object.entries(f.figures).map(([k, v]) => `${k} ${readable(v)}`)
      if (figures.length > 0 && (options.verbose || f.status !== 'pass')) lines.push(c.dim(`      ${figures.join(' · ')}`))
    }
    lines.push('')
  }
  const chart = marginChart(report, options.width ?? 80, glyphsFor(options.unicode))
  if (chart.length > 0) lines.push(c.bold(chart[0]!), ...chart.slice(1), '')
  // The gate's if-filled tables and largest size, unwrapped: the detailed report keeps every line whole.
  gateSections(
    report,
    { ...paint, dim: c.dim, bold: c.bold },
    (text, indent) => lines.push(`${' '.repeat(indent)}${text}`),
    (line) => lines.push(line),
  )
  for (const failure of report.failures) {
    if ('view' in failure) lines.push(c.red(`✗ view ${failure.view} could not be computed: ${failure.error}; checks not run: ${failure.checks.join(', ')}`))
    else lines.push(c.red(`✗ check ${failure.check} could not run: ${failure.error}`))
  }
  if (report.failures.length > 0) lines.push('')

  if (options.verbose) {
    for (const check of report.checks) lines.push(`${c.bold(check.id)}: ${check.explanation}`, '')
  }
  const n = report.counts
  const counts = [`${n.fail} fail`, `${n.warn} warn`, `${n.pass} pass`, `${n.info} info`, `${n.skip} skip`]
  const coloured = [paint.fail(counts[0]!), paint.warn(counts[1]!), paint.pass(counts[2]!), paint.info(counts[3]!), paint.skip(counts[4]!)]
  const judged = report.judged && ` · once the orders fill: ${report.judged.counts.fail} fail, ${report.judged.counts.warn} warn`
  lines.push(`${c.bold('Summary:')} ${(n.fail + n.warn > 0 ? coloured : counts).join(', ')}${judged ?? ''} · exit ${options.exitCode}`)
  return `${lines.join('\n')}\n`
}

interface Run {
  findings: Finding[]
  /** Set when the findings are rows of their check's table. */
  columns?: readonly TableColumn[]
}

/** Splits a subject's findings into single items and runs of table rows (consecutive, same check, every column present). */
function tableRuns(findings: readonly Finding[], tables: ReadonlyMap<string, readonly TableColumn[]>): Run[] {
  const runs: Run[] = []
  for (const f of findings) {
    const columns = tables.get(f.check)
    const isRow = columns?.every((col) => col.figure in f.figures)
    const last = runs[runs.length - 1]
    if (isRow && last?.columns && last.findings[0]!.check === f.check) last.findings.push(f)
    else runs.push(isRow ? { findings: [f], columns } : { findings: [f] })
  }
  return runs
}

function tableLines(rows: readonly Finding[], columns: readonly TableColumn[], mark: (status: Status) => string, c: ChalkInstance): string[] {
  const cell = (f: Finding, figure: string): string => {
    const value = f.figures[figure]
    if (value === null || value === undefined || value === '' || typeof value !== 'string') return readable(value ?? null)
    if (figure === 'move') return percent(value, true)
    if (figure.endsWith('ratio')) return percent(value, false)
    const number = parseDecimalText(value)
    return number ? number.toDecimalPlaces(2).toFixed(2) : value
  }
  const cells = rows.map((f) => columns.map((col) => cell(f, col.figure)))
  const widths = columns.map((col, i) => Math.max(col.heading.length, ...cells.map((row) => row[i]!.length)))
  const pad = (text: string, i: number) => (i === columns.length - 1 ? text : text.padStart(widths[i]!))
  const check = rows[0]!.check
  return [
    c.dim(`    ${columns.map((col, i) => (i === columns.length - 1 ? col.heading : col.heading.padStart(widths[i]!))).join('  ')}  (${check})`),
    ...rows.map((f, r) => `  ${mark(f.status)} ${cells[r]!.map(pad).join('  ')}`),
  ]
}

/** A fraction as a percentage for reading: -0.3 → −30% (+30% with `signed`), 0.0174993 → 1.75%. */
function percent(value: string, signed: boolean): string {
  const number = parseDecimalText(value)
  if (!number) return value
  const text = `${number.mul(100).toDecimalPlaces(2).abs().toFixed()}%`
  return number.isNeg() ? `−${text}` : signed && !number.isZero() ? `+${text}` : text
}

/** Figures rounded for reading (the JSON report keeps every digit): 4 decimals, or 6 significant digits below 1. */
function readable(value: FigureValue): string {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '—'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (Array.isArray(value)) return value.join(', ')
  const number = parseDecimalText(value)
  if (!number) return value
  return (number.abs().gte(1) ? number.toDecimalPlaces(4) : number.toSignificantDigits(6)).toFixed()
}
