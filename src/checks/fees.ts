// Fees as they will be charged, not as planned: a resting order can arrive marketable during the
// order-entry latency and pay taker (or, post-only, be rejected), and round-trip fees eat into margin.
import type { Decimal } from '../decimal.js'
import { defineCheck, type Draft, type Figure } from '../engine/types.js'
import { duration, percent, short } from '../format.js'
import type { LatencyFee, OrderExecution, RoundTrip } from '../execution/view.js'
import type { Position } from '../model.js'

export default defineCheck({
  id: 'fees',
  title: 'Fees under latency and round-trip fees against margin',
  views: ['execution'],
  explanation:
    'Every order’s fee at the maker and the taker rate; a market order pays taker. A limit or post-only order ' +
    'meant to rest arrives marketable when the opposite best moves through its price during the order-entry ' +
    'latency L: with δ the distance from the price to the opposite best and σ_L = mid·σ·√(L / 1 year), ' +
    'P = Φ(−δ/σ_L). A limit order then pays taker (expected fee P·taker + (1 − P)·maker); a post-only order is ' +
    'rejected instead. Shown at the order’s latency and at the stress latency. The round trip (entry plus exit ' +
    'fee, the exit as taker at the stop when there is one) warns above the fee_margin_warn share of the margin.',
  run({ portfolio, views }) {
    const view = views.execution
    const limit = portfolio.thresholds.fee_margin_warn
    const drafts: Draft[] = []
    for (const position of portfolio.positions) {
      const roundTrip = view.roundTrips.get(position.id)
      if (roundTrip) drafts.push(positionDraft(position, roundTrip, limit))
    }
    for (const order of portfolio.orders) drafts.push(orderDraft(view.orders.get(order.id)!, limit))
    return drafts
  },
})

function roundTripStatus(roundTrip: RoundTrip, limit: Decimal) {
  return roundTrip.fraction.gt(limit) ? 'warn' : 'pass'
}

function roundTripText(roundTrip: RoundTrip, limit: Decimal): string {
  const share = `${percent(roundTrip.fraction)} of the margin ${short(roundTrip.margin)}`
  const within = roundTrip.fraction.gt(limit) ? `over the ${percent(limit)} warn limit` : `within ${percent(limit)}`
  return `round trip ${short(roundTrip.total)} (entry ${short(roundTrip.entryFee)} + exit ${short(roundTrip.exitFee)}) is ${share}, ${within}`
}

function roundTripFigures(roundTrip: RoundTrip | null, limit: Decimal): Record<string, Figure> {
  return {
    entry_fee: roundTrip?.entryFee ?? null,
    exit_fee: roundTrip?.exitFee ?? null,
    round_trip_fee: roundTrip?.total ?? null,
    margin: roundTrip?.margin ?? null,
    fee_margin_fraction: roundTrip?.fraction ?? null,
    fee_margin_warn: limit,
  }
}

function positionDraft(position: Position, roundTrip: RoundTrip, limit: Decimal): Draft {
  const exit = roundTrip.exitAt === 'stop' ? 'exit at the stop as taker' : 'exit at the trigger price as taker'
  return {
    status: roundTripStatus(roundTrip, limit),
    subject: position.id,
    message: `${roundTripText(roundTrip, limit)} (entry as taker, ${exit})`,
    figures: { ...roundTripFigures(roundTrip, limit), exit_at: roundTrip.exitAt },
    path: position.stop ? [...position.stop.path, 'price'] : [...position.path, 'size'],
  }
}

function latencyText(fee: LatencyFee, type: string): string {
  const at = `at ${duration(fee.latencyMs)}`
  if (type === 'post_only') return `rejected ${percent(fee.estimate.rejectionProbability)} ${at}`
  return `taker ${percent(fee.estimate.takerProbability)} ${at}, expected ${short(fee.estimate.expectedFee)}`
}

function orderDraft(execution: OrderExecution, limit: Decimal): Draft {
  const { order, fees } = execution
  const rates = `maker ${short(fees.makerFee)}, taker ${short(fees.takerFee)} on ${short(fees.notional)} (${fees.notionalSource})`
  const parts = [`${order.type.replace('_', '-')} ${order.side} ${short(order.size)}: ${rates}`]
  if (order.type === 'market') parts.push('a market order pays taker')
  else if (fees.unavailable) parts.push(`no taker probability: ${fees.unavailable}`)
  else {
    if (fees.atOrderLatency) parts.push(latencyText(fees.atOrderLatency, order.type))
    else parts.push('no order latency given')
    if (fees.atStressLatency) parts.push(`${latencyText(fees.atStressLatency, order.type)} (stress)`)
    if (order.type === 'post_only') parts.push(`a fill pays maker`)
  }
  if (fees.roundTrip) parts.push(roundTripText(fees.roundTrip, limit))
  const own = fees.atOrderLatency
  const stress = fees.atStressLatency
  return {
    status: fees.roundTrip ? roundTripStatus(fees.roundTrip, limit) : 'info',
    subject: order.id,
    message: parts.join('; '),
    figures: {
      notional: fees.notional,
      maker_fee: fees.makerFee,
      taker_fee: fees.takerFee,
      latency: own ? duration(own.latencyMs) : null,
      taker_probability: own?.estimate.takerProbability ?? null,
      rejection_probability: own?.estimate.rejectionProbability ?? null,
      expected_fee: own?.estimate.expectedFee ?? null,
      stress_latency: stress ? duration(stress.latencyMs) : null,
      stress_taker_probability: stress?.estimate.takerProbability ?? null,
      stress_rejection_probability: stress?.estimate.rejectionProbability ?? null,
      stress_expected_fee: stress?.estimate.expectedFee ?? null,
      ...roundTripFigures(fees.roundTrip, limit),
    },
    path: [...order.path, order.type === 'market' ? 'size' : 'price'],
  }
}
