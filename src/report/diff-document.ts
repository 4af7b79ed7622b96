// The diff's JSON document as plain data: what `diff --format json` prints and the library's diff() returns.
// A module of its own, so the library reaches it without the text reporter (and chalk).
import type { DiffOutput } from '../diff/types.js'
import type { DiffDocument, SeriesDocument } from '../documents.js'

/** The version of the diff's JSON contract (docs/diff.md, `perp-check schema --diff`), the diff's own. */
export const DIFF_SCHEMA_VERSION = 1

/** The diff's plain data with the tool, the schema version and the exit code: the document the schema describes. */
export function diffDocument(output: DiffOutput, options: { exitCode: 0 | 1 | 2; version: string }): DiffDocument | SeriesDocument {
  const worse = output.kind === 'series' ? output.latest.worse : output.worse
  return {
    schema_version: DIFF_SCHEMA_VERSION,
    tool: { name: 'perp-check', version: options.version },
    summary: { exit_code: options.exitCode, new_fails: worse.fail, new_warns: worse.warn, changes: output.changes.length },
    ...output,
  }
}
