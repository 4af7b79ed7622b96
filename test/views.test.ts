// The engine owns the views: it computes the views the selected checks declare (and the views those read), each
// once, before any check runs; a view that throws is one failure naming it, so the exit code is 2 whatever
// --only and --format say, as long as a selected check needs that view.
import { Readable, Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { checks } from '../src/checks/index.js'
import { main } from '../src/cli.js'
import { viewsTelling } from '../src/engine/progress.js'
import { runChecks } from '../src/engine/run.js'
import { defineCheck, type Check, type ViewName } from '../src/engine/types.js'
import { VIEWS, type ViewDefinition, type ViewDefinitions } from '../src/engine/views.js'
import { check, exitCodeFor } from '../src/index.js'
import { loadPortfolio } from '../src/input/load.js'
import { toYaml } from './helpers.js'

const PORTFOLIO = {
  version: 1,
  as_of: '2026-11-21T07:45:00Z',
  account: { margin_mode: 'cross', wallet_balance: '6000', fees: { maker: '0.0002', taker: '0.0005' } },
  markets: {
    BTCUSDT: {
      prices: { index: '50000', mark: '50000', last: '50000' },
      maintenance_ladder: [{ max_notional: '10000000', mmr: '0.01', max_leverage: '50' }],
      book: {
        bids: [
          ['49990', '1.2'],
          ['48990', '5'],
        ],
        asks: [
          ['50010', '1.2'],
          ['51010', '5'],
        ],
      },
      funding: { rate: '0.0001', next_at: '2026-11-21T08:00:00Z' },
    },
  },
  positions: [{ id: 'btc-long', market: 'BTCUSDT', side: 'long', size: '1', entry_price: '50000', stop: { price: '45000', trigger: 'mark' } }],
  orders: [{ id: 'btc-add', market: 'BTCUSDT', side: 'buy', size: '0.1' }],
}
/**
 * A valid file, and a stress view that throws on it. The input checks refuse every file known to make a view
 * throw (a spread multiplier that leaves no bid, a one-sided book), so the view is replaced through the
 * engine's seam, below the real command line.
 */
const STRESS_THROWS = toYaml(PORTFOLIO)
const STRESS_ERROR = 'the stressed book has no bid left'
const THROWING_STRESS: ViewDefinitions = {
  ...VIEWS,
  stress: {
    ...VIEWS.stress,
    compute: () => {
      throw new Error(STRESS_ERROR)
    },
  },
}

/** The checks that read each view, directly or through a view that reads it, in registry order. */
const NEEDS: Record<ViewName, string[]> = {
  margin: checks.filter((c) => !['snapshot-age', 'reference-prices', 'input-sanity'].includes(c.id)).map((c) => c.id),
  execution: ['stop-vs-liquidation', 'slippage', 'fees', 'order-rate', 'portfolio-coupling', 'stress', 'liquidation-path'],
  funding: ['funding', 'portfolio-coupling'],
  stress: ['portfolio-coupling', 'stress', 'liquidation-path'],
  risk: ['risk-model'],
}

function run(selected: readonly Check[], views: ViewDefinitions = VIEWS, source = toYaml(PORTFOLIO)) {
  const { portfolio, document } = loadPortfolio(source, { file: 'test.yaml' })
  return runChecks({ portfolio, document }, selected, views)
}

/** VIEWS with `broken` throwing, and a count of how often each view is computed. */
function instrumented(broken?: ViewName) {
  const calls: Record<ViewName, number> = { margin: 0, execution: 0, funding: 0, stress: 0, risk: 0 }
  const wrap = <N extends ViewName>(name: N): ViewDefinition<N> => ({
    needs: VIEWS[name].needs,
    compute: (portfolio, views) => {
      calls[name]++
      if (name === broken) throw new Error(`${name} broke`)
      return VIEWS[name].compute(portfolio, views)
    },
  })
  const views: ViewDefinitions = { margin: wrap('margin'), execution: wrap('execution'), funding: wrap('funding'), stress: wrap('stress'), risk: wrap('risk') }
  return { views, calls }
}

const byId = (...ids: string[]) => checks.filter((c) => ids.includes(c.id))

describe('the engine computes views', () => {
  it.each([
    { only: undefined, computed: { margin: 1, execution: 1, funding: 1, stress: 1, risk: 1 } },
    { only: ['reference-prices'], computed: { margin: 0, execution: 0, funding: 0, stress: 0, risk: 0 } },
    { only: ['maintenance-ladder', 'liquidation-distance'], computed: { margin: 1, execution: 0, funding: 0, stress: 0, risk: 0 } },
    { only: ['funding'], computed: { margin: 1, execution: 0, funding: 1, stress: 0, risk: 0 } },
    { only: ['stress', 'liquidation-path'], computed: { margin: 1, execution: 1, funding: 0, stress: 1, risk: 0 } },
  ])('--only $only: each view the checks read, and each view those read, once', ({ only, computed }) => {
    const { views, calls } = instrumented()
    const report = run(only ? byId(...only) : checks, views)
    expect(report.failures).toEqual([])
    expect(calls).toEqual(computed)
  })

  it.each([
    { only: undefined, prepared: [['execution', 'funding', 'margin', 'risk', 'stress']], expectedOrder: ['margin', 'funding', 'risk', 'execution', 'stress'] },
    { only: ['slippage'], prepared: [['execution', 'margin']], expectedOrder: ['margin', 'execution'] },
    { only: ['funding'], prepared: [], expectedOrder: ['margin', 'funding'] },
  ])('--only $only: each view’s prepare once, before any compute, with every view the run computes', ({ only, prepared, expectedOrder }) => {
    const order: string[] = []
    const seen: string[][] = []
    const views = Object.fromEntries(
      Object.entries(VIEWS).map(([name, definition]) => [
        name,
        {
          needs: definition.needs,
          compute: (portfolio: never, inputs: never) => {
            order.push(`compute ${name}`)
            return definition.compute(portfolio, inputs)
          },
          ...(definition.prepare && {
            prepare: (portfolio: never, computing: ReadonlySet<ViewName>) => {
              order.push(`prepare ${name}`)
              seen.push([...computing].sort())
              definition.prepare!(portfolio, computing)
            },
          }),
        },
      ]),
    ) as unknown as ViewDefinitions
    expect(run(only ? byId(...only) : checks, views).failures).toEqual([])
    expect(seen).toEqual(prepared)
    if (prepared.length > 0) expect(order.indexOf('prepare execution')).toBe(0)
    // The views that read a prepared one are computed after the others, giving the prepared work a head start.
    const computed = order.filter((step) => step.startsWith('compute ')).map((step) => step.slice('compute '.length))
    const readsPrepared = computed.map((name) => name === 'execution' || name === 'stress')
    expect(readsPrepared).toEqual([...readsPrepared].sort((a, b) => Number(a) - Number(b)))
    expect(computed).toEqual(expectedOrder)
  })

  it('slippage and funding, both views throwing: the failures in the order the checks read the views (execution, then funding)', () => {
    const [only, failed] = [
      ['slippage', 'funding'],
      ['execution', 'funding'],
    ]
    const throwing = (name: 'execution' | 'funding') => ({
      ...VIEWS[name],
      compute: () => {
        throw new Error(`${name} broke`)
      },
    })
    const views = { ...VIEWS, execution: throwing('execution'), funding: throwing('funding') } as unknown as ViewDefinitions
    const report = run(byId(...only), views)
    expect(report.failures.map((f) => ('view' in f ? f.view : f.check))).toEqual(failed)
  })

  it('views that read one another in a circle, one of them prepared: the circle named, not a stack overflow', () => {
    const circle = {
      ...VIEWS,
      margin: { ...VIEWS.margin, needs: ['risk'] },
      risk: { ...VIEWS.risk, needs: ['margin'] },
    } as unknown as ViewDefinitions
    expect(() => run(byId('risk-model'), circle)).toThrow(/in a circle: (margin → risk → margin|risk → margin → risk)/)
  })

  it('a run with a progress listener keeps each view’s prepare (the lattice worker starts at a terminal too)', () => {
    const { portfolio } = loadPortfolio(toYaml(PORTFOLIO), { file: 'test.yaml' })
    const telling = viewsTelling(VIEWS, portfolio, () => {})
    expect(telling.execution.prepare).toBe(VIEWS.execution.prepare)
    expect(Object.keys(telling).filter((name) => telling[name as ViewName].prepare)).toEqual(['execution'])
  })

  it('a prepare that throws prepares nothing and changes nothing: the same findings, no failure', () => {
    const throwing: ViewDefinitions = {
      ...VIEWS,
      execution: {
        ...VIEWS.execution,
        prepare: () => {
          throw new Error('prepare broke')
        },
      },
    }
    const [plain, failed] = [run(checks), run(checks, throwing)]
    expect(failed.failures).toEqual([])
    expect(failed.findings).toEqual(plain.findings)
  })

  it('a check receives exactly the views it declares', () => {
    const peek = defineCheck({
      id: 'peek',
      title: 'peek',
      views: ['funding'],
      explanation: 'lists the views it was given',
      run: ({ views }) => [{ status: 'info', subject: 'account', message: Object.keys(views).join(', '), path: [] }],
    })
    expect(run([peek]).findings.map((f) => f.message)).toEqual(['funding'])
  })

  it('a check that throws after yielding some drafts keeps none of them: one failure, the other checks’ findings intact', () => {
    const halfway = defineCheck({
      id: 'halfway',
      title: 'halfway',
      views: ['funding'],
      explanation: 'yields one item, then throws',
      *run() {
        yield { status: 'pass', subject: 'account', message: 'first', path: [] }
        throw new Error('second broke')
      },
    })
    const peek = defineCheck({
      id: 'after',
      title: 'after',
      views: ['funding'],
      explanation: 'one item',
      run: () => [{ status: 'info', subject: 'account', message: 'ran', path: [] }],
    })
    const report = run([halfway, peek])
    expect(report.failures).toEqual([{ check: 'halfway', error: 'second broke' }])
    expect(report.findings.map((f) => [f.check, f.message])).toEqual([['after', 'ran']])
  })
})

describe('a view that throws', () => {
  it.each(Object.keys(NEEDS) as ViewName[])('%s: one failure naming it and the checks that needed it, which do not run; exit 2', (view) => {
    const report = run(checks, instrumented(view).views)
    expect(report.failures).toEqual([{ view, error: `${view} broke`, checks: NEEDS[view] }])
    expect(new Set(report.findings.map((f) => f.check))).toEqual(new Set(checks.map((c) => c.id).filter((id) => !NEEDS[view].includes(id))))
    expect(exitCodeFor(report, 'fail')).toBe(2)
  })

  it.each(Object.keys(NEEDS) as ViewName[])('%s: with --only a check that needs it, still one failure and exit 2', (view) => {
    const only = NEEDS[view].at(-1)!
    const report = run(byId(only), instrumented(view).views)
    expect(report.failures).toEqual([{ view, error: `${view} broke`, checks: [only] }])
    expect(report.findings).toEqual([])
    expect(exitCodeFor(report, 'fail')).toBe(2)
  })

  it('leaves a report that is still plain data', () => {
    const report = check(STRESS_THROWS, { file: 'test.yaml', views: THROWING_STRESS })
    expect(report.failures).toEqual([{ view: 'stress', error: STRESS_ERROR, checks: NEEDS.stress }])
    expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report)
  })

  it('is not computed when no selected check needs it', () => {
    const { views, calls } = instrumented('stress')
    const report = run(byId('reference-prices', 'funding'), views)
    expect([report.failures, calls.stress, exitCodeFor(report, 'fail')]).toEqual([[], 0, 0])
  })
})

