// How far each position is from liquidation (a fraction of the trigger price and, with volatility, daily σ),
// the band from the margin-ratio warning level to liquidation and bankruptcy, the cross account's ratio, and —
// for positions that warn or fail — what a smaller size does next to a lower leverage. Why: the liquidation
// price is the one number a trader must not misjudge, and a position already past it must never read as fine.
import { Decimal } from '../decimal.js'
import { defineCheck, type Draft, type Figure } from '../engine/types.js'
import type { Portfolio, Position } from '../model.js'
import { type AccountMargin, liquidationDistanceAfter, type MarginView, type PositionMargin } from '../margin/index.js'
import { describeDistance, judgeDistance, type DistanceJudgement } from './judge/distance.js'
import { money, percent } from '../format.js'
import { withLeverageCut, withSizeCut } from '../margin/scenarios.js'
import { percentOnce, priceOnce } from './judge/texts.js'

/** The what-if cuts, with their percentages as the figure names and messages give them. */
const WHAT_IF_FRACTIONS = ['0.25', '0.5'].map((text) => {
  const fraction = new Decimal(text)
  return { fraction, pct: fraction.mul(100).toFixed() }
})

export default defineCheck({
  id: 'liquidation-distance',
  title: 'Liquidation distance, liquidation band and size versus leverage',
  views: ['margin'],
  explanation:
    'Distance = side × (trigger price − liquidation price) ÷ trigger price, the adverse move left before the ' +
    'venue liquidates; with volatility, also in daily standard deviations (σ_daily = volatility ÷ √365). ' +
    'Isolated positions liquidate on their own margin; cross positions at the account level, other markets held ' +
    'at their current trigger prices, with the tier read at the liquidation notional. Defaults: warn under 15% or ' +
    '3 σ, fail under 8% or 1.5 σ; a position already past its liquidation price fails. The band runs from where ' +
    'the margin ratio (maintenance ÷ margin balance) reaches margin_ratio_warn, through liquidation, to ' +
    'bankruptcy (margin zero). For positions that warn or fail it shows cutting the size by 25% and 50% next to ' +
    'lowering the leverage by the same fraction: a smaller size buys the same room without adding margin. ' +
    'The cross account fails when it holds a position and its margin balance is at or below maintenance; a cross ' +
    'account with no positions has nothing to liquidate and passes, whatever its balance (a wallet of 0 included).',
  *run({ portfolio, views }) {
    const view = views.margin
    if (view.account) yield accountDraft(portfolio, view.account)
    for (const position of portfolio.positions) {
      const m = view.positions.get(position.id)!
      const judgement = judgeDistance(m, portfolio.markets.get(position.market)!.volatility, portfolio.thresholds)
      yield distanceDraft(portfolio, position, m, judgement)
      yield bandDraft(portfolio, position, m)
      if (judgement.status !== 'pass') yield whatIfDraft(portfolio, view, position, m)
    }
  },
})

function accountDraft(portfolio: Portfolio, account: AccountMargin): Draft {
  const warnAt = portfolio.thresholds.margin_ratio_warn
  const figures = {
    margin_balance: account.marginBalance,
    maintenance_margin: account.maintenanceMargin,
    margin_ratio: account.marginRatio,
    margin_ratio_warn: warnAt,
  }
  const path = ['account', 'wallet_balance']
  if (account.empty) {
    const message = `cross account holds no positions: nothing to liquidate (margin balance ${money(account.marginBalance)}, maintenance 0)`
    return { status: 'pass', subject: 'account', message, figures: { ...figures, margin_ratio: null }, path }
  }
  const ratio = account.marginRatio ? `margin ratio ${percent(account.marginRatio)}` : 'no margin ratio (margin balance not positive)'
  const numbers = `maintenance ${money(account.maintenanceMargin)} / margin balance ${money(account.marginBalance)}`
  if (account.belowMaintenance) {
    return { status: 'fail', subject: 'account', message: `cross account BELOW MAINTENANCE, liquidatable now: ${ratio} (${numbers})`, figures, path }
  }
  if (account.marginRatio!.gte(warnAt)) {
    return { status: 'warn', subject: 'account', message: `cross ${ratio} (${numbers}) is at or above the ${percent(warnAt)} warning level`, figures, path }
  }
  return { status: 'pass', subject: 'account', message: `cross ${ratio} (${numbers}), under the ${percent(warnAt)} warning level`, figures, path }
}

