// The diff's reporters: text for the terminal and one JSON document (its schema in diff-schema.ts). Pure
// (output, options) → string; they lay out what src/diff computed. The attribution's figures are printed as
// they are (already rounded, see docs/diff.md), so the components on screen add up to the total exactly.
import { Chalk, type ChalkInstance } from 'chalk'
import type { AttributionOut, Change, DiffOutput, DiffResult, FindingChange, PositionDiff, SeriesResult, Trend } from '../diff/types.js'
import { parseDecimalText } from '../input/values.js'
import { type Annotation, type AnnotationRule, github, junit, sarif } from './ci.js'
import { diffDocument } from './diff-document.js'

export interface DiffReportOptions {
  color: boolean
  verbose: boolean
  exitCode: 0 | 1 | 2
  version: string
  /** The lowest status that fails the run (--fail-on): warnings are failures in JUnit and errors in GitHub under 'warn'. */
  failOn: 'fail' | 'warn'
}

export { DIFF_SCHEMA_VERSION } from './diff-document.js'

/** The diff's reporters by name. The CI formats render `output.changes` as the checklist's annotations (report/ci.ts). */
export const diffReporters = {
  text: diffText,
  json: diffJson,
  junit: (output, options) => junit(diffAnnotations(output), options),
  sarif: (output, options) => sarif(diffAnnotations(output), diffRules(output), options),
  github: (output, options) => github(diffAnnotations(output), options),
} satisfies Record<string, (output: DiffOutput, options: DiffReportOptions) => string>

/** Each change as a CI annotation: the rule `diff/<kind>`, one JUnit suite ("diff"), at the line of the file it points into. */
function diffAnnotations(output: DiffOutput): Annotation[] {
  return diffChanges(output).map((c) => ({
    file: c.file,
    line: c.line,
    column: c.column,
    rule: `diff/${c.rule}`,
    check: 'diff',
    status: c.severity,
    subject: c.subject,
    message: c.message,
  }))
}

/** The rules the changes use, each described by its kind (SARIF's rules). */
function diffRules(output: DiffOutput): AnnotationRule[] {
  const kinds = [...new Set(diffChanges(output).map((c) => c.rule))]
  return kinds.map((kind) => ({
    id: `diff/${kind}`,
    title: `diff: ${kind.replaceAll('-', ' ')}`,
    explanation: 'A change between two snapshots of the same account (docs/diff.md).',
  }))
}

/** The flat list a CI renderer is given: one item per line of the diff (rule, severity, subject, message, file, path, line, column). */
export function diffChanges(output: DiffOutput): Change[] {
  return output.changes
}

/** The JSON document: the diff's plain data with the tool, the schema version and the exit code. */
export function diffJson(output: DiffOutput, options: DiffReportOptions): string {
  return `${JSON.stringify(diffDocument(output, options), null, 2)}\n`
}

export function diffText(output: DiffOutput, options: DiffReportOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 })
  const lines = output.kind === 'series' ? seriesLines(output, options, c) : diffLines(output, options, c)
  const worse = output.kind === 'series' ? output.latest.worse : output.worse
  const changes = output.changes
  const counts = (['fail', 'warn', 'info'] as const).map((s) => `${changes.filter((ch) => ch.severity === s).length} ${s}`)
  lines.push(`${c.bold('Summary:')} ${worse.fail} new fail, ${worse.warn} new warn · changes ${counts.join(', ')} · exit ${options.exitCode}`)
  return `${lines.join('\n')}\n`
}

const MARK: Record<Change['severity'], string> = { fail: '✗', warn: '⚠', info: '·' }

