// `--format html`: the report as one self-contained page. It lays out the same plain Report the JSON reporter
// renders (docs/report.md#html) and computes no figure: every label is a record's exact string printed the way
// the text report prints it (prices at the market's tick, money to the cent, percentages and σ to 3 digits).
import { SEVERITY } from '../../engine/types.js'
import type { Report } from '../build.js'
import { moneyText, percentText, priceText } from '../numbers.js'
import type { ReportOptions } from '../options.js'
import { worstFirst, worstItem } from '../order.js'
import { anchor, esc, figure, page, statusBadge, table } from './page.js'
import { chart, Plot, position, SERIES_COLORS } from './plot.js'
import { type JsonRecord, list, rec, str } from './read.js'
import { type Context, format, num, WIDTH } from './context.js'
import { positionsSection, worstPositions } from './positions.js'
import { stressSection } from './stress.js'
import { ordersSection } from './orders.js'

/** Problems listed open; the rest are one click away (every one is there). */
const PROBLEMS_SHOWN = 40

export function html(report: Report, options: ReportOptions): string {
  const markets = new Map(report.markets.map((m) => [m.symbol, m]))
  const anchors = new Map(report.subjects.map((s) => [s.id, anchor(s.kind, s.id)]))
  const sigma = new Map(
    report.findings
      .filter((f) => f.rule === 'liquidation-distance/position' && typeof f.figures.distance_sigma === 'string')
      .map((f) => [f.subject, f.figures.distance_sigma as string]),
  )
  const context: Context = { report, markets, anchors, sigma }
  const charted = worstPositions(report.records.positions)
  const sections = [
    header(report, options),
    problems(context),
    positionsSection(context, charted),
    stressSection(context),
    ordersSection(context),
    fundingSection(context, charted),
    marketsSection(context),
  ]
  return page(`perp-check · ${report.file}`, sections.join('\n'))
}

function header(report: Report, options: ReportOptions): string {
  const { counts } = report
  const worst = worstItem(report.findings)
  const assumptions = report.assumptions.map(
    (a) =>
      `<li><code>${esc(a.name)}</code> = ${esc(a.value)} <span class="note">(${esc(a.source)}${a.applies_to.length ? `; ${esc(a.applies_to.join(', '))}` : ''})</span></li>`,
  )
  return `<header>
<h1>perp-check ${esc(report.file)}</h1>
<p class="meta">as of ${esc(report.asOf)} · venue ${esc(report.venue)} · sha256 ${esc(report.sha256.slice(0, 12))}… · perp-check ${esc(options.version)}</p>
<p class="summary">${counts.fail} fail · ${counts.warn} warn · ${counts.info} info · ${counts.pass} pass · ${counts.skip} skip · exit ${options.exitCode}${worst ? ` · worst: ${statusBadge(worst.status)} ${esc(worst.subject)} ${esc(worst.rule)}` : ''}</p>
${report.failures.length ? `<p class="status status-fail">${report.failures.length} check(s) or view(s) could not run (exit 2): ${esc(report.failures.map((f) => ('check' in f ? f.check : f.view)).join(', '))}</p>` : ''}
${assumptions.length ? `<details><summary>assumed: ${assumptions.length} default(s) that changed a figure</summary><ul>${assumptions.join('')}</ul></details>` : ''}
<nav aria-label="sections"><ul><li><a href="#problems">Problems</a></li><li><a href="#positions">Positions</a></li><li><a href="#account">Account under stress</a></li><li><a href="#orders">Orders</a></li><li><a href="#funding">Funding</a></li><li><a href="#markets">Markets</a></li></ul></nav>
</header>`
}

function problems(context: Context): string {
  const items = worstFirst(context.report.findings).filter((f) => f.severity >= SEVERITY.warn)
  if (items.length === 0) return '<section id="problems"><h2>Problems</h2><p>Nothing fails or warns.</p></section>'
  const lines = items.map((f) => {
    const target = context.anchors.get(f.cause) ?? context.anchors.get(f.subject)
    const subject = target ? `<a href="#${target}">${esc(f.subject)}</a>` : esc(f.subject)
    return `<li>${statusBadge(f.status)} ${subject}: ${esc(f.message)} <span class="rule">${esc(f.rule)} line ${f.line}:${f.column}</span></li>`
  })
  const first = lines.slice(0, PROBLEMS_SHOWN).join('\n')
  const rest =
    lines.length > PROBLEMS_SHOWN
      ? `<details><summary>${lines.length - PROBLEMS_SHOWN} more</summary><ul class="problems">${lines.slice(PROBLEMS_SHOWN).join('\n')}</ul></details>`
      : ''
  return `<section id="problems"><h2>Problems, worst first (${items.length})</h2><ul class="problems">${first}</ul>${rest}</section>`
}

