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
import { appendFileSync, writeFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { Decimal } from '../src/decimal.js'
import { exitCodeFor } from '../src/engine/run.js'
import type { Finding } from '../src/engine/types.js'
import { check, formatProblem, InputError, type Report } from '../src/index.js'
import type { Portfolio } from '../src/model.js'
import { reporters } from '../src/report/index.js'
import { documents } from './fuzz-corpus.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const CLI_RUNS = Number(process.env.FUZZ_CLI_RUNS ?? Math.max(10, Math.round(RUNS / 20)))
// `npm test` draws the same documents every run (a fixed seed), so CI is repeatable; the long campaign
// (FUZZ_RUNS set) draws new ones each time unless FUZZ_SEED pins them.
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS === undefined ? 20261128 : undefined
const NOW = '2026-11-21T07:45:00Z'
const UNPRINTABLE = /\bNaN\b|\bInfinity\b|\bundefined\b|\[object \w+\]/
const STACK = /\n\s+at .+:\d+:\d+/

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
    const best = long ? book.bids.price(0) : book.asks.price(0)
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
