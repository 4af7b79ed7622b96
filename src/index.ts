// The public API: portfolio text in, report out. No process, no console, no colour.
import { checks as allChecks } from './checks/index.js'
import type { Check } from './engine/types.js'
import { runChecks } from './engine/run.js'
import type { ViewDefinitions } from './engine/views.js'
import { loadPortfolio } from './input/load.js'
import { buildReport, type Report } from './report/build.js'

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
  /** How the views are computed (default: the engine's VIEWS); tests replace one to make it throw. */
  views?: ViewDefinitions
}

/** Throws InputError (positioned problems) when the file cannot be used. The report is plain data. */
export function check(source: string, options: CheckOptions): Report {
  const { portfolio, document } = loadPortfolio(source, options)
  const checks = selectChecks(options)
  return buildReport({ file: options.file, source, portfolio }, checks, runChecks({ portfolio, document }, checks, options.views))
}

export function selectChecks(options: Pick<CheckOptions, 'only' | 'skip'>): Check[] {
  return allChecks.filter((c) => (!options.only || options.only.includes(c.id)) && !options.skip?.includes(c.id))
}

export { checks } from './checks/index.js'
export { InputError, formatProblem } from './input/errors.js'
export { exitCodeFor } from './engine/run.js'
export type { Report } from './report/build.js'
export type { Finding, Status, Check } from './engine/types.js'
