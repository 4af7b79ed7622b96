// The fuzzer's corpus: every fixture, mutated at the text and the data level, and generated portfolios (with
// and without text mutations). test/fuzz.test.ts runs the input contract over it; test/input/reader.test.ts
// reads the same documents.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { parse, stringify } from 'yaml'
import { Decimal } from '../src/decimal.js'
import { basePortfolio } from './helpers.js'

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : entry.name.endsWith('.yaml') ? [join(dir, entry.name)] : [],
  )
}
export const FIXTURES = yamlFiles('fixtures')
  .sort()
  .map((file) => readFileSync(file, 'utf8'))

// Values that once broke something, or could: out-of-range numbers, YAML specials, prototype names, aliases.
const HOSTILE_SCALARS = [
  '0',
  '-0',
  '-1',
  '1e100000000',
  '1e9000000000000001',
  '1e-9000000000000001',
  '1e21',
  '1e-31',
  '99999999999999999999',
  '0.000000000000000000000000000001',
  '1.00000000000000000000000000000000000000001',
  '.inf',
  '.nan',
  '0x10',
  '~',
  '""',
  'null',
  'true',
  '__proto__',
  'constructor',
  'toString',
  '*x',
  '&x 1',
  '[',
  '{',
  '1ms',
  '100000000000000000000000000ms',
  '1e3ms',
  '5y',
  '1000000d',
  '2026-11-21T07:45:00',
  '9999-12-31T23:59:59Z',
  '0.4',
  '125',
  '1000',
  '0.01',
  '0.00001',
  '0.00000903614',
  '64000',
  '50000',
  'post_only',
  'limit',
  'isolated',
  'hyperliquid',
]
const hostileScalar = fc.constantFrom(...HOSTILE_SCALARS)

/** Text-level mutations: characters, numbers, lines and indentation. */
const textMutation = fc.oneof(
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: hostileScalar }),
  fc.record({ kind: fc.constant('scalar' as const), at: fc.nat(), value: hostileScalar }),
  fc.record({ kind: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
)
type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never

function mutateText(source: string, m: TextMutation): string {
  const lines = source.split('\n')
  const line = m.at % Math.max(lines.length, 1)
  switch (m.kind) {
    case 'number': {
      const numbers = [...source.matchAll(/(?<=[\s:[,{-])-?\d[\d.eE+-]*(?=[\s,\]}]|$)/g)]
      if (numbers.length === 0) return source
      const n = numbers[m.at % numbers.length]!
      return source.slice(0, n.index) + m.value + source.slice(n.index + n[0].length)
    }
    case 'scalar': {
      const values = [...source.matchAll(/(?<=: )[^\s{}[\],#][^,{}[\]\n#]*/g)]
      if (values.length === 0) return source
      const v = values[m.at % values.length]!
      return source.slice(0, v.index) + m.value + source.slice(v.index + v[0].length)
    }
    case 'delete-line':
      return lines.filter((_, i) => i !== line).join('\n')
    case 'duplicate-line':
      return [...lines.slice(0, line + 1), lines[line], ...lines.slice(line + 1)].join('\n')
    case 'indent': {
      const text = lines[line] ?? ''
      lines[line] = m.by >= 0 ? ' '.repeat(m.by) + text : text.replace(new RegExp(`^ {0,${-m.by}}`), '')
      return lines.join('\n')
    }
    case 'insert': {
      const at = m.at % (source.length + 1)
      return source.slice(0, at) + m.value + source.slice(at)
    }
    case 'truncate':
      return source.slice(0, m.at % (source.length + 1))
  }
}

/** Data-level mutations: a value anywhere replaced, a key removed, a list item repeated. */
const dataMutation = fc.record({
  kind: fc.constantFrom('replace', 'delete', 'repeat', 'rename'),
  at: fc.nat(),
  value: fc.oneof(hostileScalar, fc.double(), fc.integer(), fc.constant(null), fc.constant([]), fc.constant({})),
})
type DataMutation = typeof dataMutation extends fc.Arbitrary<infer T> ? T : never

function mutateData(data: unknown, m: DataMutation): unknown {
  const slots: { parent: Record<string | number, unknown>; key: string | number }[] = []
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return
    for (const key of Object.keys(node)) {
      const parent = node as Record<string | number, unknown>
      slots.push({ parent, key: Array.isArray(node) ? Number(key) : key })
      walk(parent[key])
    }
  }
  walk(data)
  if (slots.length === 0) return data
  const { parent, key } = slots[m.at % slots.length]!
  if (m.kind === 'replace') parent[key] = m.value
  else if (m.kind === 'delete') Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key]
  else if (m.kind === 'repeat' && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]))
  else if (m.kind === 'rename' && !Array.isArray(parent) && typeof m.value === 'string') {
    Object.defineProperty(parent, m.value, { value: parent[key], enumerable: true, configurable: true, writable: true })
    delete parent[key]
  }
  return data
}

