// The lattice worker's entry (dist/lattice-worker.cjs, a bundle of its own): computes the board's free lattices.
import { workerData } from 'node:worker_threads'
import { type BoardLayout, workLattices } from './lattice-board.js'

workLattices(workerData as BoardLayout)
