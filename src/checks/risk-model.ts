// The account under a venue's portfolio model (or the trader's own grid), beside today's per-position ladder.
// Why: cross margin is one correlated portfolio at the venues that compute it from a scenario grid; the same
// account can be liquidated at another price there, and a hedge that costs margin on the ladder can save it
// under the grid (or the other way round: "a hedge turns into a trigger" as a number).
import { Decimal, ZERO } from '../decimal.js'
import { defineCheck, type Draft, type Figure, type Status } from '../engine/types.js'
import { duration, money, percent, price, signedPercent, short } from '../format.js'
import { sideSign } from '../model.js'
import type { Portfolio, YamlPath } from '../model.js'
import type { AdlRanking } from '../risk/adl.js'
import type { SteppedLiquidation } from '../risk/steps.js'
import { isUnavailable, type ModelOutcome, type ModelResult, type UnitLiquidation, type UnitResult } from '../risk/view.js'

export default defineCheck({
  id: 'risk-model',
  title: 'Risk model: portfolio margin as the venue computes it',
  views: ['risk'],
  table: [
    { figure: 'model', heading: 'model' },
    { figure: 'maintenance', heading: 'maintenance' },
    { figure: 'initial', heading: 'initial' },
    { figure: 'equity', heading: 'equity' },
    { figure: 'margin_ratio', heading: 'margin ratio' },
    { figure: 'nearest_liquidation_move', heading: 'nearest liquidation' },
    { figure: 'hedges_worth', heading: 'hedges worth' },
  ],
  explanation:
    'risk_model (default ladder, the per-position tiers the other checks use) names how the venue computes the ' +
    'account requirement: okx-pm (MR1 price grid, MR6 extreme move × 0.5, MR4 basis, MR7 reduction cost, MR9; IMR ' +
    '1.3 × MMR), paradex-pm (24 weighted SCAN scenarios against the minimum delta requirement, MMR half the IMR plus ' +
    'funding and fee provisions), binance-unimmr (the ladder maintenance of every position against haircut equity, ' +
    'liquidation at 105%), span16 (CME SPAN’s 16 scenarios from a price scan range) or grid (the trader’s own moves, ' +
    'weights and extreme set). Every position, isolated or cross, is one portfolio under a portfolio model. Per risk ' +
    'unit: maintenance and initial requirement, every scenario’s P&L, the binding scenario, and the move of the unit ' +
    '(its markets together, the other units held) that brings equity to the liquidation level. The account fails when ' +
    'it is at or past that level and warns when its margin ratio (maintenance × liquidation ratio ÷ equity) reaches ' +
    'thresholds.margin_ratio_warn or equity is below the initial requirement. With --risk-model a,b (and in --verbose, ' +
    'beside the venue’s own portfolio model) the models are set side by side, with what each hedge leg is worth under ' +
    'each: the requirement without the leg less the requirement with it. docs/risk-models.md gives the sources.',
  run({ portfolio, views }) {
    const { model, results } = views.risk
    const path: YamlPath = portfolio.riskModel ? ['risk_model'] : ['account']
    const steps = [...views.risk.steps.map((s) => stepsDraft(s, portfolio)), ...views.risk.adl.map((r) => adlDraft(r, portfolio))]
    if (results.length === 0) {
      return [
        {
          status: 'skip',
          subject: 'account',
          message: `risk model ${model}: the per-position ladder (judged by liquidation-distance); no portfolio model in the file (risk_model) or asked for (--risk-model)`,
          figures: { model },
          path,
        },
        ...steps,
      ]
    }
    const drafts: Draft[] = [...steps]
    const own = results[0]!
    if (isUnavailable(own))
      drafts.push({ status: 'skip', subject: 'account', message: `risk model ${own.model}: ${own.reason}`, figures: { model: own.model }, path })
    else if (own.model !== 'ladder') {
      for (const unit of own.units) drafts.push(unitDraft(own, unit, portfolio))
      drafts.push(accountDraft(own, portfolio, path))
    }
    if (results.length > 1) drafts.push(...comparison(results, portfolio, path))
    return drafts
  },
})

