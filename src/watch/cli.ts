// `perp-check watch`: the options checked, the source (a file, or a venue through the snapshot's code, which
// src/cli.ts hands over), the output and the signals set up, then the loop until Ctrl-C, SIGTERM, --exit-on or
// --max-runs. Exit 0 when stopped; 1 at --exit-on; 2 for a usage problem or a source that cannot be read at all.
import { rename, writeFile } from 'node:fs/promises'
import type { Readable, Writable } from 'node:stream'
import type { RiskModelId } from '../index.js'
import { parseDuration } from '../input/values.js'
import { usageErrorsJson } from '../report/json.js'
import { type ReadResult, type WatchEnd, watchLoop, type WatchSource } from './loop.js'
import { type Terminal, watchOutput } from './output.js'
import { directoryFeed, fileSource, systemClock, venueSource } from './sources.js'

export interface WatchCommandOptions {
  format: 'text' | 'json'
  failOn: 'fail' | 'warn'
  exitOn?: 'fail' | 'warn'
  only?: string[]
  skip?: string[]
  now?: string
  verbose?: boolean
  quiet?: boolean
  riskModel?: string[]
  exchange?: string
  /** With --exchange: each snapshot read is also written here, and the report names this file. */
  output?: string
  every?: string
  debounce: string
  maxRuns?: string
}

export interface WatchHost {
  io: { stdin: Readable; stdout: Terminal; stderr: Writable; env: Record<string, string | undefined>; signal?: AbortSignal }
  /** The problems of the options a checklist run shares (--only, --skip, --now, …). */
  usage: string[]
  color: boolean
  version: string
  readText(path: string): Promise<string>
  readFailure(error: unknown): string
  /** Whether `path` is a file (`watch` with no file, where a file named watch is in the directory). */
  isFile(path: string): boolean
  /** `--exchange`: a reader of the account (the snapshot's code), or the message of an option it cannot use. */
  venue(): Promise<string | (() => Promise<ReadResult>)>
}

/** The shortest --every: a snapshot is a dozen calls to the venue (ccxt paces them to its rate limits). */
const MIN_EVERY_MS = 100
const MAX_DEBOUNCE_MS = 60_000
/** The first retry of a venue that did not answer; it doubles up to --every. */
const FIRST_RETRY_MS = 1000
const DEFAULT_EVERY = '30s'

