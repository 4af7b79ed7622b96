// The watch loop driven a run at a time: a source that answers from a list, a clock that records each sleep and
// returns at once, and the events collected. Every loop is bounded by its list (the source aborts when it runs
// out) and by --max-runs. The file source's debounce is driven the same way, through its ChangeFeed.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { WatchEvent } from '../../src/report/watch.js'
import { type Clock, type ReadResult, type WatchOptions, watchLoop, type WatchSource } from '../../src/watch/loop.js'
import { ChangeFeed, fileSource } from '../../src/watch/sources.js'

const demo = readFileSync('fixtures/demo.yaml', 'utf8')
const failing = demo.replace('mark: 142.41', 'mark: 150.00')
const invalid = demo.replace('size: 0.8', 'size: -0.8')

/** A clock that starts at 0, advances by each sleep at once, and records the sleeps. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms)
      now += ms
    },
  }
}

/** Reads answer from `reads` in turn, each wake is an edit one second later; when the list ends, the watch is stopped. */
function scripted(reads: ReadResult[], clock: Clock, controller: AbortController): WatchSource {
  let i = 0
  return {
    name: 'portfolio.yaml',
    read: async () => reads[i++] ?? { error: 'read past the script', retry: false },
    wake: async () => {
      if (i >= reads.length) {
        controller.abort()
        return 'abort'
      }
      await clock.sleep(1000, controller.signal)
      return 'change'
    },
  }
}

async function run(reads: ReadResult[], options: Partial<WatchOptions> = {}) {
  const clock = fakeClock()
  const controller = new AbortController()
  const events: WatchEvent[] = []
  const end = await watchLoop(
    { source: scripted(reads, clock, controller), clock, emit: (e) => events.push(e), signal: controller.signal },
    { check: {}, failOn: 'fail', backoff: { first: 1000, max: 30_000 }, ...options },
  )
  return { end, events, sleeps: clock.sleeps }
}

const summary = (e: WatchEvent) => ({
  kind: e.kind,
  run: e.run,
  trigger: e.trigger,
  since: e.kind === 'report' ? (e.since?.run ?? null) : undefined,
  last: e.kind === 'report' ? undefined : (e.last?.run ?? null),
})

describe('watchLoop', () => {
  it('an invalid file between two good ones: the invalid run keeps the last report (stale), the next compares with it', async () => {
    const { end, events } = await run([{ text: demo }, { text: invalid }, { text: failing }])
    expect(end).toEqual({ code: 0, reason: 'signal' })
    expect(events.map(summary)).toEqual([
      { kind: 'report', run: 1, trigger: 'start', since: null, last: undefined },
      { kind: 'invalid', run: 2, trigger: 'change', since: undefined, last: 1 },
      { kind: 'report', run: 3, trigger: 'change', since: 1, last: undefined },
    ])
    const bad = events[1]!
    expect(bad.kind === 'invalid' && bad.problems.map((p) => [p.path, p.line, p.column])).toEqual([['positions[0].size', 52, 11]])
    const third = events[2]!
    expect(third.kind === 'report' && third.diff?.worse).toEqual({ fail: 2, warn: 0 })
  })

  it('a save without a change is not a run', async () => {
    const { events } = await run([{ text: demo }, { text: demo }, { text: failing }])
    expect(events.map((e) => [e.kind, e.run])).toEqual([
      ['report', 1],
      ['report', 2],
    ])
  })

  it.each([
    ['fail', [demo, failing, demo], 2],
    ['warn', [demo, failing], 1],
  ] as const)('--exit-on %s: exit 1 at the first report with an item at that status', async (status, texts, runs) => {
    const { end, events } = await run(
      texts.map((text) => ({ text })),
      { exitOn: status },
    )
    expect(end.code).toBe(1)
    expect(events).toHaveLength(runs)
  })

  it('--max-runs ends it with exit 0 after that many runs', async () => {
    const { end, events } = await run([{ text: demo }, { text: failing }, { text: demo }], { maxRuns: 2 })
    expect(end).toEqual({ code: 0, reason: 'max-runs' })
    expect(events).toHaveLength(2)
  })

  it('a venue that does not answer: retried after 1s, 2s, 4s … up to the cap, each failure an event; the count starts again after a good read', async () => {
    const down = { error: 'bybit: RequestTimeout', retry: true }
    const { events, sleeps } = await run([down, down, down, down, down, { text: demo }, down, { text: demo }], { backoff: { first: 1000, max: 5000 } })
    expect(events.map((e) => (e.kind === 'unavailable' ? [e.attempt, e.retryInMs, e.trigger] : [e.kind, e.trigger]))).toEqual([
      [1, 1000, 'start'],
      [2, 2000, 'retry'],
      [3, 4000, 'retry'],
      [4, 5000, 'retry'],
      [5, 5000, 'retry'],
      ['report', 'retry'],
      [1, 1000, 'change'],
      ['report', 'retry'],
    ])
    // The back-offs, then the wake after the good read (1000, an edit), then the back-off again.
    expect(sleeps).toEqual([1000, 2000, 4000, 5000, 5000, 1000, 1000])
  })

  it.each([
    [
      { error: 'cannot read portfolio.yaml: no such file', retry: false },
      { code: 2, reason: 'unreadable', error: 'cannot read portfolio.yaml: no such file' },
    ],
    [
      { error: 'bybit: NetworkError', retry: true },
      { code: 0, reason: 'signal' },
    ],
  ])('a first read that fails (%j)', async (failure, end) => {
    const result = await run([failure])
    expect(result.end).toEqual(end)
  })

  it('a file that cannot be read after a good run: reported, the report stale, and the watch waits for the next change', async () => {
    const { events } = await run([{ text: demo }, { error: 'cannot read portfolio.yaml: no such file', retry: false }, { text: demo }])
    expect(events.map((e) => [e.kind, e.kind === 'unavailable' ? e.retryInMs : null])).toEqual([
      ['report', null],
      ['unavailable', null],
      ['report', null],
    ])
  })

  it('an abort while a read is in flight ends the loop at once (exit 0)', async () => {
    const controller = new AbortController()
    const source: WatchSource = {
      name: 'slow',
      read: () => {
        controller.abort()
        return new Promise(() => {})
      },
      wake: async () => 'abort',
    }
    const end = await watchLoop(
      { source, clock: fakeClock(), emit: () => {}, signal: controller.signal },
      { check: {}, failOn: 'fail', backoff: { first: 1, max: 1 } },
    )
    expect(end).toEqual({ code: 0, reason: 'signal' })
  })
})

