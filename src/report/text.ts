// The terminal checklist: items grouped by subject in file order, ✓ ⚠ ✗ per item with the figures
// behind it, and a summary line. Colour only through the chalk instance the options select.
import { Chalk, type ChalkInstance } from 'chalk'
import type { Report } from '../engine/run.js'
import type { Finding, Status } from '../engine/types.js'
import type { ReportOptions } from './index.js'
import { parseDecimalText } from '../input/values.js'

const MARKS: Record<Status, string> = { pass: '✓', info: 'ℹ', warn: '⚠', fail: '✗', skip: '–' }

export function text(report: Report, options: ReportOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 })
  const paint: Record<Status, ChalkInstance> = { pass: c.green, info: c.blue, warn: c.yellow, fail: c.red, skip: c.gray }
  const lines: string[] = [c.bold(`perp-check ${report.file}`) + c.dim(`  as of ${report.asOf}  venue ${report.portfolio.venue.id}`), '']

  const groups = new Map<string, Finding[]>()
  for (const finding of report.findings) groups.set(finding.subject, [...(groups.get(finding.subject) ?? []), finding])
  for (const [subject, findings] of groups) {
    lines.push(c.bold(subjectTitle(report, subject)))
    for (const f of findings) {
      lines.push(`  ${paint[f.status](MARKS[f.status])} ${f.message}  ${c.dim(`${f.check} ${report.file}:${f.line}:${f.column}`)}`)
      const figures = Object.entries(f.figures).map(([k, v]) => `${k} ${v === null ? '—' : readable(v)}`)
      if (figures.length > 0 && (options.verbose || f.status !== 'pass')) lines.push(c.dim(`      ${figures.join(' · ')}`))
    }
    lines.push('')
  }
  for (const failure of report.failures) lines.push(c.red(`✗ check ${failure.check} could not run: ${failure.error}`))
  if (report.failures.length > 0) lines.push('')

  if (options.verbose) {
    for (const check of report.checks) lines.push(`${c.bold(check.id)}: ${check.explanation}`, '')
  }
  const n = report.counts
  const counts = [`${n.fail} fail`, `${n.warn} warn`, `${n.pass} pass`, `${n.info} info`, `${n.skip} skip`]
  const coloured = [paint.fail(counts[0]!), paint.warn(counts[1]!), paint.pass(counts[2]!), paint.info(counts[3]!), paint.skip(counts[4]!)]
  lines.push(`${c.bold('Summary:')} ${(n.fail + n.warn > 0 ? coloured : counts).join(', ')} · exit ${options.exitCode}`)
  return `${lines.join('\n')}\n`
}

/** Figures rounded for reading (the JSON report keeps every digit): 4 decimals, or 6 significant digits below 1. */
function readable(value: string): string {
  const number = parseDecimalText(value)
  if (!number) return value
  return (number.abs().gte(1) ? number.toDecimalPlaces(4) : number.toSignificantDigits(6)).toFixed()
}

function subjectTitle(report: Report, subject: string): string {
  const position = report.portfolio.positions.find((p) => p.id === subject)
  if (position) return `${subject} · ${position.market} ${position.side} ${position.size.toFixed()} (${position.marginMode})`
  const order = report.portfolio.orders.find((o) => o.id === subject)
  if (order) return `${subject} · planned ${order.type} ${order.side} ${order.size.toFixed()} ${order.market}`
  if (report.portfolio.markets.has(subject)) return `${subject} · market`
  return subject
}
