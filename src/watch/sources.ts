// What the watch reads and what wakes it: a file, seen through its directory, or a venue read on a schedule; and
// the system clock. The loop (loop.ts) takes them as given, so tests put their own in their place.
import { type FSWatcher, realpathSync, watch } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import type { Clock, ReadResult, WatchSource } from './loop.js'

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((done) => {
      if (signal.aborted) return done()
      const finish = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', finish)
        done()
      }
      const timer = setTimeout(finish, ms)
      signal.addEventListener('abort', finish, { once: true })
    }),
}

/** Edits of a file, one flag: `changed` resolves at the next one (at once when one came since it last resolved). */
export class ChangeFeed {
  private pending = false
  private readonly waiters = new Set<() => void>()

  /** Something changed. */
  poke(): void {
    this.pending = true
    for (const waiter of [...this.waiters]) waiter()
  }

  /** True at a change, false when the signal aborts first. */
  changed(signal: AbortSignal): Promise<boolean> {
    if (this.pending) {
      this.pending = false
      return Promise.resolve(true)
    }
    if (signal.aborted) return Promise.resolve(false)
    return new Promise((done) => {
      const cleanup = () => {
        this.waiters.delete(onChange)
        signal.removeEventListener('abort', onAbort)
      }
      const onChange = () => {
        cleanup()
        this.pending = false
        done(true)
      }
      const onAbort = () => {
        cleanup()
        done(false)
      }
      this.waiters.add(onChange)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }
}

/**
 * A file's edits through a watch on its directory: an editor's atomic save writes a new file and renames it over
 * the old one, and a watch on the file itself would follow the old inode and see nothing more.
 */
export function directoryFeed(path: string, onError: (error: Error) => void): { feed: ChangeFeed; close(): void } {
  const feed = new ChangeFeed()
  // A symbolic link is watched where it stands and where it points: an edit of the target changes the file too.
  const places = [resolve(path), realpathSync(path)].filter((place, i, all) => all.indexOf(place) === i)
  const watchers: FSWatcher[] = places.map((place) => {
    const name = basename(place)
    const watcher = watch(dirname(place), { persistent: true }, (_event, file) => {
      // Some platforms do not say which file; then any change in the directory may be it.
      if (file === null || file === name) feed.poke()
    })
    watcher.on('error', onError)
    return watcher
  })
  const close = () => {
    for (const watcher of watchers) watcher.close()
  }
  return { feed, close }
}

/** The first racer to settle with a value; the others are aborted. Undefined when the signal aborts first. */
async function firstOf<T>(signal: AbortSignal, racers: ((signal: AbortSignal) => Promise<T | undefined>)[]): Promise<T | undefined> {
  // An aborted signal fires no more 'abort' events: without this, the racers would wait for ever.
  if (signal.aborted) return undefined
  const controller = new AbortController()
  const abort = () => controller.abort()
  signal.addEventListener('abort', abort, { once: true })
  try {
    return await Promise.race(racers.map((racer) => racer(controller.signal)))
  } finally {
    controller.abort()
    signal.removeEventListener('abort', abort)
  }
}

const after = (clock: Clock, ms: number) => async (signal: AbortSignal) => {
  await clock.sleep(ms, signal)
  return signal.aborted ? undefined : true
}

export interface FileSourceOptions {
  path: string
  feed: ChangeFeed
  clock: Clock
  /** Quiet time after an edit before the file is read: a save in several writes is read once, whole. */
  debounceMs: number
  /** Also re-check on this schedule (time-based checks move with the clock). */
  everyMs?: number
  /** The file's text; throws when it cannot be read. */
  readText(path: string): Promise<string>
  /** Why a read failed, in words. */
  readFailure(error: unknown): string
}

export function fileSource(options: FileSourceOptions): WatchSource {
  const { feed, clock } = options
  return {
    name: options.path,
    async read(): Promise<ReadResult> {
      try {
        const text = await options.readText(options.path)
        if (text.trim() === '') return { error: `${options.path} is empty: expected a portfolio file (version, account, markets)`, retry: false }
        return { text }
      } catch (error) {
        return { error: `cannot read ${options.path}: ${options.readFailure(error)}`, retry: false }
      }
    },
    async wake(signal) {
      const racers: ((s: AbortSignal) => Promise<'change' | 'interval' | undefined>)[] = [async (s) => ((await feed.changed(s)) ? 'change' : undefined)]
      if (options.everyMs !== undefined) racers.push(async (s) => ((await after(clock, options.everyMs!)(s)) ? 'interval' : undefined))
      const woke = await firstOf(signal, racers)
      if (woke === undefined || signal.aborted) return 'abort'
      // Debounced: read once the file has been quiet for debounceMs.
      while (woke === 'change') {
        const next = await firstOf<'more' | 'quiet'>(signal, [
          async (s) => ((await feed.changed(s)) ? 'more' : undefined),
          async (s) => ((await after(clock, options.debounceMs)(s)) ? 'quiet' : undefined),
        ])
        if (next === undefined || signal.aborted) return 'abort'
        if (next === 'quiet') break
      }
      return woke
    },
  }
}

/** A venue read by `read` (the snapshot's code, given by the CLI), again every `everyMs`. */
export function venueSource(name: string, read: () => Promise<ReadResult>, clock: Clock, everyMs: number): WatchSource {
  return {
    name,
    read,
    async wake(signal) {
      await clock.sleep(everyMs, signal)
      return signal.aborted ? 'abort' : 'interval'
    },
  }
}
