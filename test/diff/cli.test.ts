// `perp-check diff` through the CLI's main(): the exit codes a CI job gates on, the JSON output against its
// schema (ajv) for every fixture pair and the series, the text's attribution table and --verbose arithmetic,
// and files that cannot be used (exit 2, file:line:col).
import { readdirSync, readFileSync } from 'node:fs'
import { Readable, Writable } from 'node:stream'
import { Ajv } from 'ajv'
import AjvDraft04Module from 'ajv-draft-04'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'

async function perpCheck(args: string[]) {
  let stdout = ''
  let stderr = ''
  const sink = (write: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        write(String(chunk))
        done()
      },
    })
  const code = await main(args, {
    stdin: Readable.from([]),
    stdout: sink((s) => {
      stdout += s
    }),
    stderr: sink((s) => {
      stderr += s
    }),
    env: {},
  })
  return { code, stdout, stderr }
}

const pair = (name: string) => [`fixtures/diff/${name}/old.yaml`, `fixtures/diff/${name}/new.yaml`]
const PAIRS = readdirSync('fixtures/diff').filter((name) => name !== 'series')
const SERIES = readdirSync('fixtures/diff/series').map((f) => `fixtures/diff/series/${f}`)
// The schema as published: what `perp-check schema --diff` prints.
const printedSchema = await perpCheck(['schema', '--diff'])
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(printedSchema.stdout))

describe('perp-check diff exit codes', () => {
  it.each([
    ['price', 'fail', 0],
    ['price', 'warn', 1],
    ['funding', 'warn', 0],
    ['all', 'fail', 1],
    ['floor', 'warn', 0],
  ] as const)('%s with --fail-on %s exits %i', async (name, failOn, code) => {
    const r = await perpCheck(['diff', ...pair(name), '--fail-on', failOn])
    expect(r).toMatchObject({ code, stderr: '' })
  })

  it('a series gates on its newest two snapshots', async () => {
    expect((await perpCheck(['diff', ...SERIES])).code).toBe(0)
    expect((await perpCheck(['diff', ...SERIES, '--fail-on', 'warn'])).code).toBe(0)
  })
})

describe('perp-check diff --format json', () => {
  it.each(PAIRS)('%s: valid against the schema, the exit code in the summary', async (name) => {
    const r = await perpCheck(['diff', ...pair(name), '--format', 'json'])
    const doc = JSON.parse(r.stdout)
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
    expect(doc.summary.exit_code).toBe(r.code)
    expect(doc.kind).toBe('diff')
  })

  it('the series: valid against the schema', async () => {
    const doc = JSON.parse((await perpCheck(['diff', ...SERIES, '--format', 'json'])).stdout)
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
    expect(doc.kind).toBe('series')
  })

  it('`schema --diff` prints the schema of schema_version 1 on stdout and exits 0; with --report too, it is a usage error', async () => {
    expect(printedSchema).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(printedSchema.stdout)).toMatchObject({ $id: 'urn:perp-check:diff:1', oneOf: [{ properties: { schema_version: { const: 1 } } }, {}] })
    expect(await perpCheck(['schema', '--diff', '--report'])).toMatchObject({ code: 2, stdout: '' })
  })

  it('the schema refuses a document it does not describe', () => {
    expect(validate({ schema_version: 1, kind: 'diff' })).toBe(false)
  })

  it('every change carries rule, severity, subject, message, file, path, line and column, fails first', async () => {
    const doc = JSON.parse((await perpCheck(['diff', ...pair('all'), '--format', 'json'])).stdout)
    const severities = doc.changes.map((c: { severity: string }) => c.severity)
    expect(severities).toEqual([...severities].sort((a: string, b: string) => ['fail', 'warn', 'info'].indexOf(a) - ['fail', 'warn', 'info'].indexOf(b)))
    expect(doc.changes.find((c: { rule: string; subject: string }) => c.rule === 'finding-worse' && c.subject === 'btc-long')).toMatchObject({
      severity: 'fail',
      file: 'fixtures/diff/all/new.yaml',
      path: 'positions[0].size',
      line: 26,
      column: 11,
    })
    expect(doc.changes.filter((c: { rule: string }) => c.rule.startsWith('parameter-')).map((c: { rule: string; path: string }) => [c.rule, c.path])).toEqual([
      ['parameter-ladder', 'markets.BTCUSDT.maintenance_ladder'],
      ['parameter-liquidation-reference', 'markets.BTCUSDT.liquidation_trigger'],
    ])
  })
})

