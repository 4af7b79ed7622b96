// The watch's reporters (docs/watch.md): each event of `perp-check watch` — a report, a file that does not load,
// a venue that did not answer — as a screen of text or as one NDJSON line. Pure (event, options) → text; what
// changed is the diff's answer (src/diff) between the last good report's snapshot and the new one, laid out here.
import { Chalk, type ChalkInstance } from 'chalk'
import { Decimal } from '../decimal.js'
import { statusRank as rank } from '../diff/compare.js'
import type { AccountDiff, DiffResult, FindingChange, PositionDiff } from '../diff/types.js'
import type { Status } from '../engine/types.js'
import { formatProblem, type InputProblem } from '../input/errors.js'
import { parseDecimalText } from '../input/values.js'
import type { Report } from './build.js'
import { reporters } from './index.js'
import { inputErrorsDocument, reportDocument, SCHEMA_VERSION } from './json.js'
import { percentText, priceText } from './numbers.js'
import type { ReportOptions } from './options.js'
import { MARKS, wrap } from './text.js'
import type { WatchInvalidLine, WatchLine, WatchReportLine, WatchUnavailableLine } from './watch-documents.js'

/** What started a run: the first read, an edit of the file, the --every interval, or a retry after a failed read. */
export type WatchTrigger = WatchLine['watch']['trigger']

interface EventBase {
  /** 1-based: every read of the file or the venue is one run, and one event. */
  run: number
  /** The clock at the read, epoch milliseconds. */
  at: number
  trigger: WatchTrigger
  /** The file watched, or the venue read (`<bybit>`, or the file --output writes its snapshots to). */
  source: string
}

export interface WatchReport extends EventBase {
  kind: 'report'
  report: Report
  /** The run's exit code as a single run's (--fail-on). */
  exitCode: ReportOptions['exitCode']
  /** The diff from the last good report; null on the first. */
  diff: DiffResult | null
  /** The last good report the diff is from. */
  since: { run: number; at: number } | null
}

export interface WatchInvalid extends EventBase {
  kind: 'invalid'
  /** The name the problems are reported against. */
  file: string
  problems: InputProblem[]
  total: number
  /** The last good report, now stale (null: none yet). */
  last: WatchReport | null
}

export interface WatchUnavailable extends EventBase {
  kind: 'unavailable'
  error: string
  /** Failed reads in a row, this one included. */
  attempt: number
  /** When the next read is: after the back-off (a venue), or null: at the next change of the file. */
  retryInMs: number | null
  last: WatchReport | null
}

export type WatchEvent = WatchReport | WatchInvalid | WatchUnavailable

export interface WatchReportOptions extends ReportOptions {
  /** Terminal rows: the screen is cut to fit (problems first), its summary kept. Undefined: every line. */
  rows?: number
}

/**
 * The `changes` of an NDJSON report line: the diff's answer, reduced to what changed (its type is the watch
 * schema's, src/report/watch-documents.ts): `since`, the last good report it is from; `status`, every item whose status
 * changed, worse first (new fails, then new warns), then better; `positions` opened, closed, or with a figure or an
 * item that moved, each with the attribution of its liquidation price; `account`, the cross account's figures
 * when one moved, else null; `list`, the diff's one-line changes, fails first, in the diff's own words.
 */
export type WatchChanges = WatchReportLine['changes']

export function watchChanges(event: WatchReport): WatchChanges {
  const d = event.diff
  if (!d || !event.since)
    return { since: null, status: [], positions: [], account: null, parameters: [], markets: [], orders: [], list: [], worse: { fail: 0, warn: 0 } }
  const moved = (f: FindingChange) => f.old !== f.new
  const worse = (f: FindingChange) => rank(f.new) > rank(f.old)
  const status = [...d.positions.flatMap((p) => p.findings), ...d.findings]
    .filter(moved)
    .sort((a, b) => Number(worse(b)) - Number(worse(a)) || rank(b.new) - rank(a.new))
  const { old: a, new: b } = d.account
  return {
    since: { run: event.since.run, at: iso(event.since.at), sha256: d.old.sha256, as_of: d.old.as_of },
    status,
    positions: d.positions.filter((p) => p.status !== 'unchanged'),
    account: JSON.stringify(a) === JSON.stringify(b) ? null : d.account,
    parameters: d.parameters,
    markets: d.markets,
    orders: d.orders,
    list: d.changes,
    worse: d.worse,
  }
}

