// A series of snapshots, oldest first by as_of: the trend of each position's liquidation distance and of the
// account's margin ratio, parameters that flip back and forth inside a window (oscillation), and early-warning
// drift (a distance shrinking snapshot after snapshot, funding rising with volatility). The thresholds are the
// newest snapshot's `thresholds` (docs/diff.md).
import { Decimal, decimalString } from '../decimal.js'
import { duration, percent } from '../format.js'
import { formatPath } from '../input/errors.js'
import { MarginModel, positionMarginOf, ratioOf } from '../margin/index.js'
import type { Portfolio, PositionSide } from '../model.js'
import { diffSnapshots, ladderText, snapshotInfo } from './compare.js'
import { pairPortfolios } from './pair.js'
import { mapTuple } from '../tuple.js'
import type { Change, Drift, Oscillation, SeriesResult, Snapshot, Trend } from './types.js'

/** Snapshots in as_of order; equal as_of keep the order given. */
export function orderSnapshots(snapshots: readonly Snapshot[]): Snapshot[] {
  return snapshots
    .map((s, i) => [s, i] as const)
    .sort(([a, i], [b, j]) => a.portfolio.asOf - b.portfolio.asOf || i - j)
    .map(([s]) => s)
}

interface Track {
  id: string
  market: string
  side: PositionSide
  /** The position's id in each snapshot, undefined where it is absent. */
  ids: (string | undefined)[]
}

/** Positions followed through the series: each consecutive pair paired as the two-snapshot diff pairs them. */
function tracksOf(portfolios: readonly Portfolio[]): Track[] {
  const tracks: Track[] = []
  let current = new Map<string, Track>()
  portfolios.forEach((portfolio, k) => {
    const next = new Map<string, Track>()
    if (k === 0) {
      for (const p of portfolio.positions) {
        const track: Track = { id: p.id, market: p.market, side: p.side, ids: [p.id] }
        tracks.push(track)
        next.set(p.id, track)
      }
    } else {
      const { pairs, added } = pairPortfolios(portfolios[k - 1]!, portfolio).positions
      for (const [o, n] of pairs) {
        const track = current.get(o.id)!
        track.ids[k] = n.id
        next.set(n.id, track)
      }
      for (const n of added) {
        const track: Track = { id: n.id, market: n.market, side: n.side, ids: [] }
        track.ids[k] = n.id
        tracks.push(track)
        next.set(n.id, track)
      }
    }
    current = next
  })
  return tracks
}

function trendOf(values: readonly (Decimal | null)[]): Trend {
  const present = values.filter((v): v is Decimal => v !== null)
  let up = 0
  let down = 0
  for (let i = 1; i < values.length; i++) {
    const [a, b] = [values[i - 1], values[i]]
    if (!a || !b) continue
    if (b.gt(a)) up++
    if (b.lt(a)) down++
  }
  const first = present[0] ?? null
  const last = present[present.length - 1] ?? null
  const direction = present.length < 2 ? 'none' : up > 0 && down > 0 ? 'mixed' : up > 0 ? 'up' : down > 0 ? 'down' : 'flat'
  return {
    values: values.map((v) => (v === null ? null : decimalString(v))),
    first: first && decimalString(first),
    last: last && decimalString(last),
    change: first && last && present.length >= 2 ? decimalString(last.minus(first)) : null,
    direction,
  }
}

/** Consecutive steps up to the newest value at which `worse(previous, current)` holds. */
function runToEnd<T>(values: readonly (T | null)[], worse: (a: T, b: T) => boolean): number {
  let run = 0
  for (let i = values.length - 1; i > 0; i--) {
    const [a, b] = [values[i - 1], values[i]]
    if (a === null || a === undefined || b === null || b === undefined || !worse(a, b)) break
    run++
  }
  return run
}

interface Watched {
  parameter: Oscillation['parameter']
  subject: string
  values: (string | undefined)[]
}

