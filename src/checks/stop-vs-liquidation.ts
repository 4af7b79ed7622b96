// Whether each stop protects its position: it must trigger before liquidation on the same reference, and
// its own fill (the whole position walking the book, plus the move during the latency) must land before it.
// Why: a stop that fills beyond the liquidation price, or leaves less than maintenance, protects nothing.
import type { Decimal } from '../decimal.js'
import { defineCheck, type Draft, type Figure } from '../engine/types.js'
import { duration, fixed, percent, price, short } from '../format.js'
import type { Market } from '../model.js'
import type { StopExecution } from '../execution/view.js'
import { bufferVerdict, extendedShare, stopVerdict } from './judge/execution.js'
import type { Thresholds } from '../thresholds.js'

export default defineCheck({
  id: 'stop-vs-liquidation',
  title: 'Stops trigger and fill before liquidation',
  views: ['execution'],
  explanation:
    'A stop and a liquidation measured on different references (last vs mark) are compared on the liquidation ' +
    'reference: the stop price is moved by the current gap between the two references, and a stop beyond the ' +
    'liquidation price fails. The stop’s fill is modelled by shifting the side it hits so its best level sits ' +
    'at the stop price, walking it for the whole position and moving the result one σ over the stress latency ' +
    'against the position. If that expected fill lies beyond the liquidation price, or the margin left after ' +
    'the fill and its taker fee is at or below maintenance there, the stop does not protect the position: fail. ' +
    'The buffer between the fill and liquidation is reported in basis points and in daily σ; fewer daily σ than ' +
    'stop_buffer_sigma_warn warns, fewer than stop_buffer_sigma_fail fails (without volatility it is not judged). A book shorter than ' +
    'the position is extended past its last level by the square-root impact law (docs/checks/slippage.md); more ' +
    'than book_extension_warn of the fill from it is a warning, and size even the model cannot fill fails.',
  *run({ portfolio, views }) {
    for (const position of portfolio.positions) {
      const stop = views.execution.stops.get(position.id)
      if (stop) yield stopDraft(stop, portfolio.thresholds, portfolio.markets.get(position.market)!)
    }
  },
})

function stopDraft(s: StopExecution, thresholds: Thresholds, market: Market): Draft {
  const { position, stop, liquidationTrigger } = s
  const px = (p: Decimal) => price(p, market)
  const path = [...stop.path, 'price']
  const figures = {
    ...stopFigures(s),
    stop_unfilled_warn: thresholds.stop_unfilled_warn,
    stop_unfilled_fail: thresholds.stop_unfilled_fail,
    stop_buffer_sigma_warn: thresholds.stop_buffer_sigma_warn,
    stop_buffer_sigma_fail: thresholds.stop_buffer_sigma_fail,
  }
  const onLiq =
    `stop ${px(stop.price)} on ${stop.trigger}` +
    (stop.trigger === liquidationTrigger ? '' : ` (${px(s.triggerOnLiquidationReference)} on ${liquidationTrigger})`)
  // The status is the one rule in stopVerdict; the branches below only choose the words for it.
  const draft = (message: string): Draft => ({ status: stopVerdict(s, thresholds), subject: position.id, message, figures, path })
  const fill = s.fill && fillWords(s, px)
  // The share the book leaves open, said whenever there is one (it drives the status by the thresholds).
  const unfilled =
    s.fill && s.unfilledShare?.gt(0)
      ? `; the book${s.fill.walk.extended.gt(0) ? ' with its square-root extension' : ''} fills only ${short(s.fill.walk.filled)} of ${short(position.size)} (${short(s.fill.walk.unfilled)}, ${percent(s.unfilledShare)} unfilled, ` +
        `warn above ${percent(thresholds.stop_unfilled_warn)}, fail above ${percent(thresholds.stop_unfilled_fail)})`
      : ''

  if (s.alreadyPast) return draft(`the position is already at or past its liquidation level; ${onLiq}`)
  if (s.triggersNow) {
    const where = `${position.side === 'long' ? 'at or below' : 'at or above'} it now (${px(s.stopReferenceNow)})`
    const atBook = !s.fill ? 'its fill is not modelled: the market has no book' : fill ? `at the book now: ${fill}${unfilled}` : 'the book fills none of it'
    return draft(
      `${onLiq} triggers the moment it is placed: the ${stop.trigger} price is already ${where}; venues reject such a stop or close the position at once (a take-profit is not a stop); ${atBook}`,
    )
  }
  if (s.liquidationPrice === null) return draft(`${onLiq}; no liquidation price to race: ${s.liquidationReason ?? 'none'}${unfilled}`)
  const lp = `liquidation ${px(s.liquidationPrice)} on ${liquidationTrigger}`
  if (s.stopAwayFromLiquidation) {
    return draft(
      `${onLiq} triggers on the way ${s.stopDirection}, but ${lp} comes on the way ${s.liquidationDirection}, the side the account's net ${position.market} exposure loses on (its legs are liquidated together): the stop never triggers before it`,
    )
  }
  if (s.stopBeyondLiquidation) return draft(`${onLiq} triggers only beyond ${lp}`)
  if (!s.fill) return draft(`${onLiq} triggers before ${lp}; the fill is not modelled: the market has no book`)
  if (!fill) return draft(`${onLiq} triggers before ${lp}; the book fills none of ${short(position.size)}`)

  const buffer = s.bufferBps ? `; buffer ${fixed(s.bufferBps)} bps${sigmaWords(s, thresholds)}` : ''
  if (s.fillBeyondLiquidation) return draft(`${onLiq} triggers before ${lp} but the ${fill} lies beyond it${buffer}${unfilled}`)
  if (s.belowMaintenanceAfterFill) {
    return draft(
      `${onLiq}: after the ${fill} and its taker fee the margin ${short(s.marginAfterFill!)} is at or below maintenance ${short(s.maintenanceAtFill!)} (${lp})${unfilled}`,
    )
  }
  if (unfilled) return draft(`${onLiq} triggers before ${lp}; what the book fills: ${fill}${buffer}${unfilled}`)
  const walk = s.fill.walk
  const share = extendedShare(walk.extended, walk.requested)
  const model = share
    ? `; ${short(walk.extended)} of ${short(position.size)} (${percent(share)}) filled past the last visible level by the square-root extension${share.gt(thresholds.book_extension_warn) ? `, over the ${percent(thresholds.book_extension_warn)} warn share` : ''}`
    : ''
  return draft(`${onLiq} triggers and fills before ${lp}: ${fill}${buffer}${model}`)
}

