// The JSON Schema (draft-07) of the JSON report, schema_version 2: what `perp-check schema --report` prints and
// what test/report-schema.test.ts validates every fixture's output against. docs/report.md explains each field.
import { STATUSES } from '../engine/types.js'

const decimal = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: 'An exact decimal, as a string' }
const decimalOrNull = { anyOf: [decimal, { type: 'null' }] }
const timestamp = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$', description: 'ISO 8601, UTC, milliseconds' }
const status = { enum: [...STATUSES] }
const statusOrNull = { enum: [...STATUSES, null] }
const count = { type: 'integer', minimum: 0 }
const position = { type: 'integer', minimum: 1 }
const tool = {
  type: 'object',
  required: ['name', 'version'],
  additionalProperties: false,
  properties: { name: { const: 'perp-check' }, version: { type: 'string' } },
}
const record = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', required, properties })

const funding = record(['next_at', 'instants', 'amount'], {
  next_at: timestamp,
  instants: count,
  amount: decimal,
  payments: {
    type: 'array',
    maxItems: 24,
    description:
      'The first 24 settlements of the hold (instants counts them all); payment positive = paid, cumulative the sum so far; in reports built for charts',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['at', 'rate', 'payment', 'cumulative'],
      properties: { at: timestamp, rate: decimal, payment: decimal, cumulative: { ...decimal, description: 'Paid up to and including this settlement' } },
    },
  },
})

const walkPoint = record(['vwap', 'slippage_bps', 'unfilled'], { vwap: decimalOrNull, slippage_bps: decimalOrNull, unfilled: decimal })

const bookSide = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['price', 'size', 'cumulative'],
    properties: { price: decimal, size: decimal, cumulative: decimal },
  },
}

const finding = {
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'check', 'status', 'severity', 'subject', 'cause', 'message', 'figures', 'path', 'line', 'column'],
  properties: {
    rule: { type: 'string', pattern: '^[a-z0-9-]+/[a-z0-9-]+$', description: '<check>/<item kind>, stable across versions' },
    check: { type: 'string', pattern: '^[a-z0-9-]+$' },
    status,
    severity: { enum: [0, 1, 2, 3, 4], description: '4 fail, 3 warn, 2 skip, 1 info, 0 pass' },
    subject: { type: 'string' },
    cause: { type: 'string', description: 'The subject the item is grouped under' },
    message: { type: 'string', pattern: '^[^\\n\\r]*$' },
    figures: {
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'null' }, { type: 'array', items: { type: 'string' } }] },
    },
    path: { type: 'string' },
    line: position,
    column: position,
  },
}

const failure = {
  anyOf: [
    { type: 'object', additionalProperties: false, required: ['check', 'error'], properties: { check: { type: 'string' }, error: { type: 'string' } } },
    {
      type: 'object',
      additionalProperties: false,
      required: ['view', 'error', 'checks'],
      properties: { view: { type: 'string' }, error: { type: 'string' }, checks: { type: 'array', items: { type: 'string' } } },
    },
  ],
}