/** The parameters watched for oscillation, one value per snapshot (undefined where the subject is absent). */
function watched(portfolios: readonly Portfolio[], tracks: readonly Track[]): Watched[] {
  const out: Watched[] = []
  const symbols = [...new Set(portfolios.flatMap((p) => [...p.markets.keys()]))]
  for (const symbol of symbols) {
    out.push({
      parameter: 'ladder',
      subject: symbol,
      values: portfolios.map((p) => (p.markets.has(symbol) ? ladderText(p.markets.get(symbol)!.ladder) : undefined)),
    })
    out.push({
      parameter: 'funding-interval',
      subject: symbol,
      values: portfolios.map((p) => {
        const funding = p.markets.get(symbol)?.funding
        return funding ? duration(funding.intervalMs) : undefined
      }),
    })
  }
  out.push({ parameter: 'margin-mode', subject: 'account', values: portfolios.map((p) => p.account.marginMode) })
  const byId = portfolios.map((p) => new Map(p.positions.map((position) => [position.id, position])))
  for (const track of tracks) {
    const at = (k: number) => {
      const id = track.ids[k]
      return id === undefined ? undefined : byId[k]!.get(id)
    }
    out.push({ parameter: 'leverage', subject: track.id, values: portfolios.map((_, k) => at(k) && (at(k)!.leverage?.toFixed() ?? 'default')) })
    out.push({ parameter: 'margin-mode', subject: track.id, values: portfolios.map((_, k) => at(k)?.marginMode) })
    out.push({
      parameter: 'stop',
      subject: track.id,
      values: portfolios.map((_, k) => {
        const p = at(k)
        if (!p) return undefined
        return p.stop ? `${p.stop.price.toFixed()} ${p.stop.trigger}` : 'none'
      }),
    })
  }
  return out
}

/**
 * A parameter oscillates when, inside some window of `windowMs`, it changes more than `maxChanges` times and at
 * least one change returns to a value it held earlier in that window (back and forth, not a steady walk).
 */
export function oscillation(times: readonly number[], values: readonly (string | undefined)[], maxChanges: Decimal, windowMs: number) {
  const changes: { at: number; from: string; fromAt: number; to: string }[] = []
  let previous: string | undefined
  let previousAt = 0
  values.forEach((value, k) => {
    if (value === undefined) return
    if (previous !== undefined && value !== previous) changes.push({ at: times[k]!, from: previous, fromAt: previousAt, to: value })
    previous = value
    previousAt = times[k]!
  })
  let best: typeof changes = []
  for (let i = 0; i < changes.length; i++) {
    const inside = changes.filter((c) => c.at >= changes[i]!.at && c.at - changes[i]!.at <= windowMs)
    const seen = new Set([inside[0]!.from])
    let back = false
    for (const c of inside) {
      if (seen.has(c.to)) back = true
      seen.add(c.to)
    }
    if (back && new Decimal(inside.length).gt(maxChanges) && inside.length > best.length) best = inside
  }
  return best
}

/** Two snapshots or more: a series. */
type Series<T> = [T, T, ...T[]]
const isSeries = <T>(list: T[]): list is Series<T> => list.length >= 2

