// The pre-trade gate through the real CLI (main() with a captured io, and the built binary once): --order's
// before/after and exit code, its usage errors, and --max-size's property: the size reported passes the gate,
// one step more fails it with the rule named.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { main } from '../../src/cli.js'
import { sizeStepOf } from '../../src/gate/max-size.js'
import { loadPortfolio } from '../../src/input/load.js'
import { REPORT_SCHEMA } from '../../src/report/schema.js'
import { capturedIo, portfolioWith, toYaml } from '../helpers.js'

const DEMO = 'fixtures/demo.yaml'
const validate = new Ajv({ allErrors: true, strict: false }).compile(REPORT_SCHEMA)

async function cli(args: string[]) {
  const { io, out, err } = capturedIo()
  const code = await main(args, io)
  return { code, stdout: out.join(''), stderr: err.join('') }
}

async function json(args: string[]) {
  const r = await cli([...args, '--format', 'json'])
  const doc = JSON.parse(r.stdout)
  expect(validate(doc) ? [] : validate.errors).toEqual([])
  return { code: r.code, doc }
}

type Row = Record<string, any>
const byId = (rows: Row[], id: string): Row => rows.find((r) => r.id === id)!

describe('--order on the demo: before and after, and the exit code once it fills', () => {
  it('buy 0.5 BTCUSDT @ 61000: a resting bid that adds to btc-core; its liquidation distance goes from warn to fail: exit 1', async () => {
    const { code, doc } = await json([DEMO, '--order', 'buy 0.5 BTCUSDT @ 61000'])
    expect(code).toBe(1)
    expect(doc.summary).toMatchObject({ fail: 0, exit_code: 1, once_filled: { fail: 1, failures: 0 } }) // none fails now; once filled one does
    expect(doc.what_if).toHaveLength(1)
    const [w] = doc.what_if
    expect(w).toMatchObject({ scope: 'order', orders: ['BTCUSDT#cli1'] })
    // Passive (61000 is under the ask): filled at the limit, the market moved there; fee: the expected maker/taker mix.
    expect(w.fills[0]).toMatchObject({ price: '61000', price_source: 'limit price', passive: true, notional: '30500', effect: 'adds', position: 'btc-core' })
    expect(byId(w.before.positions, 'btc-core')).toMatchObject({
      size: '0.8',
      entry_price: '61250',
      tier: 2,
      liquidation_distance: '0.117708756931162366716379',
    })
    // (0.8 × 61250 + 0.5 × 61000) ÷ 1.3
    const entry = new Decimal('0.8').mul(61250).plus(new Decimal('0.5').mul(61000)).div('1.3').toSignificantDigits(24)
    expect(byId(w.after.positions, 'btc-core')).toMatchObject({ size: '1.3', entry_price: entry.toString(), tier: 2 })
    // The cross positions are in the table too (the fee leaves the wallet they share).
    expect(w.after.positions.map((p: Row) => p.id)).toEqual(['btc-core', 'eth-swing', 'sol-hedge'])
    // Figures leave at 24 significant digits: the wallet less the fee, to the last digit printed.
    expect(new Decimal(w.after.account.wallet_balance).plus(w.fills[0].fee).minus(25000).abs().lt('1e-18')).toBe(true)
    expect(w.changed_status).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'liquidation-distance/position', subject: 'btc-core', before: 'warn', after: 'fail' })]),
    )
    expect(w.judged.failing).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'liquidation-distance/position', subject: 'btc-core', status: 'fail' })]),
    )
  })

  it('the text report shows the "if filled" table under the orders, now and filled, and the verdict in the summary', async () => {
    const r = await cli([DEMO, '--order', 'buy 0.5 BTCUSDT @ 61000'])
    expect(r.code).toBe(1)
    const lines = r.stdout.split('\n')
    const at = lines.findIndex((l) => l.startsWith('If filled · BTCUSDT#cli1'))
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.startsWith('Orders')))
    const rows = lines.slice(at, at + 8)
    expect(rows.find((l) => /^ {2}btc-core +now +long 0\.8 +61250\.0 +2 +206\.04 +56475\.9 +11\.8%$/.test(l))).toBeDefined()
    expect(rows.find((l) => /^ +filled +long 1\.3 +61153\.8 +2 +346\.63 +57151\.1 +6\.34%$/.test(l))).toBeDefined()
    expect(lines.at(-2)).toMatch(/once the orders fill: 1 fail, 4 warn · exit 1$/)
  })

  it.each([
    // [order, exit code, what it does to its position]
    ['buy 0.1 BTCUSDT', 0, 'adds'],
    ['sell 0.8 BTCUSDT', 0, 'closes'],
    ['sell 0.4 BTCUSDT', 0, 'reduces'],
    ['sell 2 BTCUSDT', 1, 'flips'],
    ['sell 20 ETHUSDT', 0, 'closes'],
    ['buy 10 SOLUSDT', 0, 'reduces'],
    ['sell 2 BTCUSDT reduce_only=true', 0, 'closes'],
    ['buy 2 BTCUSDT reduce_only=true', 0, 'rejected'],
  ] as const)('%s exits %i (%s)', async (order, exit, effect) => {
    const { code, doc } = await json([DEMO, '--order', order])
    expect(code).toBe(exit)
    expect(doc.what_if[0].fills[0].effect).toBe(effect)
    expect(doc.what_if[0].judged.fail > 0 || (doc.what_if[0].judged.failures ?? 0) > 0).toBe(exit === 1)
  })

  it('two orders: one what-if each and one of both together, which the exit code judges', async () => {
    const { code, doc } = await json([DEMO, '--order', 'buy 0.1 BTCUSDT', '--order', 'sell 0.4 BTCUSDT'])
    expect(doc.what_if.map((w: Row) => [w.scope, w.orders])).toEqual([
      ['order', ['BTCUSDT#cli1']],
      ['order', ['BTCUSDT#cli2']],
      ['command line', ['BTCUSDT#cli1', 'BTCUSDT#cli2']],
    ])
    expect(byId(doc.what_if[2].after.positions, 'btc-core').size).toBe('0.5')
    expect(code).toBe(0)
  })

  it('--what-if: the file’s planned orders each and all together; the exit code stays the account’s as it is', async () => {
    const { code, doc } = await json([DEMO, '--what-if'])
    expect(code).toBe(0)
    expect(doc.what_if.map((w: Row) => [w.scope, w.orders])).toEqual([
      ['order', ['eth-add']],
      ['order', ['eth-bid']],
      ['all', ['eth-add', 'eth-bid']],
    ])
    expect(byId(doc.what_if[2].after.positions, 'eth-swing').size).toBe('37')
  })

  it('--what-if gives the file’s first 10 planned orders one each, the rest only the all-orders one', async () => {
    const many = accountFile((p) => {
      p.orders = Array.from({ length: 12 }, (_, i) => ({ id: `o${i + 1}`, market: 'BTCUSDT', side: 'buy', size: '0.01' }))
    })
    const { doc } = await json([many, '--what-if'])
    expect(doc.what_if.map((w: Row) => w.scope)).toEqual([...Array(10).fill('order'), 'all'])
    expect(doc.what_if.at(-1).orders).toHaveLength(12)
    expect(doc.what_if_left_out).toEqual(['o11', 'o12'])
  })

  it('with --only a check that reads no execution view, the fill is still priced (the view computed for it)', async () => {
    const { code, doc } = await json([DEMO, '--only', 'liquidation-distance', '--order', 'buy 1 BTCUSDT'])
    expect(doc.what_if[0].fills[0]).toMatchObject({ price: '64002', price_source: 'book walk' })
    expect(doc.what_if[0].changed_status).toEqual([
      expect.objectContaining({ rule: 'liquidation-distance/position', subject: 'btc-core', before: 'warn', after: 'fail' }),
    ])
    expect(code).toBe(1)
  })

  it('a market order fills at its book walk’s average, and its fee and slippage are the order’s own', async () => {
    const { doc } = await json([DEMO, '--order', 'buy 1 BTCUSDT'])
    // asks 0.8 @ 64000, 0.2 @ 64010: (51200 + 12802) ÷ 1
    expect(doc.what_if[0].fills[0]).toMatchObject({ price: '64002', price_source: 'book walk', notional: '64002', fee: '32.001' })
    const order = doc.orders.find((o: Row) => o.id === 'BTCUSDT#cli1')
    expect(doc.what_if[0].fills[0].slippage_bps).toBe(order.slippage_bps)
  })
})

