// The gate's JSON records: `what_if` (the account before and once planned orders fill, and the items whose
// status changes) and `max_size` (the largest size of an order that passes, and what binds one step more).
// Decimals leave as exact strings; a figure a view did not compute (--only) is null.
import { type Decimal, decimalString, decimalStringOrNull as str } from '../../decimal.js'
import { isProblem } from '../../engine/types.js'
import type { GateResult } from '../../gate/index.js'
import type { MaxSize } from '../../gate/max-size.js'
import type { EngineState, WhatIf } from '../../gate/what-if.js'
import { isComputed } from '../../funding/view.js'
import { fundingFigures } from '../../funding/figures.js'
import type { MaxSizeRecord, Records, WhatIfRecord, WhatIfState } from './types.js'

export function gateRecords(gate: GateResult): Pick<Records, 'what_if' | 'what_if_left_out' | 'max_size'> {
  return {
    ...(gate.whatIfs.length > 0 && { what_if: gate.whatIfs.map(whatIfRecord) }),
    ...(gate.leftOut.length > 0 && { what_if_left_out: [...gate.leftOut] }),
    ...(gate.maxSize && { max_size: maxSizeRecord(gate.maxSize) }),
  }
}

/**
 * The positions a fill moves: those of the orders' markets, and, in a cross account, every cross position
 * (one fill moves the pool, and its fee leaves the wallet they share).
 */
function affected(w: WhatIf): string[] {
  const markets = new Set(w.fills.map((f) => f.order.market))
  const ids: string[] = []
  const seen = new Set<string>()
  const cross = w.before.run.views.margin?.account != null || w.after.run.views.margin?.account != null
  for (const state of [w.before, w.after])
    for (const p of state.portfolio.positions)
      if (!seen.has(p.id) && (markets.has(p.market) || (cross && p.marginMode === 'cross'))) {
        seen.add(p.id)
        ids.push(p.id)
      }
  return ids
}

export function whatIfRecord(w: WhatIf): WhatIfRecord {
  const ids = affected(w)
  return {
    scope: w.scope,
    orders: w.fills.map((f) => f.order.id),
    fills: w.fills.map((f, i) => ({
      order: f.order.id,
      market: f.order.market,
      side: f.order.side,
      size: decimalString(f.order.size),
      type: f.order.type,
      price: decimalString(f.price),
      price_source: f.priceSource,
      passive: f.passive,
      notional: decimalString(f.notional),
      fee: decimalString(f.fee),
      slippage_bps: str(f.slippageBps),
      effect: w.effects[i]!.effect,
      position: w.effects[i]!.position,
      position_before: w.effects[i]!.before,
    })),
    before: stateRecord(w.before, ids),
    after: stateRecord(w.after, ids),
    changed_status: w.changed.map((c) => ({ rule: c.rule, subject: c.subject, before: c.before, after: c.after, message: c.message })),
    judged: {
      ...w.judged.counts,
      failures: w.judged.failures.length,
      // What the gate's exit code reads: every item that fails or warns once the orders fill (theirs included).
      failing: w.judged.findings.filter(isProblem).map((f) => ({ rule: f.rule, subject: f.subject, status: f.status, message: f.message })),
    },
  }
}

function stateRecord(state: EngineState, ids: readonly string[]): WhatIfState {
  const { margin, funding, stress } = state.run.views
  const positions: WhatIfState['positions'] = []
  let fundingTotal = null as ReturnType<typeof fundingAmount>
  const held = new Map(state.portfolio.positions.map((p) => [p.id, p]))
  for (const id of ids) {
    const position = held.get(id)
    if (!position) continue
    const m = margin?.positions.get(id)
    const paid = funding ? fundingAmount(funding.positions.get(id)) : null
    if (paid) fundingTotal = fundingTotal ? fundingTotal.plus(paid) : paid
    positions.push({
      id,
      market: position.market,
      side: position.side,
      size: decimalString(position.size),
      entry_price: decimalString(position.entryPrice),
      margin_mode: position.marginMode,
      tier: m ? m.tier.number : null,
      maintenance_margin: str(m?.maintenanceMargin),
      liquidation_price: str(m?.liquidation.price),
      liquidation_distance: str(m?.liquidationDistance),
      funding_over_hold: str(paid),
    })
  }
  const account = margin?.account
  return {
    account: {
      wallet_balance: decimalString(state.portfolio.account.walletBalance),
      margin_balance: str(account?.marginBalance),
      maintenance_margin: str(account?.maintenanceMargin),
      margin_ratio: str(account?.marginRatio),
    },
    positions,
    breaking_point: stress ? { down: str(stress.breakingPoints.down.move), up: str(stress.breakingPoints.up.move) } : null,
    funding_over_hold: str(fundingTotal),
    counts: { ...state.run.counts },
  }
}

function fundingAmount(item: Parameters<typeof isComputed>[0] | undefined) {
  return item && isComputed(item) ? fundingFigures(item).amount : null
}

/**
 * A size the search found, every digit: a multiple of the step, which may have more significant digits than
 * a figure is printed with (0.659015190249675707506922411523 in steps of 1e-30), and is written back as --order.
 */
const exactSize = (size: Decimal): string => size.toFixed()

export function maxSizeRecord(m: MaxSize): MaxSizeRecord {
  const next = m.next
  return {
    order: { market: m.order.market, side: m.order.side, type: m.order.type, price: str(m.order.price) },
    size: m.size && exactSize(m.size),
    step: exactSize(m.step.step),
    step_source: m.step.source,
    next_size: next ? exactSize(next.size) : null,
    binding_rule: m.binding?.rule ?? (m.bindingFailure ? 'failure' : null),
    binding_subject: m.binding?.subject ?? null,
    binding_status: m.binding?.status ?? null,
    binding_message: m.binding?.message ?? m.bindingFailure,
    binding_figures: m.binding ? { ...m.binding.figures } : null,
    binding_path: m.binding?.path ?? null,
    limit: { kind: m.limit.kind, size: exactSize(m.limit.size), figure: decimalString(m.limit.figure) },
    limit_reached: m.limitReached,
    probes: m.probes,
  }
}
