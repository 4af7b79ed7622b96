// The input contract under mutation: every fixture, and generated portfolios, mutated at the text and the
// data level and run through the in-process API (and a sample through the built CLI). Whatever the input:
// exit 0, 1 or 2; on 2 every problem at file:line:col and nothing on stdout; no stack trace; no NaN,
// Infinity, undefined or [object …] in the output; every position of the file in the JSON `positions`;
// byte-identical output for the same input and as_of; each run under 5 s; and the figures' own contracts
// (issue 16): a stop never fills beyond the book's best price on its side; no figure is printed with fewer
// digits than its market's tick needs (a price figure never reads coarser than its tick in the message beside
// it); every problem is one line (input problems, finding messages, stderr lines; with --format json the input
// errors are the JSON document, and nothing but problems reaches stderr).
// CI runs a bounded number of cases (300, and 15 through the CLI: about 20 s); `FUZZ_RUNS=100000 npm run fuzz` runs the long campaign.
import { loadPortfolio } from '../src/input/load.js'
import { spawnSync } from 'node:child_process'
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { Decimal } from '../src/decimal.js'
import { exitCodeFor } from '../src/engine/run.js'
import type { Finding } from '../src/engine/types.js'
import { check, formatProblem, InputError, type Report } from '../src/index.js'
import type { Portfolio } from '../src/model.js'
import { reporters } from '../src/report/index.js'
import { basePortfolio } from './helpers.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const CLI_RUNS = Number(process.env.FUZZ_CLI_RUNS ?? Math.max(10, Math.round(RUNS / 20)))
// `npm test` draws the same documents every run (a fixed seed), so CI is repeatable; the long campaign
// (FUZZ_RUNS set) draws new ones each time unless FUZZ_SEED pins them.
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS === undefined ? 20261128 : undefined
const NOW = '2026-11-21T07:45:00Z'
const UNPRINTABLE = /\bNaN\b|\bInfinity\b|\bundefined\b|\[object \w+\]/
const STACK = /\n\s+at .+:\d+:\d+/

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : entry.name.endsWith('.yaml') ? [join(dir, entry.name)] : [],
  )
}
const FIXTURES = yamlFiles('fixtures')
  .sort()
  .map((file) => readFileSync(file, 'utf8'))

// Values that once broke something, or could: out-of-range numbers, YAML specials, prototype names, aliases.
const HOSTILE_SCALARS = [
  '0',
  '-0',
  '-1',
  '1e100000000',
  '1e9000000000000001',
  '1e-9000000000000001',
  '1e21',
  '1e-31',
  '99999999999999999999',
  '0.000000000000000000000000000001',
  '1.00000000000000000000000000000000000000001',
  '.inf',
  '.nan',
  '0x10',
  '~',
  '""',
  'null',
  'true',
  '__proto__',
  'constructor',
  'toString',
  '*x',
  '&x 1',
  '[',
  '{',
  '1ms',
  '100000000000000000000000000ms',
  '1e3ms',
  '5y',
  '1000000d',
  '2026-11-21T07:45:00',
  '9999-12-31T23:59:59Z',
  '0.4',
  '125',
  '1000',
  '0.01',
  '0.00001',
  '0.00000903614',
  '64000',
  '50000',
  'post_only',
  'limit',
  'isolated',
  'hyperliquid',
]
const hostileScalar = fc.constantFrom(...HOSTILE_SCALARS)