function unitPath(portfolio: Portfolio, unit: UnitResult): YamlPath {
  return portfolio.riskModel?.units.some((u) => u.name === unit.unit.name) ? ['risk_model', 'units', unit.unit.name] : ['markets', unit.unit.markets[0]!]
}

function levelText(level: UnitLiquidation): string {
  if (level.alreadyPast) return 'now (already past)'
  if (level.move === null) return 'none'
  const prices = [...level.prices].map(([symbol, price]) => `${symbol} ${short(price)}`).join(', ')
  return `${signedPercent(level.move)} (${prices})`
}

function levelFigures(prefix: string, level: UnitLiquidation): Record<string, Figure> {
  return {
    [`${prefix}_move`]: level.move,
    ...(level.reason ? { [`${prefix}_reason`]: level.reason } : {}),
    ...Object.fromEntries([...level.prices].map(([symbol, price]) => [`${prefix}_price_${symbol}`, price])),
  }
}

function unitDraft(result: ModelResult, unit: UnitResult, portfolio: Portfolio): Draft {
  const r = unit.requirement
  const figures: Record<string, Figure> = {
    model: result.model,
    unit: unit.unit.name,
    markets: [...unit.unit.markets],
    maintenance: r.maintenance,
    initial: r.initial,
    binding: r.binding,
    ...Object.fromEntries(Object.entries(r.terms).map(([name, value]) => [name, value])),
    ...Object.fromEntries(r.scenarios.map((s) => [`pnl ${s.label}`, s.pnl])),
    ...levelFigures('liquidation_down', unit.down),
    ...levelFigures('liquidation_up', unit.up),
  }
  return {
    status: 'info',
    subject: unit.unit.name,
    message:
      `${unit.unit.name} under ${result.model}: maintenance ${money(r.maintenance)}, initial ${money(r.initial)}` +
      `${r.binding ? `, binding ${r.binding}` : ''} (${r.scenarios.length} scenarios); ` +
      (unit.down.alreadyPast
        ? 'the account is at or past liquidation now'
        : `liquidation at ${levelText(unit.down)} down, ${levelText(unit.up)} up (other units held)`),
    figures,
    path: unitPath(portfolio, unit),
  }
}

/** Maintenance × liquidation ratio ÷ equity: 100% is the liquidation level of every model. */
function usage(result: ModelResult): Decimal | null {
  return result.marginRatio?.mul(result.liquidationRatio) ?? null
}

function accountDraft(result: ModelResult, portfolio: Portfolio, path: YamlPath): Draft {
  const warnAt = portfolio.thresholds.margin_ratio_warn
  const used = usage(result)
  const belowInitial = result.equity.lt(result.initial)
  const status: Status = result.liquidated ? 'fail' : used?.gte(warnAt) || belowInitial ? 'warn' : 'pass'
  const verdict = result.liquidated
    ? `at or past the liquidation level (equity ${money(result.equity)} against ${money(result.maintenance.mul(result.liquidationRatio))})`
    : `margin ratio ${used ? percent(used) : 'n/a'}${used?.gte(warnAt) ? `, over the ${percent(warnAt)} warn ratio` : ''}${belowInitial ? `; equity below the initial requirement ${money(result.initial)}` : ''}`
  return {
    status,
    subject: 'account',
    message: `account under ${result.model} (parameters of ${result.asOf}): maintenance ${money(result.maintenance)}, initial ${money(result.initial)}, equity ${money(result.equity)}: ${verdict}`,
    figures: {
      model: result.model,
      parameters_as_of: result.asOf,
      maintenance: result.maintenance,
      initial: result.initial,
      equity: result.equity,
      margin_ratio: used,
      liquidation_ratio: result.liquidationRatio,
      margin_ratio_warn: warnAt,
    },
    path,
  }
}

