// ccxt is loaded by `snapshot` alone: the checklist, `init` and `import` never load it, and nothing but the CLI
// reaches src/exchange/, through a dynamic import. The built binary is run with a preload that refuses ccxt.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { refusingPreload } from '../helpers.js'
import { startServer } from './server.js'
import { bybit } from './venues.js'

const dir = mkdtempSync(join(tmpdir(), 'perp-check-startup-'))
const refuse = refusingPreload(/^ccxt$/, 'ccxt')

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--require', refuse, 'bin/perp-check.js', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(folder, e.name)) : e.name.endsWith('.ts') ? [join(folder, e.name)] : [],
  )
}

describe('ccxt stays out of the checklist', () => {
  it('the checklist, init and import run with ccxt refused', () => {
    expect(run(['fixtures/demo.yaml']).stderr).toBe('')
    expect(run(['init', '--venue', 'hyperliquid'])).toMatchObject({ code: 0, stderr: '' })
    const json = join(dir, 'x.json')
    writeFileSync(json, '{"hello": 1}')
    expect(run(['import', json]).stderr).toMatch(/unrecognised JSON/)
  })

  it('snapshot does load it (so the preload is a real test)', () => {
    const r = run(['snapshot', '--exchange', 'bybit'], { BYBIT_APIKEY: 'k', BYBIT_SECRET: 's' })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/ccxt is not installed/)
  })

  it('only src/cli.ts reaches src/exchange/, and only src/exchange/ccxt.ts names ccxt, each through import()', () => {
    const edges = sources('src').flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      return ts
        .preProcessFile(text, true, true)
        .importedFiles.map((f) => f.fileName)
        .filter((name) => name === 'ccxt' || (/exchange\//.test(name) && !relative('src', file).startsWith('exchange')))
        .map((name) => ({ file: relative('.', file), name, dynamic: text.includes(`import('${name}')`) }))
    })
    expect(edges).toEqual([
      { file: 'src/cli.ts', name: './exchange/cli.js', dynamic: true },
      { file: 'src/exchange/ccxt.ts', name: 'ccxt', dynamic: true },
    ])
  })

  it('the built binary takes a snapshot against the local venue (ccxt through the bundle)', async () => {
    const fixture = bybit(Date.now())
    const server = await startServer(fixture.routes)
    try {
      const out = join(dir, 'bybit.yaml')
      const child = spawn(process.execPath, ['bin/perp-check.js', 'snapshot', '--exchange', 'bybit', '--api-base', server.base, '-o', out], {
        env: { PATH: process.env.PATH ?? '', ...fixture.env },
      })
      const stderr: string[] = []
      child.stderr.on('data', (c) => stderr.push(String(c)))
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect({ code, stderr: stderr.join('') }).toEqual({ code: 0, stderr: `perp-check snapshot: wrote ${out}\n` })
      expect(readFileSync(out, 'utf8')).toContain('wallet_balance: 15000')
      expect(run([out]).code).toBe(0)
    } finally {
      await server.close()
    }
  })
})
