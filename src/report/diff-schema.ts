// The JSON Schema (draft-07) of `perp-check diff --format json`, schema_version 1: a two-snapshot diff or a
// series. Decimals are exact strings. `perp-check schema --diff` prints it; test/diff/cli.test.ts validates the
// output of every diff fixture against the printed schema.
const decimal = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' }
const decimalOrNull = { anyOf: [decimal, { type: 'null' }] }
const status = { enum: ['fail', 'warn', 'info', 'pass', 'skip'] }
const statusOrNull = { anyOf: [status, { type: 'null' }] }
/** A 1-based line or column in a snapshot's file. */
const filePosition = { type: 'integer', minimum: 1 }
const step = { enum: ['price', 'funding', 'margin', 'size', 'ladder', 'others', 'fees'] }
const strict = (properties: Record<string, unknown>, optional: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  properties,
})

/** One line of the diff, in the shape the CI formats render (one annotation each). */
const change = strict({
  rule: { type: 'string', pattern: '^[a-z]+(-[a-z]+)*$', description: 'What kind of change, kebab-case: finding-worse, parameter-ladder, drift-distance, …' },
  severity: { enum: ['fail', 'warn', 'info'] },
  subject: { type: 'string', description: 'The position, order or market id, or "account"' },
  message: { type: 'string' },
  file: { type: 'string', description: 'The file the change points into: the new snapshot, or the old one for what was removed' },
  path: { type: 'string', description: 'Dotted YAML path, e.g. "positions[2].size"' },
  line: filePosition,
  column: filePosition,
})

const snapshot = strict({
  file: { type: 'string' },
  sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  as_of: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T' },
  venue: { type: 'string' },
  counts: strict({ fail: { type: 'integer' }, warn: { type: 'integer' }, info: { type: 'integer' }, pass: { type: 'integer' }, skip: { type: 'integer' } }),
})

/** A finding's status in each snapshot (null: no such item there), paired by check, subject and order. */
const findingChange = strict({
  check: { type: 'string' },
  subject: { type: 'string' },
  old: statusOrNull,
  new: statusOrNull,
  message: { type: 'string', description: 'The new message (the old one when the item is gone)' },
  path: { type: 'string', description: 'Where the item points: in the new file, or in the old one when the item is gone' },
  line: filePosition,
  column: filePosition,
})

const figures = {
  anyOf: [
    { type: 'null' },
    strict({
      size: decimal,
      entry_price: decimal,
      margin_mode: { enum: ['cross', 'isolated'] },
      leverage: decimal,
      trigger_price: decimal,
      liquidation_price: decimalOrNull,
      distance: decimalOrNull,
      tier: { type: 'integer', minimum: 1, description: 'The tier of the maintenance ladder at the trigger price, from 1' },
      maintenance_margin: decimal,
      margin_ratio: decimalOrNull,
    }),
  ],
}

const attribution = {
  anyOf: [
    { type: 'null' },
    strict(
      {
        complete: { type: 'boolean' },
        reason: { type: 'string' },
        chain: {
          type: 'array',
          minItems: 8,
          maxItems: 8,
          items: strict({
            step: { anyOf: [{ const: 'old' }, step] },
            liquidation_price: decimalOrNull,
            distance: decimalOrNull,
            floor: { type: 'boolean', description: 'A long covered down to a zero price, valued at a liquidation price of 0' },
          }),
        },
        components: { type: 'array', minItems: 7, maxItems: 7, items: strict({ step, liquidation_price: decimalOrNull, distance: decimalOrNull }) },
        total: strict({ liquidation_price: decimalOrNull, distance: decimalOrNull }),
        estimates: strict({ funding: decimal, fees: decimal }),
        price_decimals: { type: 'integer', minimum: 0 },
      },
      ['reason'],
    ),
  ],
}

const position = strict(
  {
    id: { type: 'string' },
    old_id: { type: 'string', description: 'The old id, when the pair was made by market and side' },
    market: { type: 'string' },
    side: { enum: ['long', 'short'] },
    status: { enum: ['changed', 'unchanged', 'opened', 'closed'] },
    old: figures,
    new: figures,
    attribution,
    findings: { type: 'array', items: findingChange, description: "This position's findings, new fails and warns first" },
  },
  ['old_id'],
)

const item = strict({
  id: { type: 'string' },
  status: { enum: ['changed', 'added', 'removed'] },
  fields: { type: 'array', items: strict({ field: { type: 'string' }, old: { type: ['string', 'null'] }, new: { type: ['string', 'null'] } }) },
})

