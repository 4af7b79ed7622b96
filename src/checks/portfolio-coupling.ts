// Cross margin as one correlated portfolio: each hedge's correlation break, and the worst scenario's loss
// under cross margin against the same positions isolated. Why: "portfolio coupling can turn a hedge into a
// trigger", and "isolated margin contains blast radius but needs stricter sizing".
import { Decimal } from '../decimal.js'
import { defineCheck, type Draft, type Figure, type Status } from '../engine/types.js'
import { correlationOf, type Portfolio, type Position } from '../model.js'
import { isUnsized, lossOrGain, type BlastRadius, type CorrelationBreak, type HedgePair, type MarginingLoss, type PairLevel } from '../stress/index.js'
import { type FundingView, isComputed } from '../funding/view.js'
import { ids, money, percent, price, signedPercent } from '../format.js'

export default defineCheck({
  id: 'portfolio-coupling',
  title: 'Portfolio coupling: correlation breaks and blast radius',
  views: ['stress', 'funding'],
  explanation:
    'Two positions offset each other when a market-wide move makes one gain what the other loses (opposite ' +
    'sides, or one side with betas of opposite signs). Their correlation break is the day both legs move against ' +
    'the trader: a 3σ daily move of the spread, σ_spread = √(σa² + σb² − 2ρσaσb) with σ = volatility/√365 and ρ the ' +
    'stressed correlation, split between the legs in proportion to their own σ, other markets held. A break that ' +
    'liquidates the cross account fails and names both legs; one that liquidates a position or takes the cross ' +
    'margin ratio past thresholds.margin_ratio_warn warns. The blast radius sets the worst grid scenario’s loss ' +
    'under cross margin beside the loss with every cross position isolated on a share of the wallet in proportion ' +
    'to its initial margin (a liquidated pool loses its whole margin balance); it warns when isolating would keep ' +
    'positions the cross account loses. Each tested pair is also reported as a hedge (info): its own correlation ' +
    '(stress.correlations, else stress.correlation), where each leg reaches maintenance with the other market following ' +
    'by ρ·β_other/β_own, and its net funding over the hold. On a large account only the hedges that can matter are broken: pairs whose ' +
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
    for (const pair of view.hedgePairs) drafts.push(pairDraft(pair, views.funding, portfolio))
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
  const { loss, gain } = lossOrGain(before.equity, after.equity)
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
    correlation: correlationOf(portfolio.stress, a.position.market, b.position.market),
    pnl_leg: a.pnl,
    pnl_other_leg: b.pnl,
    loss,
    gain,
    equity_before: before.equity,
    equity_after: after.equity,
    cross_margin_balance: after.cross?.marginBalance ?? null,
    cross_maintenance_margin: after.cross?.maintenanceMargin ?? null,
    cross_margin_ratio: after.cross?.marginRatio ?? null,
    liquidated: after.liquidated,
  }
  const message =
    `hedge with ${b.position.id} breaks: ${a.position.market} ${signedPercent(a.move)}, ${b.position.market} ${signedPercent(b.move)} ` +
    `(3σ daily spread move ${percent(item.spreadMove)} at correlation ${correlationOf(portfolio.stress, a.position.market, b.position.market).toFixed()}): ` +
    `${gain.isZero() ? `loss ${money(loss)}` : `net gain ${money(gain)}`} (${a.position.id} ${money(a.pnl)}, ${b.position.id} ${money(b.pnl)}); ${outcome}`
  return { status, subject: a.position.id, message, figures, path: a.position.path }
}

/**
 * A loss in words: "a loss of 30000", or "a gain of 28000" when the scenario pays; a net gain beside liquidated
 * positions says where it comes from.
 */
