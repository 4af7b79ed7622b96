// The report's contracts as their consumers read them: the JSON against its published schema (ajv), SARIF
// against the OASIS 2.1.0 schema (vendored: test/vendor/sarif-schema-2.1.0.json, a draft-04 schema from
// oasis-tcs/sarif-spec, sarif-2.1/schema), JUnit parsed as XML, GitHub workflow commands line by line; and the
// rows of issue 16 about printed figures and the command line.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Ajv } from 'ajv'
import AjvDraft04Module from 'ajv-draft-04'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { check, exitCodeFor } from '../src/index.js'
import { reporters } from '../src/report/index.js'
import { reportDocument } from '../src/report/json.js'
import { REPORT_SCHEMA } from '../src/report/schema.js'
import { portfolioWith, toYaml } from './helpers.js'

const BIN = resolve('bin/perp-check.js')
const FIXTURES = readdirSync('fixtures', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml') && !f.startsWith('invalid'))
  .map((f) => `fixtures/${f}`)
  .sort()

function perpCheck(args: string[], options: { input?: string; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input ?? '',
    encoding: 'utf8',
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '' },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

function render(file: string, format: keyof typeof reporters, failOn: 'fail' | 'warn' = 'fail') {
  const report = check(readFileSync(file, 'utf8'), { file })
  return reporters[format](report, { color: false, verbose: false, exitCode: exitCodeFor(report, failOn), version: '0.0.0-test', failOn })
}

const validateReport = new Ajv({ allErrors: true, strict: false }).compile(REPORT_SCHEMA)
// ajv-draft-04 is CommonJS: its class is the default export's default.
const AjvDraft04 = (AjvDraft04Module as unknown as { default: typeof Ajv }).default
const validateSarif = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false }).compile(
  JSON.parse(readFileSync('test/vendor/sarif-schema-2.1.0.json', 'utf8')),
)

describe('JSON: schema_version 2 validates against the published schema', () => {
  it('perp-check schema --report prints the schema the tests validate with', () => {
    const r = perpCheck(['schema', '--report'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(REPORT_SCHEMA)))
  })

  it.each(FIXTURES)('%s', (file) => {
    const doc = JSON.parse(render(file, 'json'))
    expect(validateReport(doc) ? [] : validateReport.errors).toEqual([])
    const severities = doc.findings.map((f: { severity: number }) => f.severity)
    expect(severities, 'worst first').toEqual([...severities].sort((a, b) => b - a))
    for (const f of doc.findings) expect(f.rule).toBe(`${f.check}/${f.rule.split('/')[1]}`)
  })

  // The records only charts need (each market's book, funding payments, an order's curves, correlation curves):
  // the document check() builds for --format html.
  it.each(FIXTURES)('%s, built for charts', (file) => {
    const report = check(readFileSync(file, 'utf8'), { file, charts: true })
    const doc = JSON.parse(JSON.stringify(reportDocument(report, { exitCode: exitCodeFor(report, 'fail'), version: '0.0.0-test' })))
    expect(validateReport(doc) ? [] : validateReport.errors).toEqual([])
  })

  it('input errors with --format json: a JSON document on stdout, exit 2, the same problems as stderr', () => {
    const r = perpCheck(['-', '--format', 'json'], { input: 'version: 1\naccount: 3\nmarkets: {}\n' })
    expect(r.code).toBe(2)
    const doc = JSON.parse(r.stdout)
    expect(validateReport(doc) ? [] : validateReport.errors).toEqual([])
    const lines = r.stderr.trimEnd().split('\n').slice(0, -1)
    expect(
      doc.input_errors.map(
        (e: { file: string; line: number; column: number; path: string; message: string }) => `${e.file}:${e.line}:${e.column}  ${e.path}: ${e.message}`,
      ),
    ).toEqual(lines)
  })

  it('assumptions name every default that changes a figure, with its source', () => {
    const doc = JSON.parse(render('fixtures/demo.yaml', 'json'))
    const names = doc.assumptions.map((a: { name: string; source: string }) => `${a.name} ← ${a.source}`)
    expect(names).toEqual(expect.arrayContaining(['funding.interval ← venue binance-usdm', 'hold ← perp-check default', 'stress.latency ← perp-check default']))
    expect(names).not.toContain('account.fees.taker ← venue binance-usdm') // demo gives its fees
  })
})

describe('JUnit, SARIF and GitHub, as their consumers parse them', () => {
  it('JUnit is well-formed XML: one testsuite per check, a failure per fail, warnings failures under --fail-on warn', () => {
    for (const failOn of ['fail', 'warn'] as const) {
      const xml = render('fixtures/demo.yaml', 'junit', failOn)
      expect(XMLValidator.validate(xml)).toBe(true)
      const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml)
      const report = check(readFileSync('fixtures/demo.yaml', 'utf8'), { file: 'fixtures/demo.yaml' })
      const suites = doc.testsuites.testsuite as { '@_name': string; testcase: { failure?: unknown }[] }[]
      expect(suites.map((s) => s['@_name']).sort()).toEqual([...new Set(report.findings.map((f) => f.check))].sort())
      const failures = suites.flatMap((s) => s.testcase).filter((t) => t.failure !== undefined).length
      expect(failures).toBe(report.counts.fail + (failOn === 'warn' ? report.counts.warn : 0))
      expect(suites.flatMap((s) => s.testcase)).toHaveLength(report.findings.length)
    }
  })

  it.each(FIXTURES)('SARIF of %s validates against the SARIF 2.1.0 schema', (file) => {
    const doc = JSON.parse(render(file, 'sarif'))
    expect(validateSarif(doc) ? [] : validateSarif.errors).toEqual([])
    const report = check(readFileSync(file, 'utf8'), { file })
    expect(doc.runs[0].results).toHaveLength(report.findings.filter((f) => f.status !== 'pass').length)
    for (const r of doc.runs[0].results) expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0)
  })

  it('GitHub: one workflow command per fail, warn and skip, with file, line and col', () => {
    const out = render('fixtures/demo.yaml', 'github')
    const report = check(readFileSync('fixtures/demo.yaml', 'utf8'), { file: 'fixtures/demo.yaml' })
    const lines = out.trimEnd().split('\n')
    expect(lines).toHaveLength(report.counts.fail + report.counts.warn + report.counts.skip)
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=fixtures\/demo\.yaml,line=\d+,col=\d+,title=[^:]+::\S/)
  })
})