/** Text-level mutations: characters, numbers, lines and indentation. */
const textMutation = fc.oneof(
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: hostileScalar }),
  fc.record({ kind: fc.constant('scalar' as const), at: fc.nat(), value: hostileScalar }),
  fc.record({ kind: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
)
type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never

function mutateText(source: string, m: TextMutation): string {
  const lines = source.split('\n')
  const line = m.at % Math.max(lines.length, 1)
  switch (m.kind) {
    case 'number': {
      const numbers = [...source.matchAll(/(?<=[\s:[,{-])-?\d[\d.eE+-]*(?=[\s,\]}]|$)/g)]
      if (numbers.length === 0) return source
      const n = numbers[m.at % numbers.length]!
      return source.slice(0, n.index) + m.value + source.slice(n.index + n[0].length)
    }
    case 'scalar': {
      const values = [...source.matchAll(/(?<=: )[^\s{}[\],#][^,{}[\]\n#]*/g)]
      if (values.length === 0) return source
      const v = values[m.at % values.length]!
      return source.slice(0, v.index) + m.value + source.slice(v.index + v[0].length)
    }
    case 'delete-line':
      return lines.filter((_, i) => i !== line).join('\n')
    case 'duplicate-line':
      return [...lines.slice(0, line + 1), lines[line], ...lines.slice(line + 1)].join('\n')
    case 'indent': {
      const text = lines[line] ?? ''
      lines[line] = m.by >= 0 ? ' '.repeat(m.by) + text : text.replace(new RegExp(`^ {0,${-m.by}}`), '')
      return lines.join('\n')
    }
    case 'insert': {
      const at = m.at % (source.length + 1)
      return source.slice(0, at) + m.value + source.slice(at)
    }
    case 'truncate':
      return source.slice(0, m.at % (source.length + 1))
  }
}

/** Data-level mutations: a value anywhere replaced, a key removed, a list item repeated. */
const dataMutation = fc.record({
  kind: fc.constantFrom('replace', 'delete', 'repeat', 'rename'),
  at: fc.nat(),
  value: fc.oneof(hostileScalar, fc.double(), fc.integer(), fc.constant(null), fc.constant([]), fc.constant({})),
})
type DataMutation = typeof dataMutation extends fc.Arbitrary<infer T> ? T : never

function mutateData(data: unknown, m: DataMutation): unknown {
  const slots: { parent: Record<string | number, unknown>; key: string | number }[] = []
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return
    for (const key of Object.keys(node)) {
      const parent = node as Record<string | number, unknown>
      slots.push({ parent, key: Array.isArray(node) ? Number(key) : key })
      walk(parent[key])
    }
  }
  walk(data)
  if (slots.length === 0) return data
  const { parent, key } = slots[m.at % slots.length]!
  if (m.kind === 'replace') parent[key] = m.value
  else if (m.kind === 'delete') Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key]
  else if (m.kind === 'repeat' && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]))
  else if (m.kind === 'rename' && !Array.isArray(parent) && typeof m.value === 'string') {
    Object.defineProperty(parent, m.value, { value: parent[key], enumerable: true, configurable: true, writable: true })
    delete parent[key]
  }
  return data
}

