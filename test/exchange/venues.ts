// The venues' REST responses the local server answers with, written from each venue's API documentation
// (field names and nesting as documented; figures chosen for the tests). Times are relative to the test's
// clock, so the written file's funding instant is in its future and the candles end before it.
import { on, onInfo, type Route } from './server.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The next instant on a grid of `hours` after `now`. */
export const nextOnGrid = (now: number, hours: number) => (Math.floor(now / (hours * HOUR)) + 1) * hours * HOUR

/** 32 daily closes ending with today's (still open) candle: log returns of about ±2%. */
export function dailyCloses(start: number, now: number): { time: number; close: string }[] {
  const today = Math.floor(now / DAY) * DAY
  const out: { time: number; close: string }[] = []
  let price = start
  for (let k = 31; k >= 0; k--) {
    out.push({ time: today - k * DAY, close: price.toFixed(2) })
    price *= Math.exp((k % 2 === 0 ? 0.02 : -0.018) * (1 + (k % 5) / 10))
  }
  return out
}

/** Close-to-close log-return volatility of the finished candles (all but the last), annualised by √perYear (365 daily, 8,760 hourly): the test's own computation. */
export function expectedVolatility(closes: { close: string }[], returns = 30, perYear = 365): number {
  const finished = closes.slice(0, -1).slice(-(returns + 1))
  const logs = finished.slice(1).map((c, i) => Math.log(Number(c.close) / Number(finished[i]!.close)))
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length
  const variance = logs.reduce((a, r) => a + (r - mean) ** 2, 0) / (logs.length - 1)
  return Math.sqrt(variance * perYear)
}

export interface VenueFixture {
  ccxtId: string
  env: Record<string, string>
  routes: Route[]
  /** Candles per venue market id, to compute the expected volatility. */
  closes: Record<string, { time: number; close: string }[]>
}

// ---------------------------------------------------------------- Binance USDⓈ-M (developers.binance.com, derivatives/usds-margined-futures)

