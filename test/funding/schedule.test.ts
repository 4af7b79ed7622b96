// Funding instants inside a hold and the next_at sanity rules, with the instants worked out by hand.
import { describe, expect, it } from 'vitest'
import {
  firstInstantAfter,
  fundingGridStepMs,
  fundingInstants,
  minutesBetween,
  nextAtProblem,
  nextOnGrid,
  rolledSettlements,
} from '../../src/funding/schedule.js'

const t = (iso: string) => Date.parse(iso)
const H = 3_600_000
const M = 60_000
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

describe('fundingInstants: settlements in (as_of, as_of + hold]', () => {
  const cases = [
    {
      name: '8h venue, 24h hold from 07:50: 08:00, 16:00, 00:00 (next 08:00 is after the end 07:50)',
      asOf: '2026-11-21T07:50:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      holdMs: 24 * H,
      want: ['2026-11-21T08:00:00Z', '2026-11-21T16:00:00Z', '2026-11-22T00:00:00Z'],
    },
    {
      name: 'hold ending exactly on an instant: 07:00 + 17h = 00:00, which counts',
      asOf: '2026-11-21T07:00:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      holdMs: 17 * H,
      want: ['2026-11-21T08:00:00Z', '2026-11-21T16:00:00Z', '2026-11-22T00:00:00Z'],
    },
    {
      name: 'hold ending one millisecond before an instant: 00:00 does not count',
      asOf: '2026-11-21T07:00:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      holdMs: 17 * H - 1,
      want: ['2026-11-21T08:00:00Z', '2026-11-21T16:00:00Z'],
    },
    {
      name: 'as_of exactly on an instant: 08:00 is settled, 16:00 (= 08:00 + 8h hold) counts',
      asOf: '2026-11-21T08:00:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      holdMs: 8 * H,
      want: ['2026-11-21T16:00:00Z'],
    },
    {
      name: 'as_of on an instant with next_at already moved on: same instants',
      asOf: '2026-11-21T08:00:00Z',
      nextAt: '2026-11-21T16:00:00Z',
      intervalMs: 8 * H,
      holdMs: 8 * H,
      want: ['2026-11-21T16:00:00Z'],
    },
    {
      name: 'hold shorter than the time to the next instant: none',
      asOf: '2026-11-21T07:00:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      holdMs: 30 * M,
      want: [],
    },
    {
      name: '1h venue, 3h hold from 10:20: 11:00, 12:00, 13:00 (end 13:20)',
      asOf: '2026-11-21T10:20:00Z',
      nextAt: '2026-11-21T11:00:00Z',
      intervalMs: 1 * H,
      holdMs: 3 * H,
      want: ['2026-11-21T11:00:00Z', '2026-11-21T12:00:00Z', '2026-11-21T13:00:00Z'],
    },
    {
      name: '4h interval given by the file, 10h hold from 01:00: 04:00, 08:00 (end 11:00)',
      asOf: '2026-11-21T01:00:00Z',
      nextAt: '2026-11-21T04:00:00Z',
      intervalMs: 4 * H,
      holdMs: 10 * H,
      want: ['2026-11-21T04:00:00Z', '2026-11-21T08:00:00Z'],
    },
    {
      name: 'zero hold: none, even with as_of just before an instant',
      asOf: '2026-11-21T07:59:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      holdMs: 0,
      want: [],
    },
  ]
  it.each(cases)('$name', ({ asOf, nextAt, intervalMs, holdMs, want }) => {
    expect(fundingInstants({ asOf: t(asOf), nextAt: t(nextAt), intervalMs, holdMs }).map(iso)).toEqual(want)
  })

  it('1h venue over a 24h hold from 10:20 settles 24 times, 11:00 to 10:00 the next day', () => {
    const instants = fundingInstants({ asOf: t('2026-11-21T10:20:00Z'), nextAt: t('2026-11-21T11:00:00Z'), intervalMs: H, holdMs: 24 * H })
    expect(instants).toHaveLength(24)
    expect(iso(instants[0]!)).toBe('2026-11-21T11:00:00Z')
    expect(iso(instants[23]!)).toBe('2026-11-22T10:00:00Z')
  })

  it('rejects a non-positive interval instead of looping', () => {
    expect(() => fundingInstants({ asOf: 0, nextAt: 0, intervalMs: 0, holdMs: H })).toThrow(RangeError)
  })
})

