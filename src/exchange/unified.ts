// ccxt's unified structures (positions, balance, leverage tiers, funding rates, tickers, order books,
// candles), as `snapshot` collects them or as a user saved them, turned into a Snapshot. One conversion for
// both, so a saved capture and a live read give the same file. Venue quirks ccxt passes through are undone
// here, each with its reason: OKX counts sizes and tiers in contracts, Bybit's risk-limit rates are percent.
import { Decimal } from '../decimal.js'
import { DEFAULT_WINDOW, realizedVolatility, type VolatilityWindow, volatilityNote } from './candles.js'
import {
  ascendingTiers,
  dec,
  intervalMs,
  type Json,
  type Level,
  type MarketSnapshot,
  optionalDec,
  type PositionSnapshot,
  type Snapshot,
  SnapshotError,
  type Tier,
} from './snapshot.js'
import { SNAPSHOT_VENUES, type SnapshotVenue } from './venues.js'

/** What `snapshot` collects and `import` accepts: ccxt's structures keyed by unified symbol. */
export interface UnifiedCapture {
  exchange: string
  /** When the capture was taken (epoch ms or ISO 8601); the file's `as_of`. */
  timestamp?: number | string
  ccxtVersion?: string
  /** Unified symbol → market (`id`, `contractSize`): from loadMarkets. */
  markets?: Record<string, Json>
  symbols?: string[]
  balance?: Json
  positions?: Json[]
  leverageTiers?: Record<string, Json[]>
  fundingRates?: Record<string, Json>
  tickers?: Record<string, Json>
  /** fetchMarkPrice tickers, where the ticker has no mark (OKX). */
  markPrices?: Record<string, Json>
  /** Index prices where neither ticker nor funding rate has one (OKX's index-tickers), by symbol. */
  indexPrices?: Record<string, number | string>
  orderBooks?: Record<string, Json>
  ohlcv?: Record<string, unknown[][]>
  /** The candles' window (`snapshot --volatility`); 30 daily returns when absent. */
  volatilityWindow?: VolatilityWindow
  /** The account's fee rates, where the venue publishes them with the markets (Paradex's fee_config), and where they came from. */
  fees?: { maker: string; taker: string; source: string }
  /** Where each block came from, by block, when `snapshot` knows the endpoint (written as comments). */
  calls?: Partial<Record<'balance' | 'positions' | 'tiers' | 'prices' | 'funding' | 'book' | 'ohlcv', string>>
}

function venueOf(exchange: unknown): SnapshotVenue {
  const venue = typeof exchange === 'string' ? SNAPSHOT_VENUES[exchange] : undefined
  if (!venue) throw new SnapshotError(`exchange: expected one of ${Object.keys(SNAPSHOT_VENUES).join(', ')}, got ${JSON.stringify(exchange)}`)
  return venue
}

function timeOf(value: unknown, fallback: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value)
  return fallback
}

/** The venue's market id of a unified symbol, from the loaded markets or by ccxt's naming of each venue. */
function marketId(capture: UnifiedCapture, symbol: string): string {
  const id = capture.markets?.[symbol]?.id
  if (typeof id === 'string') return id
  const match = /^([A-Za-z0-9]+)\/([A-Za-z0-9]+)(?::([A-Za-z0-9]+))?$/.exec(symbol)
  if (!match) throw new SnapshotError(`${symbol}: not a ccxt unified symbol (BASE/QUOTE:SETTLE) and no market id given under markets`)
  const [, base, quote] = match
  if (capture.exchange === 'okx') return `${base}-${quote}-SWAP`
  if (capture.exchange === 'hyperliquid') return base!
  return `${base}${quote}`
}

/** Base units per contract: the market's, else a position's; OKX has no default, every other venue counts in base units. */
function contractSize(capture: UnifiedCapture, symbol: string): Decimal {
  const given = capture.markets?.[symbol]?.contractSize ?? capture.positions?.find((p) => p.symbol === symbol)?.contractSize
  if (given !== undefined && given !== null) return dec(given, `markets["${symbol}"].contractSize`)
  if (capture.exchange === 'okx') throw new SnapshotError(`${symbol}: OKX counts in contracts; give markets["${symbol}"].contractSize (from loadMarkets)`)
  return new Decimal(1)
}

