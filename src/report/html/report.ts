// `--format html`: the report as one self-contained page. It lays out the same plain Report the JSON reporter
// renders (docs/report.md#html) and computes no figure: every label is a record's exact string printed the way
// the text report prints it (prices at the market's tick, money to the cent, percentages and σ to 3 digits).
import { SEVERITY, type Finding, type Status } from '../../engine/types.js'
import type { MarketFormat, Report } from '../build.js'
import { moneyText, percentText, priceText, sigmaText, sizeText, bpsText } from '../numbers.js'
import type { ReportOptions } from '../options.js'
import { worstFirst, worstItem } from '../order.js'
import { anchor, type Cell, esc, figure, page, statusBadge, table } from './page.js'
import { chart, Plot, position, SERIES_COLORS, STATUS_COLOR } from './plot.js'
import { type JsonRecord, list, rec, str, strings } from './read.js'

/** Positions that get charts (the worst first); every position is in the tables. */
export const CHARTED_POSITIONS = 50
/** Rows of the stress heatmap besides the account (the positions liquidated earliest). */
const HEATMAP_POSITIONS = 30

/** Problems listed open; the rest are one click away (every one is there). */
const PROBLEMS_SHOWN = 40

const WIDTH = 640
/** The ladder's top row: an arrow from the trigger price to the liquidation price, labelled with the distance. */
const DISTANCE_ROW = 'distance to liquidation'

interface Context {
  report: Report
  markets: Map<string, MarketFormat>
  /** Where each subject's section or row is, by id. */
  anchors: Map<string, string>
  /** liquidation-distance's daily σ per position id. */
  sigma: Map<string, string>
}

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

/** The positions that get charts: worst status first, then the nearest liquidation. */
function worstPositions(positions: JsonRecord[]): JsonRecord[] {
  const severity = (p: JsonRecord) => (typeof p.worst_status === 'string' ? SEVERITY[p.worst_status as Status] : -1)
  const distance = (p: JsonRecord) => position(str(p, 'liquidation_distance')) ?? Number.POSITIVE_INFINITY
  return positions
    .map((p, index) => ({ p, index }))
    .sort((a, b) => severity(b.p) - severity(a.p) || distance(a.p) - distance(b.p) || a.index - b.index)
    .slice(0, CHARTED_POSITIONS)
    .map(({ p }) => p)
}

function format(context: Context, market: string | null): MarketFormat {
  return context.markets.get(market ?? '') ?? { symbol: market ?? '', tick: '0.01', quote: '' }
}

// ---- Positions: the price ladder -------------------------------------------------------------------------

interface Level {
  key: string
  /** The row the level is drawn on. */
  label: string
  price: string
}

/** Every price of a position the ladder draws, by row, from the records. */
function levels(context: Context, p: JsonRecord): Level[] {
  const market = context.report.records.markets.find((m) => m.symbol === p.market)
  const prices = rec(market, 'prices')
  const stop = rec(p, 'stop')
  const funding = rec(p, 'funding')
  const path = rec(p, 'liquidation_path')
  const cross = p.margin_mode === 'cross'
  const out: (Level | null)[] = [
    at('entry', 'entry', str(p, 'entry_price')),
    at('mark', 'mark', str(prices, 'mark')),
    at('index', 'index', str(prices, 'index')),
    at('last', 'last', str(prices, 'last')),
    at('stop', 'stop trigger', str(stop, 'trigger_price_on_liquidation_reference')),
    at('stop-fill', 'stop expected fill', str(stop, 'expected_fill')),
    at('band', 'liquidation band starts', str(p, 'liquidation_band_start')),
    at('liquidation', cross ? 'liquidation (account, others held)' : 'liquidation', str(p, 'liquidation_price')),
    at('after-hold', 'liquidation after the hold’s funding', str(funding, 'liquidation_price_after_hold')),
    at('bankruptcy', 'bankruptcy', str(p, 'bankruptcy_price')),
    ...list(path, 'steps').map((s, i) =>
      at(`path-${i + 1}`, `liquidation path step ${i + 1} (${str(s, 'kind') ?? ''} ${str(s, 'filled') ?? ''})`, str(s, 'price')),
    ),
  ]
  return out.filter((l): l is Level => l !== null)
}

