// Reporters by name: each a pure (report, options) → string; the CLI prints the result.
import { annotationsOf, github as githubCommands, junit as junitXml, sarif as sarifLog } from './ci.js'
import { json } from './json.js'
import { text } from './text.js'
import type { Reporter, ReportOptions } from './options.js'
import { verbose } from './verbose.js'

export type { Reporter, ReportOptions } from './options.js'

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
