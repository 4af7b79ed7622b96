// What the plain run leaves unloaded (docs/performance.md, start-up): zod (a valid file is read without it, and
// the bundle requires dist/zod.cjs on first use), node:crypto (a small file's sha256 is computed in JS) and
// node:tty (asked only about a character device); a file that fails still gets the schema's problems.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { refusingPreload } from './helpers.js'

const refuse = refusingPreload(/zod\.cjs$|^(node:)?(crypto|tty)$/, 'a module the plain run does not need')

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--require', refuse, 'bin/perp-check.js', ...args], { encoding: 'utf8', input, env: { PATH: process.env.PATH ?? '' } })
  return { code: r.status, stderr: r.stderr }
}

describe('start-up', () => {
  it.each([[['fixtures/demo.yaml']], [['fixtures/demo.yaml', '--format', 'json']], [['--version']]])(
    '%j loads neither zod, node:crypto nor node:tty',
    (args) => {
      expect(run(args)).toEqual({ code: 0, stderr: '' })
    },
  )
  it('a file that fails validation loads zod for its problems', () => {
    const r = run(['-'], 'version: 2\naccount: { wallet_balance: 1 }\nmarkets: {}\n')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/a module the plain run does not need was loaded/)
  })
})
