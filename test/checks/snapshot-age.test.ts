// snapshot-age: the age of the file's figures at the run's now (--now, the file's as_of, or the clock), the funding
// instants rolled forward, and one item per file judged against snapshot_age_warn (15m) and snapshot_age_fail (24h).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { check } from '../../src/index.js'
import type { Finding } from '../../src/engine/types.js'
import { portfolioWith, toYaml } from '../helpers.js'

const ID = 'snapshot-age'

interface Setup {
  venue?: string
  /** The file's as_of; null: none. */
  asOf?: string | null
  nextAt?: string
  thresholds?: Record<string, string>
}

/** One BTCUSDT market with funding next_at 08:00 UTC (8h on binance-usdm, 1h on hyperliquid), as_of 07:45. */
function source(setup: Setup = {}): string {
  return toYaml(
    portfolioWith((p) => {
      p.venue = setup.venue ?? 'binance-usdm'
      if (setup.asOf === null) delete p.as_of
      else p.as_of = setup.asOf ?? '2026-11-21T07:45:00Z'
      p.markets.BTCUSDT.funding = { rate: '0.0001', next_at: setup.nextAt ?? '2026-11-21T08:00:00Z' }
      if (setup.thresholds) p.thresholds = setup.thresholds
    }),
  )
}

function ageFinding(text: string, options: { now?: string; clock?: string } = {}): Finding {
  const clock = options.clock
  const report = check(text, { file: 'test.yaml', now: options.now, clock: clock ? () => Date.parse(clock) : undefined, only: [ID] })
  expect(report.findings).toHaveLength(1)
  return report.findings[0]!
}

const FIGURES = ['age_minutes', 'age_basis', 'markets_rolled', 'settlements_rolled'] as const
const pick = (f: Finding) => Object.fromEntries(FIGURES.map((k) => [k, f.figures[k]]))

describe('the age and its limits (warn over 15m, fail over 24h; a roll is at least a warning)', () => {
  it.each([
    { name: 'run at its own as_of: 0 old', setup: {}, now: undefined, status: 'pass', want: ['0', 'at-snapshot', '0', '0'] },
    // as_of 07:45, --now 08:00: 15 min exactly is not over the limit; next_at 08:00 at now has just settled, not missed.
    { name: '--now 15m after as_of: at the warn limit', setup: {}, now: '2026-11-21T08:00:00Z', status: 'pass', want: ['15', 'as_of', '0', '0'] },
    // 15 min and 1 ms; 08:00 has passed (8h grid: 1 settlement rolled).
    {
      name: '--now 1 ms over 15m: over the limit, and 08:00 rolled',
      setup: {},
      now: '2026-11-21T08:00:00.001Z',
      status: 'warn',
      want: ['15.0000166666666666666667', 'as_of', '1', '1'],
    },
    // as_of 08:10 with next_at 16:00 (within one 8h interval): at 08:30 nothing has rolled, the age is 20 min.
    {
      name: 'over 15m with no roll: a warning for the age alone',
      setup: { asOf: '2026-11-21T08:10:00Z', nextAt: '2026-11-21T16:00:00Z' },
      now: '2026-11-21T08:30:00Z',
      status: 'warn',
      want: ['20', 'as_of', '0', '0'],
    },
    {
      name: 'a file limit of 1h keeps 20 min a pass',
      setup: { asOf: '2026-11-21T08:10:00Z', nextAt: '2026-11-21T16:00:00Z', thresholds: { snapshot_age_warn: '1h' } },
      now: '2026-11-21T08:30:00Z',
      status: 'pass',
      want: ['20', 'as_of', '0', '0'],
    },
    // 24h exactly: at the fail limit, a warning; 08:00 and 16:00 on the 21st and 00:00 on the 22nd passed by 07:45 on the 22nd.
    { name: '24h old: at the fail limit', setup: {}, now: '2026-11-22T07:45:00Z', status: 'warn', want: ['1440', 'as_of', '1', '3'] },
    { name: '24h and 1 min old: fails', setup: {}, now: '2026-11-22T07:46:00Z', status: 'fail', want: ['1441', 'as_of', '1', '3'] },
    // A file whose own as_of is past its next_at (as_of moved by hand): the funding figures are at least 10:30 − 08:00 old.
    {
      name: 'as_of past its own next_at: at least as_of − next_at old',
      setup: { venue: 'hyperliquid', asOf: '2026-11-21T10:30:00Z' },
      now: undefined,
      status: 'warn',
      want: ['150', 'funding', '1', '3'],
    },
  ])('$name', ({ setup, now, status, want }) => {
    const f = ageFinding(source(setup), { now })
    expect(f.status).toBe(status)
    expect(pick(f)).toEqual(Object.fromEntries(FIGURES.map((k, i) => [k, want[i]])))
  })

  it('no as_of, run at the clock before next_at: the age is unknown (info)', () => {
    const f = ageFinding(source({ asOf: null }), { clock: '2026-11-21T07:50:00Z' })
    expect([f.status, f.figures.age_minutes, f.figures.age_basis, f.figures.as_of_source]).toEqual(['info', null, 'unknown', 'clock'])
  })

  it('no as_of, the clock 3h past next_at on hyperliquid: "rolled forward from a snapshot at least 3h old"', () => {
    // 08:00 … 11:00 passed at 11:00: 4 settlements; the figures were read before 08:00, so at least 180 min old.
    const f = ageFinding(source({ venue: 'hyperliquid', asOf: null }), { clock: '2026-11-21T11:00:00Z' })
    expect(f.status).toBe('warn')
    expect(pick(f)).toEqual({ age_minutes: '180', age_basis: 'funding', markets_rolled: '1', settlements_rolled: '4' })
    expect(f.path).toBe('markets.BTCUSDT.funding.next_at')
  })

  it('--now before as_of: the figures are from its future (a warning)', () => {
    const f = ageFinding(source(), { now: '2026-11-21T07:00:00Z' })
    expect([f.status, f.figures.age_minutes]).toEqual(['warn', '-45'])
  })
})