/** ", 0.6 daily σ (under the 1 σ warn limit)"; without volatility the buffer is not judged in σ and the words say so. */
function sigmaWords(s: StopExecution, thresholds: Thresholds): string {
  if (!s.bufferSigma) return ' (no volatility: not judged in daily σ)'
  const verdict = bufferVerdict(s, thresholds)
  const limit = verdict === 'fail' ? thresholds.stop_buffer_sigma_fail : thresholds.stop_buffer_sigma_warn
  return `, ${fixed(s.bufferSigma)} daily σ${verdict === 'pass' ? '' : ` (under the ${fixed(limit)} σ ${verdict} limit)`}`
}

/** "expected fill … on <reference> (book VWAP … less one σ over …)"; null when nothing fills. */
function fillWords(s: StopExecution, px: (p: Decimal) => string): string | null {
  const f = s.fill!
  if (!f.walk.vwap || !s.expectedFillOnLiquidationReference) return null
  const move = f.latencyMove
    ? `${f.side === 'sell' ? 'less' : 'plus'} one σ over ${duration(s.latencyMs)}, ${px(f.latencyMove)}`
    : 'no latency move without volatility'
  return `expected fill ${px(s.expectedFillOnLiquidationReference)} on ${s.liquidationTrigger} (book VWAP ${px(f.walk.vwap)} ${move})`
}

function stopFigures(s: StopExecution): Record<string, Figure> {
  const fill = s.fill
  const value = (x: Decimal | null | undefined): Figure => x ?? null
  return {
    stop_price: s.stop.price,
    stop_trigger: s.stop.trigger,
    liquidation_trigger: s.liquidationTrigger,
    gap: s.gap,
    trigger_price_on_liquidation_reference: s.triggerOnLiquidationReference,
    stop_reference_now: s.stopReferenceNow,
    triggers_now: s.triggersNow,
    liquidation_price: s.liquidationPrice,
    liquidation_direction: s.liquidationDirection,
    stop_direction: s.stopDirection,
    latency: duration(s.latencyMs),
    book_start: value(fill?.startPrice),
    book_vwap: value(fill?.walk.vwap),
    worst_price: value(fill?.walk.worstPrice),
    unfilled: value(fill?.walk.unfilled),
    unfilled_share: s.unfilledShare,
    extended: value(fill?.walk.extended),
    extended_share: fill ? extendedShare(fill.walk.extended, fill.walk.requested) : null,
    latency_move: value(fill?.latencyMove),
    expected_fill: value(fill?.expectedFill),
    expected_fill_on_liquidation_reference: s.expectedFillOnLiquidationReference,
    taker_fee: s.takerFee,
    margin_after_fill: s.marginAfterFill,
    maintenance_at_fill: s.maintenanceAtFill,
    buffer_bps: s.bufferBps,
    buffer_sigma: s.bufferSigma,
  }
}
