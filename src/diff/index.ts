// The diff domain's public surface: two snapshots compared (compare.ts, with the attribution of each
// position's liquidation price and distance, attribution.ts) or a series of them (series.ts). Plain data out.
export { attribute, attributionContext, feesBetween, fundingBetween, STEP_TITLES, STEPS, WIDE, type Attribution, type Step } from './attribution.js'
export { diffSnapshots } from './compare.js'
export { defaultedOrder, defaultedPosition, pairItems, pairPortfolios } from './pair.js'
export { orderSnapshots, oscillation, seriesOf } from './series.js'
export type * from './types.js'
