// The library as a consumer gets it: `npm pack`, the tarball unpacked into a temporary project's node_modules
// (its dependencies linked to this project's, so nothing is fetched: this runs offline, in CI after `npm ci`),
// a consumer .ts type-checked by the project's tsc against the shipped .d.ts, compiled and run with node; its
// documents compared byte for byte with the CLI's JSON for the same files.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve('.')
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }
const dir = mkdtempSync(join(tmpdir(), 'perp-check-consumer-'))

const CONSUMER = `import { readFileSync } from 'node:fs'
import { check, diff, InputError, type InputProblem, type ReportDocument, schema } from 'perp-check'

const [demo, invalid, oldFile, newFile] = process.argv.slice(2) as [string, string, string, string]
const report: ReportDocument = check(readFileSync(demo, 'utf8'), { file: demo })
const exit: 0 | 1 | 2 = report.summary.exit_code
const positions: string[] = report.positions.map((p) => p.id)
// @ts-expect-error: the types are the report's, not any (a file name is a string)
const wrong: number = report.input.file

let problems: InputProblem[] = []
try {
  check(readFileSync(invalid, 'utf8'), { file: invalid })
} catch (error) {
  if (!(error instanceof InputError)) throw error
  problems = error.problems
}
const compared = diff([
  { file: oldFile, source: readFileSync(oldFile, 'utf8') },
  { file: newFile, source: readFileSync(newFile, 'utf8') },
])
const kind: 'diff' | 'series' = compared.kind
process.stdout.write(
  JSON.stringify({ report, problems, diff: compared, schemas: { portfolio: schema(), report: schema('report'), diff: schema('diff') }, exit, positions, kind, wrong }),
)
`

const FILES = ['fixtures/demo.yaml', 'fixtures/invalid/typo-and-bad-values.yaml', 'fixtures/diff/price/old.yaml', 'fixtures/diff/price/new.yaml']

function cli(args: string[]): string {
  return spawnSync(process.execPath, ['bin/perp-check.js', ...args], { encoding: 'utf8' }).stdout
}

let output: {
  report: unknown
  problems: unknown[]
  diff: unknown
  schemas: Record<string, unknown>
  exit: number
  positions: string[]
  kind: string
}

beforeAll(() => {
  // The package as published. `npm pack` would build it all through `prepare` (npm run lint:package packs it so);
  // here the CLI's bundle is the one the test setup built, and the library is built beside it.
  execFileSync(process.execPath, ['scripts/build-lib.mjs'], { stdio: 'inherit' })
  execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'inherit'] })
  const tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!)
  const modules = join(dir, 'node_modules')
  mkdirSync(modules)
  execFileSync('tar', ['-xzf', tarball, '-C', dir])
  renameSync(join(dir, 'package'), join(modules, 'perp-check'))
  for (const name of [...Object.keys(pkg.dependencies), '@types/node']) {
    mkdirSync(dirname(join(modules, name)), { recursive: true })
    symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir')
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: ['node'], outDir: 'out' },
      files: ['consumer.ts'],
    }),
  )
  writeFileSync(join(dir, 'consumer.ts'), CONSUMER)
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' })
  expect(tsc.stdout + tsc.stderr).toBe('')
  const run = spawnSync(process.execPath, [join(dir, 'out/consumer.js'), ...FILES], { encoding: 'utf8', cwd: ROOT })
  expect(run.stderr).toBe('')
  output = JSON.parse(run.stdout)
}, 180_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the packed library, used as a consumer would', () => {
  it('check() gives the document perp-check --format json prints for the demo, byte for byte', () => {
    expect(`${JSON.stringify(output.report, null, 2)}\n`).toBe(cli(['fixtures/demo.yaml', '--format', 'json']))
    expect([output.exit, output.positions]).toEqual([0, ['btc-core', 'eth-swing', 'sol-hedge']])
  })

  it('a file that cannot be used throws InputError with the problems the CLI reports, positioned', () => {
    const doc = JSON.parse(cli(['fixtures/invalid/typo-and-bad-values.yaml', '--format', 'json'])) as { input_errors: Record<string, unknown>[] }
    const positioned = doc.input_errors.map(({ line, column, path, message }) => ({ line, column, ...(path !== null && { path }), message }))
    expect(output.problems).toEqual(positioned)
    expect(output.problems.length).toBe(2)
  })

  it('diff() gives the document perp-check diff --format json prints', () => {
    expect(`${JSON.stringify(output.diff, null, 2)}\n`).toBe(cli(['diff', ...FILES.slice(2), '--format', 'json']))
    expect(output.kind).toBe('diff')
  })

  it.each([
    ['portfolio', []],
    ['report', ['--report']],
    ['diff', ['--diff']],
  ])('schema(%s) is what perp-check schema prints (with %j)', (kind, flags) => {
    expect(`${JSON.stringify(output.schemas[kind], null, 2)}\n`).toBe(cli(['schema', ...flags]))
  })
})
