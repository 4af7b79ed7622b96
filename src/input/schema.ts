// The portfolio file, format version 1, as a zod schema: types, ranges and allowed keys.
// Cross-references (a position's market exists, ladders ascend, books are sorted) are checked
// after this in semantics.ts, where the whole document is in view.
import { z } from 'zod'
import { VENUE_IDS } from '../venues.js'
import { THRESHOLDS, type ThresholdKey } from '../thresholds.js'
import { LIMITS } from './limits.js'
import { CONTROL, decimal, duration, fraction, integer, namedMap, nonNegativeDecimal, positiveDecimal, timestamp } from './values.js'

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
    .refine((text) => !CONTROL.test(text), 'must be printable: no control characters (newlines, terminal escapes)')

const reference = z.enum(['mark', 'last', 'index'], { error: 'must be one of: mark, last, index' })
const marginMode = z.enum(['cross', 'isolated'], { error: 'must be one of: cross, isolated' })

const ladderTier = strict({
  max_notional: positiveDecimal().meta({ description: 'Upper bound of the tier, quote currency (inclusive)' }),
  mmr: fraction().optional().meta({ description: 'Maintenance-margin rate; hyperliquid derives it as 1/(2 × max_leverage) when absent' }),
  max_leverage: positiveDecimal().meta({ description: 'Highest leverage allowed in the tier' }),
  maintenance_amount: nonNegativeDecimal().optional().meta({ description: 'Maintenance amount (deduction); derived from the ladder when absent' }),
})
const ladder = z.array(ladderTier).min(1, 'must list at least one tier').max(LIMITS.lists.tiers)

const bookLevel = z.tuple([positiveDecimal(), positiveDecimal()], { error: 'expected a [price, size] pair' })

const market = strict({
  prices: strict({ index: positiveDecimal(), mark: positiveDecimal(), last: positiveDecimal() }, 'Index, mark and last prices (all required)'),
  liquidation_trigger: reference.optional().meta({ description: 'Reference price that triggers liquidation; default from the venue (mark)' }),
  contract_size: positiveDecimal().optional().meta({ description: 'Base units per contract (informational; all sizes in the file are base units)' }),
  maintenance_ladder: ladder.meta({ description: 'Maintenance-margin tiers, ascending by max_notional' }),
  ladder_changes: z
    .array(strict({ effective_at: timestamp(), maintenance_ladder: ladder }))
    .max(LIMITS.lists.ladderChanges)
    .optional()
    .meta({ description: 'Announced ladder changes' }),
  funding: strict({
    rate: decimal().meta({ description: 'Funding rate for one interval; positive: longs pay' }),
    next_at: timestamp().meta({ description: 'Next funding instant' }),
    interval: duration('fundingInterval').optional().meta({ description: 'Funding interval; default from the venue' }),
    forecast: z.array(decimal()).max(LIMITS.lists.forecast).optional().meta({ description: 'Rates for the next instants, in order' }),
    cap: positiveDecimal().optional().meta({ description: 'Largest absolute rate per interval the venue allows' }),
  }).optional(),
  volatility: positiveDecimal().optional().meta({ description: 'Annualized realized volatility, a fraction (0.55 = 55%)' }),
  book: strict(
    {
      bids: z.array(bookLevel).min(1, 'must list at least one level').max(LIMITS.lists.bookLevels),
      asks: z.array(bookLevel).min(1, 'must list at least one level').max(LIMITS.lists.bookLevels),
      refill_half_life: duration('refillHalfLife').optional().meta({ description: 'Half-life of depth refilling toward the snapshot after a fill' }),
    },
    'L2 snapshot, [price, size] pairs, best first',
  ).optional(),
  liquidation_fee: fraction().optional().meta({ description: 'Fee on a liquidation, fraction of the notional liquidated' }),
  tick_size: positiveDecimal().optional().meta({ description: 'Price increment; inferred from the book and last price when absent' }),
  microstructure: strict({
    quote_rate: positiveDecimal().optional().meta({ description: 'Changes of the best bid or ask per second; estimated from volatility and tick when absent' }),
  }).optional(),
})

const stop = strict({
  price: positiveDecimal(),
  trigger: reference.optional().meta({ description: 'Reference the stop triggers on; default last' }),
})

const position = strict({
  id: name('expected an id').optional(),
  market: name('expected a market symbol'),
  side: z.enum(['long', 'short'], { error: 'must be one of: long, short' }),
  size: positiveDecimal().meta({ description: 'Base units' }),
  entry_price: positiveDecimal(),
  margin_mode: marginMode.optional(),
  margin: positiveDecimal().optional().meta({ description: 'Isolated margin posted (required when isolated)' }),
  leverage: positiveDecimal().optional(),
  stop: stop.optional(),
  hold: duration('hold').optional(),
})

const order = strict({
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
})

const stress = strict({
  moves: z
    .array(decimal().refine((d) => d.gt(-1) && !d.isZero(), 'must be a non-zero move above -1'))
    .min(1)
    .max(LIMITS.lists.moves)
    .optional(),
  betas: namedMap(decimal(), { error: 'expected a mapping of market symbols to numbers', what: 'betas', max: LIMITS.lists.markets }).optional(),
  correlation: decimal()
    .refine((d) => d.gte(-1) && d.lte(1), 'must be from -1 to 1')
    .optional(),
  spread_multiplier: decimal()
    .refine((d) => d.gte(1) && d.lte(LIMITS.stress.spreadMultiplier), `must be from 1 to ${LIMITS.stress.spreadMultiplier}: spreads widen under stress`)
    .optional(),
  depth_multiplier: decimal()
    .refine((d) => d.gt(0) && d.lte(1), 'must be above 0 and at most 1: depth thins under stress')
    .optional(),
  latency: duration('latency').optional(),
})

const thresholdShape = Object.fromEntries(
  Object.entries(THRESHOLDS).map(([key, spec]) => [
    key,
    (spec.kind === 'duration' ? duration(key === 'funding_soon' ? 'fundingSoon' : 'hold') : nonNegativeDecimal())
      .optional()
      .meta({ description: `${spec.description} (default ${spec.default})` }),
  ]),
) as unknown as Record<ThresholdKey, z.ZodOptional<z.ZodType>>

export const portfolioSchema = strict({
  version: integer(1, 1).meta({ description: 'Format version: 1' }),
  as_of: timestamp().optional().meta({ description: 'The "now" of every time-based check; default: the clock' }),
  venue: z.enum(VENUE_IDS, { error: `must be one of: ${VENUE_IDS.join(', ')}` }).optional(),
  account: strict({
    margin_mode: marginMode.optional(),
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
  markets: namedMap(market, { error: 'expected a mapping of market symbols', what: 'markets', max: LIMITS.lists.markets }),
  positions: z.array(position).max(LIMITS.lists.positions).optional(),
  orders: z.array(order).max(LIMITS.lists.orders).optional(),
  thresholds: strict(thresholdShape).optional(),
  stress: stress.optional(),
}).meta({ title: 'perp-check portfolio', description: 'A perpetual-futures portfolio for perp-check, format version 1' })

export type PortfolioInput = z.output<typeof portfolioSchema>
