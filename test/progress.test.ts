// The progress line of long runs (src/progress.ts): on a terminal's stderr, after a second (a large file's parse at
// once), one line rewritten in place and wiped before the report; nothing at all when stderr is not a terminal,
// under --quiet, or with a machine format on stdout. A fake clock stands in for time: no test here waits.
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main } from '../src/cli.js'
import type { ProgressStep } from '../src/engine/progress.js'
import { ANNOUNCE_BYTES, describe as line, PROGRESS_DELAY_MS, progressLine } from '../src/progress.js'

/** A stream that keeps what is written, a terminal of `columns` when `tty`. */
function terminal(tty = true, columns = 100) {
  const written: string[] = []
  const stream = Object.assign(new PassThrough(), { isTTY: tty, columns })
  stream.on('data', (chunk) => written.push(String(chunk)))
  return { stream, text: () => written.join('') }
}

/** A clock that reads `times` in turn (the first read is the line's start). */
function clockOf(...times: number[]) {
  let i = 0
  return () => times[Math.min(i++, times.length - 1)]!
}

/** What the terminal's line shows after each rewrite, trailing padding removed ('' once wiped). */
function screens(text: string): string[] {
  const parts = text.split('\r').slice(1)
  if (parts.at(-1) === '') parts.pop() // a wipe ends with a carriage return, back to the start of the blank line
  return parts.map((s) => s.trimEnd())
}

const stress = (done?: number): ProgressStep => ({ stage: 'view', view: 'stress', positions: 10000, done })

describe('progressLine', () => {
  it.each([
    { name: 'a step before the delay shows nothing', steps: [stress()], times: [0, PROGRESS_DELAY_MS - 1], shown: [] },
    { name: 'a step at the delay shows', steps: [stress()], times: [0, PROGRESS_DELAY_MS], shown: ['perp-check: stress view (10,000 positions)…'] },
    {
      name: 'a large file is announced at once',
      steps: [{ stage: 'parse', bytes: ANNOUNCE_BYTES }],
      times: [0, 0],
      shown: ['perp-check: parsing the file (0.3 MB)…'],
    },
    { name: 'a smaller file waits like any step', steps: [{ stage: 'parse', bytes: ANNOUNCE_BYTES - 1 }], times: [0, 0], shown: [] },
    {
      name: 'a view telling its positions rewrites the line at most every 100 ms',
      steps: [stress(), stress(1000), stress(2000), stress(3000)],
      times: [0, 1000, 1099, 1100, 1150],
      shown: ['perp-check: stress view (10,000 positions)…', 'perp-check: stress view, 2,000 of 10,000 positions…'],
    },
    {
      name: 'a new stage is written at once, padded over the longer line before it',
      steps: [stress(5000), { stage: 'check', check: 'stress', index: 11, total: 14 }],
      times: [0, 1000, 1001],
      shown: ['perp-check: stress view, 5,000 of 10,000 positions…', 'perp-check: check 12 of 14, stress…'],
    },
  ] as { name: string; steps: ProgressStep[]; times: number[]; shown: string[] }[])('$name', ({ steps, times, shown }) => {
    const { stream, text } = terminal()
    const progress = progressLine(stream, clockOf(...times))
    for (const step of steps) progress.tell(step)
    expect(screens(text())).toEqual(shown)
  })

  it('each rewrite covers the line before it, and clear() leaves the line blank', () => {
    const { stream, text } = terminal()
    const progress = progressLine(stream, clockOf(0, 1000, 2000))
    progress.tell(stress(5000))
    progress.tell({ stage: 'report' })
    progress.clear()
    const parts = text().split('\r')
    expect(parts[2]!.length).toBe(parts[1]!.length) // the shorter line is padded to the longer one's length
    expect(parts[3]).toBe(' '.repeat(parts[2]!.trimEnd().length)) // past it the line holds the padding's spaces already
    expect(parts[4]).toBe('')
    progress.clear() // nothing shown: nothing written
    expect(text().split('\r')).toHaveLength(5)
  })

  it.each([
    [40, 39],
    [0, 79], // a terminal that does not say its width: 80 columns
  ])('a line never wraps: %i columns hold %i characters', (columns, width) => {
    const { stream, text } = terminal(true, columns)
    progressLine(stream, clockOf(0, 1000)).tell(stress(1234))
    const [shown] = screens(text())
    expect(shown!.length).toBe(Math.min(width, line(stress(1234)).length))
  })
})

describe('perp-check on a terminal', () => {
  /** main() with stderr a fake terminal (or not) and a clock a second ahead at every read. */
  async function run(args: string[], tty: boolean) {
    const out: string[] = []
    const stdout = new PassThrough()
    stdout.on('data', (c) => out.push(String(c)))
    const err = terminal(tty)
    let now = 0
    const code = await main(args, {
      stdin: new PassThrough(),
      stdout,
      stderr: err.stream,
      env: {},
      progressClock: () => (now += PROGRESS_DELAY_MS),
    })
    return { code, stdout: out.join(''), stderr: err.text() }
  }

  it('a text run tells the parse, each view, each check and the report, then wipes the line; stdout as without it', async () => {
    const shown = await run(['fixtures/demo.yaml'], true)
    const plain = await run(['fixtures/demo.yaml'], false)
    expect(shown.stdout).toBe(plain.stdout)
    expect(shown.code).toBe(plain.code)
    const lines = screens(shown.stderr)
    expect(lines[0]).toMatch(/^perp-check: parsing the file \(0\.0 MB\)…$/)
    expect(lines.filter((l) => / view /.test(l))).toEqual(
      ['margin', 'funding', 'risk', 'execution', 'stress'].map((view) => line({ stage: 'view', view, positions: 3 } as ProgressStep)),
    )
    expect(lines.filter((l) => /check \d+ of 14/.test(l))).toHaveLength(14)
    expect(lines.slice(-2)).toEqual(['perp-check: writing the report…', ''])
  })

  it('a file that cannot be used wipes the line before its problems', async () => {
    const { code, stderr } = await run(['fixtures/invalid/typo-and-bad-values.yaml'], true)
    expect(code).toBe(2)
    const end = stderr.lastIndexOf('\r') + 1
    expect(screens(stderr.slice(0, end))).toEqual(['perp-check: parsing the file (0.0 MB)…', ''])
    expect(stderr.slice(end)).toMatch(/^fixtures\/invalid\/typo-and-bad-values\.yaml:\d+:\d+ /)
  })

  it.each([
    { name: 'stderr not a terminal', args: ['fixtures/demo.yaml'], tty: false },
    { name: '--quiet', args: ['fixtures/demo.yaml', '--quiet'], tty: true },
    { name: '--format json', args: ['fixtures/demo.yaml', '--format', 'json'], tty: true },
    { name: '--format junit', args: ['fixtures/demo.yaml', '--format', 'junit'], tty: true },
    { name: '--format sarif', args: ['fixtures/demo.yaml', '--format', 'sarif'], tty: true },
    { name: '--format github', args: ['fixtures/demo.yaml', '--format', 'github'], tty: true },
  ])('nothing on stderr: $name', async ({ args, tty }) => {
    expect((await run(args, tty)).stderr).toBe('')
  })
})