/** The CLI in-process: the file on standard input, stdout and stderr collected. */
async function cli(args: string[]) {
  const out = { stdout: '', stderr: '' }
  const sink = (key: keyof typeof out) =>
    new Writable({
      write(chunk, _encoding, done) {
        out[key] += String(chunk)
        done()
      },
    })
  const code = await main(
    ['-', ...args],
    { stdin: Readable.from([STRESS_THROWS]), stdout: sink('stdout'), stderr: sink('stderr'), env: {} },
    { views: THROWING_STRESS },
  )
  return { code, ...out }
}

describe('CLI: --only and --format do not change the exit code of a file whose view throws', () => {
  const rows = [undefined, ...NEEDS.stress].flatMap((only) => (['text', 'json'] as const).map((format) => ({ only, format })))

  it.each(rows)('--only $only --format $format → exit 2, one failure naming the stress view', async ({ only, format }) => {
    const r = await cli([...(only ? ['--only', only] : []), '--format', format])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('')
    const notRun = only ? [only] : NEEDS.stress
    if (format === 'json') {
      const doc = JSON.parse(r.stdout)
      expect([doc.failures, doc.summary.exit_code]).toEqual([[{ view: 'stress', error: STRESS_ERROR, checks: notRun }], 2])
      expect(doc.findings.filter((f: { check: string }) => NEEDS.stress.includes(f.check))).toEqual([])
      expect('stress' in doc || doc.positions.some((p: object) => 'liquidation_path' in p)).toBe(false)
    } else {
      expect(r.stdout.split('\n').filter((line) => line.startsWith('✗ view'))).toEqual([
        `✗ view stress could not be computed: ${STRESS_ERROR}; checks not run: ${notRun.join(', ')}`,
      ])
      expect(r.stdout).toMatch(/· exit 2\n$/)
    }
  })

  it.each(['text', 'json'])('a check that needs no stress view is unaffected (--only reference-prices, slippage; %s)', async (format) => {
    const r = await cli(['--only', 'reference-prices,slippage', '--format', format])
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).not.toMatch(/could not|"failures": \[\s*\{/)
  })
})