/**
 * One NDJSON line (docs/report.md#watch), as the watch schema types it: the --format json document of the run with
 * `watch` and `changes`, or the event that left the last report stale. `watch` says what the line is, when and why
 * it was read, and whether the report it stands for is stale.
 */
export function watchLine(event: WatchEvent, options: WatchReportOptions): WatchLine {
  const head = { schema_version: SCHEMA_VERSION, tool: { name: 'perp-check', version: options.version } } as const
  const read = { run: event.run, at: iso(event.at), trigger: event.trigger, source: event.source }
  if (event.kind === 'report') {
    // The run's document is the one `--format json` prints.
    const { schema_version: _, tool: __, ...document } = reportDocument(event.report, { ...options, exitCode: event.exitCode })
    const watch = { event: 'report', ...read, stale: false, last_good_run: event.run } as const
    return { ...head, watch, ...document, changes: watchChanges(event) } satisfies WatchReportLine
  }
  const last_good_run = event.last?.run ?? null
  if (event.kind === 'invalid') {
    const { schema_version: _, tool: __, ...errors } = inputErrorsDocument(event.file, event.problems, event.total, options.version)
    const watch = { event: 'invalid', ...read, stale: true, last_good_run } as const
    return { ...head, watch, ...errors } satisfies WatchInvalidLine
  }
  const watch = { event: 'unavailable', ...read, stale: true, last_good_run } as const
  return { ...head, watch, error: event.error, attempt: event.attempt, retry_in_ms: event.retryInMs } satisfies WatchUnavailableLine
}

export function watchJsonLine(event: WatchEvent, options: WatchReportOptions): string {
  return `${JSON.stringify(watchLine(event, options))}\n`
}

/** The screen (or, not at a terminal, the block) of one event: its header, what changed or why it is stale, then the report. */
export function watchText(event: WatchEvent, options: WatchReportOptions): string {
  const width = Math.max(40, options.width ?? 80)
  const c = new Chalk({ level: options.color ? 1 : 0 })
  const head: string[] = []
  const emit = (text: string, indent: number, paint: (s: string) => string = (s) => s, hang = indent + 2) => {
    for (const line of wrap(text, width, indent, hang)) head.push(paint(line))
  }
  const last = event.kind === 'report' ? event : event.last
  const why = { start: 'started', change: 'file changed', interval: 'on schedule', retry: 'retried' }[event.trigger]
  emit(`perp-check watch ${event.source} · run ${event.run} at ${clockTime(event.at)} (${why})`, 0, c.bold)
  if (event.kind === 'report') for (const line of changeLines(event, event.report, width, c)) head.push(line)
  else {
    const lastText = last ? `showing run ${last.run}'s report (${clockTime(last.at)})` : 'no report yet'
    const cause =
      event.kind === 'invalid'
        ? `${event.total} problem${event.total === 1 ? '' : 's'} in ${event.file}`
        : `${event.error} (${event.retryInMs === null ? 'waiting for the file to change' : `attempt ${event.attempt}, next in ${clockSpan(event.retryInMs)}`})`
    emit(`STALE: ${cause}; ${lastText}`, 0, c.yellow)
    if (event.kind === 'invalid') {
      // As stderr prints them (file:line:col, two spaces, the path), wrapped only when too long for a line.
      for (const problem of event.problems) {
        const line = `  ${formatProblem(event.file, problem)}`
        if (line.length <= width) head.push(c.yellow(line))
        else emit(line, 2, c.yellow, 4)
      }
      if (event.total > event.problems.length) emit(`(the first ${event.problems.length} shown)`, 2, c.yellow)
    }
  }
  // The rule under the header says what the report below is of: the same every run, so the report's own header is left out.
  const whose = event.kind === 'report' ? '' : `run ${last?.run}'s report, STALE · `
  const of = last ? `── ${whose}as of ${last.report.asOf.replace('.000Z', 'Z')} · ${last.report.venue} ` : ''
  head.push(c.dim((of + '─'.repeat(Math.max(width - of.length, 0))).slice(0, width)))
  if (!last) return `${head.join('\n')}\n`
  // The report without its own header (file, as of, venue and assumptions).
  const text = reporters.text(last.report, { ...options, exitCode: last.exitCode })
  const body = text
    .slice(text.indexOf('\n\n') + 2)
    .replace(/\n$/, '')
    .split('\n')
  return `${fitToRows(head, body, options.rows, width, c).join('\n')}\n`
}

