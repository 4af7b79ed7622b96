// What changed between two snapshots: positions, orders and markets paired (pair.ts), each position's
// figures old and new with the attribution of its liquidation price and distance (attribution.ts), the
// parameters that changed with what they did to each position they touch, and every finding whose status
// changed. Plain data out (types.ts); the wording of each line is here, the layout in src/report.
import { Decimal, decimalString, decimalStringOrNull } from '../decimal.js'
import type { Finding, Status } from '../engine/types.js'
import { duration, percent, short } from '../format.js'
import { formatPath } from '../input/errors.js'
import { type MarginModel, type PositionMargin, positionMarginOf, ratioOf } from '../margin/index.js'
import { type LadderTier, type MarginMode, type Market, type Portfolio, triggerPrice, type YamlPath } from '../model.js'
import { type Attribution, attribute, attributionContext, STEP_TITLES, STEPS } from './attribution.js'
import { pairPortfolios } from './pair.js'
import { mapTuple } from '../tuple.js'
import type {
  AccountDiff,
  AttributionOut,
  Change,
  DiffResult,
  FieldChange,
  FindingChange,
  ItemDiff,
  ParameterChange,
  ParameterEffect,
  PositionDiff,
  PositionFigures,
  Severity,
  Snapshot,
  SnapshotInfo,
} from './types.js'

/** How bad a status is as the diff reads a change: an item that is new ranks below every status. */
const RANK: Record<Status, number> = { skip: 0, pass: 1, info: 2, warn: 3, fail: 4 }
/** A status's rank for a change between snapshots (null: the item is not in that snapshot). */
export const statusRank = (status: Status | null): number => (status === null ? -1 : RANK[status])

export function diffSnapshots(old: Snapshot, next: Snapshot): DiffResult {
  const pairing = pairPortfolios(old.portfolio, next.portfolio)
  const context = attributionContext(old.portfolio, pairing.renamed)
  const findings = pairFindings(old.findings, next.findings, pairing.oldIds)
  const bySubject = new Map<string, FindingChange[]>()
  for (const f of findings) {
    const list = bySubject.get(f.subject)
    if (list) list.push(f)
    else bySubject.set(f.subject, [f])
  }

  const attributions = new Map<string, Attribution>()
  const positions: PositionDiff[] = []
  for (const [before, after] of pairing.positions.pairs) {
    const attribution = attribute(context, before.id)
    attributions.set(after.id, attribution)
    const oldFigures = figuresOf(positionMarginOf(context.oldModel, before.id), before)
    const newFigures = figuresOf(positionMarginOf(context.nextModel, before.id), after)
    const own = sortFindings(bySubject.get(after.id) ?? [])
    const same = JSON.stringify(oldFigures) === JSON.stringify(newFigures) && own.every((f) => f.old === f.new)
    positions.push({
      id: after.id,
      ...(before.id !== after.id && { old_id: before.id }),
      market: after.market,
      side: after.side,
      status: same ? 'unchanged' : 'changed',
      old: oldFigures,
      new: newFigures,
      attribution: attributionOut(attribution),
      findings: own,
    })
  }
  for (const after of pairing.positions.added) {
    const id = pairing.renamed.positions[after.index]!.id
    positions.push({
      id: after.id,
      market: after.market,
      side: after.side,
      status: 'opened',
      old: null,
      new: figuresOf(positionMarginOf(context.nextModel, id), after),
      attribution: null,
      findings: sortFindings(bySubject.get(after.id) ?? []),
    })
  }
  for (const before of pairing.positions.removed) {
    positions.push({
      id: before.id,
      market: before.market,
      side: before.side,
      status: 'closed',
      old: figuresOf(positionMarginOf(context.oldModel, before.id), before),
      new: null,
      attribution: null,
      findings: sortFindings(bySubject.get(before.id) ?? []),
    })
  }

  const positionIds = new Set(positions.map((p) => p.id))
  const otherFindings = sortFindings(findings.filter((f) => !positionIds.has(f.subject) && f.old !== f.new))
  const orders = diffOrders(pairing)
  const markets = diffMarkets(old.portfolio, next.portfolio)
  const parameters = parameterChanges(old, next, pairing, context.oldModel, context.nextModel, attributions)
  const account = accountDiff(context.oldModel, context.nextModel)
  const result: Omit<DiffResult, 'changes' | 'worse'> = {
    kind: 'diff',
    old: snapshotInfo(old),
    new: snapshotInfo(next),
    steps: STEPS.map((step) => ({ step, title: STEP_TITLES[step] })),
    positions,
    orders,
    markets,
    account,
    parameters,
    findings: otherFindings,
    failures: old.failures + next.failures,
  }
  const worse = { fail: 0, warn: 0 }
  for (const f of findings) {
    if (f.new === 'fail' && statusRank(f.old) < RANK.fail) worse.fail++
    if (f.new === 'warn' && statusRank(f.old) < RANK.warn) worse.warn++
  }
  return { ...result, changes: changesOf(result, findings, old, next), worse }
}

