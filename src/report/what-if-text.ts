// The gate in the text report: an "if filled" table under each planned order asked for (--order, --what-if)
// and under all of them together (now and once filled: each position of the orders' markets, the cross
// account's ratio, the stress breaking point, funding over the hold, and the items whose status changes), then
// --max-size's answer. Laid out from the what_if and max_size records; nothing is computed here.
import { Decimal } from '../decimal.js'
import type { Status } from '../engine/types.js'
import type { MarketFormat, Report } from './build.js'
import { bpsText, moneyText, percentText, priceText, sizeText } from './numbers.js'
import type { MaxSizeRecord, WhatIfRecord, WhatIfState } from './records/types.js'

/** Lines laid out as columns, printed as they are. */
interface Table {
  lines: string[]
}

type Paint = Record<Status | 'dim' | 'bold', (text: string) => string>
type Fill = WhatIfRecord['fills'][number]
type StatePosition = WhatIfState['positions'][number]

const MARK: Record<Status, string> = { pass: '✓', info: 'ℹ', warn: '⚠', fail: '✗', skip: '–' }

/** Emits a line wrapped to the report's width: the first line at `indent`, the rest at `hang`. */
export type Emit = (text: string, indent: number, colour?: (line: string) => string, hang?: number) => void

/** The gate's sections, through `emit` (text.ts's, which wraps to the width); an empty line after each. */
export function gateSections(report: Report, paint: Paint, emit: Emit, push: (line: string) => void): void {
  const formats = new Map(report.markets.map((m) => [m.symbol, m]))
  const put = (lines: (string | Table)[]) => {
    for (const line of lines) {
      if (typeof line !== 'string') {
        // A table's lines are never wrapped.
        for (const [i, l] of line.lines.entries()) push(i === 0 ? paint.dim(`  ${l}`) : `  ${l}`)
        continue
      }
      const indent = line.length - line.trimStart().length
      emit(line.trimStart(), indent, undefined, indent + 4)
    }
    push('')
  }
  for (const w of report.records.what_if ?? []) put(whatIfLines(w, formats, paint))
  const leftOut = report.records.what_if_left_out ?? []
  if (leftOut.length > 0) put([`${leftOut.length} more planned orders have no what-if of their own, only the all-orders one: ${leftOut.join(', ')}`])
  if (report.records.max_size) put(maxSizeLines(report.records.max_size, formats, paint))
}

function fillWords(fill: Fill, format: MarketFormat | undefined): string {
  const tick = format?.tick ?? '0.01'
  const limit = fill.type === 'market' ? '' : ` @ ${priceText(fill.price, tick)}`
  const effect =
    fill.effect === 'rejected'
      ? 'rejected: reduce-only with nothing to reduce'
      : fill.effect === 'opens'
        ? `opens ${fill.position}`
        : `${fill.effect} ${fill.effect === 'adds' ? 'to ' : ''}${fill.position ?? fill.position_before}`
  return `${fill.order}: ${fill.type} ${fill.side} ${sizeText(fill.size)} ${fill.market}${limit}, ${effect}`
}