/** Generated portfolios: the base market with positions and orders of any shape the schema admits. */
const num = (min: number, max: number) => fc.integer({ min: Math.round(min * 1e4), max: Math.round(max * 1e4) }).map((n) => new Decimal(n).div(1e4).toFixed())
const generated = fc
  .record({
    venue: fc.constantFrom('generic', 'binance-usdm', 'bybit-linear', 'okx-swap', 'hyperliquid', 'dydx-v4'),
    wallet: num(0, 1e7),
    volatility: fc.option(num(0.01, 3), { nil: undefined }),
    book: fc.boolean(),
    spread: num(0.5, 100),
    rate: num(-0.01, 0.01),
    positions: fc.array(
      fc.record({
        side: fc.constantFrom('long', 'short'),
        size: num(0.001, 20),
        entry_price: num(30000, 100000),
        isolated: fc.boolean(),
        margin: num(10, 100000),
        stop: fc.option(num(20000, 120000), { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    orders: fc.array(
      fc.record({
        side: fc.constantFrom('buy', 'sell'),
        size: num(0.001, 50),
        type: fc.constantFrom('market', 'limit', 'post_only'),
        price: num(30000, 100000),
        slices: fc.integer({ min: 1, max: 20 }),
      }),
      { maxLength: 3 },
    ),
    stress: fc.record({ spread_multiplier: num(1, 100), depth_multiplier: num(0.01, 1), correlation: num(-1, 1) }),
  })
  .map((g) => {
    const p = basePortfolio()
    p.venue = g.venue
    p.account.wallet_balance = g.wallet
    const market = p.markets.BTCUSDT
    if (g.volatility) market.volatility = g.volatility
    market.funding = { rate: g.rate, next_at: '2026-11-21T08:00:00Z' }
    if (g.book)
      market.book = {
        bids: [0, 1, 2].map((i) => [String(64000 - Number(g.spread) * (i + 1)), '2']),
        asks: [0, 1, 2].map((i) => [String(64000 + Number(g.spread) * (i + 1)), '2']),
      }
    p.positions = g.positions.map((x) => ({
      market: 'BTCUSDT',
      side: x.side,
      size: x.size,
      entry_price: x.entry_price,
      ...(x.isolated ? { margin_mode: 'isolated', margin: x.margin } : {}),
      ...(x.stop ? { stop: { price: x.stop } } : {}),
    }))
    p.orders = g.orders.map((o) => ({
      market: 'BTCUSDT',
      side: o.side,
      size: o.size,
      type: o.type,
      ...(o.type === 'market' ? {} : { price: o.price }),
      ...(o.slices > 1 ? { slices: o.slices, interval: '5s' } : {}),
    }))
    p.stress = g.stress
    return stringify(p)
  })

export const documents = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...FIXTURES), fc.array(textMutation, { minLength: 1, maxLength: 3 })).map(([s, ms]) => ms.reduce(mutateText, s)),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...FIXTURES), fc.array(dataMutation, { minLength: 1, maxLength: 3 })).map(([s, ms]) => {
      let data: unknown
      try {
        data = parse(s)
      } catch {
        return s // the broken-YAML fixture
      }
      return stringify(ms.reduce(mutateData, data))
    }),
  },
  { weight: 2, arbitrary: generated },
  { weight: 1, arbitrary: fc.tuple(generated, fc.array(textMutation, { minLength: 1, maxLength: 2 })).map(([s, ms]) => ms.reduce(mutateText, s)) },
)
