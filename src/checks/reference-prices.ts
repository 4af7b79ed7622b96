// Which reference price (index / mark / last) drives liquidation on each market, how far the three
// have drifted apart, and which stops watch a different price than the one that liquidates.
// Why: a stop on last can sit "safely" above a liquidation that fires on mark when the two diverge.
import { toBps } from '../decimal.js'
import { defineCheck, type Draft, type Status } from '../engine/types.js'
import { triggerPrice, type Market } from '../model.js'
import type { Decimal } from '../decimal.js'

export default defineCheck({
  id: 'reference-prices',
  title: 'Reference prices: liquidation trigger, divergence and stop references',
  views: [],
  explanation:
    'Liquidation fires when one reference price (usually the mark) crosses the liquidation price; a stop ' +
    'fires on the reference it was set on (often last). When mark, last and index diverge, a stop and a ' +
    'liquidation measured on different prices can fire in the wrong order. Divergence is |mark − last| / mark ' +
    'and |mark − index| / index, in basis points.',
  run({ portfolio }) {
    const drafts: Draft[] = []
    const t = portfolio.thresholds
    for (const market of portfolio.markets.values()) {
      const { index, mark, last } = market.prices
      drafts.push({
        status: 'info',
        subject: market.symbol,
        message: `liquidation triggers on the ${market.liquidationTrigger} price (${triggerPrice(market).toFixed()}); index ${index.toFixed()}, mark ${mark.toFixed()}, last ${last.toFixed()}`,
        figures: { trigger: market.liquidationTrigger, trigger_price: triggerPrice(market), index, mark, last },
        path: [...market.path, 'liquidation_trigger'],
      })
      drafts.push(divergence(market, 'last', toBps(mark.minus(last).abs().div(mark)), t.mark_last_warn_bps, t.mark_last_fail_bps))
      drafts.push(divergence(market, 'index', toBps(mark.minus(index).abs().div(index)), t.mark_index_warn_bps, t.mark_index_fail_bps))
    }
    for (const position of portfolio.positions) {
      if (!position.stop) continue
      const market = portfolio.markets.get(position.market)!
      const liquidation = market.liquidationTrigger
      const stopOn = position.stop.trigger
      const gap = market.prices[liquidation].minus(market.prices[stopOn])
      const gapBps = toBps(gap.div(market.prices[liquidation]))
      const figures = { stop_trigger: stopOn, liquidation_trigger: liquidation, stop_price: position.stop.price, gap, gap_bps: gapBps }
      drafts.push(
        stopOn === liquidation
          ? {
              status: 'pass',
              subject: position.id,
              message: `stop and liquidation both trigger on the ${liquidation} price`,
              figures,
              path: [...position.stop.path, 'trigger'],
            }
          : {
              status: 'warn',
              subject: position.id,
              message: `stop triggers on ${stopOn} but liquidation on ${liquidation}; ${liquidation} − ${stopOn} is ${signed(gap)} (${signed(gapBps.toDecimalPlaces(2))} bps) now`,
              figures,
              path: [...position.stop.path, 'trigger'],
            },
      )
    }
    return drafts
  },
})

function divergence(market: Market, other: 'last' | 'index', bps: Decimal, warn: Decimal, fail: Decimal): Draft {
  const status: Status = bps.gt(fail) ? 'fail' : bps.gt(warn) ? 'warn' : 'pass'
  const limit =
    status === 'pass'
      ? `within ${warn.toFixed()} bps`
      : status === 'warn'
        ? `over the ${warn.toFixed()} bps warn limit`
        : `over the ${fail.toFixed()} bps fail limit`
  return {
    status,
    subject: market.symbol,
    message: `mark–${other} divergence ${bps.toDecimalPlaces(2).toFixed()} bps, ${limit}`,
    figures: { [`mark_${other}_bps`]: bps, warn_bps: warn, fail_bps: fail },
    path: [...market.path, 'prices', other],
  }
}

function signed(value: Decimal): string {
  return value.isNeg() ? value.toFixed() : `+${value.toFixed()}`
}