function diffLines(d: DiffResult, options: DiffReportOptions, c: ChalkInstance): string[] {
  const paint = { fail: c.red, warn: c.yellow, info: (s: string) => s }
  const lines = [c.bold(`perp-check diff ${d.old.file} → ${d.new.file}`) + c.dim(`  as of ${d.old.as_of} → ${d.new.as_of}`), '']
  const severe = d.changes.filter((ch) => ch.severity !== 'info')
  if (severe.length > 0) {
    lines.push(c.bold('Worse'))
    for (const ch of severe) lines.push(`  ${paint[ch.severity](MARK[ch.severity])} ${ch.message}  ${c.dim(`${ch.rule} ${ch.file}:${ch.line}:${ch.column}`)}`)
    lines.push('')
  }
  if (d.positions.length > 0) {
    lines.push(c.bold('Positions'))
    for (const p of d.positions) lines.push(...positionLines(p, options, c))
  }
  if (d.parameters.length > 0) {
    lines.push(c.bold('Parameters'))
    for (const p of d.parameters) lines.push(`  ${p.message}`)
    lines.push('')
  }
  const items = [...d.markets.map((m) => ['market', m] as const), ...d.orders.map((o) => ['order', o] as const)]
  if (items.length > 0) {
    lines.push(c.bold('Markets and orders'))
    for (const [kind, item] of items) {
      const fields = item.fields.map((f) => `${f.field} ${f.old ?? 'none'} → ${f.new ?? 'none'}`).join(', ')
      lines.push(`  ${kind} ${item.id} ${item.status}${fields ? `: ${fields}` : ''}`)
    }
    lines.push('')
  }
  const { old: a, new: b } = d.account
  if (a || b) {
    lines.push(c.bold('Account'))
    lines.push(
      `  margin ratio ${pct(a?.margin_ratio)} → ${pct(b?.margin_ratio)} · margin balance ${a?.margin_balance ?? '—'} → ${b?.margin_balance ?? '—'} · wallet ${a?.wallet_balance ?? '—'} → ${b?.wallet_balance ?? '—'}`,
    )
    lines.push('')
  }
  const other = d.findings.filter(notable)
  if (other.length > 0) {
    lines.push(c.bold('Other findings'))
    for (const f of other) lines.push(findingLine(f))
    lines.push('')
  }
  if (d.failures > 0) lines.push(c.red(`✗ ${d.failures} check(s) could not run in the snapshots (exit 2); run perp-check on each file for the reason`), '')
  return lines
}

/** A status change worth a line in the text: one side warns or fails (JSON lists every change). */
function notable(f: FindingChange): boolean {
  return f.old !== f.new && [f.old, f.new].some((s) => s === 'warn' || s === 'fail')
}

function findingLine(f: FindingChange): string {
  return `    ${f.check} ${f.old ?? 'none'} → ${f.new ?? 'none'}: ${f.message}`
}

function positionLines(p: PositionDiff, options: DiffReportOptions, c: ChalkInstance): string[] {
  const renamed = p.old_id ? ` (was ${p.old_id})` : ''
  const lines = [`  ${c.bold(p.id)}${renamed} · ${p.market} ${p.side} · ${p.status}`]
  const [a, b] = [p.old, p.new]
  if (a && b) {
    // The attribution's rounded ends when there is one, so the line and the table below read the same figures.
    const chain = p.attribution?.chain
    const [from, to] = chain ? [chain[0]!, chain[chain.length - 1]!] : [undefined, undefined]
    const liquidation = (state: typeof from, figure: string | null) =>
      state ? (state.floor ? 'none (valued at 0)' : (state.liquidation_price ?? 'none')) : price(figure)
    lines.push(
      `    liquidation ${liquidation(from, a.liquidation_price)} → ${liquidation(to, b.liquidation_price)} · distance ${pct(a.distance)} → ${pct(b.distance)}`,
    )
    lines.push(
      `    tier ${a.tier} → ${b.tier} · maintenance ${a.maintenance_margin} → ${b.maintenance_margin} · margin ratio ${pct(a.margin_ratio)} → ${pct(b.margin_ratio)} · size ${a.size} → ${b.size}`,
    )
  } else {
    const f = (a ?? b)!
    lines.push(`    size ${f.size} · liquidation ${price(f.liquidation_price)} · distance ${pct(f.distance)} · tier ${f.tier}`)
  }
  if (p.attribution && p.status === 'changed') lines.push(...attributionLines(p.attribution, options, c))
  const changed = p.findings.filter(notable)
  for (const f of changed) lines.push(findingLine(f))
  lines.push('')
  return lines
}

