// The views: figures computed once from the validated portfolio and shared by the checks and the JSON records.
// The engine computes the views the selected checks declare, and the views those read, each once and in
// dependency order, before any check runs. A view that throws is recorded once; what reads it is not computed.
import { computeExecution } from '../execution/view.js'
import { computeFunding } from '../funding/view.js'
import { computeMargin } from '../margin/index.js'
import type { Portfolio } from '../model.js'
import { computeRisk } from '../risk/view.js'
import { computeStress } from '../stress/index.js'
import type { ViewName, Views } from './types.js'

/** How one view is computed, and from which other views. */
export interface ViewDefinition<N extends ViewName> {
  /** The views `compute` reads; they are computed first. */
  needs: readonly ViewName[]
  /** Receives the views in `needs`, computed, and nothing else; may tell `progress` how many positions it has done. */
  compute(portfolio: Portfolio, views: Views, progress?: PositionsDone): Views[N]
}

/** A view's report of its own progress: `done` of the portfolio's positions (src/engine/progress.ts). */
export type PositionsDone = (done: number) => void

export type ViewDefinitions = { readonly [N in ViewName]: ViewDefinition<N> }

export const VIEWS: ViewDefinitions = {
  margin: { needs: [], compute: (portfolio) => computeMargin(portfolio) },
  execution: { needs: ['margin'], compute: (portfolio, { margin }) => computeExecution(portfolio, margin) },
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
  for (const name of names) ensure(name, [])
  return { views, broken }
}

/** Whether view `name` is `other` or reads it, directly or through another view. */
export function readsView(name: ViewName, other: ViewName, definitions: ViewDefinitions = VIEWS): boolean {
  return name === other || definitions[name].needs.some((need) => readsView(need, other, definitions))
}
