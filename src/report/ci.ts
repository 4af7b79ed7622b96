// The formats CI and code review read: JUnit XML, SARIF 2.1.0 and GitHub Actions workflow commands. Each
// renders plain annotations (file, line, column, rule, status, message), not the Report, so any command that
// produces findings (a check, a diff of two files) can print them the same way.
import type { Status } from '../engine/types.js'
import type { Report } from './build.js'
import { worstFirst } from './order.js'

/** One item as CI shows it. */
export interface Annotation {
  file: string
  line: number
  column: number
  /** `<check>/<kind>`. */
  rule: string
  /** The check the rule belongs to: JUnit's test suite. */
  check: string
  status: Status
  /** The position, order or market id, or "account". */
  subject: string
  message: string
}

/** A rule as SARIF describes it: the check's title and explanation. */
export interface AnnotationRule {
  id: string
  title: string
  explanation: string
}

export interface CiOptions {
  /** The lowest status that fails the run: with 'warn', warnings are failures in JUnit and errors in GitHub. */
  failOn: 'fail' | 'warn'
  version: string
}

/** The report's findings as annotations (worst first) and its rules (every rule id used, with its check's words). */
export function annotationsOf(report: Report): { annotations: Annotation[]; rules: AnnotationRule[] } {
  const annotations = worstFirst(report.findings).map((f) => ({
    file: report.file,
    line: f.line,
    column: f.column,
    rule: f.rule,
    check: f.check,
    status: f.status,
    subject: f.subject,
    message: f.message,
  }))
  const checks = new Map(report.checks.map((c) => [c.id, c]))
  const ids = [...new Set(report.findings.map((f) => f.rule))].sort()
  const rules = ids.map((id) => {
    const check = checks.get(id.split('/')[0]!)
    return { id, title: check?.title ?? id, explanation: check?.explanation ?? '' }
  })
  return { annotations, rules }
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** Text as XML attribute or element content; characters XML 1.0 cannot hold are dropped. */
function xml(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML 1.0 forbids
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
}

/**
 * JUnit XML: one testsuite per check, one testcase per item (name "<subject>: <message>", classname the rule);
 * a fail is a <failure>, a warn is a <failure> under --fail-on warn and a passing case otherwise, a skip is <skipped>.
 */
export function junit(annotations: readonly Annotation[], options: CiOptions): string {
  const suites = new Map<string, Annotation[]>()
  for (const a of annotations) suites.set(a.check, [...(suites.get(a.check) ?? []), a])
  const failing = (a: Annotation) => a.status === 'fail' || (a.status === 'warn' && options.failOn === 'warn')
  const count = (list: readonly Annotation[], test: (a: Annotation) => boolean) => list.filter(test).length
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="perp-check" tests="${annotations.length}" failures="${count(annotations, failing)}" errors="0" skipped="${count(annotations, (a) => a.status === 'skip')}">`,
  ]
  for (const [check, list] of suites) {
    lines.push(
      `  <testsuite name="${xml(check)}" tests="${list.length}" failures="${count(list, failing)}" errors="0" skipped="${count(list, (a) => a.status === 'skip')}">`,
    )
    for (const a of list) {
      const open = `    <testcase name="${xml(`${a.subject}: ${a.message}`)}" classname="${xml(a.rule)}" file="${xml(a.file)}" line="${a.line}"`
      const where = `${a.file}:${a.line}:${a.column}`
      if (failing(a)) {
        lines.push(
          `${open}>`,
          `      <failure message="${xml(a.message)}" type="${a.status}">${xml(`${where} ${a.rule}: ${a.message}`)}</failure>`,
          '    </testcase>',
        )
      } else if (a.status === 'skip') {
        lines.push(`${open}>`, `      <skipped message="${xml(a.message)}"/>`, '    </testcase>')
      } else if (a.status === 'warn') {
        lines.push(`${open}>`, `      <system-out>${xml(`warning at ${where}: ${a.message}`)}</system-out>`, '    </testcase>')
      } else {
        lines.push(`${open}/>`)
      }
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}

const SARIF_LEVEL: Record<Status, 'error' | 'warning' | 'note' | 'none'> = { fail: 'error', warn: 'warning', info: 'note', skip: 'note', pass: 'none' }

/**
 * SARIF 2.1.0: one run, the rules from the checks, a result per item that is not a pass (fail → error,
 * warn → warning, info and skip → note), each located at the YAML file's line and column.
 */
export function sarif(annotations: readonly Annotation[], rules: readonly AnnotationRule[], options: CiOptions): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]))
  const results = annotations
    .filter((a) => a.status !== 'pass')
    .map((a) => ({
      ruleId: a.rule,
      ...(ruleIndex.has(a.rule) && { ruleIndex: ruleIndex.get(a.rule) }),
      level: SARIF_LEVEL[a.status],
      ...(a.status === 'skip' && { kind: 'notApplicable' }),
      message: { text: `${a.subject}: ${a.message}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: a.file }, region: { startLine: a.line, startColumn: a.column } } }],
      properties: { subject: a.subject, status: a.status },
    }))
  const document = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'perp-check',
            version: options.version,
            informationUri: 'https://www.npmjs.com/package/perp-check',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace('/', '-'),
              shortDescription: { text: r.title },
              fullDescription: { text: r.explanation || r.title },
            })),
          },
        },
        results,
      },
    ],
  }
  return `${JSON.stringify(document, null, 2)}\n`
}

/** A workflow command's message: %, CR and LF escaped (GitHub's toCommandValue). */
const commandData = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
/** A workflow command's property value: also : and , escaped. */
const commandProperty = (text: string) => commandData(text).replaceAll(':', '%3A').replaceAll(',', '%2C')

/**
 * GitHub Actions workflow commands, one per item that is not a pass or info: `::error` for a fail (and a warn
 * under --fail-on warn), `::warning` for a warn, `::notice` for a skip.
 */
export function github(annotations: readonly Annotation[], options: CiOptions): string {
  const lines: string[] = []
  for (const a of annotations) {
    if (a.status === 'pass' || a.status === 'info') continue
    const command = a.status === 'fail' || (a.status === 'warn' && options.failOn === 'warn') ? 'error' : a.status === 'warn' ? 'warning' : 'notice'
    const properties = `file=${commandProperty(a.file)},line=${a.line},col=${a.column},title=${commandProperty(`${a.rule} ${a.subject}`)}`
    lines.push(`::${command} ${properties}::${commandData(a.message)}`)
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}
