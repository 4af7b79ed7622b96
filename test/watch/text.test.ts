// The watch's screen, laid out from the loop's events: what changed comes first (status changes, then the moved
// figures with the attribution of each liquidation move, rounded to the tick so its parts add up), a stale
// report says so, and a screen cut to the terminal's rows keeps the problems and the summary.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { type WatchEvent, watchText } from '../../src/report/watch.js'
import { type ReadResult, watchLoop } from '../../src/watch/loop.js'

const demo = readFileSync('fixtures/demo.yaml', 'utf8')

async function events(texts: string[]): Promise<WatchEvent[]> {
  const controller = new AbortController()
  const out: WatchEvent[] = []
  const reads: ReadResult[] = texts.map((text) => ({ text }))
  let i = 0
  let now = Date.parse('2026-11-21T07:45:00Z')
  await watchLoop(
    {
      source: {
        name: 'demo.yaml',
        read: async () => reads[i++]!,
        wake: async () => {
          if (i >= reads.length) return 'abort'
          now += 5000
          return 'change'
        },
      },
      clock: { now: () => now, sleep: async () => {} },
      emit: (e) => out.push(e),
      signal: controller.signal,
    },
    { check: {}, failOn: 'fail', backoff: { first: 1, max: 1 } },
  )
  return out
}

const screen = (event: WatchEvent, rows?: number) => watchText(event, { color: false, verbose: false, exitCode: 0, version: 'test', width: 80, rows })

describe('watch text', () => {
  it('after an edit of the SOL mark: the status changes, then eth-swing’s liquidation at the tick with its parts, then the input', async () => {
    const [, second] = await events([demo, demo.replace('mark: 142.41', 'mark: 150.00')])
    const lines = screen(second!).split('\n')
    expect(lines[0]).toBe('perp-check watch demo.yaml · run 2 at 07:45:05Z (file changed)')
    const changes = lines.slice(
      1,
      lines.findIndex((l) => l.startsWith('──')),
    )
    // Each change's first line (a wrapped line goes on under it, indented by 4).
    const marks = changes.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trimStart().split(' ')[0])
    expect(marks).toEqual(['✗', '✗', '·', '·', '·', '·', '·'])
    expect(changes[0]).toBe('Since run 1 (07:45:00Z): 2 new fail, 0 new warn')
    const joined = changes.join('\n').replace(/\n {4}/g, ' ')
    expect(joined).toContain('eth-swing: liquidation 1821.70 → 1879.14 (+57.44: other positions +57.44), distance 42.2% → 40.4%')
    expect(joined).toContain('sol-hedge: distance 123% → 112%')
    expect(changes.at(-1)).toBe('  · SOLUSDT changed: prices.mark 142.41 → 150')
  })

  it.each([
    ['a smaller wallet', (t: string) => t.replace('wallet_balance: 25000', 'wallet_balance: 20000'), ['margin +251.01', 'margin −33.17']],
    [
      'eth-swing added to',
      (t: string) => t.replace('entry_price: 3080', 'entry_price: 3100').replace('size: 20\n', 'size: 26\n'),
      ['margin −0.47, size +313.63, fees +0.37', 'margin +0.06, other positions −1.19, fees −0.06'],
    ],
  ])('%s: each liquidation line’s parts add up to its move as printed', async (_what, change, parts) => {
    const [, second] = await events([demo, change(demo)])
    const text = screen(second!).replace(/\n {4}/g, ' ')
    const lines = [...text.matchAll(/liquidation (\d+\.\d+) → (\d+\.\d+) \(([+−][\d.]+): ([^)]*)\)/g)]
    expect(lines.map((m) => m[4])).toEqual(parts)
    for (const [, from, to, total, steps] of lines) {
      const value = (s: string) => new Decimal(s.replace('−', '-'))
      expect(value(to!).minus(value(from!)).toFixed()).toBe(value(total!).toFixed())
      const sum = steps!.split(', ').reduce((acc, p) => acc.plus(value(p.split(' ').at(-1)!)), new Decimal(0))
      expect(sum.toFixed()).toBe(value(total!).toFixed())
    }
  })

  it('a file that becomes invalid: STALE, its problems at file:line:col, and the last good report below', async () => {
    const [, bad] = await events([demo, demo.replace('size: 0.8', 'size: -0.8')])
    const lines = screen(bad!).split('\n')
    expect(lines[1]).toBe("STALE: 1 problem in demo.yaml; showing run 1's report (07:45:00Z)")
    expect(lines[2]).toMatch(/^ {2}demo\.yaml:52:11 {2}positions\[0\]\.size: /)
    expect(lines.find((l) => l.startsWith('Summary:'))).toMatch(/^Summary: 0 fail, 4 warn/)
  })

  it.each([
    [24, 80],
    [40, 80],
    [20, 60],
  ])('at %i rows and %i columns: at most rows − 1 lines, none wider, the problems first and the summary last', async (rows, width) => {
    const [, second] = await events([demo, demo.replace('mark: 142.41', 'mark: 150.00')])
    const lines = watchText(second!, { color: false, verbose: false, exitCode: 0, version: 'test', width, rows }).replace(/\n$/, '').split('\n')
    expect(lines.length).toBeLessThanOrEqual(rows - 1)
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(width)
    expect(lines[0]).toMatch(/^perp-check watch demo\.yaml · run 2/)
    expect(lines).toContain('Problems, worst first')
    expect(lines.slice(-3).join(' ')).toMatch(/Summary: 2 fail, 4 warn/)
    expect(lines.some((l) => /… \d+ more lines \(a taller window/.test(l))).toBe(true)
  })
})
