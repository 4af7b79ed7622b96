// The account under market-wide stress: every grid move (each market by β·m), the smallest moves that take the
// cross account to maintenance, and the stop and order figures re-run on the stressed book at the stress latency.
// Why: "re-run your risk math with higher costs and worse fills" — and know what move kills the account.
import type { Decimal } from '../decimal.js'
import { defineCheck, type Draft, type Figure, type Status } from '../engine/types.js'
import type { OrderExecution, StopExecution } from '../execution/view.js'
import type { Portfolio } from '../model.js'
import type { BreakingPoint, Scenario, StressView } from '../stress/index.js'
import type { Compared } from '../stress/costs.js'
import { duration, ids, money, percent, price, short, signedPercent } from '../format.js'
import { NO_CROSS } from '../stress/grid.js'
import { slippageVerdict, stopVerdict } from './judge/execution.js'

export default defineCheck({
  id: 'stress',
  title: 'Stress grid, breaking point and costs at stress',
  table: [
    { figure: 'move', heading: 'market move' },
    { figure: 'equity', heading: 'equity' },
    { figure: 'maintenance_margin', heading: 'maintenance' },
    { figure: 'cross_margin_ratio', heading: 'cross margin ratio' },
    { figure: 'liquidated', heading: 'liquidated' },
  ],
  views: ['stress'],
  explanation:
    'Each market-wide move m of stress.moves moves every market by β·m (its trigger, mark and last prices ' +
    'together; β from stress.betas, 1 when absent). For each scenario: account equity, the maintenance margin ' +
    'with tiers re-read at the new notionals, the margin ratio and the positions liquidated, cross and isolated. ' +
    'A scenario that liquidates the cross account fails; one that liquidates an isolated position, or takes the ' +
    'cross margin ratio past thresholds.margin_ratio_warn, warns. The breaking point is the smallest move, down ' +
    'and up, at which the cross account reaches its maintenance margin, solved exactly over the tier boundaries of the cross positions, ' +
    'with the position whose value falls most on the way. Stops and planned orders are re-run on the stressed ' +
    'book (spread × spread_multiplier around the mid, depth × depth_multiplier) at the stress latency, next to ' +
    'their base figures; an item whose status changes takes its status at stress.',
  run({ portfolio, views }) {
    const view = views.stress
    if (portfolio.positions.length === 0 && portfolio.orders.length === 0) {
      return [{ status: 'skip', subject: 'account', message: 'no positions or orders to stress', figures: {}, path: ['stress'] }]
    }
    const drafts: Draft[] = []
    if (portfolio.positions.length > 0) {
      for (const scenario of view.scenarios) drafts.push(scenarioDraft(portfolio, view, scenario))
      const { down, up } = view.breakingPoints
      if (down.move === null && up.move === null && down.reason === NO_CROSS && up.reason === NO_CROSS) {
        drafts.push({ status: 'skip', subject: 'account', message: `breaking point: ${NO_CROSS}`, figures: {}, path: ['stress'] })
      } else drafts.push(breakingPointDraft(portfolio, down), breakingPointDraft(portfolio, up))
    }
    const slippageOf = (order: OrderExecution) => slippageVerdict(order, portfolio.thresholds)
    const stopOf = (stop: StopExecution) => stopVerdict(stop, portfolio.thresholds)
    for (const [id, compared] of view.costs.stops) drafts.push(stopDraft(id, compared, judged(compared, stopOf)))
    for (const [id, compared] of view.costs.orders) drafts.push(orderDraft(id, compared, judged(compared, slippageOf)))
    return drafts
  },
})

function pricesOf(prices: Map<string, Decimal>): Record<string, Figure> {
  return Object.fromEntries([...prices].map(([symbol, p]) => [`price_${symbol}`, p]))
}

/** The ids of the isolated positions, once per portfolio (a scenario may liquidate thousands). */
const isolatedOf = new WeakMap<Portfolio, Set<string>>()

function isolatedIds(portfolio: Portfolio): Set<string> {
  let ids = isolatedOf.get(portfolio)
  if (!ids) {
    ids = new Set(portfolio.positions.filter((p) => p.marginMode === 'isolated').map((p) => p.id))
    isolatedOf.set(portfolio, ids)
  }
  return ids
}

