// The report: everything the reporters print, as plain serialisable data (strings, numbers, booleans, arrays
// and plain objects; no Decimal, Map, Portfolio, view or check object), built once after the checks ran. The
// reporters only lay it out.
import type { ReportDocument } from '../documents.js'
import type { CheckRun, Failure } from '../engine/run.js'
import { SEVERITY, type Check, type Finding, type Status, type StatusCounts, type SubjectKind, type TableColumn } from '../engine/types.js'
import type { Portfolio } from '../model.js'
import { plainString } from '../decimal.js'
import { sha256Hex } from '../sha256.js'
import type { GateResult } from '../gate/index.js'
import { buildRecords, type RecordOptions, type Records } from './records/index.js'
import { gateRecords } from './records/what-if.js'

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
  kind: SubjectKind
  /** The market whose tick and quote its figures print in (none for the account). */
  market?: string
  /** "btc-core · BTCUSDT long 0.5 (cross)", "btc-add · planned market buy 0.1 BTCUSDT", "BTCUSDT · market". */
  title: string
}

/** How the report prints a market's figures. */
export interface MarketFormat {
  symbol: string
  /** The price increment, exact: prices print to its decimal places. */
  tick: string
  quote: string
}

/** A default applied where the file is silent (Portfolio.assumptions), as data: the JSON report's. */
export type ReportAssumption = ReportDocument['assumptions'][number]

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
  /** Each market's tick and quote currency, in file order. */
  markets: MarketFormat[]
  /** Every default that changes a figure, with where it came from. */
  assumptions: ReportAssumption[]
  /** The checks that ran, in order. */
  checks: CheckSummary[]
  findings: Finding[]
  counts: StatusCounts
  /** Checks that threw and views that could not be computed; any makes the exit code 2. */
  failures: Failure[]
  /** The JSON records, from the views computed for the checks that ran. */
  records: Records
  /** With --order or --what-if: the items that judge the account once the planned orders fill (the exit code's). */
  judged?: { counts: StatusCounts; failures: Failure[] }
}

export interface ReportInput {
  file: string
  source: string
  portfolio: Portfolio
}

export function buildReport(
  input: ReportInput,
  checks: readonly Check[],
  run: CheckRun,
  options: RecordOptions & { gate?: GateResult } = { charts: false },
): Report {
  const { gate } = options
  const { portfolio } = input
  const records = buildRecords(portfolio, run.views, worstStatuses(run.findings), options)
  return {
    file: input.file,
    sha256: sha256Hex(input.source),
    asOf: new Date(portfolio.asOf).toISOString(),
    venue: portfolio.venue.id,
    subjects: subjects(portfolio),
    markets: [...portfolio.markets.values()].map((m) => ({ symbol: m.symbol, tick: plainString(m.tick), quote: m.quote })),
    assumptions: portfolio.assumptions.map((a) => ({ name: a.name, value: a.value, source: a.source, applies_to: [...a.appliesTo] })),
    checks: checks.map(({ id, title, explanation, table }) => ({ id, title, explanation, ...(table && { table: table.map((c) => ({ ...c })) }) })),
    findings: run.findings,
    counts: run.counts,
    failures: run.failures,
    records: gate ? { ...records, ...gateRecords(gate) } : records,
    ...(gate?.judged && { judged: { counts: gate.judged.counts, failures: gate.judged.failures } }),
  }
}

/** The worst status of the items about each subject. */
function worstStatuses(findings: readonly Finding[]): Map<string, Status> {
  const worst = new Map<string, Status>()
  for (const f of findings) {
    const known = worst.get(f.subject)
    if (!known || SEVERITY[f.status] > SEVERITY[known]) worst.set(f.subject, f.status)
  }
  return worst
}

/** A title per subject id; a position's wins over an order's, and an order's over a market's, when ids collide. */
function subjects(portfolio: Portfolio): Subject[] {
  const titles = new Map<string, Subject>([['account', { id: 'account', kind: 'account', title: 'account' }]])
  for (const symbol of portfolio.markets.keys()) titles.set(symbol, { id: symbol, kind: 'market', market: symbol, title: `${symbol} · market` })
  for (const o of portfolio.orders) {
    titles.set(o.id, { id: o.id, kind: 'order', market: o.market, title: `${o.id} · planned ${o.type} ${o.side} ${plainString(o.size)} ${o.market}` })
  }
  for (const p of portfolio.positions) {
    titles.set(p.id, { id: p.id, kind: 'position', market: p.market, title: `${p.id} · ${p.market} ${p.side} ${plainString(p.size)} (${p.marginMode})` })
  }
  return [...titles.values()]
}
