// Hostile and degenerate input, one table per class: each row is a reproducer that once crashed, hung,
// printed nonsense or silently dropped something, and now gets a positioned problem or a sane report.
import { describe, expect, it } from 'vitest'
import { Decimal, decimalString } from '../../src/decimal.js'
import { runChecks } from '../../src/engine/run.js'
import { type Draft, defineCheck } from '../../src/engine/types.js'
import { check } from '../../src/index.js'
import { loadPortfolio } from '../../src/input/load.js'
import { reporters } from '../../src/report/index.js'
import { InputError } from '../../src/input/errors.js'
import { HEAD, problems } from './helpers.js'

/** A second market, named `name`, with the same prices and a one-tier ladder. */
const market = (name: string) =>
  `  ${name}:\n    prices: { index: 64000, mark: 64000, last: 64000 }\n    maintenance_ladder:\n      - { max_notional: 50000, mmr: 0.004, max_leverage: 125 }\n`

describe('prototype keys are ordinary names', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('a market named %s is kept, with its positions and its beta', (name) => {
    const yaml = `${HEAD}${market(name)}positions:\n  - { market: ${name}, side: long, size: 1, entry_price: 64000 }\nstress:\n  betas: { ${name}: 5 }\n`
    const report = check(yaml, { file: 'p.yaml', only: ['reference-prices'] })
    const { portfolio } = loadPortfolio(yaml, { file: 'p.yaml' })
    expect([...portfolio.markets.keys()]).toEqual(['BTCUSDT', name])
    expect(portfolio.positions.map((p) => p.market)).toEqual([name])
    expect(portfolio.stress.betas.get(name)?.toString()).toBe('5')
    expect(report.findings.filter((f) => f.subject === name)).not.toEqual([])
  })

  it.each([
    {
      name: 'a beta for an undefined __proto__',
      yaml: `${HEAD}stress:\n  betas: { __proto__: 5 }\n`,
      path: 'stress.betas.__proto__',
      says: /"__proto__" is not defined/,
    },
    {
      name: 'a position on an undefined constructor',
      yaml: `${HEAD}positions:\n  - { market: constructor, side: long, size: 1, entry_price: 1 }\n`,
      path: 'positions[0].market',
      says: /"constructor" is not defined/,
    },
    {
      name: 'a bad value under __proto__',
      yaml: `${HEAD}  __proto__:\n    prices: { index: 1, mark: 0, last: 1 }\n    maintenance_ladder: [{ max_notional: 1, mmr: 0.004, max_leverage: 125 }]\n`,
      path: 'markets.__proto__.prices.mark',
      says: /greater than 0/,
    },
    {
      name: 'a misspelt key under toString',
      yaml: `${HEAD}  toString:\n    prices: { index: 1, mark: 1, last: 1 }\n    maintenance_lader: []\n`,
      path: 'markets.toString.maintenance_lader',
      says: /did you mean "maintenance_ladder"/,
    },
    { name: '__proto__ as a threshold', yaml: `${HEAD}thresholds:\n  __proto__: 5\n`, path: 'thresholds.__proto__', says: /unknown key "__proto__"/ },
    {
      name: '__proto__ in the account',
      yaml: HEAD.replace('  wallet_balance: 10000\n', '  wallet_balance: 10000\n  __proto__: { wallet_balance: 1 }\n'),
      path: 'account.__proto__',
      says: /unknown key/,
    },
  ])('$name is reported like any other name', ({ yaml, path, says }) => {
    const found = problems(yaml)
    expect(found.find((p) => p.path === path)?.message).toMatch(says)
  })

  it('a key with no value is pointed at, not called missing', () => {
    expect(problems(`${HEAD}positions:\norders:\n`)).toEqual([
      { path: 'positions', message: 'has no value: expected a list', line: 12, column: 1 },
      { path: 'orders', message: 'has no value: expected a list', line: 13, column: 1 },
    ])
  })

  it('a value of the wrong type is not called missing', () => {
    expect(problems(HEAD.replace('  wallet_balance: 10000\n  fees: { maker: 0.0002, taker: 0.0005 }\n', '').replace('account:\n', 'account: 5\n'))).toEqual([
      { path: 'account', message: 'expected a mapping like { wallet_balance: …, margin_mode: cross, fees: …, … }, got the number 5', line: 3, column: 10 },
    ])
  })
})

const position = (fields: string) => `${HEAD}positions:\n  - { market: BTCUSDT, side: long, size: 1, entry_price: 64000${fields} }\n`
const withFunding = (fields: string) =>
  HEAD.replace('    maintenance_ladder:\n', `    funding: { rate: 0.0001, next_at: 2026-11-21T08:00:00Z${fields} }\n    maintenance_ladder:\n`)