describe('a week-old file runs with one item about its age', () => {
  const file = 'fixtures/snapshot-age/week-old.yaml'
  const text = readFileSync(file, 'utf8')
  const WEEK_LATER = '2026-11-28T07:45:00Z'
  const outline = (findings: readonly Finding[]) => findings.map((f) => `${f.check} ${f.subject} ${f.status}`)

  /** Every finding of the file at its own as_of: nothing to warn about. */
  const atSnapshot = check(text, { file })
  it('at its as_of every item passes (or is info, or a skip for the missing book)', () => {
    expect(atSnapshot.findings.filter((f) => f.status === 'warn' || f.status === 'fail')).toEqual([])
  })

  it.each([
    { name: 'default limits: one fail (7d is over 24h), nothing else changes', thresholds: '', status: 'fail' },
    { name: 'snapshot_age_fail: 8d: exactly one warning', thresholds: 'thresholds: { snapshot_age_fail: 8d }\n', status: 'warn' },
  ])('$name', ({ thresholds, status }) => {
    const report = check(text + thresholds, { file, now: WEEK_LATER })
    expect(report.failures).toEqual([])
    // Its complete findings: those at the snapshot, the age item's status aside.
    const want = outline(atSnapshot.findings).map((line) => (line === 'snapshot-age account pass' ? `snapshot-age account ${status}` : line))
    expect(outline(report.findings)).toEqual(want)
    expect(report.findings.filter((f) => f.status === 'warn' || f.status === 'fail')).toHaveLength(1)
    const age = report.findings.find((f) => f.check === ID)!
    // 7 × 24 × 60 = 10080 min; the hourly instants 08:00 on the 21st to 07:00 on the 28th: 7 × 24 = 168.
    expect(pick(age)).toEqual({ age_minutes: '10080', age_basis: 'as_of', markets_rolled: '1', settlements_rolled: '168' })
    const schedule = report.findings.find((f) => f.check === 'funding' && f.subject === 'BTC')!
    expect([schedule.figures.next_at, schedule.figures.minutes_to_next, schedule.figures.settlements_rolled]).toEqual(['2026-11-28T08:00:00.000Z', '15', '168'])
    // The funding of the position is computed as at the snapshot: 24 hourly settlements at 0.0000125 × 0.2 × 64000 = 0.16 each.
    const cost = report.findings.find((f) => f.check === 'funding' && f.subject === 'btc-long')!
    expect(cost.figures.amount).toBe('3.84')
  })
})