/** A position's own fields, in positions[] and in what_if's before and after. */
const positionIdentity = {
  id: { type: 'string' },
  market: { type: 'string' },
  side: { enum: ['long', 'short'] },
  size: decimal,
  entry_price: decimal,
  margin_mode: { enum: ['cross', 'isolated'] },
}
const counts = { type: 'object', required: [...STATUSES], properties: Object.fromEntries(STATUSES.map((s) => [s, count])) }
const whatIfPosition = record(
  [
    'id',
    'market',
    'side',
    'size',
    'entry_price',
    'margin_mode',
    'tier',
    'maintenance_margin',
    'liquidation_price',
    'liquidation_distance',
    'funding_over_hold',
  ],
  {
    ...positionIdentity,
    tier: { type: ['integer', 'null'], minimum: 1 },
    maintenance_margin: decimalOrNull,
    liquidation_price: decimalOrNull,
    liquidation_distance: decimalOrNull,
    funding_over_hold: decimalOrNull,
  },
)
/** The account before, or once the orders fill (docs/report.md "If filled"). */
const whatIfState = record(['account', 'positions', 'breaking_point', 'funding_over_hold', 'counts'], {
  account: record(['wallet_balance', 'margin_balance', 'maintenance_margin', 'margin_ratio'], {
    wallet_balance: decimal,
    margin_balance: decimalOrNull,
    maintenance_margin: decimalOrNull,
    margin_ratio: decimalOrNull,
  }),
  positions: { type: 'array', items: whatIfPosition, description: "The orders' markets' positions and, in a cross account, every cross position" },
  breaking_point: { anyOf: [{ type: 'null' }, record(['down', 'up'], { down: decimalOrNull, up: decimalOrNull })] },
  funding_over_hold: decimalOrNull,
  counts,
})
const whatIf = record(['scope', 'orders', 'fills', 'before', 'after', 'changed_status', 'judged'], {
  scope: { enum: ['order', 'command line', 'all'] },
  orders: { type: 'array', items: { type: 'string' } },
  fills: {
    type: 'array',
    items: record(
      [
        'order',
        'market',
        'side',
        'size',
        'type',
        'price',
        'price_source',
        'passive',
        'notional',
        'fee',
        'slippage_bps',
        'effect',
        'position',
        'position_before',
      ],
      {
        order: { type: 'string' },
        market: { type: 'string' },
        side: { enum: ['buy', 'sell'] },
        size: decimal,
        type: { enum: ['market', 'limit', 'post_only'] },
        price: decimal,
        price_source: { enum: ['limit price', 'book walk', 'sliced book walk', 'last price'] },
        passive: { type: 'boolean' },
        notional: decimal,
        fee: decimal,
        slippage_bps: decimalOrNull,
        effect: { enum: ['opens', 'adds', 'reduces', 'closes', 'flips', 'rejected'] },
        position: { type: ['string', 'null'], description: 'The position the fill leaves (null: it closed one)' },
        position_before: { type: ['string', 'null'], description: 'The position it changed (null: it opened one)' },
      },
    ),
  },
  before: whatIfState,
  after: whatIfState,
  changed_status: {
    type: 'array',
    items: record(['rule', 'subject', 'before', 'after', 'message'], {
      rule: { type: 'string' },
      subject: { type: 'string' },
      before: statusOrNull,
      after: statusOrNull,
      message: { type: 'string' },
    }),
  },
  judged: {
    ...counts,
    required: [...STATUSES, 'failures', 'failing'],
    properties: {
      ...counts.properties,
      failures: count,
      failing: {
        type: 'array',
        description: 'Every item that fails or warns once the orders fill, their own items included: what the exit code reads',
        items: record(['rule', 'subject', 'status', 'message'], {
          rule: { type: 'string' },
          subject: { type: 'string' },
          status: { enum: ['fail', 'warn'] },
          message: { type: 'string' },
        }),
      },
    },
  },
})
const maxSize = record(['order', 'size', 'step', 'step_source', 'next_size', 'binding_rule', 'binding_subject', 'binding_message', 'limit', 'limit_reached'], {
  order: record(['market', 'side', 'type', 'price'], {
    market: { type: 'string' },
    side: { enum: ['buy', 'sell'] },
    type: { enum: ['market', 'limit', 'post_only'] },
    price: decimalOrNull,
  }),
  size: { ...decimalOrNull, description: 'The largest size that passes; null when even one step fails' },
  step: decimal,
  step_source: { enum: ['given', 'inferred'] },
  next_size: { ...decimalOrNull, description: 'One step more, the size that fails; null when the limit was reached' },
  binding_rule: { type: ['string', 'null'], description: 'The rule of the item that fails at next_size ("failure": a check could not run)' },
  binding_subject: { type: ['string', 'null'] },
  binding_status: { enum: ['fail', 'warn', null] },
  binding_message: { type: ['string', 'null'] },
  binding_figures: { type: ['object', 'null'] },
  binding_path: { type: ['string', 'null'] },
  limit: record(['kind', 'size', 'figure'], { kind: { enum: ['book depth', 'ladder'] }, size: decimal, figure: decimal }),
  limit_reached: { type: 'boolean' },
  probes: count,
})

