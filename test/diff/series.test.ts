// A series of snapshots (fixtures/diff/series: four files whose names are out of time order): ordered by as_of,
// trends of the distance and the margin ratio, and the complete set of oscillation and drift flags, with the
// thresholds' boundaries.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { d } from '../helpers.js'
import { oscillation, type SeriesResult } from '../../src/diff/index.js'
import { diff } from '../../src/index.js'

const DIR = 'fixtures/diff/series'
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
const NEWEST = 'a-evening.yaml'

function series(thresholds = '', order = files): SeriesResult {
  const sources = order.map((f) => {
    const source = readFileSync(`${DIR}/${f}`, 'utf8')
    return { file: f, source: f === NEWEST && thresholds ? `${source}thresholds:\n${thresholds}` : source }
  })
  const out = diff(sources)
  if (out.kind !== 'series') throw new Error('expected a series')
  return out
}

const flags = (s: SeriesResult) => [
  ...s.oscillations.map((o) => ['oscillation', o.parameter, o.subject, o.changes]),
  ...s.drift.map((x) => [x.kind, x.subject, x.snapshots]),
]

describe('a series of four snapshots, 4 hours apart', () => {
  const s = series()

  it('is ordered by as_of, not by file name or argument order', () => {
    expect(s.snapshots.map((x) => x.file)).toEqual(['b-morning.yaml', 'c-noon.yaml', 'd-afternoon.yaml', 'a-evening.yaml'])
    expect(series('', [...files].reverse()).snapshots.map((x) => x.file)).toEqual(s.snapshots.map((x) => x.file))
    expect([s.latest.old.file, s.latest.new.file]).toEqual(['d-afternoon.yaml', 'a-evening.yaml'])
  })

  it('flags the ladder flipping 3 times in 8h, the distance shrinking 3 times in a row, and funding rising with volatility: nothing else', () => {
    expect(flags(s)).toEqual([
      ['oscillation', 'ladder', 'BTCUSDT', 3],
      ['distance-shrinking', 'btc-long', 3],
      ['funding-rising-with-volatility', 'BTCUSDT', 3],
    ])
    expect(s.oscillations[0]!.values.map((v) => v.as_of)).toEqual([
      '2026-11-21T07:00:00.000Z',
      '2026-11-21T11:00:00.000Z',
      '2026-11-21T15:00:00.000Z',
      '2026-11-21T19:00:00.000Z',
    ])
    expect(s.changes.filter((c) => c.rule === 'oscillation' || c.rule.startsWith('drift-')).map((c) => [c.rule, c.severity, c.path])).toEqual([
      ['oscillation', 'warn', 'markets.BTCUSDT'],
      ['drift-distance-shrinking', 'warn', 'positions[0]'],
      ['drift-funding-rising-with-volatility', 'warn', 'markets.BTCUSDT'],
    ])
  })

  it('gives the distance trend of the long (down) and the account margin ratio trend (up)', () => {
    const trend = s.positions.find((p) => p.id === 'btc-long')!.distance
    expect(trend.direction).toBe('down')
    // Liquidation 49750 / 0.99 (tier 2 mmr 0.01) and 49700 / 0.989 (mmr 0.011, cum 300) as the ladder flips.
    const liqA = d(49750).div('0.99')
    const liqB = d(49700).div('0.989')
    const expected = [
      [60000, liqA],
      [59000, liqB],
      [58000, liqA],
      [57000, liqB],
    ].map(([trigger, liq]) =>
      d(trigger as number)
        .minus(liq as never)
        .div(trigger as number),
    )
    expect(trend.values.map((v) => d(v!).toSignificantDigits(20).toFixed())).toEqual(expected.map((v) => v.toSignificantDigits(20).toFixed()))
    expect(s.account.margin_ratio.direction).toBe('up')
  })
})

describe('thresholds (from the newest snapshot)', () => {
  it.each([
    ['  diff_oscillation_changes: 2\n', true],
    ['  diff_oscillation_changes: 3\n', false],
    ['  diff_oscillation_window: 8h\n', true],
    ['  diff_oscillation_window: 7h\n', false],
  ])('%s → ladder oscillation flagged: %s', (thresholds, flagged) => {
    expect(series(thresholds).oscillations.length > 0).toBe(flagged)
  })

  it.each([
    ['  diff_drift_snapshots: 3\n', 2],
    ['  diff_drift_snapshots: 4\n', 0],
    ['  diff_drift_snapshots: 1\n', 2],
  ])('%s → drift flags: %s', (thresholds, count) => {
    expect(series(thresholds).drift.length).toBe(count)
  })
})

describe('oscillation', () => {
  const hours = (n: number) => n * 3_600_000
  const times = [0, 1, 2, 3, 4].map(hours)

  it.each([
    ['back and forth, 3 changes', ['a', 'b', 'a', 'b', 'b'], 3],
    ['a steady walk, 3 changes, never back', ['a', 'b', 'c', 'd', 'd'], 0],
    ['back once, 2 changes: not more than 2', ['a', 'b', 'a', 'a', 'a'], 0],
    ['absent snapshots are skipped, not changes', ['a', undefined, 'b', 'a', 'b'], 3],
  ])('%s', (_, values, changes) => {
    expect(oscillation(times, values, d(2), hours(24)).length).toBe(changes)
  })

  it('counts only the changes inside the window', () => {
    expect(oscillation(times, ['a', 'b', 'a', 'b', 'b'], d(2), hours(2)).length).toBe(3)
    expect(oscillation(times, ['a', 'b', 'a', 'b', 'b'], d(2), hours(2) - 1).length).toBe(0)
  })
})
