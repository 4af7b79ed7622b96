// Runs the selected checks over one portfolio: first the views they declare are computed (a view that throws
// is one failure, and the checks that needed it do not run); then each draft gets its check id, exact figure
// strings and its line:col; a check that throws is recorded as a failure (never swallowed); findings are sorted.
// The report built from this (src/report/build.ts) is plain data.
import { Decimal, decimalString, FIGURE_MIN_EXPONENT, flat, underflowsFigure } from '../decimal.js'
import type { SourceDocument } from '../input/document.js'
import { formatPath } from '../input/errors.js'
import type { Portfolio } from '../model.js'
import {
  SEVERITY,
  STATUSES,
  type Check,
  type Draft,
  type Figure,
  type FigureValue,
  type Finding,
  type StatusCounts,
  type SubjectKind,
  type ViewName,
  type Views,
} from './types.js'
import { computeViews, readsView, VIEWS, type ViewDefinitions } from './views.js'

/** A check that threw. */
export interface CheckFailure {
  check: string
  error: string
}

/** A view that could not be computed. */
export interface ViewFailure {
  view: ViewName
  error: string
  /** The selected checks that needed it, directly or through a view that reads it: none of them ran. */
  checks: string[]
}

export type Failure = CheckFailure | ViewFailure

/** What running the selected checks gives. */
export interface CheckRun {
  /** Sorted: by subject in reading order, then by check order (each check's own order kept). */
  findings: Finding[]
  counts: StatusCounts
  failures: Failure[]
  /** The views computed for the checks (and the views they read); one that could not be computed is absent. */
  views: Partial<Views>
}

export interface RunInput {
  portfolio: Portfolio
  document: SourceDocument
}

/** `views`: how each view is computed (tests replace one to make it throw). */
export function runChecks(input: RunInput, checks: readonly Check[], views: ViewDefinitions = VIEWS): CheckRun {
  const computed = computeViews(input.portfolio, new Set(checks.flatMap((c) => c.views)), views)
  const failures: Failure[] = computed.broken.map(({ view, error }) => ({
    view,
    error,
    checks: checks.filter((c) => c.views.some((name) => readsView(name, view, views))).map((c) => c.id),
  }))
  const findings: Finding[] = []
  const kinds = subjectKinds(input.portfolio)
  const strings = new FindingStrings(wordLikeNames(kinds.keys()))
  for (const check of checks) {
    if (!check.views.every((name) => name in computed.views)) continue // its view's failure names it
    // Exactly the views the check declares, so reading another is an error here as it is for the compiler.
    const context = { portfolio: input.portfolio, views: Object.fromEntries(check.views.map((name) => [name, computed.views[name]])) as unknown as Views }
    const before = findings.length
    try {
      // One at a time, as the check yields them: spread into push, a check's drafts are a call's arguments, and past
      // about 125,000 (two items for each of 80,000 positions) the call threw 'Maximum call stack size exceeded'.
      for (const draft of check.run(context)) findings.push(toFinding(check.id, draft, input.document, kinds, strings))
    } catch (error) {
      findings.length = before // a check that throws has no findings, not the ones it gave before it threw
      failures.push({ check: check.id, error: error instanceof Error ? error.message : String(error) })
    }
  }
  const sorted = inReadingOrder(findings, subjectOrder(input.portfolio))
  return { findings: sorted, counts: countStatuses(sorted), failures, views: computed.views }
}

/**
 * The findings by subject in reading order (a subject not in it last), then by check, each check's in its own
 * order. They were made check by check, so within a subject they already stand in check order: a stable pass into one
 * list per subject sorts them, with one lookup per finding (the comparison sort made four per comparison).
 */
function inReadingOrder(findings: readonly Finding[], order: ReadonlyMap<string, number>): Finding[] {
  const bySubject: (Finding[] | undefined)[] = new Array(order.size + 1)
  for (const finding of findings) {
    const at = order.get(finding.subject) ?? order.size
    const list = bySubject[at]
    if (list) list.push(finding)
    else bySubject[at] = [finding]
  }
  const sorted: Finding[] = []
  for (const list of bySubject) if (list) for (const finding of list) sorted.push(finding)
  return sorted
}

// Every figure and message leaves here finite and printable, whatever the check computed: a figure is an
// exact decimal of at most 24 significant digits (one below 1e-30 reads 0, and the message says so), and
// a message with NaN, Infinity, undefined or [object Object] in it is a failure of its check, not output. The
// file's own names (a position called NaN) are words, not numbers: `names` are left out of that test.
function toFinding(check: string, draft: Draft, document: SourceDocument, kinds: ReadonlyMap<string, SubjectKind>, strings: FindingStrings): Finding {
  const figures: Record<string, FigureValue> = {}
  let underflows: string[] | undefined
  const drafted = draft.figures
  for (const name in drafted) {
    const value = drafted[name]!
    if (value instanceof Decimal) {
      figures[name] = strings.decimal(name, value)
      if (underflowsFigure(value)) {
        underflows ??= []
        underflows.push(name)
      }
    } else figures[name] = strings.figure(name, value)
  }
  const note = underflows ? ` (${underflows.join(', ')} below 1e${FIGURE_MIN_EXPONENT}, shown as 0)` : ''
  const message = flat(printable(draft.message, strings.names) + note)
  const kind = draft.kind ?? kinds.get(draft.subject) ?? 'account'
  const { line, column } = document.locate(draft.path)
  return {
    rule: strings.rule(check, kind),
    check,
    status: draft.status,
    severity: SEVERITY[draft.status],
    subject: draft.subject,
    cause: draft.cause ?? draft.subject,
    message,
    figures,
    path: flat(formatPath(draft.path)),
    line,
    column,
  }
}