export function snapshotInfo(snapshot: Snapshot): SnapshotInfo {
  const counts: Record<Status, number> = { fail: 0, warn: 0, info: 0, pass: 0, skip: 0 }
  for (const f of snapshot.findings) counts[f.status]++
  return {
    file: snapshot.file,
    sha256: snapshot.sha256,
    as_of: new Date(snapshot.portfolio.asOf).toISOString(),
    venue: snapshot.portfolio.venue.id,
    counts,
  }
}

/**
 * Findings paired by check, subject (the new id; an old id is read as its new one) and their order within that
 * check and subject: the n-th item of a check about a subject is compared with the n-th.
 */
export function pairFindings(old: readonly Finding[], next: readonly Finding[], oldIds: ReadonlyMap<string, string>): FindingChange[] {
  const newIdOf = new Map([...oldIds].map(([n, o]) => [o, n]))
  const keyed = (list: readonly Finding[], subjectOf: (f: Finding) => string) => {
    const seen = new Map<string, number>()
    const out = new Map<string, Finding>()
    for (const f of list) {
      const base = `${f.check}\u0000${subjectOf(f)}`
      const n = seen.get(base) ?? 0
      seen.set(base, n + 1)
      out.set(`${base}\u0000${n}`, f)
    }
    return out
  }
  const before = keyed(old, (f) => newIdOf.get(f.subject) ?? f.subject)
  const after = keyed(next, (f) => f.subject)
  const changes: FindingChange[] = []
  for (const [key, f] of after) {
    const o = before.get(key)
    changes.push({
      check: f.check,
      subject: f.subject,
      old: o?.status ?? null,
      new: f.status,
      message: f.message,
      path: f.path,
      line: f.line,
      column: f.column,
    })
  }
  for (const [key, o] of before) {
    if (after.has(key)) continue
    const subject = newIdOf.get(o.subject) ?? o.subject
    changes.push({ check: o.check, subject, old: o.status, new: null, message: o.message, path: o.path, line: o.line, column: o.column })
  }
  return changes
}

/** New fails first, then new warns, then the rest by how much worse they got. */
function sortFindings(list: readonly FindingChange[]): FindingChange[] {
  const order = (f: FindingChange) => {
    if (f.new === 'fail' && f.old !== 'fail') return 0
    if (f.new === 'warn' && statusRank(f.old) < RANK.warn) return 1
    return 2
  }
  return [...list].sort((a, b) => order(a) - order(b) || statusRank(b.new) - statusRank(a.new))
}

function figuresOf(m: PositionMargin, position: { size: Decimal; entryPrice: Decimal; marginMode: MarginMode }): PositionFigures {
  return {
    size: decimalString(position.size),
    entry_price: decimalString(position.entryPrice),
    margin_mode: position.marginMode,
    leverage: decimalString(m.leverage),
    trigger_price: decimalString(m.triggerPrice),
    liquidation_price: decimalStringOrNull(m.liquidation.price),
    distance: decimalStringOrNull(m.liquidationDistance),
    tier: m.tier.number,
    maintenance_margin: decimalString(m.maintenanceMargin),
    margin_ratio: decimalStringOrNull(m.marginRatio),
  }
}