/** Each row's price beside its mark: to the right of a mark in the left half, to the left in the right half. */
function rowLabels(rows: { x: number; label: string; text: string }[], right: (x: number) => boolean): Plot.Markish[] {
  const options = { x: 'x', y: 'label', text: 'text', className: 'level-label' }
  return [
    Plot.text(
      rows.filter((r) => !right(r.x)),
      { ...options, dx: 8, textAnchor: 'start' },
    ),
    Plot.text(
      rows.filter((r) => right(r.x)),
      { ...options, dx: -8, textAnchor: 'end' },
    ),
  ]
}

function at(key: string, label: string, price: string | null): Level | null {
  return price === null ? null : { key, label, price }
}

function positionsSection(context: Context, charted: JsonRecord[]): string {
  const { positions } = context.report.records
  const chartedIds = new Set(charted.map((p) => String(p.id)))
  const rows = positions.map((p) => {
    const f = format(context, str(p, 'market'))
    return [
      chartedIds.has(String(p.id)) ? { text: String(p.id), html: `<a href="#${context.anchors.get(String(p.id))}">${esc(String(p.id))}</a>` } : String(p.id),
      `${p.market} ${p.side} ${sizeText(str(p, 'size'))} (${p.margin_mode})`,
      num(priceText(str(p, 'entry_price'), f.tick), str(p, 'entry_price')),
      num(priceText(str(p, 'trigger_price'), f.tick), str(p, 'trigger_price')),
      num(moneyText(str(p, 'unrealized_pnl'), f.quote), str(p, 'unrealized_pnl')),
      num(priceText(str(p, 'liquidation_price'), f.tick), str(p, 'liquidation_price')),
      num(percentText(str(p, 'liquidation_distance')), str(p, 'liquidation_distance')),
      num(sigmaText(context.sigma.get(String(p.id))), context.sigma.get(String(p.id)) ?? null),
      { text: String(p.worst_status ?? '—'), html: statusBadge(p.worst_status as string | null), sort: severityOf(p.worst_status) },
    ] satisfies Cell[]
  })
  const rowIds = positions.map((p) => (chartedIds.has(String(p.id)) ? undefined : context.anchors.get(String(p.id))))
  const overview = table({
    caption: `Every position (${positions.length}); the ${Math.min(CHARTED_POSITIONS, positions.length)} worst have a price ladder below`,
    headers: ['id', 'position', 'entry', 'trigger', 'uPnL', 'liq.', 'dist', 'σ', 'worst'],
    rows,
    rowIds,
    numeric: [2, 3, 4, 5, 6, 7],
    className: 'positions-table',
  })
  const ladders = charted.map((p) => ladder(context, p))
  return `<section id="positions"><h2>Positions</h2>${overview}\n${ladders.join('\n')}</section>`
}

function num(text: string, value: string | null | undefined): Cell {
  return { text, sort: position(value) }
}

function severityOf(status: unknown): number {
  return typeof status === 'string' && status in SEVERITY ? SEVERITY[status as Status] : -1
}

