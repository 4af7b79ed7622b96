// The machine-readable report: one deterministic JSON document, every decimal an exact string.
import type { Report } from './build.js'
import type { ReportOptions } from './index.js'

export function json(report: Report, options: ReportOptions): string {
  const document = {
    schema_version: 1,
    tool: { name: 'perp-check', version: options.version },
    input: { file: report.file, sha256: report.sha256, as_of: report.asOf },
    summary: { ...report.counts, exit_code: options.exitCode },
    findings: report.findings,
    failures: report.failures,
    ...report.records,
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
