// The three exchange commands behind src/cli.ts: options checked, the file written (or printed), an exit
// code returned. 0: written; 2: the options, the venue or the JSON could not be used (the message says why).
import { readFile, writeFile } from 'node:fs/promises'
import type { Writable } from 'node:stream'
import { parseWindow } from './candles.js'
import { importFile, snapshotFile } from './index.js'
import { STARTER_VENUES, starterFile } from './init.js'
import type { SnapshotOptions } from './ccxt.js'
import { SnapshotError, VenueCallError } from './snapshot.js'

interface IO {
  stdout: Writable
  stderr: Writable
  env: Record<string, string | undefined>
}

async function output(text: string, file: string | undefined, io: IO, what: string): Promise<number> {
  if (file === undefined) {
    io.stdout.write(text)
    return 0
  }
  try {
    await writeFile(file, text)
  } catch (error) {
    io.stderr.write(`perp-check ${what}: cannot write ${file}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
  io.stderr.write(`perp-check ${what}: wrote ${file}\n`)
  return 0
}

function failed(what: string, error: unknown, io: IO): number {
  if (!(error instanceof SnapshotError)) throw error
  io.stderr.write(`perp-check ${what}: ${error.message}\n`)
  return 2
}

interface ReadOptions {
  exchange: string
  symbols?: string[]
  depth: string
  volatility: string
  apiBase?: string
}

/** The options of a venue read, checked: the snapshot's options, or the message of the first one that cannot be used. */
function readOptions(options: ReadOptions, io: IO): SnapshotOptions | string {
  const depth = Number(options.depth)
  if (!Number.isInteger(depth) || depth < 1 || depth > 10_000) return `--depth: expected a whole number of levels from 1 to 10000, got "${options.depth}"`
  const window = parseWindow(options.volatility)
  if (!window) return `--volatility: expected a window like 30d (daily closes) or 72h (hourly), 2 to 1000, got "${options.volatility}"`
  return { exchange: options.exchange, symbols: options.symbols, depth, window, env: io.env, apiBase: options.apiBase }
}

export async function snapshotCommand(options: ReadOptions & { output?: string; saveJson?: string }, io: IO): Promise<number> {
  const read = readOptions(options, io)
  if (typeof read === 'string') {
    io.stderr.write(`perp-check snapshot: ${read}\n`)
    return 2
  }
  try {
    const { text, capture } = await snapshotFile(read)
    if (options.saveJson !== undefined) {
      const code = await output(`${JSON.stringify(capture, null, 1)}\n`, options.saveJson, io, 'snapshot')
      if (code !== 0) return code
    }
    return await output(text, options.output, io, 'snapshot')
  } catch (error) {
    return failed('snapshot', error, io)
  }
}

/**
 * `watch --exchange`: the account read as `snapshot` reads it, once per call, as a portfolio file's text. A failed
 * call to the venue is `{ retry: true }`; anything else (unknown venue, missing key, no ccxt) will not heal by waiting.
 */
export function venueReader(options: ReadOptions, io: IO): string | (() => Promise<{ text: string } | { error: string; retry: boolean }>) {
  const read = readOptions(options, io)
  if (typeof read === 'string') return read
  return async () => {
    try {
      return { text: (await snapshotFile(read)).text }
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error
      return { error: error.message, retry: error instanceof VenueCallError }
    }
  }
}

export async function importCommand(file: string, options: { walletBalance?: string; symbols?: string[]; output?: string }, io: IO): Promise<number> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    io.stderr.write(`perp-check import: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
  if (options.walletBalance !== undefined && !/^\d+(\.\d+)?$/.test(options.walletBalance)) {
    io.stderr.write(`perp-check import: --wallet-balance: expected a non-negative number, got "${options.walletBalance}"\n`)
    return 2
  }
  try {
    const text = importFile(json, { clock: Date.now(), walletBalance: options.walletBalance, symbols: options.symbols })
    return await output(text, options.output, io, 'import')
  } catch (error) {
    return failed('import', error, io)
  }
}

export async function initCommand(options: { venue: string; output?: string }, io: IO): Promise<number> {
  if (!(options.venue in STARTER_VENUES)) {
    io.stderr.write(`perp-check init: --venue: expected one of ${Object.keys(STARTER_VENUES).join(', ')}, got "${options.venue}"\n`)
    return 2
  }
  return output(starterFile(options.venue, Date.now()), options.output, io, 'init')
}
