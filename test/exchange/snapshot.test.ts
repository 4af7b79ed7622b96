// `perp-check snapshot` end to end against a local stand-in of each venue: ccxt pointed at 127.0.0.1 with
// --api-base, the written file's figures asserted, and the file run through the checklist unchanged.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { capturedIo as io } from '../helpers.js'
import { type Request, startServer, type VenueServer } from './server.js'
import { binance, bybit, dydx, expectedVolatility, hyperliquid, nextOnGrid, okx, PARADEX_TOKEN, paradex, type VenueFixture } from './venues.js'

type Json = Record<string, any>
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

let server: VenueServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function snapshot(fixture: VenueFixture, args: string[] = []) {
  server = await startServer(fixture.routes)
  const file = join(mkdtempSync(join(tmpdir(), 'perp-check-snapshot-')), 'portfolio.yaml')
  const run = io(fixture.env)
  const code = await main(['snapshot', '--exchange', fixture.ccxtId, '--api-base', server.base, '-o', file, ...args], run.io)
  if (code !== 0) throw new Error(`exit ${code}: ${run.err.join('')}\nunanswered:\n${server.unanswered.join('\n')}`)
  const text = readFileSync(file, 'utf8')
  if (process.env.SHOW_SNAPSHOT) console.log(text)
  if (process.env.SHOW_REQUESTS) console.log(server.requests.map((r) => `${r.method} ${r.path}`).join('\n'))
  const check = io()
  const checked = await main([file, '--format', 'json'], check.io)
  return { text, doc: parse(text), checked, report: JSON.parse(check.out.join('')), server }
}

