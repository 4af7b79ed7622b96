// `perp-check import`: each documented shape (ccxt's unified structures; Binance, Bybit and Hyperliquid REST
// responses) into a file that checks unchanged. The venue responses are the local server's (test/exchange/venues.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { main } from '../../src/cli.js'
import { capturedIo as io } from '../helpers.js'
import type { Request, Route } from './server.js'
import { binance, bybit, hyperliquid, nextOnGrid, PARADEX_TOKEN, paradex, WALLET } from './venues.js'

const NOW = Date.parse('2026-11-21T07:45:00Z')
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

/** What the local server would answer: the fixture's route for this request. */
function respond(routes: Route[], method: string, path: string, query: Record<string, string> = {}, body: Record<string, unknown> = {}): unknown {
  const answer = respondWith(routes, method, path, query, {}, body)
  if (answer === undefined) throw new Error(`no route for ${method} ${path}`)
  return answer
}

/** The route's answer to a request with `headers` (undefined where none answers). */
function respondWith(
  routes: Route[],
  method: string,
  path: string,
  query: Record<string, string>,
  headers: Request['headers'],
  body: Record<string, unknown> = {},
): unknown {
  const request: Request = { method, host: 'venue', path, query: new URLSearchParams(query), body, headers }
  for (const route of routes) {
    const answer = route(request)
    if (answer !== undefined) return answer
  }
  return undefined
}

/** `perp-check import` on `json`, then the checklist on the written file. */
async function importJson(json: unknown, args: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'perp-check-import-'))
  const input = join(dir, 'capture.json')
  const output = join(dir, 'portfolio.yaml')
  writeFileSync(input, JSON.stringify(json))
  const run = io()
  const code = await main(['import', input, '-o', output, ...args], run.io)
  if (code !== 0) return { code, err: run.err.join(''), doc: undefined, checked: undefined }
  if (process.env.SHOW_IMPORT) console.log(readFileSync(output, 'utf8'))
  const check = io()
  const checked = await main([output, '--format', 'json'], check.io)
  if (process.env.SHOW_IMPORT) console.log(JSON.stringify(JSON.parse(check.out.join('')).findings.filter((f: { status: string }) => f.status === 'fail')))
  const report = JSON.parse(check.out.join(''))
  return { code, err: run.err.join(''), doc: parse(readFileSync(output, 'utf8')), checked, summary: report.summary, assumptions: report.assumptions }
}

/** Binance's responses for both markets, with Get Funding Rate Info. */
function binanceJson(clock: number) {
  const { routes } = binance(clock)
  const both = ['BTCUSDT', 'ETHUSDT']
  return {
    positionRisk: respond(routes, 'GET', '/fapi/v3/positionRisk'),
    leverageBracket: respond(routes, 'GET', '/fapi/v1/leverageBracket'),
    premiumIndex: both.map((symbol) => respond(routes, 'GET', '/fapi/v1/premiumIndex', { symbol })),
    fundingInfo: respond(routes, 'GET', '/fapi/v1/fundingInfo'),
    depth: Object.fromEntries(both.map((symbol) => [symbol, respond(routes, 'GET', '/fapi/v1/depth', { symbol })])),
    account: respond(routes, 'GET', '/fapi/v3/account'),
  }
}

/** Bybit's responses with instruments-info, the instrument settling every `minutes` (the ticker's next instant on that grid). */
function bybitJson(clock: number, minutes: number) {
  const { routes } = bybit(clock)
  const instruments = respond(routes, 'GET', '/v5/market/instruments-info', { category: 'linear' }) as { result: { list: Record<string, unknown>[] } }
  instruments.result.list[0]!.fundingInterval = minutes
  const tickers = respond(routes, 'GET', '/v5/market/tickers') as { result: { list: Record<string, unknown>[] } }
  tickers.result.list[0]!.nextFundingTime = String(nextOnGrid(clock, minutes / 60))
  return {
    'position/list': respond(routes, 'GET', '/v5/position/list'),
    'risk-limit': respond(routes, 'GET', '/v5/market/risk-limit'),
    'instruments-info': instruments,
    tickers,
    orderbook: respond(routes, 'GET', '/v5/market/orderbook'),
    'wallet-balance': respond(routes, 'GET', '/v5/account/wallet-balance'),
  }
}

