// How far a position is from liquidation, in price and in daily standard deviations, judged against the
// thresholds: the one judgement the margin checks apply (now, and under an announced ladder), and the funding
// check after a hold's funding has left an isolated margin.
import type { Decimal } from '../../decimal.js'
import type { Thresholds } from '../../thresholds.js'
import type { PositionMargin } from '../../margin/index.js'
import { percentOnce, plainOnce } from './texts.js'
import { dailySigma } from '../../volatility.js'
import { oncePer, oncePerIn } from '../../once.js'

export interface DistanceJudgement {
  status: 'pass' | 'warn' | 'fail'
  /** The liquidation distance in daily σ; null without volatility or without a liquidation price. */
  sigmas: Decimal | null
  dailySigma: Decimal | null
  /** What set the status: 'past', 'fraction', 'sigma', or null for a pass. */
  breach: 'past' | 'fraction' | 'sigma' | null
}

/** Fail: already past liquidation, or under the fail limits; warn: under the warn limits (strictly). */
export function judgeDistance(margin: PositionMargin, volatility: Decimal | undefined, thresholds: Thresholds): DistanceJudgement {
  const sigma = volatility ? dailySigmaOnce(volatility) : null
  const distance = margin.liquidationDistance
  const sigmas = sigma && distance ? sigmasOnce(distance, sigma) : null
  if (margin.liquidation.alreadyPast) return { status: 'fail', sigmas, dailySigma: sigma, breach: 'past' }
  if (!distance) return { status: 'pass', sigmas, dailySigma: sigma, breach: null }
  for (const status of ['fail', 'warn'] as const) {
    if (distance.lt(thresholds[`liquidation_distance_${status}`])) return { status, sigmas, dailySigma: sigma, breach: 'fraction' }
    if (sigmas?.lt(thresholds[`liquidation_sigma_${status}`])) return { status, sigmas, dailySigma: sigma, breach: 'sigma' }
  }
  return { status: 'pass', sigmas, dailySigma: sigma, breach: null }
}

/** The judgement in words: "12.3% away (2.1 daily σ), under the 15% warn limit". */
export function describeDistance(margin: PositionMargin, judgement: DistanceJudgement, thresholds: Thresholds): string {
  if (judgement.breach === 'past') return 'already past its liquidation price'
  if (!margin.liquidationDistance) return 'no liquidation price'
  const sigmas = judgement.sigmas ? ` (${sigmasText(judgement.sigmas)} daily σ)` : ''
  const away = `${percentOnce(margin.liquidationDistance)} away${sigmas}`
  if (judgement.status === 'pass')
    return `${away}, beyond the ${percentOnce(thresholds.liquidation_distance_warn)}${judgement.sigmas ? ` / ${plainOnce(thresholds.liquidation_sigma_warn)} σ` : ''} warn limit`
  const limit =
    judgement.breach === 'sigma'
      ? `${plainOnce(thresholds[`liquidation_sigma_${judgement.status}`])} σ`
      : percentOnce(thresholds[`liquidation_distance_${judgement.status}`])
  return `${away}, under the ${limit} ${judgement.status} limit`
}

// The cross positions of a market share their liquidation distance (one Decimal), and every position its
// market's volatility and the thresholds: their σ figures and texts are made once per object.
const dailySigmaOnce = oncePer(dailySigma)
const sigmasOnce = oncePerIn((distance: Decimal, sigma: Decimal) => distance.div(sigma))
const sigmasText = oncePer((sigmas: Decimal) => sigmas.toDecimalPlaces(2).toFixed())
