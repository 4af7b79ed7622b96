// Golden outputs: the JSON report of every valid fixture and of a generated 1,000-position desk account, as
// committed in test/golden/. Work may add fields, findings or records, never change one: every value in a golden
// document must stand in today's document at the same place (objects by key; findings and failures as an
// ordered subsequence, so a new finding may appear between two old ones). Speed work proves itself here: every
// figure byte-identical. A change that means to move a figure (a defect fixed) rewrites the goldens with
// `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts` and says in its commit which figures moved and why.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { main } from '../src/cli.js'
import { capturedIo } from './helpers.js'

const UPDATE = process.env.UPDATE_GOLDEN === '1'
const GOLDEN = join('test', 'golden')

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : entry.name.endsWith('.yaml') ? [join(dir, entry.name)] : []))
    .sort()
}

async function jsonReport(file: string): Promise<unknown> {
  const { io, out } = capturedIo()
  await main([file, '--format', 'json'], io)
  const document = JSON.parse(out.join(''))
  // The version is the package's, not a figure.
  document.tool.version = '(any)'
  return document
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Where `golden` is not contained in `actual` (the first place), or null. */
function firstDifference(golden: Json, actual: Json, at = '$'): string | null {
  if (Array.isArray(golden)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${JSON.stringify(actual)?.slice(0, 200)}`
    const ordered = at.endsWith('.findings') || at.endsWith('.failures')
    if (!ordered) {
      if (golden.length !== actual.length) return `${at}: ${golden.length} items in the golden, ${actual.length} now`
      for (let i = 0; i < golden.length; i++) {
        const d = firstDifference(golden[i]!, actual[i]!, `${at}[${i}]`)
        if (d) return d
      }
      return null
    }
    let j = 0
    for (let i = 0; i < golden.length; i++) {
      while (j < actual.length && firstDifference(golden[i]!, actual[j]!, '') !== null) j++
      if (j === actual.length) return `${at}[${i}]: not found in order: ${JSON.stringify(golden[i]).slice(0, 400)}`
      j++
    }
    return null
  }
  if (golden !== null && typeof golden === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${at}: expected an object, got ${JSON.stringify(actual)?.slice(0, 200)}`
    for (const key of Object.keys(golden)) {
      if (!(key in actual)) return `${at}.${key}: missing`
      const d = firstDifference(golden[key]!, actual[key]!, `${at}.${key}`)
      if (d) return d
    }
    return null
  }
  return golden === actual ? null : `${at}: ${JSON.stringify(golden)} in the golden, ${JSON.stringify(actual)} now`
}

function compare(name: string, document: unknown, gzip: boolean): void {
  const path = join(GOLDEN, gzip ? `${name}.json.gz` : `${name}.json`)
  const text = `${JSON.stringify(document, null, 1)}\n`
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true })
    writeFileSync(path, gzip ? gzipSync(text, { level: 9 }) : text)
    return
  }
  const raw = readFileSync(path)
  const golden = JSON.parse(gzip ? gunzipSync(raw).toString('utf8') : raw.toString('utf8'))
  expect(firstDifference(golden, document as Json)).toBeNull()
}

const fixtures = yamlFiles('fixtures').filter((f) => !f.startsWith(join('fixtures', 'invalid')))
const nameOf = (file: string) =>
  file
    .replace(/^fixtures\//, '')
    .replace(/\.yaml$/, '')
    .replaceAll('/', '__')

describe('golden JSON reports: figures never change unannounced', () => {
  it.each(fixtures)('%s', async (file) => {
    compare(nameOf(file), await jsonReport(file), false)
  })

  it('a generated 1,000-position desk account (seed 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perp-check-golden-'))
    const file = join(dir, 'account-1k.yaml')
    execFileSync(process.execPath, ['scripts/generate-account.mjs', '--positions', '1000', '--seed', '1', '-o', file])
    const document = (await jsonReport(file)) as { input: { file: string } }
    document.input.file = 'account-1k.yaml'
    compare('account-1k', document, true)
  }, 120_000)
})

describe('the golden comparison itself', () => {
  it.each([
    ['same', { a: '1', b: ['x'] }, { a: '1', b: ['x'] }, null],
    ['a field added', { a: '1' }, { a: '1', c: '2' }, null],
    ['a figure changed', { a: '1' }, { a: '1.0' }, '$.a: "1" in the golden, "1.0" now'],
    ['a field gone', { a: '1', b: '2' }, { a: '1' }, '$.b: missing'],
    ['a list item added', { l: ['1'] }, { l: ['1', '2'] }, '$.l: 1 items in the golden, 2 now'],
    ['a finding added between two', { findings: [{ r: 'a' }, { r: 'c' }] }, { findings: [{ r: 'a' }, { r: 'b' }, { r: 'c' }] }, null],
    ['findings reordered', { findings: [{ r: 'a' }, { r: 'c' }] }, { findings: [{ r: 'c' }, { r: 'a' }] }, '$.findings[1]: not found in order: {"r":"c"}'],
  ] as const)('%s', (_, golden, actual, expected) => {
    expect(firstDifference(golden as Json, actual as Json)).toBe(expected)
  })
})