function scenarioDraft(portfolio: Portfolio, view: StressView, s: Scenario): Draft {
  const isolated = s.liquidated.filter((id) => isolatedIds(portfolio).has(id))
  const warnRatio = portfolio.thresholds.margin_ratio_warn
  const status: Status = s.cross?.liquidated ? 'fail' : isolated.length > 0 || s.cross?.marginRatio?.gte(warnRatio) ? 'warn' : 'pass'
  // A scenario with a cascade shows the account as the chain leaves it: say whether the cross account survived it.
  const chain = view.cascades.find((c) => c.index === s.index)
  const crossPart = s.cross
    ? `cross margin ${money(s.cross.marginBalance)} against maintenance ${money(s.cross.maintenanceMargin)}` +
      (s.cross.liquidated && !chain?.survives ? ' (liquidated)' : s.cross.marginRatio ? `, ratio ${percent(s.cross.marginRatio)}` : '')
    : 'no cross account'
  const liquidation = chain?.survives
    ? `the cross account reaches maintenance and the venue forces ${ids(s.liquidated.filter((id) => !isolated.includes(id)))} out; the rest survives`
    : 'the cross account is liquidated'
  const limit = status === 'fail' ? liquidation : status === 'warn' && isolated.length === 0 ? `over the ${percent(warnRatio)} warn ratio` : ''
  const message =
    `market ${signedPercent(s.move)}: equity ${money(s.equity)} (now ${money(view.now.equity)}), maintenance ${money(s.maintenanceMargin)}; ${crossPart}; ` +
    `liquidated: ${ids(s.liquidated)}${limit ? `; ${limit}` : ''}`
  return {
    status,
    subject: 'account',
    message,
    figures: {
      move: s.move,
      equity: s.equity,
      equity_now: view.now.equity,
      maintenance_margin: s.maintenanceMargin,
      margin_ratio: s.marginRatio,
      cross_margin_balance: s.cross?.marginBalance ?? null,
      cross_maintenance_margin: s.cross?.maintenanceMargin ?? null,
      cross_margin_ratio: s.cross?.marginRatio ?? null,
      liquidated: s.liquidated,
      ...pricesOf(s.prices),
    },
    path: ['stress', 'moves', s.index],
    kind: 'scenario',
    ...(status !== 'pass' && s.liquidated.length > 0 && { cause: s.liquidated[0] }),
  }
}

function breakingPointDraft(portfolio: Portfolio, b: BreakingPoint): Draft {
  const figures: Record<string, Figure> = {
    direction: b.direction,
    move: b.move,
    first_position: b.firstPosition,
    searched_to: b.searchedTo,
    ...(b.prices ? pricesOf(b.prices) : {}),
  }
  if (b.move === null) {
    return { status: 'info', subject: 'account', message: `breaking point ${b.direction}: ${b.reason}`, figures, path: ['stress'] }
  }
  if (b.move.isZero()) {
    return {
      status: 'fail',
      subject: 'account',
      message: `breaking point ${b.direction}: the cross account is at or below its maintenance margin now`,
      figures,
      path: ['stress'],
    }
  }
  const prices = [...b.prices!].map(([symbol, p]) => `${symbol} ${price(p, portfolio.markets.get(symbol)!)}`).join(', ')
  return {
    status: 'info',
    subject: 'account',
    message: `breaking point ${b.direction}: the cross account reaches its maintenance margin at a market-wide move of ${signedPercent(b.move)} (${prices}); ${b.firstPosition} takes it there`,
    figures,
    path: ['stress'],
  }
}

/** An item's status at base and at stress, by the rule of the check that judges it at base. */
interface Judged {
  base: Status
  stress: Status
}

function judged<T>(c: Compared<T>, verdict: (figures: T) => Status): Judged {
  return { base: verdict(c.base), stress: verdict(c.stress) }
}

/** Changed: the status at stress; unchanged: pass stays pass, anything else is already the base check's finding (info). */
function comparedStatus({ base, stress }: Judged): Status {
  if (base !== stress) return stress
  return stress === 'pass' ? 'pass' : 'info'
}

function change({ base, stress }: Judged): string {
  return base === stress ? `${stress} at base and at stress` : `${base} at base, ${stress} at stress`
}

