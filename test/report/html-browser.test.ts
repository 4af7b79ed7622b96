// The HTML report in a real browser (issue 23): Debian's headless Chromium, driven by playwright-core, opens the
// demo's page, a generated 1,000-position account's and the diff's, every network request refused and failing
// the test, and checks what a person would: no console error, every chart there and labelled for a screen
// reader, the figures drawn equal to the JSON's (each liquidation label is the record's liquidation price at the
// market's tick; each heatmap cell is the grid's status), and the page fits 1280 and 390 pixels without sideways
// scrolling. Screenshots of both widths go to test-output/html/ (git-ignored); UPDATE_SCREENSHOTS=1 also writes
// one picture of each chart into docs/images/, the ones docs/report.md shows.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { check, diff, exitCodeFor, type Report } from '../../src/index.js'
import { diffJson } from '../../src/report/diff.js'
import { diffHtml, html } from '../../src/report/html/index.js'
import { json } from '../../src/report/json.js'

const CHROMIUM = '/usr/bin/chromium'
const OUTPUT = resolve('test-output/html')
const IMAGES = resolve('docs/images')
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1'
const WIDTHS = [1280, 390] as const

/** The colours the heatmap paints each status in (src/report/html/plot.ts). */
const HEAT = { fail: '#d64545', warn: '#d99a1e', pass: '#3a9e5f', info: '#4a86c8', skip: '#8a8f98', liquidated: '#d64545', held: '#3a9e5f' }

type Json = Record<string, any>

let context: BrowserContext
let work: string
const refused: string[] = []

/** A price at its market's tick, half-even, written here on its own (not the reporter's function). */
function atTick(value: string, tick: string): string {
  return new Decimal(value).toFixed(new Decimal(tick).decimalPlaces(), Decimal.ROUND_HALF_EVEN)
}

function rendered(file: string, source = readFileSync(file, 'utf8')): { report: Report; page: string; document: Json } {
  const report = check(source, { file, charts: true })
  const options = { color: false, verbose: false, exitCode: exitCodeFor(report, 'fail'), version: '0.0.0-test' }
  return { report, page: html(report, options), document: JSON.parse(json(report, options)) }
}

/** The page opened at a width, with its console errors and uncaught exceptions collected. */
async function open(name: string, text: string, width: number): Promise<{ page: Page; errors: string[] }> {
  const file = join(work, `${name}.html`)
  writeFileSync(file, text)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.setViewportSize({ width, height: 900 })
  await page.goto(`file://${file}`)
  return { page, errors }
}

async function fits(page: Page): Promise<{ scroll: number; viewport: number }> {
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }))
}

async function screenshot(page: Page, name: string, fullPage: boolean): Promise<void> {
  mkdirSync(OUTPUT, { recursive: true })
  await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage })
}

/** One picture of a chart (its figure: the chart and its table) for docs/, when asked to update them. */
async function picture(page: Page, selector: string, name: string): Promise<void> {
  const element = page.locator(selector).first()
  await element.scrollIntoViewIfNeeded()
  mkdirSync(OUTPUT, { recursive: true })
  await element.screenshot({ path: join(OUTPUT, `${name}.png`) })
  if (UPDATE) {
    mkdirSync(IMAGES, { recursive: true })
    await element.screenshot({ path: join(IMAGES, `${name}.png`) })
  }
}

/** What every chart must carry for a screen reader, and the count of charts of each kind. */
async function charts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const counts: Record<string, number> = {}
    for (const svg of document.querySelectorAll('svg.chart')) {
      const kind = [...svg.classList].find((c) => !c.startsWith('plot-') && c !== 'chart') ?? 'unknown'
      const labelled =
        svg.getAttribute('role') === 'img' &&
        (svg.getAttribute('aria-label') ?? '') !== '' &&
        (svg.querySelector(':scope > title')?.textContent ?? '') !== '' &&
        (svg.querySelector(':scope > desc')?.textContent ?? '') !== ''
      const key = labelled ? kind : `${kind} (unlabelled)`
      counts[key] = (counts[key] ?? 0) + 1
    }
    return counts
  })
}

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} (Debian's chromium package; .ci/run installs it)`).toBe(true)
  work = mkdtempSync(join(tmpdir(), 'perp-check-html-'))
  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  // Only the page's own file may load: anything else is refused and fails the test that caused it.
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(`file://${work}/`)) return route.continue()
    refused.push(url)
    return route.abort()
  })
}, 60_000)

