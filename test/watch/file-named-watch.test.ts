// `perp-check watch` is the watch command, so a portfolio file named `watch` is reached by its path (./watch):
// through the built binary, in a directory that holds such a file and in one that does not.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const BIN = resolve('bin/perp-check.js')
const withFile = mkdtempSync(join(tmpdir(), 'perp-check-watch-named-'))
copyFileSync('fixtures/demo.yaml', join(withFile, 'watch'))
const without = mkdtempSync(join(tmpdir(), 'perp-check-watch-none-'))

describe('a portfolio file named watch', () => {
  it.each([
    // directory, arguments, exit code, whether stderr tells of ./watch
    [withFile, ['watch'], 2, true],
    [without, ['watch'], 2, false],
    [withFile, ['watch', '--format', 'json'], 2, true],
    [withFile, ['./watch', '--format', 'json'], 0, false], // the demo, checked (no item fails)
  ] as const)('in %s, perp-check %o exits %i (tells of ./watch: %s)', (cwd, args, code, told) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
    expect(r.status).toBe(code)
    expect(r.stderr.includes('perp-check ./watch')).toBe(told)
  })
})