function stopDraft(id: string, c: Compared<StopExecution>, status: Judged): Draft {
  const path = [...c.base.stop.path, 'price']
  if (!c.base.fill || !c.stress.fill) {
    return { status: 'skip', subject: id, message: `stop at stress: ${c.base.market.symbol} has no book to walk`, figures: {}, path }
  }
  const on = c.base.liquidationTrigger
  const fill = (s: StopExecution) => (s.expectedFillOnLiquidationReference ? price(s.expectedFillOnLiquidationReference, c.base.market) : 'nothing fills')
  const buffer = (s: StopExecution) => (s.bufferBps ? `${s.bufferBps.toDecimalPlaces(2).toFixed()} bps` : '—')
  const message =
    `stop at stress (stressed book, ${duration(c.stress.latencyMs)}): expected fill ${fill(c.stress)} on ${on} (base ${fill(c.base)}), ` +
    `buffer to liquidation ${buffer(c.stress)} (base ${buffer(c.base)}), unfilled ${short(c.stress.fill.walk.unfilled)}; ${change(status)}`
  return {
    status: comparedStatus(status),
    subject: id,
    message,
    figures: {
      expected_fill_base: c.base.expectedFillOnLiquidationReference,
      expected_fill_stress: c.stress.expectedFillOnLiquidationReference,
      buffer_bps_base: c.base.bufferBps,
      buffer_bps_stress: c.stress.bufferBps,
      unfilled_base: c.base.fill.walk.unfilled,
      unfilled_stress: c.stress.fill.walk.unfilled,
      extended_base: c.base.fill.walk.extended,
      extended_stress: c.stress.fill.walk.extended,
      margin_after_fill_stress: c.stress.marginAfterFill,
      maintenance_at_fill_stress: c.stress.maintenanceAtFill,
      latency_base: duration(c.base.latencyMs),
      latency_stress: duration(c.stress.latencyMs),
      status_base: status.base,
      status_stress: status.stress,
    },
    path,
  }
}

function orderDraft(id: string, c: Compared<OrderExecution>, status: Judged): Draft {
  const path = [...c.base.order.path, 'size']
  const base = c.base.slippage
  const stress = c.stress.slippage
  if (c.base.passive) {
    const rests = `order at stress: a passive ${c.base.order.type.replace('_', '-')} order rests at its price and walks no book`
    return { status: 'skip', subject: id, message: `${rests}; its taker chance at the stress latency is under fees`, figures: {}, path }
  }
  if (!base || !stress) return { status: 'skip', subject: id, message: `order at stress: ${c.base.market.symbol} has no book to walk`, figures: {}, path }
  const bps = (value: Decimal | null) => (value === null ? 'nothing fills' : `${value.toDecimalPlaces(2).toFixed()} bps`)
  // Every figure on both sides is the plan as it will run (the one the slippage verdict judges): a sliced
  // order's children together, never the single order's walk beside the sliced plan's slippage.
  const plan = c.base.order.slices > 1 ? `the plan of ${c.base.order.slices} slices` : 'one order'
  const message =
    `order at stress (stressed book), ${plan}: slippage ${bps(stress.planSlippageBps)} against the mid (base ${bps(base.planSlippageBps)}), ` +
    `fills ${short(stress.plan.filled)} of ${short(c.base.order.size)} (unfilled ${short(stress.planUnfilled)}, base ${short(base.planUnfilled)}), ` +
    `taker fee on the fill ${money(stress.planTakerFee)} (base ${money(base.planTakerFee)}); ${change(status)}`
  return {
    status: comparedStatus(status),
    subject: id,
    message,
    figures: {
      slippage_bps_base: base.planSlippageBps,
      slippage_bps_stress: stress.planSlippageBps,
      vwap_base: base.plan.vwap,
      vwap_stress: stress.plan.vwap,
      filled_base: base.plan.filled,
      filled_stress: stress.plan.filled,
      unfilled_base: base.planUnfilled,
      unfilled_stress: stress.planUnfilled,
      extended_base: base.plan.extended,
      extended_stress: stress.plan.extended,
      taker_fee_base: base.planTakerFee,
      taker_fee_stress: stress.planTakerFee,
      status_base: status.base,
      status_stress: status.stress,
    },
    path,
  }
}