/** The isolated margin posted on a position, from the venue's own field (ccxt's `collateral` where it has none). */
function isolatedMargin(exchange: string, p: Json): Decimal | undefined {
  const info = p.info ?? {}
  const field: Record<string, unknown> = {
    binanceusdm: info.isolatedWallet,
    bybit: info.positionBalance ?? info.positionIM,
    okx: info.margin,
    hyperliquid: info.position?.marginUsed,
  }
  return (
    optionalDec(field[exchange], 'isolated margin') ??
    optionalDec(p.collateral, 'position collateral') ??
    optionalDec(p.initialMargin, 'position initialMargin')
  )
}

/** Every open position: `symbols` only adds markets, it never leaves a position out. */
function positionsOf(capture: UnifiedCapture): PositionSnapshot[] {
  const out: PositionSnapshot[] = []
  for (const [i, p] of (capture.positions ?? []).entries()) {
    const where = `positions[${i}]`
    const contracts = optionalDec(p.contracts, `${where}.contracts`)
    if (!contracts || contracts.isZero() || typeof p.symbol !== 'string') continue
    const side = p.side === 'short' || (p.side === undefined && contracts.lt(0)) ? 'short' : 'long'
    const marginMode = p.marginMode === 'isolated' ? 'isolated' : 'cross'
    const size = contracts.abs().times(contractSize(capture, p.symbol))
    out.push({
      market: marketId(capture, p.symbol),
      side,
      size,
      entryPrice: dec(p.entryPrice, `${where}.entryPrice`),
      marginMode,
      margin: marginMode === 'isolated' ? isolatedMargin(capture.exchange, p) : undefined,
      leverage: optionalDec(p.leverage, `${where}.leverage`),
    })
  }
  return out
}

/** The cross wallet's realized balance, from the venue's raw balance (ccxt's `info`), with the field named. */
function walletOf(capture: UnifiedCapture, venue: SnapshotVenue, positions: PositionSnapshot[]): { value: Decimal; source: string } {
  const info = capture.balance?.info
  const settle = venue.settle
  const call = capture.calls?.balance ?? 'fetchBalance'
  const isolated = positions.reduce((sum, p) => sum.plus(p.margin ?? 0), new Decimal(0))
  const lessIsolated = (value: Decimal) => (isolated.isZero() ? value : value.minus(isolated))
  if (info) {
    if (venue.ccxtId === 'binanceusdm') {
      const assets: Json[] = Array.isArray(info) ? info : (info.assets ?? [])
      const asset = assets.find((a) => a.asset === settle)
      if (asset?.crossWalletBalance !== undefined)
        return { value: dec(asset.crossWalletBalance, 'crossWalletBalance'), source: `${call} → ${settle} crossWalletBalance (isolated wallets excluded)` }
    }
    if (venue.ccxtId === 'bybit') {
      const coin = ((info.result ?? info).list?.[0]?.coin ?? []).find((c: Json) => c.coin === settle)
      if (coin?.walletBalance !== undefined)
        return {
          value: lessIsolated(dec(coin.walletBalance, 'walletBalance')),
          source: `${call} → ${settle} walletBalance, less the isolated positions' margin`,
        }
    }
    if (venue.ccxtId === 'okx') {
      const detail = (info.data?.[0]?.details ?? []).find((c: Json) => c.ccy === settle)
      if (detail?.cashBal !== undefined)
        return { value: lessIsolated(dec(detail.cashBal, 'cashBal')), source: `${call} → details[${settle}].cashBal, less the isolated positions' margin` }
    }
    if (venue.ccxtId === 'paradex') {
      const token = (Array.isArray(info) ? info : (info.results ?? [])).find((b: Json) => b.token === settle)
      if (token?.size !== undefined)
        return {
          value: dec(token.size, `${settle} size`),
          source: `${call} → results[${settle}].size (the collateral; Paradex keeps unrealized PnL out of it)`,
        }
      if (info.account_value !== undefined) {
        const upnl = (capture.positions ?? []).reduce<Decimal>((sum, p) => sum.plus(optionalDec(p.unrealizedPnl, 'unrealized_pnl') ?? 0), new Decimal(0))
        return { value: dec(info.account_value, 'account_value').minus(upnl), source: `${call} → account_value less the positions' unrealized_pnl` }
      }
    }
    // ccxt keeps the subaccount itself as the balance's info; the indexer's whole response wraps it in `subaccount`.
    const subaccount = venue.ccxtId === 'dydx' ? (info.subaccount ?? info) : undefined
    if (subaccount?.equity !== undefined) {
      const open = Object.values(subaccount.openPerpetualPositions ?? {}) as Json[]
      const upnl = open.reduce<Decimal>((sum, p) => sum.plus(dec(p.unrealizedPnl ?? 0, 'unrealizedPnl')), new Decimal(0))
      return { value: dec(subaccount.equity, 'subaccount.equity').minus(upnl), source: `${call} → subaccount equity less the open positions' unrealizedPnl` }
    }
    if (venue.ccxtId === 'hyperliquid' && info.crossMarginSummary) {
      const cross = (info.assetPositions ?? []).filter((a: Json) => a.position?.leverage?.type !== 'isolated')
      const upnl = cross.reduce((sum: Decimal, a: Json) => sum.plus(dec(a.position.unrealizedPnl ?? 0, 'unrealizedPnl')), new Decimal(0))
      return {
        value: dec(info.crossMarginSummary.accountValue, 'crossMarginSummary.accountValue').minus(upnl),
        source: `${call} → crossMarginSummary.accountValue less the cross positions' unrealizedPnl`,
      }
    }
  }
  const total = capture.balance?.[settle]?.total ?? capture.balance?.total?.[settle]
  if (total === undefined) throw new SnapshotError(`balance: no ${settle} balance (expected ccxt's balance structure with ${settle}.total, or its info)`)
  const upnl = (capture.positions ?? []).reduce<Decimal>((sum, p) => sum.plus(optionalDec(p.unrealizedPnl, 'unrealizedPnl') ?? 0), new Decimal(0))
  return { value: lessIsolated(dec(total, `balance.${settle}.total`).minus(upnl)), source: `${call} → ${settle}.total less unrealized PnL and isolated margin` }
}