describe('--order usage errors: exit 2, the wrong word pointed at', () => {
  it.each([
    // [order, the word marked (start, length)]
    ['purchase 1 BTCUSDT', 0, 8],
    ['buy BTCUSDT', 4, 7],
    ['buy 0.5 BTCUSDT @', 17, 1],
    ['buy 0.5 BTCUSDT 61000', 16, 5],
    ['buy 0.5 BTCUSDT size=1', 16, 6],
    ['buy 0.5 BTCUSDT slices=2 slices=3', 25, 8],
    ['', 0, 1],
    // Values and references, judged by the file's own validation:
    ['buy 0.5 BTCUSDX', 8, 7],
    ['buy 0 BTCUSDT', 4, 1],
    ['buy 1e999 BTCUSDT', 4, 5],
    ['buy 0.5 BTCUSDT slice=3', 16, 7],
    ['buy 0.5 BTCUSDT latency=fast', 16, 12],
    ['buy 0.5 BTCUSDT type=market @ 61000', 28, 1],
    ['buy 0.5 BTCUSDT @ 61000 type=market', 18, 5],
    ['buy 0.5 BTCUSDT id=btc-core', 16, 11],
    ['buy 0.5 BTCUSDT slices=3', 24, 1],
    ['buy 0.5 BTCUSDT reduce_only=maybe', 16, 17],
    // A prototype's name is a key like any other (it once vanished, and the order ran as if it were not written):
    ['buy 0.5 BTCUSDT __proto__=1', 16, 11],
    ['buy 0.5 BTCUSDT constructor=1', 16, 13],
  ] as const)('%j', async (order, start, length) => {
    const r = await cli([DEMO, '--order', order])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^perp-check: --order ".*": /)
    expect(lines[1]).toBe(`  ${order}`)
    expect(lines[2]).toBe(`  ${' '.repeat(start)}${'^'.repeat(length)}`)
  })

  // Once echoed raw: an escape sequence reached the terminal, a newline split the problem and its pointer, and a
  // market written with an escape was told as "id: must be printable" at the order's end.
  it.each([
    // [order, as it is shown, the character marked (start, length)]
    ['buy 0.1 BTC\u001b[31mUSDT', 'buy 0.1 BTC\\u{1b}[31mUSDT', 11, 6],
    ['buy 0.1 BTCUSDT\nslices=2', 'buy 0.1 BTCUSDT\\u{a}slices=2', 15, 5],
    ['buy\t0.1 BTCUSDT', 'buy\\u{9}0.1 BTCUSDT', 3, 5],
    ['buy 0.1 BTCUSDT\u2028', 'buy 0.1 BTCUSDT\\u{2028}', 15, 8],
  ] as const)('a control character in %j is refused at its place, shown as its escape', async (order, shown, start, length) => {
    const r = await cli([DEMO, '--order', order])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u2028]/)
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^perp-check: --order ".*": character U\+[0-9A-F]{4} is not allowed in an order/)
    expect(lines[1]).toBe(`  ${shown}`)
    expect(lines[2]).toBe(`  ${' '.repeat(start)}${'^'.repeat(length)}`)
  })

  it('a direction override in the market is refused too', async () => {
    const r = await cli([DEMO, '--order', 'buy 0.1 BTC\u202eUSDT'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/character U\+202E is not allowed in an order/)
  })

  it('a word out of place shows the grammar; with --format json the usage-error document', async () => {
    const text = await cli([DEMO, '--order', 'buy BTCUSDT'])
    expect(text.stderr).toContain('(--order "<buy|sell> <size> <market> [@ <limit price>] [key=value …]")')
    const { code, doc } = await json([DEMO, '--order', 'buy BTCUSDT'])
    expect(code).toBe(2)
    expect(doc.usage_errors).toHaveLength(1)
    expect(doc.usage_errors[0]).toMatch(/^--order "buy BTCUSDT": /)
  })

  it('an unknown market is told as the file would tell it, with the markets defined', async () => {
    const { code, doc } = await json([DEMO, '--order', 'buy 0.5 BTCUSDX'])
    expect(code).toBe(2)
    expect(doc.usage_errors[0]).toContain('"BTCUSDX"')
    expect(doc.usage_errors[0]).toContain('BTCUSDT, ETHUSDT, SOLUSDT')
  })

  it('a file with problems is reported as without --order (its problems first)', async () => {
    const r = await cli(['fixtures/invalid/broken-yaml.yaml', '--order', 'buy 1 BTCUSDT'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^fixtures\/invalid\/broken-yaml\.yaml:3:1 {2}invalid YAML/m)
  })
})