afterAll(async () => {
  await context?.close()
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('the demo’s HTML report in Chromium', () => {
  const { page: text, document } = rendered('fixtures/demo.yaml')
  const ticks = new Map<string, string>(document.markets.map((m: Json) => [m.symbol, m.tick_size]))

  it.each(WIDTHS)('at %i px: no request, no console error, every chart labelled, the figures of the JSON, no sideways scroll', async (width) => {
    const { page, errors } = await open(`demo-${width}`, text, width)
    expect(errors).toEqual([])
    expect(refused).toEqual([])
    expect(await charts(page)).toEqual({
      'price-ladder': document.positions.length,
      'stress-ratio': 1,
      'stress-equity': 1,
      'stress-heatmap': 1,
      'stress-correlation': 1,
      'stress-correlation-equity': 1,
      'blast-radius': 1,
      'order-book': 2,
      'order-fills': 2,
      'order-size-curve': 1,
      'order-slices': 1,
      'order-taker-latency': 2,
      'funding-cumulative': 1,
    })
    // Each position's liquidation label reads the record's liquidation price at the market's tick.
    const labels = await page.$$eval('section.position', (sections) =>
      sections.map((s) => ({ id: (s as HTMLElement).dataset.position, text: s.querySelector('.liquidation-label text')?.textContent ?? null })),
    )
    expect(labels).toEqual(document.positions.map((p: Json) => ({ id: p.id, text: atTick(p.liquidation_price, ticks.get(p.market)!) })))
    // Each heatmap cell is the grid's status: the account's from the stress check's scenario items, a position's liquidated or held.
    const cells = await page.$$eval('svg.stress-heatmap .heat-cell rect', (rects) =>
      rects.map((r) => ({ title: r.querySelector('title')?.textContent, fill: r.getAttribute('fill') })),
    )
    const moves = document.stress.scenarios.map((s: Json) => s.move)
    const scenarioStatus = new Map(document.findings.filter((f: Json) => f.rule === 'stress/scenario').map((f: Json) => [f.figures.move, f.status]))
    const liquidated = [...new Set(document.stress.scenarios.flatMap((s: Json) => s.liquidated))] as string[]
    const percent = (move: string) => {
      const p = new Decimal(move).mul(100).toSignificantDigits(3).toFixed()
      return move.startsWith('-') ? `−${p.slice(1)}%` : `+${p}%`
    }
    const expected = [
      ...moves.map((m: string) => ({ title: `account at ${percent(m)}: ${scenarioStatus.get(m)}`, status: scenarioStatus.get(m) as string })),
      ...liquidated.flatMap((id) =>
        document.stress.scenarios.map((s: Json) => {
          const status = s.liquidated.includes(id) ? 'liquidated' : 'held'
          return { title: `${id} at ${percent(s.move)}: ${status}`, status }
        }),
      ),
    ]
    expect(cells).toEqual(expected.map((e) => ({ title: e.title, fill: HEAT[e.status as keyof typeof HEAT] })))
    expect(
      cells.some((c) => c.title?.endsWith(': warn')),
      'the demo’s grid has warn cells',
    ).toBe(true)
    // Each correlation curve drawn is the record's: one dot per point with a margin ratio up to its breaking point
    // (past it the cross account is liquidated), and each breaking point's label its spread move and leg moves; the demo's ETH/SOL hedge breaks, its BTC/SOL hedge does not within +100%.
    // Drawn nearest breaking point first (none last), then in the record's order.
    const curves = [...(document.stress.correlation_curves as Json[])].sort(
      (a, b) =>
        (a.breaking_point ? 0 : 1) - (b.breaking_point ? 0 : 1) ||
        (a.breaking_point ? new Decimal(a.breaking_point.spread_move).cmp(b.breaking_point.spread_move) : 0),
    )
    const spread = (move: string) => (new Decimal(move).isZero() ? '0%' : percent(move))
    const name = (c: Json) => c.pairs[0].join(' / ')
    const dots = await page.$$eval('svg.stress-correlation .correlation-point circle', (cs) => cs.map((c) => c.querySelector('title')?.textContent))
    expect(dots).toEqual(
      curves.flatMap((c) =>
        c.points
          .filter((p: Json) => p.margin_ratio !== null && !(c.breaking_point && new Decimal(p.spread_move).gt(c.breaking_point.spread_move)))
          .map(
            (p: Json) =>
              `${name(c)} at spread ${spread(p.spread_move)}: margin ratio ${new Decimal(p.margin_ratio).mul(100).toSignificantDigits(3).toFixed()}%`,
          ),
      ),
    )
    const legs = (moves: Json) =>
      Object.entries(moves)
        .map(([m, v]) => `${m} ${percent(v as string)}`)
        .join(', ')
    const breaking = curves.filter((c) => c.breaking_point).map((c) => c.breaking_point)
    expect(breaking.map((b) => [`breaking point ${percent(b.spread_move)}`, legs(b.moves)])).toEqual([
      ['breaking point +66.1%', 'ETHUSDT −29.8%, SOLUSDT +36.2%'],
    ])
    for (const chart of ['stress-correlation', 'stress-correlation-equity']) {
      const texts = (kind: string) => page.$$eval(`svg.${chart} .correlation-breaking-${kind} text`, (ts) => ts.map((t) => t.textContent))
      expect(await texts('label'), chart).toEqual(breaking.map((b) => `breaking point ${percent(b.spread_move)}`))
      expect(await texts('moves'), chart).toEqual(breaking.map((b) => legs(b.moves)))
    }
    // Each order's taker-probability label is the record's probability at the latency it was judged at.
    const taker = await page.$$eval('svg.order-taker-latency .taker-label text', (ts) => ts.map((t) => t.textContent))
    expect(taker).toEqual(
      document.orders
        .map((o: Json) => o.taker_probability_by_latency.find((p: Json) => p.used))
        .filter(Boolean)
        .map((p: Json) => `judged at ${p.latency_ms} ms: ${new Decimal(p.probability).mul(100).toSignificantDigits(3).toFixed()}%`),
    )
    // Every problem links to its subject's section or row, which exists.
    const links = await page.$$eval('.problems a', (as) => as.map((a) => a.getAttribute('href')!.slice(1)))
    expect(links.length).toBe(document.findings.filter((f: Json) => f.severity >= 3).length)
    for (const id of links) expect(await page.locator(`[id="${id}"]`).count(), `#${id}`).toBe(1)
    const { scroll, viewport } = await fits(page)
    expect(scroll, `the page is ${scroll} px wide in a ${viewport} px window`).toBeLessThanOrEqual(viewport)
    await screenshot(page, `demo-${width}`, true)
    if (width === 1280) {
      // The order's walk at each size (five figure columns beside its chart) fits its half: no scroll bar.
      const walk = await page.$eval('section.order table.wrapped-headings', (t) => [t.parentElement!.scrollWidth, t.parentElement!.clientWidth])
      expect(walk[0], 'the walk table is wider than its place').toBeLessThanOrEqual(walk[1]!)
      await picture(page, 'section.position .figure', 'html-price-ladder')
      await picture(page, '.figure:has(svg.stress-ratio)', 'html-stress-ratio')
      await picture(page, 'svg.stress-equity', 'html-stress-equity')
      await picture(page, '.figure:has(svg.stress-heatmap)', 'html-stress-heatmap')
      await picture(page, '.figure:has(svg.stress-correlation)', 'html-stress-correlation')
      await picture(page, 'svg.stress-correlation-equity', 'html-stress-correlation-equity')
      await picture(page, '.figure:has(svg.blast-radius)', 'html-blast-radius')
      await picture(page, 'section.order', 'html-order')
      await picture(page, '#funding .figure', 'html-funding')
    }
    await page.close()
  })

  it('sorts a table by a column when its header is clicked', async () => {
    const { page } = await open('demo-sort', text, 1280)
    const ids = () => page.$$eval('table.positions-table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent))
    const byDistance = [...document.positions]
      .sort((a: Json, b: Json) => new Decimal(a.liquidation_distance).cmp(b.liquidation_distance))
      .map((p: Json) => p.id)
    await page.click('table.positions-table th:nth-child(7) button')
    expect(await ids()).toEqual(byDistance)
    await page.click('table.positions-table th:nth-child(7) button')
    expect(await ids()).toEqual([...byDistance].reverse())
    await page.close()
  })
})

describe('a 1,000-position account’s HTML report in Chromium', () => {
  let text: string
  let document: Json
  beforeAll(() => {
    const file = join(mkdtempSync(join(tmpdir(), 'perp-check-1k-')), 'account-1k.yaml')
    execFileSync(process.execPath, ['scripts/generate-account.mjs', '--positions', '1000', '--seed', '1', '-o', file])
    ;({ page: text, document } = rendered(file))
  }, 120_000)

  it('the worst 50 positions charted, every position in the table, the labels of the JSON, at 1280 and then 390 px', async () => {
    const { page, errors } = await open('account-1k', text, 1280)
    expect(errors).toEqual([])
    expect(refused).toEqual([])
    const counts = await charts(page)
    expect(Object.keys(counts).filter((k) => k.includes('unlabelled'))).toEqual([])
    expect(counts['price-ladder']).toBe(50)
    expect(counts['stress-heatmap']).toBe(1)
    expect(await page.locator('table.positions-table tbody tr').count()).toBe(1000)
    // The 50 charted: worst status first, then the nearest liquidation (none last), then file order.
    const SEVERITY: Record<string, number> = { fail: 4, warn: 3, skip: 2, info: 1, pass: 0 }
    const severity = (p: Json) => (p.worst_status === null ? -1 : SEVERITY[p.worst_status]!)
    const worst = document.positions
      .map((p: Json, index: number) => ({ p, index }))
      .sort(
        (a: Json, b: Json) =>
          severity(b.p) - severity(a.p) ||
          (a.p.liquidation_distance === null ? 1 : 0) - (b.p.liquidation_distance === null ? 1 : 0) ||
          (a.p.liquidation_distance === null ? 0 : new Decimal(a.p.liquidation_distance).cmp(b.p.liquidation_distance)) ||
          a.index - b.index,
      )
      .slice(0, 50)
      .map(({ p }: Json) => p)
    const ticks = new Map<string, string>(document.markets.map((m: Json) => [m.symbol, m.tick_size]))
    const labels = await page.$$eval('section.position', (sections) =>
      sections.map((s) => ({ id: (s as HTMLElement).dataset.position!, text: s.querySelector('.liquidation-label text')?.textContent ?? null })),
    )
    expect(labels).toEqual(
      worst.map((p: Json) => ({ id: p.id, text: p.liquidation_price === null ? null : atTick(p.liquidation_price, ticks.get(p.market)!) })),
    )
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 })
      const { scroll, viewport } = await fits(page)
      expect(scroll, `the page is ${scroll} px wide in a ${viewport} px window`).toBeLessThanOrEqual(viewport)
      await screenshot(page, `account-1k-${width}`, false)
    }
    await page.close()
  }, 60_000)
})

