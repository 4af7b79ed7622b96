// Generated from the JSON Schema of a watch line (src/report/watch-schema.ts) by test/lib/documents.test.ts; do not
// edit: UPDATE_TYPES=1 npx vitest run test/lib/documents.test.ts rewrites it. The parts the line takes from the
// report and the diff are their documents' types (src/documents.ts). Not part of the library: it has no watch.
/* biome-ignore-all lint: generated */
import type { Diff, InputErrorsDocument, ReportDocument } from '../documents.js'

export type WatchLine = WatchReportLine | WatchInvalidLine | WatchUnavailableLine

export interface WatchReportLine {
  schema_version: ReportDocument['schema_version']
  tool: ReportDocument['tool']
  input: ReportDocument['input']
  assumptions: ReportDocument['assumptions']
  summary: ReportDocument['summary']
  findings: ReportDocument['findings']
  failures: ReportDocument['failures']
  markets: ReportDocument['markets']
  positions: ReportDocument['positions']
  orders: ReportDocument['orders']
  account?: ReportDocument['account']
  stress?: ReportDocument['stress']
  risk_model?: ReportDocument['risk_model']
  what_if?: ReportDocument['what_if']
  what_if_left_out?: ReportDocument['what_if_left_out']
  max_size?: ReportDocument['max_size']
  watch: {
    event: 'report'
    run: number
    at: string
    trigger: 'start' | 'change' | 'interval' | 'retry'
    source: string
    stale: false
    last_good_run: number
  }
  changes: {
    since: null | {
      run: number
      at: string
      sha256: string
      as_of: string
    }
    status: Diff['findings']
    positions: Diff['positions']
    account: null | Diff['account']
    parameters: Diff['parameters']
    markets: Diff['markets']
    orders: Diff['orders']
    list: Diff['changes']
    worse: Diff['worse']
  }
  [k: string]: unknown
}
export interface WatchInvalidLine {
  schema_version: InputErrorsDocument['schema_version']
  tool: ReportDocument['tool']
  input: InputErrorsDocument['input']
  summary: InputErrorsDocument['summary']
  input_errors: InputErrorsDocument['input_errors']
  watch: {
    event: 'invalid'
    run: number
    at: string
    trigger: 'start' | 'change' | 'interval' | 'retry'
    source: string
    stale: true
    last_good_run: number | null
  }
}
export interface WatchUnavailableLine {
  schema_version: 2
  tool: ReportDocument['tool']
  watch: {
    event: 'unavailable'
    run: number
    at: string
    trigger: 'start' | 'change' | 'interval' | 'retry'
    source: string
    stale: true
    last_good_run: number | null
  }
  error: string
  attempt: number
  retry_in_ms: number | null
}