function tiersOf(capture: UnifiedCapture, symbol: string, size: Decimal, mark: Decimal): { tiers: Tier[]; note: string } {
  const raw = capture.leverageTiers?.[symbol]
  if (!raw || raw.length === 0) throw new SnapshotError(`leverageTiers["${symbol}"]: no tiers; the maintenance ladder is required`)
  const okx = capture.exchange === 'okx'
  const tiers = raw.map((t, i): Tier => {
    const where = `leverageTiers["${symbol}"][${i}]`
    const info = t.info ?? {}
    let mmr = optionalDec(t.maintenanceMarginRate, `${where}.maintenanceMarginRate`)
    // Bybit's risk-limit rates are fractions on linear ("0.005") and percent in its inverse example ("0.5" at 100x);
    // ccxt passes them through. An initial rate × max leverage near 100 rather than 1 means percent.
    if (capture.exchange === 'bybit' && info.maintenanceMargin !== undefined) {
      mmr = dec(info.maintenanceMargin, `${where}.info.maintenanceMargin`)
      const initial = optionalDec(info.initialMargin, `${where}.info.initialMargin`)
      if (initial?.times(dec(t.maxLeverage, `${where}.maxLeverage`)).gt(10)) mmr = mmr.div(100)
    }
    const cap = dec(t.maxNotional, `${where}.maxNotional`)
    const amount = capture.exchange === 'binanceusdm' ? info.cum : capture.exchange === 'bybit' ? info.mmDeduction : undefined
    return {
      maxNotional: okx ? cap.times(size).times(mark) : cap,
      mmr: capture.exchange === 'hyperliquid' ? undefined : mmr,
      maxLeverage: dec(t.maxLeverage, `${where}.maxLeverage`),
      maintenanceAmount: optionalDec(amount, `${where}.info`),
    }
  })
  const note = okx ? `; OKX sets tiers in contracts: maxSz × contract size ${size.toFixed()} × mark ${mark.toFixed()}` : ''
  return { tiers: ascendingTiers(tiers), note }
}

/**
 * A funding rate's interval: ccxt's `interval` ("4h", "240m"); on OKX the gap between the venue's own
 * `nextFundingTime` and `fundingTime`, which ccxt names only when it is one of a few whole-hour values.
 */
function fundingIntervalOf(exchange: string, funding: Json): number | undefined {
  const info = funding.info ?? {}
  if (exchange === 'okx' && info.fundingTime !== undefined && info.nextFundingTime !== undefined) {
    const gap = Number(info.nextFundingTime) - Number(info.fundingTime)
    if (Number.isSafeInteger(gap) && gap > 0) return gap
  }
  return intervalMs(funding.interval)
}

function levelsOf(rows: unknown, size: Decimal, what: string): Level[] {
  if (!Array.isArray(rows)) throw new SnapshotError(`${what}: expected a list of [price, amount]`)
  return rows
    .map((row, i) => [dec(row?.[0], `${what}[${i}] price`), dec(row?.[1], `${what}[${i}] amount`).times(size)] as const)
    .filter(([, amount]) => amount.gt(0))
}