describe('diff --format html in Chromium', () => {
  const load = (files: string[]) => files.map((file) => ({ file, source: readFileSync(file, 'utf8') }))
  const options = { color: false, verbose: false, exitCode: 0 as const, version: '0.0.0-test', failOn: 'fail' as const }

  it.each(WIDTHS)('the attribution waterfall at %i px: one per changed position, each step labelled with its component', async (width) => {
    const output = diff(load(['fixtures/diff/all/old.yaml', 'fixtures/diff/all/new.yaml']))
    const document = JSON.parse(diffJson(output, options))
    const { page, errors } = await open(`diff-${width}`, diffHtml(output, options), width)
    expect(errors).toEqual([])
    expect(refused).toEqual([])
    const changed = document.positions.filter((p: Json) => p.status === 'changed' && p.attribution)
    expect((await charts(page))['attribution-waterfall']).toBe(changed.length)
    const labels = await page.$$eval('svg.attribution-waterfall', (svgs) =>
      svgs.map((svg) => [...svg.querySelectorAll('.waterfall-label text')].map((t) => t.textContent)),
    )
    const signed = (v: string) => (v.startsWith('-') ? `−${v.slice(1)}` : v === '0' ? '0' : `+${v}`)
    expect(labels).toEqual(
      changed.map((p: Json) => {
        const chain = p.attribution.chain
        return [
          chain[0].liquidation_price,
          ...p.attribution.components.map((c: Json) => signed(c.liquidation_price)),
          chain[chain.length - 1].liquidation_price,
        ]
      }),
    )
    const { scroll, viewport } = await fits(page)
    expect(scroll).toBeLessThanOrEqual(viewport)
    await screenshot(page, `diff-${width}`, true)
    if (width === 1280) await picture(page, 'section.position-diff .figure', 'html-diff-waterfall')
    await page.close()
  })

  it.each(WIDTHS)('a series at %i px: the trends over the snapshots and each oscillating parameter', async (width) => {
    const files = ['a-evening', 'b-morning', 'c-noon', 'd-afternoon'].map((n) => `fixtures/diff/series/${n}.yaml`)
    const output = diff(load(files))
    const document = JSON.parse(diffJson(output, options))
    const { page, errors } = await open(`series-${width}`, diffHtml(output, options), width)
    expect(errors).toEqual([])
    expect(refused).toEqual([])
    expect(await charts(page)).toMatchObject({ 'series-trends': 1, 'series-oscillation': document.oscillations.length })
    const percent = (v: string) => `${new Decimal(v).mul(100).abs().toSignificantDigits(3).toFixed()}%`
    const labels = await page.$$eval('svg.series-trends .trend-label text', (ts) => ts.map((t) => t.textContent))
    expect(labels).toEqual([...document.positions.map((p: Json) => p.distance.values), document.account.margin_ratio.values].flat().map(percent))
    const { scroll, viewport } = await fits(page)
    expect(scroll).toBeLessThanOrEqual(viewport)
    await screenshot(page, `series-${width}`, true)
    if (width === 1280) {
      await picture(page, '#trends > .figure', 'html-series-trends')
      await picture(page, 'svg.series-oscillation', 'html-series-oscillation')
    }
    await page.close()
  })
})
