// Every check limit a file may override under `thresholds:`, with its default and meaning.
// One table, so the schema, the docs and the checks read the same names and defaults.
import type { Decimal } from './decimal.js'

interface DecimalThreshold {
  kind: 'decimal'
  default: string
  unit: string
  check: string
  description: string
}
interface DurationThreshold {
  kind: 'duration'
  /** Default in the file's duration syntax. */
  default: string
  check: string
  description: string
}
type ThresholdSpec = DecimalThreshold | DurationThreshold

export const THRESHOLDS = {
  snapshot_age_warn: {
    kind: 'duration',
    default: '15m',
    check: 'snapshot-age',
    description: 'Warn when the file’s figures are older than this at the run’s now (--now past as_of, or a funding next_at passed)',
  },
  snapshot_age_fail: {
    kind: 'duration',
    default: '24h',
    check: 'snapshot-age',
    description: 'Fail when the file’s figures are older than this at the run’s now',
  },

  mark_last_warn_bps: { kind: 'decimal', default: '15', unit: 'bps', check: 'reference-prices', description: 'Warn when |mark − last| / mark exceeds this' },
  mark_last_fail_bps: { kind: 'decimal', default: '50', unit: 'bps', check: 'reference-prices', description: 'Fail when |mark − last| / mark exceeds this' },
  mark_index_warn_bps: { kind: 'decimal', default: '15', unit: 'bps', check: 'reference-prices', description: 'Warn when |mark − index| / index exceeds this' },
  mark_index_fail_bps: { kind: 'decimal', default: '50', unit: 'bps', check: 'reference-prices', description: 'Fail when |mark − index| / index exceeds this' },

  liquidation_distance_warn: {
    kind: 'decimal',
    default: '0.15',
    unit: 'fraction',
    check: 'liquidation-distance',
    description: 'Warn when the liquidation price is closer than this fraction of the trigger price',
  },
  liquidation_distance_fail: {
    kind: 'decimal',
    default: '0.08',
    unit: 'fraction',
    check: 'liquidation-distance',
    description: 'Fail when the liquidation price is closer than this fraction of the trigger price',
  },
  liquidation_sigma_warn: {
    kind: 'decimal',
    default: '3',
    unit: 'daily σ',
    check: 'liquidation-distance',
    description: 'Warn when the liquidation distance is fewer daily standard deviations than this (needs volatility)',
  },
  liquidation_sigma_fail: {
    kind: 'decimal',
    default: '1.5',
    unit: 'daily σ',
    check: 'liquidation-distance',
    description: 'Fail when the liquidation distance is fewer daily standard deviations than this (needs volatility)',
  },
  margin_ratio_warn: {
    kind: 'decimal',
    default: '0.8',
    unit: 'fraction',
    check: 'liquidation-distance',
    description: 'Margin ratio (maintenance / margin balance) where the liquidation band starts',
  },

  stop_unfilled_warn: {
    kind: 'decimal',
    default: '0',
    unit: 'fraction',
    check: 'stop-vs-liquidation',
    description: 'Warn when the book leaves more than this share of a stopped position unfilled',
  },
  stop_unfilled_fail: {
    kind: 'decimal',
    default: '0.01',
    unit: 'fraction',
    check: 'stop-vs-liquidation',
    description: 'Fail when the book leaves more than this share of a stopped position unfilled',
  },
  stop_buffer_sigma_warn: {
    kind: 'decimal',
    default: '1',
    unit: 'daily σ',
    check: 'stop-vs-liquidation',
    description: 'Warn when the buffer between a stop’s expected fill and liquidation is fewer daily standard deviations than this (needs volatility)',
  },
  stop_buffer_sigma_fail: {
    kind: 'decimal',
    default: '0.25',
    unit: 'daily σ',
    check: 'stop-vs-liquidation',
    description: 'Fail when the buffer between a stop’s expected fill and liquidation is fewer daily standard deviations than this (needs volatility)',
  },

  slippage_warn_bps: {
    kind: 'decimal',
    default: '10',
    unit: 'bps',
    check: 'slippage',
    description: 'Warn when an order’s slippage against the mid exceeds this',
  },
  slippage_fail_bps: {
    kind: 'decimal',
    default: '30',
    unit: 'bps',
    check: 'slippage',
    description: 'Fail when an order’s slippage against the mid exceeds this',
  },
  book_extension_warn: {
    kind: 'decimal',
    default: '0.25',
    unit: 'fraction',
    check: 'slippage',
    description: 'Warn when more than this share of a fill comes from the square-root extension past the last visible level',
  },
  book_extension_max_sigma: {
    kind: 'decimal',
    default: '1',
    unit: 'daily σ',
    check: 'slippage',
    description: 'The extension fills until its price impact reaches this many daily σ; size beyond is unfilled (fail)',
  },
  fee_margin_warn: {
    kind: 'decimal',
    default: '0.10',
    unit: 'fraction',
    check: 'fees',
    description: 'Warn when the round-trip fee takes more than this fraction of the position’s margin',
  },

  hold: { kind: 'duration', default: '24h', check: 'funding', description: 'Holding time for positions and orders without their own hold' },
  funding_annualized_warn: {
    kind: 'decimal',
    default: '0.30',
    unit: 'fraction per year',
    check: 'funding',
    description: 'Warn when the side pays funding at more than this annualized rate',
  },
  funding_annualized_fail: {
    kind: 'decimal',
    default: '1.00',
    unit: 'fraction per year',
    check: 'funding',
    description: 'Fail when the side pays funding at more than this annualized rate',
  },
  funding_soon: {
    kind: 'duration',
    default: '15m',
    check: 'funding',
    description: 'A funding payment this close is flagged when its rate is above the warn threshold',
  },

  diff_oscillation_changes: {
    kind: 'decimal',
    default: '2',
    unit: 'changes',
    check: 'diff',
    description: 'perp-check diff (series): flag a parameter that changes more than this many times, back and forth, inside diff_oscillation_window',
  },
  diff_oscillation_window: {
    kind: 'duration',
    default: '24h',
    check: 'diff',
    description: 'perp-check diff (series): the window the oscillation changes are counted in',
  },
  diff_drift_snapshots: {
    kind: 'decimal',
    default: '3',
    unit: 'snapshots',
    check: 'diff',
    description:
      'perp-check diff (series): flag a distance that shrank, or funding and volatility that rose together, at this many consecutive snapshots up to the newest',
  },
} as const satisfies Record<string, ThresholdSpec>

export type ThresholdKey = keyof typeof THRESHOLDS
type ValueOf<K extends ThresholdKey> = (typeof THRESHOLDS)[K]['kind'] extends 'duration' ? number : Decimal

/** Resolved thresholds: decimals as Decimal, durations in milliseconds. */
export type Thresholds = { [K in ThresholdKey]: ValueOf<K> }

export const THRESHOLD_KEYS = Object.keys(THRESHOLDS) as ThresholdKey[]
