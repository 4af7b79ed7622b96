// `perp-check watch` through the built binary: a temp copy of the demo edited while it runs, each NDJSON line
// read as it comes and validated against the published schema (ajv); an invalid file and its fix; --exit-on;
// SIGINT and SIGTERM; and --exchange against the local venue server, including one that fails twice first.
// Every watch is bounded: --max-runs, a kill in `finally`, and a guard on each line it waits for.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { Ajv } from 'ajv'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { WATCH_LINE_SCHEMA } from '../../src/report/watch-schema.js'
import { capturedIo } from '../helpers.js'
import { type Route, startServer, type VenueServer } from '../exchange/server.js'
import { bybit } from '../exchange/venues.js'

const BIN = resolve('bin/perp-check.js')
const validate = new Ajv({ allErrors: true, strict: false }).compile(WATCH_LINE_SCHEMA)
/** The longest a test waits for one line: a guard against a hang, not a speed target. */
const GUARD_MS = 10_000

interface Watch {
  child: ChildProcessWithoutNullStreams
  /** The next NDJSON line, parsed and validated. */
  next(): Promise<Record<string, any>>
  stderr(): string
  exit: Promise<number | null>
}

const running: Watch[] = []
afterEach(() => {
  for (const w of running.splice(0)) w.child.kill('SIGKILL')
})

function watch(args: string[], env: Record<string, string> = {}): Watch {
  const child = spawn(process.execPath, [BIN, 'watch', ...args], { env: { PATH: process.env.PATH ?? '', ...env } })
  const lines: string[] = []
  const waiting: ((line: string) => void)[] = []
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiting.shift()
    if (waiter) waiter(line)
    else lines.push(line)
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk)
  })
  const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
  const w: Watch = {
    child,
    stderr: () => stderr,
    exit,
    async next() {
      const line =
        lines.shift() ??
        (await new Promise<string>((done, fail) => {
          const guard = setTimeout(() => fail(new Error(`no line within ${GUARD_MS}ms; stderr: ${stderr}`)), GUARD_MS)
          waiting.push((l) => {
            clearTimeout(guard)
            done(l)
          })
          exit.then(() => fail(new Error(`the watch ended; stderr: ${stderr}`)))
        }))
      const record = JSON.parse(line)
      expect(validate(record) ? [] : validate.errors).toEqual([])
      return record
    },
  }
  running.push(w)
  return w
}

function demoCopy(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'perp-check-watch-')), 'demo.yaml')
  copyFileSync('fixtures/demo.yaml', file)
  return file
}

/** An editor's atomic save: the new text written beside the file, then renamed over it. */
function saveByRename(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text)
  renameSync(`${file}.tmp`, file)
}

const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8')
  expect(text).toContain(from)
  return text.replace(from, to)
}

