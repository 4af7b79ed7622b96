// The portfolio file, format version 1, as a zod schema: types, ranges and allowed keys.
// Cross-references (a position's market exists, ladders ascend, books are sorted) are checked
// after this in semantics.ts, where the whole document is in view.
import { z } from 'zod'
import { BookLevels, RISK_MODEL_IDS } from '../model.js'
import { VENUE_IDS } from '../venues.js'
import { THRESHOLDS, type ThresholdKey } from '../thresholds.js'
import { LIMITS } from './limits.js'
import { NOT_PLAIN, quickSection, readLevels } from './quick-read.js'
import { CONTROL, decimal, duration, fraction, integer, namedMap, nonNegativeDecimal, positiveDecimal, timestamp, withQuickRead } from './values.js'

/**
 * zod configured before its first schema is built (not at load: a valid file never touches zod, and the CLI's
 * bundle loads it on first use). A file is validated once per run: zod's compiled parsers (a new Function per
 * object schema) cost more to compile than they save, even at 10,000 positions.
 */
let configured = false
function configure() {
  if (!configured) z.config({ jitless: true })
  configured = true
}

/** An object that rejects unknown keys; the loader names the nearest allowed key. */
function strict<Shape extends z.ZodRawShape>(shape: Shape, description?: string) {
  const schema = z.strictObject(shape, { error: (issue) => (issue.code === 'invalid_type' ? 'expected a mapping of keys' : undefined) })
  return description ? schema.meta({ description }) : schema
}

/** A market symbol or an id: text of 1 to LIMITS.nameLength characters. */
const name = (error: string) =>
  z
    .string({ error })
    .min(1, 'must not be empty')
    .max(LIMITS.nameLength, `must be at most ${LIMITS.nameLength} characters`)
    .refine((text) => !CONTROL.test(text), 'must be printable: no control characters (newlines, line separators, terminal escapes, direction overrides)')

const reference = () => z.enum(['mark', 'last', 'index'], { error: 'must be one of: mark, last, index' })
const marginMode = () => z.enum(['cross', 'isolated'], { error: 'must be one of: cross, isolated' })

const ladderTier = () =>
  strict({
    max_notional: positiveDecimal().meta({ description: 'Upper bound of the tier, quote currency (inclusive)' }),
    mmr: fraction().optional().meta({ description: 'Maintenance-margin rate; hyperliquid derives it as 1/(2 × max_leverage) when absent' }),
    max_leverage: positiveDecimal().meta({ description: 'Highest leverage allowed in the tier' }),
    maintenance_amount: nonNegativeDecimal().optional().meta({ description: 'Maintenance amount (deduction); derived from the ladder when absent' }),
  })
const ladder = () => z.array(ladderTier()).min(1, 'must list at least one tier').max(LIMITS.lists.tiers)

const bookLevel = () => z.tuple([positiveDecimal(), positiveDecimal()], { error: 'expected a [price, size] pair' })

/**
 * One side of a book: up to thousands of [price, size] pairs, read straight into levels when every pair is two
 * positive numbers within the limits (what a venue's snapshot always is); any other side goes through the
 * schema of its pairs, which says what is wrong where.
 */
const bookSide = () =>
  withQuickRead(z.array(bookLevel()).min(1, 'must list at least one level').max(LIMITS.lists.bookLevels), readLevels, (pairs) =>
    BookLevels.of(pairs.map(([price, size]) => ({ price, size }))),
  )

