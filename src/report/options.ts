// What every reporter takes beside the report: its own module, so the reporters and the registry in
// index.ts import it one way.
import type { ReportDocument } from '../documents.js'
import type { Report } from './build.js'

export interface ReportOptions {
  color: boolean
  /** The detailed checklist: every item and figure, and each check's explanation (the text format before problems-first). */
  verbose: boolean
  /** Only the problems and the summary. */
  quiet?: boolean
  /** Columns to wrap the text report to (80 when not a terminal). */
  width?: number
  /** The text report's pictures (gauges, the margin chart) in Unicode box and block characters; plain ASCII when not set. */
  unicode?: boolean
  /** The run's exit code: 0, 1 or 2 (the JSON report's summary.exit_code). */
  exitCode: ReportDocument['summary']['exit_code']
  version: string
  /** The lowest status that fails the run (JUnit and GitHub make warnings failures under 'warn'). */
  failOn?: 'fail' | 'warn'
}

export type Reporter = (report: Report, options: ReportOptions) => string