export function binance(now: number): VenueFixture {
  const next = nextOnGrid(now, 8)
  const closes = { BTCUSDT: dailyCloses(62000, now), ETHUSDT: dailyCloses(3100, now) }
  const filters = (tick: string, step: string) => [
    { filterType: 'PRICE_FILTER', minPrice: tick, maxPrice: '4529764', tickSize: tick },
    { filterType: 'LOT_SIZE', minQty: step, maxQty: '1000', stepSize: step },
    { filterType: 'MARKET_LOT_SIZE', minQty: step, maxQty: '120', stepSize: step },
    { filterType: 'MAX_NUM_ORDERS', limit: 200 },
    { filterType: 'MIN_NOTIONAL', notional: '100' },
    { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
  ]
  const symbol = (base: string, tick: string, step: string) => ({
    symbol: `${base}USDT`,
    pair: `${base}USDT`,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: 'TRADING',
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: base,
    quoteAsset: 'USDT',
    marginAsset: 'USDT',
    pricePrecision: 2,
    quantityPrecision: 3,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    underlyingSubType: [],
    settlePlan: 0,
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    filters: filters(tick, step),
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
  })
  const brackets = [
    { bracket: 1, initialLeverage: 125, notionalCap: 50000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0.0 },
    { bracket: 2, initialLeverage: 100, notionalCap: 600000, notionalFloor: 50000, maintMarginRatio: 0.005, cum: 50.0 },
    { bracket: 3, initialLeverage: 75, notionalCap: 3000000, notionalFloor: 600000, maintMarginRatio: 0.0065, cum: 950.0 },
  ]
  const premium: Record<string, object> = {
    BTCUSDT: {
      symbol: 'BTCUSDT',
      markPrice: '64010.50000000',
      indexPrice: '64000.00000000',
      estimatedSettlePrice: '64005.1',
      lastFundingRate: '0.00010000',
      interestRate: '0.00010000',
      nextFundingTime: next,
      time: now,
    },
    // A 4-hour symbol (listed in fundingInfo): its next instant is on the 4-hour grid.
    ETHUSDT: {
      symbol: 'ETHUSDT',
      markPrice: '3152.40',
      indexPrice: '3151.20',
      estimatedSettlePrice: '3151.9',
      lastFundingRate: '0.00025000',
      interestRate: '0.00010000',
      nextFundingTime: nextOnGrid(now, 4),
      time: now,
    },
  }
  const last: Record<string, string> = { BTCUSDT: '63990.00', ETHUSDT: '3149.90' }
  const books: Record<string, { bids: string[][]; asks: string[][] }> = {
    BTCUSDT: {
      bids: [
        ['63990.00', '1.200'],
        ['63980.00', '3.400'],
        ['63950.00', '6.000'],
      ],
      asks: [
        ['64000.00', '0.800'],
        ['64010.00', '2.000'],
        ['64040.00', '5.500'],
      ],
    },
    ETHUSDT: {
      bids: [
        ['3149.80', '8.000'],
        ['3149.50', '15.000'],
      ],
      asks: [
        ['3150.00', '6.000'],
        ['3150.40', '12.000'],
      ],
    },
  }
  const position = (s: string, amt: string, entry: string, isolatedWallet: string) => ({
    symbol: s,
    positionSide: 'BOTH',
    positionAmt: amt,
    entryPrice: entry,
    breakEvenPrice: entry,
    markPrice: (premium[s] as { markPrice: string } | undefined)?.markPrice ?? '0',
    unRealizedProfit: '0',
    liquidationPrice: '0',
    isolatedMargin: isolatedWallet,
    notional: String(Number(amt) * Number((premium[s] as { markPrice: string } | undefined)?.markPrice ?? 0)),
    marginAsset: 'USDT',
    isolatedWallet,
    initialMargin: '0',
    maintMargin: '0',
    positionInitialMargin: '0',
    openOrderInitialMargin: '0',
    adl: 1,
    bidNotional: '0',
    askNotional: '0',
    updateTime: now,
  })
  const sym = (r: { query: URLSearchParams }) => r.query.get('symbol') ?? ''
  return {
    ccxtId: 'binanceusdm',
    env: { BINANCEUSDM_APIKEY: 'test-key', BINANCEUSDM_SECRET: 'test-secret' },
    closes,
    routes: [
      on('GET', '/fapi/v1/exchangeInfo', () => ({
        timezone: 'UTC',
        serverTime: now,
        futuresType: 'U_MARGINED',
        rateLimits: [],
        exchangeFilters: [],
        assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
        symbols: [symbol('BTC', '0.10', '0.001'), symbol('ETH', '0.01', '0.001')],
      })),
      on('GET', '/fapi/v3/positionRisk', () => [
        position('BTCUSDT', '0.500', '60000.0', '0'),
        position('ETHUSDT', '-4.000', '3200.00', '2000'),
        position('SOLUSDT', '0', '0.0', '0'),
      ]),
      on('GET', '/fapi/v1/symbolConfig', () => [
        { symbol: 'BTCUSDT', marginType: 'CROSSED', isAutoAddMargin: 'false', leverage: 20, maxNotionalValue: '10000000' },
        { symbol: 'ETHUSDT', marginType: 'ISOLATED', isAutoAddMargin: 'false', leverage: 10, maxNotionalValue: '10000000' },
      ]),
      on('GET', '/fapi/v3/account', () => account()),
      on('GET', '/fapi/v1/leverageBracket', (r) =>
        ['BTCUSDT', 'ETHUSDT'].filter((s) => !sym(r) || s === sym(r)).map((s) => ({ symbol: s, notionalCoef: 1.0, brackets })),
      ),
      on('GET', '/fapi/v1/premiumIndex', (r) => premium[sym(r)]),
      // Get Funding Rate Info: only the symbols whose interval or cap was adjusted; BTCUSDT is not listed (8h).
      on('GET', '/fapi/v1/fundingInfo', () => [
        { symbol: 'ETHUSDT', adjustedFundingRateCap: '0.02000000', adjustedFundingRateFloor: '-0.02000000', fundingIntervalHours: 4, disclaimer: false },
        { symbol: 'BLZUSDT', adjustedFundingRateCap: '0.03000000', adjustedFundingRateFloor: '-0.03000000', fundingIntervalHours: 1, disclaimer: false },
      ]),
      on('GET', '/fapi/v1/ticker/24hr', (r) => ({
        symbol: sym(r),
        priceChange: '0',
        priceChangePercent: '0',
        weightedAvgPrice: last[sym(r)],
        lastPrice: last[sym(r)],
        lastQty: '0.010',
        openPrice: last[sym(r)],
        highPrice: last[sym(r)],
        lowPrice: last[sym(r)],
        volume: '1000',
        quoteVolume: '1000',
        openTime: now - DAY,
        closeTime: now,
        firstId: 1,
        lastId: 2,
        count: 2,
      })),
      on('GET', '/fapi/v1/depth', (r) => ({ lastUpdateId: 1027024, E: now, T: now, ...books[sym(r)] })),
      on('GET', '/fapi/v1/klines', (r) =>
        closes[sym(r) as keyof typeof closes].map((c) => [c.time, c.close, c.close, c.close, c.close, '100', c.time + DAY - 1, '1000', 10, '50', '500', '0']),
      ),
    ],
  }
  function account() {
    return {
      totalInitialMargin: '0',
      totalMaintMargin: '0',
      totalWalletBalance: '27000.00',
      totalUnrealizedProfit: '0',
      totalMarginBalance: '27000.00',
      totalPositionInitialMargin: '0',
      totalOpenOrderInitialMargin: '0',
      totalCrossWalletBalance: '25000.00',
      totalCrossUnPnl: '0',
      availableBalance: '25000.00',
      maxWithdrawAmount: '25000.00',
      assets: [
        {
          asset: 'USDT',
          walletBalance: '27000.00',
          unrealizedProfit: '0',
          marginBalance: '27000.00',
          maintMargin: '0',
          initialMargin: '0',
          positionInitialMargin: '0',
          openOrderInitialMargin: '0',
          crossWalletBalance: '25000.00',
          crossUnPnl: '0',
          availableBalance: '25000.00',
          maxWithdrawAmount: '25000.00',
          updateTime: now,
        },
      ],
      positions: [],
    }
  }
}

// ---------------------------------------------------------------- Bybit v5 (bybit-exchange.github.io/docs/v5)

export function bybit(now: number): VenueFixture {
  const next = nextOnGrid(now, 8)
  const closes = { BTCUSDT: dailyCloses(61000, now) }
  const ok = (result: unknown) => ({ retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: now })
  const instrument = {
    symbol: 'BTCUSDT',
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: 'BTC',
    quoteCoin: 'USDT',
    launchTime: '1585526400000',
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: '2',
    leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
    priceFilter: { minPrice: '0.10', maxPrice: '199999.80', tickSize: '0.10' },
    lotSizeFilter: {
      maxOrderQty: '100.000',
      minOrderQty: '0.001',
      qtyStep: '0.001',
      postOnlyMaxOrderQty: '1000.000',
      maxMktOrderQty: '100.000',
      minNotionalValue: '5',
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: 'USDT',
    copyTrading: 'both',
    upperFundingRate: '0.00375',
    lowerFundingRate: '-0.00375',
    isPreListing: false,
    preListingInfo: null,
  }
  const ticker = {
    symbol: 'BTCUSDT',
    lastPrice: '64005.50',
    indexPrice: '64000.10',
    markPrice: '64003.20',
    prevPrice24h: '63000.00',
    price24hPcnt: '0.0159',
    highPrice24h: '64500.00',
    lowPrice24h: '62800.00',
    prevPrice1h: '64000.00',
    openInterest: '50000.000',
    openInterestValue: '3200160000.00',
    turnover24h: '1000000.00',
    volume24h: '15.600',
    fundingRate: '0.0001',
    nextFundingTime: String(next),
    predictedDeliveryPrice: '',
    basisRate: '',
    deliveryFeeRate: '',
    deliveryTime: '0',
    ask1Size: '0.800',
    bid1Price: '64005.40',
    ask1Price: '64005.50',
    bid1Size: '1.100',
    basis: '',
  }
  return {
    ccxtId: 'bybit',
    env: { BYBIT_APIKEY: 'test-key', BYBIT_SECRET: 'test-secret' },
    closes,
    routes: [
      on('GET', '/v5/market/instruments-info', (r) =>
        r.query.get('category') === 'linear'
          ? ok({ category: 'linear', list: [instrument], nextPageCursor: '' })
          : ok({ category: r.query.get('category'), list: [], nextPageCursor: '' }),
      ),
      on('GET', '/v5/position/list', () =>
        ok({
          category: 'linear',
          nextPageCursor: '',
          list: [
            {
              positionIdx: 0,
              riskId: 1,
              riskLimitValue: '2000000',
              symbol: 'BTCUSDT',
              side: 'Buy',
              size: '0.300',
              avgPrice: '61000',
              positionValue: '18300',
              tradeMode: 0,
              autoAddMargin: 0,
              positionStatus: 'Normal',
              leverage: '10',
              markPrice: '64003.20',
              liqPrice: '',
              bustPrice: '',
              positionIM: '1830',
              positionMM: '91.5',
              positionBalance: '0',
              tpslMode: 'Full',
              takeProfit: '0',
              stopLoss: '0',
              trailingStop: '0',
              unrealisedPnl: '900.96',
              curRealisedPnl: '0',
              cumRealisedPnl: '0',
              adlRankIndicator: 2,
              createdTime: String(now - DAY),
              updatedTime: String(now),
              seq: 1,
              isReduceOnly: false,
            },
          ],
        }),
      ),
      on('GET', '/v5/account/wallet-balance', () =>
        ok({
          list: [
            {
              accountType: 'UNIFIED',
              accountIMRate: '0.1',
              accountMMRate: '0.01',
              totalEquity: '15900.96',
              totalWalletBalance: '15000',
              totalMarginBalance: '15900.96',
              totalAvailableBalance: '14070.96',
              totalPerpUPL: '900.96',
              totalInitialMargin: '1830',
              totalMaintenanceMargin: '91.5',
              coin: [
                {
                  coin: 'USDT',
                  equity: '15900.96',
                  usdValue: '15900.96',
                  walletBalance: '15000',
                  locked: '0',
                  borrowAmount: '0',
                  accruedInterest: '0',
                  totalOrderIM: '0',
                  totalPositionIM: '1830',
                  totalPositionMM: '91.5',
                  unrealisedPnl: '900.96',
                  cumRealisedPnl: '0',
                  bonus: '0',
                  marginCollateral: true,
                  collateralSwitch: true,
                },
              ],
            },
          ],
        }),
      ),
      on('GET', '/v5/market/risk-limit', () =>
        ok({
          category: 'linear',
          list: [
            {
              id: 1,
              symbol: 'BTCUSDT',
              riskLimitValue: '2000000',
              maintenanceMargin: '0.005',
              initialMargin: '0.01',
              isLowestRisk: 1,
              maxLeverage: '100.00',
              mmDeduction: '',
            },
            {
              id: 2,
              symbol: 'BTCUSDT',
              riskLimitValue: '2600000',
              maintenanceMargin: '0.0056',
              initialMargin: '0.0111',
              isLowestRisk: 0,
              maxLeverage: '90.00',
              mmDeduction: '1200',
            },
          ],
        }),
      ),
      on('GET', '/v5/market/tickers', () => ok({ category: 'linear', list: [ticker] })),
      on('GET', '/v5/market/orderbook', () =>
        ok({
          s: 'BTCUSDT',
          b: [
            ['64005.40', '1.100'],
            ['64005.00', '2.500'],
            ['64000.00', '6.000'],
          ],
          a: [
            ['64005.50', '0.800'],
            ['64006.00', '3.000'],
            ['64010.00', '7.000'],
          ],
          ts: now,
          u: 18521288,
          seq: 7961638724,
          cts: now,
        }),
      ),
      on('GET', '/v5/market/kline', () =>
        ok({
          category: 'linear',
          symbol: 'BTCUSDT',
          list: [...closes.BTCUSDT].reverse().map((c) => [String(c.time), c.close, c.close, c.close, c.close, '100', '6400000']),
        }),
      ),
    ],
  }
}

// ---------------------------------------------------------------- OKX v5 (www.okx.com/docs-v5): sizes in contracts of 0.01 BTC

export function okx(now: number): VenueFixture {
  const next = nextOnGrid(now, 8)
  const closes = { 'BTC-USDT-SWAP': dailyCloses(63000, now) }
  const ok = (data: unknown[]) => ({ code: '0', msg: '', data })
  const instrument = {
    instType: 'SWAP',
    instId: 'BTC-USDT-SWAP',
    uly: 'BTC-USDT',
    instFamily: 'BTC-USDT',
    baseCcy: '',
    quoteCcy: '',
    settleCcy: 'USDT',
    ctVal: '0.01',
    ctMult: '1',
    ctValCcy: 'BTC',
    ctType: 'linear',
    optType: '',
    stk: '',
    listTime: '1611916828000',
    expTime: '',
    lever: '100',
    tickSz: '0.1',
    lotSz: '0.01',
    minSz: '0.01',
    maxLmtSz: '100000000',
    maxMktSz: '12000',
    maxLmtAmt: '20000000',
    maxMktAmt: '',
    state: 'live',
    alias: '',
    category: '1',
    ruleType: 'normal',
  }
  return {
    ccxtId: 'okx',
    env: { OKX_APIKEY: 'test-key', OKX_SECRET: 'test-secret', OKX_PASSWORD: 'test-passphrase' },
    closes,
    routes: [
      on('GET', '/api/v5/public/instruments', (r) => ok(r.query.get('instType') === 'SWAP' ? [instrument] : [])),
      on('GET', '/api/v5/account/positions', () =>
        ok([
          {
            instType: 'SWAP',
            instId: 'BTC-USDT-SWAP',
            mgnMode: 'isolated',
            posId: '1',
            posSide: 'net',
            pos: '-20',
            baseBal: '',
            quoteBal: '',
            posCcy: '',
            availPos: '20',
            avgPx: '65000',
            markPx: '64002.5',
            upl: '199.5',
            uplRatio: '0.07',
            lever: '5',
            liqPx: '77500',
            imr: '',
            margin: '2600',
            mgnRatio: '30',
            mmr: '51.2',
            liab: '',
            liabCcy: '',
            interest: '0',
            tradeId: '1',
            notionalUsd: '12800.5',
            optVal: '',
            adl: '1',
            ccy: 'USDT',
            last: '64001.1',
            idxPx: '64000.3',
            cTime: String(now - DAY),
            uTime: String(now),
          },
        ]),
      ),
      on('GET', '/api/v5/account/balance', () =>
        ok([
          {
            adjEq: '',
            imr: '',
            isoEq: '2799.5',
            mgnRatio: '',
            mmr: '',
            notionalUsd: '',
            ordFroz: '',
            totalEq: '12799.5',
            uTime: String(now),
            details: [
              {
                ccy: 'USDT',
                eq: '12799.5',
                cashBal: '12600',
                uTime: String(now),
                isoEq: '2799.5',
                availEq: '10000',
                disEq: '12799.5',
                availBal: '10000',
                frozenBal: '2600',
                ordFrozen: '0',
                liab: '',
                upl: '199.5',
                uplLiab: '',
                crossLiab: '',
                isoLiab: '',
                mgnRatio: '',
                interest: '',
                twap: '0',
                maxLoan: '',
                eqUsd: '12799.5',
                notionalLever: '',
                stgyEq: '0',
                isoUpl: '199.5',
              },
            ],
          },
        ]),
      ),
      on('GET', '/api/v5/public/position-tiers', () =>
        ok([
          {
            uly: 'BTC-USDT',
            instFamily: 'BTC-USDT',
            instId: '',
            tier: '1',
            minSz: '0',
            maxSz: '1000',
            mmr: '0.004',
            imr: '0.01',
            maxLever: '100',
            optMgnFactor: '0',
            quoteMaxLoan: '',
            baseMaxLoan: '',
          },
          {
            uly: 'BTC-USDT',
            instFamily: 'BTC-USDT',
            instId: '',
            tier: '2',
            minSz: '1001',
            maxSz: '2000',
            mmr: '0.006',
            imr: '0.0133',
            maxLever: '75',
            optMgnFactor: '0',
            quoteMaxLoan: '',
            baseMaxLoan: '',
          },
        ]),
      ),
      on('GET', '/api/v5/public/funding-rate', () =>
        ok([
          {
            instType: 'SWAP',
            instId: 'BTC-USDT-SWAP',
            method: 'current_period',
            fundingRate: '0.00008',
            nextFundingRate: '',
            fundingTime: String(next),
            nextFundingTime: String(next + 8 * HOUR),
            minFundingRate: '-0.0075',
            maxFundingRate: '0.0075',
            settState: 'processing',
            settFundingRate: '0.0001',
            premium: '0.0001',
            ts: String(now),
          },
        ]),
      ),
      on('GET', '/api/v5/market/ticker', () =>
        ok([
          {
            instType: 'SWAP',
            instId: 'BTC-USDT-SWAP',
            last: '64001.1',
            lastSz: '1',
            askPx: '64001.2',
            askSz: '50',
            bidPx: '64001.1',
            bidSz: '80',
            open24h: '63000',
            high24h: '64500',
            low24h: '62800',
            volCcy24h: '1000',
            vol24h: '100000',
            ts: String(now),
            sodUtc0: '63500',
            sodUtc8: '63400',
          },
        ]),
      ),
      on('GET', '/api/v5/public/mark-price', () => ok([{ instType: 'SWAP', instId: 'BTC-USDT-SWAP', markPx: '64002.5', ts: String(now) }])),
      on('GET', '/api/v5/market/index-tickers', () =>
        ok([
          { instId: 'BTC-USDT', idxPx: '64000.3', high24h: '64500', low24h: '62800', open24h: '63000', sodUtc0: '63500', sodUtc8: '63400', ts: String(now) },
        ]),
      ),
      on('GET', '/api/v5/market/books', () =>
        ok([
          {
            asks: [
              ['64001.2', '50', '0', '3'],
              ['64002', '120', '0', '5'],
              ['64010', '400', '0', '9'],
            ],
            bids: [
              ['64001.1', '80', '0', '4'],
              ['64000', '150', '0', '6'],
              ['63990', '500', '0', '11'],
            ],
            ts: String(now),
          },
        ]),
      ),
      ...['/api/v5/market/candles', '/api/v5/market/history-candles'].map((path) =>
        on('GET', path, () =>
          ok([...closes['BTC-USDT-SWAP']].reverse().map((c) => [String(c.time), c.close, c.close, c.close, c.close, '1000', '10', '640000', '1'])),
        ),
      ),
    ],
  }
}

// ---------------------------------------------------------------- Hyperliquid (hyperliquid.gitbook.io, for-developers/api/info-endpoint)

export const WALLET = '0x0000000000000000000000000000000000000abc'

export function hyperliquid(now: number): VenueFixture {
  const closes = { BTC: dailyCloses(62500, now) }
  const meta = {
    universe: [
      { name: 'BTC', szDecimals: 5, maxLeverage: 40, marginTableId: 56 },
      { name: 'ETH', szDecimals: 4, maxLeverage: 25, marginTableId: 25 },
    ],
    marginTables: [
      [
        56,
        {
          description: 'tiered 40x',
          marginTiers: [
            { lowerBound: '0.0', maxLeverage: 40 },
            { lowerBound: '150000000.0', maxLeverage: 20 },
          ],
        },
      ],
      [25, { description: '', marginTiers: [{ lowerBound: '0.0', maxLeverage: 25 }] }],
    ],
  }
  const ctx = (markPx: string, oraclePx: string, midPx: string, funding: string) => ({
    funding,
    openInterest: '10000.0',
    prevDayPx: oraclePx,
    dayNtlVlm: '1000000.0',
    premium: '0.00003',
    oraclePx,
    markPx,
    midPx,
    impactPxs: [midPx, midPx],
    dayBaseVlm: '100.0',
  })
  const state = {
    marginSummary: { accountValue: '20150.0', totalNtlPos: '12800.6', totalRawUsd: '7349.4', totalMarginUsed: '1280.06' },
    crossMarginSummary: { accountValue: '20150.0', totalNtlPos: '12800.6', totalRawUsd: '7349.4', totalMarginUsed: '1280.06' },
    crossMaintenanceMarginUsed: '160.0',
    withdrawable: '18869.94',
    assetPositions: [
      {
        type: 'oneWay',
        position: {
          coin: 'BTC',
          szi: '0.2',
          leverage: { type: 'cross', value: 10 },
          entryPx: '63250.0',
          positionValue: '12800.6',
          unrealizedPnl: '150.6',
          returnOnEquity: '0.119',
          liquidationPx: null,
          marginUsed: '1280.06',
          maxLeverage: 40,
          cumFunding: { allTime: '0.0', sinceOpen: '0.0', sinceChange: '0.0' },
        },
      },
    ],
    time: now,
  }
  return {
    ccxtId: 'hyperliquid',
    env: { HYPERLIQUID_WALLETADDRESS: WALLET },
    closes,
    routes: [
      onInfo('metaAndAssetCtxs', () => [meta, [ctx('64003.0', '64000.0', '64004.5', '0.0000125'), ctx('3152.4', '3151.2', '3151.5', '0.00001')]]),
      onInfo('meta', () => meta),
      onInfo('clearinghouseState', (r) => (r.body.user === WALLET ? state : undefined)),
      onInfo('l2Book', (r) =>
        r.body.coin === 'BTC'
          ? {
              coin: 'BTC',
              time: now,
              levels: [
                [
                  { px: '64004.0', sz: '1.5', n: 3 },
                  { px: '64000.0', sz: '4.0', n: 7 },
                  { px: '63990.0', sz: '9.0', n: 12 },
                ],
                [
                  { px: '64005.0', sz: '1.2', n: 2 },
                  { px: '64010.0', sz: '3.5', n: 6 },
                  { px: '64020.0', sz: '8.0', n: 10 },
                ],
              ],
            }
          : undefined,
      ),
      onInfo('candleSnapshot', () =>
        closes.BTC.map((c) => ({ t: c.time, T: c.time + DAY - 1, s: 'BTC', i: '1d', o: c.close, c: c.close, h: c.close, l: c.close, v: '100.0', n: 1000 })),
      ),
    ],
  }
}

// ---------------------------------------------------------------- dYdX v4 indexer (docs.dydx.exchange, indexer-client/http)

export function dydx(now: number): VenueFixture {
  const closes = { 'BTC-USD': dailyCloses(62800, now) }
  const market = {
    clobPairId: '0',
    ticker: 'BTC-USD',
    status: 'ACTIVE',
    oraclePrice: '64000.5',
    priceChange24H: '100',
    volume24H: '1000000',
    trades24H: 1000,
    nextFundingRate: '0.0000125',
    initialMarginFraction: '0.05',
    maintenanceMarginFraction: '0.03',
    openInterest: '500',
    atomicResolution: -10,
    quantumConversionExponent: -9,
    tickSize: '1',
    stepSize: '0.0001',
    stepBaseQuantums: 1000000,
    subticksPerTick: 100000,
    marketType: 'CROSS',
    openInterestLowerCap: '0',
    openInterestUpperCap: '0',
    baseOpenInterest: '500',
    defaultFundingRate1H: '0',
  }
  const position = {
    market: 'BTC-USD',
    status: 'OPEN',
    side: 'LONG',
    size: '0.15',
    maxSize: '0.15',
    entryPrice: '62000',
    exitPrice: null,
    realizedPnl: '0',
    unrealizedPnl: '300.075',
    createdAt: new Date(now - DAY).toISOString(),
    createdAtHeight: '1000',
    closedAt: null,
    sumOpen: '0.15',
    sumClose: '0',
    netFunding: '0',
    subaccountNumber: 0,
  }
  const level = (price: string, size: string) => ({ price, size })
  return {
    ccxtId: 'dydx',
    env: { DYDX_WALLETADDRESS: 'dydx1testaddress' },
    closes,
    routes: [
      on('GET', '/v4/perpetualMarkets', () => ({ markets: { 'BTC-USD': market } })),
      on('GET', '/v4/perpetualPositions', (r) => (r.query.get('address') === 'dydx1testaddress' ? { positions: [position] } : undefined)),
      on('GET', '/v4/addresses/dydx1testaddress/subaccountNumber/0', () => ({
        subaccount: {
          address: 'dydx1testaddress',
          subaccountNumber: 0,
          equity: '10300.075',
          freeCollateral: '9800',
          openPerpetualPositions: { 'BTC-USD': position },
          assetPositions: { USDC: { size: '999.999', symbol: 'USDC', side: 'LONG', assetId: '0', subaccountNumber: 0 } },
          marginEnabled: true,
          updatedAtHeight: '1000',
          latestProcessedBlockHeight: '1001',
        },
      })),
      on('GET', '/v4/trades/perpetualMarket/BTC-USD', () => ({
        trades: [{ id: '1', side: 'BUY', size: '0.01', price: '64001', type: 'LIMIT', createdAt: new Date(now - 1000).toISOString(), createdAtHeight: '1000' }],
      })),
      on('GET', '/v4/orderbooks/perpetualMarket/BTC-USD', () => ({
        bids: [level('64000', '1.2'), level('63995', '3'), level('63980', '8')],
        asks: [level('64002', '1'), level('64005', '2.5'), level('64020', '7')],
      })),
      on('GET', '/v4/candles/perpetualMarkets/BTC-USD', () => ({
        candles: [...closes['BTC-USD']].reverse().map((c, i) => ({
          startedAt: new Date(c.time).toISOString(),
          ticker: 'BTC-USD',
          resolution: '1DAY',
          low: c.close,
          high: c.close,
          open: c.close,
          close: c.close,
          baseTokenVolume: '10',
          usdVolume: '640000',
          trades: 100,
          startingOpenInterest: '500',
          id: String(i),
        })),
      })),
    ],
  }
}

// ---------------------------------------------------------------- Paradex (docs.paradex.trade/api/prod: markets, account, positions)

/** `count` hourly closes ending with this hour's (still open) candle, log returns of about ±0.4%: Paradex serves candles up to 1 hour. */
export function hourlyCloses(start: number, now: number, count = 74): { time: number; close: string }[] {
  const thisHour = Math.floor(now / HOUR) * HOUR
  let price = start
  return Array.from({ length: count }, (_, i) => {
    const k = count - 1 - i
    const candle = { time: thisHour - k * HOUR, close: price.toFixed(2) }
    price *= Math.exp((k % 2 === 0 ? 0.004 : -0.0036) * (1 + (k % 5) / 10))
    return candle
  })
}

/** The read token the tests give as PARADEX_TOKEN: the server answers the account's calls only when it is sent. */
export const PARADEX_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.test-read-token.signature'

export function paradex(now: number): VenueFixture {
  const closes = { 'BTC-USD-PERP': hourlyCloses(62500, now) }
  const market = (base: string, tick: string, step: string, imf: string) => ({
    symbol: `${base}-USD-PERP`,
    base_currency: base,
    quote_currency: 'USD',
    settlement_currency: 'USDC',
    order_size_increment: step,
    price_tick_size: tick,
    min_notional: '10',
    open_at: 1717065600000,
    expiry_at: 0,
    asset_kind: 'PERP',
    market_kind: 'cross',
    position_limit: '500',
    price_bands_width: '0.05',
    max_open_orders: 100,
    max_funding_rate: '0.05',
    delta1_cross_margin_params: { imf_base: imf, imf_shift: '0', imf_factor: '0', mmf_factor: '0.5' },
    price_feed_id: 'GVXRSBjFk6e6J3NbVPXohDJetcTjaeeuykUpbQF8UoMU',
    oracle_ewma_factor: '0.2',
    max_order_size: '100',
    max_funding_rate_change: '0.0005',
    max_tob_spread: '0.2',
    interest_rate: '0.0001',
    clamp_rate: '0.05',
    funding_period_hours: 8,
    fee_config: {
      api_fee: { maker_fee: { fee: '0.00003', fee_cap: '0.5', fee_floor: '-0.5' }, taker_fee: { fee: '0.0002', fee_cap: '0.5', fee_floor: '-0.5' } },
      interactive_fee: { maker_fee: { fee: '0', fee_cap: '0.5', fee_floor: '-0.5' }, taker_fee: { fee: '0', fee_cap: '0.5', fee_floor: '-0.5' } },
    },
    tags: [],
  })
  const summary: Record<string, object> = {
    'BTC-USD-PERP': {
      symbol: 'BTC-USD-PERP',
      oracle_price: '63998.6',
      mark_price: '64000.5',
      last_traded_price: '64001.0',
      bid: '64000.9',
      ask: '64001.2',
      volume_24h: '5815541.39',
      total_volume: '584031465.52',
      created_at: now,
      underlying_price: '63998.2',
      open_interest: '162.272',
      funding_rate: '0.00008',
      price_change_rate_24h: '0.009032',
    },
    'ETH-USD-PERP': {
      symbol: 'ETH-USD-PERP',
      oracle_price: '3149.9',
      mark_price: '3150.20',
      last_traded_price: '3150.40',
      bid: '3150.30',
      ask: '3150.50',
      volume_24h: '1815541.39',
      total_volume: '84031465.52',
      created_at: now,
      underlying_price: '3149.80',
      open_interest: '1620.5',
      funding_rate: '-0.00002',
      price_change_rate_24h: '-0.0041',
    },
  }
  const books: Record<string, { bids: string[][]; asks: string[][] }> = {
    'BTC-USD-PERP': {
      bids: [
        ['64000.9', '0.6'],
        ['64000.0', '1.8'],
        ['63990.0', '4.5'],
      ],
      asks: [
        ['64001.2', '0.5'],
        ['64002.0', '1.4'],
        ['64010.0', '3.9'],
      ],
    },
    'ETH-USD-PERP': {
      bids: [
        ['3150.30', '12'],
        ['3150.00', '30'],
      ],
      asks: [
        ['3150.50', '10'],
        ['3151.00', '28'],
      ],
    },
  }
  const position = (m: string, side: string, size: string, entry: string, upnl: string, status = 'OPEN') => ({
    id: `0x49ddd7a564c978f6e4089ff8355b56a42b7e2d48ba282cb5aad60f04bea0ec3-${m}`,
    account: '0x49ddd7a564c978f6e4089ff8355b56a42b7e2d48ba282cb5aad60f04bea0ec3',
    market: m,
    status,
    side,
    size,
    average_entry_price: entry,
    average_entry_price_usd: entry,
    average_exit_price: '0',
    realized_pnl: '0',
    unrealized_pnl: upnl,
    unrealized_funding_pnl: '-0.5',
    cost: String(Number(size) * Number(entry)),
    cost_usd: String(Number(size) * Number(entry)),
    cached_funding_index: '35202.1002351',
    created_at: now - DAY,
    last_updated_at: now - HOUR,
    last_fill_id: '1718947571560201703986670001',
    seq_no: 1718950074249,
    liquidation_price: '',
    leverage: '',
    closed_at: 0,
  })
  const authorized = (r: { headers: Record<string, unknown> }) => r.headers.authorization === `Bearer ${PARADEX_TOKEN}`
  return {
    ccxtId: 'paradex',
    env: { PARADEX_TOKEN },
    closes,
    routes: [
      on('GET', '/v1/markets', () => ({ results: [market('BTC', '0.1', '0.001', '0.02'), market('ETH', '0.01', '0.01', '0.05')] })),
      on('GET', '/v1/markets/summary', (r) => ({ results: [summary[r.query.get('market') ?? '']] })),
      on('GET', '/v1/orderbook/BTC-USD-PERP', () => ({ market: 'BTC-USD-PERP', seq_no: 14115975, last_updated_at: now, ...books['BTC-USD-PERP'] })),
      on('GET', '/v1/orderbook/ETH-USD-PERP', () => ({ market: 'ETH-USD-PERP', seq_no: 14115976, last_updated_at: now, ...books['ETH-USD-PERP'] })),
      on('GET', '/v1/bbo/BTC-USD-PERP', () => ({
        market: 'BTC-USD-PERP',
        seq_no: 20784,
        last_updated_at: now,
        bid: '64000.9',
        bid_size: '0.6',
        ask: '64001.2',
        ask_size: '0.5',
      })),
      on('GET', '/v1/markets/klines', (r) =>
        r.query.get('symbol') === 'BTC-USD-PERP' && r.query.get('resolution') === '60'
          ? { results: closes['BTC-USD-PERP'].map((c) => [c.time, Number(c.close), Number(c.close), Number(c.close), Number(c.close), 1591]) }
          : { results: [] },
      ),
      (r) =>
        r.path === '/v1/positions' && authorized(r)
          ? {
              results: [
                position('BTC-USD-PERP', 'LONG', '0.25', '62000', '500.125'),
                position('ETH-USD-PERP', 'SHORT', '-3', '3200', '149.4'),
                position('ETH-USD-PERP', 'LONG', '0', '3000', '0', 'CLOSED'),
              ],
            }
          : undefined,
      (r) => (r.path === '/v1/balance' && authorized(r) ? { results: [{ token: 'USDC', size: '20000', last_updated_at: now }] } : undefined),
      (r) =>
        r.path === '/v1/account' && authorized(r)
          ? {
              account: '0x49ddd7a564c978f6e4089ff8355b56a42b7e2d48ba282cb5aad60f04bea0ec3',
              account_value: '20649.525',
              free_collateral: '19000',
              initial_margin_requirement: '1047.5',
              maintenance_margin_requirement: '523.75',
              margin_cushion: '20125.775',
              seq_no: 1681471234972,
              settlement_asset: 'USDC',
              status: 'ACTIVE',
              total_collateral: '20000',
              updated_at: now,
            }
          : undefined,
    ],
  }
}
