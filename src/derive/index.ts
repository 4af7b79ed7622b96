// Figures computed once from the validated portfolio and shared by the checks and the JSON records.
// Each view is computed on first use and kept, so a check run alone (--only) pays only for what it
// reads, and a view that throws is reported against the check that needed it.
import type { Portfolio } from '../model.js'

export class Derived {
  constructor(readonly portfolio: Portfolio) {}

  // Views, one getter each, e.g.:
  //   #margin?: MarginView
  //   get margin(): MarginView { return (this.#margin ??= computeMargin(this.portfolio)) }
}

export function derive(portfolio: Portfolio): Derived {
  return new Derived(portfolio)
}
