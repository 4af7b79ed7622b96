// `perp-check diff … --format html`: the diff's plain data as one page. Each changed position's liquidation-price
// move is a waterfall of its attribution (the components as src/diff rounded them, so they add up to the total on
// screen); a series draws each position's liquidation distance and the account's margin ratio over the
// snapshots, and every oscillating parameter's values, the oscillations and drifts marked.
import type { DiffOutput, DiffResult, PositionDiff, SeriesResult } from '../../diff/types.js'
import { type DiffReportOptions, price } from '../diff.js'
import { percentText } from '../numbers.js'
import { anchor, type Cell, esc, figure, page, table } from './page.js'
import { chart, Plot, percentTick, position, SERIES_COLORS, STATUS_COLOR } from './plot.js'

const WIDTH = 640

export function diffHtml(output: DiffOutput, options: DiffReportOptions): string {
  const body = output.kind === 'series' ? seriesBody(output, options) : diffBody(output, options, true)
  const title =
    output.kind === 'series' ? `perp-check diff: a series of ${output.snapshots.length} snapshots` : `perp-check diff ${output.old.file} → ${output.new.file}`
  return page(title, body)
}

function changesList(d: { changes: DiffResult['changes'] }): string {
  const severe = d.changes.filter((c) => c.severity !== 'info')
  if (severe.length === 0) return '<p>Nothing got worse.</p>'
  return `<ul class="problems">${severe
    .map(
      (c) =>
        `<li><span class="status status-${c.severity}">${c.severity === 'fail' ? '✗' : '⚠'} ${c.severity}</span> ${esc(c.message)} <span class="rule">${esc(c.rule)} ${esc(c.file)}:${c.line}:${c.column}</span></li>`,
    )
    .join('')}</ul>`
}

function diffBody(d: DiffResult, options: DiffReportOptions, top: boolean): string {
  const heading = top
    ? `<header><h1>perp-check diff ${esc(d.old.file)} → ${esc(d.new.file)}</h1><p class="meta">as of ${esc(d.old.as_of)} → ${esc(d.new.as_of)} · venue ${esc(d.new.venue)} · exit ${options.exitCode}</p>
<p class="summary">${d.worse.fail} new fail · ${d.worse.warn} new warn · ${d.changes.length} changes</p></header>`
    : ''
  const positions = d.positions.map((p) => positionDiff(p, d))
  const parameters = d.parameters.length
    ? `<h3>Parameters</h3>${table({ caption: 'Parameters that changed', headers: ['kind', 'subject', 'old', 'new', 'what it did'], rows: d.parameters.map((p) => [p.kind, p.subject, { text: p.old, className: 'wrap' }, { text: p.new, className: 'wrap' }, { text: p.message, className: 'wrap' }]) })}`
    : ''
  return `${heading}<section id="worse"><h2>What got worse</h2>${changesList(d)}</section>
<section id="positions"><h2>Why each liquidation price moved</h2>${positions.join('\n') || '<p>No positions.</p>'}${parameters}</section>`
}

