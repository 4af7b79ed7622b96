// The tick lattices on a worker thread (src/execution/lattice-board.ts): a lattice the worker computed has every bit
// of the one the main thread computes; a worker that dies holding a lattice neither loses it nor hangs the run; and
// the CLI's bundle, which starts the worker on a run of many lattices, prints the report the sources print.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { computeLattice, type Lattice } from '../../src/execution/lattice.js'
import { type BoardLayout, boardLayout, HEADER, LatticeBoard } from '../../src/execution/lattice-board.js'
import { capturedIo } from '../helpers.js'

/** dist/lattice-worker.cjs, built by the tests' global setup (npm run build). */
const WORKER = resolve('dist', 'lattice-worker.cjs')

/** λ·L from a seeded generator (mulberry32), spread over the lattice regime (0, 2000] on a log scale. */
function seededKeys(seed: number, count: number): number[] {
  let a = seed
  const next = () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return Array.from({ length: count }, () => 10 ** (next() * 5.3 - 2))
}

/** The Float64 bit patterns of a lattice, for an exact comparison. */
const bits = (lattice: Lattice) => ({
  mean: lattice.mean,
  reach: lattice.reach,
  g: [...new BigUint64Array(lattice.g.slice().buffer)],
  upper: [...new BigUint64Array(lattice.upper.slice().buffer)],
})

function runWorker(file: string, layout: BoardLayout, eval_ = false): Promise<number> {
  const worker = new Worker(file, { workerData: layout, eval: eval_ })
  return new Promise((resolve, reject) => {
    worker.on('error', reject)
    worker.on('exit', resolve)
  })
}

describe('a lattice computed on the worker thread has the bits of the one computed in-thread', () => {
  // The bench accounts' own λ·L (the first of 10k.yaml's, demo's) and seeded ones from 0.01 to 2000.
  const keys = [...seededKeys(24, 30), 0.01, 1, 738.4001506, 2000]

  it('every lattice, read from the shared memory after the worker finished them all', async () => {
    const layout = boardLayout(keys)
    expect(await runWorker(WORKER, layout)).toBe(0)
    const states = new Int32Array(layout.buffer, 0, HEADER + keys.length)
    expect([...states.slice(HEADER)]).toEqual(keys.map(() => 2))
    const board = new LatticeBoard(layout)
    for (const key of keys) {
      const shared = board.lattice(key)!
      expect(shared.g.buffer).toBe(layout.buffer)
      expect(bits(shared)).toEqual(bits(computeLattice(key)))
    }
  })

  it('the main thread computes what the worker has not taken, into the same board', () => {
    const layout = boardLayout(keys.slice(0, 5))
    const board = new LatticeBoard(layout)
    for (const key of keys.slice(0, 5)) expect(bits(board.lattice(key)!)).toEqual(bits(computeLattice(key)))
    expect(board.lattice(12345.5)).toBeUndefined()
  })
})

describe('a worker that fails loses no lattice and hangs nothing', () => {
  it('dies holding the first lattice: it is left to the caller (computed in-thread), the others are computed here', async () => {
    const keys = seededKeys(7, 4)
    const layout = boardLayout(keys)
    const dies = `const { workerData } = require('node:worker_threads')
      Atomics.store(new Int32Array(workerData.buffer, 0, ${HEADER} + workerData.keys.length), ${HEADER}, 1)
      process.exit(3)`
    expect(await runWorker(dies, layout, true)).toBe(3)
    const board = new LatticeBoard(layout)
    expect(board.lattice(keys[0]!)).toBeUndefined()
    for (const key of keys.slice(1)) expect(bits(board.lattice(key)!)).toEqual(bits(computeLattice(key)))
  })

  it.each([
    ['a relative path (refused when the worker is made)', join('dist', 'no-such-worker.cjs'), false],
    ['a file that does not exist (the worker fails as it starts)', resolve('dist', 'no-such-worker.cjs'), true],
  ])('%s: every lattice is computed in-thread', async (_, file, started) => {
    const keys = seededKeys(8, 3)
    const board = new LatticeBoard(boardLayout(keys))
    expect(board.start(file)).toBe(started)
    for (const key of keys) expect(bits(board.lattice(key)!)).toEqual(bits(computeLattice(key)))
  })
})

describe('the CLI bundle with its lattice worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perp-check-lattices-'))
  const file = join(dir, 'account.yaml')
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/generate-account.mjs', '--positions', '800', '--markets', '50', '--levels', '10', '--seed', '1', '-o', file])
  })

  it('a generated 800-position account (17 lattices): the same JSON as the sources in-thread, nothing on stderr', async () => {
    const run = spawnSync(process.execPath, ['bin/perp-check.js', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 })
    expect([run.status, run.stderr]).toEqual([1, ''])
    const { io, out } = capturedIo()
    await main([file, '--format', 'json'], io)
    const [bundled, sources] = [JSON.parse(run.stdout), JSON.parse(out.join(''))]
    bundled.tool.version = sources.tool.version
    expect(bundled).toEqual(sources)
  }, 60_000)

  it('the worker runs without node’s own flags: a `-r` preload runs on the main thread only', () => {
    const preload = join(dir, 'preload.cjs')
    const seen = join(dir, 'threads.txt')
    writeFileSync(preload, `require('node:fs').appendFileSync(${JSON.stringify(seen)}, require('node:worker_threads').isMainThread ? 'main ' : 'worker ')`)
    const run = spawnSync(process.execPath, ['-r', preload, 'bin/perp-check.js', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 })
    expect([run.status, run.stderr, readFileSync(seen, 'utf8')]).toEqual([1, '', 'main '])
  }, 60_000)
})
