// `perp-check init --venue <id>`: a commented starter file for one venue. Every block names the endpoint and
// field its numbers come from and spells out the venue's defaults; the figures are a worked example (one
// BTC market, one modest long) that passes every check as written, so the first run shows a full checklist.
import { VENUE_IDS, VENUES, type VenueId } from '../venues.js'
import { isoTime } from './write.js'

interface Starter {
  symbol: string
  /** Where each block's numbers come from on this venue. */
  wallet: string
  fees: string
  prices: string
  ladder: string
  ladderRows: string[]
  funding: string
  book: string
  position: string
  contractSize?: string
  /** Funding per interval (an hourly venue pays an eighth of an 8-hour rate). */
  rate: string
  /** Funding grid, hours. */
  gridHours: number
}

const EIGHT_HOURLY = { rate: '0.0001', gridHours: 8 }
const HOURLY = { rate: '0.0000125', gridHours: 1 }

const STARTERS: Record<VenueId, Starter> = {
  generic: {
    symbol: 'BTCUSDT',
    wallet: "your venue's realized wallet balance (no unrealized PnL, no isolated margin)",
    fees: 'required on the generic profile: your maker and taker rates',
    prices: "the venue's index, mark and last prices",
    ladder: "the venue's maintenance tiers: notional cap, maintenance rate, max leverage",
    ladderRows: ['{ max_notional: 50000, mmr: 0.004, max_leverage: 125 }', '{ max_notional: 600000, mmr: 0.005, max_leverage: 100 }'],
    funding: 'the current funding rate and the next funding instant; generic interval 8h',
    book: "the venue's L2 book, best first, sizes in base units",
    position: "the venue's position: side, size in base units, average entry price",
    ...EIGHT_HOURLY,
  },
  'binance-usdm': {
    symbol: 'BTCUSDT',
    wallet: 'GET /fapi/v3/account → assets[USDT].crossWalletBalance (isolated wallets excluded)',
    fees: 'GET /fapi/v1/commissionRate → makerCommissionRate, takerCommissionRate (base tier 0.0002 / 0.0005)',
    prices: 'GET /fapi/v1/premiumIndex → indexPrice, markPrice; GET /fapi/v1/ticker/price → price (last)',
    ladder: 'GET /fapi/v1/leverageBracket → brackets[]: notionalCap, maintMarginRatio, initialLeverage, cum',
    ladderRows: [
      '{ max_notional: 50000, mmr: 0.004, max_leverage: 125, maintenance_amount: 0 }',
      '{ max_notional: 600000, mmr: 0.005, max_leverage: 100, maintenance_amount: 50 }',
      '{ max_notional: 3000000, mmr: 0.0065, max_leverage: 75, maintenance_amount: 950 }',
    ],
    funding: 'GET /fapi/v1/premiumIndex → lastFundingRate, nextFundingTime; interval GET /fapi/v1/fundingInfo (8h unless listed)',
    book: 'GET /fapi/v1/depth?limit=100 → bids, asks ([price, qty], qty in BTC)',
    position: 'GET /fapi/v3/positionRisk → positionAmt (its sign is the side), entryPrice; leverage and marginType from GET /fapi/v1/symbolConfig',
    ...EIGHT_HOURLY,
  },
  'bybit-linear': {
    symbol: 'BTCUSDT',
    wallet: 'GET /v5/account/wallet-balance?accountType=UNIFIED → coin[USDT].walletBalance, less isolated positions’ margin',
    fees: 'GET /v5/account/fee-rate → makerFeeRate, takerFeeRate (base tier 0.0002 / 0.00055)',
    prices: 'GET /v5/market/tickers?category=linear → indexPrice, markPrice, lastPrice',
    ladder: 'GET /v5/market/risk-limit?category=linear → riskLimitValue, maintenanceMargin, maxLeverage, mmDeduction',
    ladderRows: ['{ max_notional: 2000000, mmr: 0.005, max_leverage: 100 }', '{ max_notional: 2600000, mmr: 0.0056, max_leverage: 90 }'],
    funding: 'GET /v5/market/tickers → fundingRate, nextFundingTime; fundingIntervalHour (8h unless listed)',
    book: 'GET /v5/market/orderbook?category=linear&limit=200 → b, a ([price, size], size in BTC)',
    position: 'GET /v5/position/list?category=linear → side (Buy/Sell), size, avgPrice, leverage, tradeMode (0 cross, 1 isolated)',
    ...EIGHT_HOURLY,
  },
  'okx-swap': {
    symbol: 'BTC-USDT-SWAP',
    wallet: 'GET /api/v5/account/balance → details[USDT].cashBal, less isolated positions’ margin',
    fees: 'GET /api/v5/account/trade-fee?instType=SWAP → maker, taker (negated: OKX reports a fee as negative; base tier 0.0002 / 0.0005)',
    prices: 'GET /api/v5/market/index-tickers → idxPx; GET /api/v5/public/mark-price → markPx; GET /api/v5/market/ticker → last',
    ladder:
      'GET /api/v5/public/position-tiers?instType=SWAP&tdMode=cross → maxSz (contracts: × ctVal 0.01 × price), mmr, maxLever; OKX has no maintenance amount',
    ladderRows: ['{ max_notional: 640000, mmr: 0.004, max_leverage: 100 }', '{ max_notional: 1280000, mmr: 0.006, max_leverage: 75 }'],
    funding: 'GET /api/v5/public/funding-rate → fundingRate, fundingTime (the next instant); 8h unless nextFundingTime says otherwise',
    book: 'GET /api/v5/market/books?sz=100 → bids, asks ([price, contracts, …]): contracts × ctVal 0.01 = BTC',
    position: 'GET /api/v5/account/positions → pos (contracts × ctVal; its sign or posSide is the side), avgPx, lever, mgnMode',
    contractSize: '0.01',
    ...EIGHT_HOURLY,
  },
  hyperliquid: {
    symbol: 'BTC',
    wallet: 'POST /info clearinghouseState → crossMarginSummary.accountValue less the cross positions’ unrealizedPnl',
    fees: 'POST /info userFees → userAddRate, userCrossRate (base tier 0.00015 / 0.00045)',
    prices: 'POST /info metaAndAssetCtxs → oraclePx (index), markPx, midPx (last)',
    ladder: "POST /info meta → marginTables: lowerBound of the next tier, maxLeverage; mmr left out: the venue's rule 1 / (2 × max leverage)",
    ladderRows: ['{ max_notional: 150000000, max_leverage: 40 }', '{ max_notional: 1000000000000, max_leverage: 20 }'],
    funding: 'POST /info metaAndAssetCtxs → funding (per hour); paid every hour on the hour',
    book: 'POST /info l2Book → levels [[{px, sz, n}], …] (20 a side), sz in BTC',
    position: 'POST /info clearinghouseState → assetPositions[].position: szi (its sign is the side), entryPx, leverage {type, value}',
    ...HOURLY,
  },
  'dydx-v4': {
    symbol: 'BTC-USD',
    wallet: 'GET /v4/addresses/{address}/subaccountNumber/0 → equity less the positions’ unrealizedPnl (USDC)',
    fees: 'your fee tier on dYdX Chain (base tier 0.0001 / 0.0005)',
    prices:
      'GET /v4/perpetualMarkets → oraclePrice (the index: liquidation triggers on it); GET /v4/trades/perpetualMarket/BTC-USD → price (last); mark = oracle',
    ladder: 'GET /v4/perpetualMarkets → one tier: maintenanceMarginFraction (mmr), 1 / initialMarginFraction (max leverage); any cap above your size',
    ladderRows: ['{ max_notional: 1000000000, mmr: 0.03, max_leverage: 20 }'],
    funding: 'GET /v4/perpetualMarkets → nextFundingRate (per hour); paid every hour on the hour',
    book: 'GET /v4/orderbooks/perpetualMarket/BTC-USD → bids, asks ({price, size}), size in BTC',
    position: 'GET /v4/addresses/{address}/subaccountNumber/0 → openPerpetualPositions: side, size, entryPrice',
    ...HOURLY,
  },
  paradex: {
    symbol: 'BTC-USD-PERP',
    wallet: 'GET /v1/balance → results[USDC].size (the collateral, no unrealized PnL)',
    fees: 'your rates: retail (UI) orders trade at zero fee, API orders pay your taker rate (not published as a default)',
    prices: 'GET /v1/markets/summary?market=BTC-USD-PERP → underlying_price (index), mark_price, last_traded_price',
    ladder: 'GET /v1/markets?market=BTC-USD-PERP → delta1_cross_margin_params: mmf_factor × imf_base (mmr), 1 / imf_base (max leverage); one tier',
    ladderRows: ['{ max_notional: 1000000000, mmr: 0.01, max_leverage: 50 }'],
    funding: 'GET /v1/markets/summary → funding_rate (per 8h); Paradex accrues funding continuously, checked here on an 8h grid',
    book: 'GET /v1/orderbook/BTC-USD-PERP → bids, asks ([price, size]), size in BTC',
    position: 'GET /v1/positions → side (LONG/SHORT), size, average_entry_price',
    ...EIGHT_HOURLY,
  },
}