/** One position's price ladder: every level on one price axis, a row each, with its exact price beside it. */
function ladder(context: Context, p: JsonRecord): string {
  const id = String(p.id)
  const f = format(context, str(p, 'market'))
  const all = levels(context, p)
  const drawn = all.map((l) => ({ ...l, x: position(l.price) })).filter((l): l is Level & { x: number } => l.x !== null)
  const core = drawn.map((l) => l.x)
  const [low, high] = [Math.min(...core), Math.max(...core)]
  const pad = (high - low || Math.abs(high) || 1) * 0.08
  const domain: [number, number] = [Math.max(0, low - pad), high + pad]
  const tiers = list(p, 'tier_boundaries')
    .map((t) => ({ tier: Number(t.tier), price: str(t, 'price'), x: position(str(t, 'price')) }))
    .filter((t): t is { tier: number; price: string; x: number } => t.price !== null && t.x !== null)
  const tiersIn = tiers.filter((t) => t.x >= domain[0] && t.x <= domain[1])
  const distance = str(p, 'liquidation_distance')
  const sigma = context.sigma.get(id)
  const distanceText = distance === null ? 'no liquidation price' : `liquidation ${percentText(distance)} away${sigma ? ` (${sigmaText(sigma)} daily)` : ''}`
  const liquidation = drawn.find((l) => l.key === 'liquidation')
  const band = drawn.find((l) => l.key === 'band')
  const mark = drawn.find((l) => l.key === 'mark')
  const trigger = position(str(p, 'trigger_price'))
  const gap =
    liquidation && trigger !== null && distance !== null
      ? { x1: trigger, x2: liquidation.x, label: DISTANCE_ROW, text: `${percentText(distance)}${sigma ? ` · ${sigmaText(sigma)}` : ''}` }
      : null
  const rows = [...(gap ? [DISTANCE_ROW] : []), ...drawn.map((l) => l.label), ...tiersIn.map((t) => `tier ${t.tier} → ${t.tier + 1} boundary`)]
  const marks: Plot.Markish[] = [Plot.gridX({ strokeOpacity: 0.15 })]
  if (liquidation && band) {
    marks.push(
      Plot.rectX([{ x1: Math.min(band.x, liquidation.x), x2: Math.max(band.x, liquidation.x) }], {
        x1: 'x1',
        x2: 'x2',
        fill: STATUS_COLOR.warn,
        fillOpacity: 0.15,
      }),
    )
  }
  if (mark) marks.push(Plot.ruleX([mark.x], { stroke: 'currentColor', strokeDasharray: '4,3', strokeOpacity: 0.6 }))
  if (liquidation) marks.push(Plot.ruleX([liquidation.x], { stroke: STATUS_COLOR.fail, strokeWidth: 2 }))
  const right = (x: number) => x > (domain[0] + domain[1]) / 2
  const labelled = drawn.map((l) => ({ ...l, text: priceText(l.price, f.tick) }))
  const others = labelled.filter((l) => l.key !== 'liquidation')
  // Plot's dx is a constant, so the labels left and right of the middle are two marks.
  marks.push(Plot.dot(others, { x: 'x', y: 'label', fill: 'currentColor', r: 3.5 }), ...rowLabels(others, right))
  const liq = labelled.find((l) => l.key === 'liquidation')
  if (liq) {
    marks.push(
      Plot.dot([liq], { x: 'x', y: 'label', fill: STATUS_COLOR.fail, r: 5 }),
      Plot.text([liq], {
        x: 'x',
        y: 'label',
        text: 'text',
        dx: right(liq.x) ? -9 : 9,
        textAnchor: right(liq.x) ? 'end' : 'start',
        fontWeight: 'bold',
        className: 'liquidation-label',
      }),
    )
  }
  if (tiersIn.length > 0) {
    const tierRows = tiersIn.map((t) => ({ x: t.x, label: `tier ${t.tier} → ${t.tier + 1} boundary`, text: priceText(t.price, f.tick) }))
    marks.push(Plot.tickX(tierRows, { x: 'x', y: 'label', stroke: SERIES_COLORS[3] }), ...rowLabels(tierRows, right))
  }
  if (gap) {
    marks.push(
      Plot.arrow([gap], { x1: 'x1', x2: 'x2', y: 'label', stroke: STATUS_COLOR.fail, strokeWidth: 1.5, headLength: 8 }),
      Plot.text([gap], {
        x: (g: typeof gap) => (g.x1 + g.x2) / 2,
        y: 'label',
        text: 'text',
        dy: -9,
        fill: STATUS_COLOR.fail,
        fontWeight: 'bold',
        className: 'distance-label',
      }),
    )
  }
  const svg = chart({
    label: `${id}: price ladder, ${distanceText}`,
    description: `${all.map((l) => `${l.label} ${priceText(l.price, f.tick)}`).join('; ')}`,
    className: 'price-ladder',
    width: WIDTH,
    height: 40 + rows.length * 26,
    marginLeft: 230,
    marginRight: 20,
    x: { domain, label: `price (${f.quote || f.symbol})`, grid: false },
    y: { domain: rows, label: null },
    marks,
  })
  const tableRows: Cell[][] = [
    ...all.map((l) => [l.label, num(priceText(l.price, f.tick), l.price)]),
    ...tiers.map((t) => [
      `tier ${t.tier} → ${t.tier + 1} boundary${t.x < domain[0] || t.x > domain[1] ? ' (off the chart)' : ''}`,
      num(priceText(t.price, f.tick), t.price),
    ]),
  ]
  const figures = table({ caption: `${id}: the ladder’s prices`, headers: ['level', 'price'], rows: tableRows, numeric: [1] })
  const subject = context.report.subjects.find((s) => s.id === id)
  return `<section id="${context.anchors.get(id)}" class="position" data-position="${esc(id)}"><h3>${esc(subject?.title ?? id)} ${statusBadge(p.worst_status as string | null)}</h3>
<p>${esc(distanceText)} · margin ${esc(String(p.margin_mode))} · tier ${esc(String(p.tier ?? '—'))} · leverage ${esc(str(p, 'leverage') ?? '—')}</p>
${figure(svg, figures)}</section>`
}

