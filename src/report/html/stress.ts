// The account under stress: margin ratio and equity against the move with the breaking points, the stress grid
// as a heatmap, the blast radius, correlation breaks and cascades.
import type { Finding } from '../../engine/types.js'
import { moneyText, percentText } from '../numbers.js'
import { esc, figure, statusBadge, table } from './page.js'
import { chart, Plot, percentTick, position, SERIES_COLORS, STATUS_COLOR } from './plot.js'
import { type JsonRecord, list, rec, str, strings } from './read.js'
import { type Context, num, seriesNames, WIDTH } from './context.js'

/** Rows of the stress heatmap besides the account (the positions liquidated earliest). */
const HEATMAP_POSITIONS = 30

export function stressSection(context: Context): string {
  const stress = context.report.records.stress
  const account = context.report.records.account
  if (!stress)
    return '<section id="account"><h2>The account under stress</h2><p class="note">The stress view was not computed (no check that reads it ran).</p></section>'
  const quote = context.report.markets[0]?.quote ?? ''
  const scenarios = list(stress, 'scenarios')
  const breaking = rec(stress, 'breaking_point')
  const down = str(breaking, 'down')
  const up = str(breaking, 'up')
  const firstPosition = rec(breaking, 'first_position')
  const points = scenarios.flatMap((s) => {
    const move = position(str(s, 'move'))!
    const cross = rec(s, 'cross')
    return [
      { move, series: 'whole account', ratio: position(str(s, 'margin_ratio')), value: str(s, 'margin_ratio') },
      ...(cross ? [{ move, series: 'cross margin', ratio: position(str(cross, 'margin_ratio')), value: str(cross, 'margin_ratio') }] : []),
    ]
  })
  const now = str(account, 'margin_ratio')
  const ratioPoints = [...points, ...(now ? [{ move: 0, series: 'cross margin', ratio: position(now), value: now }] : [])]
    .filter((d) => d.ratio !== null)
    .sort((a, b) => a.move - b.move)
  const breaks = [
    ...(down ? [{ move: position(down)!, text: `breaking point ${percentText(down, true)} (${String(firstPosition?.down ?? '')})` }] : []),
    ...(up ? [{ move: position(up)!, text: `breaking point ${percentText(up, true)} (${String(firstPosition?.up ?? '')})` }] : []),
  ]
  const breakMarks = [
    Plot.ruleX(breaks, { x: 'move', stroke: STATUS_COLOR.fail, strokeWidth: 2, strokeDasharray: '6,3' }),
    Plot.text(breaks, {
      x: 'move',
      frameAnchor: 'top',
      text: 'text',
      dy: 4,
      dx: 4,
      textAnchor: 'start',
      fill: STATUS_COLOR.fail,
      fontWeight: 'bold',
      className: 'breaking-label',
    }),
  ]
  const ratioChart = chart({
    label: 'Margin ratio against the market move',
    description: `Margin ratio (maintenance ÷ margin balance) at each market-wide move of the stress grid, whole account and cross margin; breaking points ${breaks.map((b) => b.text).join(', ') || 'none'}`,
    className: 'stress-ratio',
    width: WIDTH,
    height: 300,
    marginTop: 30,
    x: { label: 'market move', tickFormat: (d: number) => `${Math.round(d * 100)}%` },
    y: { label: 'margin ratio', tickFormat: percentTick, zero: true },
    marginRight: 110,
    color: { domain: ['whole account', 'cross margin'], range: [SERIES_COLORS[0]!, SERIES_COLORS[1]!] },
    marks: [
      Plot.ruleY([0]),
      Plot.line(ratioPoints, { x: 'move', y: 'ratio', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(ratioPoints, { x: 'move', y: 'ratio', fill: 'series', r: 3.5 }),
      ...seriesNames(ratioPoints, 'move', 'ratio'),
      ...breakMarks,
    ],
  })
  const ratioTable = table({
    caption: 'Margin ratio per market move',
    headers: ['move', 'equity', 'maintenance', 'margin ratio', 'cross ratio', 'liquidated'],
    numeric: [0, 1, 2, 3, 4],
    rows: scenarios.map((s) => {
      const cross = rec(s, 'cross')
      return [
        num(percentText(str(s, 'move'), true), str(s, 'move')),
        num(moneyText(str(s, 'equity'), quote), str(s, 'equity')),
        num(moneyText(str(s, 'maintenance_margin'), quote), str(s, 'maintenance_margin')),
        num(percentText(str(s, 'margin_ratio')), str(s, 'margin_ratio')),
        num(percentText(str(cross, 'margin_ratio')), str(cross, 'margin_ratio')),
        strings(s, 'liquidated').join(', ') || '—',
      ]
    }),
  })
  const equityPoints = scenarios.flatMap((s) => {
    const move = position(str(s, 'move'))!
    return [
      { move, series: 'equity', y: position(str(s, 'equity')) },
      { move, series: 'maintenance', y: position(str(s, 'maintenance_margin')) },
    ]
  })
  const equityChart = chart({
    label: 'Equity and maintenance margin against the market move',
    description: 'The account’s equity and its maintenance margin at each market-wide move; where the lines meet the account is liquidated',
    className: 'stress-equity',
    width: WIDTH,
    height: 280,
    marginTop: 30,
    marginLeft: 70,
    x: { label: 'market move', tickFormat: (d: number) => `${Math.round(d * 100)}%` },
    y: { label: quote ? `amount (${quote})` : 'amount', zero: true, grid: true },
    marginRight: 110,
    color: { domain: ['equity', 'maintenance'], range: [SERIES_COLORS[2]!, STATUS_COLOR.fail] },
    marks: [
      Plot.line(equityPoints, { x: 'move', y: 'y', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(equityPoints, { x: 'move', y: 'y', fill: 'series', r: 3 }),
      ...seriesNames(equityPoints, 'move', 'y'),
      ...breakMarks,
    ],
  })
  return `<section id="account"><h2>The account under stress</h2>
<p>${account ? `Now: margin balance ${esc(moneyText(str(account, 'margin_balance'), quote))}, maintenance ${esc(moneyText(str(account, 'maintenance_margin'), quote))}, margin ratio ${esc(percentText(str(account, 'margin_ratio')))}. ` : ''}Breaking point: down ${esc(down ? percentText(down, true) : 'none')}${down ? ` (${esc(String(firstPosition?.down ?? ''))})` : ` — ${esc(String(rec(breaking, 'reason')?.down ?? ''))}`}, up ${esc(up ? percentText(up, true) : 'none')}${up ? ` (${esc(String(firstPosition?.up ?? ''))})` : ` — ${esc(String(rec(breaking, 'reason')?.up ?? ''))}`}.</p>
${figure(ratioChart, ratioTable)}
${figure(equityChart, '<p class="note">The figures are in the table above.</p>')}
${heatmap(context, scenarios)}
${blastRadius(stress, quote)}
${correlationBreaks(stress, quote)}
${cascades(stress, quote)}
</section>`
}

/** The stress grid as a heatmap: the account's status at each move (the stress check's items), and each position held or liquidated. */
function heatmap(context: Context, scenarios: JsonRecord[]): string {
  const byMove = new Map<string, Finding>()
  for (const f of context.report.findings) if (f.rule === 'stress/scenario' && typeof f.figures.move === 'string') byMove.set(f.figures.move, f)
  const moves = scenarios.map((s) => str(s, 'move')!).filter(Boolean)
  const columns = moves.map((m) => percentText(m, true))
  const firstLiquidated = new Map<string, number>()
  for (const s of scenarios) {
    const move = Math.abs(position(str(s, 'move')) ?? 0)
    for (const id of strings(s, 'liquidated')) if (!firstLiquidated.has(id) || move < firstLiquidated.get(id)!) firstLiquidated.set(id, move)
  }
  const rowsShown = [...firstLiquidated]
    .sort((a, b) => a[1] - b[1])
    .slice(0, HEATMAP_POSITIONS)
    .map(([id]) => id)
  const cells = [
    ...moves.map((move, i) => ({ row: 'account', column: columns[i]!, status: byMove.get(move)?.status ?? 'skip' })),
    ...rowsShown.flatMap((id) =>
      scenarios.map((s, i) => ({ row: id, column: columns[i]!, status: strings(s, 'liquidated').includes(id) ? 'liquidated' : 'held' })),
    ),
  ].map((c) => ({ ...c, title: `${c.row} at ${c.column}: ${c.status}`, short: shortStatus(c.status) }))
  const statuses = ['fail', 'warn', 'pass', 'info', 'skip', 'liquidated', 'held'] as const
  const svg = chart({
    label: 'Stress grid: status at each market move',
    description: `The account’s stress status at each move, and the ${rowsShown.length} positions liquidated in some scenario, held or liquidated at each move`,
    className: 'stress-heatmap',
    width: WIDTH,
    height: 70 + (rowsShown.length + 1) * 28,
    marginLeft: 110,
    marginTop: 30,
    x: { domain: columns, label: null, axis: 'top' },
    y: { domain: ['account', ...rowsShown], label: null },
    color: { domain: [...statuses], range: statuses.map((s) => STATUS_COLOR[s]) },
    marks: [
      Plot.cell(cells, { x: 'column', y: 'row', fill: 'status', inset: 1, title: 'title', className: 'heat-cell' }),
      Plot.text(cells, { x: 'column', y: 'row', text: 'short', fill: '#ffffff', fontWeight: 'bold' }),
    ],
  })
  const figures = table({
    caption: 'Stress grid (the heatmap’s cells)',
    headers: ['subject', ...columns],
    rows: [
      ['account', ...scenarios.map((_, i) => ({ text: byMove.get(moves[i]!)?.status ?? 'skip', html: statusBadge(byMove.get(moves[i]!)?.status ?? 'skip') }))],
      ...rowsShown.map((id) => [id, ...scenarios.map((s) => (strings(s, 'liquidated').includes(id) ? 'liquidated' : 'held'))]),
    ],
    className: 'heatmap-table',
  })
  return `<h3 id="stress-grid">The stress grid: each market move’s status</h3>${figure(svg, figures)}`
}

function shortStatus(status: string): string {
  return { fail: '✗ fail', warn: '⚠ warn', pass: '✓ pass', info: 'info', skip: 'skip', liquidated: 'liq.', held: 'held' }[status] ?? status
}

function blastRadius(stress: JsonRecord, quote: string): string {
  const blast = rec(stress, 'blast_radius')
  if (!blast || str(blast, 'reason')) return `<h3>Blast radius</h3><p class="note">${esc(str(blast, 'reason') ?? 'not computed')}</p>`
  const cross = rec(blast, 'cross')
  const isolated = rec(blast, 'isolated')
  const bars = [
    { mode: 'cross', kind: 'loss', value: str(cross, 'loss') },
    { mode: 'isolated', kind: 'loss', value: str(isolated, 'loss') },
  ].map((b) => ({ ...b, x: position(b.value) ?? 0, text: moneyText(b.value, quote) }))
  const move = str(blast, 'move')
  const svg = chart({
    label: `Blast radius at ${percentText(move, true)}: the loss held cross against isolated`,
    description: bars.map((b) => `${b.mode}: loss ${b.text}`).join('; '),
    className: 'blast-radius',
    width: WIDTH,
    height: 140,
    marginLeft: 80,
    marginRight: 110,
    x: { label: quote ? `loss (${quote})` : 'loss', zero: true, grid: true },
    y: { domain: ['cross', 'isolated'], label: null },
    marks: [
      Plot.barX(bars, { x: 'x', y: 'mode', fill: (d: { mode: string }) => (d.mode === 'cross' ? SERIES_COLORS[0] : SERIES_COLORS[1]) }),
      Plot.text(bars, { x: 'x', y: 'mode', text: 'text', dx: 6, textAnchor: 'start' }),
    ],
  })
  const figures = table({
    caption: `Blast radius at ${percentText(move, true)}`,
    headers: ['held', 'loss', 'gain', 'liquidated'],
    numeric: [1, 2],
    rows: [cross, isolated].map((r, i) => [
      i === 0 ? 'cross' : 'isolated',
      num(moneyText(str(r, 'loss'), quote), str(r, 'loss')),
      num(moneyText(str(r, 'gain'), quote), str(r, 'gain')),
      strings(r, 'liquidated').join(', ') || '—',
    ]),
  })
  return `<h3>Blast radius: isolated against cross</h3>${figure(svg, figures)}`
}

function correlationBreaks(stress: JsonRecord, quote: string): string {
  const breaks = list(stress, 'correlation_breaks')
  if (breaks.length === 0) return ''
  return `<h3 id="correlation-breaks">Correlation breaks</h3>${table({
    caption: 'Each hedge pair’s legs moved apart by the spread’s daily σ',
    headers: ['legs', 'moves', 'spread σ', 'equity before', 'equity after', 'liquidated'],
    numeric: [3, 4],
    rows: breaks.map((b) => {
      const moves = rec(b, 'moves')
      return [
        strings(b, 'legs').join(' / '),
        str(b, 'reason') ??
          Object.entries(moves ?? {})
            .map(([m, v]) => `${m} ${percentText(v as string, true)}`)
            .join(', '),
        percentText(str(b, 'spread_sigma')),
        num(moneyText(str(b, 'equity_before'), quote), str(b, 'equity_before')),
        num(moneyText(str(b, 'equity_after'), quote), str(b, 'equity_after')),
        strings(b, 'liquidated').join(', ') || '—',
      ]
    }),
  })}
${correlationCurves(stress, quote)}`
}

/** Correlation-break scenarios drawn: the ones whose cross account breaks at the smallest spread move first. */
const CURVES_DRAWN = 6

/** A correlation curve's name: its first pair, and how many more pairs share the scenario. */
function curveName(curve: JsonRecord): string {
  const pairs = Array.isArray(curve.pairs) ? curve.pairs.filter((p) => Array.isArray(p)) : []
  return `${(pairs[0] ?? []).join(' / ')}${pairs.length > 1 ? ` (+${pairs.length - 1} pairs)` : ''}`
}

/** "ETHUSDT −29.8%, SOLUSDT +36.2%": each leg market's move. */
function legMoves(moves: JsonRecord | null): string {
  return Object.entries(moves ?? {})
    .map(([m, v]) => `${m} ${percentText(v as string, true)}`)
    .join(', ')
}

/** The label of a correlation curve's breaking point: the spread move and each leg's move there. */
export function correlationBreakingLabel(curve: JsonRecord): string | null {
  const breaking = rec(curve, 'breaking_point')
  return breaking && `${curveName(curve)}: breaking point at spread ${percentText(str(breaking, 'spread_move'), true)} (${legMoves(rec(breaking, 'moves'))})`
}

/**
 * Each correlation break as a scenario family: the cross account's margin ratio, and its margin balance against
 * its maintenance, as the break's two-market move grows; the 3σ break and the breaking point marked on each curve.
 */
function correlationCurves(stress: JsonRecord, quote: string): string {
  const all = list(stress, 'correlation_curves')
  if (all.length === 0) return ''
  const breakingMove = (c: JsonRecord) => position(str(rec(c, 'breaking_point'), 'spread_move')) ?? Number.POSITIVE_INFINITY
  const drawn = all
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => list(c, 'points').length > 0)
    .sort((a, b) => breakingMove(a.c) - breakingMove(b.c) || a.i - b.i)
    .slice(0, CURVES_DRAWN)
    .map(({ c }) => c)
  const names = drawn.map(curveName)
  const colors = { domain: names, range: names.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]!) }
  const points = drawn.flatMap((c, k) =>
    list(c, 'points').map((p) => ({
      series: names[k]!,
      x: position(str(p, 'spread_move'))!,
      ratio: position(str(p, 'margin_ratio')),
      balance: position(str(p, 'margin_balance'))!,
      maintenance: position(str(p, 'maintenance_margin'))!,
      title: `${names[k]} at spread ${percentText(str(p, 'spread_move'), true)}: margin ratio ${percentText(str(p, 'margin_ratio'))}`,
      point: p,
      curve: c,
    })),
  )
  // Past its breaking point the cross account is liquidated: its ratio is drawn up to there, its balance on.
  const ratios = points.filter((d) => d.ratio !== null && !(position(str(d.point, 'spread_move'))! > breakingMove(d.curve)))
  const isBreak = (d: (typeof points)[number]) => str(d.point, 'spread_move') === str(d.curve, 'break_spread_move')
  const isBreaking = (d: (typeof points)[number]) => str(d.point, 'spread_move') === str(rec(d.curve, 'breaking_point'), 'spread_move')
  const breakings = drawn.flatMap((c, k) => {
    const breaking = rec(c, 'breaking_point')
    const at = list(c, 'points').find((p) => str(p, 'spread_move') === str(breaking, 'spread_move'))
    return breaking && at
      ? [
          {
            series: names[k]!,
            x: position(str(breaking, 'spread_move'))!,
            ratio: position(str(at, 'margin_ratio'))!,
            balance: position(str(at, 'margin_balance'))!,
            text: `breaking point ${percentText(str(breaking, 'spread_move'), true)}`,
            moves: legMoves(rec(breaking, 'moves')),
            full: correlationBreakingLabel(c)!,
          },
        ]
      : []
  })
  const spreadAxis = { label: 'spread move (both legs against the trader)', tickFormat: percentTick }
  // Each breaking point: its spread move in bold, the legs' moves under it; below-left of the mark on the ratio
  // chart (the 100% line is above), above-right on the balance chart (the balance falls away to the right).
  const breakingLabels = (y: 'ratio' | 'balance') => {
    const place = y === 'ratio' ? { textAnchor: 'end' as const, dx: -12, dy: 16 } : { textAnchor: 'start' as const, dx: 12, dy: -30 }
    return [
      Plot.text(breakings, { x: 'x', y, text: 'text', fill: STATUS_COLOR.fail, fontWeight: 'bold', ...place, className: 'correlation-breaking-label' }),
      Plot.text(breakings, { x: 'x', y, text: 'moves', fill: STATUS_COLOR.fail, ...place, dy: place.dy + 15, className: 'correlation-breaking-moves' }),
    ]
  }
  const key = Plot.text(['○ each pair’s 3σ break   ◆ its breaking point'], { frameAnchor: 'top-left', dx: 8, dy: 4, textAnchor: 'start', fill: 'currentColor' })
  const ratioChart = chart({
    label: 'Cross margin ratio against each correlation break’s spread move',
    description: `The cross account’s margin ratio as each hedge pair’s legs move apart, the 3σ break ringed; breaking points ${breakings.map((b) => b.full).join('; ') || 'none within the search'}`,
    className: 'stress-correlation',
    width: WIDTH,
    height: 300,
    marginTop: 30,
    marginRight: 150,
    x: spreadAxis,
    // A log scale: a ratio of 1.4% on its way to 100% reads as the distance it is, not a flat line and a wall.
    y: { label: 'cross margin ratio (log)', type: 'log', tickFormat: percentTick },
    color: colors,
    marks: [
      ...(breakings.length > 0 ? [Plot.ruleY([1], { stroke: STATUS_COLOR.fail, strokeDasharray: '4,3' })] : []),
      Plot.line(ratios, { x: 'x', y: 'ratio', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(ratios, { x: 'x', y: 'ratio', fill: 'series', r: 3, title: 'title', className: 'correlation-point' }),
      Plot.dot(ratios.filter(isBreak), { x: 'x', y: 'ratio', stroke: 'series', r: 7, strokeWidth: 2, fill: 'none' }),
      key,
      ...seriesNames(ratios, 'x', 'ratio'),
      Plot.dot(breakings, { x: 'x', y: 'ratio', fill: STATUS_COLOR.fail, r: 6, symbol: 'diamond' }),
      ...breakingLabels('ratio'),
    ],
  })
  const lines = points.flatMap((d) => [
    { series: d.series, kind: 'margin balance', key: `${d.series} margin balance`, x: d.x, y: d.balance },
    { series: d.series, kind: 'maintenance', key: `${d.series} maintenance`, x: d.x, y: d.maintenance },
  ])
  const equityChart = chart({
    label: 'Cross margin balance and maintenance against each correlation break’s spread move',
    description:
      'For each hedge pair, the cross account’s margin balance (solid) and its maintenance margin (dashed) as the legs move apart; where they meet is the breaking point',
    className: 'stress-correlation-equity',
    width: WIDTH,
    height: 280,
    marginTop: 30,
    marginLeft: 70,
    marginRight: 150,
    x: spreadAxis,
    y: { label: quote ? `cross account (${quote})` : 'cross account', zero: true, grid: true },
    color: colors,
    marks: [
      Plot.line(
        lines.filter((l) => l.kind === 'margin balance'),
        { x: 'x', y: 'y', z: 'key', stroke: 'series', strokeWidth: 2 },
      ),
      Plot.line(
        lines.filter((l) => l.kind === 'maintenance'),
        { x: 'x', y: 'y', z: 'key', stroke: 'series', strokeWidth: 2, strokeDasharray: '5,3' },
      ),
      ...seriesNames(
        lines.filter((l) => l.kind === 'margin balance'),
        'x',
        'y',
      ),
      Plot.dot(breakings, { x: 'x', y: 'balance', fill: STATUS_COLOR.fail, r: 6, symbol: 'diamond' }),
      ...breakingLabels('balance'),
    ],
  })
  const figures = table({
    caption: 'The cross account along each correlation break',
    headers: ['pair', 'spread move', 'margin balance', 'maintenance', 'margin ratio', 'point'],
    numeric: [1, 2, 3, 4],
    rows: points.map((d) => [
      d.series,
      num(percentText(str(d.point, 'spread_move'), true), str(d.point, 'spread_move')),
      num(moneyText(str(d.point, 'margin_balance'), quote), str(d.point, 'margin_balance')),
      num(moneyText(str(d.point, 'maintenance_margin'), quote), str(d.point, 'maintenance_margin')),
      num(percentText(str(d.point, 'margin_ratio')), str(d.point, 'margin_ratio')),
      isBreaking(d) ? 'breaking point' : isBreak(d) ? '3σ break' : '',
    ]),
  })
  // Each scenario's breaking point (or why none), and how its legs move per unit of spread move s (each point's
  // leg moves are these times its spread move).
  const weights = (c: JsonRecord) =>
    Object.entries(rec(c, 'weights') ?? {})
      .map(([m, w]) => `${m} ${percentText(w as string, true)} of s`)
      .join(', ')
  const summary = all
    .map((c) => `<li>${esc(`${correlationBreakingLabel(c) ?? `${curveName(c)}: ${str(c, 'reason') ?? 'no breaking point'}`}; legs ${weights(c)}`)}</li>`)
    .join('')
  const left = all.length > drawn.length ? `<p class="note">${all.length - drawn.length} more scenarios are listed above but not drawn.</p>` : ''
  return `<h4>Each correlation break as a scenario: the cross account as the legs move apart</h4>
<ul class="correlation-breaking-points">${summary}</ul>${left}
${figure(ratioChart, figures)}
${figure(equityChart, '<p class="note">The figures are in the table above.</p>')}`
}

function cascades(stress: JsonRecord, quote: string): string {
  const items = list(stress, 'cascades')
  if (items.length === 0) return ''
  return `<h3>Cascades</h3>${table({
    caption: 'Liquidations setting off others',
    headers: ['move', 'chain', 'total loss', 'equity after', 'account survives'],
    numeric: [0, 2, 3],
    rows: items.map((c) => [
      num(percentText(str(c, 'move'), true), str(c, 'move')),
      {
        text: list(c, 'chain')
          .map((l) => `${l.position} (${l.set_off_by})`)
          .join(' → '),
        className: 'wrap',
      },
      num(moneyText(str(c, 'total_loss'), quote), str(c, 'total_loss')),
      num(moneyText(str(c, 'equity_after'), quote), str(c, 'equity_after')),
      c.account_survives === true ? 'yes' : 'no',
    ]),
  })}`
}
