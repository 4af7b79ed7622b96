// The watch loop (docs/watch.md): read → check → report data → reporter, again at each change of the file or
// each tick of --every, through the engine's own doors (checkedSnapshot, diffSnapshots, exitCodeFor). What
// changed is the diff between the last good report's snapshot and the new one. The clock, what wakes the loop
// and where the events go are given, so a test drives it a run at a time; an AbortSignal ends it (exit 0).
import { diffSnapshots, type Snapshot } from '../diff/index.js'
import { type CheckOptions, checkedSnapshot, exitCodeFor, InputError } from '../index.js'
import type { WatchEvent, WatchReport, WatchTrigger } from '../report/watch.js'

export interface Clock {
  now(): number
  /** Resolves after `ms`, or at once when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
}

export type ReadResult = { text: string } | { error: string; retry: boolean }

export interface WatchSource {
  /** The file, or the venue. */
  name: string
  /** The account's text: the file's, or a snapshot's. `retry`: a venue that did not answer (back-off); else wait for the next wake. */
  read(): Promise<ReadResult>
  /** Resolves when the next run is due (an edit, debounced; the interval), or with 'abort'. */
  wake(signal: AbortSignal): Promise<Exclude<WatchTrigger, 'start' | 'retry'> | 'abort'>
}

export interface WatchOptions {
  check: Omit<CheckOptions, 'file' | 'clock'>
  failOn: 'fail' | 'warn'
  /** Stop with exit 1 at the first report with an item at this status or worse. */
  exitOn?: 'fail' | 'warn'
  /** Stop with exit 0 after this many runs. */
  maxRuns?: number
  /** A venue that did not answer is read again after `backoff.first` ms, doubling each time up to `backoff.max`. */
  backoff: { first: number; max: number }
}

export interface WatchDeps {
  source: WatchSource
  clock: Clock
  /** Each event, as it happens. */
  emit(event: WatchEvent): void
  signal: AbortSignal
}

export type WatchEnd =
  | { code: 0; reason: 'signal' | 'max-runs' }
  | { code: 1; reason: 'exit-on'; report: WatchReport }
  | { code: 2; reason: 'unreadable'; error: string }

export async function watchLoop(deps: WatchDeps, options: WatchOptions): Promise<WatchEnd> {
  const { source, clock, signal } = deps
  let run = 0
  let last: { event: WatchReport; snapshot: Snapshot } | undefined
  let lastText: string | undefined
  let failures = 0
  let trigger: WatchTrigger = 'start'
  while (!signal.aborted) {
    const read = await untilAborted(source.read(), signal)
    if (read === undefined) break
    if ('text' in read && trigger === 'change' && read.text === lastText) {
      // Saved without a change (or a second event of one save): nothing to say.
    } else {
      run++
      const at = clock.now()
      const base = { run, at, trigger, source: source.name }
      if ('error' in read) {
        failures++
        lastText = undefined
        if (!read.retry && !last && run === 1) return { code: 2, reason: 'unreadable', error: read.error }
        const backoff = read.retry ? Math.min(options.backoff.first * 2 ** (failures - 1), options.backoff.max) : null
        deps.emit({ ...base, kind: 'unavailable', error: read.error, attempt: failures, retryInMs: backoff, last: last?.event ?? null })
        if (options.maxRuns !== undefined && run >= options.maxRuns) break
        if (backoff !== null) {
          await clock.sleep(backoff, signal)
          trigger = 'retry'
          continue
        }
      } else {
        failures = 0
        lastText = read.text
        try {
          const { report, snapshot } = checkedSnapshot(read.text, { ...options.check, file: source.name, clock: () => clock.now() })
          const event: WatchReport = {
            ...base,
            kind: 'report',
            report,
            exitCode: exitCodeFor(report, options.failOn),
            diff: last ? diffSnapshots(last.snapshot, snapshot) : null,
            since: last ? { run: last.event.run, at: last.event.at } : null,
          }
          last = { event, snapshot }
          deps.emit(event)
          if (options.exitOn && (report.counts.fail > 0 || (options.exitOn === 'warn' && report.counts.warn > 0)))
            return { code: 1, reason: 'exit-on', report: event }
        } catch (error) {
          if (!(error instanceof InputError)) throw error
          deps.emit({ ...base, kind: 'invalid', file: error.file, problems: error.problems, total: error.total, last: last?.event ?? null })
        }
        if (options.maxRuns !== undefined && run >= options.maxRuns) break
      }
    }
    const woke = await source.wake(signal)
    if (woke === 'abort') break
    trigger = woke
  }
  return { code: 0, reason: signal.aborted ? 'signal' : 'max-runs' }
}

/** The promise's value, or undefined as soon as the signal aborts (a venue call in flight does not hold Ctrl-C up). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined)
  return new Promise((done, fail) => {
    const onAbort = () => done(undefined)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        done(signal.aborted ? undefined : value)
      },
      (error) => {
        signal.removeEventListener('abort', onAbort)
        fail(error)
      },
    )
  })
}
