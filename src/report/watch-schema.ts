// The JSON Schema (draft-07) of one line of `perp-check watch --format json` (NDJSON, docs/report.md#watch): a
// report line is the report of schema_version 2 with `watch` and `changes`; an invalid file's line is the input
// errors' document with `watch`; a venue that did not answer is `watch` with the error. `changes` holds the diff's
// own records (src/report/diff-schema.ts), reduced to what changed.
import { DIFF_JSON_SCHEMA } from './diff-schema.js'
import { REPORT_SCHEMA } from './schema.js'

const [report, inputErrors] = REPORT_SCHEMA.oneOf as unknown as [Schema, Schema]
const diff = DIFF_JSON_SCHEMA.definitions.diff.properties

interface Schema {
  required: string[]
  properties: Record<string, unknown>
  [key: string]: unknown
}

const strict = (properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, required: Object.keys(properties), properties })
const timestamp = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$' }

const head = (event: string, stale: boolean) =>
  strict({
    event: { const: event },
    run: { type: 'integer', minimum: 1 },
    at: timestamp,
    trigger: { enum: ['start', 'change', 'interval', 'retry'] },
    source: { type: 'string' },
    stale: { const: stale },
    last_good_run: stale ? { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] } : { type: 'integer', minimum: 1 },
  })

const changes = strict({
  since: {
    anyOf: [
      { type: 'null' },
      strict({ run: { type: 'integer', minimum: 1 }, at: timestamp, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, as_of: { type: 'string' } }),
    ],
  },
  status: diff.findings,
  positions: diff.positions,
  account: { anyOf: [{ type: 'null' }, diff.account] },
  parameters: diff.parameters,
  markets: diff.markets,
  orders: diff.orders,
  list: diff.changes,
  worse: diff.worse,
})

const extended = (schema: Schema, properties: Record<string, unknown>) => ({
  ...schema,
  required: [...schema.required, ...Object.keys(properties)],
  properties: { ...schema.properties, ...properties },
})

/** One NDJSON line of `watch --format json`. */
export const WATCH_LINE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:perp-check:watch:2',
  title: 'perp-check watch --format json: one line (NDJSON), schema_version 2',
  oneOf: [
    extended(report, { watch: head('report', false), changes }),
    extended(inputErrors, { watch: head('invalid', true) }),
    strict({
      schema_version: { const: 2 },
      tool: report.properties.tool,
      watch: head('unavailable', true),
      error: { type: 'string' },
      attempt: { type: 'integer', minimum: 1 },
      retry_in_ms: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] },
    }),
  ],
}

export function watchSchemaText(): string {
  return `${JSON.stringify(WATCH_LINE_SCHEMA, null, 2)}\n`
}
