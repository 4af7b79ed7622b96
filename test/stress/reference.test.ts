// The engine before the rewrite is the reference: on a generated desk account (30 positions over 12 markets,
// cascades in 7 of the 8 grid scenarios), every margin and stress figure the old engine printed
// (test/stress/desk-30.before.json, from commit ff4c75e) is printed again, to 12 significant digits. The old
// cascades found each break by bisection (exact to about 1e-13 of the move); the new ones solve it, so the
// cascade figures agree to that precision and no further. The old engine tested every offsetting pair; the
// new one the 100 largest hedges, each with the same figures. The old engine did not extend a book past its last
// level (docs/checks/slippage.md#beyond-the-book): the account is run with the extension off
// (book_extension_max_sigma 0), so a forced exit the stressed book cannot fill is taken over as before.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { check, exitCodeFor } from '../../src/index.js'
import { reporters } from '../../src/report/index.js'

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

const before = JSON.parse(readFileSync('test/stress/desk-30.before.json', 'utf8'))
const report = check(`${readFileSync('test/stress/desk-30.yaml', 'utf8')}\nthresholds: { book_extension_max_sigma: 0 }\n`, { file: 'desk-30.yaml' })
const now = JSON.parse(reporters.json(report, { color: false, verbose: false, exitCode: exitCodeFor(report, 'fail'), version: 'test' }))

const DECIMAL = /^-?\d+(\.\d+)?$/

/** Every leaf where `actual` differs from `expected` beyond 1e-12 relative (decimals) or at all (anything else). */
function differences(expected: Json, actual: Json, path = ''): string[] {
  if (typeof expected === 'string' && typeof actual === 'string' && DECIMAL.test(expected) && DECIMAL.test(actual)) {
    const [a, b] = [Number(expected), Number(actual)]
    return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)) ? [] : [`${path}: ${expected} → ${actual}`]
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return [`${path}: ${expected.length} items → ${actual.length}`]
    return expected.flatMap((e, i) => differences(e, actual[i]!, `${path}[${i}]`))
  }
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && !Array.isArray(expected) && !Array.isArray(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)])
    return [...keys].flatMap((k) => (k in expected && k in actual ? differences(expected[k]!, actual[k]!, `${path}.${k}`) : [`${path}.${k}: only on one side`]))
  }
  return expected === actual ? [] : [`${path}: ${JSON.stringify(expected)} → ${JSON.stringify(actual)}`]
}

/**
 * Issue 16: the old engine printed a gain as a negative loss (the blast radius's `loss`); now a loss is never
 * negative and a gain is its own figure. The old figures, split the same way (cascades: see their test).
 */
function signedLossesSplit(part: string, old: Json): Json {
  const split = (loss: string) => (loss.startsWith('-') ? { loss: '0', gain: loss.slice(1) } : { loss, gain: '0' })
  if (part === 'blast_radius') {
    const b = old as { [key: string]: { [key: string]: Json } }
    return { ...b, cross: { ...b.cross!, ...split(b.cross!.loss as string) }, isolated: { ...b.isolated!, ...split(b.isolated!.loss as string) } }
  }
  return old
}

