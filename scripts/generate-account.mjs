#!/usr/bin/env node
// Generates a deterministic, desk-sized cross account in the portfolio format (docs/format.md) for
// benchmarks and load tests: many markets with Binance-style ladders, funding and deep books, and
// N positions (long and short, mostly cross, some isolated, some with stops) plus about N/20 planned
// orders. The same arguments always give the same bytes: a seeded PRNG (mulberry32) drives every
// choice, and each number is written as plain decimal text (integers of ticks, lots or cents, never
// a float's shortest repr, so no exponents and no 0.30000000000000004).
//
// Independent PRNG streams for markets, positions and orders: with one seed the markets do not
// depend on --positions, and the first K positions and orders of a larger file are those of a
// smaller one (only the wallet balance, which follows the total notional, differs).
//
//   node scripts/generate-account.mjs --positions N [--markets 200] [--levels 50] [--seed 1] [-o file.yaml]
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

export const AS_OF = '2026-11-21T07:45:00Z'
// The funding check wants next_at on the venue's grid (00/08/16 UTC for 8h) and within one interval
// of as_of: with as_of at 07:45 that is 08:00 for every market.
const NEXT_FUNDING = '2026-11-21T08:00:00Z'
const MIN_PRICE = 0.05
const MAX_PRICE = 60000

function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** One PRNG per stream, so that what one part draws does not shift the others. */
function stream(seed, name) {
  let h = (seed >>> 0) ^ 0x811c9dc5
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193)
  return mulberry32(h)
}

const intBetween = (rng, lo, hi) => lo + Math.floor(rng() * (hi - lo + 1)) // inclusive
const pick = (rng, list) => list[Math.floor(rng() * list.length)]

function stripZeros(text) {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text
}

/** units × 10^-decimals as plain decimal text; units is a safe integer. */
function scaled(units, decimals) {
  if (!Number.isSafeInteger(units)) throw new Error(`not a safe integer: ${units}`)
  const sign = units < 0 ? '-' : ''
  let digits = String(Math.abs(units))
  if (decimals > 0) {
    digits = digits.padStart(decimals + 1, '0')
    digits = `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`
  }
  const text = stripZeros(digits)
  return text === '0' ? '0' : sign + text
}

/** A float rounded to a number of decimals, as plain text without trailing zeros. */
function fixed(value, decimals) {
  const text = stripZeros(value.toFixed(decimals))
  return text === '-0' ? '0' : text
}

// Binance-style brackets (caps in quote, mmr, max leverage). Every position's notional (at most a
// few hundred thousand) falls in a tier allowing at least 20×, and within the third tier's cap, so
// a 3-tier ladder still covers it.
const LADDERS = [
  [
    [50000, '0.004', 125],
    [600000, '0.005', 100],
    [3000000, '0.0065', 75],
    [12000000, '0.01', 50],
    [70000000, '0.02', 25],
  ],
  [
    [10000, '0.0065', 75],
    [100000, '0.01', 50],
    [500000, '0.02', 25],
    [1000000, '0.05', 10],
    [5000000, '0.1', 5],
  ],
  [
    [20000, '0.01', 50],
    [200000, '0.015', 40],
    [1000000, '0.025', 20],
    [3000000, '0.05', 10],
    [6000000, '0.1', 5],
  ],
]

function symbolOf(i, count) {
  return `M${String(i).padStart(Math.max(3, String(count - 1).length), '0')}USDT`
}