const aliasBomb = [
  'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
  ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`),
]

describe('limits: a positioned problem, in bounded time', () => {
  it.each([
    // YAML structure
    { name: 'an unresolved alias', yaml: 'version: 1\naccount: *x\n', path: undefined, line: 2, says: /alias \*x refers to no anchor/ },
    {
      name: 'an alias bomb',
      yaml: `version: 1\n${aliasBomb.join('\n')}\naccount: *a9\n`,
      path: undefined,
      line: 6,
      says: /aliases expand to more than 100000 values/,
    },
    { name: 'an alias inside its own anchor', yaml: 'version: 1\naccount: &a { x: *a }\n', path: undefined, line: 2, says: /inside the value it refers to/ },
    {
      name: 'too many aliases',
      yaml: `version: 1\nx: &x 1\ny: [${Array(1001).fill('*x').join(', ')}]\n`,
      path: undefined,
      line: 3,
      says: /more than 1000 aliases/,
    },
    {
      name: '2,000-deep malformed indentation',
      yaml: `version: 1\naccount:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')}\n`,
      path: undefined,
      says: /nesting deeper than 20 levels/,
    },
    {
      name: '2,000-deep flow lists',
      yaml: `version: 1\naccount: ${'['.repeat(2000)}${']'.repeat(2000)}\n`,
      path: undefined,
      line: 2,
      says: /nesting deeper than 20 levels/,
    },
    {
      name: '21-deep lists',
      yaml: `version: 1\naccount: ${'['.repeat(21)}${']'.repeat(21)}\n`,
      path: undefined,
      line: 2,
      says: /nesting deeper than 20 levels/,
    },
    { name: 'a mapping as a key', yaml: `version: 1\n? { a: 1 }\n: 2\n`, path: undefined, line: 2, says: /a key must be plain text/ },
    {
      name: 'a duplicate key among 50,000',
      yaml: `version: 1\naccount:\n${Array.from({ length: 50_000 }, (_, i) => `  k${i}: 1`).join('\n')}\n  k7: 2\n`,
      path: undefined,
      line: 50_003,
      says: /duplicate key "k7"/,
    },
    {
      name: 'a value of 1,001 characters',
      yaml: `${HEAD}positions:\n  - { id: ${'x'.repeat(1001)}, market: BTCUSDT, side: long, size: 1, entry_price: 1 }\n`,
      path: undefined,
      line: 13,
      says: /1001 characters; at most 1000/,
    },
    { name: 'an id of 101 characters', yaml: position(`, id: ${'x'.repeat(101)}`), path: 'positions[0].id', says: /at most 100 characters/ },
    {
      name: 'a market symbol of 101 characters',
      yaml: HEAD.replace('  BTCUSDT:', `  ${'B'.repeat(101)}:`),
      path: `markets.${'B'.repeat(101)}`,
      says: /1 to 100 printable characters/,
    },
    { name: 'a terminal escape in an id', yaml: position(', id: "x\\e[31mred"'), path: 'positions[0].id', says: /printable/ },
    { name: 'a newline in a market symbol', yaml: HEAD.replace('  BTCUSDT:', '  "BTC\\nUSDT":'), path: 'markets["BTC\\u{a}USDT"]', says: /printable/ },
    // Once read as printable: every finding naming the position then broke over two lines (U+2028 is a new line to JSON readers).
    { name: 'a line separator in an id', yaml: position(', id: "x\\Ly"'), path: 'positions[0].id', says: /printable/ },
    {
      name: 'a paragraph separator in a market symbol',
      yaml: HEAD.replace('  BTCUSDT:', '  "BTC\\PUSDT":'),
      path: 'markets["BTC\\u{2029}USDT"]',
      says: /printable/,
    },
    { name: 'a right-to-left override in an id', yaml: position(', id: "x\\u202Ey"'), path: 'positions[0].id', says: /printable/ },
    { name: 'a directional isolate in an id', yaml: position(', id: "x\\u2066y"'), path: 'positions[0].id', says: /printable/ },
    // YAML 1.1's merge key, once told as 'unknown key "<<" (did you mean "id"?)':
    {
      name: 'a merge key in a position',
      yaml: `${HEAD}positions:\n  - &p { id: a, market: BTCUSDT, side: long, size: 1, entry_price: 64000 }\n  - { <<: *p, id: b }\n`,
      path: 'positions[1].<<',
      line: 14,
      says: /^a merge key \(<<\) is not read: YAML 1.2 has none/,
    },
    {
      name: 'a merge key in a block mapping',
      yaml: `${HEAD}  ETHUSDT:\n    <<: *btc\n`.replace('  BTCUSDT:\n', '  BTCUSDT: &btc\n'),
      path: 'markets.ETHUSDT.<<',
      line: 13,
      says: /^a merge key \(<<\) is not read/,
    },
    // numbers
    { name: 'an unbounded exact number', yaml: position('').replace('size: 1,', 'size: 1e100000000,'), path: 'positions[0].size', says: /too large/ },
    {
      name: 'a number past decimal.js (Infinity)',
      yaml: HEAD.replace('last: 64000', 'last: 1e9000000000000001'),
      path: 'markets.BTCUSDT.prices.last',
      says: /too large/,
    },
    { name: 'a number that underflows to 0', yaml: HEAD.replace('maker: 0.0002', 'maker: 1e-9000000000000001'), path: 'account.fees.maker', says: /too small/ },
    {
      name: 'a number just too large',
      yaml: HEAD.replace('wallet_balance: 10000', 'wallet_balance: 1e21'),
      path: 'account.wallet_balance',
      says: /below 1e21/,
    },
    {
      name: 'a number with 41 digits',
      yaml: HEAD.replace('wallet_balance: 10000', `wallet_balance: 1.${'1'.repeat(40)}`),
      path: 'account.wallet_balance',
      says: /41 significant digits/,
    },
    {
      name: 'a number of 101 characters',
      yaml: HEAD.replace('wallet_balance: 10000', `wallet_balance: "0.${'0'.repeat(99)}"`),
      path: 'account.wallet_balance',
      says: /101 characters/,
    },
    // durations
    { name: 'a 1ms funding interval', yaml: withFunding(', interval: 1ms'), path: 'markets.BTCUSDT.funding.interval', says: /from 1m to 30d/ },
    { name: 'a hold of 10^20 ms', yaml: position(', hold: 100000000000000000000ms'), path: 'positions[0].hold', says: /at most 1825d/ },
    { name: 'a hold of 6 years', yaml: position(', hold: 2191d'), path: 'positions[0].hold', says: /at most 1825d/ },
    {
      name: 'a latency of 10^26 ms',
      yaml: `${HEAD}orders:\n  - { market: BTCUSDT, side: buy, size: 1, latency: 100000000000000000000000000ms }\n`,
      path: 'orders[0].latency',
      says: /at most 4h/,
    },
    { name: 'a stress latency of 5 hours', yaml: `${HEAD}stress: { latency: 5h }\n`, path: 'stress.latency', says: /at most 4h/ },
    { name: 'an exponent duration', yaml: position(', hold: 1e3ms'), path: 'positions[0].hold', says: /expected a duration/ },
    { name: 'a threshold hold of 6 years', yaml: `${HEAD}thresholds: { hold: 2191d }\n`, path: 'thresholds.hold', says: /at most 1825d/ },
    // stress extremes
    { name: 'a spread multiplier of 1000', yaml: `${HEAD}stress: { spread_multiplier: 1000 }\n`, path: 'stress.spread_multiplier', says: /from 1 to 100/ },
    { name: 'a spread multiplier below 1', yaml: `${HEAD}stress: { spread_multiplier: 0.5 }\n`, path: 'stress.spread_multiplier', says: /from 1 to 100/ },
    { name: 'a depth multiplier above 1', yaml: `${HEAD}stress: { depth_multiplier: 3 }\n`, path: 'stress.depth_multiplier', says: /at most 1/ },
    {
      name: 'a spread multiplier that pushes every bid below 0',
      yaml: `${HEAD}    book: { bids: [[50, 1]], asks: [[64000, 1]] }\nstress: { spread_multiplier: 3 }\n`,
      path: 'stress.spread_multiplier',
      says: /widens the spread of BTCUSDT .* past zero: .*below 1\.00156/,
    },
    // list lengths
    {
      name: '201 ladder tiers',
      yaml: HEAD.replace(
        / {4}maintenance_ladder:\n(.*\n){2}/,
        `    maintenance_ladder: [${Array.from({ length: 201 }, (_, i) => `{ max_notional: ${i + 1}, mmr: 0.004, max_leverage: 125 }`).join(', ')}]\n`,
      ),
      path: 'markets.BTCUSDT.maintenance_ladder',
      says: /at most 200 items/,
    },
    {
      name: '10,001 book levels',
      yaml: `${HEAD}    book: { bids: [${Array.from({ length: 10_001 }, (_, i) => `[${60000 - i}, 1]`).join(', ')}], asks: [[64001, 1]] }\n`,
      path: 'markets.BTCUSDT.book.bids',
      says: /at most 10000 items/,
    },
    { name: '201 stress moves', yaml: `${HEAD}stress: { moves: [${Array(201).fill('0.01').join(', ')}] }\n`, path: 'stress.moves', says: /at most 200 items/ },
  ])('$name', ({ yaml, path, line, says }) => {
    const found = problems(yaml)
    expect(found.length).toBeGreaterThan(0)
    const problem = found.find((p) => p.path === path && says.test(p.message))
    expect(problem, JSON.stringify(found.slice(0, 3))).toBeDefined()
    if (line !== undefined) expect(problem!.line).toBe(line)
  })

  it('a file past 10 MiB is refused before it is parsed', () => {
    expect(problems(`${HEAD}${'#'.repeat(10 * 1024 * 1024)}\n`)).toEqual([
      { message: expect.stringMatching(/at most 10485760 \(10 MiB\)/), line: 1, column: 1 },
    ])
  })

  it('list lengths: 100,001 positions and 2,001 markets are refused', async () => {
    const { portfolioSchema } = await import('../../src/input/schema.js')
    const base = { version: '1', account: { wallet_balance: '1' } }
    const positions = Array.from({ length: 100_001 }, () => ({ market: 'X', side: 'long', size: '1', entry_price: '1' }))
    const markets = Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`M${i}`, {}]))
    const issues = (data: unknown) =>
      portfolioSchema()
        .safeParse(data)
        .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? []
    expect(issues({ ...base, markets: {}, positions })).toContain('positions: Too big: expected array to have <=100000 items')
    expect(issues({ ...base, markets })).toContain('markets: 2001 markets; at most 2000 are read')
  })

  it('past 100 problems, the first 100 are located and the rest counted', () => {
    const yaml = HEAD.replace('  wallet_balance: 10000\n', `  wallet_balance: 10000\n${Array.from({ length: 150 }, (_, i) => `  k${i}: 1`).join('\n')}\n`)
    try {
      check(yaml, { file: 'p.yaml' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).problems).toHaveLength(100)
      expect((error as InputError).total).toBe(150)
    }
  })

  it('a desk-sized account is admitted: 200 markets, 10,000 positions, books of 1,000 levels', () => {
    const levels = (from: number, step: number) => Array.from({ length: 1000 }, (_, i) => `[${from + i * step}, 1.5]`).join(', ')
    const markets = Array.from({ length: 200 }, (_, m) => {
      const book = m < 5 ? `    book: { bids: [${levels(63999, -0.5)}], asks: [${levels(64001, 0.5)}] }\n` : ''
      return `  M${m}:\n    prices: { index: 64000, mark: 64000, last: 64000 }\n    maintenance_ladder: [{ max_notional: 50000000, mmr: 0.004, max_leverage: 125 }]\n${book}`
    })
    const positions = Array.from({ length: 10_000 }, (_, p) => `  - { market: M${p % 200}, side: long, size: 0.01, entry_price: 63000 }`)
    const yaml = `version: 1\nas_of: 2026-11-21T07:45:00Z\naccount: { wallet_balance: 100000000, fees: { maker: 0.0002, taker: 0.0005 } }\nmarkets:\n${markets.join('')}positions:\n${positions.join('\n')}\n`
    const { portfolio } = loadPortfolio(yaml, { file: 'desk.yaml' })
    expect(portfolio.positions).toHaveLength(10_000)
    expect(portfolio.markets.size).toBe(200)
  })
})