const exact = (value: Decimal | null) => (value === null ? null : value.toFixed())

export function attributionOut(a: Attribution): AttributionOut {
  return {
    complete: a.complete,
    ...(a.reason !== undefined && { reason: a.reason }),
    chain: mapTuple(a.chain, (s) => ({ step: s.step, liquidation_price: exact(s.liquidation), distance: exact(s.distance), floor: s.floor })),
    components: mapTuple(a.components, (c) => ({ step: c.step, liquidation_price: exact(c.liquidation), distance: exact(c.distance) })),
    total: { liquidation_price: exact(a.total.liquidation), distance: exact(a.total.distance) },
    estimates: { funding: decimalString(a.estimates.funding), fees: decimalString(a.estimates.fees) },
    price_decimals: a.priceDecimals,
  }
}

function accountDiff(oldModel: MarginModel, nextModel: MarginModel): AccountDiff {
  const side = (model: MarginModel) => {
    const totals = model.crossTotals
    if (!totals) return null
    return {
      margin_balance: decimalString(totals.balance),
      maintenance_margin: decimalString(totals.requirement),
      margin_ratio: decimalStringOrNull(ratioOf(totals.requirement, totals.balance)),
      wallet_balance: decimalString(model.portfolio.account.walletBalance),
    }
  }
  return { old: side(oldModel), new: side(nextModel) }
}

function fieldChanges(pairs: [string, string | null, string | null][]): FieldChange[] {
  return pairs.filter(([, a, b]) => a !== b).map(([field, a, b]) => ({ field, old: a, new: b }))
}

function diffOrders(pairing: ReturnType<typeof pairPortfolios>): ItemDiff[] {
  const out: ItemDiff[] = []
  for (const [o, n] of pairing.orders.pairs) {
    const fields = fieldChanges([
      ['side', o.side, n.side],
      ['size', decimalString(o.size), decimalString(n.size)],
      ['type', o.type, n.type],
      ['price', decimalStringOrNull(o.price), decimalStringOrNull(n.price)],
      ['slices', String(o.slices), String(n.slices)],
      ['leverage', decimalStringOrNull(o.leverage), decimalStringOrNull(n.leverage)],
    ])
    if (fields.length > 0) out.push({ id: n.id, status: 'changed', fields })
  }
  for (const n of pairing.orders.added) out.push({ id: n.id, status: 'added', fields: [] })
  for (const o of pairing.orders.removed) out.push({ id: o.id, status: 'removed', fields: [] })
  return out
}

/** A ladder as one comparable line: "50000@0.004/125x, 250000@0.005/100x-250". */
export function ladderText(ladder: readonly LadderTier[]): string {
  return ladder
    .map((t) => `${t.maxNotional.toFixed()}@${t.mmr.toFixed()}/${t.maxLeverage.toFixed()}x${t.maintenanceAmount ? `-${t.maintenanceAmount.toFixed()}` : ''}`)
    .join(', ')
}

function marketFields(m: Market): [string, string | null][] {
  return [
    ['prices.index', m.prices.index.toFixed()],
    ['prices.mark', m.prices.mark.toFixed()],
    ['prices.last', m.prices.last.toFixed()],
    ['liquidation_trigger', m.liquidationTrigger],
    ['maintenance_ladder', ladderText(m.ladder)],
    ['funding.rate', m.funding ? m.funding.rate.toFixed() : null],
    ['funding.interval', m.funding ? duration(m.funding.intervalMs) : null],
    ['funding.cap', m.funding?.cap ? m.funding.cap.toFixed() : null],
    ['volatility', m.volatility ? m.volatility.toFixed() : null],
    ['liquidation_fee', m.liquidationFee ? m.liquidationFee.toFixed() : null],
  ]
}

function diffMarkets(old: Portfolio, next: Portfolio): ItemDiff[] {
  const out: ItemDiff[] = []
  for (const [symbol, n] of next.markets) {
    const o = old.markets.get(symbol)
    if (!o) {
      out.push({ id: symbol, status: 'added', fields: [] })
      continue
    }
    const before = marketFields(o)
    const fields = fieldChanges(marketFields(n).map(([field, value], i) => [field, before[i]![1], value]))
    if (fields.length > 0) out.push({ id: symbol, status: 'changed', fields })
  }
  for (const symbol of old.markets.keys()) if (!next.markets.has(symbol)) out.push({ id: symbol, status: 'removed', fields: [] })
  return out
}

