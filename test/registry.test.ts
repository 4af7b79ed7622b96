// The registry is complete and consistent: ids, files, tests, fixtures and docs for every check.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checks } from '../src/checks/index.js'

describe('check registry', () => {
  it('ids are unique and kebab-case', () => {
    const ids = checks.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/)
  })

  it('every check module under src/checks is registered', () => {
    const files = readdirSync('src/checks')
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
    expect(files.sort()).toEqual(checks.map((c) => c.id).sort())
  })

  it.each(checks.map((c) => [c.id, c] as const))('%s has a title, an explanation, a test, fixtures and docs', (id, check) => {
    expect(check.title.length).toBeGreaterThan(0)
    expect(check.explanation.length).toBeGreaterThan(40)
    expect(existsSync(`test/checks/${id}.test.ts`)).toBe(true)
    expect(existsSync(`fixtures/${id}`) && readdirSync(`fixtures/${id}`).some((f) => f.endsWith('.yaml'))).toBe(true)
    expect(existsSync(`docs/checks/${id}.md`)).toBe(true)
  })

  it('docs/checks/README.md lists every check, in registry order', () => {
    const listed = [...readFileSync('docs/checks/README.md', 'utf8').matchAll(/^\| \[`([a-z-]+)`\]/gm)].map((m) => m[1])
    expect(listed).toEqual(checks.map((c) => c.id))
  })
})