/** What changed since the last good report: status changes first, then the figures that moved (each liquidation price with its attribution), then the inputs. */
function changeLines(event: WatchReport, report: Report, width: number, c: ChalkInstance): string[] {
  const d = event.diff
  if (!d || !event.since) return []
  const lines: string[] = []
  const emit = (text: string, paint: (s: string) => string = (s) => s) => {
    for (const line of wrap(text, width, 2, 4)) lines.push(paint(line))
  }
  const paint: Record<Status, (s: string) => string> = { fail: c.red, warn: c.yellow, info: c.blue, pass: c.green, skip: c.gray }
  const changes = watchChanges(event)
  // On the screen, the items that fail or warn on either side; the rest are counted (the JSON lists every one).
  const notable = changes.status.filter((f) => [f.old, f.new].some((s) => s === 'warn' || s === 'fail'))
  const positions = changes.positions.map((p) => positionLine(p, report)).filter((line) => line !== undefined)
  const account = accountLine(d.account)
  const inputs = [...d.parameters.map((p) => p.message), ...d.changes.filter((ch) => /^(market|order)-/.test(ch.rule)).map((ch) => ch.message)]
  const nothing = changes.status.length + positions.length + inputs.length === 0 && !account
  lines.push(
    c.bold(`Since run ${event.since.run} (${clockTime(event.since.at)}): `) +
      (nothing ? 'nothing changed' : `${d.worse.fail} new fail, ${d.worse.warn} new warn`),
  )
  for (const f of notable) {
    const status = f.new ?? 'pass'
    emit(`${f.new ? MARKS[f.new] : '✓'} ${f.subject} · ${f.check} ${f.old ?? 'none'} → ${f.new ?? 'gone'}: ${f.message}`, paint[status])
  }
  const others = changes.status.length - notable.length
  if (others > 0) emit(`· ${others} other item${others === 1 ? '' : 's'} changed status (info, pass or skip)`, c.dim)
  for (const line of positions) emit(`· ${line}`)
  if (account) emit(`· ${account}`)
  for (const line of inputs) emit(`· ${line}`)
  return lines
}

/** The words of each attribution step on the screen (docs/diff.md names them). */
const STEP_WORDS: Record<string, string> = {
  price: 'price',
  funding: 'funding',
  margin: 'margin',
  size: 'size',
  ladder: 'ladder',
  others: 'other positions',
  fees: 'fees',
}

/**
 * "eth-swing: liquidation 1821.70 → 1879.14 (+57.44: other positions +57.44), distance 42.2% → 40.4%": the
 * attribution's chain rounded to the market's tick before it is differenced, so the parts add up to the move on
 * the screen too. Undefined when nothing on the line moved.
 */
function positionLine(p: PositionDiff, report: Report): string | undefined {
  const tick = report.markets.find((m) => m.symbol === p.market)?.tick ?? '0.00000001'
  if (!p.old || !p.new) {
    const f = (p.new ?? p.old)!
    return `${p.id} ${p.status}: ${p.market} ${p.side} ${f.size}, liquidation ${priceText(f.liquidation_price, tick)}`
  }
  const parts: string[] = []
  const chain = p.attribution?.chain
  const rounded = chain?.map((s) => (s.floor ? new Decimal(0) : s.liquidation_price === null ? null : new Decimal(priceText(s.liquidation_price, tick))))
  const [from, to] = rounded ? [rounded[0], rounded[rounded.length - 1]] : [undefined, undefined]
  if (rounded && from && to && !from.eq(to)) {
    const steps = rounded.every((v) => v !== null)
      ? p.attribution!.components.flatMap((component, i) => {
          const step = rounded[i + 1]!.minus(rounded[i]!)
          return step.isZero() ? [] : [`${STEP_WORDS[component.step] ?? component.step} ${signed(step)}`]
        })
      : []
    parts.push(
      `liquidation ${priceText(from.toFixed(), tick)} → ${priceText(to.toFixed(), tick)} (${signed(to.minus(from))}${steps.length > 0 ? `: ${steps.join(', ')}` : ''})`,
    )
  } else if (p.old.liquidation_price !== p.new.liquidation_price) {
    parts.push(`liquidation ${priceText(p.old.liquidation_price, tick)} → ${priceText(p.new.liquidation_price, tick)}`)
  }
  const [distanceOld, distanceNew] = [percentText(p.old.distance), percentText(p.new.distance)]
  if (distanceOld !== distanceNew) parts.push(`distance ${distanceOld} → ${distanceNew}`)
  if (p.old.tier !== p.new.tier) parts.push(`tier ${p.old.tier} → ${p.new.tier}`)
  if (p.old.size !== p.new.size) parts.push(`size ${p.old.size} → ${p.new.size}`)
  return parts.length === 0 ? undefined : `${p.id}: ${parts.join(', ')}`
}