/** Venue ids `init` accepts: perp-check's profiles, and the ccxt ids `snapshot` takes as aliases. */
export const STARTER_VENUES: Record<string, VenueId> = {
  ...Object.fromEntries(VENUE_IDS.map((id) => [id, id])),
  binanceusdm: 'binance-usdm',
  bybit: 'bybit-linear',
  okx: 'okx-swap',
  dydx: 'dydx-v4',
}

const BIDS = [
  ['63995', '0.5'],
  ['63990', '1'],
  ['63980', '2'],
  ['63960', '3'],
  ['63900', '5'],
]
const ASKS = [
  ['64005', '0.5'],
  ['64010', '1'],
  ['64020', '2'],
  ['64040', '3'],
  ['64100', '5'],
]

/** The starter file of `venue` (a key of STARTER_VENUES), its as_of the minute of `now` and its funding the next instant on the venue's grid. */
export function starterFile(venue: string, now: number): string {
  const id = STARTER_VENUES[venue]
  if (!id) throw new RangeError(`unknown venue "${venue}"`)
  const s = STARTERS[id]
  const profile = VENUES[id]
  const asOf = Math.floor(now / 60_000) * 60_000
  const grid = s.gridHours * 3_600_000
  const nextAt = (Math.floor(asOf / grid) + 1) * grid
  const fees = profile.fees ? `{ maker: ${profile.fees.maker.toFixed()}, taker: ${profile.fees.taker.toFixed()} }` : '{ maker: 0.0002, taker: 0.0005 }'
  const level = ([price, size]: string[]) => `        - [${price}, ${size}]`
  const lines = [
    `# perp-check starter file for ${profile.name} (venue: ${id}), written by \`perp-check init\`.`,
    '# The figures are an example: replace each with yours. Every comment names where the number comes from.',
    id === 'generic' ? '# Format: docs/format.md.' : `# \`perp-check snapshot\` reads all of it from your account (docs/snapshot.md). Format: docs/format.md.`,
    'version: 1',
    '# The "now" of the time-based checks (funding, ladder changes): when you read the figures below.',
    `as_of: ${isoTime(asOf)}`,
    `# Venue rules and defaults: docs/venues.md#${id}.`,
    `venue: ${id}`,
    'account:',
    '  # Default margin mode of the positions: cross or isolated.',
    '  margin_mode: cross',
    `  # ${s.wallet}`,
    '  wallet_balance: 10000',
    `  # ${s.fees}`,
    `  fees: ${fees}`,
    'markets:',
    `  ${s.symbol}:`,
    `    # ${s.prices}`,
    '    prices: { index: 64000, mark: 64002, last: 64000 }',
    `    # Liquidation is triggered by the ${profile.liquidationTrigger} price on this venue (the default; ${id === 'dydx-v4' ? 'index stands for the oracle' : 'mark, last or index'}).`,
    `    liquidation_trigger: ${profile.liquidationTrigger}`,
  ]
  if (s.contractSize) lines.push('    # Base units per contract (ctVal); every size in this file is in base units.', `    contract_size: ${s.contractSize}`)
  lines.push(`    # ${s.ladder}`, '    maintenance_ladder:', ...s.ladderRows.map((row) => `      - ${row}`))
  lines.push(
    `    # ${s.funding}`,
    `    funding: { rate: ${s.rate}, next_at: ${isoTime(nextAt)}, interval: ${s.gridHours}h }`,
    '    # Annualized realized volatility (0.55 = 55%); snapshot computes it from 30 daily closes.',
    '    volatility: 0.55',
    `    # ${s.book}`,
    '    book:',
    '      bids:',
    ...BIDS.map(level),
    '      asks:',
    ...ASKS.map(level),
    'positions:',
    `  # ${s.position}`,
    `  - market: ${s.symbol}`,
    '    side: long',
    '    size: 0.1',
    '    entry_price: 63000',
    '    leverage: 10',
  )
  return `${lines.join('\n')}\n`
}
