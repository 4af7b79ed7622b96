// The views: figures computed once from the validated portfolio and shared by the checks and the JSON records.
// The engine computes the views the selected checks declare, and the views those read, each once and in
// dependency order, before any check runs. A view that throws is recorded once; what reads it is not computed.
import { computeExecution, prepareExecution } from '../execution/view.js'
import { computeFunding } from '../funding/view.js'
import { computeMargin } from '../margin/index.js'
import type { Portfolio } from '../model.js'
import { computeRisk } from '../risk/view.js'
import { stressedMarket } from '../stress/costs.js'
import { computeStress } from '../stress/index.js'
import type { ViewName, Views } from './types.js'

/** How one view is computed, and from which other views. */
export interface ViewDefinition<N extends ViewName> {
  /** The views `compute` reads; they are computed first. */
  needs: readonly ViewName[]
  /** Receives the views in `needs`, computed, and nothing else; may tell `progress` how many positions it has done. */
  compute(portfolio: Portfolio, views: Views, progress?: PositionsDone): Views[N]
  /**
   * Called before any view is computed, with every view the run will compute: starts work `compute` will read
   * (the execution view's tick lattices, on a worker thread). It changes no figure; if it throws, nothing is prepared.
   */
  prepare?(portfolio: Portfolio, computing: ReadonlySet<ViewName>): void
}

/** A view's report of its own progress: `done` of the portfolio's positions (src/engine/progress.ts). */
export type PositionsDone = (done: number) => void

export type ViewDefinitions = { readonly [N in ViewName]: ViewDefinition<N> }

export const VIEWS: ViewDefinitions = {
  margin: { needs: [], compute: (portfolio) => computeMargin(portfolio) },
  execution: {
    needs: ['margin'],
    compute: (portfolio, { margin }) => computeExecution(portfolio, margin),
    // The stress costs re-run the orders on the stressed market: its lattices are asked for after the portfolio's.
    prepare: (portfolio, computing) => prepareExecution(computing.has('stress') ? [portfolio, stressedMarket(portfolio)] : [portfolio]),
  },
  funding: { needs: ['margin'], compute: (portfolio, { margin }) => computeFunding(portfolio, margin) },
  stress: { needs: ['margin', 'execution'], compute: (_portfolio, { margin, execution }) => computeStress(margin, execution) },
  risk: { needs: ['margin'], compute: (portfolio, { margin }) => computeRisk(portfolio, margin) },
}

/** A view that threw while it was computed, and why. */
export interface BrokenView {
  view: ViewName
  error: string
}

export interface ComputedViews {
  /** Every view asked for and every view they read, except those that threw or read one that did. */
  views: Partial<Views>
  /** One entry per view that threw, in the order they were computed. */
  broken: BrokenView[]
}

/** Computes `names` and the views they read, each once, every view after the views it reads. */
export function computeViews(portfolio: Portfolio, names: Iterable<ViewName>, definitions: ViewDefinitions = VIEWS): ComputedViews {
  const views: Partial<Views> = {}
  const broken: BrokenView[] = []
  const done = new Map<ViewName, boolean>()
  const ensure = (name: ViewName, path: readonly ViewName[]): boolean => {
    const known = done.get(name)
    if (known !== undefined) return known
    if (path.includes(name)) throw new Error(`the views read one another in a circle: ${[...path, name].join(' → ')}`)
    const definition = definitions[name]
    const ready = definition.needs.map((need) => ensure(need, [...path, name])).every(Boolean)
    if (ready) {
      try {
        const inputs = Object.fromEntries(definition.needs.map((need) => [need, views[need]])) as unknown as Views
        Object.assign(views, { [name]: definition.compute(portfolio, inputs) })
      } catch (error) {
        broken.push({ view: name, error: error instanceof Error ? error.message : String(error) })
      }
    }
    done.set(name, name in views)
    return name in views
  }
  const wanted = [...names]
  prepareViews(portfolio, wanted, definitions)
  // The views that read a prepared one (the execution view's tick lattices, on a worker thread) are computed after
  // the others, which gives the prepared work a head start; the order changes no figure, and the broken views are
  // listed in the order of `names` (each after the views it reads), as if computed in it.
  const prepared = (Object.keys(definitions) as ViewName[]).filter((name) => definitions[name].prepare !== undefined)
  const readsPrepared = (name: ViewName) => prepared.some((other) => readsView(name, other, definitions))
  for (const name of [...wanted.filter((name) => !readsPrepared(name)), ...wanted.filter(readsPrepared)]) ensure(name, [])
  const listed = inDependencyOrder(wanted, definitions)
  broken.sort((a, b) => listed.indexOf(a.view) - listed.indexOf(b.view))
  return { views, broken }
}

/** `names` and the views they read, each after the views it reads, in the order of `names` (a circle is left to ensure). */
function inDependencyOrder(names: readonly ViewName[], definitions: ViewDefinitions): ViewName[] {
  const listed: ViewName[] = []
  const visit = (name: ViewName, path: ReadonlySet<ViewName>) => {
    if (listed.includes(name) || path.has(name)) return
    for (const need of definitions[name].needs) visit(need, new Set([...path, name]))
    listed.push(name)
  }
  for (const name of names) visit(name, new Set())
  return listed
}

/** Calls `prepare` of every view `names` computes (the views they read included); a prepare that throws prepares nothing. */
function prepareViews(portfolio: Portfolio, names: readonly ViewName[], definitions: ViewDefinitions): void {
  const computing = new Set<ViewName>()
  const add = (name: ViewName) => {
    if (computing.has(name)) return
    computing.add(name)
    for (const need of definitions[name].needs) add(need)
  }
  for (const name of names) add(name)
  for (const name of computing)
    try {
      definitions[name].prepare?.(portfolio, computing)
    } catch {
      // Preparing is ahead-of-time work only: compute does all of it without, and reports any error it meets.
    }
}

/** Whether view `name` is `other` or reads it, directly or through another view. */
export function readsView(name: ViewName, other: ViewName, definitions: ViewDefinitions = VIEWS, seen = new Set<ViewName>()): boolean {
  if (name === other) return true
  if (seen.has(name)) return false // a circle: computeViews says so when it meets it
  seen.add(name)
  return definitions[name].needs.some((need) => readsView(need, other, definitions, seen))
}
