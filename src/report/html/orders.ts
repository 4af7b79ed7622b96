import { bpsText, moneyText, percentText, priceText, sizeText } from '../numbers.js'
import { esc, figure, statusBadge, table } from './page.js'
import { chart, Plot, percentTick, position, SERIES_COLORS, STATUS_COLOR } from './plot.js'
import { type JsonRecord, list, rec, str } from './read.js'
import { at, CHARTED_POSITIONS, type Context, format, type Level, num, rowLabels, severityOf, WIDTH } from './context.js'

export function ordersSection(context: Context): string {
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
    // Five figure columns beside the chart: their headings wrap (in two lines), so the table fits its half.
    className: 'wrapped-headings',
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
    y: { label: 'taker probability', tickFormat: percentTick, grid: true, zero: true },
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