describe('perp-check watch <file> --format json', () => {
  it('perp-check schema --watch prints the schema every line here is validated with', () => {
    const r = spawnSync(process.execPath, [BIN, 'schema', '--watch'], { encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(WATCH_LINE_SCHEMA)))
  })

  it.each([
    ['written in place', (file: string, text: string) => writeFileSync(file, text)],
    ['saved by rename', saveByRename],
  ])('an edit of SOLUSDT mark (%s): the next line has the moved liquidation of eth-swing and its attribution', async (_how, save) => {
    const file = demoCopy()
    const w = watch([file, '--format', 'json', '--max-runs', '2'])
    const first = await w.next()
    expect(first.watch).toMatchObject({ event: 'report', run: 1, trigger: 'start', source: file, stale: false })
    expect(first.changes).toMatchObject({ since: null, status: [], positions: [], list: [] })
    expect(first.summary).toMatchObject({ fail: 0, warn: 4 })

    save(file, edit(file, 'mark: 142.41', 'mark: 150.00'))
    const second = await w.next()
    expect(second.watch).toMatchObject({ event: 'report', run: 2, trigger: 'change', last_good_run: 2 })
    expect(second.changes.since).toMatchObject({ run: 1, sha256: first.input.sha256 })
    const eth = second.changes.positions.find((p: { id: string }) => p.id === 'eth-swing')
    // The cross pool's equity fell with the SOL short's loss (150 short × 7.59): eth-swing's liquidation rose.
    expect(eth.attribution.total).toEqual({ liquidation_price: '57.439382', distance: '-0.01822084' })
    expect(eth.attribution.components.find((c: { step: string }) => c.step === 'others')).toEqual({
      step: 'others',
      liquidation_price: '57.439382',
      distance: '-0.01822084',
    })
    expect([eth.attribution.chain[0].liquidation_price, eth.attribution.chain[7].liquidation_price]).toEqual(['1821.702184', '1879.141566'])
    expect(second.changes.status.map((f: { check: string; subject: string; old: string; new: string }) => [f.check, f.subject, f.old, f.new])).toEqual([
      ['reference-prices', 'SOLUSDT', 'pass', 'fail'],
      ['reference-prices', 'SOLUSDT', 'pass', 'fail'],
      ['risk-model', 'sol-hedge', 'info', null],
    ])
    expect(second.changes.markets).toEqual([{ id: 'SOLUSDT', status: 'changed', fields: [{ field: 'prices.mark', old: '142.41', new: '150' }] }])
    expect(second.changes.worse).toEqual({ fail: 2, warn: 0 })
    expect(second.summary).toMatchObject({ fail: 2, exit_code: 1 })
    expect(await w.exit).toBe(0)
  })

  it('a symbolic link: an edit of the file it points to (in another directory) is seen', async () => {
    const target = demoCopy()
    const link = join(mkdtempSync(join(tmpdir(), 'perp-check-watch-link-')), 'portfolio.yaml')
    symlinkSync(target, link)
    const w = watch([link, '--format', 'json', '--max-runs', '2'])
    await w.next()
    writeFileSync(target, edit(target, 'mark: 142.41', 'mark: 150.00'))
    expect((await w.next()).changes.markets[0].fields).toEqual([{ field: 'prices.mark', old: '142.41', new: '150' }])
    expect(await w.exit).toBe(0)
  })

  it('a file that becomes invalid: its errors at file:line:col, the last report stale; fixed, the next report compares with the last good one', async () => {
    const file = demoCopy()
    const good = readFileSync(file, 'utf8')
    const w = watch([file, '--format', 'json', '--max-runs', '3'])
    expect((await w.next()).watch.run).toBe(1)
    const broken = edit(file, 'size: 0.8', 'size: -0.8')
    saveByRename(file, broken)
    const invalid = await w.next()
    const line = broken.split('\n').findIndex((l) => l.includes('size: -0.8')) + 1
    expect(invalid.watch).toMatchObject({ event: 'invalid', run: 2, stale: true, last_good_run: 1 })
    expect(invalid.input_errors).toEqual([expect.objectContaining({ file, line, column: 11, path: 'positions[0].size' })])
    saveByRename(file, good.replace('mark: 142.41', 'mark: 142.50'))
    const fixed = await w.next()
    expect(fixed.watch).toMatchObject({ event: 'report', run: 3, stale: false, last_good_run: 3 })
    expect(fixed.changes.since.run).toBe(1)
    expect(fixed.changes.markets).toEqual([{ id: 'SOLUSDT', status: 'changed', fields: [{ field: 'prices.mark', old: '142.41', new: '142.5' }] }])
    expect(await w.exit).toBe(0)
    expect(w.stderr()).toContain(`${file}:${line}:11  positions[0].size:`)
  })

  it.each([
    ['fail', 2, 1],
    ['warn', 1, 1],
  ] as const)('--exit-on %s ends it at run %i with exit %i', async (status, run, code) => {
    const file = demoCopy()
    const w = watch([file, '--format', 'json', '--exit-on', status, '--max-runs', '5'])
    const first = await w.next()
    if (run === 2) {
      expect(first.summary).toMatchObject({ fail: 0 })
      saveByRename(file, edit(file, 'mark: 142.41', 'mark: 150.00'))
      expect(await w.next()).toMatchObject({ watch: { run: 2 }, summary: { fail: 2 } })
    } else expect(first.summary).toMatchObject({ warn: 4 })
    expect(await w.exit).toBe(code)
    expect(w.stderr()).toContain(`run ${run} has`)
  })

  it('the options of a normal run apply to each run (--only, --fail-on, --now)', async () => {
    const w = watch([demoCopy(), '--format', 'json', '--max-runs', '1', '--only', 'liquidation-distance', '--fail-on', 'warn', '--now', '2026-11-21T09:00:00Z'])
    const first = await w.next()
    expect([...new Set(first.findings.map((f: { check: string }) => f.check))]).toEqual(['liquidation-distance'])
    expect(first.summary).toMatchObject({ fail: 0, warn: 1, exit_code: 1 })
    expect(first.input.as_of).toBe('2026-11-21T09:00:00.000Z')
    expect(await w.exit).toBe(0)
  })

  it.each(['SIGINT', 'SIGTERM'] as const)('%s ends it cleanly with exit 0', async (signal) => {
    const w = watch([demoCopy(), '--format', 'json', '--max-runs', '5'])
    await w.next()
    w.child.kill(signal)
    expect(await w.exit).toBe(0)
    expect(w.stderr()).toBe('')
  })

  it.each([
    [['--every', '50ms'], '--every: expected a duration of at least 100ms'],
    [['--debounce', 'soon'], '--debounce: expected a duration'],
    [['--max-runs', '0'], '--max-runs: expected a whole number from 1'],
    [['--only', 'nope'], '--only: unknown check id "nope"'],
    [['--exchange', 'bybit'], 'give a file'],
    [['-o', 'x.yaml'], '--output writes the snapshots of --exchange'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const w = watch([demoCopy(), ...args])
    expect(await w.exit).toBe(2)
    expect(w.stderr()).toContain(message)
  })

  it('a file that does not exist at the start: exit 2', async () => {
    const w = watch([join(tmpdir(), 'perp-check-watch-none', 'x.yaml')])
    expect(await w.exit).toBe(2)
    expect(w.stderr()).toMatch(/cannot (read|watch) .*x\.yaml: no such file/)
  })
})

describe('main() in-process: io.signal ends the watch', () => {
  it('aborted after the first report: exit 0, one NDJSON line, the process signals left alone', async () => {
    const run = capturedIo()
    const controller = new AbortController()
    run.io.stdout.on('data', () => controller.abort())
    const listeners = process.listenerCount('SIGINT')
    const code = await main(['watch', demoCopy(), '--format', 'json'], { ...run.io, signal: controller.signal })
    expect(code).toBe(0)
    expect(
      run.out
        .join('')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).watch.run),
    ).toEqual([1])
    expect(process.listenerCount('SIGINT')).toBe(listeners)
  })
})

