// The machine-readable report: one deterministic JSON document, every decimal an exact string. It is
// produced in pieces (src/report/json-text.ts), so a desk account's report reaches stdout without one
// string of the whole document in memory; joined, the pieces are JSON.stringify(document, null, 2).
import type { InputErrorsDocument, ReportDocument, UsageErrorsDocument } from '../documents.js'
import type { Report } from './build.js'
import type { InputProblem } from '../input/errors.js'
import type { ReportOptions } from './options.js'
import { worstFirst, worstItem } from './order.js'
import { jsonPieces } from './json-text.js'
import { isNonEmpty, mapTuple } from '../tuple.js'

/** The version of the JSON contract (docs/report.md, `perp-check schema --report`). */
export const SCHEMA_VERSION = 2

export function json(report: Report, options: ReportOptions): string {
  return [...jsonChunks(report, options)].join('')
}

/**
 * The document `--format json` prints, as plain data: what the library's check() returns. Its shape is the
 * schema's (schema.ts; the library's ReportDocument type is generated from it).
 */
export function reportDocument(report: Report, options: Pick<ReportOptions, 'exitCode' | 'version'>): ReportDocument {
  const findings = worstFirst(report.findings)
  const worst = worstItem(findings)
  return {
    schema_version: SCHEMA_VERSION,
    tool: { name: 'perp-check', version: options.version },
    input: { file: report.file, sha256: report.sha256, as_of: report.asOf, venue: report.venue },
    assumptions: report.assumptions,
    summary: {
      ...report.counts,
      exit_code: options.exitCode,
      worst: worst ? { rule: worst.rule, status: worst.status, subject: worst.subject, message: worst.message } : null,
      // With --order: the counts the exit code was judged on, the account once those orders fill.
      ...(report.judged && { once_filled: { ...report.judged.counts, failures: report.judged.failures.length } }),
    },
    findings,
    failures: report.failures,
    ...report.records,
  }
}

/** The document in pieces of about 32 K characters, its findings and records one at a time (src/report/json-text.ts). */
export function* jsonChunks(report: Report, options: ReportOptions): Generator<string> {
  yield* jsonPieces(reportDocument(report, options), 2)
  yield '\n'
}

/** The document of input errors (exit 2): the same file, line, column, path and message as stderr. */
export function inputErrorsDocument(file: string, problems: readonly InputProblem[], total: number, version: string): InputErrorsDocument {
  return {
    schema_version: SCHEMA_VERSION,
    tool: { name: 'perp-check', version },
    input: { file },
    summary: { exit_code: 2, input_errors: total },
    input_errors: mapTuple(oneAtLeast(problems), (p) => ({ file, line: p.line, column: p.column, path: p.path ?? null, message: p.message })),
  }
}

export function inputErrorsJson(file: string, problems: readonly InputProblem[], total: number, version: string): string {
  return `${JSON.stringify(inputErrorsDocument(file, problems, total, version), null, 2)}\n`
}

/** The document of command-line problems (exit 2), for a caller that asked for JSON. */
export function usageErrorsJson(messages: readonly string[], version: string): string {
  const document: UsageErrorsDocument = {
    schema_version: SCHEMA_VERSION,
    tool: { name: 'perp-check', version },
    summary: { exit_code: 2 },
    usage_errors: [...oneAtLeast(messages)],
  }
  return `${JSON.stringify(document, null, 2)}\n`
}

/** A document of errors names one at least (the schema's minItems 1): none is a caller's mistake, not a document. */
function oneAtLeast<T>(items: readonly T[]): readonly [T, ...T[]] {
  if (!isNonEmpty(items)) throw new Error('an errors document without an error')
  return items
}
