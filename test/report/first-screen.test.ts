// Issue 11's done-when: the three accounts of fixtures/accounts (a Binance cross account with three positions
// and a sliced add, a Hyperliquid isolated alt on a thin book, a Bybit hedge paying high funding) show every
// fail and warn item's first line on the first screen of the default text report at 80 × 24.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { check, exitCodeFor } from '../../src/index.js'
import { reporters } from '../../src/report/index.js'
import { wrap } from '../../src/report/text.js'

const WIDTH = 80
const HEIGHT = 24
const FILES = ['fixtures/accounts/binance-cross.yaml', 'fixtures/accounts/hyperliquid-alt.yaml', 'fixtures/accounts/bybit-hedge.yaml']

describe('the first screen at 80 × 24 holds every fail and warn', () => {
  // the positions' gauges in either glyph set (src/report/gauge.ts) come after the problems
  it.each(FILES.flatMap((file) => [true, false].map((unicode) => [file, unicode] as const)))('%s (unicode %s)', (file, unicode) => {
    const report = check(readFileSync(file, 'utf8'), { file })
    const text = reporters.text(report, { color: false, verbose: false, width: WIDTH, unicode, exitCode: exitCodeFor(report, 'fail'), version: '0.0.0-test' })
    expect(text).toContain(unicode ? '─' : '--')
    const lines = text.split('\n')
    expect(Math.max(...lines.map((l) => l.length)), 'the report fits 80 columns').toBeLessThanOrEqual(WIDTH)
    const problems = report.findings.filter((f) => f.status === 'fail' || f.status === 'warn')
    expect(problems.some((f) => f.status === 'fail') || problems.length >= 2, 'the account has problems to show').toBe(true)
    const screen = lines.slice(0, HEIGHT)
    for (const f of problems) {
      if (f.subject !== f.cause) {
        // An item a position drives (a stress row, a cascade) is listed under it: "→ drives stress/scenario (2): …".
        const first = screen.findIndex((line) => line.startsWith(`  → drives ${f.rule} (`))
        expect(first, `${f.rule} on ${f.subject}, driven by ${f.cause}, within the first ${HEIGHT} lines`).toBeGreaterThanOrEqual(0)
        continue
      }
      // The item's first line: its mark and the start of its message, wrapped as the reporter wraps items (indent 2).
      const mark = f.status === 'fail' ? '✗' : '⚠'
      const first = wrap(`${mark} ${f.message}`, WIDTH, 2, 4)[0]!
      expect(lines, `${f.rule} "${first.trim()}" is printed`).toContain(first)
      expect(screen, `${f.rule} "${first.trim()}" within the first ${HEIGHT} lines`).toContain(first)
    }
  })
})
