// The public API: portfolio text in, report out. No process, no console, no colour.
import { checks as allChecks } from './checks/index.js'
import type { Check } from './engine/types.js'
import { type CheckRun, runChecks } from './engine/run.js'
import { checksTelling, type ProgressListener, viewsTelling } from './engine/progress.js'
import { VIEWS, type ViewDefinitions } from './engine/views.js'
import { loadPortfolio } from './input/load.js'
import type { Portfolio, RiskModelId } from './model.js'
import { buildReport, type Report } from './report/build.js'
import { type DiffOutput, diffSnapshots, seriesOf, type Snapshot } from './diff/index.js'
import { VENUE_PORTFOLIO_MODEL } from './risk/params.js'
import { type GateRequest, type GateResult, prepareGate, runGate } from './gate/index.js'
import type { SourceDocument } from './input/document.js'

export interface CheckOptions {
  /** Name used in messages (a path, or <stdin>). */
  file: string
  /** Overrides the file's as_of (ISO 8601). */
  now?: string
  /** The clock when neither now nor as_of is given. */
  clock?: () => number
  /** Check ids to run (default all). */
  only?: readonly string[]
  /** Check ids to leave out. */
  skip?: readonly string[]
  /** Risk models to set side by side with the file's (--risk-model); `verbose` adds the ladder and the venue's own portfolio model. */
  riskModels?: readonly RiskModelId[]
  /** --verbose: compare the ladder with the file's model, or with the venue's portfolio model. */
  verbose?: boolean
  /** How the views are computed (default: the engine's VIEWS); tests replace one to make it throw. */
  views?: ViewDefinitions
  /** The pre-trade gate: orders of the command line, --what-if, --max-size (src/gate; throws OrderProblems for a bad order). */
  gate?: GateRequest
  /** Add the records only charts need, which cost time to compute (each order's size_curve, slice_walks, taker_probability_by_latency): --format html sets it. */
  charts?: boolean
  /** Told each view and check as it starts (the CLI's progress line on long runs); default none. */
  progress?: ProgressListener
  /** Told once the portfolio is read, before any view is computed (the CLI sizes V8's heap for a desk account); default none. */
  loaded?: (portfolio: Portfolio) => void
}

/** Throws InputError (positioned problems) when the file cannot be used. The report is plain data. */
export function check(source: string, options: CheckOptions): Report {
  const file = checkedFile(source, options)
  // The findings hold their line:col: the parsed document (on a desk account as large as the portfolio) is let
  // go before the records are built beside the views and the findings, the run's peak of memory.
  file.document = undefined
  return reportOf(file, source, options)
}

/** check(), with the snapshot the diff reads (`watch` compares each report with the one before through it). */
export function checkedSnapshot(source: string, options: CheckOptions): { report: Report; snapshot: Snapshot } {
  const file = checkedFile(source, options)
  const document = file.document!
  const report = reportOf(file, source, options)
  const fundingOverHold = new Map(report.records.positions.map((r) => [r.id, r.funding?.amount ?? null]))
  const snapshot: Snapshot = {
    file: options.file,
    sha256: report.sha256,
    portfolio: file.portfolio,
    findings: report.findings,
    failures: report.failures.length,
    fundingOverHold,
    locate: (path) => document.locate(path),
  }
  return { report, snapshot }
}

/** A file read and checked: what its report is built from, and its parsed document until the caller lets it go. */
interface CheckedFile {
  portfolio: Portfolio
  checks: Check[]
  run: CheckRun
  gated: GateResult | undefined
  document: SourceDocument | undefined
}

function checkedFile(source: string, options: CheckOptions): CheckedFile {
  const gate = options.gate && prepareGate(source, options, options.gate)
  const loaded = gate ? gate.loaded : loadPortfolio(source, options)
  const { document } = loaded
  const portfolio = withComparison(loaded.portfolio, options)
  options.loaded?.(portfolio)
  const checks = selectChecks(options)
  const { progress } = options
  const run = progress
    ? runChecks({ portfolio, document }, checksTelling(checks, progress), viewsTelling(options.views ?? VIEWS, portfolio, progress))
    : runChecks({ portfolio, document }, checks, options.views)
  const gated = gate ? runGate({ document, checks, views: options.views }, { portfolio, run }, gate.options) : undefined
  return { portfolio, checks, run, gated, document }
}

function reportOf(file: CheckedFile, source: string, options: CheckOptions): Report {
  return buildReport({ file: options.file, source, portfolio: file.portfolio }, file.checks, file.run, { charts: options.charts ?? false, gate: file.gated })
}

/** One snapshot file for `diff`: its text and the name used in messages. */
export interface DiffSource {
  file: string
  source: string
}

/**
 * Two snapshots compared (old, new), or a series of three or more (ordered by as_of; with two, `series: true`
 * asks for the series view). Each file is checked with every check; its own as_of is its "now" (the clock when
 * it has none). Throws InputError for the first file that cannot be used.
 */
export function diff(sources: readonly DiffSource[], options: { series?: boolean; clock?: () => number; views?: ViewDefinitions } = {}): DiffOutput {
  const snapshots = sources.map(({ file, source }) => checkedSnapshot(source, { file, clock: options.clock, views: options.views }).snapshot)
  if (snapshots.length === 2 && !options.series) return diffSnapshots(snapshots[0]!, snapshots[1]!)
  return seriesOf(snapshots)
}

/** 2: a check could not run in a snapshot; 1: the newest snapshot has a fail the one before did not (or a warn, failOn warn); else 0. */
export function diffExitCode(output: DiffOutput, failOn: 'fail' | 'warn'): 0 | 1 | 2 {
  const result = output.kind === 'series' ? output.latest : output
  if (output.failures > 0) return 2
  if (result.worse.fail > 0 || (failOn === 'warn' && result.worse.warn > 0)) return 1
  return 0
}

/** The portfolio with the models to compare (the file's own first): --risk-model's, and in --verbose the ladder and a portfolio model. */
function withComparison(portfolio: Portfolio, options: Pick<CheckOptions, 'riskModels' | 'verbose'>): Portfolio {
  const spec = portfolio.riskModel
  const own = spec?.model ?? 'ladder'
  const asked = [...(options.riskModels ?? [])]
  if (options.verbose) {
    const venueModel = VENUE_PORTFOLIO_MODEL[portfolio.venue.id]
    if (own !== 'ladder') asked.push('ladder')
    else if (venueModel) asked.push('ladder', venueModel)
  }
  const compare = [...new Set(asked)]
  if (compare.length === 0) return portfolio
  return { ...portfolio, riskModel: { ...(spec ?? { model: 'ladder', units: [], path: ['risk_model'] }), compare } }
}

export function selectChecks(options: Pick<CheckOptions, 'only' | 'skip'>): Check[] {
  return allChecks.filter((c) => (!options.only || options.only.includes(c.id)) && !options.skip?.includes(c.id))
}

export { checks } from './checks/index.js'
export { InputError, formatProblem } from './input/errors.js'
export { exitCodeFor } from './engine/run.js'
export { OrderProblems, type OrderProblem } from './gate/orders.js'
export { OrderGrammarError, parseOrderText, ORDER_GRAMMAR, MAX_SIZE_GRAMMAR, pointAt } from './gate/grammar.js'
export type { GateRequest } from './gate/index.js'
export type { Report } from './report/build.js'
export type { Change, DiffOutput, DiffResult, SeriesResult } from './diff/index.js'
export type { Finding, Status, Check } from './engine/types.js'
export { RISK_MODEL_IDS, type RiskModelId } from './model.js'