function whatIfLines(w: WhatIfRecord, formats: ReadonlyMap<string, MarketFormat>, paint: Paint): (string | Table)[] {
  const { fills, before, after, judged } = w
  const worst: Status = judged.failures > 0 || judged.fail > 0 ? 'fail' : judged.warn > 0 ? 'warn' : 'pass'
  const out: (string | Table)[] = []
  const title =
    w.scope === 'all'
      ? `If all ${fills.length} planned orders fill`
      : w.scope === 'command line'
        ? `If the command line's ${fills.length} orders fill, one after another`
        : `If filled · ${fillWords(fills[0]!, formats.get(fills[0]!.market))}`
  out.push(paint.bold(`${title}`))
  for (const fill of fills) {
    const format = formats.get(fill.market)
    const how = fill.passive ? 'rests until the market trades there' : fill.price_source
    const lead = w.scope === 'order' ? '' : `${fillWords(fill, format)}; `
    out.push(
      `  ${lead}fill ${priceText(fill.price, format?.tick ?? '0.01')} (${how}) · fee ${moneyText(fill.fee, format?.quote ?? '')} · slippage ${bpsText(fill.slippage_bps)}`,
    )
  }
  const markets = new Set(fills.map((f) => f.market))
  const was = new Map(before.positions.map((p) => [p.id, p]))
  const now = new Map(after.positions.map((p) => [p.id, p]))
  const ids = [...new Set([...was.keys(), ...now.keys()])]
  const shown = ids.filter((id) => markets.has((now.get(id) ?? was.get(id))!.market))
  const cells = (p: StatePosition | undefined, format: MarketFormat | undefined) =>
    p
      ? [
          `${p.side} ${sizeText(p.size)}`,
          priceText(p.entry_price, format?.tick ?? '0.01'),
          String(p.tier ?? '—'),
          moneyText(p.maintenance_margin, '').trim(),
          priceText(p.liquidation_price, format?.tick ?? '0.01'),
          percentText(p.liquidation_distance),
        ]
      : ['closed', '', '', '', '', '']
  const table: string[][] = [['', '', 'size', 'entry', 'tier', 'maint.', 'liq.', 'dist']]
  for (const id of shown) {
    const format = formats.get((now.get(id) ?? was.get(id))!.market)
    table.push([id, 'now', ...(was.has(id) ? cells(was.get(id), format) : ['—', '', '', '', '', ''])])
    table.push(['', 'filled', ...cells(now.get(id), format)])
  }
  if (shown.length > 0) out.push({ lines: aligned(table) })
  const others = ids.filter((id) => !shown.includes(id) && was.has(id) && now.has(id))
  if (others.length > 0) {
    const distance = (p: StatePosition) => new Decimal(p.liquidation_distance ?? 0)
    const moves = others.map((id) => ({ id, by: distance(now.get(id)!).minus(distance(was.get(id)!)) }))
    const most = moves.reduce((a, b) => (b.by.abs().gt(a.by.abs()) ? b : a))
    out.push(
      `  ${others.length} other cross position${others.length === 1 ? '' : 's'}: the largest move of a liquidation distance ${signed(most.by.mul(100).toFixed(3))} points (${most.id})`,
    )
  }
  const { account } = before
  const accountAfter = after.account
  const breaking = (state: WhatIfState) => percentText(state.breaking_point?.down, true)
  out.push(
    `  account: wallet ${moneyText(account.wallet_balance, '').trim()} → ${moneyText(accountAfter.wallet_balance, '').trim()} · margin ratio ${percentText(account.margin_ratio)} → ${percentText(accountAfter.margin_ratio)} · breaking point ${breaking(before)} → ${breaking(after)} · funding over the hold ${moneyText(before.funding_over_hold, '').trim()} → ${moneyText(after.funding_over_hold, '').trim()}`,
  )
  for (const change of w.changed_status) {
    // A change has a status on one side at least.
    const status = (change.after ?? change.before)!
    const from = change.before ? MARK[change.before] : 'new'
    const to = change.after ? MARK[change.after] : 'gone'
    out.push(paint[status](`  ${from} → ${to} ${change.rule} ${change.subject}: ${change.message}`))
  }
  if (w.changed_status.length === 0) out.push(paint.dim('  no item changes status'))
  const counts = `${judged.fail} fail, ${judged.warn} warn${judged.failures > 0 ? `, ${judged.failures} could not run` : ''}`
  out.push(paint[worst](`  ${MARK[worst]} once filled: ${counts}`))
  return out
}

function maxSizeLines(m: MaxSizeRecord, formats: ReadonlyMap<string, MarketFormat>, paint: Paint): string[] {
  const { order, limit } = m
  const format = formats.get(order.market)
  const what = `${order.side} ${order.market}${order.price ? ` @ ${priceText(order.price, format?.tick ?? '0.01')}` : ''}`
  const step = `step ${sizeText(m.step)}${m.step_source === 'inferred' ? ', inferred from the sizes the file writes (step= sets it)' : ''}`
  const status = m.binding_status === 'warn' ? 'warns' : 'fails'
  const binding = `${m.binding_rule} ${status}${m.binding_subject ? ` (${m.binding_subject})` : ''}: ${m.binding_message}`
  const lines = [paint.bold(`Largest size · ${what} (${step})`)]
  if (m.size === null && m.next_size === null) {
    lines.push(paint.fail(`  ✗ no size: the ${limit.kind} leaves less than one step (${sizeText(limit.size)})`))
  } else if (m.size === null) {
    lines.push(paint.fail(`  ✗ even ${sizeText(m.next_size)} fails: ${binding}`))
  } else if (m.limit_reached) {
    const figure =
      limit.kind === 'ladder'
        ? `the ladder's last cap, notional ${moneyText(limit.figure, format?.quote ?? '')}`
        : `the book's visible depth, ${sizeText(limit.figure)}`
    lines.push(paint.pass(`  ✓ ${sizeText(m.size)}: no check binds up to ${figure}`))
  } else {
    lines.push(paint.pass(`  ✓ ${sizeText(m.size)} ${order.market}; at ${sizeText(m.next_size)} ${binding}`))
  }
  return lines
}

/** A figure with its sign: +1.330, −0.028. */
function signed(text: string): string {
  return text.startsWith('-') ? `−${text.slice(1)}` : `+${text}`
}

/** Columns padded to their widest cell, the first two left-aligned and the figures right-aligned. */
function aligned(table: string[][]): string[] {
  const widths = table[0]!.map((_, i) => table.reduce((widest, r) => Math.max(widest, [...(r[i] ?? '')].length), 0))
  return table.map((r) =>
    r
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  )
}