function outcome(result: MarginingLoss): string {
  if (result.gain.isZero()) return `a loss of ${money(result.loss)} (liquidated: ${ids(result.liquidated)})`
  if (result.liquidated.length === 0) return `a gain of ${money(result.gain)} (liquidated: ${ids(result.liquidated)})`
  return `a net gain of ${money(result.gain)} though ${ids(result.liquidated)} ${result.liquidated.length === 1 ? 'is' : 'are'} liquidated (the positions that survive gain more than the liquidated ones lose)`
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
      `blast radius of the worst scenario (market ${signedPercent(scenario.move)}): under cross margin ${outcome(cross)}; ` +
      `isolated on margins in proportion to initial margin (${margins}) ${outcome(isolated)}${advice}`,
    figures: {
      move: scenario.move,
      cross_loss: cross.loss,
      cross_gain: cross.gain,
      cross_liquidated: cross.liquidated,
      isolated_loss: isolated.loss,
      isolated_gain: isolated.gain,
      isolated_liquidated: isolated.liquidated,
      saved_by_isolating: saved,
      ...Object.fromEntries([...isolated.margins].map(([id, m]) => [`isolated_margin_${id}`, m])),
    },
    path: ['stress', 'moves', scenario.index],
  }
}

/** A leg's level in words: "BTCUSDT 52000.00 (−13.33%) with ETHUSDT at 2720.00". */
function levelText(level: PairLevel, other: Position, portfolio: Portfolio): string {
  if (!level.price || !level.move) return `${level.position.id}: no maintenance as far as −100% / +300% of ${level.position.market}`
  const at = (p: Decimal, symbol: string) => price(p, portfolio.markets.get(symbol)!)
  return `${level.position.id} at ${level.position.market} ${at(level.price, level.position.market)} (${signedPercent(level.move)}) with ${other.market} at ${at(level.otherPrice!, other.market)}`
}

/**
 * A hedge as a pair: its own correlation, each leg's liquidation with the other following (ρ·β_other/β_own), and
 * the pair's net funding over the hold (positive: the pair pays). Info: the break item judges the pair.
 */
function pairDraft(pair: HedgePair, funding: FundingView, portfolio: Portfolio): Draft {
  const [a, b] = pair.legs
  const [la, lb] = pair.levels
  const paid = (p: Position) => {
    const item = funding.positions.get(p.id)
    return item && isComputed(item) ? item.summary.amount : null
  }
  const [fa, fb] = [paid(a), paid(b)]
  const net = fa && fb ? fa.plus(fb) : null
  const words = (p: Position, amount: Decimal) => `${p.id} ${amount.isNeg() ? `receives ${money(amount.neg())}` : `pays ${money(amount)}`}`
  const fundingText =
    fa && fb && net
      ? `funding over the hold: ${words(a, fa)}, ${words(b, fb)}; the pair ${net.isNeg() ? `receives ${money(net.neg())}` : `pays ${money(net)}`} net`
      : 'no net funding: a leg has no funding figures'
  const source = pair.ownCorrelation ? 'stress.correlations' : 'stress.correlation'
  return {
    status: 'info',
    subject: a.id,
    message:
      `hedge pair with ${b.id} at correlation ${pair.correlation.toFixed()} (${source}), each leg's market moved with the other following: ` +
      `maintenance reached for ${levelText(la, b, portfolio)}; for ${levelText(lb, a, portfolio)}; ${fundingText}`,
    figures: {
      pair_leg: a.id,
      pair_other_leg: b.id,
      correlation: pair.correlation,
      follow_leg: la.follow,
      follow_other_leg: lb.follow,
      liquidation_price_leg: la.price,
      other_price_at_leg_liquidation: la.otherPrice,
      liquidation_move_leg: la.move,
      liquidation_price_other_leg: lb.price,
      leg_price_at_other_liquidation: lb.otherPrice,
      liquidation_move_other_leg: lb.move,
      funding_leg: fa,
      funding_other_leg: fb,
      funding_net: net,
    },
    path: a.path,
  }
}

function decimalOf(count: number): Decimal {
  return new Decimal(count)
}
