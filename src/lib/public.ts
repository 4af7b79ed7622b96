// The library's declared surface, `import { check, diff, schema, InputError } from 'perp-check'`: what the
// package's .d.ts says (tsc emits it from this file alone, with the generated document types of src/documents.ts).
// src/lib/index.ts implements it, and the compiler holds the implementation to these declarations.
import type { DiffDocument, ReportDocument, SeriesDocument } from '../documents.js'

export type * from '../documents.js'

export type Status = 'fail' | 'warn' | 'info' | 'pass' | 'skip'

/** How the account's requirement is computed (docs/risk-models.md); `ladder` is the venues' per-position tiers. */
export type RiskModelId = 'ladder' | 'okx-pm' | 'paradex-pm' | 'binance-unimmr' | 'span16' | 'grid'

export interface CheckOptions {
  /** The name messages and the report give the file (default "<source>"). */
  file?: string
  /** The "now" of time-based checks (ISO 8601 with a zone); overrides the file's as_of. Without either, the clock. */
  now?: string
  /** Check ids to run (default all). */
  only?: readonly string[]
  /** Check ids to leave out. */
  skip?: readonly string[]
  /** Risk models to set side by side with the file's (`--risk-model`). */
  riskModels?: readonly RiskModelId[]
  /** `--verbose`'s comparison: the ladder beside the file's model, or the venue's portfolio model beside the ladder. */
  verbose?: boolean
  /** The lowest status that makes summary.exit_code 1 (default 'fail'). */
  failOn?: 'fail' | 'warn'
}

/** One snapshot file for diff(): its name and its text. */
export interface DiffSource {
  file: string
  source: string
}

export interface DiffOptions {
  /** Two files as a series (trends, oscillation, drift); three or more always are. */
  series?: boolean
  /** summary.exit_code 1 when the newest snapshot has a fail the one before did not (or a warn, with 'warn'). */
  failOn?: 'fail' | 'warn'
}

/** One problem of a file that cannot be used, where it is: line and column from 1, the YAML path when it is about a value. */
export interface InputProblem {
  message: string
  /** Dotted path such as positions[2].size. */
  path?: string
  line: number
  column: number
}

/** A file that cannot be used (the CLI's exit 2): every problem positioned in it, the first 50 of `total`. */
export declare class InputError extends Error {
  readonly file: string
  readonly problems: InputProblem[]
  /** How many problems there are in all. */
  readonly total: number
  constructor(file: string, problems: InputProblem[], total?: number)
}

/** A JSON Schema (draft-07) document. */
export interface JsonSchema {
  $schema: string
  title?: string
  [keyword: string]: unknown
}

/**
 * Checks a portfolio file's text: the report `perp-check --format json` prints, as plain data (exact decimals as
 * strings). Throws InputError when the file cannot be used, RangeError for an unknown check id or risk model, or
 * a `now` that is not ISO 8601 with a zone.
 */
export declare function check(source: string, options?: CheckOptions): ReportDocument

/**
 * Two snapshots compared (old, new), or a series of three or more: the document of `perp-check diff --format
 * json`. Throws InputError for the first file that cannot be used.
 */
export declare function diff(sources: readonly DiffSource[], options?: DiffOptions): DiffDocument | SeriesDocument

/** The JSON Schema `perp-check schema` prints: of the portfolio file (default), of the report, or of the diff. */
export declare function schema(kind?: 'portfolio' | 'report' | 'diff'): JsonSchema