/**
 * The strings of one run's findings, each kept flat: a figure's text is made once for a run of drafts that give
 * the same Decimal under the same name (a threshold, or a market's price, repeats in every item of a check: on a
 * desk account 715,000 figures are 410,000 Decimals), and each rule id once.
 */
class FindingStrings {
  private readonly lastFigures = new Map<string, { value: Decimal; text: string }>()
  /** Rule ids by check, then by subject kind: no key string made per finding. */
  private readonly rules = new Map<string, Map<string, string>>()

  constructor(readonly names: readonly string[]) {}

  /** A figure that is not a Decimal (those go to decimal()). */
  figure(name: string, value: Exclude<Figure, Decimal>): FigureValue {
    if (value === null || typeof value === 'boolean') return value
    if (typeof value === 'string') return flat(printable(value, this.names, name))
    if (Array.isArray(value)) return value.map((item) => printable(String(item), this.names, name))
    throw new Error(`figure ${name} is neither a Decimal, a string nor null (${typeof value})`)
  }

  rule(check: string, kind: string): string {
    let byKind = this.rules.get(check)
    if (byKind === undefined) {
      byKind = new Map()
      this.rules.set(check, byKind)
    }
    let rule = byKind.get(kind)
    if (rule === undefined) {
      rule = flat(`${check}/${kind}`)
      byKind.set(kind, rule)
    }
    return rule
  }

  decimal(name: string, value: Decimal): string {
    const last = this.lastFigures.get(name)
    if (last?.value === value) return last.text
    if (!value.isFinite()) throw new Error(`figure ${name} is not a finite number (${value.toString()})`)
    const text = decimalString(value)
    if (last) {
      last.value = value
      last.text = text
    } else this.lastFigures.set(name, { value, text })
    return text
  }
}

const UNPRINTABLE = /\b(NaN|Infinity|undefined)\b|\[object \w+\]/
const LONG_NUMBER = /-?\d+\.\d{40,}/g

/** Message text as printed: a number written with more than 40 decimals is cut to 24 significant digits; nonsense (outside `names`) is refused. */
function printable(text: string, names: readonly string[], figure?: string): string {
  const bad = UNPRINTABLE.exec(names.reduce((rest, name) => rest.replaceAll(name, ' '), text))
  if (bad) throw new Error(`${figure ? `figure ${figure}` : 'a message'} has "${bad[0]}" in it: ${text.slice(0, 200)}`)
  return text.length > 200 ? text.replace(LONG_NUMBER, (n) => decimalString(new Decimal(n))) : text
}

/** What each subject id names; a position's id wins over an order's, an order's over a market's (as in the report's titles). */
function subjectKinds(portfolio: Portfolio): Map<string, SubjectKind> {
  const kinds = new Map<string, SubjectKind>([['account', 'account']])
  for (const symbol of portfolio.markets.keys()) kinds.set(symbol, 'market')
  for (const order of portfolio.orders) kinds.set(order.id, 'order')
  for (const position of portfolio.positions) kinds.set(position.id, 'position')
  return kinds
}

/** The subject ids that read like nonsense (NaN, Infinity, eth-undefined), longest first so none masks part of another. */
function wordLikeNames(ids: Iterable<string>): string[] {
  return [...ids].filter((id) => UNPRINTABLE.test(id)).sort((a, b) => b.length - a.length)
}

/** Subjects in reading order: the account, then markets, positions and orders as the file lists them. */
function subjectOrder(portfolio: Portfolio): Map<string, number> {
  const subjects = ['account', ...portfolio.markets.keys(), ...portfolio.positions.map((p) => p.id), ...portfolio.orders.map((o) => o.id)]
  // Numbered densely, so that `order.size`, the slot of a subject the file does not name, is no named subject's
  // (an id the file repeats, a position named like a market, is numbered once).
  const order = new Map<string, number>()
  for (const s of subjects) if (!order.has(s)) order.set(s, order.size)
  return order
}

function countStatuses(findings: readonly Finding[]): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts
  for (const f of findings) counts[f.status]++
  return counts
}

export type FailOn = 'fail' | 'warn'

/** 0: nothing at or above the failing status; 1: something is; 2: a check or a view could not run. */
export function exitCodeFor(report: { counts: StatusCounts; failures: readonly Failure[] }, failOn: FailOn): 0 | 1 | 2 {
  if (report.failures.length > 0) return 2
  if (report.counts.fail > 0) return 1
  if (failOn === 'warn' && report.counts.warn > 0) return 1
  return 0
}
