// The engine's vocabulary: what a check is, what it returns, and what a report holds.
import type { Decimal } from '../decimal.js'
import type { Portfolio, YamlPath } from '../model.js'
import type { Derived } from '../derive/index.js'

export const STATUSES = ['fail', 'warn', 'info', 'pass', 'skip'] as const
/** An item's outcome; `skip` carries the reason the file lacks what the check needs. */
export type Status = (typeof STATUSES)[number]

/** A figure behind a message: a Decimal (printed exactly), a plain string (a reference, a time), or null (no such value, say why in the message). */
export type Figure = Decimal | string | null

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
}

/** What every check receives: the validated portfolio and the figures derived from it once. */
export interface CheckContext {
  portfolio: Portfolio
  derived: Derived
}

/** A column of a check's table in the text report: a figure and its heading. */
export interface TableColumn {
  figure: string
  heading: string
}

export interface Check {
  /** kebab-case; also the file name, the docs heading and the test file name. */
  id: string
  title: string
  /**
   * For items that read best side by side (a scenario grid): consecutive items of this check that carry
   * every one of these figures are printed by the text report as rows of one table, without their
   * messages. JSON keeps every item whole.
   */
  table?: readonly TableColumn[]
  /** Fixed text: what the check guards and why (printed with --verbose and in docs/checks.md). */
  explanation: string
  run(context: CheckContext): Draft[]
}

export const defineCheck = (check: Check): Check => check

/** A draft after the engine: serialisable, decimals as exact strings, position resolved. */
export interface Finding {
  check: string
  status: Status
  subject: string
  message: string
  figures: Record<string, string | null>
  /** Dotted YAML path, e.g. "positions[2].size". */
  path: string
  line: number
  column: number
}

export type StatusCounts = Record<Status, number>