/** A cross account on a thin, capped market, for the search's limits. */
function accountFile(mutate: (p: Record<string, any>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'perp-check-gate-'))
  const file = join(dir, 'account.yaml')
  writeFileSync(file, toYaml(portfolioWith(mutate)))
  return file
}

const deepWallet = accountFile((p) => {
  p.account.wallet_balance = '10000000'
  p.markets.BTCUSDT.book = {
    bids: [['63990', '0.5']],
    asks: [
      ['64010', '0.5'],
      ['64020', '0.25'],
    ],
  }
  p.markets.BTCUSDT.volatility = '0.5'
})

describe('--max-size: the size found passes the gate, one step more fails it with the rule named', () => {
  it.each([
    // [file, order, extra options]
    [DEMO, 'buy BTCUSDT', []],
    [DEMO, 'sell BTCUSDT', []],
    [DEMO, 'buy ETHUSDT step=2', []],
    ['fixtures/stress/pass.yaml', 'buy BTCUSDT', []],
    ['fixtures/stop-vs-liquidation/pass.yaml', 'sell BTCUSDT', []],
    ['fixtures/liquidation-path/pass.yaml', 'sell SOLUSDT @ 200', []],
    ['fixtures/stress/pass.yaml', 'buy BTCUSDT', ['--fail-on', 'warn']],
    // A step so fine that the sizes count past 2^53 steps (0.659… BTC is 6.6e16 steps of 1e-17): the search once never ended.
    [DEMO, 'buy BTCUSDT step=1e-17', []],
    // Sizes of 30 significant digits: once printed at 24, size and next_size read the same and --order failed at both.
    [DEMO, 'buy BTCUSDT step=1e-30', []],
  ] as const)(
    '%s --max-size %j %j',
    async (file, order, extra) => {
      const { doc } = await json([file, '--max-size', order, ...extra])
      const m = doc.max_size
      expect(m.size, m.binding_message).not.toBeNull()
      expect(m.limit_reached).toBe(false)
      expect(new Decimal(m.next_size).minus(m.size).eq(m.step), `${m.next_size} − ${m.size} = ${m.step}`).toBe(true)
      const [side, market, ...rest] = order.split(' ')
      const asOrder = (size: string) => [side, size, market, ...rest.filter((w) => !w.startsWith('step='))].join(' ')
      const passing = await json([file, '--order', asOrder(m.size), ...extra])
      expect(passing.code).toBe(0)
      const failing = await json([file, '--order', asOrder(m.next_size), ...extra])
      expect(failing.code).toBe(1)
      expect(failing.doc.what_if[0].judged.failing).toEqual(
        expect.arrayContaining([expect.objectContaining({ rule: m.binding_rule, subject: m.binding_subject, status: m.binding_status })]),
      )
    },
    60_000,
  )

  it('the demo’s buy BTCUSDT: 0.6 in steps of 0.1 (inferred from the sizes it writes); at 0.7 btc-core’s stop fails', async () => {
    const { code, doc } = await json([DEMO, '--max-size', 'buy BTCUSDT'])
    expect(code).toBe(0) // the account as it is
    expect(doc.max_size).toMatchObject({
      size: '0.6',
      step: '0.1',
      step_source: 'inferred',
      next_size: '0.7',
      binding_rule: 'stop-vs-liquidation/position',
      binding_subject: 'btc-core',
      binding_status: 'fail',
    })
    const text = await cli([DEMO, '--max-size', 'buy BTCUSDT'])
    expect(text.stdout).toMatch(/✓ 0\.6 BTCUSDT; at 0\.7 stop-vs-liquidation\/position fails \(btc-core\): /)
  })

  it('when even one step fails it says so and names why (--fail-on warn: btc-core already warns)', async () => {
    const { doc } = await json([DEMO, '--max-size', 'buy BTCUSDT', '--fail-on', 'warn'])
    expect(doc.max_size).toMatchObject({ size: null, next_size: '0.1', binding_status: 'warn', probes: 1 })
    expect(doc.max_size.binding_rule).not.toBeNull()
  })

  it('when nothing binds up to the book’s depth it says that limit', async () => {
    const { doc } = await json([deepWallet, '--max-size', 'buy BTCUSDT step=0.05'])
    expect(doc.max_size).toMatchObject({ size: '0.75', next_size: null, binding_rule: null, limit_reached: true, limit: { kind: 'book depth', size: '0.75' } })
    const text = await cli([deepWallet, '--max-size', 'buy BTCUSDT step=0.05'])
    expect(text.stdout).toMatch(/✓ 0\.75: no check binds up to the book's visible depth, 0\.75/)
  })

  it('a resting order is not bounded by the book: up to the ladder’s last cap', async () => {
    const { doc } = await json([deepWallet, '--max-size', 'buy BTCUSDT @ 60000 step=0.5'])
    expect(doc.max_size.limit).toMatchObject({ kind: 'ladder', figure: '600000', size: '10' })
    expect(doc.max_size.limit_reached).toBe(true)
    expect(doc.max_size.size).toBe('10')
  })

  it.each([
    ['buy 1 BTCUSDT', 4, 1],
    ['buy BTCUSDT size=1', 12, 6],
    ['buy BTCUSDT step=0', 12, 6],
    ['buy BTCUSDX', 4, 7],
  ] as const)('usage error %j', async (order, start, length) => {
    const r = await cli([DEMO, '--max-size', order])
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[2]).toBe(`  ${' '.repeat(start)}${'^'.repeat(length)}`)
  })
})

