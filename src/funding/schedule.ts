// When funding hits: the settlement instants inside a hold, and whether the file's next_at is a
// settlement instant at all. A wrong instant moves a whole interval of funding in or out of the hold.
import { Decimal } from '../decimal.js'
import { onceBy } from '../once.js'

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

/**
 * Why a market's `funding.next_at` cannot be the next settlement instant:
 * - `off-grid`: it is not on the venue's settlement grid (see {@link fundingGridStepMs});
 * - `beyond-interval`: it is more than one interval after `as_of`, so an instant is missing before it.
 * A next_at before `as_of` is not a problem: the schedule is rolled forward (see {@link rolledSettlements}).
 */
export type NextAtProblem =
  | { kind: 'off-grid'; nextAt: number; gridStepMs: number; previousOnGrid: number; nextOnGrid: number }
  | { kind: 'beyond-interval'; nextAt: number; latest: number }

/**
 * The settlement grid for a funding interval: every venue we model settles at whole multiples of the
 * interval counted from 00:00 UTC (8h: 00/08/16 UTC; 4h: 00/04/…; 1h: on the hour). Returns the step
 * in milliseconds, or undefined when the interval does not divide a day, in which case no grid is known
 * and next_at is not checked against one.
 */
export function fundingGridStepMs(intervalMs: number): number | undefined {
  return intervalMs > 0 && DAY_MS % intervalMs === 0 ? intervalMs : undefined
}

/**
 * Checks that `nextAt` can be a settlement instant of the schedule seen from `asOf`: on the grid, and at most
 * one interval ahead. Before `asOf` is allowed (the schedule rolls forward along the grid, see
 * {@link rolledSettlements}). Returns the first problem found, or undefined.
 */
export function nextAtProblem(input: { asOf: number; nextAt: number; intervalMs: number }): NextAtProblem | undefined {
  const { asOf, nextAt, intervalMs } = input
  const step = fundingGridStepMs(intervalMs)
  if (step !== undefined && nextAt % step !== 0) {
    const previousOnGrid = Math.floor(nextAt / step) * step
    return { kind: 'off-grid', nextAt, gridStepMs: step, previousOnGrid, nextOnGrid: previousOnGrid + step }
  }
  if (nextAt > asOf + intervalMs) return { kind: 'beyond-interval', nextAt, latest: asOf + intervalMs }
  return undefined
}

/**
 * The first instant of the venue's grid strictly after `asOf`: the next settlement when the file gives no
 * next_at. An instant exactly at `asOf` has settled already. Undefined when the interval has no daily grid.
 */
export function nextOnGrid(asOf: number, intervalMs: number): number | undefined {
  const step = fundingGridStepMs(intervalMs)
  return step === undefined ? undefined : (Math.floor(asOf / step) + 1) * step
}

/**
 * How many settlements of the schedule `nextAt + k·interval` (k ≥ 0) a snapshot missed: those at or before
 * `asOf` when `nextAt` is before `asOf` (the file's next_at has passed; the schedule rolls forward to
 * {@link firstInstantAfter}); 0 when `nextAt` is at or after `asOf` (exactly at `asOf` is the instant that has
 * just settled, as a snapshot taken on the instant shows it, not a missed one).
 * E.g. next_at 08:00, as_of 11:00, 1h: 08:00, 09:00, 10:00 and 11:00 have passed: 4; the next is 12:00.
 */
export function rolledSettlements(input: { asOf: number; nextAt: number; intervalMs: number }): number {
  const { asOf, nextAt, intervalMs } = input
  return nextAt < asOf ? Math.floor((asOf - nextAt) / intervalMs) + 1 : 0
}

/**
 * The first settlement instant strictly after `asOf` on the schedule `nextAt + k·interval` (k ≥ 0):
 * an instant exactly at `asOf` has settled already and does not count.
 */
export function firstInstantAfter(input: { asOf: number; nextAt: number; intervalMs: number }): number {
  const { asOf, nextAt, intervalMs } = input
  if (nextAt > asOf) return nextAt
  return nextAt + (Math.floor((asOf - nextAt) / intervalMs) + 1) * intervalMs
}

/**
 * The settlement instants in (asOf, asOf + holdMs], epoch milliseconds in order: the schedule
 * `nextAt + k·interval` (k ≥ 0) without the instants at or before `asOf`; an instant exactly at the
 * end of the hold counts (the position is still open when it settles).
 */
export function fundingInstants(input: { asOf: number; holdMs: number; nextAt: number; intervalMs: number }): number[] {
  const { asOf, holdMs, intervalMs } = input
  if (!(intervalMs > 0)) throw new RangeError(`funding interval must be positive, got ${intervalMs} ms`)
  const end = asOf + holdMs
  const instants: number[] = []
  for (let at = firstInstantAfter(input); at <= end; at += intervalMs) instants.push(at)
  return instants
}

/** Minutes from `from` to `to` (exact, may be fractional). */
export function minutesBetween(from: number, to: number): Decimal {
  return minutesIn(to - from)
}

/** Minutes in a span of milliseconds, once per span: every market settling at the same instant asks for the same one. */
const minutesIn = onceBy((ms: number) => new Decimal(ms).div(MINUTE_MS))