/** Generated portfolios: the base market with positions and orders of any shape the schema admits. */
const num = (min: number, max: number) => fc.integer({ min: Math.round(min * 1e4), max: Math.round(max * 1e4) }).map((n) => new Decimal(n).div(1e4).toFixed())
const generated = fc
  .record({
    venue: fc.constantFrom('generic', 'binance-usdm', 'bybit-linear', 'okx-swap', 'hyperliquid', 'dydx-v4'),
    wallet: num(0, 1e7),
    volatility: fc.option(num(0.01, 3), { nil: undefined }),
    book: fc.boolean(),
    spread: num(0.5, 100),
    rate: num(-0.01, 0.01),
    positions: fc.array(
      fc.record({
        side: fc.constantFrom('long', 'short'),
        size: num(0.001, 20),
        entry_price: num(30000, 100000),
        isolated: fc.boolean(),
        margin: num(10, 100000),
        stop: fc.option(num(20000, 120000), { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    orders: fc.array(
      fc.record({
        side: fc.constantFrom('buy', 'sell'),
        size: num(0.001, 50),
        type: fc.constantFrom('market', 'limit', 'post_only'),
        price: num(30000, 100000),
        slices: fc.integer({ min: 1, max: 20 }),
      }),
      { maxLength: 3 },
    ),
    stress: fc.record({ spread_multiplier: num(1, 100), depth_multiplier: num(0.01, 1), correlation: num(-1, 1) }),
  })
  .map((g) => {
    const p = basePortfolio()
    p.venue = g.venue
    p.account.wallet_balance = g.wallet
    const market = p.markets.BTCUSDT
    if (g.volatility) market.volatility = g.volatility
    market.funding = { rate: g.rate, next_at: '2026-11-21T08:00:00Z' }
    if (g.book)
      market.book = {
        bids: [0, 1, 2].map((i) => [String(64000 - Number(g.spread) * (i + 1)), '2']),
        asks: [0, 1, 2].map((i) => [String(64000 + Number(g.spread) * (i + 1)), '2']),
      }
    p.positions = g.positions.map((x) => ({
      market: 'BTCUSDT',
      side: x.side,
      size: x.size,
      entry_price: x.entry_price,
      ...(x.isolated ? { margin_mode: 'isolated', margin: x.margin } : {}),
      ...(x.stop ? { stop: { price: x.stop } } : {}),
    }))
    p.orders = g.orders.map((o) => ({
      market: 'BTCUSDT',
      side: o.side,
      size: o.size,
      type: o.type,
      ...(o.type === 'market' ? {} : { price: o.price }),
      ...(o.slices > 1 ? { slices: o.slices, interval: '5s' } : {}),
    }))
    p.stress = g.stress
    return stringify(p)
  })

const documents = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...FIXTURES), fc.array(textMutation, { minLength: 1, maxLength: 3 })).map(([s, ms]) => ms.reduce(mutateText, s)),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...FIXTURES), fc.array(dataMutation, { minLength: 1, maxLength: 3 })).map(([s, ms]) => {
      let data: unknown
      try {
        data = parse(s)
      } catch {
        return s // the broken-YAML fixture
      }
      return stringify(ms.reduce(mutateData, data))
    }),
  },
  { weight: 2, arbitrary: generated },
  { weight: 1, arbitrary: fc.tuple(generated, fc.array(textMutation, { minLength: 1, maxLength: 2 })).map(([s, ms]) => ms.reduce(mutateText, s)) },
)

/** How many positions the file lists, read independently of perp-check (undefined when the YAML does not parse). */
function positionsListed(source: string): number | undefined {
  try {
    const data = parse(source, { maxAliasCount: -1 }) as { positions?: unknown }
    return Array.isArray(data?.positions) ? data.positions.length : 0
  } catch {
    return undefined
  }
}

const TOKEN = /(?<![\w.])-?\d+(?:\.\d+)?(?![\w.%σ])(?! bps| daily σ)/g

/**
 * Price figures a message prints coarser than the market's tick: a number in the message that is the figure
 * rounded to fewer decimals than the tick has, and differs from it ("0 (now 0)" for 0.00000903614 on a 1e-11 tick).
 * Numbers of one significant digit are left out (a tier number, a count) unless they stand where a price does.
 */
function coarsePrices(report: Report): string[] {
  const ticks = new Map(report.markets.map((m) => [m.symbol, new Decimal(m.tick).decimalPlaces()]))
  const marketOf = new Map(report.subjects.map((s) => [s.id, s.market]))
  const coarse: string[] = []
  for (const f of report.findings) {
    const places = ticks.get(marketOf.get(f.subject) ?? '')
    if (places === undefined) continue
    const prices = Object.entries(f.figures).filter(([name, v]) => /price/.test(name) && typeof v === 'string' && /^-?\d/.test(v))
    const exact = Object.values(f.figures).flatMap((v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? [new Decimal(v)] : []))
    for (const match of f.message.matchAll(TOKEN)) {
      const token = new Decimal(match[0])
      // Decimals as printed: 64002.270 on a 0.001 tick has 3 (Decimal would drop the trailing zero and call it 2).
      const dp = match[0].split('.')[1]?.length ?? 0
      if (dp >= places) continue
      const wherePrice = /(price|at|now|liquidation) $/.test(f.message.slice(0, match.index)) || f.message.startsWith(' (now', match.index + match[0].length)
      if (token.precision(true) < 2 && !wherePrice) continue
      if (exact.some((v) => v.eq(token))) continue // the token is another figure, printed whole (a stop at 2950)
      for (const [name, v] of prices) {
        const value = new Decimal(v as string)
        if (!value.eq(token) && value.toDecimalPlaces(dp).eq(token) && value.minus(token).abs().gte(new Decimal(10).pow(-places))) {
          coarse.push(`${f.rule} ${name} ${v} printed as ${match[0]} (tick ${places} decimals): ${f.message}`)
        }
      }
    }
  }
  return coarse
}