export async function watchCommand(file: string | undefined, options: WatchCommandOptions, host: WatchHost): Promise<number> {
  const { io } = host
  const usage = [...host.usage]
  if (file === undefined && options.exchange === undefined) usage.push('expected a portfolio file to watch, or --exchange <venue>')
  // `perp-check watch` is this command, so a portfolio file named watch is reached by a path: ./watch.
  if (file === undefined && options.exchange === undefined && host.isFile('watch'))
    usage.push('a file named watch is in this directory: check it with `perp-check ./watch`, watch it with `perp-check watch ./watch`')
  if (file !== undefined && options.exchange !== undefined) usage.push(`give a file (${file}) or --exchange ${options.exchange}, not both`)
  if (file === '-') usage.push('a watch reads a file (its edits) or a venue, not standard input')
  if (options.output !== undefined && options.exchange === undefined)
    usage.push('--output writes the snapshots of --exchange: give --exchange, or leave --output out')
  const every = options.every ?? (options.exchange !== undefined ? DEFAULT_EVERY : undefined)
  const everyMs = every === undefined ? undefined : parseDuration(every)
  if (every !== undefined && (everyMs === undefined || everyMs < MIN_EVERY_MS))
    usage.push(`--every: expected a duration of at least ${MIN_EVERY_MS}ms, like 30s or 5m, got "${every}"`)
  const debounceMs = parseDuration(options.debounce)
  if (debounceMs === undefined || debounceMs > MAX_DEBOUNCE_MS) usage.push(`--debounce: expected a duration up to 60s, like 100ms, got "${options.debounce}"`)
  const maxRuns = options.maxRuns === undefined ? undefined : Number(options.maxRuns)
  if (maxRuns !== undefined && (!Number.isSafeInteger(maxRuns) || maxRuns < 1))
    usage.push(`--max-runs: expected a whole number from 1, got "${options.maxRuns}"`)
  let read: (() => Promise<ReadResult>) | undefined
  if (usage.length === 0 && options.exchange !== undefined) {
    const venue = await host.venue()
    if (typeof venue === 'string') usage.push(venue)
    else read = venue
  }
  if (usage.length > 0) {
    for (const line of usage) io.stderr.write(`perp-check watch: ${line}\n`)
    if (options.format === 'json') io.stdout.write(usageErrorsJson(usage, host.version))
    return 2
  }

  const controller = new AbortController()
  const stop = () => controller.abort()
  let source: WatchSource
  let close = () => {}
  let failure: string | undefined
  if (read) source = venueSource(options.output ?? `<${options.exchange}>`, written(read, options.output), systemClock, everyMs!)
  else {
    try {
      const watched = directoryFeed(file!, (error) => {
        failure = `cannot watch ${file}: ${error.message}`
        stop()
      })
      close = watched.close
      source = fileSource({
        path: file!,
        feed: watched.feed,
        clock: systemClock,
        debounceMs: debounceMs!,
        everyMs,
        readText: host.readText,
        readFailure: host.readFailure,
      })
    } catch (error) {
      io.stderr.write(`perp-check watch: cannot watch ${file}: ${host.readFailure(error)}\n`)
      return 2
    }
  }
  io.signal?.addEventListener('abort', stop, { once: true })
  // Ctrl-C and SIGTERM end the watch with exit 0, unless a test gives its own signal.
  const signals = io.signal === undefined ? (['SIGINT', 'SIGTERM'] as const) : []
  for (const name of signals) process.on(name, stop)
  // The reader of the output has gone (`| head -3`): nothing more to say to anyone.
  const gone = (error: NodeJS.ErrnoException) => error.code === 'EPIPE' && stop()
  io.stdout.on?.('error', gone)

  const output = watchOutput({
    format: options.format,
    stdout: io.stdout,
    stderr: io.stderr,
    report: { color: host.color, verbose: options.verbose ?? false, quiet: options.quiet ?? false, version: host.version, failOn: options.failOn },
  })
  let end: WatchEnd
  try {
    end = await watchLoop(
      { source, clock: systemClock, emit: (event) => output.emit(event), signal: controller.signal },
      {
        check: {
          now: options.now,
          only: options.only,
          skip: options.skip,
          riskModels: options.riskModel as RiskModelId[] | undefined,
          verbose: options.verbose,
        },
        failOn: options.failOn,
        exitOn: options.exitOn,
        maxRuns,
        backoff: { first: Math.min(FIRST_RETRY_MS, everyMs ?? FIRST_RETRY_MS), max: everyMs ?? FIRST_RETRY_MS },
      },
    )
  } finally {
    close()
    output.close()
    for (const name of signals) process.off(name, stop)
    io.signal?.removeEventListener('abort', stop)
    io.stdout.off?.('error', gone)
  }
  if (failure !== undefined) {
    io.stderr.write(`perp-check watch: ${failure}\n`)
    return 2
  }
  if (end.code === 2) io.stderr.write(`perp-check watch: ${end.error}\n`)
  if (end.code === 1) {
    const counts = end.report.report.counts
    io.stderr.write(`perp-check watch: run ${end.report.run} has ${counts.fail} fail, ${counts.warn} warn (--exit-on ${options.exitOn}): stopped with exit 1\n`)
  }
  if (signals.length > 0 && end.reason === 'signal') {
    // A venue call still in flight holds the process until it times out: the watch is over, so do not wait for it.
    setTimeout(() => process.exit(end.code), 1000).unref()
  }
  return end.code
}

/** Each snapshot read also written to `file` (whole: a new file renamed over the old), so the report's file:line:col open in an editor. */
function written(read: () => Promise<ReadResult>, file: string | undefined): () => Promise<ReadResult> {
  if (file === undefined) return read
  return async () => {
    const result = await read()
    if (!('text' in result)) return result
    try {
      await writeFile(`${file}.tmp`, result.text)
      await rename(`${file}.tmp`, file)
    } catch (error) {
      return { error: `cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`, retry: true }
    }
    return result
  }
}
