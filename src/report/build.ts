// The report: everything the reporters print, as plain serialisable data (strings, numbers, booleans, arrays
// and plain objects; no Decimal, Map, Portfolio, view or check object), built once after the checks ran. The
// reporters only lay it out.
import { createHash } from 'node:crypto'
import type { CheckRun, Failure } from '../engine/run.js'
import type { Check, Finding, StatusCounts, TableColumn } from '../engine/types.js'
import type { Portfolio } from '../model.js'
import { buildRecords, type Records } from './records/index.js'

/** What the text report says about a check that ran. */
export interface CheckSummary {
  id: string
  title: string
  explanation: string
  /** Present when the check's items read best as rows of one table (see Check.table). */
  table?: TableColumn[]
}

/** The heading of a subject's group of items in the text report. */
export interface Subject {
  /** A position, order or market id, or "account". */
  id: string
  /** "btc-core · BTCUSDT long 0.5 (cross)", "btc-add · planned market buy 0.1 BTCUSDT", "BTCUSDT · market". */
  title: string
}

export interface Report {
  /** The file's name as given (a path, or <stdin>). */
  file: string
  sha256: string
  /** The "now" of the checks, ISO 8601. */
  asOf: string
  /** The venue profile's id. */
  venue: string
  /** Every subject of the file: the account, then markets, positions and orders in file order. */
  subjects: Subject[]
  /** The checks that ran, in order. */
  checks: CheckSummary[]
  findings: Finding[]
  counts: StatusCounts
  /** Checks that threw and views that could not be computed; any makes the exit code 2. */
  failures: Failure[]
  /** The JSON records, from the views computed for the checks that ran. */
  records: Records
}

export interface ReportInput {
  file: string
  source: string
  portfolio: Portfolio
}

export function buildReport(input: ReportInput, checks: readonly Check[], run: CheckRun): Report {
  const { portfolio } = input
  return {
    file: input.file,
    sha256: createHash('sha256').update(input.source).digest('hex'),
    asOf: new Date(portfolio.asOf).toISOString(),
    venue: portfolio.venue.id,
    subjects: subjects(portfolio),
    checks: checks.map(({ id, title, explanation, table }) => ({ id, title, explanation, ...(table && { table: table.map((c) => ({ ...c })) }) })),
    findings: run.findings,
    counts: run.counts,
    failures: run.failures,
    records: buildRecords(portfolio, run.views),
  }
}

/** A title per subject id; a position's wins over an order's, and an order's over a market's, when ids collide. */
function subjects(portfolio: Portfolio): Subject[] {
  const titles = new Map<string, string>([['account', 'account']])
  for (const symbol of portfolio.markets.keys()) titles.set(symbol, `${symbol} · market`)
  for (const order of portfolio.orders) titles.set(order.id, `${order.id} · planned ${order.type} ${order.side} ${order.size.toFixed()} ${order.market}`)
  for (const p of portfolio.positions) titles.set(p.id, `${p.id} · ${p.market} ${p.side} ${p.size.toFixed()} (${p.marginMode})`)
  return [...titles].map(([id, title]) => ({ id, title }))
}
