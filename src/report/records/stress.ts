// The stress figures of the JSON report: a top-level `stress` record (scenarios, breaking points, blast radius,
// correlation breaks, cascades) and each position's `liquidation_path`. Decimals leave as exact strings.
import { type Decimal, decimalString, decimalStringOrNull as str } from '../../decimal.js'
import type { BreakCurve } from '../../stress/break-curve.js'
import type { Cascade, Cause } from '../../stress/cascade.js'
import { isUnsized } from '../../stress/correlation.js'
import type { ForcedExit } from '../../stress/exit.js'
import type { BreakingPoint } from '../../stress/grid.js'
import type { StressView } from '../../stress/index.js'
import type { CorrelationCurve, StressRecord } from './types.js'
import type { JsonFields } from './json-value.js'

/** Prices (or moves, or weights) by market symbol, exact. */
const priceRecord = (prices: Map<string, Decimal>): Record<string, string> => Object.fromEntries([...prices].map(([symbol, p]) => [symbol, decimalString(p)]))

/** The top-level `stress` record; `charts` adds `correlation_curves`. */
export function stressRecord(
  view: Pick<StressView, 'scenarios' | 'breakingPoints' | 'blastRadius' | 'correlationBreaks' | 'breakCurves' | 'cascades'>,
  charts = false,
): StressRecord {
  const { down, up } = view.breakingPoints
  const blast = view.blastRadius
  const record = {
    scenarios: view.scenarios.map((s) => ({
      move: str(s.move),
      prices: priceRecord(s.prices),
      equity: str(s.equity),
      maintenance_margin: str(s.maintenanceMargin),
      margin_ratio: str(s.marginRatio),
      liquidated: s.liquidated,
      cross: s.cross && {
        margin_balance: str(s.cross.marginBalance),
        maintenance_margin: str(s.cross.maintenanceMargin),
        margin_ratio: str(s.cross.marginRatio),
        liquidated: s.cross.liquidated,
      },
    })),
    breaking_point: {
      down: str(down.move),
      up: str(up.move),
      first_position: { down: down.firstPosition, up: up.firstPosition },
      prices: { down: down.prices && priceRecord(down.prices), up: up.prices && priceRecord(up.prices) },
      searched_to: { down: str(down.searchedTo), up: str(up.searchedTo) },
      reason: { down: reasonOf(down), up: reasonOf(up) },
    },
    blast_radius:
      'reason' in blast
        ? { reason: blast.reason }
        : {
            move: str(blast.scenario.move),
            cross: { loss: str(blast.cross.loss), gain: str(blast.cross.gain), liquidated: blast.cross.liquidated },
            isolated: {
              loss: str(blast.isolated.loss),
              gain: str(blast.isolated.gain),
              liquidated: blast.isolated.liquidated,
              margins: Object.fromEntries([...blast.isolated.margins].map(([id, m]) => [id, str(m)])),
            },
            saved_by_isolating: blast.saved,
          },
    correlation_breaks: view.correlationBreaks.map(
      (item): JsonFields =>
        isUnsized(item)
          ? { legs: item.legs.map((p) => p.id), reason: item.reason }
          : {
              legs: item.legs.map((l) => l.position.id),
              moves: Object.fromEntries(item.legs.map((l) => [l.position.market, str(l.move)])),
              prices: Object.fromEntries(item.legs.map((l) => [l.position.market, str(l.price)])),
              spread_sigma: str(item.spreadSigma),
              spread_move: str(item.spreadMove),
              equity_before: str(item.before.equity),
              equity_after: str(item.after.equity),
              cross_liquidated: item.after.cross?.liquidated ?? false,
              liquidated: item.after.liquidated,
            },
    ),
    cascades: view.cascades.map(cascadeRecord),
  } satisfies JsonFields
  return charts ? { ...record, correlation_curves: view.breakCurves().map(curveRecord) } : record
}

