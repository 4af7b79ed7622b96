// Cross margin as one correlated portfolio: each hedge's correlation break, and the worst scenario's loss
// under cross margin against the same positions isolated. Why: "portfolio coupling can turn a hedge into a
// trigger", and "isolated margin contains blast radius but needs stricter sizing".
import { Decimal } from '../decimal.js'
import { defineCheck, type Draft, type Figure, type Status } from '../engine/types.js'
import type { Portfolio } from '../model.js'
import { isUnsized, type BlastRadius, type CorrelationBreak } from '../stress/index.js'
import { ids, money, percent, signedPercent } from '../format.js'

export default defineCheck({
  id: 'portfolio-coupling',
  title: 'Portfolio coupling: correlation breaks and blast radius',
  views: ['stress'],
  explanation:
    'Two positions offset each other when a market-wide move makes one gain what the other loses (opposite ' +
    'sides, or one side with betas of opposite signs). Their correlation break is the day both legs move against ' +
    'the trader: a 3σ daily move of the spread, σ_spread = √(σa² + σb² − 2ρσaσb) with σ = volatility/√365 and ρ the ' +
    'stressed correlation, split between the legs in proportion to their own σ, other markets held. A break that ' +
    'liquidates the cross account fails and names both legs; one that liquidates a position or takes the cross ' +
    'margin ratio past thresholds.margin_ratio_warn warns. The blast radius sets the worst grid scenario’s loss ' +
    'under cross margin beside the loss with every cross position isolated on a share of the wallet in proportion ' +
    'to its initial margin (a liquidated pool loses its whole margin balance); it warns when isolating would keep ' +
    'positions the cross account loses. On a large account only the hedges that can matter are broken: pairs whose ' +
    'smaller leg is at least 1% of equity, the largest first, at most 100; an info item counts the pairs left out.',
  run({ portfolio, views }) {
    if (portfolio.positions.length === 0) return [{ status: 'skip', subject: 'account', message: 'no positions', figures: {}, path: ['positions'] }]
    const view = views.stress
    const drafts: Draft[] = []
    for (const item of view.correlationBreaks) {
      const [a, b] = isUnsized(item) ? item.legs : [item.legs[0].position, item.legs[1].position]
      if (isUnsized(item))
        drafts.push({ status: 'skip', subject: a.id, message: `hedge with ${b.id}: ${item.reason}`, figures: { leg: a.id, other_leg: b.id }, path: a.path })
      else drafts.push(breakDraft(portfolio, item))
    }
    const coverage = view.pairCoverage
    if (coverage.offsetting === 0) {
      drafts.push({
        status: 'pass',
        subject: 'account',
        message: 'no two positions offset each other, so no hedge can break',
        figures: {},
        path: ['positions'],
      })
    } else if (coverage.skipped > 0) {
      drafts.push({
        status: 'info',
        subject: 'account',
        message:
          `correlation breaks tested for ${coverage.tested} of ${coverage.offsetting} offsetting pairs: the largest hedges whose smaller leg is ` +
          `at least ${money(coverage.minHedge)} (1% of equity), at most ${coverage.maxPairs}; ${coverage.skipped} smaller hedges not tested`,
        figures: {
          offsetting_pairs: decimalOf(coverage.offsetting),
          tested_pairs: decimalOf(coverage.tested),
          skipped_pairs: decimalOf(coverage.skipped),
          min_hedge_notional: coverage.minHedge,
        },
        path: ['positions'],
      })
    }
    const blast = view.blastRadius
    drafts.push(
      'reason' in blast
        ? { status: 'skip', subject: 'account', message: `blast radius: ${blast.reason}`, figures: {}, path: ['positions'] }
        : blastDraft(blast),
    )
    return drafts
  },
})

