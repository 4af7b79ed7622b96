// Fees as they will be charged, not as planned: a resting order can arrive marketable during the
// order-entry latency and pay taker (or, post-only, be rejected), and round-trip fees eat into margin.
import { compare, Decimal } from '../decimal.js'
import { defineCheck, type Draft, type Figure } from '../engine/types.js'
import { duration, fixed, money, percent, short } from '../format.js'
import type { LatencyFee, OrderExecution, RoundTrip } from '../execution/view.js'
import type { Position } from '../model.js'
import { percentOnce } from './judge/texts.js'

export default defineCheck({
  id: 'fees',
  title: 'Fees under latency and round-trip fees against margin',
  views: ['execution'],
  explanation:
    'Every order’s fee at the maker and the taker rate; a market order pays taker. A limit or post-only order ' +
    'meant to rest arrives marketable when the opposite best has moved through its price by the time it arrives. ' +
    'The best moves in ticks: λ quote changes a second (microstructure.quote_rate, else estimated from the ' +
    'volatility and the tick), each up or down by J ticks with P(J ≥ j) = j^−3, so over the latency L it moves by a ' +
    'compound Poisson sum of λ·L jumps on average; P is the chance that the sum reaches k = ⌈δ / tick⌉ ticks toward ' +
    'the order (docs/latency.md). A limit order then pays taker (expected fee, if it fills, P·taker + (1 − P)·maker; ' +
    'the maker part only when the resting order fills); a post-only order is rejected instead. Shown at the ' +
    'order’s latency and at the stress latency. The round trip (entry plus exit fee, the exit as taker at the stop ' +
    'when there is one) warns above the fee_margin_warn share of the margin.',
  *run({ portfolio, views }) {
    const view = views.execution
    const limit = portfolio.thresholds.fee_margin_warn
    for (const position of portfolio.positions) {
      const roundTrip = view.roundTrips.get(position.id)
      if (roundTrip) yield positionDraft(position, roundTrip, limit)
    }
    for (const order of portfolio.orders) yield orderDraft(view.orders.get(order.id)!, limit)
  },
})

function roundTripStatus(roundTrip: RoundTrip, limit: Decimal) {
  return compare(roundTrip.fraction, limit) > 0 ? 'warn' : 'pass'
}

function roundTripText(roundTrip: RoundTrip, limit: Decimal): string {
  const share = `${percent(roundTrip.fraction)} of the margin ${short(roundTrip.margin)}`
  const within = compare(roundTrip.fraction, limit) > 0 ? `over the ${percentOnce(limit)} warn limit` : `within ${percentOnce(limit)}` // the threshold: one Decimal for every position
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

/** A probability for reading: a percentage, to two significant digits below 0.01%, in e-notation below 1e-6. */
function chance(p: Decimal): string {
  if (p.isZero() || p.gte('0.0001')) return percent(p)
  if (p.gte('0.000001')) return `${p.times(100).toSignificantDigits(2).toFixed()}%`
  return p.toSignificantDigits(2).toExponential()
}

function latencyText(fee: LatencyFee, type: string): string {
  const changes = fee.crossing ? ` (${fixed(new Decimal(fee.crossing.expectedChanges), 1)} quote changes expected)` : ''
  const at = `at ${duration(fee.latencyMs)}${changes}`
  if (type === 'post_only') return `rejected ${chance(fee.estimate.rejectionProbability)} ${at}`
  const { takerPart, makerPartIfFilled, expectedFee } = fee.estimate
  if (fee.crossing && fee.crossing.ticks <= 0) return `taker ${chance(fee.estimate.takerProbability)} ${at}, ${money(expectedFee)}`
  return `taker ${chance(fee.estimate.takerProbability)} ${at}, expected ${money(expectedFee)} if filled (${money(takerPart)} as taker on arrival + ${money(makerPartIfFilled)} as maker if the resting order fills)`
}

function touchText(fees: OrderExecution['fees']): string | null {
  const touch = fees.touch
  const crossing = (fees.atOrderLatency ?? fees.atStressLatency)?.crossing
  if (!touch || !crossing) return null
  if (crossing.ticks <= 0) return `priced at or through the opposite best (${short(crossing.distance.neg())} through): marketable on arrival`
  const rate = touch.quoteRateSource === 'file' ? 'quote_rate' : 'estimated from the volatility'
  return `${crossing.ticks} tick(s) of ${short(touch.tick)} from the opposite best (tick ${touch.tickSource === 'file' ? 'from the file' : 'inferred'}), ${short(new Decimal(touch.quoteRate).toSignificantDigits(4))} quote changes/s (${rate})`
}

function orderDraft(execution: OrderExecution, limit: Decimal): Draft {
  const { order, fees } = execution
  const rates = `maker ${short(fees.makerFee)}, taker ${short(fees.takerFee)} on ${short(fees.notional)} (${fees.notionalSource})`
  const parts = [`${order.type.replace('_', '-')} ${order.side} ${short(order.size)}: ${rates}`]
  if (order.type === 'market') parts.push('a market order pays taker')
  else if (fees.unavailable) parts.push(`no taker probability: ${fees.unavailable}`)
  else {
    const touch = touchText(fees)
    if (touch) parts.push(touch)
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
      notional_source: fees.notionalSource,
      maker_fee: fees.makerFee,
      taker_fee: fees.takerFee,
      tick: fees.touch?.tick ?? null,
      tick_source: fees.touch?.tickSource ?? null,
      quote_rate: fees.touch ? new Decimal(fees.touch.quoteRate) : null,
      quote_rate_source: fees.touch?.quoteRateSource ?? null,
      ticks_away: (own ?? stress)?.crossing ? new Decimal((own ?? stress)!.crossing!.ticks) : null,
      latency: own ? duration(own.latencyMs) : null,
      expected_quote_changes: own?.crossing ? new Decimal(own.crossing.expectedChanges) : null,
      taker_probability: own?.estimate.takerProbability ?? null,
      rejection_probability: own?.estimate.rejectionProbability ?? null,
      expected_fee: own?.estimate.expectedFee ?? null,
      taker_part: own?.estimate.takerPart ?? null,
      maker_part_if_filled: own?.estimate.makerPartIfFilled ?? null,
      stress_latency: stress ? duration(stress.latencyMs) : null,
      stress_expected_quote_changes: stress?.crossing ? new Decimal(stress.crossing.expectedChanges) : null,
      stress_taker_probability: stress?.estimate.takerProbability ?? null,
      stress_rejection_probability: stress?.estimate.rejectionProbability ?? null,
      stress_expected_fee: stress?.estimate.expectedFee ?? null,
      stress_taker_part: stress?.estimate.takerPart ?? null,
      stress_maker_part_if_filled: stress?.estimate.makerPartIfFilled ?? null,
      ...roundTripFigures(fees.roundTrip, limit),
    },
    path: [...order.path, order.type === 'market' ? 'size' : 'price'],
  }
}