function positionDiff(p: PositionDiff, d: DiffResult): string {
  const renamed = p.old_id ? ` (was ${p.old_id})` : ''
  const title = `<h3 id="${anchor('position', p.id)}">${esc(p.id)}${esc(renamed)} · ${esc(p.market)} ${esc(p.side)} · ${esc(p.status)}</h3>`
  const a = p.attribution
  if (!a || p.status !== 'changed') {
    const f = p.new ?? p.old
    return `${title}<p>liquidation ${esc(price(f?.liquidation_price ?? null))} · distance ${esc(percentText(f?.distance))}</p>`
  }
  const steps = new Map(d.steps.map((s) => [s.step, s.title]))
  const first = a.chain[0]!
  const last = a.chain[a.chain.length - 1]!
  // Each bar runs from the chain's value before its step to the value after it: both are the attribution's own figures.
  const bars = a.components.map((c, i) => {
    const before = a.chain[i]!
    const after = a.chain[i + 1]!
    const y1 = position(before.liquidation_price)
    const y2 = position(after.liquidation_price)
    const change = c.liquidation_price
    // A long is nearer liquidation when its liquidation price rises, a short when it falls.
    const worse = change !== null && change !== '0' && (p.side === 'long') !== change.startsWith('-')
    return { step: c.step, y1, y2, text: signed(c.liquidation_price), kind: c.liquidation_price === null ? 'n/a' : worse ? 'worse' : 'better' }
  })
  const ends = [
    { step: 'old', y1: 0, y2: position(first.liquidation_price), text: first.liquidation_price ?? 'none', kind: 'end' },
    ...bars,
    { step: 'new', y1: 0, y2: position(last.liquidation_price), text: last.liquidation_price ?? 'none', kind: 'end' },
  ].filter((b): b is { step: string; y1: number; y2: number; text: string; kind: string } => b.y1 !== null && b.y2 !== null)
  const values = ends.filter((b) => b.kind !== 'end').flatMap((b) => [b.y1, b.y2])
  const endValues = ends.filter((b) => b.kind === 'end').map((b) => b.y2)
  const all = [...values, ...endValues]
  const [low, high] = [Math.min(...all), Math.max(...all)]
  const pad = (high - low || Math.abs(high) * 0.01 || 1) * 0.25
  // The ends start at the bottom of the visible range, so a small move is not a sliver on a tall bar.
  const floor = low - pad
  const drawn = ends.map((b) => (b.kind === 'end' ? { ...b, y1: floor } : b))
  const order = ['old', ...a.components.map((c) => c.step), 'new']
  const color = { worse: STATUS_COLOR.fail, better: STATUS_COLOR.pass, end: SERIES_COLORS[0]!, 'n/a': STATUS_COLOR.skip }
  const liquidationUp = p.side === 'long'
  // Horizontal: a row per step, its label beside its bar, so a small step is never a label over its neighbour's.
  const right = (b: { y1: number; y2: number }) => Math.max(b.y1, b.y2)
  const svg = chart({
    label: `${p.id}: the liquidation price’s move, step by step`,
    description: `From ${first.liquidation_price ?? 'none'} to ${last.liquidation_price ?? 'none'}: ${a.components.map((c) => `${c.step} ${signed(c.liquidation_price)}`).join(', ')}; total ${signed(a.total.liquidation_price)}`,
    className: 'attribution-waterfall',
    width: WIDTH,
    height: 50 + order.length * 30,
    marginLeft: 60,
    marginRight: 110,
    y: { domain: order, label: null },
    x: { domain: [floor, high + pad], label: 'liquidation price', grid: true },
    marks: [
      Plot.rectX(drawn, { y: 'step', x1: 'y1', x2: 'y2', fill: (b: { kind: keyof typeof color }) => color[b.kind], inset: 4 }),
      Plot.tickX(drawn, { y: 'step', x: 'y2', stroke: 'currentColor', strokeWidth: 2 }),
      Plot.text(drawn, { y: 'step', x: right, text: 'text', dx: 6, textAnchor: 'start', className: 'waterfall-label' }),
    ],
  })
  const rows: Cell[][] = [
    ['old', first.liquidation_price ?? 'none', percentText(first.distance), ''],
    ...a.components.map((c, i) => [
      c.step,
      a.chain[i + 1]!.liquidation_price ?? 'none',
      percentText(a.chain[i + 1]!.distance),
      { text: signed(c.liquidation_price), sort: position(c.liquidation_price) },
    ]),
    [
      'total',
      last.liquidation_price ?? 'none',
      percentText(last.distance),
      { text: signed(a.total.liquidation_price), sort: position(a.total.liquidation_price) },
    ],
  ]
  const figures = table({
    caption: `${p.id}: the attribution (prices to ${a.price_decimals} decimals; the components add up to the total)`,
    headers: ['step', 'liquidation after', 'distance after', 'change'],
    numeric: [1, 2, 3],
    rows,
    className: 'attribution-table',
  })
  const legend = `<details class="note"><summary>What each step changes</summary><dl>${a.components.map((c) => `<dt>${esc(c.step)}</dt><dd>${esc(steps.get(c.step) ?? '')}</dd>`).join('')}</dl></details>`
  const direction = liquidationUp ? 'a long’s liquidation price rising is worse' : 'a short’s liquidation price falling is worse'
  return `<section class="position-diff">${title}<p>liquidation ${esc(first.liquidation_price ?? 'none')} → ${esc(last.liquidation_price ?? 'none')} (${esc(signed(a.total.liquidation_price))}) · distance ${esc(percentText(first.distance))} → ${esc(percentText(last.distance))} · ${esc(direction)}${a.complete ? '' : ` · incomplete: ${esc(a.reason ?? '')}`}</p>${figure(svg, figures)}${legend}</section>`
}

function signed(value: string | null): string {
  if (value === null) return 'n/a'
  return value.startsWith('-') ? `−${value.slice(1)}` : value === '0' ? '0' : `+${value}`
}

