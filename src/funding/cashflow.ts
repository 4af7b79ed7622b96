// What funding costs over a hold: the payment at each instant and the totals (amount, share of margin,
// annualized rate). Sign convention throughout: a positive rate means longs pay shorts, and a positive
// payment or amount means this position pays.
import { type Decimal, MS_PER_YEAR, ZERO } from '../decimal.js'
import type { PositionSide } from '../model.js'
import { onceBy } from '../once.js'
import { firstInstantAfter, fundingInstants, minutesBetween } from './schedule.js'

/** One settlement inside the hold. */
export interface FundingPayment {
  /** Epoch milliseconds. */
  at: number
  /** The venue rate applied at this instant (positive: longs pay). */
  rate: Decimal
  /** size × funding price × rate, signed for the side: positive = paid, negative = received. */
  payment: Decimal
}

/** Everything the funding check reports for one position or order over its hold. */
export interface FundingSummary {
  /** The first settlement strictly after as_of (it may lie beyond the hold). */
  nextAt: number
  minutesToNext: Decimal
  /** How many settlements fall inside (as_of, as_of + hold]. */
  count: number
  /**
   * The settlements inside the hold, listed up to LISTED_PAYMENTS (or the forecast and one more): every later
   * one repeats the current rate and payment, so they are counted, not listed (a 5-year hold at a 1-minute
   * interval is 2.6 million settlements).
   */
  payments: FundingPayment[]
  /** Mean venue rate over the settlements in the hold; the rate of the next settlement when there are none. */
  rateUsed: Decimal
  /** Some listed settlement's rate is not `rateUsed` (a forecast that differs from the current rate). */
  ratesVary: boolean
  /** Sum of the payments: positive = paid over the hold. */
  amount: Decimal
  /** rateUsed × settlements per year, signed for the side: positive = this side pays. */
  annualized: Decimal
  /** Funding over the hold as a fraction of the notional at the funding price (Σ side × rate); positive = paid. */
  fractionOfNotional: Decimal
}

/** Input of {@link summarizeFunding}. */
export interface FundingInput {
  asOf: number
  holdMs: number
  side: PositionSide
  /** Position size in base units (contracts × contract size). */
  quantity: Decimal
  /** The price funding is paid on: the mark, or the index / oracle (venue profile `fundingPrice`). */
  fundingPrice: Decimal
  /** Current rate per interval (positive: longs pay). */
  rate: Decimal
  /** Rates for the next settlements after as_of, in order; `rate` applies after the list ends. */
  forecast: readonly Decimal[]
  nextAt: number
  intervalMs: number
}

/** Settlements listed one by one in a FundingSummary; the rest (all at the current rate) are counted. */
export const LISTED_PAYMENTS = 10_000

/** Settlements per (365-day) year at this interval. */
export function instantsPerYear(intervalMs: number): Decimal {
  return perYear(intervalMs)
}

/** Once per interval: a portfolio's markets settle at a handful of intervals. */
const perYear = onceBy((intervalMs: number) => MS_PER_YEAR.div(intervalMs))

/**
 * A rate stated per `periodMs` restated per `intervalMs`, linearly (funding accrues pro rata):
 * e.g. Hyperliquid's 8h rate 0.0095 is paid hourly as 0.0095 × 1h / 8h = 0.0011875.
 */
export function rateForInterval(rate: Decimal, periodMs: number, intervalMs: number): Decimal {
  return rate.mul(intervalMs).div(periodMs)
}

/** The rate at the k-th settlement after as_of (0-based): the forecast while it lasts, then the current rate. */
export function rateAt(k: number, rate: Decimal, forecast: readonly Decimal[]): Decimal {
  return forecast[k] ?? rate
}

/** One settlement's cash flow: quantity × price × rate, positive when `side` pays (long with a positive rate, short with a negative one). */
export function fundingPayment(side: PositionSide, quantity: Decimal, fundingPrice: Decimal, rate: Decimal): Decimal {
  const paid = quantity.mul(fundingPrice).mul(rate)
  return side === 'long' ? paid : paid.neg()
}

/** What a funding summary shares with every item of one market and hold: the instants, their rates and the rate totals. */
export interface FundingSchedule {
  nextAt: number
  minutesToNext: Decimal
  /** Settlements inside the hold. */
  count: number
  /** The listed settlements (see FundingSummary.payments) and the rate at each. */
  instants: readonly number[]
  rates: readonly Decimal[]
  /** Σ rate over the hold. */
  rateSum: Decimal
  rateUsed: Decimal
  ratesVary: boolean
  /** rateUsed × settlements per year, for a long (the side's sign not applied). */
  annualizedLong: Decimal
  /** The side's annualized rate and Σ side × rate (see FundingSummary), the same for every item of the side. */
  bySide: Record<PositionSide, { annualized: Decimal; fractionOfNotional: Decimal }>
}

