// `perp-check import <file.json>`: a saved JSON turned into a portfolio file. Accepted (docs/snapshot.md):
// ccxt's unified structures (`exchange` plus positions, balance, leverageTiers, fundingRates, tickers,
// orderBooks, ohlcv), and each venue's own REST responses as a trader pastes them, keyed by endpoint:
// Binance positionRisk + leverageBracket + premiumIndex + depth, Bybit position/list + risk-limit + tickers +
// orderbook, Hyperliquid clearinghouseState + meta + l2Book, Paradex markets + markets/summary + orderbook (or
// bbo) + positions + balance (or account). A venue's responses are first written as the
// unified structures with the raw record kept as `info`, so both paths share one conversion.
import { VENUES } from '../venues.js'
import { BINANCE_DEFAULT_INTERVAL, hyperliquidTiers, nextGridInstant, paradexFees, paradexTiers } from './ccxt.js'
import { dec, intervalMs, type Json, type Loose, type Snapshot, SnapshotError } from './snapshot.js'
import { fromUnified, type UnifiedCapture } from './unified.js'
import { SNAPSHOT_VENUES } from './venues.js'

export interface ImportOptions {
  /** Stands for the capture's time when it gives none. */
  clock: number
  /** The cross wallet's balance, when the JSON has no balance response. */
  walletBalance?: string
  /** Markets to write besides those with a position (venue ids). */
  symbols?: string[]
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A Bybit-style envelope `{ retCode, result }` or Paradex's `{ results: [...] }` opened; anything else as is. */
function open(value: unknown): Loose {
  if (isObject(value) && 'result' in value && ('retCode' in value || 'retMsg' in value)) return value.result
  if (isObject(value) && Array.isArray(value.results)) return value.results
  return value
}

/** A response given once, as a list, or as a mapping from symbol to response: always a list. */
function many(value: unknown): Json[] {
  const v = open(value)
  if (v === undefined || v === null) return []
  if (Array.isArray(v)) return v.map(open)
  if (isObject(v) && Array.isArray(v.list)) return v.list
  if (isObject(v) && Object.values(v).every(isObject) && !('bids' in v) && !('b' in v) && !('levels' in v) && !('assetPositions' in v))
    return Object.entries(v).map(([key, r]) => ({ _key: key, ...open(r) }))
  return [v]
}

/** A book level of any accepted shape: `["p", "q"]`, `[p, q]` or Hyperliquid's `{ px, sz, n }`. */
function level(row: unknown): [unknown, unknown] {
  if (Array.isArray(row)) return [row[0], row[1]]
  if (isObject(row) && 'px' in row) return [row.px, row.sz]
  throw new SnapshotError(`book level: expected [price, size] or { px, sz, n }, got ${JSON.stringify(row)?.slice(0, 80)}`)
}

function book(bids: unknown, asks: unknown, what: string): Json {
  if (!Array.isArray(bids) || !Array.isArray(asks)) throw new SnapshotError(`${what}: expected bids and asks as lists`)
  return { bids: bids.map(level), asks: asks.map(level) }
}

function mid(b: Json | undefined): unknown {
  if (!b || b.bids.length === 0 || b.asks.length === 0) return undefined
  return dec(b.bids[0][0], 'best bid').plus(dec(b.asks[0][0], 'best ask')).div(2).toFixed()
}

function balanceOf(options: ImportOptions, settle: string, info: unknown): Json | undefined {
  if (info !== undefined) return { info: open(info) }
  if (options.walletBalance !== undefined) return { [settle]: { total: options.walletBalance } }
  return undefined
}

function requireBalance(balance: Json | undefined, hint: string): Json {
  if (!balance) throw new SnapshotError(`no balance: add ${hint} to the JSON, or give --wallet-balance`)
  return balance
}

function binance(json: Json, options: ImportOptions): UnifiedCapture {
  const risks = many(json.positionRisk).filter((p) => p.positionAmt !== undefined && !dec(p.positionAmt, 'positionAmt').isZero())
  const premiums = many(json.premiumIndex)
  const symbols = [...new Set([...risks.map((p) => p.symbol as string), ...(options.symbols ?? []), ...(premiums.length === 1 ? [premiums[0]!.symbol] : [])])]
  const depths = many(json.depth)
  const depthOf = (symbol: string) =>
    depths.find((d) => d.symbol === symbol || d._key === symbol) ?? (symbols.length === 1 && depths.length === 1 ? depths[0] : undefined)
  const tickers = many(json.ticker)
  const capture: UnifiedCapture = {
    exchange: 'binanceusdm',
    timestamp: Math.max(0, ...premiums.map((p) => Number(p.time) || 0)) || undefined,
    markets: Object.fromEntries(symbols.map((s) => [s, { id: s, contractSize: 1 }])),
    symbols,
    balance: requireBalance(balanceOf(options, 'USDT', json.account ?? json.balance), 'the account (GET /fapi/v3/account) or balance response'),
    positions: risks.map((p) => {
      const amount = dec(p.positionAmt, 'positionAmt')
      const isolated = p.marginType ? p.marginType === 'isolated' : dec(p.isolatedWallet ?? 0, 'isolatedWallet').gt(0)
      return {
        symbol: p.symbol,
        contracts: amount.abs().toFixed(),
        side: amount.lt(0) ? 'short' : 'long',
        entryPrice: p.entryPrice,
        marginMode: isolated ? 'isolated' : 'cross',
        leverage: p.leverage,
        info: p,
      }
    }),
    leverageTiers: Object.fromEntries(
      many(json.leverageBracket).map((b) => [
        b.symbol,
        (b.brackets ?? []).map((t: Json) => ({
          maxNotional: t.notionalCap,
          maintenanceMarginRate: t.maintMarginRatio,
          maxLeverage: t.initialLeverage,
          info: t,
        })),
      ]),
    ),
    fundingRates: {},
    tickers: {},
    orderBooks: {},
    calls: {
      balance: 'GET /fapi/v3/account',
      tiers: 'GET /fapi/v1/leverageBracket (notionalCap, maintMarginRatio, initialLeverage, cum)',
      funding: 'GET /fapi/v1/premiumIndex (lastFundingRate, nextFundingTime)',
      book: 'GET /fapi/v1/depth',
    },
  }
  // Get Funding Rate Info lists only the symbols with an adjusted interval or cap: any other symbol settles every 8h.
  const intervals = json.fundingInfo === undefined ? undefined : new Map(many(json.fundingInfo).map((f) => [f.symbol, `${f.fundingIntervalHours}h`]))
  if (intervals)
    capture.calls!.funding = `${capture.calls!.funding}; GET /fapi/v1/fundingInfo (fundingIntervalHours; a symbol it does not list settles every 8h)`
  let lastSource = 'lastPrice of GET /fapi/v1/ticker/24hr'
  for (const symbol of symbols) {
    const premium = premiums.find((p) => p.symbol === symbol)
    if (!premium) throw new SnapshotError(`premiumIndex: no entry for ${symbol} (mark and index prices, funding)`)
    const depth = depthOf(symbol)
    if (depth) capture.orderBooks![symbol] = book(depth.bids, depth.asks, `depth of ${symbol}`)
    const last = tickers.find((t) => t.symbol === symbol)?.lastPrice
    if (last === undefined) lastSource = 'no ticker in the capture: last is the mid of the depth snapshot (or the mark without one)'
    capture.tickers![symbol] = {
      markPrice: premium.markPrice,
      indexPrice: premium.indexPrice,
      last: last ?? mid(capture.orderBooks![symbol]) ?? premium.markPrice,
    }
    capture.fundingRates![symbol] = {
      fundingRate: premium.lastFundingRate,
      fundingTimestamp: Number(premium.nextFundingTime) || undefined,
      interval: intervals && (intervals.get(symbol) ?? BINANCE_DEFAULT_INTERVAL),
    }
  }
  capture.calls!.prices = `GET /fapi/v1/premiumIndex (markPrice, indexPrice); ${lastSource}`
  return capture
}

function bybit(json: Json, options: ImportOptions): UnifiedCapture {
  const positions = many(json['position/list']).filter((p) => p.size !== undefined && !dec(p.size, 'size').isZero())
  const tickers = many(json.tickers)
  const symbols = [...new Set([...positions.map((p) => p.symbol as string), ...(options.symbols ?? []), ...(tickers.length === 1 ? [tickers[0]!.symbol] : [])])]
  const books = many(json.orderbook)
  const tiers = many(json['risk-limit'])
  const instruments = many(json['instruments-info'])
  const capture: UnifiedCapture = {
    exchange: 'bybit',
    timestamp: Math.max(0, ...books.map((b) => Number(b.ts) || 0)) || undefined,
    markets: Object.fromEntries(symbols.map((s) => [s, { id: s, contractSize: 1 }])),
    symbols,
    balance: requireBalance(balanceOf(options, 'USDT', json['wallet-balance']), 'the wallet-balance response (GET /v5/account/wallet-balance)'),
    positions: positions.map((p) => ({
      symbol: p.symbol,
      contracts: p.size,
      side: p.side === 'Sell' ? 'short' : 'long',
      entryPrice: p.avgPrice,
      marginMode: String(p.tradeMode) === '1' ? 'isolated' : 'cross',
      leverage: p.leverage,
      info: p,
    })),
    leverageTiers: Object.fromEntries(
      symbols.map((s) => [s, tiers.filter((t) => t.symbol === s).map((t) => ({ maxNotional: t.riskLimitValue, maxLeverage: t.maxLeverage, info: t }))]),
    ),
    fundingRates: {},
    tickers: {},
    orderBooks: {},
    calls: {
      balance: 'GET /v5/account/wallet-balance',
      tiers: 'GET /v5/market/risk-limit (riskLimitValue, maintenanceMargin in %, maxLeverage, mmDeduction)',
      prices: 'GET /v5/market/tickers (markPrice, indexPrice, lastPrice)',
      funding:
        'GET /v5/market/tickers (fundingRate, nextFundingTime, fundingIntervalHour); GET /v5/market/instruments-info (fundingInterval, minutes) where given',
      book: 'GET /v5/market/orderbook (b, a)',
    },
  }
  for (const symbol of symbols) {
    const t = tickers.find((x) => x.symbol === symbol)
    if (!t) throw new SnapshotError(`tickers: no entry for ${symbol} (mark, index and last prices, funding)`)
    capture.tickers![symbol] = { markPrice: t.markPrice, indexPrice: t.indexPrice, last: t.lastPrice }
    const minutes = instruments.find((i) => i.symbol === symbol)?.fundingInterval
    const hours = t.fundingIntervalHour
    capture.fundingRates![symbol] = {
      fundingRate: t.fundingRate,
      fundingTimestamp: Number(t.nextFundingTime) || undefined,
      interval: minutes ? `${minutes}m` : hours ? `${hours}h` : undefined,
    }
    const b = books.find((x) => x.s === symbol || x._key === symbol)
    if (b) capture.orderBooks![symbol] = book(b.b, b.a, `orderbook of ${symbol}`)
  }
  return capture
}

function hyperliquid(json: Json, options: ImportOptions): UnifiedCapture {
  const state = open(json.clearinghouseState)
  if (!isObject(state)) throw new SnapshotError('clearinghouseState: expected the response of POST /info {"type": "clearinghouseState"}')
  const withCtxs = Array.isArray(json.metaAndAssetCtxs) ? json.metaAndAssetCtxs : undefined
  const meta: Json = json.meta ?? withCtxs?.[0]
  if (!isObject(meta)) throw new SnapshotError('meta: expected the response of POST /info {"type": "meta"} (the margin tables)')
  const ctxs: Json[] = withCtxs?.[1] ?? []
  const ctxOf = (coin: string) => ctxs[(meta.universe ?? []).findIndex((u: Json) => u.name === coin)]
  const held: Json[] = (state.assetPositions ?? []).filter((a: Json) => a.position && !dec(a.position.szi, 'szi').isZero())
  const symbols = [...new Set([...held.map((a) => a.position.coin as string), ...(options.symbols ?? [])])]
  const books = many(json.l2Book)
  const asOf = Number(state.time) || Math.max(0, ...books.map((b) => Number(b.time) || 0)) || options.clock
  const capture: UnifiedCapture = {
    exchange: 'hyperliquid',
    timestamp: asOf,
    markets: Object.fromEntries(symbols.map((s) => [s, { id: s, contractSize: 1 }])),
    symbols,
    balance: { info: state },
    positions: held.map((a) => {
      const p = a.position
      const size = dec(p.szi, 'szi')
      return {
        symbol: p.coin,
        contracts: size.abs().toFixed(),
        side: size.lt(0) ? 'short' : 'long',
        entryPrice: p.entryPx,
        marginMode: p.leverage?.type,
        leverage: p.leverage?.value,
        info: a,
      }
    }),
    leverageTiers: Object.fromEntries(symbols.map((s) => [s, hyperliquidTiers(meta, s)])),
    fundingRates: {},
    tickers: {},
    orderBooks: {},
    calls: {
      balance: 'POST /info clearinghouseState',
      tiers: "POST /info meta: marginTables (mmr left to the venue's rule, 1 / (2 × max leverage))",
      funding: 'POST /info metaAndAssetCtxs (funding, paid hourly; next instant the next whole hour)',
      book: 'POST /info l2Book ({px, sz, n} levels)',
    },
  }
  const nextHour = nextGridInstant(asOf, 3_600_000)
  let priceSource = 'POST /info metaAndAssetCtxs (markPx, oraclePx as index, midPx as last)'
  for (const symbol of symbols) {
    const b = books.find((x) => x.coin === symbol || x._key === symbol)
    if (b) capture.orderBooks![symbol] = book(b.levels?.[0], b.levels?.[1], `l2Book of ${symbol}`)
    const ctx = ctxOf(symbol)
    if (ctx) {
      capture.tickers![symbol] = { markPrice: ctx.markPx, indexPrice: ctx.oraclePx, last: ctx.midPx ?? ctx.markPx }
      capture.fundingRates![symbol] = { fundingRate: ctx.funding, fundingTimestamp: nextHour, interval: '1h' }
      continue
    }
    const p = held.find((a) => a.position.coin === symbol)?.position
    const bookMid = mid(capture.orderBooks![symbol])
    if (!p || bookMid === undefined) throw new SnapshotError(`${symbol}: no prices: add metaAndAssetCtxs, or a position and its l2Book`)
    priceSource = 'no metaAndAssetCtxs in the capture: mark = positionValue / |szi| (clearinghouseState), index and last = the l2Book mid; no funding'
    capture.tickers![symbol] = { markPrice: dec(p.positionValue, 'positionValue').div(dec(p.szi, 'szi').abs()).toFixed(), indexPrice: bookMid, last: bookMid }
  }
  capture.calls!.prices = priceSource
  return capture
}

function paradex(json: Json, options: ImportOptions): UnifiedCapture {
  const positions = many(json.positions).filter((p) => p.status !== 'CLOSED' && p.size !== undefined && !dec(p.size, 'size').isZero())
  const summaries = many(json['markets/summary'])
  const symbols = [
    ...new Set([...positions.map((p) => p.market as string), ...(options.symbols ?? []), ...(summaries.length === 1 ? [summaries[0]!.symbol] : [])]),
  ]
  const markets = many(json.markets)
  const marketOf = (symbol: string) => {
    const market = markets.find((m) => m.symbol === symbol)
    if (!market) throw new SnapshotError(`markets: no entry for ${symbol} (GET /v1/markets: the margin fractions and the funding period)`)
    return market
  }
  const books = many(json.orderbook)
  const bbos = many(json.bbo)
  const asOf = Math.max(0, ...summaries.map((x) => Number(x.created_at) || 0), ...books.map((b) => Number(b.last_updated_at) || 0)) || options.clock
  const balance = json.balance ?? json.account
  const capture: UnifiedCapture = {
    exchange: 'paradex',
    timestamp: asOf,
    markets: Object.fromEntries(symbols.map((s) => [s, { id: s, contractSize: 1 }])),
    symbols,
    balance: requireBalance(balanceOf(options, 'USDC', balance), 'the balance (GET /v1/balance) or account (GET /v1/account) response'),
    positions: positions.map((p) => ({
      symbol: p.market,
      contracts: dec(p.size, 'size').abs().toFixed(),
      side: String(p.side).toUpperCase() === 'SHORT' ? 'short' : 'long',
      entryPrice: p.average_entry_price,
      marginMode: 'cross',
      unrealizedPnl: p.unrealized_pnl,
      info: p,
    })),
    leverageTiers: Object.fromEntries(symbols.map((s) => [s, paradexTiers(marketOf(s), s)])),
    fees: paradexFees(symbols.map(marketOf)),
    fundingRates: {},
    tickers: {},
    orderBooks: {},
    calls: {
      balance: json.balance ? 'GET /v1/balance' : 'GET /v1/account',
      positions: 'GET /v1/positions (side, size, average_entry_price)',
      tiers: 'GET /v1/markets (delta1_cross_margin_params; mmr = mmf_factor × imf_base, max leverage 1 / imf_base); one tier, its cap far above any position',
      prices: 'GET /v1/markets/summary (mark_price, underlying_price as index, last_traded_price)',
      funding:
        "GET /v1/markets/summary (funding_rate, per funding period; funding_period_hours of GET /v1/markets); Paradex accrues continuously, checked on the period's grid",
      book: books.length > 0 ? 'GET /v1/orderbook/{market}' : 'GET /v1/bbo/{market} (the best bid and ask only)',
    },
  }
  for (const symbol of symbols) {
    const summary = summaries.find((x) => x.symbol === symbol)
    if (!summary) throw new SnapshotError(`markets/summary: no entry for ${symbol} (mark, index and last prices, funding)`)
    capture.tickers![symbol] = { markPrice: summary.mark_price, indexPrice: summary.underlying_price, last: summary.last_traded_price }
    const hours = marketOf(symbol).funding_period_hours
    const interval = hours !== undefined && Number(hours) > 0 ? `${hours}h` : undefined
    capture.fundingRates![symbol] = {
      fundingRate: summary.funding_rate,
      fundingTimestamp: nextGridInstant(asOf, intervalMs(interval) ?? VENUES.paradex.fundingIntervalMs),
      interval,
    }
    const b = books.find((x) => x.market === symbol || x._key === symbol) ?? (symbols.length === 1 && books.length === 1 ? books[0] : undefined)
    const best = bbos.find((x) => x.market === symbol || x._key === symbol)
    if (b) capture.orderBooks![symbol] = book(b.bids, b.asks, `orderbook of ${symbol}`)
    else if (best) capture.orderBooks![symbol] = book([[best.bid, best.bid_size]], [[best.ask, best.ask_size]], `bbo of ${symbol}`)
  }
  return capture
}

/** The Snapshot of any accepted JSON; the shape is recognised by its keys. */
export function importCapture(json: unknown, options: ImportOptions): Snapshot {
  if (!isObject(json)) throw new SnapshotError('expected a JSON object (see docs/snapshot.md for the accepted shapes)')
  let capture: UnifiedCapture
  let origin: string
  if (typeof json.exchange === 'string') {
    const settle = SNAPSHOT_VENUES[json.exchange]?.settle ?? 'USDT'
    capture = {
      ...(json as unknown as UnifiedCapture),
      balance: json.balance ?? balanceOf(options, settle, undefined),
      symbols: json.symbols ?? options.symbols,
    }
    origin = `saved ccxt structures (${json.exchange})`
  } else if ('positionRisk' in json || 'leverageBracket' in json || 'premiumIndex' in json) {
    capture = binance(json, options)
    origin = 'Binance USDⓈ-M REST responses'
  } else if ('position/list' in json || 'risk-limit' in json) {
    capture = bybit(json, options)
    origin = 'Bybit v5 REST responses'
  } else if ('clearinghouseState' in json || 'l2Book' in json) {
    capture = hyperliquid(json, options)
    origin = 'Hyperliquid /info responses'
  } else if ('markets/summary' in json) {
    capture = paradex(json, options)
    origin = 'Paradex REST responses'
  } else {
    throw new SnapshotError(
      'unrecognised JSON: expected ccxt structures with "exchange", or venue responses keyed positionRisk/leverageBracket/premiumIndex/depth (Binance), position/list/risk-limit/tickers/orderbook (Bybit), clearinghouseState/meta/l2Book (Hyperliquid) or markets/markets/summary/orderbook/positions (Paradex)',
    )
  }
  const snapshot = fromUnified(capture, options.clock)
  return { ...snapshot, source: origin }
}