const signed = (value: Decimal | null, show: (v: Decimal) => string) => (value === null ? 'n/a' : `${value.isNeg() ? '−' : '+'}${show(value.abs())}`)

function effectText(effects: readonly ParameterEffect[]): string {
  if (effects.length === 0) return 'no position touches it'
  return effects.map((e) => `${e.position} ${e.figure} ${e.old ?? 'none'} → ${e.new ?? 'none'}`).join('; ')
}

/** The parameters that changed, one line each with what the change did to every position it touches. */
function parameterChanges(
  old: Snapshot,
  next: Snapshot,
  pairing: ReturnType<typeof pairPortfolios>,
  oldModel: MarginModel,
  nextModel: MarginModel,
  attributions: ReadonlyMap<string, Attribution>,
): ParameterChange[] {
  const out: ParameterChange[] = []
  const inMarket = (symbol: string) => pairing.positions.pairs.filter(([, n]) => n.market === symbol)
  const component = (id: string, step: string, figure: 'liquidation' | 'distance') =>
    attributions.get(id)?.components.find((c) => c.step === step)?.[figure] ?? null
  const add = (change: Omit<ParameterChange, 'message' | 'path' | 'line' | 'column'> & { path: YamlPath }, what: string) =>
    out.push({ ...change, message: `${what}: ${effectText(change.effects)}`, path: formatPath(change.path), ...next.locate(change.path) })
  if (old.portfolio.venue.id !== next.portfolio.venue.id) {
    const v = [old.portfolio.venue.id, next.portfolio.venue.id]
    add({ kind: 'venue', subject: 'account', old: v[0]!, new: v[1]!, effects: [], path: ['venue'] }, `venue ${v[0]} → ${v[1]}`)
  }
  for (const [symbol, n] of next.portfolio.markets) {
    const o = old.portfolio.markets.get(symbol)
    if (!o) continue
    const path = n.path
    const [ladderOld, ladderNew] = [ladderText(o.ladder), ladderText(n.ladder)]
    if (ladderOld !== ladderNew) {
      const effects = inMarket(symbol).flatMap(([before, after]) => {
        const a = positionMarginOf(oldModel, before.id)
        const b = positionMarginOf(nextModel, before.id)
        const step = component(after.id, 'ladder', 'liquidation')
        return [
          { position: after.id, figure: 'tier', old: String(a.tier.number), new: String(b.tier.number) },
          { position: after.id, figure: 'liquidation price (ladder step)', old: null, new: signed(step, short) },
        ]
      })
      add(
        { kind: 'ladder', subject: symbol, old: ladderOld, new: ladderNew, effects, path: [...path, 'maintenance_ladder'] },
        `${symbol} maintenance ladder changed (${describeLadderChange(o.ladder, n.ladder)})`,
      )
    }
    if (o.liquidationTrigger !== n.liquidationTrigger) {
      const effects = inMarket(symbol).map(([, after]) => ({
        position: after.id,
        figure: 'distance (price step)',
        old: null,
        new: signed(component(after.id, 'price', 'distance'), (v) => percent(v, 4)),
      }))
      add(
        {
          kind: 'liquidation-reference',
          subject: symbol,
          old: o.liquidationTrigger,
          new: n.liquidationTrigger,
          effects,
          path: [...path, 'liquidation_trigger'],
        },
        `${symbol} liquidates on ${n.liquidationTrigger} (was ${o.liquidationTrigger}), trigger price ${short(triggerPrice(o))} → ${short(triggerPrice(n))}`,
      )
    }
    const fundingEffects = () =>
      inMarket(symbol).map(([before, after]) => ({
        position: after.id,
        figure: 'funding over hold',
        old: old.fundingOverHold.get(before.id) ?? null,
        new: next.fundingOverHold.get(after.id) ?? null,
      }))
    if (o.funding && n.funding && o.funding.intervalMs !== n.funding.intervalMs) {
      const [a, b] = [duration(o.funding.intervalMs), duration(n.funding.intervalMs)]
      add(
        { kind: 'funding-interval', subject: symbol, old: a, new: b, effects: fundingEffects(), path: [...path, 'funding', 'interval'] },
        `${symbol} funding interval ${a} → ${b}`,
      )
    }
    const [capOld, capNew] = [o.funding?.cap?.toFixed() ?? 'none', n.funding?.cap?.toFixed() ?? 'none']
    if (o.funding && n.funding && capOld !== capNew) {
      add(
        { kind: 'funding-cap', subject: symbol, old: capOld, new: capNew, effects: fundingEffects(), path: [...path, 'funding', 'cap'] },
        `${symbol} funding cap ${capOld} → ${capNew}`,
      )
    }
  }
  for (const [before, after] of pairing.positions.pairs) {
    const a = positionMarginOf(oldModel, before.id)
    const b = positionMarginOf(nextModel, before.id)
    const path = after.path
    // The leverage set on the venue (the file's); one derived from the margin or the tier moves with them, not as a setting.
    const given = (l: Decimal | undefined) => l?.toFixed() ?? 'none'
    if (given(before.leverage) !== given(after.leverage)) {
      const effects = [
        { position: after.id, figure: 'initial margin', old: decimalString(a.initialMargin), new: decimalString(b.initialMargin) },
        { position: after.id, figure: 'liquidation price', old: decimalStringOrNull(a.liquidation.price), new: decimalStringOrNull(b.liquidation.price) },
      ]
      add(
        { kind: 'leverage', subject: after.id, old: a.leverage.toFixed(), new: b.leverage.toFixed(), effects, path: [...path, 'leverage'] },
        `${after.id} leverage ${short(a.leverage)}x → ${short(b.leverage)}x`,
      )
    }
    if (before.marginMode !== after.marginMode) {
      const effects = [
        { position: after.id, figure: 'liquidation price', old: decimalStringOrNull(a.liquidation.price), new: decimalStringOrNull(b.liquidation.price) },
      ]
      add(
        { kind: 'margin-mode', subject: after.id, old: before.marginMode, new: after.marginMode, effects, path: [...path, 'margin_mode'] },
        `${after.id} margin mode ${before.marginMode} → ${after.marginMode}`,
      )
    }
  }
  return out
}

