// Test helpers: run the real pipeline (YAML text → checks → findings) on portfolios written as
// objects, so tests read as tables of inputs and expected figures.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { stringify } from 'yaml'
import { Decimal } from '../src/decimal.js'
import { check } from '../src/index.js'
import { loadPortfolio } from '../src/input/load.js'
import type { Portfolio } from '../src/model.js'
import type { Report } from '../src/index.js'
import type { Finding } from '../src/engine/types.js'

/** A valid portfolio to start from: one generic market, no positions. */
export function basePortfolio(): Record<string, any> {
  return {
    version: 1,
    as_of: '2026-11-21T07:45:00Z',
    account: { margin_mode: 'cross', wallet_balance: '10000', fees: { maker: '0.0002', taker: '0.0005' } },
    markets: {
      BTCUSDT: {
        prices: { index: '64000', mark: '64000', last: '64000' },
        maintenance_ladder: [
          { max_notional: '50000', mmr: '0.004', max_leverage: '125' },
          { max_notional: '600000', mmr: '0.005', max_leverage: '100' },
        ],
      },
    },
  }
}

/**
 * A four-level book around the base portfolio's 64 000 (mid (63 990 + 64 010) / 2 = 64 000), as the file writes it:
 * bids 1 @ 63 990, 2 @ 63 980, 2 @ 63 900, 10 @ 63 500; asks the mirror image, 1 @ 64 010 … 10 @ 64 500.
 */
export const BTC_BOOK = {
  bids: [
    ['63990', '1'],
    ['63980', '2'],
    ['63900', '2'],
    ['63500', '10'],
  ],
  asks: [
    ['64010', '1'],
    ['64020', '2'],
    ['64100', '2'],
    ['64500', '10'],
  ],
}

export function toYaml(portfolio: unknown): string {
  return stringify(portfolio)
}

/** A decimal literal. */
export const d = (value: string | number): Decimal => new Decimal(value)

/** A portfolio written as an object (numbers as strings) or as YAML text, through the real input path. */
export function load(portfolio: unknown): Portfolio {
  const source = typeof portfolio === 'string' ? portfolio : toYaml(portfolio)
  return loadPortfolio(source, { file: 'test.yaml' }).portfolio
}

export function run(portfolio: unknown, options: { only?: string[]; file?: string } = {}): Report {
  const source = typeof portfolio === 'string' ? portfolio : toYaml(portfolio)
  return check(source, { file: options.file ?? 'test.yaml', only: options.only })
}

/** The findings of one check. */
export function findingsOf(portfolio: unknown, checkId: string): Finding[] {
  return run(portfolio, { only: [checkId] }).findings
}

/** Deep-merge-free override: a fresh base portfolio passed through a mutator. */
export function portfolioWith(mutate: (p: Record<string, any>) => void): Record<string, any> {
  const p = basePortfolio()
  mutate(p)
  return p
}

/** An io for the CLI's main() whose stdout and stderr are collected as text (`out`, `err`). */
export function capturedIo(env: Record<string, string> = {}) {
  const out: string[] = []
  const err: string[] = []
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  stdout.on('data', (c) => out.push(String(c)))
  stderr.on('data', (c) => err.push(String(c)))
  return { io: { stdin: new PassThrough(), stdout, stderr, env }, out, err }
}

/**
 * A preload for `node --require` that makes loading a module throw, so a test of the built binary proves a run never
 * loads it (ccxt outside `snapshot`, the HTML bundle outside `--format html`). `refused` is matched against each
 * request; `what` names it in the error.
 */
export function refusingPreload(refused: RegExp, what: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'perp-check-refuse-')), 'refuse.cjs')
  writeFileSync(
    file,
    `const Module = require('node:module')
const load = Module._load
Module._load = function (request, ...rest) {
  if (${refused}.test(request)) throw new Error(${JSON.stringify(`${what} was loaded`)})
  return load.call(this, request, ...rest)
}
`,
  )
  return file
}