function makeMarket(rng, i, count, levels) {
  // Prices spread log-uniformly from 0.05 to 60000 across the markets, with a little jitter.
  const t = count === 1 ? 0 : i / (count - 1)
  const raw = Math.min(MAX_PRICE, Math.max(MIN_PRICE, MIN_PRICE * (MAX_PRICE / MIN_PRICE) ** t * (0.97 + rng() * 0.06)))
  const magnitude = Math.floor(Math.log10(raw))
  const priceDecimals = Math.max(0, 5 - magnitude) // six significant digits: 100000–999999 ticks
  const sizeDecimals = Math.min(6, Math.max(0, magnitude - 1)) // one lot is worth about 0.1 to 600 quote
  const mark = Math.round(raw * 10 ** priceDecimals)
  const tick = 10 ** -priceDecimals
  const lot = 10 ** -sizeDecimals

  const bids = []
  const asks = []
  let bid = mark - intBetween(rng, 1, 3)
  let ask = mark + intBetween(rng, 1, 3)
  for (let k = 0; k < levels; k++) {
    const depth = 1 + k / 10 // deeper levels hold more
    bids.push([bid, Math.max(1, Math.round(((2000 + rng() * 30000) * depth) / (bid * tick * lot)))])
    asks.push([ask, Math.max(1, Math.round(((2000 + rng() * 30000) * depth) / (ask * tick * lot)))])
    bid -= intBetween(rng, 1, 4)
    ask += intBetween(rng, 1, 4)
  }
  if (bids[bids.length - 1][0] <= 0) throw new Error('book too deep for the price grid')
  const index = mark + Math.round((rng() * 2 - 1) * mark * 0.0004) // within ±4 bps of the mark
  const last = rng() < 0.5 ? bids[0][0] : asks[0][0] // the last trade at the touch

  const template = pick(rng, LADDERS)
  const tiers = template.slice(0, intBetween(rng, 3, 5))
  const fundingMicros = intBetween(rng, -150, 250) // rate -0.00015 to 0.00025
  const volatility = intBetween(rng, 40, 120)
  const refill = rng() < 0.5

  return {
    symbol: symbolOf(i, count),
    priceDecimals,
    sizeDecimals,
    tick,
    lot,
    mark,
    index,
    last,
    bids,
    asks,
    tiers,
    fundingMicros,
    volatility,
    refill,
  }
}

function marketYaml(m) {
  const p = (ticks) => scaled(ticks, m.priceDecimals)
  const q = (lots) => scaled(lots, m.sizeDecimals)
  const lines = [
    `  ${m.symbol}:`,
    `    prices: { index: ${p(m.index)}, mark: ${p(m.mark)}, last: ${p(m.last)} }`,
    '    maintenance_ladder:',
    ...m.tiers.map(([cap, mmr, lev]) => `      - { max_notional: ${cap}, mmr: ${mmr}, max_leverage: ${lev} }`),
    `    funding: { rate: ${scaled(m.fundingMicros, 6)}, next_at: ${NEXT_FUNDING}, interval: 8h }`,
    `    volatility: ${scaled(m.volatility, 2)}`,
    '    book:',
    `      bids: [${m.bids.map(([price, size]) => `[${p(price)}, ${q(size)}]`).join(', ')}]`,
    `      asks: [${m.asks.map(([price, size]) => `[${p(price)}, ${q(size)}]`).join(', ')}]`,
  ]
  if (m.refill) lines.push('      refill_half_life: 2s')
  return lines
}

/** A permutation of 0..n-1, so that positions spread over markets of every price. */
function shuffled(rng, n) {
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  return order
}

function makePosition(rng, i, market) {
  // Every draw is made whatever the branch, so position i is the same in every file of one seed.
  const r = { side: rng(), notional: rng(), entry: rng(), isolated: rng(), leverage: rng(), stop: rng(), stopDistance: rng(), trigger: rng(), hold: rng() }
  const side = r.side < 0.5 ? 'long' : 'short'
  const lots = Math.max(1, Math.round((3000 * 100 ** r.notional) / (market.mark * market.tick * market.lot))) // 3k–300k quote
  const entry = Math.round(market.mark * (1 + (r.entry * 2 - 1) * 0.05)) // within ±5% of the mark
  const size = lots * market.lot
  const position = { id: `p${String(i + 1).padStart(5, '0')}`, market, side, lots, entry, notional: size * market.mark * market.tick }
  if (r.isolated < 0.1) {
    const leverage = 5 + Math.floor(r.leverage * 16)
    position.marginCents = Math.ceil((size * entry * market.tick * 100) / leverage) // rounded up: leverage ≤ 5–20×
  }
  if (r.stop < 1 / 3) {
    const away = 0.03 + r.stopDistance * 0.07 // 3–10% on the losing side of the mark
    position.stop = Math.round(market.mark * (side === 'long' ? 1 - away : 1 + away))
    position.trigger = r.trigger < 0.5 ? 'mark' : 'last'
  }
  if (r.hold < 0.25) position.hold = '2d'
  return position
}