describe('the built binary as a gate', () => {
  it('perp-check demo.yaml --order "buy 0.5 BTCUSDT @ 61000" exits 1; --order "buy 0.1 BTCUSDT" exits 0', () => {
    const run = (order: string) =>
      spawnSync(process.execPath, ['bin/perp-check.js', DEMO, '--order', order], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
    const blocked = run('buy 0.5 BTCUSDT @ 61000')
    expect(blocked.status).toBe(1)
    expect(blocked.stdout).toContain('If filled · BTCUSDT#cli1: limit buy 0.5 BTCUSDT @ 61000.0, adds to btc-core')
    expect(run('buy 0.1 BTCUSDT').status).toBe(0)
  })
})

describe('--max-size: the step inferred from the sizes the file writes for the market', () => {
  // 140,000 sizes once threw a RangeError (spread into Math.max as arguments), a stack trace on a desk account.
  it.each([
    [0, '0.1'],
    [140_000, '0.001'],
  ])('the demo with %i more BTCUSDT positions (the last of size 0.001): step %s', (extra, step) => {
    const { portfolio } = loadPortfolio(readFileSync(DEMO, 'utf8'), { file: DEMO })
    const btc = portfolio.positions[0]!
    const more = Array.from({ length: extra }, (_, i) => ({ ...btc, id: `p${i}`, size: new Decimal(i === extra - 1 ? '0.001' : '1') }))
    const market = portfolio.markets.get('BTCUSDT')!
    expect(sizeStepOf({ ...portfolio, positions: [...portfolio.positions, ...more] }, market)).toEqual({ step: new Decimal(step), source: 'inferred' })
  })
})
