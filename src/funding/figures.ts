// The figures of one item's funding by name: the funding check's findings and the JSON `funding` record
// (src/report/records/funding.ts) carry the same names and values.
import { Decimal } from '../decimal.js'
import { onceBy } from '../once.js'
import type { ItemFunding } from './view.js'

/** The figures behind `funding` in the records and in the funding check's findings, by the same names. */
export function fundingFigures(item: ItemFunding) {
  const { summary } = item
  return {
    next_at: isoOnce(summary.nextAt),
    minutes_to_next: summary.minutesToNext,
    instants: countOnce(summary.count),
    rate_used: summary.rateUsed,
    amount: summary.amount,
    fraction_of_margin: item.fractionOfMargin,
    annualized: summary.annualized,
    liquidation_price_after_hold: item.liquidationAfterHold?.liquidation.price ?? null,
  }
}

// Every item of a market and hold shares its next settlement and count: their figures are made once.
const isoOnce = onceBy((at: number) => new Date(at).toISOString())
const countOnce = onceBy((count: number) => new Decimal(count))