function positionYaml(pos) {
  const m = pos.market
  const lines = [
    `  - id: ${pos.id}`,
    `    market: ${m.symbol}`,
    `    side: ${pos.side}`,
    `    size: ${scaled(pos.lots, m.sizeDecimals)}`,
    `    entry_price: ${scaled(pos.entry, m.priceDecimals)}`,
  ]
  if (pos.marginCents !== undefined) lines.push('    margin_mode: isolated', `    margin: ${scaled(pos.marginCents, 2)}`)
  if (pos.stop !== undefined) lines.push(`    stop: { price: ${scaled(pos.stop, m.priceDecimals)}, trigger: ${pos.trigger} }`)
  if (pos.hold) lines.push(`    hold: ${pos.hold}`)
  return lines
}

function makeOrder(rng, i, markets) {
  const r = {
    market: rng(),
    side: rng(),
    type: rng(),
    level: rng(),
    cross: rng(),
    notional: rng(),
    slices: rng(),
    slicesN: rng(),
    interval: rng(),
    latency: rng(),
    latencyV: rng(),
    hold: rng(),
  }
  const market = markets[Math.floor(r.market * markets.length)]
  const side = r.side < 0.5 ? 'buy' : 'sell'
  const order = { id: `o${String(i + 1).padStart(4, '0')}`, market, side, type: r.type < 0.6 ? 'limit' : 'market' }
  order.lots = Math.max(1, Math.round((1000 * 50 ** r.notional) / (market.mark * market.tick * market.lot))) // 1k–50k quote
  if (order.type === 'limit') {
    // Half rest on their own side of the book, half cross it and walk a few levels.
    const own = side === 'buy' ? market.bids : market.asks
    const other = side === 'buy' ? market.asks : market.bids
    const book = r.cross < 0.5 ? own : other
    order.price = book[Math.min(book.length - 1, Math.floor(r.level * 5))][0]
  }
  if (r.slices < 0.3) {
    order.slices = [2, 4, 5, 10][Math.floor(r.slicesN * 4)]
    order.interval = ['15s', '30s', '1m'][Math.floor(r.interval * 3)]
  }
  if (r.latency < 0.4) order.latency = ['20ms', '50ms', '100ms'][Math.floor(r.latencyV * 3)]
  if (r.hold < 0.2) order.hold = '3d'
  return order
}

function orderYaml(order) {
  const m = order.market
  const lines = [
    `  - id: ${order.id}`,
    `    market: ${m.symbol}`,
    `    side: ${order.side}`,
    `    size: ${scaled(order.lots, m.sizeDecimals)}`,
    `    type: ${order.type}`,
  ]
  if (order.price !== undefined) lines.push(`    price: ${scaled(order.price, m.priceDecimals)}`)
  if (order.slices !== undefined) lines.push(`    slices: ${order.slices}`, `    interval: ${order.interval}`)
  if (order.latency) lines.push(`    latency: ${order.latency}`)
  if (order.hold) lines.push(`    hold: ${order.hold}`)
  if (order.position) lines.push(`    position: ${order.position}`)
  return lines
}