function signed(value: Decimal): string {
  return value.isNeg() ? `−${value.abs().toFixed()}` : `+${value.toFixed()}`
}

function accountLine({ old: a, new: b }: AccountDiff): string | undefined {
  if (!a || !b || JSON.stringify(a) === JSON.stringify(b)) return undefined
  const parts = [`margin ratio ${pct(a.margin_ratio)} → ${pct(b.margin_ratio)}`]
  if (a.margin_balance !== b.margin_balance) parts.push(`margin balance ${a.margin_balance} → ${b.margin_balance}`)
  if (a.wallet_balance !== b.wallet_balance) parts.push(`wallet ${a.wallet_balance} → ${b.wallet_balance}`)
  return `account: ${parts.join(', ')}`
}

/**
 * The header and the report within `rows` lines: the header (what changed) takes at most 60% of them, the report
 * is cut from the end (its problems come first) with its summary kept as its last lines, and each cut says what
 * it left out. Without rows, every line.
 */
function fitToRows(head: string[], body: string[], rows: number | undefined, width: number, c: ChalkInstance): string[] {
  // One row is left for the cursor: a screen of exactly `rows` lines would scroll its first line away.
  const room = rows === undefined ? Number.POSITIVE_INFINITY : Math.max(rows - 1, 10)
  if (head.length + body.length <= room) return [...head, ...body]
  // One line each, cut to the width: a wrapped one would push the screen's first line out of sight.
  const more = (n: number, what: string) => c.dim(`  … ${n} more line${n === 1 ? '' : 's'} ${what}`.slice(0, width))
  // The header's last line is the rule under it: kept.
  const changes = head.slice(0, -1)
  const headRoom = Math.floor(room * 0.6) - 1
  const kept = changes.length <= headRoom ? changes.length : itemStart(changes, headRoom - 1)
  const shownHead =
    kept === changes.length ? head : [...changes.slice(0, kept), more(changes.length - kept, 'of changes (--format json has all)'), head.at(-1)!]
  let summaryAt = body.length - 1
  while (summaryAt >= 0 && !body[summaryAt]!.replace(ANSI, '').startsWith('Summary:')) summaryAt--
  const summary = summaryAt < 0 ? [] : body.slice(summaryAt)
  const rest = summaryAt < 0 ? body : body.slice(0, summaryAt)
  const bodyRoom = Math.max(room - shownHead.length - summary.length - 1, 0)
  if (rest.length <= bodyRoom + 1) return [...shownHead, ...rest, ...summary]
  const shown = itemStart(rest, bodyRoom)
  return [...shownHead, ...rest.slice(0, shown), more(rest.length - shown, '(a taller window, or --quiet)'), ...summary]
}

/**
 * How many of `lines` to show, at most `most`, ending before an item begins: a line indented deeper than the one
 * above it goes on that item (a wrapped line, a group's items), so a cut never leaves half of one on the screen.
 */
function itemStart(lines: readonly string[], most: number): number {
  const indent = (line: string) => line.replace(ANSI, '').search(/\S|$/)
  let cut = Math.max(most, 0)
  while (cut > 1 && indent(lines[cut]!) > indent(lines[cut - 1]!)) cut--
  return cut
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the colour codes chalk writes
const ANSI = /\u001b\[[0-9;]*m/g

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** The clock of a run as a trader reads it on the screen: 12:04:31Z (UTC, as every time perp-check prints). */
function clockTime(ms: number): string {
  return `${iso(ms).slice(11, 19)}Z`
}

function clockSpan(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 100) / 10}s`
}

/** A fraction as a percentage, 2 decimals; "—" when absent. */
function pct(value: string | null): string {
  const number = value === null ? undefined : parseDecimalText(value)
  return number ? `${number.mul(100).toDecimalPlaces(2).toFixed(2)}%` : '—'
}
