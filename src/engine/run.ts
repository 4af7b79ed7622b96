// Runs the selected checks over one portfolio: each draft gets its check id, exact figure strings and
// its line:col; a check that throws is recorded as a failure (never swallowed); findings are sorted.
import { createHash } from 'node:crypto'
import { decimalString, Decimal } from '../decimal.js'
import type { SourceDocument } from '../input/document.js'
import { formatPath } from '../input/errors.js'
import type { Portfolio } from '../model.js'
import { derive, type Derived } from '../derive/index.js'
import { STATUSES, type Check, type Draft, type Figure, type Finding, type StatusCounts } from './types.js'

export interface CheckFailure {
  check: string
  error: string
}

export interface Report {
  file: string
  sha256: string
  asOf: string
  findings: Finding[]
  counts: StatusCounts
  failures: CheckFailure[]
  /** The checks that ran, in order (for explanations). */
  checks: readonly Check[]
  portfolio: Portfolio
  derived: Derived
}

export interface RunInput {
  file: string
  source: string
  portfolio: Portfolio
  document: SourceDocument
}

export function runChecks(input: RunInput, checks: readonly Check[]): Report {
  const derived = derive(input.portfolio)
  const context = { portfolio: input.portfolio, derived }
  const findings: Finding[] = []
  const failures: CheckFailure[] = []
  for (const check of checks) {
    try {
      const drafts: Draft[] = check.run(context)
      findings.push(...drafts.map((draft) => toFinding(check.id, draft, input.document)))
    } catch (error) {
      failures.push({ check: check.id, error: error instanceof Error ? error.message : String(error) })
    }
  }
  const order = subjectOrder(input.portfolio)
  const checkIndex = new Map(checks.map((c, i) => [c.id, i]))
  findings.sort((a, b) => (order.get(a.subject) ?? order.size) - (order.get(b.subject) ?? order.size) || checkIndex.get(a.check)! - checkIndex.get(b.check)!) // stable: within a subject and check, the check's own order
  return {
    file: input.file,
    sha256: createHash('sha256').update(input.source).digest('hex'),
    asOf: new Date(input.portfolio.asOf).toISOString(),
    findings,
    counts: countStatuses(findings),
    failures,
    checks,
    portfolio: input.portfolio,
    derived,
  }
}

function toFinding(check: string, draft: Draft, document: SourceDocument): Finding {
  const figures: Record<string, string | null> = {}
  for (const [name, value] of Object.entries(draft.figures ?? {})) figures[name] = figureString(value)
  return { check, status: draft.status, subject: draft.subject, message: draft.message, figures, path: formatPath(draft.path), ...document.locate(draft.path) }
}

function figureString(value: Figure): string | null {
  if (value === null || typeof value === 'string') return value
  if (Decimal.isDecimal(value)) {
    if (!value.isFinite()) throw new Error(`a figure is not a finite number (${value.toString()})`)
    return decimalString(value)
  }
  throw new Error(`a figure is neither a Decimal, a string nor null (${typeof value})`)
}

/** Subjects in reading order: the account, then markets, positions and orders as the file lists them. */
function subjectOrder(portfolio: Portfolio): Map<string, number> {
  const subjects = ['account', ...portfolio.markets.keys(), ...portfolio.positions.map((p) => p.id), ...portfolio.orders.map((o) => o.id)]
  const order = new Map<string, number>()
  for (const [i, s] of subjects.entries()) if (!order.has(s)) order.set(s, i)
  return order
}

function countStatuses(findings: readonly Finding[]): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts
  for (const f of findings) counts[f.status]++
  return counts
}

export type FailOn = 'fail' | 'warn'

/** 0: nothing at or above the failing status; 1: something is; 2: a check could not run. */
export function exitCodeFor(report: Pick<Report, 'counts' | 'failures'>, failOn: FailOn): 0 | 1 | 2 {
  if (report.failures.length > 0) return 2
  if (report.counts.fail > 0) return 1
  if (failOn === 'warn' && report.counts.warn > 0) return 1
  return 0
}