const parameter = strict({
  kind: { enum: ['ladder', 'funding-interval', 'funding-cap', 'liquidation-reference', 'leverage', 'margin-mode', 'venue'] },
  subject: { type: 'string' },
  old: { type: 'string' },
  new: { type: 'string' },
  effects: {
    type: 'array',
    items: strict({ position: { type: 'string' }, figure: { type: 'string' }, old: { type: ['string', 'null'] }, new: { type: ['string', 'null'] } }),
  },
  message: { type: 'string', description: 'One line: what changed and what it did to every position it touches' },
  path: { type: 'string', description: 'Where in the new file the parameter stands' },
  line: filePosition,
  column: filePosition,
})

const accountSide = {
  anyOf: [{ type: 'null' }, strict({ margin_balance: decimal, maintenance_margin: decimal, margin_ratio: decimalOrNull, wallet_balance: decimal })],
}

const diffProperties = {
  kind: { const: 'diff' },
  old: snapshot,
  new: snapshot,
  steps: { type: 'array', items: strict({ step, title: { type: 'string' } }) },
  positions: { type: 'array', items: position },
  orders: { type: 'array', items: item },
  markets: { type: 'array', items: item },
  account: strict({ old: accountSide, new: accountSide }),
  parameters: { type: 'array', items: parameter },
  findings: {
    type: 'array',
    items: findingChange,
    description: 'Findings of subjects other than positions (account, markets, orders) whose status changed',
  },
  changes: { type: 'array', items: change, description: 'Everything above worth a line, fails first: what the CI formats render' },
  worse: strict({ fail: { type: 'integer', minimum: 0 }, warn: { type: 'integer', minimum: 0 } }),
  failures: { type: 'integer', minimum: 0, description: 'Failures (checks that could not run) in either snapshot: exit code 2' },
}

const trend = strict({
  values: { type: 'array', items: decimalOrNull, description: 'One value per snapshot, oldest first; null where the item is absent or has no value' },
  first: decimalOrNull,
  last: decimalOrNull,
  change: decimalOrNull,
  direction: { enum: ['up', 'down', 'flat', 'mixed', 'none'] },
})

const head = {
  schema_version: { const: 1 },
  tool: strict({ name: { const: 'perp-check' }, version: { type: 'string' } }),
  summary: strict({
    exit_code: { enum: [0, 1, 2] },
    new_fails: { type: 'integer', minimum: 0 },
    new_warns: { type: 'integer', minimum: 0 },
    changes: { type: 'integer', minimum: 0 },
  }),
}

/** The schema of the diff's JSON document (draft-07). */
export const DIFF_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:perp-check:diff:1',
  title: 'perp-check diff output, schema_version 1',
  description: 'perp-check diff --format json: two snapshots compared (kind "diff") or a series (kind "series"); decimals are exact strings',
  definitions: { diff: strict(diffProperties) },
  oneOf: [
    strict({ ...head, ...diffProperties }),
    strict({
      ...head,
      kind: { const: 'series' },
      snapshots: { type: 'array', minItems: 2, items: snapshot },
      thresholds: strict({ oscillation_changes: decimal, oscillation_window: { type: 'string' }, drift_snapshots: decimal }),
      positions: { type: 'array', items: strict({ id: { type: 'string' }, market: { type: 'string' }, side: { enum: ['long', 'short'] }, distance: trend }) },
      account: strict({ margin_ratio: trend }),
      oscillations: {
        type: 'array',
        items: strict({
          parameter: { enum: ['ladder', 'leverage', 'funding-interval', 'margin-mode', 'stop'] },
          subject: { type: 'string' },
          values: {
            type: 'array',
            items: strict({ as_of: { type: 'string' }, value: { type: 'string' } }),
            description: 'The value at each change inside the window, oldest first',
          },
          changes: { type: 'integer', minimum: 1 },
          window: { type: 'string' },
        }),
      },
      drift: {
        type: 'array',
        items: strict({
          kind: { enum: ['distance-shrinking', 'funding-rising-with-volatility'] },
          subject: { type: 'string' },
          since: { type: 'string', description: 'The as_of of the first snapshot the drift spans' },
          snapshots: { type: 'integer', minimum: 1 },
          message: { type: 'string' },
        }),
      },
      // The diff of the last two snapshots (the exit code comes from it); a draft-07 $ref takes no description beside it.
      latest: { $ref: '#/definitions/diff' },
      changes: { type: 'array', items: change, description: 'latest.changes, then a line per oscillation and drift, fails first' },
      failures: { type: 'integer', minimum: 0, description: 'Failures (checks that could not run) in any snapshot: exit code 2' },
    }),
  ],
} as const

export function diffSchemaText(): string {
  return `${JSON.stringify(DIFF_JSON_SCHEMA, null, 2)}\n`
}
