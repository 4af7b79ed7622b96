// The `funding` object of the JSON positions[] and orders[] records: the figures of the funding view as exact
// strings, so a consumer reads the same numbers the funding check judged.
import { decimalString, decimalStringOrNull as str, ZERO } from '../../decimal.js'
import type { FundingPayment } from '../../funding/cashflow.js'
import { fundingFigures } from '../../funding/figures.js'
import { isComputed, type FundingView } from '../../funding/view.js'
import type { JsonFields } from './json-value.js'
import type { FundingRecord } from './types.js'

/** How many of a hold's settlements a record lists; `instants` counts them all. */
export const PAYMENTS_LISTED = 24

/** The first PAYMENTS_LISTED settlements, each with the funding paid up to and including it. */
function listedPayments(payments: readonly FundingPayment[]): FundingRecord['payments'] {
  let cumulative = ZERO
  return payments.slice(0, PAYMENTS_LISTED).map((p) => {
    cumulative = cumulative.plus(p.payment)
    return { at: new Date(p.at).toISOString(), rate: decimalString(p.rate), payment: decimalString(p.payment), cumulative: decimalString(cumulative) }
  })
}

/**
 * `{ funding }` for the record of position or order `id`, to spread into it; null when it cannot be computed (the
 * funding check says why): the schema's next_at, instants and amount (positive = paid over the hold), then
 * minutes_to_next, rate_used, fraction_of_margin, annualized (positive = this side pays) and
 * liquidation_price_after_hold (isolated positions only); in a report built for charts only, the first
 * PAYMENTS_LISTED payments too (a desk account's JSON would carry 10 MB of them).
 */
export function fundingFields(view: FundingView, kind: 'position' | 'order', id: string, charts = false): { funding: FundingRecord | null } {
  const item = (kind === 'position' ? view.positions : view.orders).get(id)
  if (!item || !isComputed(item)) return { funding: null }
  const figures = fundingFigures(item)
  const funding = {
    next_at: figures.next_at,
    minutes_to_next: decimalString(figures.minutes_to_next),
    instants: figures.instants.toNumber(),
    rate_used: decimalString(figures.rate_used),
    amount: decimalString(figures.amount),
    fraction_of_margin: str(figures.fraction_of_margin),
    annualized: decimalString(figures.annualized),
    liquidation_price_after_hold: str(figures.liquidation_price_after_hold),
  } satisfies JsonFields
  return { funding: charts ? { ...funding, payments: listedPayments(item.summary.payments) } : funding }
}