describe('perp-check import', () => {
  it('Binance positionRisk + leverageBracket + premiumIndex + depth + account', async () => {
    const { routes } = binance(NOW)
    const json = {
      positionRisk: respond(routes, 'GET', '/fapi/v3/positionRisk'),
      leverageBracket: respond(routes, 'GET', '/fapi/v1/leverageBracket'),
      premiumIndex: ['BTCUSDT', 'ETHUSDT'].map((symbol) => respond(routes, 'GET', '/fapi/v1/premiumIndex', { symbol })),
      depth: Object.fromEntries(['BTCUSDT', 'ETHUSDT'].map((symbol) => [symbol, respond(routes, 'GET', '/fapi/v1/depth', { symbol })])),
      ticker: ['BTCUSDT', 'ETHUSDT'].map((symbol) => respond(routes, 'GET', '/fapi/v1/ticker/24hr', { symbol })),
      account: respond(routes, 'GET', '/fapi/v3/account'),
    }
    const { doc, checked, summary } = await importJson(json)
    expect(doc.venue).toBe('binance-usdm')
    expect(doc.as_of).toBe(iso(NOW))
    expect(doc.account).toEqual({ margin_mode: 'cross', wallet_balance: 25000 })
    expect(doc.markets.BTCUSDT.prices).toEqual({ index: 64000, mark: 64010.5, last: 63990 })
    expect(doc.markets.BTCUSDT.maintenance_ladder[1]).toEqual({ max_notional: 600000, mmr: 0.005, max_leverage: 100, maintenance_amount: 50 })
    expect(doc.markets.ETHUSDT.funding).toEqual({ rate: 0.00025, next_at: iso(nextOnGrid(NOW, 8)) })
    expect(doc.markets.BTCUSDT.book.bids[0]).toEqual([63990, 1.2])
    expect(doc.positions).toEqual([
      { market: 'BTCUSDT', side: 'long', size: 0.5, entry_price: 60000, margin_mode: 'cross' },
      { market: 'ETHUSDT', side: 'short', size: 4, entry_price: 3200, margin_mode: 'isolated', margin: 2000 },
    ])
    expect(summary).toMatchObject({ fail: 0 })
    expect(checked).toBe(0)
  })

  it('Binance without a ticker: last is the depth mid; a single depth response serves a single market', async () => {
    const { routes } = binance(NOW)
    const json = {
      positionRisk: [respond(routes, 'GET', '/fapi/v3/positionRisk') as object[]][0]!.slice(0, 1),
      leverageBracket: respond(routes, 'GET', '/fapi/v1/leverageBracket', { symbol: 'BTCUSDT' }),
      premiumIndex: respond(routes, 'GET', '/fapi/v1/premiumIndex', { symbol: 'BTCUSDT' }),
      depth: respond(routes, 'GET', '/fapi/v1/depth', { symbol: 'BTCUSDT' }),
    }
    const { doc, checked } = await importJson(json, ['--wallet-balance', '25000'])
    expect(doc.markets.BTCUSDT.prices).toEqual({ index: 64000, mark: 64010.5, last: 63995 })
    expect(doc.account.wallet_balance).toBe(25000)
    expect(checked).toBe(0)
  })

  it('Bybit position/list + risk-limit + tickers + orderbook + wallet-balance (full responses, b/a levels)', async () => {
    const { routes } = bybit(NOW)
    const json = {
      'position/list': respond(routes, 'GET', '/v5/position/list'),
      'risk-limit': respond(routes, 'GET', '/v5/market/risk-limit'),
      tickers: respond(routes, 'GET', '/v5/market/tickers'),
      orderbook: respond(routes, 'GET', '/v5/market/orderbook'),
      'wallet-balance': respond(routes, 'GET', '/v5/account/wallet-balance'),
    }
    const { doc, checked, summary, err } = await importJson(json)
    expect(err).toMatch(/^perp-check import: wrote .*portfolio.yaml\n$/)
    expect(doc.venue).toBe('bybit-linear')
    expect(doc.account).toEqual({ margin_mode: 'cross', wallet_balance: 15000 })
    expect(doc.markets.BTCUSDT.prices).toEqual({ index: 64000.1, mark: 64003.2, last: 64005.5 })
    expect(doc.markets.BTCUSDT.maintenance_ladder).toEqual([
      { max_notional: 2000000, mmr: 0.005, max_leverage: 100 },
      { max_notional: 2600000, mmr: 0.0056, max_leverage: 90, maintenance_amount: 1200 },
    ])
    expect(doc.markets.BTCUSDT.funding).toEqual({ rate: 0.0001, next_at: iso(nextOnGrid(NOW, 8)) })
    expect(doc.markets.BTCUSDT.book.bids).toEqual([
      [64005.4, 1.1],
      [64005, 2.5],
      [64000, 6],
    ])
    expect(doc.positions).toEqual([{ market: 'BTCUSDT', side: 'long', size: 0.3, entry_price: 61000, margin_mode: 'cross', leverage: 10 }])
    expect(summary).toMatchObject({ fail: 0 })
    expect(checked).toBe(0)
  })

  it.each([
    // fundingInfo lists ETHUSDT at 4h (its next instant 12:00, off the 8h grid); BTCUSDT is not listed: 8h
    ['Binance with fundingInfo', 'binance', { BTCUSDT: '8h', ETHUSDT: '4h' }],
    // instruments-info gives fundingInterval in minutes: 60 → 1h (its next instant 10:00)
    ['Bybit with instruments-info', 'bybit', { BTCUSDT: '1h' }],
  ] as const)('%s: each symbol its own funding interval, none assumed', async (_name, venue, expected) => {
    const clock = Date.parse('2026-11-21T09:45:00Z')
    const json = venue === 'binance' ? binanceJson(clock) : bybitJson(clock, 60)
    const { doc, checked, assumptions } = await importJson(json)
    for (const [symbol, interval] of Object.entries(expected)) {
      const hours = Number.parseInt(interval, 10)
      expect(doc.markets[symbol].funding).toMatchObject({ interval, next_at: iso(nextOnGrid(clock, hours)) })
    }
    expect(assumptions.filter((a: { name: string }) => a.name === 'funding.interval')).toEqual([])
    expect(checked).toBe(0)
  })

  it('Binance without fundingInfo: no interval written, the venue default 8h stated in assumptions', async () => {
    const { fundingInfo: _left, ...json } = binanceJson(NOW)
    const { doc, assumptions } = await importJson(json)
    expect(doc.markets.BTCUSDT.funding.interval).toBeUndefined()
    expect(assumptions.filter((a: { name: string }) => a.name === 'funding.interval')).toEqual([
      expect.objectContaining({ value: '8h', applies_to: ['BTCUSDT', 'ETHUSDT'] }),
    ])
  })

  it.each([
    // GET /v1/balance: results[USDC].size, the collateral
    ['balance and orderbook', 'balance', 'orderbook'],
    // GET /v1/account: account_value 20649.525 less the positions' unrealized_pnl 500.125 and 149.4; the bbo as a one-level book
    ['account and bbo', 'account', 'bbo'],
  ] as const)('Paradex markets + markets/summary + positions, with %s', async (_name, wallet, depth) => {
    const { routes } = paradex(NOW)
    const auth = { authorization: `Bearer ${PARADEX_TOKEN}` }
    const get = (path: string, query: Record<string, string> = {}) => respondWith(routes, 'GET', path, query, auth)
    const both = ['BTC-USD-PERP', 'ETH-USD-PERP']
    const json = {
      markets: get('/v1/markets'),
      'markets/summary': { results: both.flatMap((market) => (get('/v1/markets/summary', { market }) as { results: object[] }).results) },
      positions: get('/v1/positions'),
      [wallet]: get(`/v1/${wallet}`),
      [depth]: Object.fromEntries(both.map((market) => [market, get(`/v1/${depth}/${market}`)]).filter(([, answer]) => answer !== undefined)),
    }
    const { doc, checked, summary } = await importJson(json)
    expect(doc.venue).toBe('paradex')
    expect(doc.as_of).toBe(iso(NOW))
    expect(doc.account).toEqual({ margin_mode: 'cross', wallet_balance: 20000, fees: { maker: 0.00003, taker: 0.0002 } })
    expect(doc.markets['BTC-USD-PERP'].prices).toEqual({ index: 63998.2, mark: 64000.5, last: 64001 })
    expect(doc.markets['ETH-USD-PERP'].maintenance_ladder).toEqual([{ max_notional: 1000000000000, mmr: 0.025, max_leverage: 20 }])
    expect(doc.markets['BTC-USD-PERP'].funding).toEqual({ rate: 0.00008, next_at: iso(nextOnGrid(NOW, 8)), interval: '8h' })
    expect(doc.markets['BTC-USD-PERP'].book.bids[0]).toEqual([64000.9, 0.6])
    expect(doc.markets['BTC-USD-PERP'].book.bids).toHaveLength(depth === 'bbo' ? 1 : 3)
    expect(doc.positions).toEqual([
      { market: 'BTC-USD-PERP', side: 'long', size: 0.25, entry_price: 62000, margin_mode: 'cross' },
      { market: 'ETH-USD-PERP', side: 'short', size: 3, entry_price: 3200, margin_mode: 'cross' },
    ])
    expect(summary).toMatchObject({ fail: 0 })
    expect(checked).toBe(0)
  })

  it('Bybit risk-limit rates in percent (the inverse example: 0.5 at 100x) are read as percent', async () => {
    const { routes } = bybit(NOW)
    const limits = respond(routes, 'GET', '/v5/market/risk-limit') as { result: { list: Record<string, string | number>[] } }
    Object.assign(limits.result.list[0]!, { maintenanceMargin: '0.5', initialMargin: '1' })
    Object.assign(limits.result.list[1]!, { maintenanceMargin: '0.56', initialMargin: '1.11' })
    const json = {
      'position/list': respond(routes, 'GET', '/v5/position/list'),
      'risk-limit': limits,
      tickers: respond(routes, 'GET', '/v5/market/tickers'),
      orderbook: respond(routes, 'GET', '/v5/market/orderbook'),
    }
    const { doc } = await importJson(json, ['--wallet-balance', '15000'])
    expect(doc.markets.BTCUSDT.maintenance_ladder.map((t: { mmr: number }) => t.mmr)).toEqual([0.005, 0.0056])
  })

  it('Hyperliquid clearinghouseState + meta + l2Book: mark from positionValue, index and last the book mid, no funding', async () => {
    const { routes } = hyperliquid(NOW)
    const json = {
      clearinghouseState: respond(routes, 'POST', '/info', {}, { type: 'clearinghouseState', user: WALLET }),
      meta: respond(routes, 'POST', '/info', {}, { type: 'meta' }),
      l2Book: respond(routes, 'POST', '/info', {}, { type: 'l2Book', coin: 'BTC' }),
    }
    const { doc, checked, summary } = await importJson(json)
    expect(doc.venue).toBe('hyperliquid')
    expect(doc.account).toEqual({ margin_mode: 'cross', wallet_balance: 19999.4 })
    // 12800.6 / 0.2; the mid of 64004 and 64005
    expect(doc.markets.BTC.prices).toEqual({ index: 64004.5, mark: 64003, last: 64004.5 })
    expect(doc.markets.BTC.maintenance_ladder).toEqual([
      { max_notional: 150000000, max_leverage: 40 },
      { max_notional: 1000000000000, max_leverage: 20 },
    ])
    expect(doc.markets.BTC.funding).toBeUndefined()
    expect(doc.markets.BTC.book.asks[0]).toEqual([64005, 1.2])
    expect(doc.positions).toEqual([{ market: 'BTC', side: 'long', size: 0.2, entry_price: 63250, margin_mode: 'cross', leverage: 10 }])
    expect(summary).toMatchObject({ fail: 0 })
    expect(checked).toBe(0)
  })

  it('Hyperliquid with metaAndAssetCtxs: oracle, mark and mid prices, hourly funding on the next hour', async () => {
    const { routes } = hyperliquid(NOW)
    const json = {
      clearinghouseState: respond(routes, 'POST', '/info', {}, { type: 'clearinghouseState', user: WALLET }),
      metaAndAssetCtxs: respond(routes, 'POST', '/info', {}, { type: 'metaAndAssetCtxs' }),
      l2Book: [respond(routes, 'POST', '/info', {}, { type: 'l2Book', coin: 'BTC' })],
    }
    const { doc, checked } = await importJson(json)
    expect(doc.markets.BTC.prices).toEqual({ index: 64000, mark: 64003, last: 64004.5 })
    expect(doc.markets.BTC.funding).toEqual({ rate: 0.0000125, next_at: '2026-11-21T08:00:00Z', interval: '1h' })
    expect(checked).toBe(0)
  })

  it('ccxt unified structures (as `snapshot --save-json` writes them): OKX in contracts with its markets', async () => {
    const json = {
      exchange: 'okx',
      timestamp: '2026-11-21T07:45:00Z',
      markets: { 'BTC/USDT:USDT': { id: 'BTC-USDT-SWAP', contractSize: 0.01 } },
      balance: { info: { code: '0', data: [{ details: [{ ccy: 'USDT', cashBal: '12600' }] }] }, USDT: { free: 10000, used: 2600, total: 12799.5 } },
      positions: [
        {
          symbol: 'BTC/USDT:USDT',
          contracts: 20,
          contractSize: 0.01,
          side: 'short',
          entryPrice: 65000,
          marginMode: 'isolated',
          leverage: 5,
          info: { margin: '2600' },
        },
      ],
      leverageTiers: {
        'BTC/USDT:USDT': [
          { tier: 1, minNotional: 0, maxNotional: 1000, maintenanceMarginRate: 0.004, maxLeverage: 100 },
          { tier: 2, minNotional: 1001, maxNotional: 2000, maintenanceMarginRate: 0.006, maxLeverage: 75 },
        ],
      },
      fundingRates: { 'BTC/USDT:USDT': { fundingRate: 0.00008, fundingTimestamp: Date.parse('2026-11-21T08:00:00Z'), interval: '8h' } },
      tickers: { 'BTC/USDT:USDT': { last: 64001.1 } },
      markPrices: { 'BTC/USDT:USDT': { markPrice: 64002.5 } },
      indexPrices: { 'BTC/USDT:USDT': '64000.3' },
      orderBooks: {
        'BTC/USDT:USDT': {
          bids: [
            [64001.1, 80],
            [64000, 150],
            [63990, 500],
          ],
          asks: [
            [64001.2, 50],
            [64002, 120],
            [64010, 400],
          ],
        },
      },
    }
    const { doc, checked } = await importJson(json)
    expect(doc.venue).toBe('okx-swap')
    // a `symbols` list adds markets (here ETH, without a position); it never leaves out a position's
    const eth = 'ETH/USDT:USDT'
    const btc = 'BTC/USDT:USDT'
    const withEth = {
      ...json,
      symbols: [eth],
      markets: { ...json.markets, [eth]: { id: 'ETH-USDT-SWAP', contractSize: 0.1 } },
      leverageTiers: { ...json.leverageTiers, [eth]: json.leverageTiers[btc] },
      tickers: { ...json.tickers, [eth]: { last: 3150 } },
      markPrices: { ...json.markPrices, [eth]: { markPrice: 3150.5 } },
      indexPrices: { ...json.indexPrices, [eth]: '3150.2' },
    }
    const both = await importJson(withEth)
    expect(Object.keys(both.doc.markets)).toEqual(['ETH-USDT-SWAP', 'BTC-USDT-SWAP'])
    expect(both.doc.positions).toEqual(doc.positions)
    expect(doc.account.wallet_balance).toBe(10000)
    expect(doc.markets['BTC-USDT-SWAP'].maintenance_ladder[0]).toEqual({ max_notional: 640025, mmr: 0.004, max_leverage: 100 })
    expect(doc.markets['BTC-USDT-SWAP'].book.bids).toEqual([
      [64001.1, 0.8],
      [64000, 1.5],
      [63990, 5],
    ])
    expect(doc.positions).toEqual([
      { market: 'BTC-USDT-SWAP', side: 'short', size: 0.2, entry_price: 65000, margin_mode: 'isolated', margin: 2600, leverage: 5 },
    ])
    expect(checked).toBe(0)
  })

  it.each([
    ['an unrecognised object', { hello: 1 }, /unrecognised JSON/],
    [
      'venue responses without a balance',
      { 'position/list': { retCode: 0, result: { list: [] } }, 'risk-limit': { retCode: 0, result: { list: [] } } },
      /no balance/,
    ],
    [
      'a market without its premium index',
      { positionRisk: [{ symbol: 'XRPUSDT', positionAmt: '10', entryPrice: '1' }], account: { assets: [] } },
      /premiumIndex: no entry for XRPUSDT/,
    ],
    ['an unknown exchange', { exchange: 'kraken' }, /exchange: expected one of/],
    [
      'a price that is not a number',
      {
        exchange: 'bybit',
        symbols: ['BTC/USDT:USDT'],
        balance: { USDT: { total: 1 } },
        tickers: { 'BTC/USDT:USDT': { last: 'abc', markPrice: 1, indexPrice: 1 } },
      },
      /expected a number/,
    ],
  ])('%s exits 2 with a message', async (_name, json, message) => {
    const { code, err } = await importJson(json)
    expect(code).toBe(2)
    expect(err).toMatch(message)
  })

  it('a file that is not JSON exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perp-check-import-'))
    writeFileSync(join(dir, 'bad.json'), '{ not json')
    const run = io()
    expect(await main(['import', join(dir, 'bad.json')], run.io)).toBe(2)
    expect(run.err.join('')).toMatch(/cannot read/)
  })
})
