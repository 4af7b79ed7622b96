// The positions: every position in a table, and the worst 50 each with its price ladder.
import { SEVERITY, type Status } from '../../engine/types.js'
import { moneyText, percentText, priceText, sigmaText, sizeText } from '../numbers.js'
import { type Cell, esc, figure, statusBadge, table } from './page.js'
import { chart, Plot, position, SERIES_COLORS, STATUS_COLOR } from './plot.js'
import { type JsonRecord, list, rec, str } from './read.js'
import { at, CHARTED_POSITIONS, type Context, format, type Level, num, rowLabels, severityOf, WIDTH } from './context.js'

/** The ladder's top row: an arrow from the trigger price to the liquidation price, labelled with the distance. */
const DISTANCE_ROW = 'distance to liquidation'

/** The positions that get charts: worst status first, then the nearest liquidation. */
export function worstPositions(positions: JsonRecord[]): JsonRecord[] {
  const severity = (p: JsonRecord) => (typeof p.worst_status === 'string' ? SEVERITY[p.worst_status as Status] : -1)
  const distance = (p: JsonRecord) => position(str(p, 'liquidation_distance')) ?? Number.POSITIVE_INFINITY
  return positions
    .map((p, index) => ({ p, index }))
    .sort((a, b) => severity(b.p) - severity(a.p) || distance(a.p) - distance(b.p) || a.index - b.index)
    .slice(0, CHARTED_POSITIONS)
    .map(({ p }) => p)
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

export function positionsSection(context: Context, charted: JsonRecord[]): string {
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
