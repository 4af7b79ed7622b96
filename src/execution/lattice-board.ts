// The tick lattices of a run computed on a second thread while the main thread does its other work (the margin
// view first). Once the portfolio is read, the λ·L of every lattice the run will ask for are known
// (execution/view.ts, prepareExecution); the board is one SharedArrayBuffer holding, for each, a state (free,
// taken, done) and room for its values. A worker thread (dist/lattice-worker.cjs) takes them from the front; the
// main thread stays synchronous: asked for a lattice, it takes it itself while still free, reads it when done,
// or waits for the one the worker is finishing. Both threads run fillLattice (lattice.ts), the same code in the
// same order of operations, so a lattice has the same bits whichever computed it.
//
// Nothing depends on the worker: when it cannot start, fails or dies, the lattices it did not finish are computed
// on the main thread, as without a board. A lattice the worker holds longer than TAKEN_WAIT_MS (a worker killed
// while computing one) is computed again on the main thread. The worker is unref'd and quits at the end of its
// list, so it never keeps the process alive.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fillLattice, type Lattice, latticeSize } from './lattice.js'

const FREE = 0
const TAKEN = 1
const DONE = 2

/** The header's Int32 slots, before the lattices' states. */
const STOP = 0
export const HEADER = 2

/**
 * How long the main thread waits for a lattice the worker has taken before computing it itself. A lattice takes
 * about 4 ms (the longest on the bench's accounts about 10, the first of a thread up to 20); the wait only runs
 * out when the worker was killed holding it, or a machine starved the worker's thread for that long.
 */
const TAKEN_WAIT_MS = 250

/** The worker's bundle beside the CLI's (dist/lattice-worker.cjs); undefined when there is none (the sources, the library). */
export function bundledWorkerFile(): string | undefined {
  if (typeof __dirname !== 'string') return undefined
  const file = join(__dirname, 'lattice-worker.cjs')
  return existsSync(file) ? file : undefined
}

/** What the worker is given (structured-cloned; the buffer is shared, the λ·L arrive bit for bit). */
export interface BoardLayout {
  buffer: SharedArrayBuffer
  /** λ·L of each lattice, in the order the run asks for them. */
  keys: number[]
  /** Where each lattice's values start, in Float64 slots: g (top points), then upper (top + 1). */
  offsets: number[]
}

/** The board's layout for `keys`: a header and the states, then each lattice's g and upper. */
export function boardLayout(keys: readonly number[]): BoardLayout {
  const valuesStart = Math.ceil(((HEADER + keys.length) * 4) / 8)
  const offsets: number[] = []
  let slot = valuesStart
  for (const key of keys) {
    offsets.push(slot)
    slot += 2 * latticeSize(key).top + 1
  }
  return { buffer: new SharedArrayBuffer(slot * 8), keys: [...keys], offsets }
}

/** The lattice `index` of the board, as views of its shared memory. */
function latticeAt(layout: BoardLayout, index: number): { g: Float64Array; upper: Float64Array } {
  const { top } = latticeSize(layout.keys[index]!)
  const start = layout.offsets[index]! * 8
  return { g: new Float64Array(layout.buffer, start, top), upper: new Float64Array(layout.buffer, start + top * 8, top + 1) }
}

function statesOf(layout: BoardLayout): Int32Array {
  return new Int32Array(layout.buffer, 0, HEADER + layout.keys.length)
}

/** Computes lattice `index` if it is still free; true when this thread computed it. */
function takeAndFill(layout: BoardLayout, states: Int32Array, index: number): boolean {
  if (Atomics.compareExchange(states, HEADER + index, FREE, TAKEN) !== FREE) return false
  try {
    const { g, upper } = latticeAt(layout, index)
    fillLattice(layout.keys[index]!, g, upper)
    Atomics.store(states, HEADER + index, DONE)
  } catch (error) {
    Atomics.store(states, HEADER + index, FREE)
    throw error
  } finally {
    Atomics.notify(states, HEADER + index)
  }
  return true
}

/** The worker's side: every lattice still free, from the front, until the list ends or the board is stopped. */
export function workLattices(layout: BoardLayout): void {
  const states = statesOf(layout)
  for (let index = 0; index < layout.keys.length && Atomics.load(states, STOP) === 0; index++) takeAndFill(layout, states, index)
}

/** The main thread's side of one run's board. */
export class LatticeBoard {
  private readonly layout: BoardLayout
  private readonly states: Int32Array
  private readonly indexOf: Map<number, number>

  constructor(layout: BoardLayout) {
    this.layout = layout
    this.states = statesOf(this.layout)
    this.indexOf = new Map(layout.keys.map((key, index) => [key, index]))
  }

  /** Starts the worker on `file` (a bundle that calls workLattices on its workerData); false when it cannot start. */
  start(file: string): boolean {
    try {
      const { Worker } = process.getBuiltinModule('node:worker_threads')
      // execArgv: none of node's own flags (a `-r` preload, `--cpu-prof`): the worker runs fillLattice and nothing else.
      const worker = new Worker(file, { workerData: this.layout, stdout: true, stderr: true, execArgv: [] })
      // A worker that fails leaves its lattices free (or taken: see TAKEN_WAIT_MS); the main thread computes them.
      worker.on('error', () => {})
      worker.unref()
      return true
    } catch {
      return false
    }
  }

  /** The lattice at λ·L `key` when it is on the board (computed here if the worker has not taken it); else undefined. */
  lattice(key: number): Lattice | undefined {
    const index = this.indexOf.get(key)
    if (index === undefined) return undefined
    const slot = HEADER + index
    const deadline = Date.now() + TAKEN_WAIT_MS
    for (;;) {
      const state = Atomics.load(this.states, slot)
      if (state === DONE || (state === FREE && takeAndFill(this.layout, this.states, index))) return this.viewOf(index)
      if (state === TAKEN) {
        const left = deadline - Date.now()
        if (left <= 0) return undefined
        Atomics.wait(this.states, slot, TAKEN, left)
      }
    }
  }

  /** Tells the worker to take no more lattices (a new run has a board of its own). */
  stop(): void {
    Atomics.store(this.states, STOP, 1)
  }

  private viewOf(index: number): Lattice {
    const { mean, reach } = latticeSize(this.layout.keys[index]!)
    return { mean, reach, ...latticeAt(this.layout, index) }
  }
}