/** The unit move closest to today that liquidates, and where. */
function nearest(result: ModelResult): { move: Decimal; text: string } | null {
  let best: { move: Decimal; text: string } | null = null
  for (const unit of result.units) {
    for (const level of [unit.down, unit.up]) {
      if (level.move === null) continue
      if (!best || level.move.abs().lt(best.move.abs())) best = { move: level.move, text: `${unit.unit.name} ${levelText(level)}` }
    }
  }
  return best
}

function comparison(results: readonly ModelOutcome[], portfolio: Portfolio, path: YamlPath): Draft[] {
  const drafts: Draft[] = []
  const available = results.filter((r): r is ModelResult => !isUnavailable(r))
  for (const result of results) {
    if (isUnavailable(result)) {
      drafts.push({ status: 'skip', subject: 'account', message: `compared model ${result.model}: ${result.reason}`, figures: { model: result.model }, path })
      continue
    }
    const near = nearest(result)
    const worth = result.hedges.reduce((a, h) => a.plus(h.value), ZERO)
    drafts.push({
      status: 'info',
      subject: 'account',
      message:
        `${result.model}: maintenance ${money(result.maintenance)}, initial ${money(result.initial)}, margin ratio ${usage(result) ? percent(usage(result)!) : 'n/a'}, ` +
        `nearest liquidation ${near ? near.text : 'none'}; hedge legs worth ${money(worth)} of requirement`,
      figures: {
        model: result.model,
        maintenance: result.maintenance,
        initial: result.initial,
        equity: result.equity,
        margin_ratio: usage(result),
        nearest_liquidation_move: near?.move ?? null,
        nearest_liquidation: near?.text ?? null,
        hedges_worth: worth,
      },
      path,
    })
  }
  const legs = available[0]?.hedges.map((h) => h.positionId) ?? []
  for (const id of legs) {
    const figures: Record<string, Figure> = {}
    const parts: string[] = []
    for (const result of available) {
      const hedge = result.hedges.find((h) => h.positionId === id)
      if (!hedge) continue
      figures[`worth_${result.model}`] = hedge.value
      figures[`maintenance_without_${result.model}`] = hedge.maintenanceWithout
      figures[`margin_ratio_without_${result.model}`] = hedge.marginRatioWithout?.mul(result.liquidationRatio) ?? null
      parts.push(`${result.model} ${hedge.value.isNeg() ? 'costs' : 'saves'} ${money(hedge.value.abs())}`)
    }
    const position = portfolio.positions.find((p) => p.id === id)!
    drafts.push({
      status: 'info',
      subject: id,
      message: `hedge leg ${id}: against the requirement without it, ${parts.join('; ')}`,
      figures,
      path: position.path,
    })
  }
  return drafts
}