const report = {
  type: 'object',
  // Further records (a view's own, like risk_model) may be added by later versions without breaking readers.
  additionalProperties: { type: ['object', 'array'] },
  required: ['schema_version', 'tool', 'input', 'assumptions', 'summary', 'findings', 'failures', 'markets', 'positions', 'orders'],
  properties: {
    schema_version: { const: 2 },
    tool,
    input: {
      type: 'object',
      additionalProperties: false,
      required: ['file', 'sha256', 'as_of', 'venue'],
      properties: { file: { type: 'string' }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, as_of: timestamp, venue: { type: 'string' } },
    },
    assumptions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'value', 'source', 'applies_to'],
        properties: {
          name: { type: 'string' },
          value: { type: 'string' },
          source: { type: 'string' },
          applies_to: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: [...STATUSES, 'exit_code', 'worst'],
      properties: {
        ...Object.fromEntries(STATUSES.map((s) => [s, count])),
        exit_code: { enum: [0, 1, 2] },
        once_filled: {
          ...counts,
          required: [...STATUSES, 'failures'],
          properties: { ...counts.properties, failures: count },
          description: "With --order: the items' counts once the command line's orders fill, which the exit code judges",
        },
        worst: {
          anyOf: [
            { type: 'null' },
            {
              type: 'object',
              additionalProperties: false,
              required: ['rule', 'status', 'subject', 'message'],
              properties: { rule: { type: 'string' }, status: { enum: ['fail', 'warn'] }, subject: { type: 'string' }, message: { type: 'string' } },
            },
          ],
        },
      },
    },
    findings: { type: 'array', items: finding, description: 'Worst first (severity descending), then the subjects in file order' },
    failures: { type: 'array', items: failure },
    markets: {
      type: 'array',
      items: record(['symbol', 'liquidation_trigger', 'tick_size', 'quote', 'prices'], {
        symbol: { type: 'string' },
        liquidation_trigger: { enum: ['mark', 'last', 'index'] },
        tick_size: decimal,
        quote: { type: 'string' },
        prices: record(['index', 'mark', 'last'], { index: decimal, mark: decimal, last: decimal }),
        book: {
          type: 'object',
          description: 'The file’s order book, best first; cumulative is the size up to and including the level; in reports built for charts',
          required: ['bids', 'asks'],
          properties: { bids: bookSide, asks: bookSide },
        },
      }),
    },
    positions: {
      type: 'array',
      items: record(['id', 'market', 'side', 'size', 'entry_price', 'margin_mode', 'trigger_price', 'notional', 'unrealized_pnl', 'worst_status'], {
        ...positionIdentity,
        trigger_price: decimal,
        notional: decimal,
        unrealized_pnl: decimal,
        liquidation_price: decimalOrNull,
        liquidation_distance: decimalOrNull,
        liquidation_band_start: { ...decimalOrNull, description: 'Where the pool’s margin ratio first reaches thresholds.margin_ratio_warn' },
        tier_boundaries: {
          type: 'array',
          description: 'The price at which the position’s notional crosses each tier’s cap (the last tier left out)',
          items: { type: 'object', required: ['tier', 'price'], properties: { tier: position, price: decimalOrNull } },
        },
        funding: { anyOf: [{ type: 'null' }, funding] },
        worst_status: statusOrNull,
      }),
    },
    orders: {
      type: 'array',
      items: record(['id', 'market', 'side', 'size', 'type', 'slices', 'interval_ms', 'latency_ms', 'worst_status'], {
        id: { type: 'string' },
        market: { type: 'string' },
        side: { enum: ['buy', 'sell'] },
        size: decimal,
        type: { enum: ['market', 'limit', 'post_only'] },
        price: decimalOrNull,
        slices: { type: 'integer', minimum: 1 },
        interval_ms: { type: 'integer', minimum: 0, description: 'Between slices (0 for one slice)' },
        latency_ms: { type: ['integer', 'null'], minimum: 0, description: 'The order’s own order-entry latency; null when the file gives none' },
        fee_latency_ms: { type: ['integer', 'null'], minimum: 0, description: 'The latency expected_fee and taker_probability are at' },
        stress_latency_ms: { type: ['integer', 'null'], minimum: 0 },
        tick_size: decimalOrNull,
        tick_source: { enum: ['file', 'inferred', null] },
        quote_rate: decimalOrNull,
        quote_rate_source: { enum: ['file', 'volatility', null] },
        size_curve: {
          type: 'array',
          description:
            'The book walked for a tenth of the size up to the whole, base and stressed (null without a stressed book): average price and slippage against the mid',
          items: record(['size', 'base', 'stressed'], { size: decimal, base: walkPoint, stressed: { anyOf: [{ type: 'null' }, walkPoint] } }),
        },
        slice_walks: {
          type: 'array',
          description: 'Each child of a sliced plan, the book refilled at its half-life between children (never, without one); in reports built for charts',
          items: record(['slice', 'size', 'vwap', 'best_price', 'worst_price', 'unfilled'], {
            slice: position,
            size: decimal,
            vwap: decimalOrNull,
            best_price: decimalOrNull,
            worst_price: decimalOrNull,
            unfilled: decimal,
          }),
        },
        taker_probability_by_latency: {
          type: 'array',
          description:
            'The chance of arriving marketable at ¼ to 10 times the stress latency and the order’s own (ms), under the tick model; in reports built for charts (--format html, check() with charts)',
          items: record(['latency_ms', 'used', 'probability'], {
            latency_ms: count,
            used: { type: 'boolean', description: 'The latency taker_probability is at: the order’s own, else the stress latency' },
            probability: decimal,
          }),
        },
        funding: { anyOf: [{ type: 'null' }, funding] },
        worst_status: statusOrNull,
      }),
    },
    account: { type: 'object' },
    stress: {
      type: 'object',
      properties: {
        correlation_curves: {
          type: 'array',
          description:
            'Each distinct correlation break as a curve: the break’s two-market move scaled by the spread move (each leg’s market moving spread_move × weight), the cross account at each point and the smallest spread move at which it reaches maintenance; in reports built for charts',
          items: record(['pairs', 'weights', 'break_spread_move', 'points', 'breaking_point', 'searched_to', 'reason'], {
            pairs: {
              type: 'array',
              items: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
              description: 'The pairs whose break this is',
            },
            weights: {
              type: 'object',
              additionalProperties: decimal,
              description: 'Each leg market’s move per unit of spread move: σ ÷ (σa + σb), signed against the position',
            },
            break_spread_move: { ...decimal, description: 'The 3σ break’s spread move (one of the points)' },
            points: {
              type: 'array',
              items: record(['spread_move', 'moves', 'margin_balance', 'maintenance_margin', 'margin_ratio'], {
                spread_move: decimal,
                moves: { type: 'object', additionalProperties: decimal },
                margin_balance: decimal,
                maintenance_margin: decimal,
                margin_ratio: { ...decimalOrNull, description: 'Cross maintenance ÷ cross margin balance; null when the balance is not positive' },
              }),
            },
            breaking_point: {
              anyOf: [
                { type: 'null' },
                record(['spread_move', 'moves', 'prices'], {
                  spread_move: decimal,
                  moves: { type: 'object', additionalProperties: decimal },
                  prices: { type: 'object', additionalProperties: decimal },
                }),
              ],
            },
            searched_to: decimal,
            reason: { type: ['string', 'null'], description: 'Why there is no breaking point (or no curve)' },
          }),
        },
      },
    },
    risk_model: { type: 'object' },
    what_if: { type: 'array', items: whatIf, description: 'With --order or --what-if: the account before and once planned orders fill' },
    what_if_left_out: {
      type: 'array',
      items: { type: 'string' },
      description: "--what-if: the file's planned orders past the first 10, which have no what-if of their own (they are in the all-orders one)",
    },
    max_size: maxSize,
  },
}