describe('fileSource: the debounce', () => {
  /** A clock whose sleeps wait for the test to end them, one at a time. */
  function steppedClock() {
    const pending: (() => void)[] = []
    const clock: Clock = {
      now: () => 0,
      sleep: (_ms, signal) =>
        new Promise((done) => {
          pending.push(done)
          signal.addEventListener('abort', () => done(), { once: true })
        }),
    }
    return { clock, pending }
  }
  const settle = () => new Promise((done) => setImmediate(done))

  it.each([0, 1, 3])('%i more edits inside the debounce: one wake, once the file has been quiet', async (more) => {
    const feed = new ChangeFeed()
    const { clock, pending } = steppedClock()
    const source = fileSource({ path: 'x.yaml', feed, clock, debounceMs: 100, readText: async () => '', readFailure: String })
    const controller = new AbortController()
    let woke = 0
    const waking = source.wake(controller.signal).then((trigger) => {
      woke++
      return trigger
    })
    feed.poke()
    await settle()
    expect(woke).toBe(0)
    for (let i = 0; i < more; i++) {
      // An edit inside the quiet time starts it again; the sleep it cut short is left to lapse.
      feed.poke()
      await settle()
      expect(woke).toBe(0)
    }
    pending.at(-1)!()
    expect(await waking).toBe('change')
    // One quiet time per edit, each cut short by the next but the last.
    expect(pending).toHaveLength(more + 1)
    expect(woke).toBe(1)
    controller.abort()
  })

  it('--every with a file: the interval wakes it without an edit; an abort ends the wait', async () => {
    const feed = new ChangeFeed()
    const { clock, pending } = steppedClock()
    const source = fileSource({ path: 'x.yaml', feed, clock, debounceMs: 100, everyMs: 60_000, readText: async () => '', readFailure: String })
    const controller = new AbortController()
    const interval = source.wake(controller.signal)
    await settle()
    pending[0]!()
    expect(await interval).toBe('interval')
    const aborted = source.wake(controller.signal)
    controller.abort()
    expect(await aborted).toBe('abort')
    // A signal aborted before the wait (Ctrl-C while a report was printed) ends it too.
    expect(await source.wake(controller.signal)).toBe('abort')
  })
})