describe('perp-check snapshot', () => {
  it('binanceusdm: positions, wallet, brackets, premium index, depth and candles', async () => {
    const now = Date.now()
    const fixture = binance(now)
    const { doc, text, checked, report } = await snapshot(fixture)
    expect(doc.venue).toBe('binance-usdm')
    expect(Date.parse(doc.as_of)).toBeGreaterThanOrEqual(now)
    expect(doc.account).toEqual({ margin_mode: 'cross', wallet_balance: 25000 })
    expect(doc.markets.BTCUSDT.prices).toEqual({ index: 64000, mark: 64010.5, last: 63990 })
    expect(doc.markets.BTCUSDT.maintenance_ladder).toEqual([
      { max_notional: 50000, mmr: 0.004, max_leverage: 125, maintenance_amount: 0 },
      { max_notional: 600000, mmr: 0.005, max_leverage: 100, maintenance_amount: 50 },
      { max_notional: 3000000, mmr: 0.0065, max_leverage: 75, maintenance_amount: 950 },
    ])
    // fundingInfo lists ETHUSDT at 4h; BTCUSDT is not listed, so it settles on Binance's default 8h
    expect(doc.markets.BTCUSDT.funding).toEqual({ rate: 0.0001, next_at: iso(nextOnGrid(now, 8)), interval: '8h' })
    expect(doc.markets.ETHUSDT.funding).toEqual({ rate: 0.00025, next_at: iso(nextOnGrid(now, 4)), interval: '4h' })
    expect(report.assumptions.filter((a: { name: string }) => a.name === 'funding.interval')).toEqual([])
    expect(doc.markets.ETHUSDT.book).toEqual({
      bids: [
        [3149.8, 8],
        [3149.5, 15],
      ],
      asks: [
        [3150, 6],
        [3150.4, 12],
      ],
    })
    expect(doc.markets.BTCUSDT.volatility).toBeCloseTo(expectedVolatility(fixture.closes.BTCUSDT!), 5)
    expect(doc.positions).toEqual([
      { market: 'BTCUSDT', side: 'long', size: 0.5, entry_price: 60000, margin_mode: 'cross', leverage: 20 },
      { market: 'ETHUSDT', side: 'short', size: 4, entry_price: 3200, margin_mode: 'isolated', margin: 2000, leverage: 10 },
    ])
    expect(text).not.toContain('test-key')
    expect(text).not.toContain('test-secret')
    expect(report.summary).toMatchObject({ fail: 0 })
    expect(checked).toBe(0)
  })

  it('bybit: unified account, risk limits, tickers with funding, orderbook and klines', async () => {
    const now = Date.now()
    const fixture = bybit(now)
    const { doc, checked, report } = await snapshot(fixture, ['--depth', '50'])
    expect(doc.venue).toBe('bybit-linear')
    expect(doc.account).toEqual({ margin_mode: 'cross', wallet_balance: 15000 })
    expect(doc.markets.BTCUSDT.prices).toEqual({ index: 64000.1, mark: 64003.2, last: 64005.5 })
    expect(doc.markets.BTCUSDT.maintenance_ladder).toEqual([
      { max_notional: 2000000, mmr: 0.005, max_leverage: 100 },
      { max_notional: 2600000, mmr: 0.0056, max_leverage: 90, maintenance_amount: 1200 },
    ])
    expect(doc.markets.BTCUSDT.funding).toEqual({ rate: 0.0001, next_at: new Date(nextOnGrid(now, 8)).toISOString().replace('.000Z', 'Z'), interval: '8h' })
    expect(doc.markets.BTCUSDT.book.asks).toEqual([
      [64005.5, 0.8],
      [64006, 3],
      [64010, 7],
    ])
    expect(doc.markets.BTCUSDT.volatility).toBeCloseTo(expectedVolatility(fixture.closes.BTCUSDT!), 5)
    expect(doc.positions).toEqual([{ market: 'BTCUSDT', side: 'long', size: 0.3, entry_price: 61000, margin_mode: 'cross', leverage: 10 }])
    expect(server!.requests.find((r) => r.path === '/v5/market/orderbook')?.query.get('limit')).toBe('50')
    expect(report.summary).toMatchObject({ fail: 0 })
    expect(checked).toBe(0)
  })

  it('okx: contracts turned into base units, tiers into notional at the mark, the index from index-tickers', async () => {
    const now = Date.now()
    const fixture = okx(now)
    const { doc, checked, report } = await snapshot(fixture)
    expect(doc.venue).toBe('okx-swap')
    // cashBal 12600 less the isolated position's margin 2600
    expect(doc.account).toEqual({ margin_mode: 'cross', wallet_balance: 10000 })
    const btc = doc.markets['BTC-USDT-SWAP']
    expect(btc.prices).toEqual({ index: 64000.3, mark: 64002.5, last: 64001.1 })
    expect(btc.contract_size).toBe(0.01)
    // maxSz 1000 and 2000 contracts × 0.01 BTC × mark 64002.5
    expect(btc.maintenance_ladder).toEqual([
      { max_notional: 640025, mmr: 0.004, max_leverage: 100 },
      { max_notional: 1280050, mmr: 0.006, max_leverage: 75 },
    ])
    expect(btc.funding).toEqual({ rate: 0.00008, next_at: new Date(nextOnGrid(now, 8)).toISOString().replace('.000Z', 'Z'), interval: '8h' })
    expect(btc.book).toEqual({
      bids: [
        [64001.1, 0.8],
        [64000, 1.5],
        [63990, 5],
      ],
      asks: [
        [64001.2, 0.5],
        [64002, 1.2],
        [64010, 4],
      ],
    })
    expect(btc.volatility).toBeCloseTo(expectedVolatility(fixture.closes['BTC-USDT-SWAP']!), 5)
    expect(doc.positions).toEqual([
      { market: 'BTC-USDT-SWAP', side: 'short', size: 0.2, entry_price: 65000, margin_mode: 'isolated', margin: 2600, leverage: 5 },
    ])
    expect(report.summary).toMatchObject({ fail: 0 })
    expect(checked).toBe(0)
  })

  it('hyperliquid: clearinghouse state by wallet address, margin tables, asset contexts, l2Book and candles', async () => {
    const now = Date.now()
    const fixture = hyperliquid(now)
    const { doc, text, checked, report } = await snapshot(fixture)
    expect(doc.venue).toBe('hyperliquid')
    // crossMarginSummary.accountValue 20150 less the cross position's unrealizedPnl 150.6
    expect(doc.account).toEqual({ margin_mode: 'cross', wallet_balance: 19999.4 })
    expect(doc.markets.BTC.prices).toEqual({ index: 64000, mark: 64003, last: 64004.5 })
    expect(doc.markets.BTC.maintenance_ladder).toEqual([
      { max_notional: 150000000, max_leverage: 40 },
      { max_notional: 1000000000000, max_leverage: 20 },
    ])
    expect(doc.markets.BTC.funding).toEqual({ rate: 0.0000125, next_at: expect.any(String), interval: '1h' })
    const next = Date.parse(doc.markets.BTC.funding.next_at)
    expect(next % 3_600_000).toBe(0)
    expect(next - Date.parse(doc.as_of)).toBeLessThanOrEqual(3_600_000)
    expect(doc.markets.BTC.book).toEqual({
      bids: [
        [64004, 1.5],
        [64000, 4],
        [63990, 9],
      ],
      asks: [
        [64005, 1.2],
        [64010, 3.5],
        [64020, 8],
      ],
    })
    expect(doc.markets.BTC.volatility).toBeCloseTo(expectedVolatility(fixture.closes.BTC!), 5)
    expect(doc.positions).toEqual([{ market: 'BTC', side: 'long', size: 0.2, entry_price: 63250, margin_mode: 'cross', leverage: 10 }])
    expect(text).not.toContain(fixture.env.HYPERLIQUID_WALLETADDRESS)
    expect(report.summary).toMatchObject({ fail: 0 })
    expect(checked).toBe(0)
  })

  it.each([
    // Bybit's instrument info gives fundingInterval in minutes; 60 → 1h, the ticker's next instant on the hour
    ['bybit', 'BTCUSDT', '/v5/market/instruments-info', 1, (r: Json) => Object.assign(r.result.list[0], { fundingInterval: 60 })],
    // OKX's interval is nextFundingTime − fundingTime: 4h
    [
      'okx',
      'BTC-USDT-SWAP',
      '/api/v5/public/funding-rate',
      4,
      (r: Json, next: number) => Object.assign(r.data[0], { fundingTime: String(next), nextFundingTime: String(next + 4 * 3_600_000) }),
    ],
  ] as const)('%s: a %s settling every few hours is written with its own interval', async (venue, market, path, hours, patch) => {
    const now = Date.now()
    const fixture = venue === 'bybit' ? bybit(now) : okx(now)
    const next = nextOnGrid(now, hours)
    const original = [...fixture.routes]
    const answer = (r: Request) => original.map((route) => route(r)).find((a) => a !== undefined) as Json
    fixture.routes.unshift((r) => {
      if (r.path === '/v5/market/tickers') {
        const tickers = answer(r)
        tickers.result.list[0].nextFundingTime = String(next)
        return tickers
      }
      if (r.path !== path) return undefined
      const response = answer(r)
      patch(response, next)
      return response
    })
    const { doc, checked, report } = await snapshot(fixture)
    expect(doc.markets[market].funding).toMatchObject({ next_at: iso(next), interval: `${hours}h` })
    expect(report.assumptions.filter((a: { name: string }) => a.name === 'funding.interval')).toEqual([])
    expect(checked).toBe(0)
  })

  it('paradex: read token, positions and balance, margin fractions and API fees from the markets, summary prices, funding on its period, orderbook, hourly candles', async () => {
    const now = Date.now()
    const fixture = paradex(now)
    const { doc, text, checked, report, server } = await snapshot(fixture, ['--volatility', '72h'])
    expect(doc.venue).toBe('paradex')
    // results[USDC].size: the collateral, without the positions' unrealized PnL; the fees are the markets' API rates
    expect(doc.account).toEqual({ margin_mode: 'cross', wallet_balance: 20000, fees: { maker: 0.00003, taker: 0.0002 } })
    expect(doc.markets['BTC-USD-PERP'].prices).toEqual({ index: 63998.2, mark: 64000.5, last: 64001 })
    // imf_base 0.02, mmf_factor 0.5: mmr 0.01, max leverage 50; ETH imf_base 0.05: mmr 0.025, 20x
    expect(doc.markets['BTC-USD-PERP'].maintenance_ladder).toEqual([{ max_notional: 1000000000000, mmr: 0.01, max_leverage: 50 }])
    expect(doc.markets['ETH-USD-PERP'].maintenance_ladder).toEqual([{ max_notional: 1000000000000, mmr: 0.025, max_leverage: 20 }])
    // funding_period_hours 8: the next instant of the 8h grid after the capture
    expect(doc.markets['BTC-USD-PERP'].funding).toEqual({ rate: 0.00008, next_at: iso(nextOnGrid(Date.parse(doc.as_of), 8)), interval: '8h' })
    expect(doc.markets['ETH-USD-PERP'].funding).toMatchObject({ rate: -0.00002, interval: '8h' })
    expect(doc.markets['BTC-USD-PERP'].book).toEqual({
      bids: [
        [64000.9, 0.6],
        [64000, 1.8],
        [63990, 4.5],
      ],
      asks: [
        [64001.2, 0.5],
        [64002, 1.4],
        [64010, 3.9],
      ],
    })
    expect(doc.markets['BTC-USD-PERP'].volatility).toBeCloseTo(expectedVolatility(fixture.closes['BTC-USD-PERP']!, 72, 8760), 5)
    // the closed ETH position (size 0) is not written; the short's signed size is its size
    expect(doc.positions).toEqual([
      { market: 'BTC-USD-PERP', side: 'long', size: 0.25, entry_price: 62000, margin_mode: 'cross' },
      { market: 'ETH-USD-PERP', side: 'short', size: 3, entry_price: 3200, margin_mode: 'cross' },
    ])
    expect(text).not.toContain(PARADEX_TOKEN)
    expect(server.requests.filter((r) => r.path === '/v1/auth' || r.path === '/v1/system/config')).toEqual([])
    expect(server.requests.find((r) => r.path === '/v1/orderbook/BTC-USD-PERP')?.query.get('depth')).toBe('100')
    expect(report.summary).toMatchObject({ fail: 0 })
    expect(checked).toBe(0)
  })

  it('paradex with the default 30d window: no daily candles on the venue, so no volatility (and no candle request)', async () => {
    const { doc, server, checked } = await snapshot(paradex(Date.now()))
    expect(doc.markets['BTC-USD-PERP'].volatility).toBeUndefined()
    expect(server.requests.some((r) => r.path === '/v1/markets/klines')).toBe(false)
    expect(checked).toBe(0)
  })

  it.each([
    ['binanceusdm', binance],
    ['paradex', paradex],
  ] as const)('%s: --save-json writes the ccxt structures read, and `import` of them writes the same file', async (_venue, venue) => {
    const now = Date.now()
    const dir = mkdtempSync(join(tmpdir(), 'perp-check-snapshot-'))
    const saved = join(dir, 'capture.json')
    const fixture = venue(now)
    const { text } = await snapshot(fixture, ['--save-json', saved])
    const capture = readFileSync(saved, 'utf8')
    for (const secret of Object.values(fixture.env)) expect(capture).not.toContain(secret)
    const run = io()
    expect(await main(['import', saved], run.io)).toBe(0)
    const body = (t: string) =>
      t
        .split('\n')
        .filter((line) => !line.startsWith('# '))
        .join('\n')
    expect(body(run.out.join(''))).toBe(body(text))
  })

  it('--symbols adds a market without a position; its figures are read all the same', async () => {
    const fixture = bybit(Date.now())
    fixture.routes.unshift((r) => (r.path === '/v5/position/list' ? { retCode: 0, retMsg: 'OK', result: { category: 'linear', list: [] } } : undefined))
    const { doc, checked } = await snapshot(fixture, ['--symbols', 'BTCUSDT'])
    expect(Object.keys(doc.markets)).toEqual(['BTCUSDT'])
    expect(doc.positions).toEqual([])
    expect(checked).toBe(0)
  })

  it.each([
    ['a venue without credentials', ['--exchange', 'binanceusdm'], {}, /BINANCEUSDM_APIKEY, BINANCEUSDM_SECRET in the environment/],
    ['OKX without its passphrase', ['--exchange', 'okx'], { OKX_APIKEY: 'k', OKX_SECRET: 's' }, /needs OKX_PASSWORD/],
    ['Hyperliquid without a wallet address', ['--exchange', 'hyperliquid'], {}, /needs HYPERLIQUID_WALLETADDRESS/],
    ['an unknown exchange', ['--exchange', 'kraken'], {}, /--exchange: expected one of binanceusdm, bybit, okx, hyperliquid, dydx, paradex/],
    ['Paradex without its read token', ['--exchange', 'paradex'], {}, /needs PARADEX_TOKEN/],
    ['dYdX without a wallet address', ['--exchange', 'dydx'], {}, /needs DYDX_WALLETADDRESS/],
    ['a depth that is not a count', ['--exchange', 'bybit', '--depth', '0'], {}, /--depth/],
    ['a volatility window that is not one', ['--exchange', 'bybit', '--volatility', '1w'], {}, /--volatility/],
  ])('%s exits 2 before any request', async (_name, args, env, message) => {
    server = await startServer([])
    const run = io(env as Record<string, string>)
    expect(await main(['snapshot', ...args, '--api-base', server.base], run.io)).toBe(2)
    expect(run.err.join('')).toMatch(message)
    expect(server.requests).toEqual([])
  })

  it('an account without positions and no --symbols exits 2 and says to name the markets', async () => {
    const fixture = hyperliquid(Date.now())
    server = await startServer([
      (r) => (r.body.type === 'clearinghouseState' ? { assetPositions: [], crossMarginSummary: { accountValue: '100' }, time: 1 } : undefined),
      ...fixture.routes,
    ])
    const run = io(fixture.env)
    expect(await main(['snapshot', '--exchange', 'hyperliquid', '--api-base', server.base], run.io)).toBe(2)
    expect(run.err.join('')).toMatch(/no open position; name the markets to read with --symbols/)
  })

  it('a venue error is reported with its class, exit 2, and no stack trace', async () => {
    const fixture = binance(Date.now())
    server = await startServer(fixture.routes.filter((_, i) => i !== 1 && i !== 2))
    const run = io(fixture.env)
    expect(await main(['snapshot', '--exchange', 'binanceusdm', '--api-base', server.base], run.io)).toBe(2)
    expect(run.err.join('')).toMatch(/^perp-check snapshot: binanceusdm: \w+: /)
    expect(run.err.join('')).not.toMatch(/\n\s+at /)
  })

  it('dydx: indexer positions and subaccount, oracle price, margin fractions and next funding from the market record, last trade', async () => {
    const now = Date.now()
    const fixture = dydx(now)
    const { doc, checked, report } = await snapshot(fixture)
    expect(doc.venue).toBe('dydx-v4')
    // equity 10300.075 less the position's unrealizedPnl 300.075
    expect(doc.account).toEqual({ margin_mode: 'cross', wallet_balance: 10000 })
    expect(doc.markets['BTC-USD'].prices).toEqual({ index: 64000.5, mark: 64000.5, last: 64001 })
    expect(doc.markets['BTC-USD'].maintenance_ladder).toEqual([{ max_notional: 1000000000000, mmr: 0.03, max_leverage: 20 }])
    expect(doc.markets['BTC-USD'].funding).toEqual({
      rate: 0.0000125,
      next_at: new Date(nextOnGrid(Date.parse(doc.as_of), 1)).toISOString().replace('.000Z', 'Z'),
      interval: '1h',
    })
    expect(doc.markets['BTC-USD'].book).toEqual({
      bids: [
        [64000, 1.2],
        [63995, 3],
        [63980, 8],
      ],
      asks: [
        [64002, 1],
        [64005, 2.5],
        [64020, 7],
      ],
    })
    expect(doc.markets['BTC-USD'].volatility).toBeCloseTo(expectedVolatility(fixture.closes['BTC-USD']!), 5)
    expect(doc.positions).toEqual([{ market: 'BTC-USD', side: 'long', size: 0.15, entry_price: 62000, margin_mode: 'cross' }])
    expect(report.summary).toMatchObject({ fail: 0 })
    expect(checked).toBe(0)
  })
})