const market = () =>
  strict({
    prices: strict({ index: positiveDecimal(), mark: positiveDecimal(), last: positiveDecimal() }, 'Index, mark and last prices (all required)'),
    liquidation_trigger: reference().optional().meta({ description: 'Reference price that triggers liquidation; default from the venue (mark)' }),
    contract_size: positiveDecimal().optional().meta({ description: 'Base units per contract (informational; all sizes in the file are base units)' }),
    maintenance_ladder: ladder().meta({ description: 'Maintenance-margin tiers, ascending by max_notional' }),
    ladder_changes: z
      .array(strict({ effective_at: timestamp(), maintenance_ladder: ladder() }))
      .max(LIMITS.lists.ladderChanges)
      .optional()
      .meta({ description: 'Announced ladder changes' }),
    funding: strict({
      rate: decimal().meta({ description: 'Funding rate for one interval; positive: longs pay' }),
      next_at: timestamp().optional().meta({ description: 'Next funding instant; default: the next instant of the venue’s settlement grid (not on generic)' }),
      interval: duration('fundingInterval').optional().meta({ description: 'Funding interval; default from the venue' }),
      forecast: z.array(decimal()).max(LIMITS.lists.forecast).optional().meta({ description: 'Rates for the next instants, in order' }),
      cap: positiveDecimal().optional().meta({ description: 'Largest absolute rate per interval the venue allows' }),
    }).optional(),
    volatility: positiveDecimal().optional().meta({ description: 'Annualized realized volatility, a fraction (0.55 = 55%)' }),
    book: strict(
      {
        bids: bookSide(),
        asks: bookSide(),
        refill_half_life: duration('refillHalfLife').optional().meta({ description: 'Half-life of depth refilling toward the snapshot after a fill' }),
      },
      'L2 snapshot, [price, size] pairs, best first',
    ).optional(),
    liquidation_fee: fraction().optional().meta({ description: 'Fee on a liquidation, fraction of the notional liquidated' }),
    tick_size: positiveDecimal()
      .optional()
      .meta({ description: 'Price increment; the report prints prices to it (default: the finest step of the prices and book)' }),
    quote: name('expected a currency name, like USDT')
      .optional()
      .meta({ description: 'Quote currency the report names money in (default: from the symbol, e.g. BTCUSDT → USDT)' }),
    microstructure: strict({
      quote_rate: positiveDecimal()
        .optional()
        .meta({ description: 'Changes of the best bid or ask per second; estimated from volatility and tick when absent' }),
    }).optional(),
  })

const stop = () =>
  strict({
    price: positiveDecimal(),
    trigger: reference().optional().meta({ description: 'Reference the stop triggers on; default last' }),
  })

const position = () =>
  strict({
    id: name('expected an id').optional(),
    market: name('expected a market symbol'),
    side: z.enum(['long', 'short'], { error: 'must be one of: long, short' }),
    size: positiveDecimal().meta({ description: 'Base units' }),
    entry_price: positiveDecimal(),
    margin_mode: marginMode().optional(),
    margin: positiveDecimal().optional().meta({ description: 'Isolated margin posted (required when isolated)' }),
    leverage: positiveDecimal().optional(),
    stop: stop().optional(),
    hold: duration('hold').optional(),
    adl_rank: integer(0, 5)
      .optional()
      .meta({ description: 'The venue’s ADL indicator for this position, 0 to 5 (5: first to be deleveraged), e.g. Bybit’s adlRankIndicator' }),
  })

const order = () =>
  strict({
    id: name('expected an id').optional(),
    market: name('expected a market symbol'),
    side: z.enum(['buy', 'sell'], { error: 'must be one of: buy, sell' }),
    size: positiveDecimal().meta({ description: 'Base units' }),
    type: z.enum(['market', 'limit', 'post_only'], { error: 'must be one of: market, limit, post_only' }).optional(),
    price: positiveDecimal().optional().meta({ description: 'Limit price (required for limit and post_only)' }),
    slices: integer(1, 1000).optional(),
    interval: duration('sliceInterval').optional().meta({ description: 'Time between slices (required when slices > 1)' }),
    latency: duration('latency').optional().meta({ description: 'Order-entry latency' }),
    hold: duration('hold').optional(),
    leverage: positiveDecimal().optional(),
    margin_mode: marginMode().optional().meta({ description: 'Margin mode of the position it trades (or opens, when the market holds none in that mode)' }),
    position: name('expected a position id').optional().meta({ description: 'Id of the position it trades, where its market holds more than one' }),
    reduce_only: z
      .boolean({ error: 'must be true or false' })
      .optional()
      .meta({ description: 'Only reduces the position it trades: a fill stops at its size, and with none to reduce the venue rejects it' }),
  })

/** The sections most files leave out (stress, risk_model, thresholds) are built when a file writes them. */
const stress = () =>
  strict({
    moves: z
      .array(decimal().refine((d) => d.gt(-1) && !d.isZero(), 'must be a non-zero move above -1'))
      .min(1)
      .max(LIMITS.lists.moves)
      .optional(),
    betas: namedMap(decimal(), { error: 'expected a mapping of market symbols to numbers', what: 'betas', max: LIMITS.lists.markets }).optional(),
    correlation: decimal()
      .refine((d) => d.gte(-1) && d.lte(1), 'must be from -1 to 1')
      .optional(),
    correlations: namedMap(
      namedMap(
        decimal().refine((d) => d.gte(-1) && d.lte(1), 'must be from -1 to 1'),
        { error: 'expected a mapping of market symbols to correlations', what: 'correlations', max: LIMITS.lists.markets },
      ),
      {
        error: 'expected a mapping of market symbols to mappings of market symbols to correlations (a matrix, or one row per pair)',
        what: 'markets',
        max: LIMITS.lists.markets,
      },
    ).optional(),
    spread_multiplier: decimal()
      .refine((d) => d.gte(1) && d.lte(LIMITS.stress.spreadMultiplier), `must be from 1 to ${LIMITS.stress.spreadMultiplier}: spreads widen under stress`)
      .optional(),
    depth_multiplier: decimal()
      .refine((d) => d.gt(0) && d.lte(1), 'must be above 0 and at most 1: depth thins under stress')
      .optional(),
    latency: duration('latency').optional(),
  })

