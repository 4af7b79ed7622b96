// `perp-check snapshot`: the live account read through ccxt, read-only calls only, into a UnifiedCapture
// (then the same conversion as `import`). ccxt is loaded here with a dynamic import, so nothing else pays
// for it; it is an optional dependency (docs/snapshot.md). Credentials come from the environment and go
// no further than the ccxt instance: they are never in the capture, the file or a message.
import { Decimal } from '../decimal.js'
import { DEFAULT_WINDOW, timeframeMs, type VolatilityWindow } from './candles.js'
import { dec, type Json, SnapshotError, VenueCallError } from './snapshot.js'
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
  const nextHour = (Math.floor(now / 3_600_000) + 1) * 3_600_000
  return {
    leverageTiers: { ...capture.leverageTiers, [symbol]: tiers },
    fundingRates: { ...capture.fundingRates, [symbol]: { fundingRate: info.nextFundingRate, fundingTimestamp: nextHour, interval: '1h' } },
    tickers: {
      ...capture.tickers,
      [symbol]: { markPrice: info.oraclePrice, indexPrice: info.oraclePrice, last: trades[trades.length - 1]?.price ?? info.oraclePrice },
    },
  }
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
    const since = now() - (window.returns + 2) * timeframeMs(window.timeframe)!
    for (const symbol of symbols) {
      const market = exchange.markets[symbol]
      if (venue.ccxtId === 'bybit' || venue.ccxtId === 'okx') capture.leverageTiers![symbol] = await exchange.fetchMarketLeverageTiers(symbol)
      if (hyperliquid) capture.leverageTiers![symbol] = hyperliquidTiers(meta, market.baseName ?? market.base)
      if (venue.ccxtId === 'dydx') Object.assign(capture, dydxMarket(capture, symbol, market.info, await exchange.fetchTrades(symbol, undefined, 1), now()))
      else {
        capture.fundingRates![symbol] = await exchange.fetchFundingRate(symbol)
        capture.tickers![symbol] = await exchange.fetchTicker(symbol)
      }
      if (venue.ccxtId === 'okx') {
        capture.markPrices![symbol] = await exchange.fetchMarkPrice(symbol)
        const index = await exchange.publicGetMarketIndexTickers({ instId: market.info.uly ?? `${market.base}-${market.quote}` })
        capture.indexPrices![symbol] = index?.data?.[0]?.idxPx
      }
      capture.orderBooks![symbol] = await exchange.fetchOrderBook(symbol, depth)
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
