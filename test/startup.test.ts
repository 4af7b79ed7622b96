// What the plain run leaves unloaded (docs/performance.md, start-up): zod (a valid file is read without it, and
// the bundle requires dist/zod.cjs on first use), yaml (dist/yaml.cjs words the errors of a file js-yaml cannot
// parse), node:crypto (a small file's sha256 is computed in JS) and node:tty (asked only about a character device).
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { refusingPreload } from './helpers.js'

const refuse = refusingPreload(/(zod|yaml)\.cjs$|^(node:)?(crypto|tty)$/, 'a module the plain run does not need')

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--require', refuse, 'bin/perp-check.js', ...args], { encoding: 'utf8', input, env: { PATH: process.env.PATH ?? '' } })
  return { code: r.status, stderr: r.stderr }
}

describe('start-up', () => {
  it.each([[['fixtures/demo.yaml']], [['fixtures/demo.yaml', '--format', 'json']], [['--version']]])(
    '%j loads neither zod, yaml, node:crypto nor node:tty',
    (args) => {
      expect(run(args)).toEqual({ code: 0, stderr: '' })
    },
  )
  it.each([
    ['fails validation (zod words its problems)', 'version: 2\naccount: { wallet_balance: 1 }\nmarkets: {}\n'],
    ['does not parse (yaml words its errors)', 'a: [1\nb: 2\n'],
  ])('a file that %s loads what it needs', (_, input) => {
    const r = run(['-'], input)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/a module the plain run does not need was loaded/)
  })
})