const inputErrors = {
  type: 'object',
  additionalProperties: false,
  required: ['schema_version', 'tool', 'input', 'summary', 'input_errors'],
  properties: {
    schema_version: { const: 2 },
    tool,
    input: { type: 'object', additionalProperties: false, required: ['file'], properties: { file: { type: 'string' } } },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['exit_code', 'input_errors'],
      properties: { exit_code: { const: 2 }, input_errors: { type: 'integer', minimum: 1 } },
    },
    input_errors: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['file', 'line', 'column', 'path', 'message'],
        properties: {
          file: { type: 'string' },
          line: position,
          column: position,
          path: { type: ['string', 'null'] },
          message: { type: 'string', pattern: '^[^\\n\\r]*$' },
        },
      },
    },
  },
}

const usageErrors = {
  type: 'object',
  additionalProperties: false,
  required: ['schema_version', 'tool', 'summary', 'usage_errors'],
  properties: {
    schema_version: { const: 2 },
    tool,
    summary: { type: 'object', additionalProperties: false, required: ['exit_code'], properties: { exit_code: { const: 2 } } },
    usage_errors: { type: 'array', minItems: 1, items: { type: 'string' } },
  },
}

/** The schema as an object: a report, or (exit 2) the input errors or command-line errors that stopped it. */
export const REPORT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:perp-check:report:2',
  title: 'perp-check JSON report, schema_version 2',
  oneOf: [report, inputErrors, usageErrors],
}

export function reportSchemaText(): string {
  return `${JSON.stringify(REPORT_SCHEMA, null, 2)}\n`
}