describe('perp-check diff text', () => {
  it('shows the attribution table, and the arithmetic with --verbose', async () => {
    const plain = await perpCheck(['diff', ...pair('funding')])
    expect(plain.stdout).toMatch(/^ {6}funding +\+6\.06061 +−0\.010101$/m)
    expect(plain.stdout).not.toMatch(/50252\.52525 \+ 6\.06061 = 50258\.58586/)
    const verbose = await perpCheck(['diff', ...pair('funding'), '--verbose'])
    expect(verbose.stdout).toMatch(/funding +liquidation 50252\.52525 \+ 6\.06061 = 50258\.58586 · distance 0\.16245791 − 0\.00010101 = 0\.1623569/)
  })

  it('one line per parameter change with its effect on each position', async () => {
    const r = await perpCheck(['diff', ...pair('ladder')])
    expect(r.stdout).toMatch(
      /^ {2}BTCUSDT maintenance ladder changed \(tier 2 mmr 0\.01 → 0\.012\): btc-long tier 2 → 2; btc-long liquidation price \(ladder step\) none → \+0\.51119$/m,
    )
  })
})

describe('perp-check diff: what cannot be used exits 2', () => {
  it('one file', async () => {
    const r = await perpCheck(['diff', 'fixtures/diff/price/old.yaml'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/at least two snapshot files/)
  })

  it('a file that does not exist', async () => {
    const r = await perpCheck(['diff', 'fixtures/diff/price/old.yaml', 'nowhere.yaml'])
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toMatch(/cannot read nowhere\.yaml: no such file/)
  })

  it('an invalid snapshot, with its problems at file:line:col', async () => {
    const r = await perpCheck(['diff', 'fixtures/diff/price/old.yaml', 'fixtures/invalid/broken-yaml.yaml'])
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toMatch(/^fixtures\/invalid\/broken-yaml\.yaml:3:1 {2}invalid YAML/m)
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/)
  })

  it('standard input', async () => {
    expect((await perpCheck(['diff', 'fixtures/diff/price/old.yaml', '-'])).code).toBe(2)
  })
})

// The CI formats render the diff's changes as the checklist's annotations (src/report/ci.ts): JUnit parsed as
// XML, SARIF against the vendored OASIS 2.1.0 schema, GitHub workflow commands line by line.
describe('perp-check diff in the CI formats', () => {
  const AjvDraft04 = (AjvDraft04Module as unknown as { default: typeof Ajv }).default
  const validateSarif = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false }).compile(
    JSON.parse(readFileSync('test/vendor/sarif-schema-2.1.0.json', 'utf8')),
  )
  const changesOf = async (files: string[]) => JSON.parse((await perpCheck(['diff', ...files, '--format', 'json'])).stdout).changes as { severity: string }[]
  const count = (changes: { severity: string }[], ...severities: string[]) => changes.filter((c) => severities.includes(c.severity)).length
  const cases = [...PAIRS.map((name) => ({ name, files: pair(name) })), { name: 'series', files: SERIES }]

  it.each(cases)('$name: JUnit is XML with one testcase per change, a failure per fail (and per warn under --fail-on warn)', async ({ files }) => {
    const changes = await changesOf(files)
    for (const failOn of ['fail', 'warn'] as const) {
      const r = await perpCheck(['diff', ...files, '--format', 'junit', '--fail-on', failOn])
      expect(XMLValidator.validate(r.stdout)).toBe(true)
      const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(r.stdout)
      const cases = ((doc.testsuites.testsuite ?? []) as { testcase: { failure?: unknown }[] }[]).flatMap((s) => s.testcase)
      expect(cases).toHaveLength(changes.length)
      expect(cases.filter((t) => t.failure !== undefined)).toHaveLength(count(changes, 'fail', ...(failOn === 'warn' ? ['warn'] : [])))
    }
  })

  it.each(cases)('$name: SARIF validates, one result per change', async ({ files }) => {
    const changes = await changesOf(files)
    const doc = JSON.parse((await perpCheck(['diff', ...files, '--format', 'sarif'])).stdout)
    expect(validateSarif(doc) ? [] : validateSarif.errors).toEqual([])
    expect(doc.runs[0].results).toHaveLength(changes.length)
  })

  it.each(cases)('$name: GitHub, one command per fail and warn at its file, line and col', async ({ files }) => {
    const changes = await changesOf(files)
    const out = (await perpCheck(['diff', ...files, '--format', 'github'])).stdout
    const lines = out === '' ? [] : out.trimEnd().split('\n')
    expect(lines).toHaveLength(count(changes, 'fail', 'warn'))
    for (const line of lines) expect(line).toMatch(/^::(error|warning) file=fixtures\/diff\/[^,]+,line=[1-9]\d*,col=[1-9]\d*,title=diff\/[^:]+::\S/)
  })
})