export function seriesOf(given: readonly Snapshot[]): SeriesResult {
  const snapshots = orderSnapshots(given)
  if (!isSeries(snapshots)) throw new RangeError('a series needs at least two snapshots')
  const portfolios = snapshots.map((s) => s.portfolio)
  const newest = portfolios[portfolios.length - 1]!
  const maxChanges = newest.thresholds.diff_oscillation_changes
  const windowMs = newest.thresholds.diff_oscillation_window
  const driftSteps = newest.thresholds.diff_drift_snapshots
  const times = portfolios.map((p) => p.asOf)
  const iso = (k: number) => new Date(times[k]!).toISOString()
  const models = portfolios.map((p) => MarginModel.of(p))
  const tracks = tracksOf(portfolios)

  const positions = tracks.map((track) => {
    const distances = portfolios.map((_, k) => (track.ids[k] === undefined ? null : positionMarginOf(models[k]!, track.ids[k]!).liquidationDistance))
    return { track, distances }
  })
  const ratios = models.map((m) => (m.crossTotals ? ratioOf(m.crossTotals.requirement, m.crossTotals.balance) : null))

  const oscillations: Oscillation[] = []
  for (const w of watched(portfolios, tracks)) {
    const changes = oscillation(times, w.values, maxChanges, windowMs)
    if (changes.length === 0) continue
    oscillations.push({
      parameter: w.parameter,
      subject: w.subject,
      values: [
        { as_of: new Date(changes[0]!.fromAt).toISOString(), value: changes[0]!.from },
        ...changes.map((c) => ({ as_of: new Date(c.at).toISOString(), value: c.to })),
      ],
      changes: changes.length,
      window: duration(windowMs),
    })
  }

  const drift: Drift[] = []
  const last = portfolios.length - 1
  for (const { track, distances } of positions) {
    const run = runToEnd(distances, (a, b) => b.lt(a))
    if (run > 0 && new Decimal(run).gte(driftSteps)) {
      const from = distances[last - run]!
      drift.push({
        kind: 'distance-shrinking',
        subject: track.ids[last] ?? track.id,
        since: iso(last - run),
        snapshots: run,
        message: `${track.ids[last] ?? track.id}: liquidation distance shrank at ${run} snapshots in a row, ${pct(from)} → ${pct(distances[last]!)}`,
      })
    }
  }
  for (const symbol of newest.markets.keys()) {
    const points = portfolios.map((p) => {
      const m = p.markets.get(symbol)
      return m?.funding && m.volatility ? { rate: m.funding.rate.abs(), volatility: m.volatility } : null
    })
    const run = runToEnd(points, (a, b) => b.rate.gt(a.rate) && b.volatility.gt(a.volatility))
    if (run > 0 && new Decimal(run).gte(driftSteps)) {
      const [a, b] = [points[last - run]!, points[last]!]
      drift.push({
        kind: 'funding-rising-with-volatility',
        subject: symbol,
        since: iso(last - run),
        snapshots: run,
        message: `${symbol}: |funding rate| ${a.rate.toFixed()} → ${b.rate.toFixed()} and volatility ${a.volatility.toFixed()} → ${b.volatility.toFixed()} rose together at ${run} snapshots in a row`,
      })
    }
  }

  const latest = diffSnapshots(snapshots[last - 1]!, snapshots[last]!)
  const newestSnapshot = snapshots[last]!
  const where = (subject: string) => {
    const position = newest.positions.find((p) => p.id === subject)
    const path = position?.path ?? newest.markets.get(subject)?.path ?? ['account']
    return { file: newestSnapshot.file, path: formatPath(path), ...newestSnapshot.locate(path) }
  }
  const flagged: Change[] = [
    ...oscillations.map((o) => ({
      rule: 'oscillation',
      severity: 'warn' as const,
      subject: o.subject,
      message: `${o.subject} ${o.parameter} changed ${o.changes} times back and forth within ${o.window}: ${o.values.map((v) => v.value).join(' → ')}`,
      ...where(o.subject),
    })),
    ...drift.map((d) => ({ rule: `drift-${d.kind}`, severity: 'warn' as const, subject: d.subject, message: d.message, ...where(d.subject) })),
  ]
  const order = { fail: 0, warn: 1, info: 2 }
  return {
    kind: 'series',
    snapshots: mapTuple(snapshots, snapshotInfo),
    thresholds: { oscillation_changes: maxChanges.toFixed(), oscillation_window: duration(windowMs), drift_snapshots: driftSteps.toFixed() },
    positions: positions.map(({ track, distances }) => ({
      id: track.ids[last] ?? track.id,
      market: track.market,
      side: track.side,
      distance: trendOf(distances),
    })),
    account: { margin_ratio: trendOf(ratios) },
    oscillations,
    drift,
    latest,
    changes: [...latest.changes, ...flagged].sort((a, b) => order[a.severity] - order[b.severity]),
    failures: snapshots.reduce((n, s) => n + s.failures, 0),
  }
}

const pct = (d: Decimal) => percent(d)