describe('firstInstantAfter', () => {
  const cases = [
    {
      name: 'next_at after as_of is the next instant',
      asOf: '2026-11-21T07:50:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      want: '2026-11-21T08:00:00Z',
    },
    {
      name: 'next_at equal to as_of has settled: one interval later',
      asOf: '2026-11-21T08:00:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      want: '2026-11-21T16:00:00Z',
    },
    {
      name: 'a stale next_at rolls forward on its schedule: 00:00 + 2 × 8h = 16:00',
      asOf: '2026-11-21T09:00:00Z',
      nextAt: '2026-11-21T00:00:00Z',
      intervalMs: 8 * H,
      want: '2026-11-21T16:00:00Z',
    },
  ]
  it.each(cases)('$name', ({ asOf, nextAt, intervalMs, want }) => {
    expect(iso(firstInstantAfter({ asOf: t(asOf), nextAt: t(nextAt), intervalMs }))).toBe(want)
  })
})

describe('nextAtProblem: next_at must be the next settlement on the grid', () => {
  const cases = [
    { name: '8h venue, next_at 08:00 from 07:50 is fine', asOf: '2026-11-21T07:50:00Z', nextAt: '2026-11-21T08:00:00Z', intervalMs: 8 * H, want: undefined },
    {
      name: 'next_at exactly at as_of is fine (just settled)',
      asOf: '2026-11-21T08:00:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      want: undefined,
    },
    {
      name: 'next_at exactly one interval ahead is fine (as_of on an instant)',
      asOf: '2026-11-21T08:00:00Z',
      nextAt: '2026-11-21T16:00:00Z',
      intervalMs: 8 * H,
      want: undefined,
    },
    { name: '1h venue on the hour is fine', asOf: '2026-11-21T10:20:00Z', nextAt: '2026-11-21T11:00:00Z', intervalMs: H, want: undefined },
    {
      name: 'next_at before as_of is fine: the schedule rolls forward (rolledSettlements)',
      asOf: '2026-11-21T09:00:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      want: undefined,
    },
    {
      name: 'a week before as_of but off the grid is still off the grid',
      asOf: '2026-11-28T09:00:00Z',
      nextAt: '2026-11-21T08:30:00Z',
      intervalMs: H,
      want: {
        kind: 'off-grid',
        nextAt: t('2026-11-21T08:30:00Z'),
        gridStepMs: H,
        previousOnGrid: t('2026-11-21T08:00:00Z'),
        nextOnGrid: t('2026-11-21T09:00:00Z'),
      },
    },
    {
      name: '8h venue, 09:00 is between 08:00 and 16:00 UTC',
      asOf: '2026-11-21T07:00:00Z',
      nextAt: '2026-11-21T09:00:00Z',
      intervalMs: 8 * H,
      want: {
        kind: 'off-grid',
        nextAt: t('2026-11-21T09:00:00Z'),
        gridStepMs: 8 * H,
        previousOnGrid: t('2026-11-21T08:00:00Z'),
        nextOnGrid: t('2026-11-21T16:00:00Z'),
      },
    },
    {
      name: '1h venue, 10:30 is not on the hour',
      asOf: '2026-11-21T10:20:00Z',
      nextAt: '2026-11-21T10:30:00Z',
      intervalMs: H,
      want: {
        kind: 'off-grid',
        nextAt: t('2026-11-21T10:30:00Z'),
        gridStepMs: H,
        previousOnGrid: t('2026-11-21T10:00:00Z'),
        nextOnGrid: t('2026-11-21T11:00:00Z'),
      },
    },
    {
      name: '8h venue, 16:00 seen from 07:00 skips the 08:00 instant (latest allowed 07:00 + 8h = 15:00)',
      asOf: '2026-11-21T07:00:00Z',
      nextAt: '2026-11-21T16:00:00Z',
      intervalMs: 8 * H,
      want: { kind: 'beyond-interval', nextAt: t('2026-11-21T16:00:00Z'), latest: t('2026-11-21T15:00:00Z') },
    },
    {
      name: 'a 5h interval does not divide the day: no grid, 03:17 accepted',
      asOf: '2026-11-21T01:00:00Z',
      nextAt: '2026-11-21T03:17:00Z',
      intervalMs: 5 * H,
      want: undefined,
    },
  ]
  it.each(cases)('$name', ({ asOf, nextAt, intervalMs, want }) => {
    expect(nextAtProblem({ asOf: t(asOf), nextAt: t(nextAt), intervalMs })).toEqual(want)
  })
})

