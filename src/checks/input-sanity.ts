// Values the file may legally hold but that are very likely slips: a fee, a maintenance rate or a funding
// rate written as a percentage where a fraction is meant (0.05 for 0.05%), or a tier where a position at
// max leverage is liquidatable at entry. Why: such a value passes every other check quietly, and can hide
// another (a maintenance rate of 0.4 widens binance's derived funding cap to 0.3, so a funding rate of
// 0.01 looks within it); these bounds are absolute and read no other parameter, so nothing masks them.
import { Decimal } from '../decimal.js'
import { defineCheck, type Draft } from '../engine/types.js'
import { percent } from '../format.js'
import type { LadderTier, Market, Portfolio } from '../model.js'

/** No venue charges a fee of 1% of notional or more (their base tiers are 0.02% to 0.1%). */
const FEE_BOUND = new Decimal('0.01')
/** Venues' first maintenance tiers are 0.4% to 5%; 10% or more in the first tier reads like a percentage. */
const FIRST_MMR_BOUND = new Decimal('0.1')
/** Funding of 1% or more in one interval is beyond every venue's cap for majors (binance BTC: 0.3% per 8h). */
const FUNDING_BOUND = new Decimal('0.01')

export default defineCheck({
  id: 'input-sanity',
  title: 'Input sanity: values that are legal but very likely slips',
  views: [],
  explanation:
    'Warns about values no venue uses and that usually mean a percentage written as a fraction: a maker or ' +
    'taker fee of 1% or more, a first-tier maintenance rate of 10% or more, a funding rate of 1% or more per ' +
    'interval; and a tier whose maintenance rate equals 1 / max_leverage, where a position at the tier’s max ' +
    'leverage is liquidatable at entry. The bounds are absolute and read no other parameter, so a wrong value ' +
    'elsewhere (a maintenance rate that widens the derived funding cap) cannot hide one. One item per value ' +
    'that needs a second look, or one pass item when none does.',
  run({ portfolio }) {
    const drafts = [...feeDrafts(portfolio), ...[...portfolio.markets.values()].flatMap((market) => marketDrafts(portfolio, market))]
    if (drafts.length > 0) return drafts
    return [{ status: 'pass', subject: 'account', message: 'fees, maintenance rates and funding rates all within what venues use', path: ['account'] }]
  },
})

function feeDrafts(portfolio: Portfolio): Draft[] {
  const drafts: Draft[] = []
  for (const kind of ['maker', 'taker'] as const) {
    const fee = portfolio.account.fees[kind]
    if (fee.abs().lt(FEE_BOUND)) continue
    drafts.push({
      status: 'warn',
      subject: 'account',
      message: `${kind} fee ${fee.toFixed()} is ${percent(fee)} of notional, at or above the ${percent(FEE_BOUND)} no venue charges: a percentage written as a fraction? (0.05% is 0.0005)`,
      figures: { fee, bound: FEE_BOUND },
      path: ['account', 'fees', kind],
    })
  }
  return drafts
}

function marketDrafts(portfolio: Portfolio, market: Market): Draft[] {
  const ladders = [market.ladder, ...market.ladderChanges.map((change) => change.ladder)]
  const drafts = ladders.flatMap((ladder) => ladderDrafts(portfolio, market, ladder))
  const funding = market.funding
  if (funding) {
    const rates = [
      { rate: funding.rate, path: [...funding.path, 'rate'] },
      ...funding.forecast.map((rate, i) => ({ rate, path: [...funding.path, 'forecast', i] })),
    ]
    for (const { rate, path } of rates) {
      if (rate.abs().lt(FUNDING_BOUND)) continue
      drafts.push({
        status: 'warn',
        subject: market.symbol,
        message: `funding rate ${rate.toFixed()} is ${percent(rate.abs())} per interval, at or above the ${percent(FUNDING_BOUND)} beyond every venue's cap for majors: a percentage written as a fraction? (0.01% is 0.0001)`,
        figures: { rate, bound: FUNDING_BOUND },
        path,
      })
    }
  }
  return drafts
}

function ladderDrafts(portfolio: Portfolio, market: Market, ladder: readonly LadderTier[]): Draft[] {
  const drafts: Draft[] = []
  ladder.forEach((tier, i) => {
    const initialRate = new Decimal(1).div(tier.maxLeverage)
    if (tier.mmr.eq(initialRate)) {
      drafts.push({
        status: 'warn',
        subject: market.symbol,
        message: `tier ${i + 1}: maintenance rate ${tier.mmr.toFixed()} equals the initial margin rate 1 / ${tier.maxLeverage.toFixed()}: a position at the tier's max leverage is liquidatable at entry`,
        figures: { mmr: tier.mmr, initial_margin_rate: initialRate },
        path: [...tier.path, 'mmr'],
      })
    }
    const derived = portfolio.venue.mmrFromMaxLeverage && tier.mmr.eq(new Decimal(1).div(tier.maxLeverage.mul(2))) // as src/input/build.ts derives it
    if (i === 0 && !derived && tier.mmr.gte(FIRST_MMR_BOUND)) {
      drafts.push({
        status: 'warn',
        subject: market.symbol,
        message: `first-tier maintenance rate ${tier.mmr.toFixed()} is ${percent(tier.mmr)}, where venues' first tiers are 0.4% to 5%: a percentage written as a fraction? (0.4% is 0.004)`,
        figures: { mmr: tier.mmr, bound: FIRST_MMR_BOUND },
        path: [...tier.path, 'mmr'],
      })
    }
  })
  return drafts
}