/** A stepped liquidation: warns when the path ends in a takeover or backstop (margin forfeited) or runs past bankruptcy. */
function stepsDraft(path: SteppedLiquidation, portfolio: Portfolio): Draft {
  const position = portfolio.positions.find((p) => p.id === path.positionId)!
  const market = portfolio.markets.get(position.market)!
  const px = (p: Decimal) => price(p, market)
  const sign = sideSign(position.side)
  const closed = path.bookFilled.plus(path.takenOver)
  const against = path.averagePrice && path.bankruptcyPrice ? path.averagePrice.minus(path.bankruptcyPrice).mul(sign).mul(closed) : null
  const status: Status = path.takenOver.gt(0) || path.beyondBankruptcy.gt(0) ? 'warn' : 'info'
  const figures: Record<string, Figure> = {
    rule: path.rule,
    unconfirmed: path.unconfirmed.length > 0 ? path.unconfirmed.join('; ') : null,
    liquidation_price: path.liquidationPrice,
    bankruptcy_price: path.bankruptcyPrice,
    steps: new Decimal(path.steps.length),
  }
  path.steps.forEach((step, i) => {
    const n = `step_${i + 1}`
    Object.assign(figures, {
      [`${n}_kind`]: step.kind,
      [`${n}_at`]: duration(step.atMs),
      [`${n}_size`]: step.size,
      [`${n}_filled`]: step.filled,
      [`${n}_price`]: step.price,
      [`${n}_fee`]: step.fee,
      [`${n}_margin_after`]: step.marginAfter,
    })
  })
  Object.assign(figures, {
    book_filled: path.bookFilled,
    book_vwap: path.bookVwap,
    taken_over: path.takenOver,
    remaining_open: path.remainingOpen,
    fees: path.fees,
    margin_forfeited: path.marginForfeited,
    beyond_bankruptcy: path.beyondBankruptcy,
    average_price: path.averagePrice,
    against_bankruptcy: against,
  })
  const stepsText = path.steps
    .map(
      (s, i) =>
        `${i + 1}. ${s.kind} ${short(s.filled)} of ${short(s.size)}${s.price ? ` at ${px(s.price)}` : ''}${s.atMs > 0 ? ` after ${duration(s.atMs)}` : ''}`,
    )
    .join(', ')
  const outcome = path.remainingOpen.gt(0)
    ? `restored with ${short(path.remainingOpen)} left open`
    : path.takenOver.gt(0)
      ? `${short(path.takenOver)} taken over at the bankruptcy price, margin forfeited ${money(path.marginForfeited)}`
      : path.beyondBankruptcy.gt(0)
        ? `the book ran ${money(path.beyondBankruptcy)} past bankruptcy`
        : 'closed in the book'
  return {
    status,
    subject: path.positionId,
    message:
      `liquidation in steps from ${px(path.liquidationPrice)} (${path.rule}${path.unconfirmed.length > 0 ? '; unconfirmed rule' : ''}): ${stepsText}; ` +
      `fees ${money(path.fees)}; ${outcome}; average ${path.averagePrice ? px(path.averagePrice) : 'n/a'} against bankruptcy ${path.bankruptcyPrice ? px(path.bankruptcyPrice) : 'n/a'}`,
    figures,
    path: position.path,
  }
}

/** A profitable position's ADL ranking; warns when it ranks high while an offsetting losing leg is near liquidation. */
function adlDraft(r: AdlRanking, portfolio: Portfolio): Draft {
  const position = portfolio.positions.find((p) => p.id === r.positionId)!
  const own =
    r.venue === 'bybit'
      ? r.indicator === null
        ? 'bybit: no adl_rank in the file'
        : `bybit indicator ${r.indicator}`
      : r.venue
        ? `${r.venue} ranks by its own metric`
        : 'the venue ranks no one (no ADL ranking)'
  const more = r.exposedCount - r.exposedLosers.length
  const exposed = r.exposedLosers.map((l) => `${l.positionId} ${percent(l.distance)} from liquidation`).join(', ') + (more > 0 ? ` and ${more} more` : '')
  return {
    status: r.exposedLosers.length > 0 ? 'warn' : 'info',
    subject: r.positionId,
    message:
      `ADL exposure: profit ${money(r.profit)}; ranking binance ${short(r.binance)}, okx ${r.okx ? short(r.okx) : 'n/a'}, hyperliquid ${r.hyperliquid ? short(r.hyperliquid) : 'n/a'} (${own})` +
      `${r.high ? ', ranks high' : ''}; closed at about ${price(r.closePrice, portfolio.markets.get(position.market)!)}` +
      (exposed ? `; its hedge ${exposed}: deleveraged, this leg is closed and the losing leg left naked` : ''),
    figures: {
      profit: r.profit,
      adl_binance: r.binance,
      adl_okx: r.okx,
      adl_hyperliquid: r.hyperliquid,
      adl_indicator: r.indicator === null ? null : new Decimal(r.indicator),
      adl_venue: r.venue,
      ranks_high: r.high,
      close_price: r.closePrice,
      exposed_losing_legs: exposed || null,
      exposed_losing_count: new Decimal(r.exposedCount),
    },
    path: position.path,
  }
}