function marketOf(capture: UnifiedCapture, symbol: string, asOf: number): MarketSnapshot {
  const calls = capture.calls ?? {}
  const ticker = capture.tickers?.[symbol] ?? {}
  const funding = capture.fundingRates?.[symbol]
  const markTicker = capture.markPrices?.[symbol] ?? {}
  const size = contractSize(capture, symbol)
  const pick = (what: string, ...values: unknown[]) => {
    const value = values.find((v) => v !== undefined && v !== null && v !== '')
    if (value === undefined) throw new SnapshotError(`${symbol}: no ${what} price in the capture (tickers, fundingRates or markPrices)`)
    return dec(value, `${symbol} ${what} price`)
  }
  const mark = pick('mark', ticker.markPrice, funding?.markPrice, markTicker.markPrice)
  const index = pick('index', ticker.indexPrice, funding?.indexPrice, capture.indexPrices?.[symbol], markTicker.indexPrice)
  const last = pick('last', ticker.last, ticker.close)
  const { tiers, note } = tiersOf(capture, symbol, size, mark)
  const out: MarketSnapshot = {
    symbol: marketId(capture, symbol),
    contractSize: size.eq(1) ? undefined : size,
    prices: { index, mark, last, source: `prices: ${calls.prices ?? 'tickers (last), funding rate or mark price (mark, index)'} for ${symbol}` },
    ladder: { tiers, source: `maintenance ladder: ${calls.tiers ?? 'leverage tiers'}${note}` },
  }
  if (funding && funding.fundingRate !== undefined && funding.fundingRate !== null) {
    const nextAt = timeOf(funding.fundingTimestamp, Number.NaN)
    if (Number.isFinite(nextAt)) {
      const interval = fundingIntervalOf(capture.exchange, funding)
      out.funding = {
        rate: dec(funding.fundingRate, `fundingRates["${symbol}"].fundingRate`),
        nextAt,
        intervalMs: interval,
        source: `funding: ${calls.funding ?? 'funding rate'} → fundingRate, fundingTimestamp${interval === undefined ? " (no interval given: the venue's default applies)" : ', interval'}`,
      }
    }
  }
  const book = capture.orderBooks?.[symbol]
  if (book) {
    const bids = levelsOf(book.bids, size, `orderBooks["${symbol}"].bids`)
    const asks = levelsOf(book.asks, size, `orderBooks["${symbol}"].asks`)
    if (bids.length > 0 && asks.length > 0)
      out.book = {
        bids,
        asks,
        source: `book: ${calls.book ?? 'order book'}, ${bids.length} bids and ${asks.length} asks${size.eq(1) ? '' : ' (contracts × contract size)'}`,
      }
  }
  const rows = capture.ohlcv?.[symbol]
  if (rows) {
    const window = capture.volatilityWindow ?? DEFAULT_WINDOW
    const vol = realizedVolatility(rows, window, asOf)
    if (vol) out.volatility = { value: vol.value, source: volatilityNote(vol, window, calls.ohlcv ?? 'fetchOHLCV') }
  }
  return out
}

/** The Snapshot of a unified capture; `clock` stands for the capture's time when it gives none. */
export function fromUnified(capture: UnifiedCapture, clock: number): Snapshot {
  const venue = venueOf(capture.exchange)
  const asOf = timeOf(capture.timestamp, clock)
  const positions = positionsOf(capture)
  const symbols = [
    ...new Set([
      ...(capture.symbols ?? []),
      ...(capture.positions ?? []).filter((p) => optionalDec(p.contracts, 'contracts')?.isZero() === false).map((p) => p.symbol),
    ]),
  ]
  if (symbols.length === 0) throw new SnapshotError('no market: the capture has no open position and no symbols')
  const wallet = walletOf(capture, venue, positions)
  const version = capture.ccxtVersion ? `ccxt ${capture.ccxtVersion}` : 'ccxt'
  return {
    venue: venue.venue,
    source: `${version}, ${venue.ccxtId}`,
    asOf,
    account: {
      walletBalance: wallet.value,
      marginMode: 'cross',
      fees: capture.fees && { maker: dec(capture.fees.maker, 'fees.maker'), taker: dec(capture.fees.taker, 'fees.taker') },
      source: `wallet_balance: ${wallet.source}${capture.fees ? `\nfees: ${capture.fees.source}` : ''}`,
    },
    markets: symbols.map((s) => marketOf(capture, s, asOf)),
    positions,
    positionsSource: `${capture.calls?.positions ?? 'positions'}: contracts × contract size, entryPrice, marginMode, leverage`,
  }
}