describe('every figure finite and printable', () => {
  it.each([
    { value: '1e-60000000', printed: '0' },
    { value: '-1e-31', printed: '0' },
    { value: '1e-30', printed: '0.000000000000000000000000000001' },
    { value: '0.1234567890123456789012345678', printed: '0.123456789012345678901235' },
    { value: '1e70', printed: '1e+70' },
    { value: '123456789012345678901234567890', printed: '123456789012345678901235000000' },
  ])('decimalString($value) is $printed', ({ value, printed }) => {
    expect(decimalString(new Decimal(value))).toBe(printed)
  })

  it.each(['NaN', 'Infinity', '-Infinity'])('decimalString(%s) refuses', (value) => {
    expect(() => decimalString(new Decimal(value))).toThrow(/not a finite number/)
  })

  it('a post-only buy at 50000 with the mark at 64000 and one quote change in 10^20 s: its rejection probability reads 0, with a note', () => {
    // 14 001 ticks away, λ·L = 2e-21: P ≈ 1e-21 × 14 001^−3 ≈ 3.6e-34, below the 1e-30 a figure prints.
    const yaml = `${HEAD}    volatility: 0.5\n    microstructure: { quote_rate: 1e-20 }\n    book: { bids: [[63999, 2], [63990, 5]], asks: [[64001, 2], [64010, 5]] }\norders:\n  - { market: BTCUSDT, side: buy, size: 1, type: post_only, price: 50000, latency: 200ms }\n`
    const report = check(yaml, { file: 'p.yaml' })
    const fees = report.findings.find((f) => f.check === 'fees' && f.subject === 'BTCUSDT#order1')!
    expect(fees.figures.rejection_probability).toBe('0')
    expect(fees.message).toMatch(/rejection_probability, stress_rejection_probability below 1e-30, shown as 0/)
    const text = JSON.stringify(report.findings)
    expect(text.length).toBeLessThan(100_000)
    expect(text).not.toMatch(/NaN|Infinity|undefined|\[object/)
  })

  const checkOf = (draft: Partial<Draft>) =>
    defineCheck({
      id: 'probe',
      title: 'probe',
      views: [],
      explanation: 'x',
      run: () => [{ status: 'pass', subject: 'account', message: 'ok', path: [], ...draft }],
    })
  it.each([
    { name: 'an Infinity figure', draft: { figures: { x: new Decimal(Infinity) } }, says: /figure x is not a finite number/ },
    { name: 'a NaN figure', draft: { figures: { x: new Decimal(NaN) } }, says: /figure x is not a finite number/ },
    { name: 'NaN in the message', draft: { message: 'ratio NaN' }, says: /"NaN"/ },
    { name: 'undefined in the message', draft: { message: 'price undefined' }, says: /"undefined"/ },
    { name: 'an object in the message', draft: { message: `at ${{}}` }, says: /\[object Object\]/ },
    { name: 'a figure that is an object', draft: { figures: { x: {} as never } }, says: /neither a Decimal/ },
  ])('a check that produces $name fails as a check, and prints nothing of it', ({ draft, says }) => {
    const { portfolio, document } = loadPortfolio(HEAD, { file: 'p.yaml' })
    const report = runChecks({ portfolio, document }, [checkOf(draft)])
    expect(report.findings).toEqual([])
    expect(report.failures).toEqual([{ check: 'probe', error: expect.stringMatching(says) }])
  })

  it.each([1, 150_000])('a check of %i items gives them all (150,000 once failed the check: more than a call takes as arguments)', (count) => {
    const { portfolio, document } = loadPortfolio(HEAD, { file: 'p.yaml' })
    const many = defineCheck({
      id: 'probe',
      title: 'probe',
      views: [],
      explanation: 'x',
      run: () => Array.from({ length: count }, (): Draft => ({ status: 'pass', subject: 'account', message: 'ok', path: [] })),
    })
    const report = runChecks({ portfolio, document }, [many])
    expect(report.failures).toEqual([])
    expect(report.findings).toHaveLength(count)
  })

  it('a message with a number of 60 decimals is cut to 24 significant digits', () => {
    const { portfolio, document } = loadPortfolio(HEAD, { file: 'p.yaml' })
    const long = `0.${'3'.repeat(60)}`
    const report = runChecks({ portfolio, document }, [checkOf({ message: `p = ${long}; ${'x'.repeat(200)}` })])
    expect(report.findings[0]!.message).toMatch(/^p = 0\.333333333333333333333333; x/)
  })
})

describe('fuzz findings', () => {
  it('an id written as 1e100000000 is text, and the text report does not expand it as a number', () => {
    const yaml = `${HEAD}positions:\n  - { id: 1e100000000, market: BTCUSDT, side: short, size: 2, entry_price: 64000 }\n`
    const report = check(yaml, { file: 'p.yaml', only: ['stress'] })
    const text = reporters.text(report, { color: false, verbose: true, exitCode: 0, version: '0' })
    expect(text).toContain('1e100000000')
    expect(text.length).toBeLessThan(100_000)
  })
})

describe('durations at their bounds run in bounded time', () => {
  it('a 5-year hold at a 1-minute funding interval: 2,628,000 settlements, counted rather than listed', () => {
    const yaml = `${withFunding(', interval: 1m').replace('next_at: 2026-11-21T08:00:00Z', 'next_at: 2026-11-21T07:46:00Z')}positions:\n  - { market: BTCUSDT, side: long, size: 1, entry_price: 64000, hold: 1825d }\n`
    const [item] = check(yaml, { file: 'p.yaml', only: ['funding'] }).findings.filter((f) => f.subject === 'BTCUSDT#1')
    // 1825 days × 1440 settlements a day, each 1 × 64000 × 0.0001 = 6.4
    expect(item!.figures).toMatchObject({ instants: '2628000', amount: '16819200' })
  })
})