// ---- The account under stress ----------------------------------------------------------------------------

function stressSection(context: Context): string {
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
    y: { label: 'margin ratio', tickFormat: (d: number) => `${+(d * 100).toPrecision(3)}%`, zero: true },
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
${blastRadius(context, stress, quote)}
${correlationBreaks(context, stress, quote)}
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

/** Each line's name at its last point (in place of a legend). */
function seriesNames<T extends { series: string }>(points: T[], x: keyof T & string, y: keyof T & string): Plot.Markish[] {
  // Two lines often end close together: the first name sits above its end, the second below.
  const names = [...new Set(points.map((p) => p.series))]
  return names.map((name, i) =>
    Plot.text(
      points.filter((p) => p.series === name),
      Plot.selectLast({ x, y, text: 'series', fill: 'series', dx: 6, dy: i % 2 === 0 ? -10 : 12, textAnchor: 'start', fontWeight: 'bold' }),
    ),
  )
}

function shortStatus(status: string): string {
  return { fail: '✗ fail', warn: '⚠ warn', pass: '✓ pass', info: 'info', skip: 'skip', liquidated: 'liq.', held: 'held' }[status] ?? status
}

function blastRadius(_context: Context, stress: JsonRecord, quote: string): string {
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

function correlationBreaks(_context: Context, stress: JsonRecord, quote: string): string {
  const breaks = list(stress, 'correlation_breaks')
  if (breaks.length === 0) return ''
  return `<h3>Correlation breaks</h3>${table({
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
  })}`
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

// ---- Orders ------------------------------------------------------------------------------------------------

function ordersSection(context: Context): string {
  const orders = context.report.records.orders
  if (orders.length === 0) return '<section id="orders"><h2>Orders</h2><p>No planned orders.</p></section>'
  const stressFigures = new Map(context.report.findings.filter((f) => f.rule === 'stress/order').map((f) => [f.subject, f.figures]))
  const charts = orders.slice(0, CHARTED_POSITIONS).map((o) => {
    const id = String(o.id)
    const f = format(context, str(o, 'market'))
    const sliced = rec(o, 'sliced')
    const stressed = stressFigures.get(id)
    const levels = [
      at('price', 'limit price', str(o, 'price')),
      at('vwap', 'average fill (base book)', str(o, 'vwap')),
      at('worst', 'worst fill (base book)', str(o, 'worst_price')),
      at('vwap-stress', 'average fill (stressed book)', typeof stressed?.vwap_stress === 'string' ? stressed.vwap_stress : null),
      at('sliced', `sliced: average fill (${o.slices} slices)`, str(sliced, 'vwap')),
      at('whole-again', 'sliced, book refills between slices', str(rec(sliced, 'whole_again'), 'vwap')),
      at('never', 'sliced, book never refills', str(rec(sliced, 'never_refilled'), 'vwap')),
    ].filter((l): l is Level => l !== null)
    const slippage = [
      { book: 'base book', bps: str(o, 'slippage_bps') },
      { book: 'stressed book', bps: typeof stressed?.slippage_bps_stress === 'string' ? stressed.slippage_bps_stress : null },
    ].filter((s): s is { book: string; bps: string } => s.bps !== null)
    const header = `<h3 id="${context.anchors.get(id)}">${esc(context.report.subjects.find((s) => s.id === id)?.title ?? id)} ${statusBadge(o.worst_status as string | null)}</h3>`
    const tableHtml = table({
      caption: `${id}: fills and costs`,
      headers: ['figure', 'value'],
      numeric: [1],
      rows: [
        ...levels.map((l) => [l.label, num(priceText(l.price, f.tick), l.price)]),
        ...slippage.map((s) => [`slippage, ${s.book}`, num(bpsText(s.bps), s.bps)]),
        ['expected fee', num(moneyText(str(o, 'expected_fee'), f.quote), str(o, 'expected_fee'))],
        ['taker probability', num(percentText(str(o, 'taker_probability')), str(o, 'taker_probability'))],
        ['unfilled', num(sizeText(str(o, 'unfilled')), str(o, 'unfilled'))],
      ],
    })
    if (levels.length === 0 && slippage.length === 0) return `${header}${tableHtml}`
    const drawn = levels.map((l) => ({ ...l, x: position(l.price)!, text: priceText(l.price, f.tick) }))
    const xs = drawn.map((l) => l.x)
    const pad = (Math.max(...xs) - Math.min(...xs) || Math.abs(xs[0] ?? 1) * 0.001 || 1) * 0.15
    const mid = (Math.min(...xs) + Math.max(...xs)) / 2
    const priceChart = drawn.length
      ? chart({
          label: `${id}: where the order fills`,
          description: drawn.map((l) => `${l.label} ${l.text}`).join('; '),
          className: 'order-fills',
          width: WIDTH,
          height: 40 + drawn.length * 26,
          marginLeft: 230,
          marginRight: 20,
          x: { domain: [Math.min(...xs) - pad, Math.max(...xs) + pad], label: `price (${f.quote})` },
          y: { domain: drawn.map((l) => l.label), label: null },
          marks: [
            Plot.gridX({ strokeOpacity: 0.15 }),
            Plot.dot(drawn, { x: 'x', y: 'label', fill: 'currentColor', r: 3.5 }),
            ...rowLabels(drawn, (x) => x > mid),
          ],
        })
      : ''
    const key =
      '<p class="note">The book: bids green, asks red, cumulative from the best level; darker, the levels the order walks; the dotted line, the order’s size.</p>'
    return `<section class="order">${header}${key}${figure(`${depthChart(context, o)}${priceChart}`, tableHtml)}${sizeCurve(context, o)}${sliceWalks(context, o)}${takerByLatency(o)}</section>`
  })
  const overview = table({
    caption: `Every planned order (${orders.length})`,
    headers: ['order', 'market', 'side', 'size', 'price', 'VWAP', 'slippage', 'expected fee', 'taker prob.', 'worst'],
    numeric: [3, 4, 5, 6, 7, 8],
    rows: orders.map((o) => {
      const f = format(context, str(o, 'market'))
      return [
        String(o.id),
        String(o.market),
        String(o.side),
        num(sizeText(str(o, 'size')), str(o, 'size')),
        num(priceText(str(o, 'price'), f.tick), str(o, 'price')),
        num(priceText(str(o, 'vwap'), f.tick), str(o, 'vwap')),
        num(bpsText(str(o, 'slippage_bps')), str(o, 'slippage_bps')),
        num(moneyText(str(o, 'expected_fee'), f.quote), str(o, 'expected_fee')),
        num(percentText(str(o, 'taker_probability')), str(o, 'taker_probability')),
        { text: String(o.worst_status ?? '—'), html: statusBadge(o.worst_status as string | null), sort: severityOf(o.worst_status) },
      ]
    }),
  })
  return `<section id="orders"><h2>Orders</h2>${overview}${charts.join('\n')}</section>`
}

/** Average price and slippage against size, on the base and the stressed book (a tenth of the order to the whole). */
function sizeCurve(context: Context, o: JsonRecord): string {
  const id = String(o.id)
  const f = format(context, str(o, 'market'))
  const curve = list(o, 'size_curve')
  if (curve.length === 0) return ''
  const points = curve.flatMap((c) =>
    (['base', 'stressed'] as const).flatMap((book) => {
      const walk = rec(c, book)
      const bps = str(walk, 'slippage_bps')
      const x = position(str(c, 'size'))
      const y = position(bps)
      return x === null || y === null ? [] : [{ series: `${book} book`, x, y, bps }]
    }),
  )
  const last = points.filter((p) => p.x === Math.max(...points.map((q) => q.x)))
  const svg = chart({
    label: `${id}: slippage against size, base and stressed book`,
    description: last.map((p) => `${p.series}: ${bpsText(p.bps)} at the whole size`).join('; '),
    className: 'order-size-curve',
    width: WIDTH,
    height: 240,
    marginLeft: 60,
    marginTop: 30,
    x: { label: 'size walked', zero: true },
    y: { label: 'slippage against the mid (bps)', grid: true, zero: true },
    color: { domain: ['base book', 'stressed book'], range: [SERIES_COLORS[0]!, SERIES_COLORS[1]!] },
    marks: [
      Plot.line(points, { x: 'x', y: 'y', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(points, { x: 'x', y: 'y', fill: 'series', r: 3 }),
      Plot.text(last, {
        x: 'x',
        y: 'y',
        text: (p: { series: string; bps: string }) => `${p.series} ${bpsText(p.bps)}`,
        fill: 'series',
        dx: -6,
        dy: -10,
        textAnchor: 'end',
      }),
    ],
  })
  const figures = table({
    caption: `${id}: the walk at each size`,
    headers: ['size', 'average (base)', 'slippage (base)', 'average (stressed)', 'slippage (stressed)'],
    numeric: [0, 1, 2, 3, 4],
    rows: curve.map((c) => {
      const [base, stressed] = [rec(c, 'base'), rec(c, 'stressed')]
      return [
        num(sizeText(str(c, 'size')), str(c, 'size')),
        num(priceText(str(base, 'vwap'), f.tick), str(base, 'vwap')),
        num(bpsText(str(base, 'slippage_bps')), str(base, 'slippage_bps')),
        num(priceText(str(stressed, 'vwap'), f.tick), str(stressed, 'vwap')),
        num(bpsText(str(stressed, 'slippage_bps')), str(stressed, 'slippage_bps')),
      ]
    }),
  })
  return figure(svg, figures)
}

/** Each slice of a sliced plan: the prices its walk spans (best to worst), its average marked. */
function sliceWalks(context: Context, o: JsonRecord): string {
  const id = String(o.id)
  const f = format(context, str(o, 'market'))
  const slices = list(o, 'slice_walks')
    .map((c) => ({
      row: `slice ${c.slice}`,
      x1: position(str(c, 'best_price')),
      x2: position(str(c, 'worst_price')),
      x: position(str(c, 'vwap')),
      vwap: str(c, 'vwap'),
    }))
    .filter((c): c is { row: string; x1: number; x2: number; x: number; vwap: string } => c.x1 !== null && c.x2 !== null && c.x !== null && c.vwap !== null)
  if (slices.length === 0) return ''
  const xs = slices.flatMap((c) => [c.x1, c.x2])
  const pad = (Math.max(...xs) - Math.min(...xs) || Math.abs(xs[0]!) * 0.0005 || 1) * 0.3
  const svg = chart({
    label: `${id}: each slice’s walk`,
    description: slices.map((c) => `${c.row}: average ${priceText(c.vwap, f.tick)}`).join('; '),
    className: 'order-slices',
    width: WIDTH,
    height: 40 + slices.length * 28,
    marginLeft: 70,
    x: { domain: [Math.min(...xs) - pad, Math.max(...xs) + pad], label: `price (${f.quote})` },
    y: { domain: slices.map((c) => c.row), label: null },
    marks: [
      Plot.link(slices, { x1: 'x1', x2: 'x2', y1: 'row', y2: 'row', stroke: SERIES_COLORS[1], strokeWidth: 6, strokeOpacity: 0.5 }),
      Plot.dot(slices, { x: 'x', y: 'row', fill: 'currentColor', r: 4 }),
      Plot.text(
        slices.map((c) => ({ ...c, text: priceText(c.vwap, f.tick) })),
        { x: 'x', y: 'row', text: 'text', dy: -11 },
      ),
    ],
  })
  const figures = table({
    caption: `${id}: the slices (the book refilled at its half-life between them, or never)`,
    headers: ['slice', 'size', 'average', 'best', 'worst', 'unfilled'],
    numeric: [1, 2, 3, 4, 5],
    rows: list(o, 'slice_walks').map((c) => [
      `slice ${c.slice}`,
      num(sizeText(str(c, 'size')), str(c, 'size')),
      num(priceText(str(c, 'vwap'), f.tick), str(c, 'vwap')),
      num(priceText(str(c, 'best_price'), f.tick), str(c, 'best_price')),
      num(priceText(str(c, 'worst_price'), f.tick), str(c, 'worst_price')),
      num(sizeText(str(c, 'unfilled')), str(c, 'unfilled')),
    ]),
  })
  return figure(svg, figures)
}

/** The taker probability against the order-entry latency, on a log scale of latency. */
function takerByLatency(o: JsonRecord): string {
  const id = String(o.id)
  const points = list(o, 'taker_probability_by_latency')
    .map((p) => ({ x: Number(p.latency_ms), y: position(str(p, 'probability')), probability: str(p, 'probability'), used: p.used === true }))
    .filter((p): p is { x: number; y: number; probability: string; used: boolean } => p.y !== null && p.probability !== null && p.x > 0)
  if (points.length === 0) return ''
  const judged = points.find((p) => p.used)
  const svg = chart({
    label: `${id}: the chance of paying taker against the order-entry latency`,
    description: points.map((p) => `${p.x} ms: ${percentText(p.probability)}`).join('; '),
    className: 'order-taker-latency',
    width: WIDTH,
    height: 240,
    marginLeft: 60,
    marginRight: 40,
    x: { type: 'log', label: 'latency (ms, log scale)' },
    y: { label: 'taker probability', tickFormat: (d: number) => `${+(d * 100).toPrecision(3)}%`, grid: true, zero: true },
    marks: [
      Plot.line(points, { x: 'x', y: 'y', stroke: SERIES_COLORS[0], strokeWidth: 2 }),
      Plot.dot(points, { x: 'x', y: 'y', fill: SERIES_COLORS[0], r: 3 }),
      ...(judged
        ? [
            Plot.ruleX([judged], { x: 'x', stroke: STATUS_COLOR.warn, strokeDasharray: '4,3' }),
            Plot.text([judged], {
              x: 'x',
              y: 'y',
              text: () => `judged at ${judged.x} ms: ${percentText(judged.probability)}`,
              dx: 6,
              dy: judged.y > 0.85 ? 14 : -10,
              textAnchor: 'start',
              fontWeight: 'bold',
              className: 'taker-label',
            }),
          ]
        : []),
    ],
  })
  const figures = table({
    caption: `${id}: taker probability by latency`,
    headers: ['latency', 'taker probability'],
    numeric: [0, 1],
    rows: points.map((p) => [{ text: `${p.x} ms${p.used ? ' (judged)' : ''}`, sort: p.x }, num(percentText(p.probability), p.probability)]),
  })
  return figure(svg, figures)
}

/** The market's book as cumulative depth both sides, the part the order walks darker, its average and worst fill and its limit marked. */
function depthChart(context: Context, o: JsonRecord): string {
  const id = String(o.id)
  const f = format(context, str(o, 'market'))
  const book = rec(
    context.report.records.markets.find((m) => m.symbol === o.market),
    'book',
  )
  if (!book) return ''
  const side = (name: 'bids' | 'asks') =>
    list(book, name)
      .map((l) => ({ side: name, x: position(str(l, 'price')), y: position(str(l, 'cumulative')) }))
      .filter((l): l is { side: 'bids' | 'asks'; x: number; y: number } => l.x !== null && l.y !== null)
  const bids = side('bids')
  const asks = side('asks')
  if (bids.length + asks.length === 0) return ''
  const walked = o.side === 'buy' ? asks : bids
  const worst = position(str(o, 'worst_price'))
  const inWalk = worst === null ? [] : walked.filter((l) => (o.side === 'buy' ? l.x <= worst : l.x >= worst))
  const rules = [at('vwap', 'average fill', str(o, 'vwap')), at('worst', 'worst fill', str(o, 'worst_price')), at('price', 'limit', str(o, 'price'))]
    .filter((l): l is Level => l !== null)
    .map((l, i) => ({ ...l, x: position(l.price)!, text: `${l.label} ${priceText(l.price, f.tick)}`, dy: 14 * i }))
  const size = str(o, 'size')
  return chart({
    label: `${id}: the ${o.market} book, cumulative depth both sides, and the part the order walks`,
    description: `Bids ${bids.length} levels, asks ${asks.length} levels; the ${o.side} of ${sizeText(size)} walks ${inWalk.length} level(s)${rules.map((r) => `; ${r.text}`).join('')}`,
    className: 'order-book',
    width: WIDTH,
    height: 260,
    marginLeft: 60,
    marginTop: 50,
    x: { label: `price (${f.quote})` },
    y: { label: 'cumulative size', grid: true, zero: true },
    marks: [
      Plot.areaY(bids, { x: 'x', y: 'y', curve: 'step-after', fill: STATUS_COLOR.pass, fillOpacity: 0.25 }),
      Plot.areaY(asks, { x: 'x', y: 'y', curve: 'step-after', fill: STATUS_COLOR.fail, fillOpacity: 0.25 }),
      Plot.areaY(inWalk, { x: 'x', y: 'y', curve: 'step-after', fill: o.side === 'buy' ? STATUS_COLOR.fail : STATUS_COLOR.pass, fillOpacity: 0.7 }),
      Plot.lineY(bids, { x: 'x', y: 'y', curve: 'step-after', stroke: STATUS_COLOR.pass }),
      Plot.lineY(asks, { x: 'x', y: 'y', curve: 'step-after', stroke: STATUS_COLOR.fail }),
      ...(size ? [Plot.ruleY([position(size)], { stroke: 'currentColor', strokeDasharray: '3,3' })] : []),
      Plot.ruleX(rules, { x: 'x', stroke: 'currentColor', strokeDasharray: '5,3' }),
      // Above the frame, a line each, so the three labels never overlap however close the prices are.
      ...rules.map((r) => Plot.text([r], { x: 'x', frameAnchor: 'top', dy: r.dy - 42, text: 'text', textAnchor: 'middle', className: 'book-label' })),
    ],
  })
}

// ---- Funding ---------------------------------------------------------------------------------------------

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

// ---- Markets ---------------------------------------------------------------------------------------------

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
