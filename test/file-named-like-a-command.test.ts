// A portfolio file named like a subcommand that needs more than its name (diff, snapshot, import, init): the bare
// name runs the subcommand, which refuses it (exit 2), and stderr says how to check the file (./<name>). Through the
// built binary, in a directory that holds such files and in one that does not. (watch and schema: their own tests.)
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const BIN = resolve('bin/perp-check.js')
const NAMES = ['diff', 'snapshot', 'import', 'init'] as const
const withFiles = mkdtempSync(join(tmpdir(), 'perp-check-named-'))
for (const name of NAMES) copyFileSync('fixtures/demo.yaml', join(withFiles, name))
const without = mkdtempSync(join(tmpdir(), 'perp-check-named-none-'))

function perpCheck(cwd: string, args: readonly string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
}

describe('a portfolio file named like a subcommand', () => {
  it.each(NAMES.flatMap((name) => [[name, withFiles, true] as const, [name, without, false] as const]))(
    'perp-check %s in %s exits 2 (tells of the file: %s)',
    (name, cwd, told) => {
      const r = perpCheck(cwd, [name])
      expect(r.status).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr.includes(`perp-check ./${name}`)).toBe(told)
    },
  )

  it.each(NAMES)('perp-check ./%s checks the file (the demo: exit 0)', (name) => {
    const r = perpCheck(withFiles, [`./${name}`, '--format', 'json'])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).summary).toBeDefined()
  })

  it('a subcommand given more than its name is not told of the file', () => {
    const r = perpCheck(withFiles, ['diff', 'diff'])
    expect(r.stderr.includes('perp-check ./diff')).toBe(false)
  })
})
