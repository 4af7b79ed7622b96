// `perp-check snapshot`: the live account read through ccxt, read-only calls only, into a UnifiedCapture
// (then the same conversion as `import`). ccxt is loaded here with a dynamic import, so nothing else pays
// for it; it is an optional dependency (docs/snapshot.md). Credentials come from the environment and go
// no further than the ccxt instance: they are never in the capture, the file or a message.
import { Decimal } from '../decimal.js'
import { DEFAULT_WINDOW, timeframeMs, type VolatilityWindow } from './candles.js'
import { VENUES } from '../venues.js'
import { dec, intervalMs, type Json, SnapshotError, VenueCallError } from './snapshot.js'
import type { UnifiedCapture } from './unified.js'
import { credentialVariable, ONE_TIER_CAP, SNAPSHOT_VENUES, type SnapshotVenue } from './venues.js'

export interface SnapshotOptions {
  exchange: string
  /** Unified symbols (BTC/USDT:USDT) or venue market ids (BTCUSDT); the open positions' markets are always read. */
  symbols?: string[]
  /** Book levels a side; clipped to the venue's deepest. */
  depth?: number
  window?: VolatilityWindow
  env: Record<string, string | undefined>
  /** Every API base URL rewritten to `<apiBase>/<host><path>`: a recording proxy, or the tests' local server. */
  apiBase?: string
  /** Reads the clock (the capture's time). */
  now?: () => number
}

export const DEFAULT_DEPTH = 100

/** Binance's depth endpoint takes only these limits. */
const BINANCE_LIMITS = [5, 10, 20, 50, 100, 500, 1000]

async function loadCcxt(): Promise<Json> {
  try {
    const module: Json = await import('ccxt')
    return module.default ?? module
  } catch {
    throw new SnapshotError(
      'ccxt is not installed: it is an optional dependency of perp-check; run `npm install ccxt` (or install perp-check without --omit=optional)',
    )
  }
}