describe('the rewritten engine against the old one, on a generated desk account', () => {
  it('has cascades to compare (the account is not trivial)', () => {
    expect(before.stress.cascades.length).toBe(7)
    expect(before.stress.cascades.flatMap((c: { chain: unknown[] }) => c.chain).length).toBe(14)
  })

  it('every position: liquidation and bankruptcy prices, maintenance, distance, initial margin', () => {
    const figures = now.positions.map((p: Record<string, Json>) =>
      Object.fromEntries(
        ['id', 'liquidation_price', 'bankruptcy_price', 'maintenance_margin', 'liquidation_distance', 'initial_margin'].map((k) => [k, p[k]!]),
      ),
    )
    // Issue 12: the old engine searched a cross leg's liquidation in the direction of its own side. Four longs sit in
    // markets where the account is net short (or, p00012, where its net long is smaller than its legs' maintenance
    // rate): the account liquidates as the price rises, and the long goes with the short, at the short's price.
    const changed = differences(before.positions, figures)
    const hedgeLegs = [2, 10, 11, 25]
    expect(changed.filter((d) => !hedgeLegs.some((i) => d.startsWith(`[${i}].liquidation_`)))).toEqual([])
    expect(changed).toHaveLength(8)
    for (const i of hedgeLegs) {
      const short = now.positions.find(
        (p: Record<string, Json>) => p.market === now.positions[i].market && p.side === 'short' && p.margin_mode === 'cross' && p.liquidation_price,
      )
      expect([before.positions[i].liquidation_price, now.positions[i].liquidation_price]).toEqual([null, short.liquidation_price])
    }
  })

  it('stress: scenarios: as the old engine marked them to the move, or (issue 12) as their cascade leaves the account', () => {
    const chains = new Map(now.stress.cascades.map((c: Record<string, Json>) => [c.move, c]))
    const old = before.stress.scenarios as Record<string, Json>[]
    expect(old.filter((s) => chains.has(s.move))).toHaveLength(7)
    const marked = old.filter((s) => !chains.has(s.move))
    expect(
      differences(
        marked,
        now.stress.scenarios.filter((s: Record<string, Json>) => !chains.has(s.move)),
      ),
    ).toEqual([])
    for (const s of now.stress.scenarios.filter((s: Record<string, Json>) => chains.has(s.move))) {
      const chain = chains.get(s.move) as Record<string, Json>
      const forced = new Set([...(chain.positions_lost as string[]), ...(chain.chain as { position: string }[]).map((l) => l.position)])
      expect([s.equity, [...s.liquidated].sort()]).toEqual([chain.equity_after, [...forced].sort()])
    }
  })

  it.each(['breaking_point', 'blast_radius'])('stress: %s', (part) => {
    expect(differences(signedLossesSplit(part, before.stress[part]), now.stress[part])).toEqual([])
  })

  it('stress: cascades, with the margin each isolated exit leaves back in the wallet (issue 25: the old engine dropped it)', () => {
    const cascades = now.stress.cascades as { [key: string]: Json }[]
    const returned = cascades.map((c) => (c.chain as { margin_returned: string }[]).reduce((sum, l) => sum.plus(l.margin_returned), new Decimal(0)))
    expect(returned.filter((r) => r.gt(0))).toHaveLength(7)
    const old = (before.stress.cascades as { [key: string]: Json }[]).map((c, i) => {
      const after = new Decimal(c.equity_after as string).plus(returned[i]!)
      const change = new Decimal(c.equity_before as string).minus(after)
      return { ...c, equity_after: after.toFixed(), total_loss: Decimal.max(0, change).toFixed(), total_gain: Decimal.max(0, change.neg()).toFixed() }
    })
    // Fields the old engine did not have: every chain settles here (issue 25).
    expect(cascades.map((c) => [c.settled, c.still_past_maintenance])).toEqual(cascades.map(() => [true, []]))
    const withoutNew = cascades.map(({ settled: _s, still_past_maintenance: _p, ...c }) => ({
      ...c,
      chain: (c.chain as { [key: string]: Json }[]).map(({ margin_returned: _, ...link }) => link),
    }))
    expect(differences(old, withoutNew)).toEqual([])
  })

  it('correlation breaks: the 100 largest hedges, each as the old engine priced it', () => {
    const key = (item: { legs: string[] }) => item.legs.join(' / ')
    const old = new Map(before.stress.correlation_breaks.map((item: { legs: string[] }) => [key(item), item]))
    expect([before.stress.correlation_breaks.length, now.stress.correlation_breaks.length]).toEqual([210, 100])
    for (const item of now.stress.correlation_breaks) expect(differences(old.get(key(item)) as Json, item)).toEqual([])
  })
})