function runOnce(source: string) {
  try {
    const report = check(source, { file: 'fuzz.yaml', now: NOW })
    const code = exitCodeFor(report, 'fail')
    const options = { color: false, verbose: true, exitCode: code, version: '0.0.0' }
    return { report, json: reporters.json(report, options), text: reporters.text(report, options) }
  } catch (error) {
    if (error instanceof InputError) return { error }
    throw error
  }
}

function assertContract(source: string): void {
  const first = runOnce(source)
  if ('error' in first && first.error) {
    expect(first.error.problems.length).toBeGreaterThan(0)
    for (const problem of first.error.problems) {
      expect(formatProblem('fuzz.yaml', problem)).toMatch(/^fuzz\.yaml:[1-9]\d*:[1-9]\d* {2}\S/)
      expect(problem.message).not.toMatch(UNPRINTABLE)
      expect(formatProblem('fuzz.yaml', problem), 'every problem is one line').not.toMatch(/[\n\r\u2028\u2029]/)
    }
    return
  }
  const { report, json, text } = first as Required<Omit<typeof first, 'error'>>
  expect(report.failures, 'every check runs on a valid file').toEqual([])
  for (const finding of report.findings) expect(finding.message, 'every problem is one line').not.toMatch(/[\n\r\u2028\u2029]/)
  expect(coarsePrices(report), 'no price printed coarser than its tick').toEqual([])
  expect(json).not.toMatch(UNPRINTABLE)
  expect(text).not.toMatch(UNPRINTABLE)
  const doc = JSON.parse(json) as { positions: { id: string }[] }
  const { portfolio } = loadPortfolio(source, { file: 'fuzz.yaml' })
  expect(doc.positions.map((p) => p.id)).toEqual(portfolio.positions.map((p) => p.id))
  assertStopsWithinBook(report.findings, portfolio)
  const listed = positionsListed(source)
  if (listed !== undefined) expect(doc.positions).toHaveLength(listed)
  expect(negativeLosses(report.findings, doc), 'a loss is never negative').toEqual([])
  expect(text).not.toMatch(/\bloss(?: of)? -\d/)
  const again = runOnce(source)
  expect('json' in again && again.json, 'same input and as_of, same bytes').toBe(json)
}

/**
 * Oracle (issue 16): a stop never fills beyond the book's best price on its side. A long's stop sells: its
 * book VWAP and its expected fill (after the latency move) are at or below the best bid now; a short's buy
 * at or above the best ask. A stop 70 000 above a 64 000 market once read "expected fill 69 996.93".
 */
function assertStopsWithinBook(findings: readonly Finding[], portfolio: Portfolio): void {
  for (const f of findings) {
    if (f.check !== 'stop-vs-liquidation' || f.figures.book_vwap == null) continue
    const position = portfolio.positions.find((p) => p.id === f.subject)!
    const book = portfolio.markets.get(position.market)!.book!
    const long = position.side === 'long'
    const best = long ? book.bids[0]!.price : book.asks[0]!.price
    for (const name of ['book_vwap', 'expected_fill']) {
      const price = new Decimal(f.figures[name] as string)
      expect(long ? price.lte(best) : price.gte(best), `${f.subject}: ${name} ${price} beyond the best ${long ? 'bid' : 'ask'} ${best}`).toBe(true)
    }
  }
}

