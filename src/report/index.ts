// Reporters by name: each a pure (report, options) → string; the CLI prints the result.
import type { Report } from './build.js'
import { annotationsOf, github as githubCommands, junit as junitXml, sarif as sarifLog } from './ci.js'
import { json } from './json.js'
import { text } from './text.js'
import { verbose } from './verbose.js'

export interface ReportOptions {
  color: boolean
  /** The detailed checklist: every item and figure, and each check's explanation (the text format before problems-first). */
  verbose: boolean
  /** Only the problems and the summary. */
  quiet?: boolean
  /** Columns to wrap the text report to (80 when not a terminal). */
  width?: number
  exitCode: number
  version: string
  /** The lowest status that fails the run (JUnit and GitHub make warnings failures under 'warn'). */
  failOn?: 'fail' | 'warn'
}

export type Reporter = (report: Report, options: ReportOptions) => string

const ci = (options: ReportOptions) => ({ failOn: options.failOn ?? 'fail', version: options.version })

export const reporters = {
  text: (report, options) => (options.verbose ? verbose(report, options) : text(report, options)),
  json,
  junit: (report, options) => junitXml(annotationsOf(report).annotations, ci(options)),
  sarif: (report, options) => {
    const { annotations, rules } = annotationsOf(report)
    return sarifLog(annotations, rules, ci(options))
  },
  github: (report, options) => githubCommands(annotationsOf(report).annotations, ci(options)),
} satisfies Record<string, Reporter>
export type Format = keyof typeof reporters