function seriesBody(s: SeriesResult, options: DiffReportOptions): string {
  const times = s.snapshots.map((x) => new Date(x.as_of))
  const header = `<header><h1>perp-check diff: a series of ${s.snapshots.length} snapshots</h1><p class="meta">${esc(s.snapshots[0]!.as_of)} → ${esc(s.snapshots[s.snapshots.length - 1]!.as_of)} · exit ${options.exitCode}</p></header>`
  const flags = s.changes.filter((c) => c.rule === 'oscillation' || c.rule.startsWith('drift-'))
  const flagList = flags.length
    ? `<ul class="problems">${flags.map((c) => `<li><span class="status status-${c.severity}">⚠ ${c.severity}</span> ${esc(c.message)} <span class="rule">${esc(c.rule)}</span></li>`).join('')}</ul>`
    : '<p>No oscillation or drift.</p>'
  const drifts = s.drift.map((d) => ({ at: new Date(d.since), text: `${d.kind} since here (${d.subject})` }))
  const trendSeries = [
    ...s.positions.map((p) => ({ name: `${p.id} liquidation distance`, values: p.distance.values })),
    { name: 'account margin ratio', values: s.account.margin_ratio.values },
  ]
  const points = trendSeries
    .flatMap((t) => t.values.map((v, i) => ({ series: t.name, at: times[i]!, y: position(v), text: percentText(v) })))
    .filter((d) => d.y !== null)
  const trendChart = chart({
    label: 'Liquidation distance and margin ratio over the snapshots',
    description: trendSeries.map((t) => `${t.name}: ${t.values.map((v) => percentText(v)).join(' → ')}`).join('; '),
    className: 'series-trends',
    width: WIDTH,
    height: 300,
    marginTop: 30,
    marginRight: 190,
    x: { type: 'utc', label: 'snapshot (UTC)' },
    y: { label: 'fraction', tickFormat: percentTick, grid: true, zero: true },
    color: { domain: trendSeries.map((t) => t.name), range: SERIES_COLORS },
    marks: [
      Plot.ruleX(drifts, { x: 'at', stroke: STATUS_COLOR.warn, strokeDasharray: '5,3', strokeWidth: 2 }),
      Plot.line(points, { x: 'at', y: 'y', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(points, { x: 'at', y: 'y', fill: 'series', r: 3.5 }),
      Plot.text(points, { x: 'at', y: 'y', text: 'text', dy: -10, className: 'trend-label' }),
      Plot.text(points, Plot.selectLast({ x: 'at', y: 'y', z: 'series', text: 'series', fill: 'series', dx: 8, textAnchor: 'start', fontWeight: 'bold' })),
    ],
  })
  const trendTable = table({
    caption: 'Each trend at each snapshot',
    headers: ['snapshot', ...trendSeries.map((t) => t.name)],
    numeric: trendSeries.map((_, i) => i + 1),
    rows: s.snapshots.map((x, i) => [
      { text: x.as_of, sort: Date.parse(x.as_of) },
      ...trendSeries.map((t) => ({ text: percentText(t.values[i]), sort: position(t.values[i]) })),
    ]),
  })
  const oscillations = s.oscillations.map((o, k) => {
    const values = [...new Set(o.values.map((v) => v.value))]
    const steps = o.values.map((v) => ({ at: new Date(v.as_of), value: v.value }))
    const svg = chart({
      label: `${o.parameter} of ${o.subject}: ${o.changes} changes in ${o.window}`,
      description: o.values.map((v) => `${v.as_of}: ${v.value}`).join('; '),
      className: 'series-oscillation',
      width: WIDTH,
      height: 80 + values.length * 34,
      marginLeft: 20,
      marginTop: 20,
      x: { type: 'utc', label: 'snapshot (UTC)', domain: [times[0]!, times[times.length - 1]!] },
      y: { domain: values, label: null, axis: null },
      marks: [
        Plot.line(steps, { x: 'at', y: 'value', curve: 'step-after', stroke: SERIES_COLORS[k % SERIES_COLORS.length], strokeWidth: 2 }),
        Plot.dot(steps, { x: 'at', y: 'value', fill: STATUS_COLOR.warn, r: 5, symbol: 'diamond' }),
        Plot.text(
          values.map((v) => ({ value: v })),
          { x: () => times[0], y: 'value', text: 'value', dy: -12, textAnchor: 'start' },
        ),
      ],
    })
    const figures = table({
      caption: `${o.parameter} of ${o.subject} at each change`,
      headers: ['as of', 'value'],
      rows: o.values.map((v) => [v.as_of, v.value]),
    })
    return `<h3>Oscillating: ${esc(o.parameter)} of ${esc(o.subject)}</h3>${figure(svg, figures)}`
  })
  return `${header}<section id="flags"><h2>Flags</h2>${flagList}</section>
<section id="trends"><h2>Over the snapshots</h2>${figure(trendChart, trendTable)}${oscillations.join('\n')}</section>
<section id="latest"><h2>Newest two snapshots</h2>${diffBody(s.latest, options, false)}</section>`
}