/** Issue 16's oracle: every figure and JSON field named a loss (`loss`, `*_loss`) is not negative. */
function negativeLosses(findings: readonly { figures: Record<string, unknown> }[], doc: unknown): string[] {
  const isLoss = (key: string) => /(^|_)loss$/.test(key)
  const bad: string[] = []
  for (const f of findings)
    for (const [key, value] of Object.entries(f.figures)) if (isLoss(key) && typeof value === 'string' && value.startsWith('-')) bad.push(`${key} ${value}`)
  const walk = (node: unknown, path: string) => {
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (isLoss(key) && typeof value === 'string' && value.startsWith('-')) bad.push(`${path}.${key} ${value}`)
      walk(value, `${path}.${key}`)
    }
  }
  walk(doc, '')
  return bad
}

// The long campaign (FUZZ_FINDINGS=file) records every failing document and goes on, rather than stopping at the first.
const FINDINGS = process.env.FUZZ_FINDINGS
let found = 0
const PROGRESS = process.env.FUZZ_PROGRESS
let runs = 0
function record(source: string, run: () => void): void {
  if (PROGRESS) {
    // The document about to run, and how far the campaign is: a run that takes the process down leaves both behind.
    writeFileSync(`${PROGRESS}.last.yaml`, source)
    if (++runs % 500 === 0)
      appendFileSync(PROGRESS, `${new Date().toISOString()} ${runs} runs, ${found} findings, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB\n`)
  }
  if (!FINDINGS) {
    run()
    return
  }
  try {
    run()
  } catch (error) {
    found++
    appendFileSync(FINDINGS, `${JSON.stringify({ error: String(error).slice(0, 2000), source })}\n`)
  }
}

describe('fuzz: the input contract holds for mutated and generated files', () => {
  const timeout = 60_000 + RUNS * 5000
  it(
    `${RUNS} documents through the in-process API`,
    () => {
      fc.assert(
        fc.property(documents, (source) => record(source, () => assertContract(source))),
        { numRuns: RUNS, seed: SEED, endOnFailure: process.env.FUZZ_RUNS !== undefined },
      )
    },
    timeout,
  )

  it.runIf(FINDINGS)('the long campaign found nothing', () => {
    expect(found, `see ${FINDINGS}`).toBe(0)
  })

  it(
    `${CLI_RUNS} documents through the built CLI`,
    () => {
      fc.assert(
        fc.property(documents, fc.constantFrom('text', 'json'), (source, format) =>
          record(source, () => {
            // A hang guard (killed after 60 s), not a speed target.
            const r = spawnSync(process.execPath, ['bin/perp-check.js', '-', '--format', format, '--now', NOW], {
              input: source,
              encoding: 'utf8',
              timeout: 60_000,
            })
            expect(r.signal).toBeNull()
            expect([0, 1, 2]).toContain(r.status)
            expect(r.stderr).not.toMatch(STACK)
            expect(r.stdout + r.stderr).not.toMatch(UNPRINTABLE)
            expect(r.stderr, 'no runtime warning reaches stderr').not.toMatch(/^\(node:\d+\)/m)
            if (r.status === 2) {
              if (format === 'json') {
                const doc = JSON.parse(r.stdout)
                expect(
                  doc.input_errors.map((e: { line: number; column: number; path: string | null; message: string }) =>
                    formatProblem('<stdin>', { ...e, path: e.path ?? undefined }),
                  ),
                ).toEqual(r.stderr.trimEnd().split('\n').slice(0, -1))
              } else expect(r.stdout).toBe('')
              const lines = r.stderr.trimEnd().split('\n')
              for (const line of lines.slice(0, -1)) expect(line).toMatch(/^<stdin>:[1-9]\d*:[1-9]\d* {2}\S/)
              expect(lines.at(-1)).toMatch(/^(<stdin>:[1-9]\d*:[1-9]\d* {2}\S|perp-check: )/)
            } else expect(r.stderr).toBe('')
          }),
        ),
        { numRuns: CLI_RUNS, seed: SEED },
      )
    },
    60_000 + CLI_RUNS * 5000,
  )
})