function breakDraft(portfolio: Portfolio, item: CorrelationBreak): Draft {
  const [a, b] = item.legs
  const { before, after } = item
  const warnRatio = portfolio.thresholds.margin_ratio_warn
  const status: Status = after.cross?.liquidated ? 'fail' : after.liquidated.length > 0 || after.cross?.marginRatio?.gte(warnRatio) ? 'warn' : 'pass'
  const loss = before.equity.minus(after.equity)
  const outcome =
    status === 'fail'
      ? `liquidates the cross account (margin ${money(after.cross!.marginBalance)} against maintenance ${money(after.cross!.maintenanceMargin)}): the hedge becomes the trigger`
      : after.liquidated.length > 0
        ? `liquidates ${ids(after.liquidated)}`
        : after.cross?.marginRatio
          ? `cross margin ratio ${percent(after.cross.marginRatio)}${status === 'warn' ? `, over the ${percent(warnRatio)} warn ratio` : ''}`
          : 'no cross account involved'
  const figures: Record<string, Figure> = {
    leg: a.position.id,
    other_leg: b.position.id,
    [`move_${a.position.market}`]: a.move,
    [`move_${b.position.market}`]: b.move,
    [`price_${a.position.market}`]: a.price,
    [`price_${b.position.market}`]: b.price,
    daily_sigma_leg: a.dailySigma,
    daily_sigma_other_leg: b.dailySigma,
    spread_sigma: item.spreadSigma,
    spread_move: item.spreadMove,
    correlation: portfolio.stress.correlation,
    pnl_leg: a.pnl,
    pnl_other_leg: b.pnl,
    loss,
    equity_before: before.equity,
    equity_after: after.equity,
    cross_margin_balance: after.cross?.marginBalance ?? null,
    cross_maintenance_margin: after.cross?.maintenanceMargin ?? null,
    cross_margin_ratio: after.cross?.marginRatio ?? null,
    liquidated: after.liquidated,
  }
  const message =
    `hedge with ${b.position.id} breaks: ${a.position.market} ${signedPercent(a.move)}, ${b.position.market} ${signedPercent(b.move)} ` +
    `(3σ daily spread move ${percent(item.spreadMove)} at correlation ${portfolio.stress.correlation.toFixed()}): ` +
    `loss ${money(loss)} (${a.position.id} ${money(a.pnl)}, ${b.position.id} ${money(b.pnl)}); ${outcome}`
  return { status, subject: a.position.id, message, figures, path: a.position.path }
}

/** A loss in words: "a loss of 30000", or "a gain of 28000" when the scenario pays. */
function outcome(loss: Decimal): string {
  return loss.isNeg() ? `a gain of ${money(loss.neg())}` : `a loss of ${money(loss)}`
}

function blastDraft(blast: BlastRadius): Draft {
  const { scenario, cross, isolated, saved } = blast
  const status: Status = saved.length > 0 ? 'warn' : 'info'
  const margins = [...isolated.margins].map(([id, m]) => `${id} ${money(m)}`).join(', ')
  const advice = saved.length > 0 ? `; isolating keeps ${ids(saved)}` : ''
  return {
    status,
    subject: 'account',
    message:
      `blast radius of the worst scenario (market ${signedPercent(scenario.move)}): under cross margin ${outcome(cross.loss)} (liquidated: ${ids(cross.liquidated)}); ` +
      `isolated on margins in proportion to initial margin (${margins}) ${outcome(isolated.loss)} (liquidated: ${ids(isolated.liquidated)})${advice}`,
    figures: {
      move: scenario.move,
      cross_loss: cross.loss,
      cross_liquidated: cross.liquidated,
      isolated_loss: isolated.loss,
      isolated_liquidated: isolated.liquidated,
      saved_by_isolating: saved,
      ...Object.fromEntries([...isolated.margins].map(([id, m]) => [`isolated_margin_${id}`, m])),
    },
    path: ['stress', 'moves', scenario.index],
  }
}

function decimalOf(count: number): Decimal {
  return new Decimal(count)
}