function describeLadderChange(a: readonly LadderTier[], b: readonly LadderTier[]): string {
  const parts: string[] = []
  if (a.length !== b.length) parts.push(`${a.length} → ${b.length} tiers`)
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!, b[i]!]
    const fields: string[] = []
    if (!x.maxNotional.eq(y.maxNotional)) fields.push(`max_notional ${x.maxNotional.toFixed()} → ${y.maxNotional.toFixed()}`)
    if (!x.mmr.eq(y.mmr)) fields.push(`mmr ${x.mmr.toFixed()} → ${y.mmr.toFixed()}`)
    if (!x.maxLeverage.eq(y.maxLeverage)) fields.push(`max_leverage ${x.maxLeverage.toFixed()} → ${y.maxLeverage.toFixed()}`)
    const [ma, mb] = [x.maintenanceAmount?.toFixed() ?? 'derived', y.maintenanceAmount?.toFixed() ?? 'derived']
    if (ma !== mb) fields.push(`maintenance_amount ${ma} → ${mb}`)
    if (fields.length > 0) parts.push(`tier ${i + 1} ${fields.join(', ')}`)
  }
  return parts.join('; ')
}

/** The flat list: one line per finding that changed status, position opened/closed/moved, parameter, order and market. */
function changesOf(result: Omit<DiffResult, 'changes' | 'worse'>, findings: readonly FindingChange[], old: Snapshot, next: Snapshot): Change[] {
  const changes: Change[] = []
  const at = (snapshot: Snapshot, path: YamlPath) => ({ file: snapshot.file, path: formatPath(path), ...snapshot.locate(path) })
  const positionsNew = new Map(next.portfolio.positions.map((p) => [p.id, p]))
  const positionsOld = new Map(old.portfolio.positions.map((p) => [p.id, p]))
  for (const f of findings) {
    if (f.old === f.new) continue
    const worse = statusRank(f.new) > statusRank(f.old)
    const severity: Severity = worse && f.new === 'fail' ? 'fail' : worse && f.new === 'warn' ? 'warn' : 'info'
    const rule = f.new === null ? 'finding-gone' : f.old === null ? 'finding-new' : worse ? 'finding-worse' : 'finding-better'
    const snapshot = f.new === null ? old : next
    const message = `${f.check}: ${f.old ?? 'none'} → ${f.new ?? 'none'}: ${f.message}`
    changes.push({ rule, severity, subject: f.subject, message, file: snapshot.file, path: f.path, line: f.line, column: f.column })
  }
  for (const p of result.positions) {
    if (p.status === 'opened' || p.status === 'closed') {
      const source = p.status === 'opened' ? next : old
      const position = (p.status === 'opened' ? positionsNew : positionsOld).get(p.id)!
      const figures = (p.new ?? p.old)!
      changes.push({
        rule: `position-${p.status}`,
        severity: 'info',
        subject: p.id,
        message: `${p.id} ${p.status}: ${p.market} ${p.side} ${figures.size}, liquidation ${figures.liquidation_price ?? 'none'}`,
        ...at(source, position.path),
      })
      continue
    }
    if (!p.attribution || p.status === 'unchanged') continue
    const position = positionsNew.get(p.id)!
    changes.push({
      rule: 'liquidation-moved',
      severity: 'info',
      subject: p.id,
      message: movedMessage(p),
      ...at(next, position.path),
    })
  }
  for (const { kind, subject, message, path, line, column } of result.parameters)
    changes.push({ rule: `parameter-${kind}`, severity: 'info', subject, message, file: next.file, path, line, column })
  for (const item of [...result.orders, ...result.markets]) {
    const isOrder = result.orders.includes(item)
    const source = item.status === 'removed' ? old : next
    const path = isOrder
      ? (source.portfolio.orders.find((o) => o.id === item.id)?.path ?? ['orders'])
      : (source.portfolio.markets.get(item.id)?.path ?? ['markets'])
    const what = item.fields.map((f) => `${f.field} ${f.old ?? 'none'} → ${f.new ?? 'none'}`).join(', ')
    changes.push({
      rule: `${isOrder ? 'order' : 'market'}-${item.status}`,
      severity: 'info',
      subject: item.id,
      message: `${item.id} ${item.status}${what ? `: ${what}` : ''}`,
      ...at(source, path),
    })
  }
  const order: Record<Severity, number> = { fail: 0, warn: 1, info: 2 }
  return changes.sort((a, b) => order[a.severity] - order[b.severity])
}

/** "btc-long: liquidation 50252.52525 → 53618.08367 (+3365.55842: funding +6.06061, …), distance 16.25% → 7.48%, tier 2 → 2". */
function movedMessage(p: PositionDiff): string {
  const a = p.attribution!
  const signedText = (value: string) => (value.startsWith('-') ? `−${value.slice(1)}` : `+${value}`)
  const parts = a.components
    .filter((c) => c.liquidation_price !== null && !new Decimal(c.liquidation_price).isZero())
    .map((c) => `${c.step} ${signedText(c.liquidation_price!)}`)
  const [from, to] = [a.chain[0]!, a.chain[a.chain.length - 1]!]
  const liquidation = (state: typeof from) => (state.floor ? 'none (valued at 0)' : (state.liquidation_price ?? 'none'))
  const distance = (d: string | null) => (d === null ? 'none' : percent(new Decimal(d)))
  const total = a.total.liquidation_price
  return `${p.id}: liquidation ${liquidation(from)} → ${liquidation(to)}${total !== null ? ` (${signedText(total)}${parts.length > 0 ? `: ${parts.join(', ')}` : ''})` : ''}, distance ${distance(from.distance)} → ${distance(to.distance)}, tier ${p.old!.tier} → ${p.new!.tier}`
}