describe('fundingGridStepMs', () => {
  it.each([
    { intervalMs: 8 * H, want: 8 * H },
    { intervalMs: 4 * H, want: 4 * H },
    { intervalMs: H, want: H },
    { intervalMs: 30 * M, want: 30 * M },
    { intervalMs: 5 * H, want: undefined },
    { intervalMs: 0, want: undefined },
  ])('$intervalMs ms → $want', ({ intervalMs, want }) => {
    expect(fundingGridStepMs(intervalMs)).toBe(want)
  })
})

describe('minutesBetween', () => {
  it.each([
    { from: '2026-11-21T07:50:00Z', to: '2026-11-21T08:00:00Z', want: '10' },
    { from: '2026-11-21T07:59:30Z', to: '2026-11-21T08:00:00Z', want: '0.5' },
    { from: '2026-11-21T08:00:00Z', to: '2026-11-21T16:00:00Z', want: '480' },
  ])('$from → $to is $want min', ({ from, to, want }) => {
    expect(minutesBetween(t(from), t(to)).toFixed()).toBe(want)
  })
})

describe('rolledSettlements: the instants of next_at + k·interval a snapshot missed, and where the schedule resumes', () => {
  const cases = [
    // 08:00, 09:00, 10:00, 11:00 are at or before 11:00; the next is 12:00.
    {
      name: '1h, next_at 08:00 seen at 11:00',
      asOf: '2026-11-21T11:00:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: H,
      rolled: 4,
      next: '2026-11-21T12:00:00Z',
    },
    // 08:00, 09:00, 10:00 passed; 11:00 is next, 30 minutes away.
    {
      name: '1h, next_at 08:00 seen at 10:30',
      asOf: '2026-11-21T10:30:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: H,
      rolled: 3,
      next: '2026-11-21T11:00:00Z',
    },
    // 7 days × 24 + 1 (the 08:00 of the first day): 169 hourly instants from 08:00 on the 21st to 08:00 on the 28th.
    { name: '1h, a week later', asOf: '2026-11-28T08:00:00Z', nextAt: '2026-11-21T08:00:00Z', intervalMs: H, rolled: 169, next: '2026-11-28T09:00:00Z' },
    // 08:00 and 16:00 passed; 00:00 on the 22nd is next.
    {
      name: '8h, next_at 08:00 seen at 23:59',
      asOf: '2026-11-21T23:59:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      rolled: 2,
      next: '2026-11-22T00:00:00Z',
    },
    {
      name: 'next_at at as_of: just settled, not missed',
      asOf: '2026-11-21T08:00:00Z',
      nextAt: '2026-11-21T08:00:00Z',
      intervalMs: 8 * H,
      rolled: 0,
      next: '2026-11-21T16:00:00Z',
    },
    { name: 'next_at ahead', asOf: '2026-11-21T07:59:59Z', nextAt: '2026-11-21T08:00:00Z', intervalMs: 8 * H, rolled: 0, next: '2026-11-21T08:00:00Z' },
  ]
  it.each(cases)('$name', ({ asOf, nextAt, intervalMs, rolled, next }) => {
    const input = { asOf: t(asOf), nextAt: t(nextAt), intervalMs }
    expect(rolledSettlements(input)).toBe(rolled)
    expect(iso(firstInstantAfter(input))).toBe(next)
  })
})

describe('nextOnGrid: the next instant of the venue grid when next_at is not given', () => {
  it.each([
    { asOf: '2026-11-21T07:20:00Z', intervalMs: H, want: '2026-11-21T08:00:00Z' },
    { asOf: '2026-11-21T07:20:00Z', intervalMs: 8 * H, want: '2026-11-21T08:00:00Z' },
    { asOf: '2026-11-21T08:00:00Z', intervalMs: 8 * H, want: '2026-11-21T16:00:00Z' },
    { asOf: '2026-11-21T17:00:00Z', intervalMs: 8 * H, want: '2026-11-22T00:00:00Z' },
    { asOf: '2026-11-21T05:00:00Z', intervalMs: 4 * H, want: '2026-11-21T08:00:00Z' },
  ])('$asOf every $intervalMs ms → $want', ({ asOf, intervalMs, want }) => {
    expect(iso(nextOnGrid(t(asOf), intervalMs)!)).toBe(want)
  })
  it('a 5h interval has no daily grid', () => expect(nextOnGrid(t('2026-11-21T05:00:00Z'), 5 * H)).toBeUndefined())
})
