// Progress of a run, for the CLI's progress line on long runs (src/progress.ts): the view definitions and the
// checks wrapped so that each tells a listener as it starts; a view may also tell how many positions it has done.
// Without a listener nothing is wrapped, and a run costs what it did.
import type { Portfolio } from '../model.js'
import type { Check, ViewName } from './types.js'
import type { ViewDefinition, ViewDefinitions } from './views.js'

/** What a long run is doing, for the CLI's progress line: the file parsed, a view computed, a check run, the report written. */
export type ProgressStep =
  | { stage: 'parse'; bytes: number }
  | { stage: 'view'; view: ViewName; positions: number; done?: number }
  | { stage: 'check'; check: string; index: number; total: number }
  | { stage: 'report' }

export type ProgressListener = (step: ProgressStep) => void

/** The definitions, each telling `listener` as it starts, and passing it on for the view to tell its positions done. */
export function viewsTelling(definitions: ViewDefinitions, portfolio: Portfolio, listener: ProgressListener): ViewDefinitions {
  const positions = portfolio.positions.length
  const telling = ([view, definition]: [string, ViewDefinition<ViewName>]) => {
    const name = view as ViewName
    const compute: ViewDefinition<ViewName>['compute'] = (p, views) => {
      listener({ stage: 'view', view: name, positions })
      return definition.compute(p, views, (done) => listener({ stage: 'view', view: name, positions, done }))
    }
    // prepare kept as it is: it starts the work compute reads (the lattice worker), at a terminal too.
    return [view, { needs: definition.needs, compute, ...(definition.prepare && { prepare: definition.prepare }) }]
  }
  return Object.fromEntries(Object.entries(definitions).map(telling)) as unknown as ViewDefinitions
}

/** The checks, each telling `progress` as it starts. */
export function checksTelling(checks: readonly Check[], progress: ProgressListener): Check[] {
  return checks.map((check, index) => ({
    ...check,
    run: (context) => {
      progress({ stage: 'check', check: check.id, index, total: checks.length })
      return check.run(context)
    },
  }))
}
