// Every fixture states what it must produce: a header line `# expect: <check-id> <status>, …` names the
// worst status each check must report in that file. Invalid fixtures must be rejected as input.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { check, InputError } from '../src/index.js'
import type { Finding, Status } from '../src/engine/types.js'

const RANK: Record<Status, number> = { skip: 0, info: 1, pass: 2, warn: 3, fail: 4 }

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : entry.name.endsWith('.yaml') ? [join(dir, entry.name)] : [],
  )
}

function expectations(source: string): Record<string, Status> {
  const line = source.split('\n').find((l) => l.startsWith('# expect:'))
  if (!line) return {}
  return Object.fromEntries(
    line
      .slice('# expect:'.length)
      .split(',')
      .map((part) => part.trim().split(/\s+/) as [string, Status]),
  )
}

function worstByCheck(findings: readonly Finding[]): Record<string, Status> {
  const worst: Record<string, Status> = {}
  for (const f of findings) if (!worst[f.check] || RANK[f.status] > RANK[worst[f.check]!]) worst[f.check] = f.status
  return worst
}

const files = yamlFiles('fixtures')
const valid = files.filter((f) => !f.startsWith(join('fixtures', 'invalid')))
const invalid = files.filter((f) => f.startsWith(join('fixtures', 'invalid')))

describe('fixtures produce what they declare', () => {
  it.each(valid)('%s', (file) => {
    const source = readFileSync(file, 'utf8')
    const expected = expectations(source)
    if (file !== join('fixtures', 'demo.yaml')) expect(Object.keys(expected).length, 'a `# expect:` header').toBeGreaterThan(0)
    const report = check(source, { file })
    expect(report.failures).toEqual([])
    const worst = worstByCheck(report.findings)
    expect(Object.fromEntries(Object.keys(expected).map((id) => [id, worst[id]]))).toEqual(expected)
  })
})

describe('invalid fixtures are rejected as input', () => {
  it.each(invalid)('%s', (file) => {
    expect(() => check(readFileSync(file, 'utf8'), { file })).toThrow(InputError)
  })
})
