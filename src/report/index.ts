// Reporters by name: each a pure (report, options) → string; the CLI prints the result.
import type { Report } from './build.js'
import { json } from './json.js'
import { text } from './text.js'

export interface ReportOptions {
  color: boolean
  verbose: boolean
  exitCode: number
  version: string
}

export type Reporter = (report: Report, options: ReportOptions) => string

export const reporters = { text, json } satisfies Record<string, Reporter>
export type Format = keyof typeof reporters
