// Before and after: the engine run on the account as it is and on the account once planned orders fill (each
// what-if one more engine run, through the same door as the report: runChecks), and which items change status.
// The items that judge the account once the orders fill (the gate's exit code) are the after run's, and the
// orders' own items of the before run (their fees, slippage, ladder and rate items exist only while planned).
import type { SourceDocument } from '../input/document.js'
import { type CheckRun, runChecks } from '../engine/run.js'
import { STATUSES, type Check, type Finding, type Status, type StatusCounts } from '../engine/types.js'
import { computeViews, type ViewDefinitions } from '../engine/views.js'
import type { Portfolio } from '../model.js'
import { type FilledPortfolio, filledPortfolio, fillOf, type OrderFill } from './fill.js'

export interface EngineState {
  portfolio: Portfolio
  run: CheckRun
}

/** An item whose status differs before and after (null: no such item on that side). */
export interface StatusChange {
  rule: string
  subject: string
  before: Status | null
  after: Status | null
  /** The after item's message (the before item's when it is gone). */
  message: string
}

/** The findings and failures that judge an account: the exit code is computed from them. */
export interface Judged {
  findings: Finding[]
  counts: StatusCounts
  failures: CheckRun['failures']
}

export interface WhatIf {
  /** One planned order, the command line's orders together, or every planned order together. */
  scope: 'order' | 'command line' | 'all'
  fills: OrderFill[]
  effects: FilledPortfolio['effects']
  before: EngineState
  after: EngineState
  changed: StatusChange[]
  judged: Judged
}

export interface EngineDoor {
  document: SourceDocument
  checks: readonly Check[]
  views?: ViewDefinitions
}

/** The account once `orderIds` (planned in `before`) fill, in that order, beside `before`. */
export function whatIf(door: EngineDoor, before: EngineState, orderIds: readonly string[], scope: WhatIf['scope']): WhatIf {
  // The selected checks may not need the execution view (--only reference-prices); a fill is priced by it.
  const execution = before.run.views.execution ?? computeViews(before.portfolio, ['execution'], door.views).views.execution
  if (!execution) throw new Error('the execution view could not be computed to price the fill')
  const fills = orderIds.map((id) => fillOf(before.portfolio.orders.find((o) => o.id === id)!, execution))
  const filled = filledPortfolio(before.portfolio, fills)
  const after = { portfolio: filled.portfolio, run: runChecks({ portfolio: filled.portfolio, document: door.document }, door.checks, door.views) }
  const own = new Set(orderIds)
  const ownItems = before.run.findings.filter((f) => own.has(f.subject) && f.rule.endsWith('/order'))
  return {
    scope,
    fills: filled.fills,
    effects: filled.effects,
    before,
    after,
    changed: statusChanges(before.run.findings, after.run.findings, own),
    judged: judgedBy([...after.run.findings, ...ownItems], [...before.run.failures, ...after.run.failures]),
  }
}

export function judgedBy(findings: Finding[], failures: CheckRun['failures']): Judged {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts
  for (const f of findings) counts[f.status]++
  return { findings, counts, failures }
}

/**
 * Items paired by rule, subject and place among the items of that rule and subject; a pair whose status
 * differs is a change, and so is an item on one side only that warns, fails or is skipped (a pass or a note
 * that comes or goes is not). The filled orders' own items, which go with the order, are not changes.
 */
export function statusChanges(before: readonly Finding[], after: readonly Finding[], filled: ReadonlySet<string>): StatusChange[] {
  const keyed = (findings: readonly Finding[]) => {
    const seen = new Map<string, number>()
    const out = new Map<string, Finding>()
    for (const f of findings) {
      if (filled.has(f.subject) && f.rule.endsWith('/order')) continue
      const base = `${f.rule}\u0000${f.subject}`
      const n = seen.get(base) ?? 0
      seen.set(base, n + 1)
      out.set(`${base}\u0000${n}`, f)
    }
    return out
  }
  const was = keyed(before)
  const now = keyed(after)
  const notable = (status: Status) => status === 'fail' || status === 'warn' || status === 'skip'
  const changes: StatusChange[] = []
  for (const [key, f] of now) {
    const old = was.get(key)
    if (old ? old.status !== f.status : notable(f.status))
      changes.push({ rule: f.rule, subject: f.subject, before: old?.status ?? null, after: f.status, message: f.message })
  }
  for (const [key, f] of was)
    if (!now.has(key) && notable(f.status)) changes.push({ rule: f.rule, subject: f.subject, before: f.status, after: null, message: f.message })
  return changes
}