function distanceDraft(portfolio: Portfolio, position: Position, m: PositionMargin, judgement: DistanceJudgement): Draft {
  const t = portfolio.thresholds
  const market = portfolio.markets.get(position.market)!
  const trigger = `${market.liquidationTrigger} ${priceOnce(m.triggerPrice, market)}`
  const scope = position.marginMode === 'cross' ? ' (account level, other markets held at their current trigger prices)' : ''
  const figures: Record<string, Figure> = {
    trigger: market.liquidationTrigger,
    trigger_price: m.triggerPrice,
    liquidation_price: m.liquidation.price,
    bankruptcy_price: m.bankruptcyPrice,
    liquidation_distance: m.liquidationDistance,
    distance_sigma: judgement.sigmas,
    daily_sigma: judgement.dailySigma,
    liquidation_tier: m.liquidation.tier && new Decimal(m.liquidation.tier.number),
    distance_warn: t.liquidation_distance_warn,
    distance_fail: t.liquidation_distance_fail,
    sigma_warn: t.liquidation_sigma_warn,
    sigma_fail: t.liquidation_sigma_fail,
  }
  const path = [...position.path, position.marginMode === 'isolated' ? 'margin' : 'size']
  if (m.liquidation.price === null) {
    const status = m.liquidation.alreadyPast ? 'fail' : 'pass'
    const message = m.liquidation.alreadyPast ? `LIQUIDATABLE NOW at every price: ${m.liquidation.reason}` : `no liquidation price: ${m.liquidation.reason}`
    return { status, subject: position.id, message, figures, path }
  }
  if (m.liquidation.alreadyPast) {
    const side = m.liquidation.direction === 'down' ? 'below' : 'above'
    return {
      status: 'fail',
      subject: position.id,
      message: `ALREADY PAST LIQUIDATION: ${trigger} is ${side} the liquidation price ${priceOnce(m.liquidation.price, market)} (${percentOnce(m.liquidationDistance!)})${scope}; the venue can liquidate it now`,
      figures,
      path,
    }
  }
  return {
    status: judgement.status,
    subject: position.id,
    message: `liquidation at ${priceOnce(m.liquidation.price, market)}${scope}, ${market.liquidationTrigger} now ${priceOnce(m.triggerPrice, market)}: ${describeDistance(m, judgement, t)}`,
    figures,
    path,
  }
}

function bandDraft(portfolio: Portfolio, position: Position, m: PositionMargin): Draft {
  const warnAt = portfolio.thresholds.margin_ratio_warn
  const figures = {
    margin_ratio: m.marginRatio,
    margin_ratio_warn: warnAt,
    band_start: m.bandStart.price,
    liquidation_price: m.liquidation.price,
    bankruptcy_price: m.bankruptcyPrice,
  }
  const path = [...position.path, position.marginMode === 'isolated' ? 'margin' : 'size']
  const market = portfolio.markets.get(position.market)!
  const priceOr = (p: Decimal | null) => (p ? priceOnce(p, market) : 'none')
  const band = `margin ratio ${percentOnce(warnAt)} at ${priceOr(m.bandStart.price)} → liquidation ${priceOr(m.liquidation.price)} → bankruptcy ${priceOr(m.bankruptcyPrice)}`
  const ratio = m.marginRatio ? `margin ratio ${percentOnce(m.marginRatio)}` : 'margin balance not positive'
  if (m.bandStart.alreadyPast && !m.liquidation.alreadyPast) {
    return {
      status: 'warn',
      subject: position.id,
      message: `inside the liquidation band now (${ratio}, warning level ${percentOnce(warnAt)}): ${band}`,
      figures,
      path,
    }
  }
  if (m.bandStart.price === null && !m.bandStart.alreadyPast) {
    return {
      status: 'info',
      subject: position.id,
      message: `no liquidation band: the margin ratio never reaches ${percentOnce(warnAt)} (${m.bandStart.reason})`,
      figures,
      path,
    }
  }
  return { status: 'info', subject: position.id, message: `liquidation band (${ratio} now): ${band}`, figures, path }
}

function whatIfDraft(portfolio: Portfolio, view: MarginView, position: Position, m: PositionMargin): Draft {
  const figures: Record<string, Figure> = { liquidation_distance: m.liquidationDistance }
  const sizeWords: string[] = []
  const leverageWords: string[] = []
  for (const { fraction, pct } of WHAT_IF_FRACTIONS) {
    const smaller = liquidationDistanceAfter(view, withSizeCut(position, fraction), position.id)
    const lowered = withLeverageCut(portfolio, position, fraction, m.leverage)
    const lower = liquidationDistanceAfter(view, lowered.change, position.id)
    figures[`distance_size_cut_${pct}`] = smaller
    figures[`distance_leverage_cut_${pct}`] = lower
    figures[`margin_added_leverage_cut_${pct}`] = lowered.marginAdded
    sizeWords.push(`${pct}% → ${distanceOr(smaller)}`)
    leverageWords.push(`${pct}% → ${distanceOr(lower)} (+${money(lowered.marginAdded)} margin)`)
  }
  return {
    status: 'info',
    subject: position.id,
    message: `distance now ${distanceOr(m.liquidationDistance)}; cut the size ${sizeWords.join(', ')} with no margin added; lower the leverage ${leverageWords.join(', ')}`,
    figures,
    path: [...position.path, 'size'],
  }
}

function distanceOr(distance: Decimal | null): string {
  return distance ? percentOnce(distance) : 'no liquidation price'
}
