// The risk-model figures of the JSON report: each model computed (the file's first, then those compared), per
// risk unit its requirement, every scenario and the liquidation move each way, and what each hedge leg is worth.
import { decimalStringOrNull as exact } from '../../decimal.js'
import type { RiskView, UnitLiquidation } from '../../risk/view.js'
import { isUnavailable } from '../../risk/view.js'
import type { JsonValue } from './json-value.js'

function level(l: UnitLiquidation): JsonValue {
  return {
    move: exact(l.move),
    already_past: l.alreadyPast,
    prices: Object.fromEntries([...l.prices].map(([symbol, price]) => [symbol, exact(price)])),
    ...(l.reason ? { reason: l.reason } : {}),
  }
}

/** The report's `risk_model` record; null when only the ladder ran and nothing was compared. */
export function riskRecord(view: RiskView): { [key: string]: JsonValue } | null {
  if (view.results.length === 0 && view.steps.length === 0 && view.adl.length === 0) return null
  return {
    model: view.model,
    adl: view.adl.map((r) => ({
      position: r.positionId,
      profit: exact(r.profit),
      binance: exact(r.binance),
      okx: exact(r.okx),
      hyperliquid: exact(r.hyperliquid),
      indicator: r.indicator,
      venue: r.venue,
      ranks_high: r.high,
      close_price: exact(r.closePrice),
      exposed_losing_legs: r.exposedLosers.map((l) => ({ position: l.positionId, distance: exact(l.distance) })),
      exposed_losing_count: r.exposedCount,
    })),
    liquidation_steps: view.steps.map((p) => ({
      position: p.positionId,
      rule: p.rule,
      unconfirmed: p.unconfirmed,
      liquidation_price: exact(p.liquidationPrice),
      bankruptcy_price: exact(p.bankruptcyPrice),
      steps: p.steps.map((s) => ({
        kind: s.kind,
        at_ms: s.atMs,
        size: exact(s.size),
        filled: exact(s.filled),
        price: exact(s.price),
        limit: exact(s.limit),
        fee: exact(s.fee),
        margin_after: exact(s.marginAfter),
        still_liquidatable: s.stillLiquidatable,
      })),
      book_filled: exact(p.bookFilled),
      book_vwap: exact(p.bookVwap),
      taken_over: exact(p.takenOver),
      remaining_open: exact(p.remainingOpen),
      fees: exact(p.fees),
      margin_forfeited: exact(p.marginForfeited),
      beyond_bankruptcy: exact(p.beyondBankruptcy),
      average_price: exact(p.averagePrice),
    })),
    results: view.results.map((r): JsonValue => {
      if (isUnavailable(r)) return { model: r.model, reason: r.reason }
      return {
        model: r.model,
        parameters_as_of: r.asOf,
        equity: exact(r.equity),
        maintenance: exact(r.maintenance),
        initial: exact(r.initial),
        margin_ratio: exact(r.marginRatio),
        liquidation_ratio: exact(r.liquidationRatio),
        liquidated: r.liquidated,
        units: r.units.map((u) => ({
          unit: u.unit.name,
          markets: u.unit.markets,
          positions: u.positions,
          maintenance: exact(u.requirement.maintenance),
          initial: exact(u.requirement.initial),
          binding: u.requirement.binding,
          terms: Object.fromEntries(Object.entries(u.requirement.terms).map(([k, v]) => [k, exact(v)])),
          scenarios: u.requirement.scenarios.map((s) => ({
            label: s.label,
            move: exact(s.move),
            weight: exact(s.weight),
            pnl: exact(s.pnl),
            charge: exact(s.charge),
          })),
          liquidation: { down: level(u.down), up: level(u.up) },
        })),
        hedges: r.hedges.map((h) => ({
          position: h.positionId,
          worth: exact(h.value),
          maintenance_without: exact(h.maintenanceWithout),
          margin_ratio_without: exact(h.marginRatioWithout),
        })),
      }
    }),
  }
}
