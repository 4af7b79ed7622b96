// The `funding` object of the JSON positions[] and orders[] records: the figures of Derived.funding as exact
// strings, so a consumer reads the same numbers the funding check judged.
import { Decimal, decimalString, decimalStringOrNull as str } from '../decimal.js'
import type { Derived } from '../derive/index.js'
import { isComputed, type ItemFunding } from './view.js'

/** The JSON shape of one item's funding; null when it cannot be computed (the funding check says why). */
export type FundingRecord = {
  next_at: string
  minutes_to_next: string
  /** Settlements inside (as_of, as_of + hold]. */
  instants: number
  rate_used: string
  /** Positive = paid over the hold. */
  amount: string
  fraction_of_margin: string | null
  /** Positive = this side pays. */
  annualized: string
  /** Isolated positions only. */
  liquidation_price_after_hold: string | null
}

/** The figures behind `funding` in the records and in the funding check's findings, by the same names. */
export function fundingFigures(item: ItemFunding) {
  const { summary } = item
  return {
    next_at: new Date(summary.nextAt).toISOString(),
    minutes_to_next: summary.minutesToNext,
    instants: new Decimal(summary.count),
    rate_used: summary.rateUsed,
    amount: summary.amount,
    fraction_of_margin: item.fractionOfMargin,
    annualized: summary.annualized,
    liquidation_price_after_hold: item.liquidationAfterHold?.liquidation.price ?? null,
  }
}

/** `{ funding }` for the record of position or order `id`, to spread into it. */
export function fundingFields(derived: Derived, kind: 'position' | 'order', id: string): { funding: FundingRecord | null } {
  const view = derived.funding
  const item = (kind === 'position' ? view.positions : view.orders).get(id)
  if (!item || !isComputed(item)) return { funding: null }
  const figures = fundingFigures(item)
  return {
    funding: {
      next_at: figures.next_at,
      minutes_to_next: decimalString(figures.minutes_to_next),
      instants: figures.instants.toNumber(),
      rate_used: decimalString(figures.rate_used),
      amount: decimalString(figures.amount),
      fraction_of_margin: str(figures.fraction_of_margin),
      annualized: decimalString(figures.annualized),
      liquidation_price_after_hold: str(figures.liquidation_price_after_hold),
    },
  }
}
