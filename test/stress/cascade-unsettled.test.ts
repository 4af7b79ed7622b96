// Issue 25, the fuzz campaign's cascade-unsettled.yaml (copied beside this test): an isolated okx-swap short of 10 ETH
// at 3,000 on 3,075, tiers 5,000 at 1%, 20,000 at 2%, 100,000 at 3% (+ the 0.05% taker fee), a book one tick either
// side. Its tier step-downs used to be judged restored at the trigger price while the step's own order left the price
// one tick higher, over the tier's cap again: the position broke again at once, a tick at a time, and the stress view
// gave up ("the cascade did not settle after 8 forced exits"), so stress, liquidation-path and portfolio-coupling could
// not run. Now a step is judged where its order leaves the price, and a chain that would run past the bound is cut
// with a defined answer: what is left, and what is still open past maintenance.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import type { ViewDefinitions } from '../../src/engine/views.js'
import { VIEWS } from '../../src/engine/views.js'
import { check } from '../../src/index.js'
import { computeStress } from '../../src/stress/index.js'
import { capturedIo } from '../helpers.js'
import { main } from '../../src/cli.js'
import { d, derived } from './helpers.js'

const FILE = 'test/stress/cascade-unsettled.yaml'
const SOURCE = readFileSync(FILE, 'utf8')

describe('cascade-unsettled.yaml: every tier step judged where its order leaves the price', () => {
  const { stress } = derived(SOURCE)
  const up30 = stress.cascades.find((c) => c.move.eq('0.3'))!
  const up20 = stress.cascades.find((c) => c.move.eq('0.2'))!

  it('the stress view is computed: the chains settle, +20% in 3 exits and +30% in 5', () => {
    expect(stress.cascades.map((c) => [c.move.toFixed(), c.links.length, c.settled, c.stillPast])).toEqual([
      ['0.2', 3, true, []],
      ['0.3', 5, true, []],
    ])
    expect(up30.links.slice(0, 3).map((l) => l.triggerPrice.toFixed())).toEqual(up20.links.map((l) => l.triggerPrice.toFixed()))
  })

  it('first break at its liquidation price 33,075 / 10.305 (3,075 + 10 (3,000 − P) = 3.05% × 10 P): one step to 20,000 / P', () => {
    const [first] = up30.links
    const t1 = d(33075).div('10.305')
    expect(first!.triggerPrice.minus(t1).abs().lt('1e-30')).toBe(true)
    expect(first!.exit!.steps.map((s) => [s.kind, s.price!.minus(first!.triggerPrice).minus(1).abs().lt('1e-30')])).toEqual([['reduce', true]])
    expect(first!.exit!.remaining.minus(d(20000).div(t1)).abs().lt('1e-30')).toBe(true)
  })

  it('a step its own order undoes steps on: the third break goes from tier 2 to tier 1 in one exit (5,000 / P left)', () => {
    const third = up30.links[2]!
    const t = third.triggerPrice
    const [toTier2, toTier1] = third.exit!.steps
    // 20,000 / P at P + 1 is over 20,000 again: tier 3's 3.05% is more than the margin left there, so it steps on.
    const oneTickUp = (p: Decimal | null) => p!.minus(t).minus(1).abs().lt('1e-30')
    expect([toTier2!.kind, toTier1!.kind, oneTickUp(toTier2!.price), oneTickUp(toTier1!.price)]).toEqual(['reduce', 'reduce', true, true])
    expect(toTier1!.size.minus(d(15000).div(t)).abs().lt('1e-30')).toBe(true)
    expect(third.exit!.remaining.minus(d(5000).div(t)).abs().lt('1e-30')).toBe(true)
  })

  it('the fifth break, in tier 2 again, steps to tier 1 and is still past maintenance a tick higher: the rest is taken over', () => {
    const fifth = up30.links[4]!
    const t = fifth.triggerPrice
    const [step, takeover] = fifth.exit!.steps
    expect([step!.kind, takeover!.kind, fifth.exit!.wiped, fifth.exit!.remaining.toFixed(), up30.lost]).toEqual(['reduce', 'takeover', true, '0', ['eth-long']])
    expect(takeover!.size.minus(d(5000).div(t)).abs().lt('1e-30')).toBe(true)
    expect([up30.equityBefore.toFixed(), up30.equityAfter.toFixed(), up30.totalLoss.toFixed()]).toEqual(['5075', '0', '5075'])
  })

  it('through the CLI: every check runs, no failure, exit 0', async () => {
    const { io, out } = capturedIo()
    const code = await main([FILE, '--format', 'json'], io)
    const report = JSON.parse(out.join(''))
    expect([code, report.failures]).toEqual([0, []])
    const ran = new Set(report.findings.map((f: { check: string }) => f.check))
    expect(['stress', 'liquidation-path', 'portfolio-coupling'].map((id) => ran.has(id))).toEqual([true, true, true])
    expect(report.stress.cascades.map((c: Record<string, unknown>) => [c.move, c.steps, c.settled, c.still_past_maintenance])).toEqual([
      ['0.2', 3, true, []],
      ['0.3', 5, true, []],
    ])
  })
})

describe('a chain cut at the bound ends with a defined answer', () => {
  // The same account with the bound at 2 exits a direction (a seam for tests: the default is 8 per position).
  const views: ViewDefinitions = {
    ...VIEWS,
    stress: { needs: VIEWS.stress.needs, compute: (_p, { margin, execution }) => computeStress(margin, execution, { maxCascadeLinks: 2 }) },
  }
  const report = check(SOURCE, { file: FILE, views })
  const items = report.findings.filter((f) => f.check === 'liquidation-path' && f.figures.chain !== undefined)

  it('what is left and what is still open: the short, past maintenance at the move, is named; the chain warns', () => {
    expect(report.failures).toEqual([])
    expect(items.map((f) => [f.figures.move, f.figures.steps, f.figures.settled, f.figures.still_past_maintenance, f.status])).toEqual([
      ['0.2', '2', false, ['eth-long'], 'warn'],
      ['0.3', '2', false, ['eth-long'], 'warn'],
    ])
  })

  it('the equity left is the short still open at the move: margin left after the second exit − size × (price − its trigger)', () => {
    const stress = report.records.stress as { cascades: { equity_after: string }[] }
    const [c20, c30] = stress.cascades
    // The first two exits are the uncut chain's: at t1 and t2, each leaving the price a tick higher.
    const [l1, l2] = derived(SOURCE).stress.cascades[0]!.links
    const [t1, t2] = [l1!.triggerPrice, l2!.triggerPrice]
    // the market at +20% with both exits' impacts: 3,360 × (t1 + 1)/t1 × (t2 + 1)/t2; the short keeps 20,000 / t2
    const price = d(3360).mul(t1.plus(1)).div(t1).mul(t2.plus(1)).div(t2)
    const left = l2!.exit!.marginLeft.minus(d(20000).div(t2).mul(price.minus(t2)))
    expect(left.minus('29.0535997791961066356065').abs().lt('1e-20')).toBe(true)
    expect(new Decimal(c20!.equity_after).minus(left).abs().lt('1e-20')).toBe(true)
    expect(c30!.equity_after).toBe('0') // at +30% the short's margin is gone: its pool counts 0
    expect(items[0]!.message).toContain('the chain had not settled after 2 forced exits and is cut there')
  })
})
