// The diff's output: plain serialisable data (strings, numbers, booleans, arrays, plain objects), every decimal
// an exact string. Its types are the document's, generated from the diff's JSON Schema (src/report/diff-schema.ts
// → src/documents.ts), named here for the diff code and the reporters: what the diff builds is what the schema
// describes, or tsc fails. The reporters in src/report lay it out; `changes` is the flat list a CI format renders.
import type { Diff, SeriesDocument } from '../documents.js'
import type { Finding } from '../engine/types.js'
import type { Portfolio, YamlPath } from '../model.js'

/** One snapshot as the diff reads it: the portfolio, its checklist, and where a YAML path stands in its file. */
export interface Snapshot {
  file: string
  sha256: string
  portfolio: Portfolio
  findings: readonly Finding[]
  /** Checks that threw or views that could not be computed (exit 2). */
  failures: number
  /** Each position's funding over its hold (the funding record's `amount`), by id; null when not computed. */
  fundingOverHold: ReadonlyMap<string, string | null>
  locate(path: YamlPath): { line: number; column: number }
}

/** Two snapshots compared: the diff document without its head (schema_version, tool, summary). */
export type DiffResult = Diff
/** A series: the series document without its head. */
export type SeriesResult = Omit<SeriesDocument, 'schema_version' | 'tool' | 'summary'>
export type DiffOutput = DiffResult | SeriesResult

export type Change = DiffResult['changes'][number]
export type Severity = Change['severity']
export type SnapshotInfo = DiffResult['old']
export type FindingChange = DiffResult['findings'][number]
export type PositionDiff = DiffResult['positions'][number]
export type PositionFigures = NonNullable<PositionDiff['new']>
export type AttributionOut = NonNullable<PositionDiff['attribution']>
export type ItemDiff = DiffResult['orders'][number]
export type FieldChange = ItemDiff['fields'][number]
export type ParameterChange = DiffResult['parameters'][number]
export type ParameterEffect = ParameterChange['effects'][number]
export type AccountDiff = DiffResult['account']

export type Trend = SeriesResult['account']['margin_ratio']
export type Oscillation = SeriesResult['oscillations'][number]
export type Drift = SeriesResult['drift'][number]