const move = () => decimal().refine((d) => d.gt(-1), 'must be above -1 (a fall of 100%)')

const moves = (description: string) => z.array(move()).min(1).max(LIMITS.lists.moves).optional().meta({ description })
const weights = (description: string) => z.array(nonNegativeDecimal()).min(1).max(LIMITS.lists.moves).optional().meta({ description })

const riskUnit = () =>
  strict({
    markets: z.array(name('expected a market symbol')).min(1, 'must list at least one market').max(LIMITS.lists.markets),
    mr1_moves: moves('okx-pm MR1 move sizes, each applied up and down'),
    mr6_move: positiveDecimal().optional().meta({ description: 'okx-pm MR6 extreme move, applied up and down' }),
    mr6_fraction: fraction().optional().meta({ description: 'okx-pm share of the MR6 loss that counts (0.5)' }),
    mr4_rate: fraction().optional().meta({ description: 'okx-pm MR4 (basis) rate of the unit’s gross delta; not published by OKX' }),
    mr7_rate: fraction().optional().meta({ description: 'okx-pm MR7 (position-reduction cost) rate of the gross delta; not published by OKX' }),
    mr7_tiers: z
      .array(strict({ up_to: positiveDecimal().optional(), multiplier: positiveDecimal() }))
      .min(1)
      .max(LIMITS.lists.tiers)
      .optional()
      .meta({ description: 'okx-pm MR7 tier multipliers on the raw MR7 amount, ascending; the last may omit up_to' }),
    mr9: nonNegativeDecimal().optional().meta({ description: 'okx-pm MR9 (USDT-USDC-USD hedge) amount; its formula is not published' }),
    scan_moves: moves('paradex-pm SCAN spot shocks, signed'),
    scan_weights: weights('paradex-pm weight of each SCAN shock'),
    unhedged_factor: fraction().optional().meta({ description: 'paradex-pm min-delta unhedged margin factor' }),
    hedged_factor: fraction().optional().meta({ description: 'paradex-pm min-delta hedged margin factor' }),
    fee_provision: nonNegativeDecimal().optional().meta({ description: 'paradex-pm fee provision, an amount (its formula is not published)' }),
    scan_range: positiveDecimal().optional().meta({ description: 'span16 price scan range, a fraction of the price' }),
    extreme_multiple: positiveDecimal().optional().meta({ description: 'span16 extreme move in scan ranges (2)' }),
    extreme_weight: fraction().optional().meta({ description: 'span16 share of the extreme move’s loss that counts (0.35)' }),
    moves: moves('grid: signed price moves of the unit'),
    weights: weights('grid: weight of each move (1 when absent)'),
    extreme_moves: moves('grid: the extreme-move set'),
    extreme_fraction: fraction().optional().meta({ description: 'grid: share of an extreme move’s loss that counts (1)' }),
    betas: namedMap(decimal(), { error: 'expected a mapping of market symbols to numbers', what: 'betas', max: LIMITS.lists.markets })
      .optional()
      .meta({ description: 'span16, grid: move of each market per unit move (1 when absent)' }),
  })

const riskModel = () =>
  strict({
    model: z.enum(RISK_MODEL_IDS, { error: `must be one of: ${RISK_MODEL_IDS.join(', ')}` }),
    as_of: timestamp().optional().meta({ description: 'Date of the parameter set (required unless model is ladder)' }),
    imr_multiplier: positiveDecimal().optional().meta({ description: 'Initial ÷ maintenance requirement (okx-pm 1.3, span16 and grid 1)' }),
    collateral_rate: decimal()
      .refine((d) => d.gt(0) && d.lte(1), 'must be above 0 and at most 1')
      .optional()
      .meta({ description: 'binance-unimmr collateral rate of the wallet asset (default 1)' }),
    liquidation_ratio: positiveDecimal().optional().meta({ description: 'Equity ÷ maintenance at which the model liquidates (binance-unimmr 1.05, others 1)' }),
    units: namedMap(riskUnit(), { error: 'expected a mapping of risk-unit names', what: 'risk units', max: LIMITS.lists.markets }).optional(),
  }).meta({ description: 'How the account requirement is computed: the ladder or a venue portfolio model (docs/risk-models.md)' })

