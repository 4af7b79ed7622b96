// The margin figures of the JSON report: per position (tier, rates, margins, liquidation and bankruptcy
// prices, distance) and, for cross accounts, the account. Decimals leave as exact strings; a missing
// liquidation price is null with its reason beside it.
import { decimalStringOrNull as exact } from '../../decimal.js'
import { type MarginView, type PositionMargin, positionTierBoundaries } from '../../margin/index.js'
import type { JsonFields } from './json-value.js'

/** The fields a position's JSON record gains. */
export function positionMarginFields(view: MarginView, positionId: string) {
  const m = view.positions.get(positionId)
  if (!m) throw new Error(`no margin figures for position "${positionId}"`)
  return {
    tier: m.tier.number,
    mmr: exact(m.mmr),
    maintenance_amount: exact(m.maintenanceAmount),
    maintenance_margin: exact(m.maintenanceMargin),
    initial_margin: exact(m.initialMargin),
    leverage: exact(m.leverage),
    max_leverage: exact(m.maxLeverage),
    liquidation_price: exact(m.liquidation.price),
    ...(m.liquidation.price === null ? { liquidation_price_reason: m.liquidation.reason ?? null } : {}),
    liquidation_tier: m.liquidation.tier?.number ?? null,
    past_liquidation: m.liquidation.alreadyPast,
    bankruptcy_price: exact(m.bankruptcyPrice),
    ...(m.bankruptcyPrice === null ? { bankruptcy_price_reason: m.bankruptcyReason ?? null } : {}),
    liquidation_distance: exact(m.liquidationDistance),
    liquidation_band_start: exact(m.bandStart.price),
    tier_boundaries: tierBoundaries(view, m),
  } satisfies JsonFields
}

/** The price at which the position's notional crosses each tier's cap (the last tier's cap, extended, is left out). */
function tierBoundaries(view: MarginView, m: PositionMargin): { tier: number; price: string | null }[] {
  if (m.quantity.isZero()) return []
  const tiers = view.ladders.get(m.symbol)!.tiers
  return positionTierBoundaries(view, m.positionId).map((price, i) => ({ tier: tiers[i]!.number, price: exact(price) }))
}

/** The report's `account` record: present for cross accounts (null otherwise). */
export function accountMarginFields(view: MarginView) {
  if (!view.account) return null
  return {
    margin_balance: exact(view.account.marginBalance),
    maintenance_margin: exact(view.account.maintenanceMargin),
    margin_ratio: exact(view.account.marginRatio),
  } satisfies JsonFields
}
