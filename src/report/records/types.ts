// The JSON report's records: their types are the document's, generated from the report's JSON Schema
// (src/report/schema.ts → src/documents.ts), named here for the record builders and the reporters, so what a
// record builds is what the schema describes, or tsc fails. A record the schema leaves open (a position's margin
// figures, the account, risk_model) carries its further fields as `unknown`: the schema says nothing of them.
import type { ReportDocument } from '../../documents.js'

/**
 * The records of one report: markets, positions and orders; the cross `account`; `stress` (scenario grid,
 * breaking points, blast radius, correlation breaks and cascades, src/stress); `risk_model` (the account under
 * its risk model and the models compared with it, src/risk); `what_if` (before and once planned orders fill,
 * --order and --what-if) and `what_if_left_out` (--what-if: the planned orders past the first 10); `max_size`
 * (the largest size of an order that passes, --max-size).
 */
export type Records = Pick<
  ReportDocument,
  'markets' | 'positions' | 'orders' | 'account' | 'stress' | 'risk_model' | 'what_if' | 'what_if_left_out' | 'max_size'
>

export type MarketRecord = Records['markets'][number]
export type BookLevelRecord = NonNullable<MarketRecord['book']>['bids'][number]
export type PositionRecord = Records['positions'][number]
export type OrderRecord = Records['orders'][number]
export type SizeCurveRecord = NonNullable<OrderRecord['size_curve']>[number]
/** One item's funding over its hold (a position's and an order's are the same schema). */
export type FundingRecord = NonNullable<PositionRecord['funding']>
export type StressRecord = NonNullable<Records['stress']>
export type CorrelationCurve = NonNullable<StressRecord['correlation_curves']>[number]
export type WhatIfRecord = NonNullable<Records['what_if']>[number]
export type WhatIfState = WhatIfRecord['before']
export type MaxSizeRecord = NonNullable<Records['max_size']>
