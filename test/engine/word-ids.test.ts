// Ids that read like numbers' nonsense (a position called NaN, an order called Infinity) are names: every
// check runs on them as on any id, through the binary (issue 25's fuzz finding: "figure liquidated has NaN in it").
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

interface Doc {
  failures: unknown[]
  findings: { rule: string; status: string; subject: string }[]
}

function jsonReport(source: string): Doc {
  const r = spawnSync(process.execPath, ['bin/perp-check.js', '-', '--format', 'json'], { input: source, encoding: 'utf8' })
  expect(r.stderr).toBe('')
  return JSON.parse(r.stdout) as Doc
}

const demo = readFileSync('fixtures/demo.yaml', 'utf8')
const plain = jsonReport(demo)
const items = (doc: Doc, names: Record<string, string>) => doc.findings.map((f) => `${f.rule} ${f.status} ${names[f.subject] ?? f.subject}`).sort()

describe('ids that are words like NaN', () => {
  it.each([
    ['NaN', 'Infinity'],
    ['Infinity', 'NaN'],
    ['undefined', '-Infinity'],
    ['btc-NaN', 'Infinity-add'],
  ])('position btc-core named %s and order eth-add named %s: every check runs, with the same items', (position, order) => {
    const renamed = demo.replace('id: btc-core', `id: "${position}"`).replace('id: eth-add', `id: "${order}"`)
    const doc = jsonReport(renamed)
    expect(doc.failures).toEqual([])
    expect(items(doc, { [position]: 'btc-core', [order]: 'eth-add' })).toEqual(items(plain, {}))
  })
})