describe('perp-check watch --exchange', () => {
  let server: VenueServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  /** The venue's routes with the mark moved from the second snapshot on (each reads the tickers twice), and the first `failing` reads of the positions answered 500. */
  function venue(failing: number): Route[] {
    const fixture = bybit(Date.now())
    let positions = 0
    let tickers = 0
    const fail: Route = (request) => {
      if (request.path === '/v5/position/list' && positions++ < failing) throw new Error('the venue is down')
      return undefined
    }
    const moved: Route = (request) => {
      if (request.path !== '/v5/market/tickers' || tickers++ < 2) return undefined
      const answer = JSON.stringify(fixture.routes.map((r) => r(request)).find((a) => a !== undefined))
      return JSON.parse(answer.replaceAll('"markPrice":"64003.20"', '"markPrice":"62003.20"'))
    }
    return [fail, moved, ...fixture.routes]
  }

  it('re-reads the account every --every, through the snapshot code, each report with its changes', async () => {
    server = await startServer(venue(0))
    const output = join(mkdtempSync(join(tmpdir(), 'perp-check-watch-venue-')), 'bybit.yaml')
    const w = watch(['--exchange', 'bybit', '--api-base', server.base, '--every', '100ms', '--format', 'json', '--max-runs', '2', '-o', output], bybit(0).env)
    const first = await w.next()
    expect(first.watch).toMatchObject({ event: 'report', run: 1, source: output, trigger: 'start' })
    expect(first.input.file).toBe(output)
    expect(first.positions.map((p: { market: string; size: string }) => [p.market, p.size])).toEqual([['BTCUSDT', '0.3']])
    const second = await w.next()
    expect(second.watch).toMatchObject({ event: 'report', run: 2, trigger: 'interval' })
    expect(second.changes.since.run).toBe(1)
    expect(second.changes.markets[0].fields).toContainEqual({ field: 'prices.mark', old: '64003.2', new: '62003.2' })
    const [position] = second.changes.positions
    expect(position.old.trigger_price).toBe('64003.2')
    expect(position.new.trigger_price).toBe('62003.2')
    expect(position.attribution.components.find((c: { step: string }) => c.step === 'price').distance).not.toBe('0')
    expect(await w.exit).toBe(0)
    // The file holds the last snapshot read, and it checks as the watch's last report did.
    expect(readFileSync(output, 'utf8')).toContain('mark: 62003.2')
  })

  it('a venue that fails twice: reported each time with its back-off, then the report', async () => {
    server = await startServer(venue(2))
    const w = watch(['--exchange', 'bybit', '--api-base', server.base, '--every', '200ms', '--format', 'json', '--max-runs', '3'], bybit(0).env)
    const [a, b, c] = [await w.next(), await w.next(), await w.next()]
    expect(a.watch).toMatchObject({ event: 'unavailable', run: 1, stale: true, last_good_run: null })
    expect([a.attempt, a.retry_in_ms, b.attempt, b.retry_in_ms]).toEqual([1, 200, 2, 200])
    expect(a.error).toMatch(/^bybit: /)
    expect(c.watch).toMatchObject({ event: 'report', run: 3, trigger: 'retry', stale: false, source: '<bybit>' })
    expect(await w.exit).toBe(0)
    expect(w.stderr()).toContain('perp-check watch: bybit: ')
  })

  it('a venue it cannot read at all (no key in the environment): exit 2 at once', async () => {
    server = await startServer(venue(0))
    const w = watch(['--exchange', 'bybit', '--api-base', server.base, '--format', 'json'])
    expect(await w.exit).toBe(2)
    expect(w.stderr()).toContain('BYBIT_APIKEY')
  })
})