function attributionLines(a: AttributionOut, options: DiffReportOptions, c: ChalkInstance): string[] {
  const lines = [`    ${c.dim('why it moved')}   ${'liquidation'.padStart(16)}  ${'distance (pp)'.padStart(14)}`]
  for (const component of a.components) {
    lines.push(`      ${component.step.padEnd(10)} ${signed(component.liquidation_price).padStart(16)}  ${signed(points(component.distance)).padStart(14)}`)
  }
  lines.push(`      ${'total'.padEnd(10)} ${signed(a.total.liquidation_price).padStart(16)}  ${signed(points(a.total.distance)).padStart(14)}`)
  if (!a.complete) lines.push(`      ${c.yellow('incomplete')}: ${a.reason}`)
  if (options.verbose) {
    lines.push(`      ${c.dim(`funding estimate ${a.estimates.funding} (paid), fees estimate ${a.estimates.fees}; prices to ${a.price_decimals} decimals`)}`)
    const first = a.chain[0]!
    lines.push(
      `      ${'old'.padEnd(10)} liquidation ${first.liquidation_price ?? 'none'}${first.floor ? ' (floor)' : ''} · distance ${first.distance ?? 'none'}`,
    )
    a.chain.slice(1).forEach((state, i) => {
      const previous = a.chain[i]!
      const component = a.components[i]!
      const arithmetic = (x: string | null, step: string | null, y: string | null) =>
        x === null || step === null ? `${y ?? 'none'}` : `${x} ${sign(step)} = ${y}`
      lines.push(
        `      ${state.step.padEnd(10)} liquidation ${arithmetic(previous.liquidation_price, component.liquidation_price, state.liquidation_price)}${state.floor ? ' (floor)' : ''} · distance ${arithmetic(previous.distance, component.distance, state.distance)}`,
      )
    })
  }
  return lines
}

function seriesLines(s: SeriesResult, options: DiffReportOptions, c: ChalkInstance): string[] {
  const lines = [
    c.bold(`perp-check diff: a series of ${s.snapshots.length} snapshots`) +
      c.dim(`  ${s.snapshots[0]!.as_of} → ${s.snapshots[s.snapshots.length - 1]!.as_of}`),
    '',
  ]
  for (const snapshot of s.snapshots) lines.push(c.dim(`  ${snapshot.as_of}  ${snapshot.file}  ${snapshot.counts.fail} fail, ${snapshot.counts.warn} warn`))
  lines.push('', c.bold('Trends'))
  for (const p of s.positions) lines.push(`  ${p.id} · ${p.market} ${p.side} · distance ${trendText(p.distance)}`)
  lines.push(`  account margin ratio ${trendText(s.account.margin_ratio)}`, '')
  const flags = s.changes.filter((ch) => ch.rule === 'oscillation' || ch.rule.startsWith('drift-'))
  lines.push(
    c.bold('Flags') +
      c.dim(
        `  (more than ${s.thresholds.oscillation_changes} changes in ${s.thresholds.oscillation_window}; drift over ${s.thresholds.drift_snapshots} snapshots)`,
      ),
  )
  if (flags.length === 0) lines.push('  none')
  for (const ch of flags) lines.push(`  ${c.yellow(MARK[ch.severity])} ${ch.message}  ${c.dim(ch.rule)}`)
  lines.push('', c.bold('Newest two snapshots'), '')
  for (const line of diffLines(s.latest, options, c)) lines.push(line)
  return lines
}

function trendText(t: Trend): string {
  const values = t.values.map((v) => pct(v)).join(' → ')
  const change = t.change === null ? undefined : parseDecimalText(t.change)
  return `${values} (${t.direction}${change ? `, ${signed(change.mul(100).toDecimalPlaces(4).toFixed())} pp` : ''})`
}

/** A price for reading: 10 significant digits (the JSON keeps every digit). */
export function price(value: string | null): string {
  const number = value === null ? undefined : parseDecimalText(value)
  return number ? number.toSignificantDigits(10).toFixed() : 'none'
}

/** A fraction as a percentage for reading, 2 decimals; "—" when absent. */
function pct(value: string | null | undefined): string {
  const number = value == null ? undefined : parseDecimalText(value)
  return number ? `${number.mul(100).toDecimalPlaces(2).toFixed(2)}%` : '—'
}

/** A fraction as percentage points, every digit kept (a distance has 8 decimals: 6 in points). */
function points(value: string | null): string | null {
  const number = value === null ? undefined : parseDecimalText(value)
  return number ? number.mul(100).toFixed() : null
}

function signed(value: string | null): string {
  if (value === null) return 'n/a'
  return value.startsWith('-') ? `−${value.slice(1)}` : value === '0' ? '0' : `+${value}`
}

function sign(value: string): string {
  return value.startsWith('-') ? `− ${value.slice(1)}` : `+ ${value}`
}