function curveRecord(curve: BreakCurve): CorrelationCurve {
  const breaking = curve.breakingPoint
  return {
    pairs: curve.pairs,
    weights: priceRecord(curve.weights),
    break_spread_move: decimalString(curve.breakMove),
    points: curve.points.map((p) => ({
      spread_move: decimalString(p.spreadMove),
      moves: priceRecord(p.moves),
      margin_balance: decimalString(p.marginBalance),
      maintenance_margin: decimalString(p.maintenanceMargin),
      margin_ratio: str(p.marginRatio),
    })),
    breaking_point: breaking && { spread_move: decimalString(breaking.spreadMove), moves: priceRecord(breaking.moves), prices: priceRecord(breaking.prices) },
    searched_to: decimalString(curve.searchedTo),
    reason: curve.reason,
  }
}

function reasonOf(b: BreakingPoint): string | null {
  return b.reason ?? null
}

function causeRecord(cascade: Cascade, cause: Cause): string {
  if (cause.kind === 'now') return 'already at maintenance'
  if (cause.kind === 'move') return 'market move'
  return cascade.links[cause.index]!.position.id
}

function cascadeRecord(cascade: Cascade) {
  return {
    move: str(cascade.move),
    steps: cascade.links.length,
    chain: cascade.links.map((link) => ({
      position: link.position.id,
      market: link.position.market,
      move: str(link.move),
      set_off_by: causeRecord(cascade, link.cause),
      trigger_price: str(link.triggerPrice),
      fill: str(link.fill),
      price_left_behind: str(link.priceLeftBehind),
      impact: str(link.impact),
      exit_cost: str(link.exitCost),
      margin_returned: str(link.marginReturned),
      beyond_bankruptcy: str(link.exit?.beyondBankruptcy),
      also_closed: link.alsoClosed,
      set_off: link.setOff.map((i) => cascade.links[i]!.position.id),
    })),
    total_loss: str(cascade.totalLoss),
    total_gain: str(cascade.totalGain),
    equity_before: str(cascade.equityBefore),
    equity_after: str(cascade.equityAfter),
    account_survives: cascade.survives,
    positions_lost: cascade.lost,
    settled: cascade.settled,
    still_past_maintenance: cascade.stillPast,
  } satisfies JsonFields
}

function exitRecord(e: ForcedExit) {
  return {
    procedure: e.procedure,
    trigger_price: str(e.triggerPrice),
    latency_move: str(e.latencyMove),
    book_mid: str(e.bookMid),
    bankruptcy_price: str(e.bankruptcyPrice),
    backstop_price: str(e.backstopPrice),
    steps: e.steps.map((s) => ({ kind: s.kind, size: str(s.size), filled: str(s.filled), price: str(s.price), limit: str(s.limit), killed: s.killed })),
    book_filled: str(e.bookFilled),
    book_extended: str(e.bookExtended),
    book_vwap: str(e.bookVwap),
    taken_over: str(e.takenOver),
    remaining: str(e.remaining),
    expected_fill: str(e.expectedFill),
    liquidation_fee: str(e.liquidationFee),
    liquidation_fee_unpaid: str(e.feeUnpaid),
    margin_before: str(e.marginBefore),
    margin_left: str(e.marginLeft),
    beyond_bankruptcy: str(e.beyondBankruptcy),
    takeover_loss: str(e.takeoverLoss),
    beyond_book: str(e.beyondBook),
    price_left_behind: str(e.priceLeftBehind),
  } satisfies JsonFields
}

/** A position record's `liquidation_path` (null with `liquidation_path_reason` when there is none). */
export function liquidationPathFields(view: Pick<StressView, 'liquidationPaths'>, positionId: string) {
  const path = view.liquidationPaths.get(positionId)
  if (!path) throw new Error(`no liquidation path for position "${positionId}"`)
  if (!path.exit) return { liquidation_path: null, liquidation_path_reason: path.reason } satisfies JsonFields
  return { liquidation_path: { start_price: str(path.startPrice), already_past: path.alreadyPast, ...exitRecord(path.exit) } } satisfies JsonFields
}