/** The portfolio file as YAML text. */
export function generateAccount({ positions: positionCount, markets: marketCount = 200, levels = 50, seed = 1 }) {
  if (!Number.isSafeInteger(positionCount) || positionCount < 0) throw new Error('--positions must be a whole number ≥ 0')
  if (!Number.isSafeInteger(marketCount) || marketCount < 1) throw new Error('--markets must be a whole number ≥ 1')
  if (!Number.isSafeInteger(levels) || levels < 1 || levels > 1000) throw new Error('--levels must be a whole number from 1 to 1000')
  if (!Number.isSafeInteger(seed)) throw new Error('--seed must be a whole number')

  const marketRng = stream(seed, 'markets')
  const markets = Array.from({ length: marketCount }, (_, i) => makeMarket(marketRng, i, marketCount, levels))
  const spread = shuffled(stream(seed, 'spread'), marketCount)
  const positionRng = stream(seed, 'positions')
  const positions = Array.from({ length: positionCount }, (_, i) => makePosition(positionRng, i, markets[spread[i % marketCount]]))
  const orderCount = positionCount === 0 ? 0 : Math.max(1, Math.round(positionCount / 20))
  const orderRng = stream(seed, 'orders')
  const orders = Array.from({ length: orderCount }, (_, i) => makeOrder(orderRng, i, markets))
  // An order on a market that holds more than one position names the one it trades (the first): the file would
  // be refused as ambiguous otherwise (docs/format.md "Which position an order trades").
  const held = new Map()
  for (const p of positions) held.set(p.market.symbol, [...(held.get(p.market.symbol) ?? []).slice(0, 1), p])
  for (const order of orders) {
    const mine = held.get(order.market.symbol) ?? []
    if (mine.length > 1) order.position = mine[0].id
  }

  // Healthy but not idle: the cross wallet is an eighth of the total notional at the mark.
  const totalNotional = positions.reduce((sum, p) => sum + p.notional, 0)
  const wallet = fixed(Math.max(1000, totalNotional / 8), 2)

  // A few betas: the cheapest markets swing more, the dearest less.
  const betaMarkets = [0, 1, 2, Math.floor(marketCount / 2), marketCount - 1].filter((i, k, all) => i < marketCount && all.indexOf(i) === k)
  const betaValues = ['1.8', '1.6', '1.4', '1.2', '0.9']

  const lines = [
    `# Generated by scripts/generate-account.mjs --positions ${positionCount} --markets ${marketCount} --levels ${levels} --seed ${seed}`,
    `# ${positionCount} positions and ${orderCount} planned orders over ${marketCount} markets with ${levels}-level books. Deterministic.`,
    'version: 1',
    `as_of: ${AS_OF}`,
    'venue: binance-usdm',
    'account:',
    '  margin_mode: cross',
    `  wallet_balance: ${wallet}`,
    '  fees: { maker: 0.0002, taker: 0.0005 }',
    'markets:',
    ...markets.flatMap(marketYaml),
  ]
  // Appended a line at a time: spreading 40,000 positions' lines into push() overflows the call stack.
  const append = (heading, items, lineOf) => {
    if (items.length === 0) return
    lines.push(heading)
    for (const item of items) for (const line of lineOf(item)) lines.push(line)
  }
  append('positions:', positions, positionYaml)
  append('orders:', orders, orderYaml)
  lines.push(
    'stress:',
    '  moves: [-0.3, -0.2, -0.1, -0.05, 0.05, 0.1, 0.2, 0.3]',
    '  betas:',
    ...betaMarkets.map((i, k) => `    ${markets[i].symbol}: ${betaValues[k]}`),
    '  correlation: 0.9',
    '  spread_multiplier: 3',
    '  depth_multiplier: 0.3',
    '  latency: 250ms',
  )
  return `${lines.join('\n')}\n`
}

function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      positions: { type: 'string' },
      markets: { type: 'string', default: '200' },
      levels: { type: 'string', default: '50' },
      seed: { type: 'string', default: '1' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  const usage = 'usage: node scripts/generate-account.mjs --positions N [--markets 200] [--levels 50] [--seed 1] [-o file.yaml]'
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return
  }
  if (values.positions === undefined) throw new Error(`--positions is required\n${usage}`)
  const whole = (name) => {
    const text = values[name]
    if (!/^-?\d+$/.test(text)) throw new Error(`--${name} must be a whole number, got "${text}"`)
    return Number(text)
  }
  const text = generateAccount({ positions: whole('positions'), markets: whole('markets'), levels: whole('levels'), seed: whole('seed') })
  if (values.output) writeFileSync(values.output, text)
  else process.stdout.write(text)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`generate-account: ${error.message}\n`)
    process.exitCode = 2
  }
}