/** `https://fapi.binance.com/fapi/v1` → `<base>/fapi.binance.com/fapi/v1`, through every URL of ccxt's `urls.api`. */
function rewriteUrls(value: unknown, base: string): unknown {
  if (typeof value === 'string') return value.replace(/^https?:\/\//, `${base.replace(/\/$/, '')}/`)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteUrls(v, base)]))
  return value
}

function credentials(venue: SnapshotVenue, env: Record<string, string | undefined>): Record<string, string> {
  const found: Record<string, string> = {}
  const missing: string[] = []
  for (const property of venue.credentials) {
    const value = env[credentialVariable(venue.ccxtId, property)]
    if (value) found[property] = value
    else missing.push(credentialVariable(venue.ccxtId, property))
  }
  if (missing.length > 0)
    throw new SnapshotError(
      `${venue.ccxtId}: reading the account needs ${missing.join(', ')} in the environment (a read-only key is enough; see docs/snapshot.md)`,
    )
  return found
}

function bookLimit(venue: SnapshotVenue, depth: number): number {
  const limit = Math.min(depth, venue.maxDepth)
  return venue.ccxtId === 'binanceusdm' ? (BINANCE_LIMITS.find((l) => l >= limit) ?? 1000) : limit
}

/** A `--symbols` entry as a unified symbol of a linear perpetual. */
function resolveSymbol(exchange: Json, venue: SnapshotVenue, wanted: string): string {
  const market = exchange.markets?.[wanted] ?? exchange.markets_by_id?.[wanted]?.find((m: Json) => m.swap) ?? exchange.markets_by_id?.[wanted]?.[0]
  if (!market)
    throw new SnapshotError(
      `--symbols: ${venue.ccxtId} has no market "${wanted}" (a unified symbol like BTC/${venue.settle}:${venue.settle}, or the venue's id)`,
    )
  if (!market.swap || !market.linear) throw new SnapshotError(`--symbols: ${market.symbol} is not a linear perpetual`)
  return market.symbol
}

/**
 * dYdX v4 through ccxt: the indexer's market record (loaded with the markets) holds the oracle price, the next
 * funding rate and the margin fractions that ccxt's dydx class has no unified call for; the last trade is the last price.
 */
function dydxMarket(capture: UnifiedCapture, symbol: string, info: Json, trades: Json[], now: number): Partial<UnifiedCapture> {
  const imf = dec(info.initialMarginFraction, `${symbol} initialMarginFraction`)
  const tiers = [{ maxNotional: ONE_TIER_CAP, maintenanceMarginRate: info.maintenanceMarginFraction, maxLeverage: new Decimal(1).div(imf).toFixed() }]
  const nextHour = nextGridInstant(now, 3_600_000)
  return {
    leverageTiers: { ...capture.leverageTiers, [symbol]: tiers },
    fundingRates: { ...capture.fundingRates, [symbol]: { fundingRate: info.nextFundingRate, fundingTimestamp: nextHour, interval: '1h' } },
    tickers: {
      ...capture.tickers,
      [symbol]: { markPrice: info.oraclePrice, indexPrice: info.oraclePrice, last: trades[trades.length - 1]?.price ?? info.oraclePrice },
    },
  }
}

/**
 * The symbol's own funding interval where the venue's funding-rate call leaves it out or rounds it: Binance's
 * GET /fapi/v1/fundingInfo lists only the symbols whose interval or cap was adjusted (every other symbol
 * settles every 8 hours); Bybit's instrument info gives `fundingInterval` in minutes (ccxt rounds it to hours).
 */
export function fundingInterval(venue: SnapshotVenue, market: Json, binanceIntervals: Json | undefined): { interval?: string } {
  if (binanceIntervals) return { interval: binanceIntervals[market.symbol]?.interval ?? BINANCE_DEFAULT_INTERVAL }
  const minutes = market.info?.fundingInterval
  if (venue.ccxtId === 'bybit' && minutes !== undefined && Number(minutes) > 0) return { interval: `${Number(minutes)}m` }
  return {}
}

/** Binance USDⓈ-M's interval for a symbol fundingInfo does not list. */
export const BINANCE_DEFAULT_INTERVAL = '8h'

/**
 * Paradex's cross-margin parameters of a market (GET /v1/markets → delta1_cross_margin_params) as one ccxt
 * leverage tier: the maintenance fraction is mmf_factor × the initial fraction, max leverage 1 / imf_base. The
 * venue raises the initial fraction with the square root of the notional where imf_factor is above zero; one
 * tier does not (the ladder's comment says so).
 */
export function paradexTiers(info: Json, symbol: string): Json[] {
  const params = info?.delta1_cross_margin_params
  if (!params) throw new SnapshotError(`${symbol}: GET /v1/markets has no delta1_cross_margin_params (the margin fractions)`)
  const imf = dec(params.imf_base, `${symbol} imf_base`)
  if (imf.lte(0)) throw new SnapshotError(`${symbol}: imf_base must be above zero, got ${params.imf_base}`)
  return [
    {
      maxNotional: ONE_TIER_CAP,
      maintenanceMarginRate: dec(params.mmf_factor, `${symbol} mmf_factor`).times(imf).toFixed(),
      maxLeverage: new Decimal(1).div(imf).toFixed(),
      info: params,
    },
  ]
}

/**
 * The fee rates Paradex publishes per market for API orders (GET /v1/markets → fee_config.api_fee), as the
 * account's: the highest maker and taker among `markets` when they differ (a rate the account may pay on any of them).
 */
export function paradexFees(markets: readonly Json[]): UnifiedCapture['fees'] {
  const rates = markets.map((m) => m?.fee_config?.api_fee).filter((f) => f?.maker_fee?.fee !== undefined && f?.taker_fee?.fee !== undefined)
  if (rates.length === 0) return undefined
  const highest = (side: 'maker_fee' | 'taker_fee') => Decimal.max(...rates.map((r) => dec(r[side].fee, `fee_config.api_fee.${side}`))).toFixed()
  const one = new Set(rates.map((r) => `${r.maker_fee.fee}/${r.taker_fee.fee}`)).size === 1
  return {
    maker: highest('maker_fee'),
    taker: highest('taker_fee'),
    source: `GET /v1/markets → fee_config.api_fee (the rates of API orders${one ? '' : ', the highest among the markets read'}; orders from the UI trade at zero fee)`,
  }
}

/** The first instant after `now` on a grid of `interval` ms from 00:00 UTC: where a continuous accrual is checked. */
export function nextGridInstant(now: number, interval: number): number {
  return (Math.floor(now / interval) + 1) * interval
}

/** Hyperliquid's margin tables (POST /info meta) as ccxt leverage tiers: each tier's cap is the next tier's lower bound. */
export function hyperliquidTiers(meta: Json, coin: string): Json[] {
  const asset = (meta.universe ?? []).find((u: Json) => u.name === coin)
  if (!asset) return []
  const table = (meta.marginTables ?? []).find((t: unknown[]) => Array.isArray(t) && t[0] === asset.marginTableId)?.[1]
  const tiers: Json[] = table?.marginTiers ?? [{ lowerBound: '0', maxLeverage: asset.maxLeverage }]
  return tiers.map((t, i) => ({
    tier: i + 1,
    minNotional: t.lowerBound,
    maxNotional: tiers[i + 1]?.lowerBound ?? HYPERLIQUID_LAST_CAP,
    maxLeverage: t.maxLeverage,
    info: t,
  }))
}

/** Hyperliquid's last tier has no cap; this stands for it (far above any position the venue admits). */
export const HYPERLIQUID_LAST_CAP = ONE_TIER_CAP

export async function captureAccount(options: SnapshotOptions): Promise<UnifiedCapture> {
  const venue = SNAPSHOT_VENUES[options.exchange]
  if (!venue) throw new SnapshotError(`--exchange: expected one of ${Object.keys(SNAPSHOT_VENUES).join(', ')}, got "${options.exchange}"`)
  const keys = credentials(venue, options.env)
  const ccxt = await loadCcxt()
  const exchange: Json = new ccxt[venue.ccxtId]({ ...keys, enableRateLimit: true, timeout: 20_000, options: venue.options })
  // Currencies (networks, withdrawal fees) are not needed and cost a signed call on some venues.
  exchange.has = { ...exchange.has, fetchCurrencies: false }
  if (options.apiBase) exchange.urls = { ...exchange.urls, api: rewriteUrls(exchange.urls.api, options.apiBase) }
  // Paradex: the account's read token stands for the JWT ccxt would sign for with a private key (it asks for one only when it has none).
  if (venue.ccxtId === 'paradex') exchange.options = { ...exchange.options, authToken: keys.token, expires: Number.MAX_SAFE_INTEGER }
  const now = options.now ?? Date.now
  const window = options.window ?? DEFAULT_WINDOW
  const depth = bookLimit(venue, options.depth ?? DEFAULT_DEPTH)
  const hyperliquid = venue.ccxtId === 'hyperliquid'
  try {
    await exchange.loadMarkets()
    const positions: Json[] = (await exchange.fetchPositions()).filter((p: Json) => Number(p.contracts) !== 0 && p.contracts)
    // Binance's positionRisk (v3) has no leverage: the symbol configuration has it.
    if (positions.some((p) => p.leverage === undefined) && exchange.has.fetchLeverages === true) {
      const leverages: Json = await exchange.fetchLeverages(positions.map((p) => p.symbol))
      for (const p of positions) p.leverage ??= leverages[p.symbol]?.longLeverage ?? leverages[p.symbol]?.shortLeverage
    }
    const symbols = [...new Set([...(options.symbols ?? []).map((s) => resolveSymbol(exchange, venue, s)), ...positions.map((p) => p.symbol as string)])]
    if (symbols.length === 0) throw new SnapshotError(`${venue.ccxtId}: no open position; name the markets to read with --symbols`)
    const balance = hyperliquid
      ? { info: await exchange.publicPostInfo({ type: 'clearinghouseState', user: keys.walletAddress }) }
      : await exchange.fetchBalance()
    const meta = hyperliquid ? await exchange.publicPostInfo({ type: 'meta' }) : undefined
    const capture: UnifiedCapture = {
      exchange: venue.ccxtId,
      timestamp: now(),
      ccxtVersion: ccxt.version,
      // Hyperliquid's ccxt market id is the asset index; the venue and its users name the market by its coin.
      markets: Object.fromEntries(
        symbols.map((s) => [
          s,
          {
            id: hyperliquid ? (exchange.markets[s].baseName ?? exchange.markets[s].base) : exchange.markets[s].id,
            contractSize: exchange.markets[s].contractSize,
          },
        ]),
      ),
      symbols,
      balance: { ...balance, info: balance.info },
      positions,
      leverageTiers: {},
      fundingRates: {},
      tickers: {},
      markPrices: {},
      indexPrices: {},
      orderBooks: {},
      ohlcv: {},
      volatilityWindow: window,
      calls: venue.calls,
    }
    if (venue.ccxtId === 'binanceusdm') capture.leverageTiers = await exchange.fetchLeverageTiers(symbols)
    if (venue.ccxtId === 'paradex') capture.fees = paradexFees(symbols.map((s) => exchange.markets[s].info))
    const binanceIntervals: Json | undefined = venue.ccxtId === 'binanceusdm' ? await exchange.fetchFundingIntervals() : undefined
    const since = now() - (window.returns + 2) * timeframeMs(window.timeframe)!
    for (const symbol of symbols) {
      const market = exchange.markets[symbol]
      if (venue.ccxtId === 'bybit' || venue.ccxtId === 'okx') capture.leverageTiers![symbol] = await exchange.fetchMarketLeverageTiers(symbol)
      if (hyperliquid) capture.leverageTiers![symbol] = hyperliquidTiers(meta, market.baseName ?? market.base)
      if (venue.ccxtId === 'paradex') capture.leverageTiers![symbol] = paradexTiers(market.info, symbol)
      if (venue.ccxtId === 'dydx') Object.assign(capture, dydxMarket(capture, symbol, market.info, await exchange.fetchTrades(symbol, undefined, 1), now()))
      else {
        const rate: Json = { ...(await exchange.fetchFundingRate(symbol)), ...fundingInterval(venue, market, binanceIntervals) }
        if (venue.ccxtId === 'paradex') rate.fundingTimestamp ??= nextGridInstant(now(), intervalMs(rate.interval) ?? VENUES.paradex.fundingIntervalMs)
        capture.fundingRates![symbol] = rate
        capture.tickers![symbol] = await exchange.fetchTicker(symbol)
      }
      if (venue.ccxtId === 'okx') {
        capture.markPrices![symbol] = await exchange.fetchMarkPrice(symbol)
        const index = await exchange.publicGetMarketIndexTickers({ instId: market.info.uly ?? `${market.base}-${market.quote}` })
        capture.indexPrices![symbol] = index?.data?.[0]?.idxPx
      }
      // ccxt's paradex class sets the limit on its request after sending it: the venue's own `depth` is passed as well (its default is 20).
      capture.orderBooks![symbol] = await exchange.fetchOrderBook(symbol, depth, venue.ccxtId === 'paradex' ? { depth } : {})
      // A venue without candles of the window's length (Paradex serves up to 1 hour) gets no volatility: --volatility 72h reads hourly ones.
      if (!exchange.timeframes || window.timeframe in exchange.timeframes)
        capture.ohlcv![symbol] = await exchange.fetchOHLCV(symbol, window.timeframe, since, window.returns + 2)
    }
    return capture
  } catch (error) {
    if (error instanceof SnapshotError) throw error
    const name = error instanceof Error ? error.constructor.name : 'Error'
    const message = error instanceof Error ? error.message : String(error)
    throw new VenueCallError(`${venue.ccxtId}: ${name}: ${redact(message, Object.values(keys))}`)
  } finally {
    await exchange.close?.()
  }
}

/** A venue's error message without any credential it may echo. */
function redact(message: string, secrets: readonly string[]): string {
  return secrets.reduce((text, secret) => (secret.length >= 4 ? text.split(secret).join('<redacted>') : text), message).slice(0, 500)
}
