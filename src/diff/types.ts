// The diff's output: plain serialisable data (strings, numbers, booleans, arrays, plain objects), every decimal
// an exact string. The reporters in src/report lay it out; `changes` is the flat list a CI format renders.
import type { Finding, Status } from '../engine/types.js'
import type { Portfolio, YamlPath } from '../model.js'
import type { Step } from './attribution.js'

/** One snapshot as the diff reads it: the portfolio, its checklist, and where a YAML path stands in its file. */
export interface Snapshot {
  file: string
  sha256: string
  portfolio: Portfolio
  findings: readonly Finding[]
  /** Checks that threw or views that could not be computed (exit 2). */
  failures: number
  /** Each position's funding over its hold (the funding record's `amount`), by id; null when not computed. */
  fundingOverHold: ReadonlyMap<string, string | null>
  locate(path: YamlPath): { line: number; column: number }
}

export type Severity = 'fail' | 'warn' | 'info'

/** One line of the diff, in the shape the CI formats render (one annotation each). */
export interface Change {
  /** What kind of change, kebab-case: finding-worse, parameter-ladder, drift-distance, … */
  rule: string
  severity: Severity
  /** The position, order or market id, or "account". */
  subject: string
  message: string
  /** The file the change points into: the new snapshot, or the old one for what was removed. */
  file: string
  /** Dotted YAML path, e.g. "positions[2].size". */
  path: string
  line: number
  column: number
}

export interface SnapshotInfo {
  file: string
  sha256: string
  as_of: string
  venue: string
  counts: Record<Status, number>
}

/** A finding's status in each snapshot (null: no such item there), paired by check, subject and order. */
export interface FindingChange {
  check: string
  subject: string
  old: Status | null
  new: Status | null
  /** The new message (the old one when the item is gone). */
  message: string
  /** Where the item points: in the new file, or in the old one when the item is gone. */
  path: string
  line: number
  column: number
}

export interface PositionFigures {
  size: string
  entry_price: string
  margin_mode: string
  leverage: string
  trigger_price: string
  liquidation_price: string | null
  distance: string | null
  /** 1-based tier of the maintenance ladder at the trigger price. */
  tier: number
  maintenance_margin: string
  margin_ratio: string | null
}

export interface ChainPoint {
  step: 'old' | Step
  liquidation_price: string | null
  distance: string | null
  /** A long covered down to a zero price, valued at a liquidation price of 0. */
  floor: boolean
}

export interface ComponentOut {
  step: Step
  liquidation_price: string | null
  distance: string | null
}

export interface AttributionOut {
  complete: boolean
  reason?: string
  chain: ChainPoint[]
  components: ComponentOut[]
  total: { liquidation_price: string | null; distance: string | null }
  estimates: { funding: string; fees: string }
  price_decimals: number
}

export interface PositionDiff {
  id: string
  /** The old id, when the pair was made by market and side. */
  old_id?: string
  market: string
  side: string
  status: 'changed' | 'unchanged' | 'opened' | 'closed'
  old: PositionFigures | null
  new: PositionFigures | null
  attribution: AttributionOut | null
  /** This position's findings, new fails and warns first. */
  findings: FindingChange[]
}

export interface FieldChange {
  field: string
  old: string | null
  new: string | null
}

export interface ItemDiff {
  id: string
  status: 'changed' | 'added' | 'removed'
  fields: FieldChange[]
}

export interface ParameterEffect {
  position: string
  figure: string
  old: string | null
  new: string | null
}

export interface ParameterChange {
  kind: 'ladder' | 'funding-interval' | 'funding-cap' | 'liquidation-reference' | 'leverage' | 'margin-mode' | 'venue'
  subject: string
  old: string
  new: string
  effects: ParameterEffect[]
  /** One line: what changed and what it did to every position it touches. */
  message: string
  /** Where in the new file the parameter stands. */
  path: string
  line: number
  column: number
}

export interface AccountDiff {
  old: { margin_balance: string; maintenance_margin: string; margin_ratio: string | null; wallet_balance: string } | null
  new: { margin_balance: string; maintenance_margin: string; margin_ratio: string | null; wallet_balance: string } | null
}

export interface DiffResult {
  kind: 'diff'
  old: SnapshotInfo
  new: SnapshotInfo
  steps: { step: Step; title: string }[]
  positions: PositionDiff[]
  orders: ItemDiff[]
  markets: ItemDiff[]
  account: AccountDiff
  parameters: ParameterChange[]
  /** Findings of subjects other than positions (account, markets, orders) whose status changed. */
  findings: FindingChange[]
  /** Everything above worth a line, fails first: what the CI formats render. */
  changes: Change[]
  /** Findings whose new status is fail (warn) and worse than their old one. */
  worse: { fail: number; warn: number }
  /** Failures (checks that could not run) in either snapshot: exit code 2. */
  failures: number
}

export interface Trend {
  /** One value per snapshot, oldest first; null where the item is absent or has no value. */
  values: (string | null)[]
  first: string | null
  last: string | null
  change: string | null
  direction: 'up' | 'down' | 'flat' | 'mixed' | 'none'
}

export interface Oscillation {
  parameter: 'ladder' | 'leverage' | 'funding-interval' | 'margin-mode' | 'stop'
  subject: string
  /** The value at each change inside the window, oldest first. */
  values: { as_of: string; value: string }[]
  changes: number
  window: string
}

export interface Drift {
  kind: 'distance-shrinking' | 'funding-rising-with-volatility'
  subject: string
  /** Consecutive snapshots (as_of) the drift spans. */
  since: string
  snapshots: number
  message: string
}

export interface SeriesResult {
  kind: 'series'
  snapshots: SnapshotInfo[]
  thresholds: { oscillation_changes: string; oscillation_window: string; drift_snapshots: string }
  positions: { id: string; market: string; side: string; distance: Trend }[]
  account: { margin_ratio: Trend }
  oscillations: Oscillation[]
  drift: Drift[]
  /** The diff of the last two snapshots (the exit code comes from it). */
  latest: DiffResult
  /** latest.changes, then a line per oscillation and drift, fails first. */
  changes: Change[]
  /** Failures (checks that could not run) in any snapshot: exit code 2. */
  failures: number
}

export type DiffOutput = DiffResult | SeriesResult
