// The engine's vocabulary: what a check is, what it reads and returns, and what becomes of its drafts.
import type { Decimal } from '../decimal.js'
import type { ReportDocument } from '../documents.js'
import type { ExecutionView } from '../execution/view.js'
import type { FundingView } from '../funding/view.js'
import type { MarginView } from '../margin/index.js'
import type { Portfolio, YamlPath } from '../model.js'
import type { RiskView } from '../risk/view.js'
import type { StressView } from '../stress/index.js'

export const STATUSES = ['fail', 'warn', 'info', 'pass', 'skip'] as const
/** An item's outcome; `skip` carries the reason the file lacks what the check needs. */
export type Status = (typeof STATUSES)[number]

/**
 * A figure behind a message: a Decimal (printed exactly), a plain string (a reference, a time), a yes/no as a
 * boolean, a list of ids as an array, or null (no such value, say why in the message).
 */
export type Figure = Decimal | string | boolean | readonly string[] | null

/** A figure after the engine: decimals as exact strings. */
export type FigureValue = Finding['figures'][string]

/** Rank of each status for ordering and for consumers: higher is worse (a skip is an item not verified). */
export const SEVERITY = { fail: 4, warn: 3, skip: 2, info: 1, pass: 0 } as const satisfies Record<Status, Finding['severity']>

/** What a subject id names. */
export type SubjectKind = 'account' | 'market' | 'position' | 'order'

/** What a check returns for one item; the engine adds the check id, position and exact strings. */
export interface Draft {
  status: Status
  /** The position / order / market id (or "account") the item is about. */
  subject: string
  /** One line, no colour, no trailing full stop: subject matter first, then the value, then the limit. */
  message: string
  figures?: Record<string, Figure>
  /** Where in the YAML the item is about. */
  path: YamlPath
  /** The kind of item, the second half of its rule id (`stress/scenario`); default: the subject's kind (`stress/account`). */
  kind?: string
  /** The subject whose problem this item is a consequence of (a stress row names the position it liquidates); default: its own subject. */
  cause?: string
}

/**
 * The stress view as computed figures. src/stress/index.ts computes each part on first read; the engine reads
 * every part once (src/engine/views.ts), so a check or a record never starts a computation.
 */

/** Figures computed once from the validated portfolio, shared by the checks and the JSON records (src/engine/views.ts). */
export interface Views {
  /** Ladder tiers, maintenance and initial margin, liquidation and bankruptcy prices (src/margin). */
  margin: MarginView
  /** Book walks, sliced plans, fees under latency and stop fills (src/execution). */
  execution: ExecutionView
  /** Funding schedule, caps and each position's and order's payments over its hold (src/funding). */
  funding: FundingView
  /** Scenario grid, breaking points, correlation breaks, blast radius, worse costs, liquidation paths, cascades (src/stress). */
  stress: StressView
  /** The account under its risk model and the models compared with it: requirement per risk unit, scenarios, liquidation by unit move, hedge worth (src/risk). */
  risk: RiskView
}

export type ViewName = keyof Views

/** What a check receives: the validated portfolio and the views it declares, already computed. */
export interface CheckContext<V extends ViewName = ViewName> {
  portfolio: Portfolio
  views: Pick<Views, V>
}

/** A column of a check's table in the text report: a figure and its heading. */
export interface TableColumn {
  figure: string
  heading: string
}

export interface Check<V extends ViewName = ViewName> {
  /** kebab-case; also the file name, the docs heading and the test file name. */
  id: string
  title: string
  /**
   * The views `run` reads. The engine computes them, and the views they read, before any check runs; a view
   * that throws is one failure (exit 2), and the checks that needed it do not run.
   */
  views: readonly V[]
  /**
   * For items that read best side by side (a scenario grid): consecutive items of this check that carry
   * every one of these figures are printed by the text report as rows of one table, without their
   * messages. JSON keeps every item whole.
   */
  table?: readonly TableColumn[]
  /** Fixed text: what the check guards and why (printed with --verbose and in docs/checks.md). */
  explanation: string
  /** The check's drafts; a generator's are turned into findings as they come, so a desk account's never all exist at once. */
  run(context: CheckContext<V>): Iterable<Draft>
}

/** Types a check: `run` sees exactly the views listed in `views`. */
export const defineCheck = <const V extends ViewName = never>(check: Check<V>): Check<V> => check

/**
 * A draft after the engine: serialisable, decimals as exact strings, position resolved. It is an item of the
 * JSON report's `findings`, so its type is the document's (generated from src/report/schema.ts): `rule` is
 * `<check>/<kind>`, stable like an ESLint rule id; `severity` SEVERITY[status]; `cause` the subject it is grouped
 * under (its own, unless the check names the cause); `path` the dotted YAML path ("positions[2].size").
 */
export type Finding = ReportDocument['findings'][number]

/** An item that fails or warns: what a summary names, what --fail-on judges. */
export type Problem = Finding & { status: 'fail' | 'warn' }

export const isProblem = (finding: Finding): finding is Problem => finding.status === 'fail' || finding.status === 'warn'

export type StatusCounts = Record<Status, number>
