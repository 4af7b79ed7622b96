// One figure, one spelling: in the text report of fixtures/demo.yaml every printed rounding of a position's
// liquidation price (liquidation-distance, stop-vs-liquidation, stress, liquidation-path, portfolio-coupling,
// the tables) is the same string, the price at its market's tick.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { price } from '../../src/format.js'
import { check, exitCodeFor } from '../../src/index.js'
import { reporters } from '../../src/report/index.js'

const FILE = 'fixtures/demo.yaml'
// A number as printed: digits with an optional fraction (thousands separators never appear in prices).
const TOKEN = /(?<![\w.,])-?\d+(?:\.\d+)?(?![\w,]|\.\d)/g

/** Every token in the text that reads as a rounding of `value` (to its own decimals) and has at least 4 significant digits. */
function roundings(text: string, value: Decimal): string[] {
  const found: string[] = []
  for (const match of text.matchAll(TOKEN)) {
    const token = new Decimal(match[0])
    if (token.precision(true) < 4) continue
    const places = token.decimalPlaces()
    if (value.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).eq(token) || value.toDecimalPlaces(places, Decimal.ROUND_DOWN).eq(token)) found.push(match[0])
  }
  return found
}

/** The verbose listing's figure lines (six spaces, then "name value · name value"): figures keep their own digits, not the message's. */
const isFigureLine = (line: string) => /^ {6}[a-z]/.test(line)
const messages = (text: string) =>
  text
    .split('\n')
    .filter((line) => !isFigureLine(line))
    .join('\n')

describe('the demo report prints each liquidation price one way', () => {
  const report = check(readFileSync(FILE, 'utf8'), { file: FILE })
  const options = { color: false, exitCode: exitCodeFor(report, 'fail'), version: '0.0.0-test' }
  const texts = { default: reporters.text(report, { ...options, verbose: false }), verbose: reporters.text(report, { ...options, verbose: true }) }
  const liquidations = report.findings
    .filter((f) => f.rule === 'liquidation-distance/position' && typeof f.figures.liquidation_price === 'string')
    .map((f) => ({ id: f.subject, value: new Decimal(f.figures.liquidation_price as string) }))
  const markets = new Map(report.subjects.map((s) => [s.id, s.market]))
  const ticks = new Map(report.markets.map((m) => [m.symbol, new Decimal(m.tick)]))

  it('has liquidation prices to compare', () => {
    expect(liquidations.length).toBeGreaterThanOrEqual(3)
  })

  it.each(['default', 'verbose'] as const)('%s text: every occurrence is the same string, at the tick', (mode) => {
    for (const { id, value } of liquidations) {
      const expected = price(value, { tick: ticks.get(markets.get(id)!)! })
      const seen = roundings(messages(texts[mode]), value)
      expect(seen.length, `${id} ${expected} appears`).toBeGreaterThan(0)
      expect([...new Set(seen)], id).toEqual([expected])
    }
  })
})
