// Reporters: pure functions of the report; snapshots with colour off, and determinism.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { check, exitCodeFor } from '../src/index.js'
import { reporters } from '../src/report/index.js'

const FIXTURE = 'fixtures/reference-prices/warn.yaml'

function render(format: 'text' | 'json', options: { color?: boolean; verbose?: boolean } = {}) {
  const report = check(readFileSync(FIXTURE, 'utf8'), { file: FIXTURE, only: ['reference-prices'] })
  return reporters[format](report, {
    color: options.color ?? false,
    verbose: options.verbose ?? false,
    exitCode: exitCodeFor(report, 'fail'),
    version: '0.0.0-test',
  })
}

describe('reporters', () => {
  it('text, colour off', async () => {
    await expect(render('text')).toMatchFileSnapshot('__snapshots__/reference-prices-warn.text.txt')
  })

  it('text, verbose, shows every figure and the explanations', async () => {
    await expect(render('text', { verbose: true })).toMatchFileSnapshot('__snapshots__/reference-prices-warn.verbose.txt')
  })

  it('json', async () => {
    await expect(render('json')).toMatchFileSnapshot('__snapshots__/reference-prices-warn.json')
  })

  it('text --verbose: a check with a table layout prints its consecutive items as rows (the stress grid)', async () => {
    const file = 'fixtures/liquidation-path/fail.yaml'
    const report = check(readFileSync(file, 'utf8'), { file, only: ['stress'] })
    const text = reporters.text(report, { color: false, verbose: true, exitCode: exitCodeFor(report, 'fail'), version: '0.0.0-test' })
    const rows = text.split('\n').filter((line) => /^ {2}[✓⚠✗] +[−+]\d+%/.test(line))
    const cells = (row: string) => [
      row.trim()[0],
      ...row
        .trim()
        .slice(1)
        .trim()
        .split(/\s{2,}/),
    ]
    expect(rows.map(cells)).toEqual([
      // the grid follows the cascade (issue 12): from −10% on, the chain a1 → a2 → b1 wipes the cross account
      ['✗', '−30%', '0.00', '0.00', '—', 'a1, a2, b1'],
      ['✗', '−20%', '0.00', '0.00', '—', 'a1, a2, b1'],
      ['✗', '−10%', '0.00', '0.00', '—', 'a1, a2, b1'],
      ['✓', '−5%', '1350.00', '237.50', '17.27%', '—'],
      ['✓', '+5%', '3850.00', '262.50', '6.77%', '—'],
      ['✓', '+10%', '5100.00', '275.00', '5.37%', '—'],
      ['✓', '+20%', '7600.00', '300.00', '3.93%', '—'],
      ['✓', '+30%', '10100.00', '325.00', '3.21%', '—'],
    ])
    await expect(text).toMatchFileSnapshot('__snapshots__/stress-grid.text.txt')
  })

  it('json: the records carry the fields of the views computed for the selected checks, and only those', () => {
    const doc = (only?: string[]) => {
      const report = check(readFileSync('fixtures/demo.yaml', 'utf8'), { file: 'demo.yaml', only })
      return JSON.parse(reporters.json(report, { color: false, verbose: false, exitCode: exitCodeFor(report, 'fail'), version: '0.0.0-test' }))
    }
    const ITEM = ['id', 'market', 'side', 'size', 'entry_price', 'margin_mode', 'trigger_price', 'notional', 'unrealized_pnl']
    const ORDER = ['id', 'market', 'side', 'size', 'type', 'price', 'slices', 'interval_ms', 'latency_ms']
    const keys = (record: object) => Object.keys(record).filter((k) => k !== 'worst_status') // every record ends with it
    const none = doc(['reference-prices'])
    expect([keys(none.positions[0]), keys(none.orders[0]), 'account' in none, 'stress' in none]).toEqual([ITEM, ORDER, false, false])
    const margin = doc(['liquidation-distance'])
    expect(keys(margin.positions[0]).filter((k) => !ITEM.includes(k))).toContain('liquidation_price')
    expect([keys(margin.orders[0]), 'account' in margin, 'stress' in margin]).toEqual([ORDER, true, false])
    expect(keys(margin.positions[0]).filter((k) => ['stop', 'funding', 'liquidation_path'].includes(k))).toEqual([])
    const funding = doc(['funding']) // the funding view reads the margin view: both are computed
    expect(['liquidation_price', 'funding', 'stop', 'liquidation_path'].map((k) => k in funding.positions[0])).toEqual([true, true, false, false])
    expect(['funding', 'vwap'].map((k) => k in funding.orders[0])).toEqual([true, false])
    const all = doc()
    expect(['liquidation_price', 'stop', 'funding', 'liquidation_path'].map((k) => k in all.positions[0])).toEqual([true, true, true, true])
    expect(['vwap', 'funding'].map((k) => k in all.orders[0])).toEqual([true, true])
    expect(['account', 'stress'].map((k) => k in all)).toEqual([true, true])
    expect(JSON.stringify(all)).not.toMatch(/_error"/)
  })

  it.each(readdirSync('fixtures', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml') && !f.startsWith('invalid')))(
    'json in chunks is JSON.stringify(document, null, 2) (%s)',
    (name) => {
      const path = `fixtures/${name}`
      const report = check(readFileSync(path, 'utf8'), { file: path })
      const out = reporters.json(report, { color: false, verbose: false, exitCode: exitCodeFor(report, 'fail'), version: '0.0.0-test' })
      expect(out).toBe(`${JSON.stringify(JSON.parse(out), null, 2)}\n`)
    },
  )

  it('colour on adds ANSI codes only to text', () => {
    expect(render('text', { color: true })).toMatch(/\u001b\[/)
    expect(render('json', { color: true })).not.toMatch(/\u001b\[/)
  })

  it('is deterministic: the same file and as_of give byte-identical output', () => {
    expect(render('json')).toBe(render('json'))
    expect(render('text')).toBe(render('text'))
  })

  it('json: every decimal is a string and the summary carries the exit code', () => {
    const doc = JSON.parse(render('json'))
    expect(doc.summary).toMatchObject({ fail: 0, warn: 2, info: 1, pass: 1, skip: 0, exit_code: 0 })
    expect(doc.positions[0]).toMatchObject({ id: 'btc-long', market: 'BTCUSDT', side: 'long', size: '0.1', notional: '6400' })
    for (const finding of doc.findings) for (const value of Object.values(finding.figures)) expect(typeof value === 'string' || value === null).toBe(true)
  })
})

describe('the report is plain data', () => {
  const files = readdirSync('fixtures', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('invalid'))
    .map((f) => `fixtures/${f}`)
    .sort()

  it.each(files)('%s: JSON.parse(JSON.stringify(report)) deep-equals the report, with every check and with none that needs a view', (file) => {
    for (const only of [undefined, ['reference-prices']]) {
      const report = check(readFileSync(file, 'utf8'), { file, only })
      expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report)
    }
  })
})

describe('exit codes', () => {
  it.each([
    { counts: { fail: 0, warn: 0 }, failures: 0, failOn: 'fail', code: 0 },
    { counts: { fail: 0, warn: 2 }, failures: 0, failOn: 'fail', code: 0 },
    { counts: { fail: 0, warn: 2 }, failures: 0, failOn: 'warn', code: 1 },
    { counts: { fail: 1, warn: 0 }, failures: 0, failOn: 'fail', code: 1 },
    { counts: { fail: 1, warn: 0 }, failures: 1, failOn: 'fail', code: 2 },
  ] as const)('$counts, $failures failures, --fail-on $failOn → $code', ({ counts, failures, failOn, code }) => {
    const report = { counts: { pass: 0, info: 0, skip: 0, ...counts }, failures: Array.from({ length: failures }, () => ({ check: 'x', error: 'boom' })) }
    expect(exitCodeFor(report, failOn)).toBe(code)
  })
})
