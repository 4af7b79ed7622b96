// The venues `snapshot` reads through ccxt: the ccxt id, the perp-check venue profile it maps to, the
// settlement currency of its linear perpetuals, the credentials a read needs (from the environment, never
// written anywhere) and the ccxt options that keep loadMarkets to the perpetual markets.
import type { VenueId } from '../venues.js'

export interface SnapshotVenue {
  ccxtId: string
  venue: VenueId
  name: string
  settle: string
  /** ccxt credential properties a read of the account needs; each read from `<CCXTID>_<PROPERTY>` upper-cased. */
  credentials: readonly string[]
  options: Record<string, unknown>
  /** The deepest book the venue's endpoint returns. */
  maxDepth: number
  /** The ccxt calls and venue endpoints behind each block, written into the file as comments. */
  calls: Record<'balance' | 'positions' | 'tiers' | 'prices' | 'funding' | 'book' | 'ohlcv', string>
}

export const SNAPSHOT_VENUES: Record<string, SnapshotVenue> = {
  binanceusdm: {
    ccxtId: 'binanceusdm',
    venue: 'binance-usdm',
    name: 'Binance USDⓈ-M',
    settle: 'USDT',
    credentials: ['apiKey', 'secret'],
    options: { fetchCurrencies: false, fetchMarkets: { types: ['linear'] } },
    maxDepth: 1000,
    calls: {
      balance: 'fetchBalance (GET /fapi/v3/account)',
      positions: 'fetchPositions (GET /fapi/v3/positionRisk)',
      tiers: 'fetchLeverageTiers (GET /fapi/v1/leverageBracket: notionalCap, maintMarginRatio, initialLeverage, cum)',
      prices: 'fetchFundingRate (GET /fapi/v1/premiumIndex: markPrice, indexPrice) and fetchTicker (GET /fapi/v1/ticker/24hr: lastPrice)',
      funding:
        'fetchFundingRate (GET /fapi/v1/premiumIndex: lastFundingRate, nextFundingTime) and fetchFundingIntervals (GET /fapi/v1/fundingInfo: fundingIntervalHours; a symbol it does not list settles every 8h)',
      book: 'fetchOrderBook (GET /fapi/v1/depth)',
      ohlcv: 'fetchOHLCV (GET /fapi/v1/klines)',
    },
  },
  bybit: {
    ccxtId: 'bybit',
    venue: 'bybit-linear',
    name: 'Bybit linear',
    settle: 'USDT',
    credentials: ['apiKey', 'secret'],
    // The unified trading account, stated: ccxt would otherwise ask /v5/user/query-api, which needs a key with
    // transfer or withdrawal permission; perp-check's bybit-linear profile is the UTA, and a read-only key is enough.
    options: { defaultType: 'swap', defaultSubType: 'linear', fetchMarkets: { types: ['linear'] }, enableUnifiedAccount: true, enableUnifiedMargin: false },
    maxDepth: 500,
    calls: {
      balance: 'fetchBalance (GET /v5/account/wallet-balance)',
      positions: 'fetchPositions (GET /v5/position/list)',
      tiers: 'fetchMarketLeverageTiers (GET /v5/market/risk-limit: riskLimitValue, maintenanceMargin in %, maxLeverage, mmDeduction)',
      prices: 'fetchTicker (GET /v5/market/tickers: markPrice, indexPrice, lastPrice)',
      funding:
        'fetchFundingRate (GET /v5/market/tickers: fundingRate, nextFundingTime) and loadMarkets (GET /v5/market/instruments-info: fundingInterval, minutes)',
      book: 'fetchOrderBook (GET /v5/market/orderbook)',
      ohlcv: 'fetchOHLCV (GET /v5/market/kline)',
    },
  },
  okx: {
    ccxtId: 'okx',
    venue: 'okx-swap',
    name: 'OKX swap',
    settle: 'USDT',
    credentials: ['apiKey', 'secret', 'password'],
    options: { defaultType: 'swap', fetchMarkets: { types: ['swap'] } },
    maxDepth: 400,
    calls: {
      balance: 'fetchBalance (GET /api/v5/account/balance)',
      positions: 'fetchPositions (GET /api/v5/account/positions)',
      tiers: 'fetchMarketLeverageTiers (GET /api/v5/public/position-tiers: maxSz, mmr, maxLever)',
      prices:
        'fetchMarkPrice (GET /api/v5/public/mark-price: markPx), GET /api/v5/market/index-tickers (idxPx) and fetchTicker (GET /api/v5/market/ticker: last)',
      funding: 'fetchFundingRate (GET /api/v5/public/funding-rate: fundingRate, fundingTime; the interval is nextFundingTime − fundingTime)',
      book: 'fetchOrderBook (GET /api/v5/market/books)',
      ohlcv: 'fetchOHLCV (GET /api/v5/market/candles)',
    },
  },
  hyperliquid: {
    ccxtId: 'hyperliquid',
    venue: 'hyperliquid',
    name: 'Hyperliquid',
    settle: 'USDC',
    credentials: ['walletAddress'],
    options: { fetchMarkets: { types: ['swap'] } },
    maxDepth: 20,
    calls: {
      balance: 'POST /info clearinghouseState',
      positions: 'fetchPositions (POST /info clearinghouseState)',
      tiers: "POST /info meta: marginTables (mmr left to the venue's rule, 1 / (2 × max leverage))",
      prices: 'fetchFundingRate (POST /info metaAndAssetCtxs: markPx, oraclePx) and fetchTicker (the same call)',
      funding: 'fetchFundingRate (POST /info metaAndAssetCtxs: funding, paid hourly)',
      book: 'fetchOrderBook (POST /info l2Book)',
      ohlcv: 'fetchOHLCV (POST /info candleSnapshot)',
    },
  },
  dydx: {
    ccxtId: 'dydx',
    venue: 'dydx-v4',
    name: 'dYdX v4',
    settle: 'USDC',
    credentials: ['walletAddress'],
    options: {},
    maxDepth: 100,
    calls: {
      balance: 'fetchBalance (GET /v4/addresses/{address}/subaccountNumber/0)',
      positions: 'fetchPositions (GET /v4/perpetualPositions, status OPEN)',
      tiers: 'loadMarkets (GET /v4/perpetualMarkets: maintenanceMarginFraction, 1 / initialMarginFraction); one tier, its cap far above any position',
      prices:
        'loadMarkets (GET /v4/perpetualMarkets: oraclePrice, the index and the liquidation trigger; dYdX has no separate mark) and fetchTrades (GET /v4/trades/perpetualMarket: the last price)',
      funding: 'loadMarkets (GET /v4/perpetualMarkets: nextFundingRate, per hour; paid on the next whole hour)',
      book: 'fetchOrderBook (GET /v4/orderbooks/perpetualMarket)',
      ohlcv: 'fetchOHLCV (GET /v4/candles/perpetualMarkets)',
    },
  },
  paradex: {
    ccxtId: 'paradex',
    venue: 'paradex',
    name: 'Paradex',
    settle: 'USDC',
    // A JWT the account created for reading (POST /v1/account/tokens, up to a year; the UI's API tokens), handed to
    // ccxt as its auth token: no private key, main or subkey, is read, so nothing here can sign an order.
    credentials: ['token'],
    options: {},
    maxDepth: 100,
    calls: {
      balance: 'fetchBalance (GET /v1/balance)',
      positions: 'fetchPositions (GET /v1/positions: side, size, average_entry_price)',
      tiers:
        'loadMarkets (GET /v1/markets: delta1_cross_margin_params; mmr = mmf_factor × imf_base, max leverage 1 / imf_base); one tier, its cap far above any position',
      prices: 'fetchTicker and fetchFundingRate (GET /v1/markets/summary: mark_price, underlying_price as index, last_traded_price)',
      funding:
        "fetchFundingRate (GET /v1/markets/summary: funding_rate, per funding period; funding_period_hours of GET /v1/markets); Paradex accrues continuously, checked on the period's grid",
      book: 'fetchOrderBook (GET /v1/orderbook/{market})',
      ohlcv: 'fetchOHLCV (GET /v1/markets/klines, resolutions up to 1 hour)',
    },
  },
}

/** dYdX v4 has one margin tier; this cap stands for "no cap" (far above any position the venue admits). */
export const ONE_TIER_CAP = '1000000000000'

/** The environment variable that holds one credential: BINANCEUSDM_APIKEY, OKX_PASSWORD, HYPERLIQUID_WALLETADDRESS. */
export function credentialVariable(ccxtId: string, property: string): string {
  return `${ccxtId}_${property}`.toUpperCase()
}
