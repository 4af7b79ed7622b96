// How old the file's figures are at the run's now, and which funding instants were rolled forward to get there.
// Why: a saved file must not break itself at the next funding instant (every hour on hyperliquid), yet a run on
// figures hours or days old must say so, once, with the age as a figure: prices, books and rates may have moved.
import { Decimal } from '../decimal.js'
import { defineCheck, type Draft, type Status } from '../engine/types.js'
import { rolledSettlements } from '../funding/schedule.js'
import { duration, timeAhead } from '../format.js'
import type { Portfolio, YamlPath } from '../model.js'

const MINUTE_MS = 60_000

/** A market whose funding.next_at had passed at the run's now. */
interface Rolled {
  symbol: string
  nextAt: number
  settlements: number
  path: YamlPath
}

/** The figures' age at the run's now, and how it is known. */
export interface SnapshotAge {
  /** Milliseconds; null when nothing dates the figures (no as_of, run at the clock, no next_at passed). */
  ageMs: number | null
  /** `as_of`: --now minus the file's as_of (exact); `funding`: now minus the earliest passed next_at (a lower bound). */
  basis: 'as_of' | 'funding' | 'at-snapshot' | 'unknown'
  rolled: Rolled[]
}

/**
 * The age of the file's figures at the run's now (`portfolio.asOf`). With --now and the file's as_of it is exact:
 * now − as_of. A funding next_at before now dates the funding figures too: they were read before that instant, so
 * they are at least now − next_at old; the larger of the two is the age. A file run at its own as_of with no
 * next_at passed is 0 old; a file without as_of run at the clock has no age unless a next_at has passed.
 */
export function snapshotAge(portfolio: Portfolio): SnapshotAge {
  const now = portfolio.asOf
  const rolled: Rolled[] = []
  for (const market of portfolio.markets.values()) {
    const f = market.funding
    if (!f?.nextAtGiven) continue
    const settlements = rolledSettlements({ asOf: now, nextAt: f.nextAt, intervalMs: f.intervalMs })
    if (settlements > 0) rolled.push({ symbol: market.symbol, nextAt: f.nextAt, settlements, path: [...f.path, 'next_at'] })
  }
  const fromFunding = rolled.length > 0 ? now - Math.min(...rolled.map((r) => r.nextAt)) : null
  const fromAsOf = portfolio.snapshotAt !== undefined ? now - portfolio.snapshotAt : null
  if (fromAsOf !== null && (fromFunding === null || fromAsOf >= fromFunding))
    return { ageMs: fromAsOf, basis: fromAsOf === 0 ? 'at-snapshot' : 'as_of', rolled }
  if (fromFunding !== null) return { ageMs: fromFunding, basis: 'funding', rolled }
  return { ageMs: null, basis: 'unknown', rolled }
}

export default defineCheck({
  id: 'snapshot-age',
  title: 'Snapshot age: how old the figures are, and funding instants rolled forward',
  views: [],
  explanation:
    'A portfolio file is a snapshot: its prices, books and funding rates were read at as_of. Run later (--now, or ' +
    'a file without as_of run at the clock), its funding next_at may have passed; the schedule is then rolled ' +
    'forward on the venue’s grid (next_at + k × interval) and the run reports it here once, not as a failure of ' +
    'every market. The age is now − as_of, or at least now − the earliest next_at passed; it is judged against ' +
    'snapshot_age_warn and snapshot_age_fail. One item per file.',
  run({ portfolio }) {
    return [ageDraft(portfolio, snapshotAge(portfolio))]
  },
})

function ageDraft(portfolio: Portfolio, age: SnapshotAge): Draft {
  const t = portfolio.thresholds
  const now = iso(portfolio.asOf)
  const settlements = age.rolled.reduce((sum, r) => sum + r.settlements, 0)
  const figures = {
    age_minutes: age.ageMs === null ? null : new Decimal(age.ageMs).div(MINUTE_MS),
    age_basis: age.basis,
    now,
    as_of_source: portfolio.asOfSource,
    snapshot_at: portfolio.snapshotAt === undefined ? null : iso(portfolio.snapshotAt),
    markets_rolled: new Decimal(age.rolled.length),
    settlements_rolled: new Decimal(settlements),
    warn_minutes: new Decimal(t.snapshot_age_warn).div(MINUTE_MS),
    fail_minutes: new Decimal(t.snapshot_age_fail).div(MINUTE_MS),
  }
  const path = portfolio.snapshotAt !== undefined ? ['as_of'] : (age.rolled[0]?.path ?? [])
  if (age.ageMs === null) {
    return {
      status: 'info',
      subject: 'account',
      path,
      figures,
      message: `no as_of: the checks run at the clock (${now}) and nothing in the file dates its figures; save snapshots with as_of`,
    }
  }
  if (age.ageMs < 0) {
    return {
      status: 'warn',
      subject: 'account',
      path,
      figures,
      message: `the run's now ${now} is ${timeAhead(-age.ageMs)} before the snapshot's as_of ${figures.snapshot_at}: the figures are from its future`,
    }
  }
  const status: Status = age.ageMs > t.snapshot_age_fail ? 'fail' : age.ageMs > t.snapshot_age_warn || settlements > 0 ? 'warn' : 'pass'
  const old = `${age.basis === 'funding' ? 'at least ' : ''}${timeAhead(age.ageMs)} old`
  const limit =
    status === 'fail'
      ? `over the ${duration(t.snapshot_age_fail)} fail limit`
      : age.ageMs > t.snapshot_age_warn
        ? `over the ${duration(t.snapshot_age_warn)} warn limit`
        : `within ${duration(t.snapshot_age_warn)}`
  if (settlements > 0) {
    const markets = age.rolled.map((r) => `${r.symbol} ${r.settlements}`).join(', ')
    return {
      status,
      subject: 'account',
      path,
      figures,
      message: `funding times rolled forward from a snapshot ${old}; rates may have changed (settlements passed since next_at: ${markets}); age ${limit}`,
    }
  }
  const what = age.basis === 'at-snapshot' ? `the checks run at the snapshot's as_of ${now}` : `snapshot ${old} at ${now} (as_of ${figures.snapshot_at})`
  return { status, subject: 'account', path, figures, message: `${what}; age ${limit}` }
}

const iso = (at: number): string => new Date(at).toISOString()