describe('issue 16: figures printed at their market precision, one problem per line, an unambiguous command line', () => {
  // PEPE at 0.00001, isolated long: the liquidation price is below a cent (issue 16, "sub-cent prices print as 0").
  const pepe = portfolioWith((p) => {
    p.venue = 'generic'
    p.markets = {
      PEPEUSDT: {
        prices: { index: '0.00001', mark: '0.00001', last: '0.00001' },
        tick_size: '0.00000001',
        maintenance_ladder: [{ max_notional: '1000000', mmr: '0.01', max_leverage: '20' }],
        funding: { rate: '0.0001', next_at: '2026-11-21T08:00:00Z' },
      },
    }
    p.positions = [
      { id: 'pepe', market: 'PEPEUSDT', side: 'long', size: '100000000', entry_price: '0.00001', margin_mode: 'isolated', margin: '100', hold: '1d' },
    ]
  })

  it('a sub-cent liquidation price prints to the tick, never as 0', () => {
    const report = check(toYaml(pepe), { file: 'pepe.yaml' })
    const funding = report.findings.find((f) => f.check === 'funding' && f.message.startsWith('liquidation price after'))!
    const distance = report.findings.find(
      (f) => f.rule === 'liquidation-distance/position' && 'liquidation_price' in f.figures && f.message.startsWith('liquidation at'),
    )!
    // liquidation of an isolated long: (entry × size − margin) / (size × (1 − mmr)) = (1000 − 100) / (1e8 × 0.99) = 0.0000090909…
    expect(distance.figures.liquidation_price).toMatch(/^0\.00000909090909/)
    expect(distance.message).toMatch(/^liquidation at 0\.00000909, mark now 0\.00001000/)
    expect(funding.message).toMatch(/ 0\.00000909 \(now 0\.00000909\)/) // 0.3 of funding moves it 3e-9, under the tick
    const text = reporters.text(report, { color: false, verbose: false, exitCode: 0, version: '0' })
    expect(text).toMatch(/0\.00000909/)
  })

  it('a market key with a newline is refused at its line, on one line', () => {
    const r = perpCheck(['-'], { input: toYaml(portfolioWith((p) => (p.markets = { 'x\ny': p.markets.BTCUSDT }))) })
    expect(r.code).toBe(2)
    for (const line of r.stderr.trimEnd().split('\n')) expect(line).toMatch(/^(<stdin>:\d+:\d+ {2}\S|perp-check: )/)
    expect(r.stderr).not.toMatch(/^\(node:/m)
  })

  it('a mapping used as a key is one problem on one line', () => {
    const r = perpCheck(['-'], { input: 'version: 1\n? { a: 1 }\n: 2\naccount: { wallet_balance: 1 }\nmarkets: {}\n' })
    expect(r.code).toBe(2)
    for (const line of r.stderr.trimEnd().split('\n')) expect(line).toMatch(/^(<stdin>:\d+:\d+ {2}\S|perp-check: )/)
    expect(r.stderr).not.toMatch(/^\(node:/m)
  })

  it.each([
    { name: '--format twice', args: ['fixtures/demo.yaml', '--format', 'json', '--format', 'text'], words: /--format given twice/ },
    { name: '--fail-on twice', args: ['fixtures/demo.yaml', '--fail-on', 'warn', '--fail-on', 'fail'], words: /--fail-on given twice/ },
    { name: '--only X --skip X', args: ['fixtures/demo.yaml', '--only', 'fees', '--skip', 'fees'], words: /leave no check to run \("fees" in both\)/ },
    {
      name: '--now garbage with a file that has schema errors',
      args: ['fixtures/invalid/typo-and-bad-values.yaml', '--now', 'garbage'],
      words: /--now: expected an ISO 8601/,
    },
  ])('$name is a usage error (exit 2)', ({ args, words }) => {
    const r = perpCheck(args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(words)
  })

  it('a portfolio file named schema: "perp-check schema" is refused as ambiguous; ./schema is checked; schema --portfolio prints the schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perp-check-'))
    writeFileSync(join(dir, 'schema'), readFileSync('fixtures/demo.yaml', 'utf8'))
    const ambiguous = perpCheck(['schema'], { cwd: dir })
    expect([ambiguous.code, ambiguous.stdout]).toEqual([2, ''])
    expect(ambiguous.stderr).toMatch(/both a file here and a subcommand/)
    expect(perpCheck(['./schema'], { cwd: dir }).stdout).toMatch(/^perp-check \.\/schema/)
    expect(JSON.parse(perpCheck(['schema', '--portfolio'], { cwd: dir }).stdout).$schema).toBe('http://json-schema.org/draft-07/schema#')
  })
})