const thresholdShape = () =>
  Object.fromEntries(
    Object.entries(THRESHOLDS).map(([key, spec]) => [
      key,
      (spec.kind === 'duration' ? duration(key === 'funding_soon' ? 'fundingSoon' : 'hold') : nonNegativeDecimal())
        .optional()
        .meta({ description: `${spec.description} (default ${spec.default})` }),
    ]),
  ) as unknown as Record<ThresholdKey, z.ZodOptional<z.ZodType>>

/**
 * The top-level keys, each with the schema of its value. A file is validated section by section, and a section
 * is built the first time a file writes it: most files write no stress, risk_model or thresholds.
 */
const SECTIONS = {
  version: () => integer(1, 1).meta({ description: 'Format version: 1' }),
  as_of: () => timestamp().optional().meta({ description: 'The "now" of every time-based check; default: the clock' }),
  venue: () => z.enum(VENUE_IDS, { error: `must be one of: ${VENUE_IDS.join(', ')}` }).optional(),
  account: () =>
    strict({
      margin_mode: marginMode().optional(),
      wallet_balance: nonNegativeDecimal().meta({ description: 'Quote currency, realized (no unrealized PnL)' }),
      fees: strict({ maker: decimal(), taker: nonNegativeDecimal() }, 'Fractions of notional; maker may be negative (rebate)').partial().optional(),
      rate_limit: strict(
        {
          orders: integer(1, 1_000_000).meta({ description: 'New orders allowed per window' }),
          per: duration('rateWindow').meta({ description: 'The window, e.g. 1s or 10s' }),
        },
        'New-order rate limit of the account; replaces the venue default',
      ).optional(),
    }),
  markets: () => namedMap(market(), { error: 'expected a mapping of market symbols', what: 'markets', max: LIMITS.lists.markets }),
  positions: () => z.array(position()).max(LIMITS.lists.positions).optional(),
  orders: () => z.array(order()).max(LIMITS.lists.orders).optional(),
  thresholds: () => strict(thresholdShape()).optional(),
  stress: () => stress().optional(),
  risk_model: () => riskModel().optional(),
}

type Shape = { [K in keyof typeof SECTIONS]: ReturnType<(typeof SECTIONS)[K]> }
const SECTION_KEYS = Object.keys(SECTIONS) as (keyof Shape)[]
const REQUIRED = new Set<string>(['version', 'account', 'markets'])
const sections: Partial<Shape> = {}

function section<K extends keyof Shape>(key: K): Shape[K] {
  configure()
  sections[key] ??= SECTIONS[key]() as Shape[K]
  return sections[key]!
}

const wholeSchema = () =>
  strict(Object.fromEntries(SECTION_KEYS.map((key) => [key, section(key)])) as Shape).meta({
    title: 'perp-check portfolio',
    description: 'A perpetual-futures portfolio for perp-check, format version 1',
  })
let whole: ReturnType<typeof wholeSchema> | undefined

/** The whole schema, for the editor schema and for naming what goes where in a message (built on first use). */
export function portfolioSchema(): ReturnType<typeof wholeSchema> {
  whole ??= wholeSchema()
  return whole
}

/**
 * The file's mapping checked as portfolioSchema() checks it (the same output, the same issues in the same order), a
 * section at a time: a plainly valid section is read without its schema (quick-read.ts), any other is the schema's.
 */
export function parsePortfolio(data: Record<string, unknown>): { data: PortfolioInput; issues?: undefined } | { issues: z.core.$ZodIssue[] } {
  const issues: z.core.$ZodIssue[] = []
  const out: Record<string, unknown> = {}
  for (const key of SECTION_KEYS) {
    const value = Object.hasOwn(data, key) ? data[key] : undefined
    if (value === undefined && !REQUIRED.has(key)) continue
    const quick = quickSection(key, value)
    if (quick !== NOT_PLAIN) {
      out[key] = quick
      continue
    }
    const result = section(key).safeParse(value)
    if (!result.success) issues.push(...result.error.issues.map((issue) => ({ ...issue, path: [key, ...issue.path] })))
    else if (result.data !== undefined) out[key] = result.data
  }
  const unknown = Object.keys(data).filter((key) => !Object.hasOwn(SECTIONS, key))
  if (unknown.length > 0)
    issues.push({
      code: 'unrecognized_keys',
      keys: unknown,
      path: [],
      message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map((key) => JSON.stringify(key)).join(', ')}`,
      input: data,
    })
  return issues.length > 0 ? { issues } : { data: out as PortfolioInput }
}

export type PortfolioInput = z.output<ReturnType<typeof wholeSchema>>