function fundingSection(context: Context, charted: JsonRecord[]): string {
  const withFunding = charted.filter((p) => list(rec(p, 'funding'), 'payments').length > 0)
  if (withFunding.length === 0) return '<section id="funding"><h2>Funding</h2><p class="note">No funding over the hold for the positions shown.</p></section>'
  const points = withFunding.flatMap((p) =>
    list(rec(p, 'funding'), 'payments').map((pay) => ({ id: String(p.id), at: new Date(String(pay.at)), y: position(str(pay, 'cumulative')) ?? 0 })),
  )
  const shown = withFunding.slice(0, SERIES_COLORS.length)
  const quote = format(context, str(shown[0], 'market')).quote
  const svg = chart({
    label: 'Funding paid over the hold, cumulative, per position',
    description: shown
      .map(
        (p) =>
          `${p.id}: ${moneyText(str(rec(p, 'funding'), 'amount'), format(context, str(p, 'market')).quote)} over ${rec(p, 'funding')?.instants} settlements`,
      )
      .join('; '),
    className: 'funding-cumulative',
    width: WIDTH,
    height: 280,
    marginLeft: 70,
    marginTop: 30,
    x: { type: 'utc', label: 'settlement (UTC)' },
    y: { label: quote ? `paid (${quote}; negative: received)` : 'paid', grid: true },
    marginRight: 110,
    color: { domain: shown.map((p) => String(p.id)), range: SERIES_COLORS },
    marks: [
      Plot.ruleY([0]),
      Plot.line(
        points.filter((d) => shown.some((p) => String(p.id) === d.id)),
        { x: 'at', y: 'y', stroke: 'id', curve: 'step-after', strokeWidth: 2 },
      ),
      Plot.dot(
        points.filter((d) => shown.some((p) => String(p.id) === d.id)),
        { x: 'at', y: 'y', fill: 'id', r: 3 },
      ),
      Plot.text(
        points.filter((d) => shown.some((p) => String(p.id) === d.id)),
        Plot.selectLast({ x: 'at', y: 'y', z: 'id', text: 'id', fill: 'id', dx: 8, textAnchor: 'start' }),
      ),
    ],
  })
  const rows = withFunding.flatMap((p) => {
    const f = format(context, str(p, 'market'))
    return list(rec(p, 'funding'), 'payments').map((pay) => [
      String(p.id),
      { text: String(pay.at).replace('T', ' ').replace(':00.000Z', 'Z'), sort: Date.parse(String(pay.at)) },
      num(percentText(str(pay, 'rate'), true), str(pay, 'rate')),
      num(moneyText(str(pay, 'payment'), f.quote), str(pay, 'payment')),
      num(moneyText(str(pay, 'cumulative'), f.quote), str(pay, 'cumulative')),
    ])
  })
  const figures = table({
    caption: 'Each settlement over the hold (positive: paid)',
    headers: ['position', 'at', 'rate', 'payment', 'cumulative'],
    numeric: [2, 3, 4],
    rows,
    className: 'funding-table',
  })
  const note =
    withFunding.length > shown.length
      ? `<p class="note">The chart draws the ${shown.length} worst positions; the table lists all ${withFunding.length} charted above.</p>`
      : ''
  return `<section id="funding"><h2>Funding over the hold</h2>${note}${figure(svg, figures)}</section>`
}

function marketsSection(context: Context): string {
  const rows = context.report.records.markets.map((m) => {
    const f = format(context, str(m, 'symbol'))
    const prices = rec(m, 'prices')
    return [
      String(m.symbol),
      num(priceText(str(prices, 'index'), f.tick), str(prices, 'index')),
      num(priceText(str(prices, 'mark'), f.tick), str(prices, 'mark')),
      num(priceText(str(prices, 'last'), f.tick), str(prices, 'last')),
      String(m.tick_size),
      String(m.quote),
      String(m.liquidation_trigger),
    ]
  })
  return `<section id="markets"><h2>Markets</h2>${table({
    caption: 'Markets',
    headers: ['market', 'index', 'mark', 'last', 'tick', 'quote', 'liquidation reference'],
    numeric: [1, 2, 3],
    rows,
    rowIds: context.report.records.markets.map((m) => context.anchors.get(String(m.symbol))),
  })}</section>`
}