/** The schedule of funding over a hold, for any side and size: computed once per market and hold (see summaryOf). */
export function fundingSchedule(input: Omit<FundingInput, 'side' | 'quantity' | 'fundingPrice'>): FundingSchedule {
  const { rate, forecast, intervalMs } = input
  const nextAt = firstInstantAfter(input)
  const end = input.asOf + input.holdMs
  const n = nextAt > end ? 0 : Math.floor((end - nextAt) / intervalMs) + 1
  const listedCount = Math.min(n, Math.max(LISTED_PAYMENTS, forecast.length + 1))
  const instants = listedCount === 0 ? [] : fundingInstants({ ...input, holdMs: nextAt - input.asOf + (listedCount - 1) * intervalMs })
  const rates = instants.map((_, k) => rateAt(k, rate, forecast))
  const repeated = n - instants.length
  // Adding zero returns the sum as it is: the repeated settlements' rates are added only when there are some.
  const listedSum = rates.reduce((sum, r) => sum.add(r), ZERO)
  const rateSum = repeated === 0 ? listedSum : listedSum.add(rate.mul(repeated))
  const rateUsed = n > 0 ? rateSum.div(n) : rateAt(0, rate, forecast)
  // Σrate × per-year ÷ n rather than rateUsed × per-year: exact whenever the result is (a mean of 3 rates is not).
  const annualizedLong = n > 0 ? rateSum.mul(instantsPerYear(intervalMs)).div(n) : rateUsed.mul(instantsPerYear(intervalMs))
  // × 1 is the value itself and × −1 its negation: no multiplication for either side.
  const side = (sign: 1 | -1) =>
    sign === 1 ? { annualized: annualizedLong, fractionOfNotional: rateSum } : { annualized: annualizedLong.neg(), fractionOfNotional: rateSum.neg() }
  return {
    nextAt,
    minutesToNext: minutesBetween(input.asOf, nextAt),
    count: n,
    instants,
    rates,
    rateSum,
    rateUsed,
    ratesVary: rates.some((r) => !r.eq(rateUsed)),
    annualizedLong,
    bySide: { long: side(1), short: side(-1) },
  }
}

/** One side's and size's funding over a schedule, the price held at `fundingPrice`. */
export function summaryOf(schedule: FundingSchedule, item: Pick<FundingInput, 'side' | 'quantity' | 'fundingPrice' | 'rate'>): FundingSummary {
  const { side, quantity, fundingPrice, rate } = item
  // quantity × price once for every settlement: (quantity × price) × rate is fundingPayment's own order.
  const notional = quantity.mul(fundingPrice)
  const paymentAt = (r: Decimal) => (side === 'long' ? notional.mul(r) : notional.mul(r).neg())
  const payments: FundingPayment[] = []
  let amount = ZERO
  // Past the forecast every settlement has the current rate, the same Decimal: its payment is made once.
  let paidRate: Decimal | undefined
  let paid = ZERO
  for (let k = 0; k < schedule.instants.length; k++) {
    const rateHere = schedule.rates[k]!
    if (rateHere !== paidRate) {
      paidRate = rateHere
      paid = paymentAt(rateHere)
    }
    const payment = paid
    payments.push({ at: schedule.instants[k]!, rate: rateHere, payment })
    amount = amount.add(payment)
  }
  const repeated = schedule.count - payments.length
  const { annualized, fractionOfNotional } = schedule.bySide[side]
  return {
    nextAt: schedule.nextAt,
    minutesToNext: schedule.minutesToNext,
    count: schedule.count,
    payments,
    rateUsed: schedule.rateUsed,
    ratesVary: schedule.ratesVary,
    // Adding zero returns the sum as it is: the repeated settlements' payment is made only when there are some.
    amount: repeated === 0 ? amount : amount.add(paymentAt(rate).mul(repeated)),
    annualized,
    fractionOfNotional,
  }
}

/** The payments and totals of funding for one side over its hold, the price held at `fundingPrice`. */
export function summarizeFunding(input: FundingInput): FundingSummary {
  return summaryOf(fundingSchedule(input), input)
}

/** Funding over the hold as a fraction of margin: amount ÷ margin (positive = paid); null without a positive margin. */
export function fractionOfMargin(amount: Decimal, margin: Decimal): Decimal | null {
  return margin.gt(0) ? amount.div(margin) : null
}
