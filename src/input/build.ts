// From the schema-checked file to the Portfolio every check reads: venue defaults filled in,
// cross-references checked (markets exist, ids unique), ladders ascending, books sorted and uncrossed.
import { Decimal } from '../decimal.js'
import {
  type Account,
  type Assumption,
  type Book,
  type BookLevels,
  type LadderTier,
  type MarginMode,
  type Market,
  type Order,
  pairKey,
  type Portfolio,
  type Position,
  positionsOrderMayTrade,
  type Prices,
  type RiskModelSpec,
  type RiskUnitSpec,
  type Stress,
  type YamlPath,
} from '../model.js'
import { missingParameters } from '../risk/params.js'
import { THRESHOLDS, THRESHOLD_KEYS, type Thresholds } from '../thresholds.js'
import { type RateLimit, VENUES, type VenueProfile } from '../venues.js'
import { duration as formatDuration } from '../format.js'
import { nextOnGrid } from '../funding/schedule.js'
import type { PortfolioInput } from './schema.js'
import { parseDuration } from './values.js'

export interface PathProblem {
  path: YamlPath
  message: string
}

type MarketInput = PortfolioInput['markets'] extends Map<string, infer M> ? M : never
type TierInput = MarketInput['maintenance_ladder'][number]

const STRESS_DEFAULTS = {
  moves: ['-0.30', '-0.20', '-0.10', '-0.05', '0.05', '0.10', '0.20', '0.30'],
  correlation: '0.95',
  spreadMultiplier: '3',
  depthMultiplier: '0.3',
  latency: '200ms',
}

export function buildPortfolio(
  input: PortfolioInput,
  asOf: number,
  asOfSource: Portfolio['asOfSource'] = 'file',
): { portfolio?: Portfolio; problems: PathProblem[] } {
  const problems: PathProblem[] = []
  const problem = (path: YamlPath, message: string) => problems.push({ path, message })
  const venue = VENUES[input.venue ?? 'generic']

  const maker = input.account.fees?.maker ?? venue.fees?.maker
  const taker = input.account.fees?.taker ?? venue.fees?.taker
  // Keys required only in some cases (fees on a venue without defaults, mmr, an isolated position's margin, a limit
  // order's price, a sliced order's interval) are reported by required.ts, in the same run as the schema's problems.

  const markets = new Map<string, Market>()
  for (const [symbol, raw] of input.markets) {
    markets.set(symbol, buildMarket(symbol, raw, venue.id, asOf, problem))
  }
  if (markets.size === 0) problem(['markets'], 'must define at least one market')

  const accountMode = input.account.margin_mode ?? 'cross'
  const ids = new Map<string, YamlPath>()
  const claimId = (id: string, path: YamlPath) => {
    const earlier = ids.get(id)
    if (earlier) problem([...path, 'id'], `duplicate id "${id}" (also used at ${earlier.join('.')})`)
    else ids.set(id, path)
  }
  const knownMarket = (symbol: string, path: YamlPath) => {
    if (!markets.has(symbol)) problem([...path, 'market'], `market "${symbol}" is not defined under markets (defined: ${namesOf(markets)})`)
  }

  const positions: Position[] = (input.positions ?? []).map((raw, index) => {
    const path = ['positions', index]
    const id = raw.id ?? `${raw.market}#${index + 1}`
    claimId(id, path)
    knownMarket(raw.market, path)
    const marginMode = raw.margin_mode ?? accountMode
    if (marginMode === 'cross' && raw.margin !== undefined) problem([...path, 'margin'], 'applies only to isolated positions (this one is cross)')
    return {
      id,
      index,
      path,
      market: raw.market,
      side: raw.side,
      size: raw.size,
      entryPrice: raw.entry_price,
      marginMode,
      margin: raw.margin,
      leverage: raw.leverage,
      stop: raw.stop && { price: raw.stop.price, trigger: raw.stop.trigger ?? 'last', path: [...path, 'stop'] },
      holdMs: raw.hold,
      adlRank: raw.adl_rank,
    }
  })

  const orders: Order[] = (input.orders ?? []).map((raw, index) => {
    const path = ['orders', index]
    const id = raw.id ?? `${raw.market}#order${index + 1}`
    claimId(id, path)
    knownMarket(raw.market, path)
    const type = raw.type ?? 'market'
    if (type === 'market' && raw.price !== undefined) problem([...path, 'price'], 'applies only to limit and post_only orders (this one is market)')
    const slices = raw.slices ?? 1
    return {
      id,
      index,
      path,
      market: raw.market,
      side: raw.side,
      size: raw.size,
      type,
      price: raw.price,
      slices,
      intervalMs: raw.interval ?? 0,
      latencyMs: raw.latency,
      holdMs: raw.hold,
      leverage: raw.leverage,
      ...(raw.reduce_only && { reduceOnly: true }),
      ...(raw.margin_mode && { marginMode: raw.margin_mode }),
    }
  })
  const positionsByMarket = new Map<string, Position[]>()
  for (const p of positions) {
    const held = positionsByMarket.get(p.market)
    if (held) held.push(p)
    else positionsByMarket.set(p.market, [p])
  }
  for (const [index, order] of orders.entries()) {
    const named = input.orders![index]!.position
    const traded = tradedPosition(order, named, positionsByMarket.get(order.market) ?? [], positions, accountMode, (key, message) =>
      problem([...order.path, key], message),
    )
    if (traded) order.position = traded
  }

  const stress = buildStress(input.stress, markets, problem)
  const riskModel = input.risk_model && buildRiskModel(input.risk_model, markets, problem)
  if (problems.length > 0) return { problems }
  const thresholds = buildThresholds(input.thresholds ?? {})
  return {
    problems,
    portfolio: {
      asOf,
      asOfSource,
      snapshotAt: input.as_of,
      venue,
      account: {
        marginMode: accountMode,
        walletBalance: input.account.wallet_balance,
        fees: { maker: maker!, taker: taker! },
        ...rateLimitsOf(input.account.rate_limit, venue.rateLimits),
      },
      markets,
      positions,
      orders,
      thresholds,
      stress,
      ...(riskModel && { riskModel }),
      assumptions: assumptionsOf(input, venue, markets, positions, orders, thresholds),
    },
  }
}

/**
 * The id of the position `order` trades (docs/format.md "Which position an order trades"): the one it names
 * (`position`), which must be of its market and mode, else the one its market, margin mode and side imply (model.ts
 * positionsOrderMayTrade). An order that names no margin mode, on a market holding positions in both, trades those
 * in the account's mode when there are any. Cross positions of one market and side are lots of one venue position
 * (the cross pool nets them): the order trades the first written. More than one isolated position left is a
 * problem, as the venues need to be told which; none: it opens one.
 */
function tradedPosition(
  order: Order,
  named: string | undefined,
  ofMarket: readonly Position[],
  positions: readonly Position[],
  accountMode: MarginMode,
  problem: (key: string, message: string) => void,
): string | undefined {
  if (named !== undefined) {
    const position = positions.find((p) => p.id === named)
    if (!position) problem('position', `no position has id "${named}" (positions: ${ofMarket.map((p) => p.id).join(', ') || `none on ${order.market}`})`)
    else if (position.market !== order.market) problem('position', `position "${named}" is on ${position.market}, the order on ${order.market}`)
    else if (order.marginMode && position.marginMode !== order.marginMode)
      problem('margin_mode', `is ${order.marginMode}, but position "${named}" is ${position.marginMode}`)
    return named
  }
  let candidates = positionsOrderMayTrade(ofMarket, order)
  if (candidates.length > 1 && order.marginMode === undefined) {
    const inAccountMode = candidates.filter((p) => p.marginMode === accountMode)
    if (inAccountMode.length > 0) candidates = inAccountMode
  }
  if (candidates.length > 1 && candidates.every((p) => p.marginMode === 'cross')) return candidates[0]!.id
  if (candidates.length > 1) {
    const listed = candidates.map((p) => `${p.id} (${p.marginMode} ${p.side})`).join(', ')
    const hint = order.marginMode ? '' : ' or margin_mode'
    problem('market', `${order.market} holds ${candidates.length} positions this order could trade: ${listed}; name one with position${hint}`)
  }
  return candidates[0]?.id
}

/** The defaults the file leaves in force, each once with the subjects it applies to (see docs/report.md#assumptions). */
function assumptionsOf(
  input: PortfolioInput,
  venue: VenueProfile,
  markets: Map<string, Market>,
  positions: Position[],
  orders: Order[],
  thresholds: Thresholds,
): Assumption[] {
  const found = new Map<string, Assumption>()
  const add = (name: string, value: string, source: string, subject: string) => {
    const key = JSON.stringify([name, value, source])
    const known = found.get(key)
    if (known) known.appliesTo.push(subject)
    else found.set(key, { name, value, source, appliesTo: [subject] })
  }
  const ofVenue = `venue ${venue.id}`
  if (input.account.fees?.maker === undefined && venue.fees) add('account.fees.maker', venue.fees.maker.toFixed(), ofVenue, 'account')
  if (input.account.fees?.taker === undefined && venue.fees) add('account.fees.taker', venue.fees.taker.toFixed(), ofVenue, 'account')
  for (const [symbol, raw] of input.markets) {
    const market = markets.get(symbol)!
    if (raw.liquidation_trigger === undefined) add('liquidation_trigger', market.liquidationTrigger, ofVenue, symbol)
    if (market.funding && !market.funding.intervalGiven) add('funding.interval', formatDuration(market.funding.intervalMs), ofVenue, symbol)
    if (!market.tickGiven) add('tick_size', market.tick.toFixed(), 'inferred from the prices and book', symbol)
    if (!market.quoteGiven) add('quote', market.quote, 'read from the symbol', symbol)
    if (market.funding && !market.funding.nextAtGiven) add('funding.next_at', new Date(market.funding.nextAt).toISOString(), `${ofVenue} funding grid`, symbol)
  }
  const holdGiven = input.thresholds?.hold !== undefined
  const hold = formatDuration(thresholds.hold)
  for (const [i, p] of positions.entries()) {
    if (p.stop && input.positions?.[i]?.stop?.trigger === undefined) add('stop.trigger', p.stop.trigger, 'perp-check default', p.id)
    if (p.holdMs === undefined) add('hold', hold, holdGiven ? 'thresholds.hold' : 'perp-check default', p.id)
    // An isolated position's leverage follows from its margin; a cross one's sets only its initial margin.
    if (p.marginMode === 'cross' && p.leverage === undefined) add('leverage', "the tier's max leverage", 'perp-check default (initial margin)', p.id)
  }
  for (const o of orders) {
    if (o.holdMs === undefined) add('hold', hold, holdGiven ? 'thresholds.hold' : 'perp-check default', o.id)
    if (o.leverage === undefined) add('leverage', "the position's, else the tier's max leverage", 'perp-check default (initial margin)', o.id)
  }
  const stress = input.stress
  const defaults: [string, unknown, string][] = [
    ['stress.moves', stress?.moves, STRESS_DEFAULTS.moves.join(', ')],
    ['stress.correlation', stress?.correlation, STRESS_DEFAULTS.correlation],
    ['stress.spread_multiplier', stress?.spread_multiplier, STRESS_DEFAULTS.spreadMultiplier],
    ['stress.depth_multiplier', stress?.depth_multiplier, STRESS_DEFAULTS.depthMultiplier],
    ['stress.latency', stress?.latency, STRESS_DEFAULTS.latency],
  ]
  for (const [name, given, value] of defaults) if (given === undefined) add(name, value, 'perp-check default', 'account')
  return [...found.values()]
}

function buildMarket(symbol: string, raw: MarketInput, venueId: string, asOf: number, problem: (path: YamlPath, message: string) => void): Market {
  const path = ['markets', symbol]
  const venue = VENUES[venueId as keyof typeof VENUES]
  const ladder = buildLadder(raw.maintenance_ladder, [...path, 'maintenance_ladder'], venue.mmrFromMaxLeverage, problem)
  const ladderChanges = (raw.ladder_changes ?? []).map((change, i) => {
    const changePath = [...path, 'ladder_changes', i]
    return {
      effectiveAt: change.effective_at,
      ladder: buildLadder(change.maintenance_ladder, [...changePath, 'maintenance_ladder'], venue.mmrFromMaxLeverage, problem),
      path: changePath,
    }
  })
  const book = raw.book && buildBook(raw.book, [...path, 'book'], problem)
  return {
    symbol,
    path,
    prices: raw.prices,
    liquidationTrigger: raw.liquidation_trigger ?? venue.liquidationTrigger,
    contractSize: raw.contract_size ?? new Decimal(1),
    ladder,
    ladderChanges,
    funding: raw.funding && {
      rate: raw.funding.rate,
      nextAt: raw.funding.next_at ?? gridNextAt(venue.id, raw.funding.interval ?? venue.fundingIntervalMs, asOf, [...path, 'funding', 'next_at'], problem),
      nextAtGiven: raw.funding.next_at !== undefined,
      intervalMs: raw.funding.interval ?? venue.fundingIntervalMs,
      intervalGiven: raw.funding.interval !== undefined,
      forecast: raw.funding.forecast ?? [],
      cap: raw.funding.cap,
      path: [...path, 'funding'],
    },
    volatility: raw.volatility,
    book,
    liquidationFee: raw.liquidation_fee,
    tick: raw.tick_size ?? inferredTick(raw.prices, book),
    tickGiven: raw.tick_size !== undefined,
    quote: raw.quote ?? quoteOf(symbol, venue.id),
    quoteGiven: raw.quote !== undefined,
    quoteRate: raw.microstructure?.quote_rate,
  }
}

/**
 * The next settlement when the file gives no next_at: the first instant of the venue's grid after as_of
 * (docs/venues.md#funding-grid). The generic venue has no known grid, nor does an interval that does not divide
 * a day: there next_at is required.
 */
function gridNextAt(venueId: string, intervalMs: number, asOf: number, path: YamlPath, problem: (path: YamlPath, message: string) => void): number {
  const next = venueId === 'generic' ? undefined : nextOnGrid(asOf, intervalMs)
  if (next !== undefined) return next
  problem(
    path,
    venueId === 'generic'
      ? 'is required on the generic venue (no settlement grid is known): give the next funding instant, or set venue'
      : `is required: a ${intervalMs / 3_600_000}h interval does not divide a day, so the venue's grid cannot place the next instant`,
  )
  return asOf
}

/** The finest decimal step among the prices and the book's levels: 64010.5 and 63990 → 0.1 (at most 1e-12 finer than 1). */
function inferredTick(prices: Prices, book: Book | undefined): Decimal {
  const bookPlaces = book ? Math.max(book.bids.pricePlaces(), book.asks.pricePlaces()) : 0
  const places = Math.min(12, Math.max(bookPlaces, prices.index.decimalPlaces(), prices.mark.decimalPlaces(), prices.last.decimalPlaces()))
  return new Decimal(10).pow(-places)
}

const QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'USDE', 'USD', 'EUR', 'BTC', 'ETH']

/** The quote currency a symbol names: BTCUSDT → USDT, ETH-USD-SWAP → USD; otherwise the venue's settlement currency. */
export function quoteOf(symbol: string, venue: string): string {
  const bare = symbol.toUpperCase().replace(/[-_/]?(PERP|SWAP|PERPETUAL)$/, '')
  const found = QUOTES.find((q) => bare.endsWith(q) && bare.length > q.length)
  if (found) return found
  return venue === 'hyperliquid' || venue === 'dydx-v4' || venue === 'paradex' ? 'USDC' : 'USDT'
}

function buildLadder(raw: TierInput[], path: YamlPath, mmrFromMaxLeverage: boolean, problem: (path: YamlPath, message: string) => void): LadderTier[] {
  const tiers = raw.map((tier, i): LadderTier => {
    const tierPath = [...path, i]
    // A missing mmr the venue does not derive is reported by required.ts; such a tier's rates are not compared here.
    const mmr = tier.mmr ?? (mmrFromMaxLeverage ? new Decimal(1).div(tier.max_leverage.mul(2)) : undefined)
    return {
      maxNotional: tier.max_notional,
      mmr: mmr ?? new Decimal(0),
      maxLeverage: tier.max_leverage,
      maintenanceAmount: tier.maintenance_amount,
      path: tierPath,
    }
  })
  tiers.forEach((tier, i) => {
    const previous = tiers[i - 1]
    // A tier whose mmr is missing (reported by required.ts) has no rate to check; its notional is still checked.
    const rated = raw[i]!.mmr !== undefined || mmrFromMaxLeverage
    // What cannot be true of a ladder: a tier whose maintenance rate is at or above its initial margin
    // rate (a position at the tier's max leverage would be liquidatable at entry), and a maintenance
    // amount that makes the maintenance margin N × mmr − amount negative anywhere in the tier.
    const initialRate = new Decimal(1).div(tier.maxLeverage)
    if (rated && tier.mmr.gt(initialRate)) {
      problem(
        [...tier.path, tier.mmr === raw[i]!.mmr ? 'mmr' : 'max_leverage'],
        `maintenance rate ${tier.mmr.toFixed()} is above the initial margin rate 1 / ${tier.maxLeverage.toFixed()} = ${initialRate.toSignificantDigits(6).toFixed()}: a position at the tier's max leverage would be liquidatable at entry (a percentage written as a fraction?)`,
      )
    }
    // Below a notional of 1 (dust) a rounding-sized amount is let pass, as venues' own tables carry them.
    const from = previous?.maxNotional ?? new Decimal(0)
    const amount = tier.maintenanceAmount
    const upTo = amount && (tier.mmr.isZero() ? tier.maxNotional : Decimal.min(amount.div(tier.mmr), tier.maxNotional))
    if (rated && amount && upTo && amount.gt(from.mul(tier.mmr)) && upTo.gt(1)) {
      problem(
        [...tier.path, 'maintenance_amount'],
        `${amount.toFixed()} makes the maintenance margin (notional × ${tier.mmr.toFixed()} − ${amount.toFixed()}) negative from ${from.toFixed()} up to ${upTo.toSignificantDigits(10).toFixed()}; at most ${from.mul(tier.mmr).toFixed()} here`,
      )
    }
    if (!previous) return
    if (tier.maxNotional.lte(previous.maxNotional)) {
      problem(
        [...tier.path, 'max_notional'],
        `tiers must ascend: ${tier.maxNotional.toFixed()} is not above the previous tier's ${previous.maxNotional.toFixed()}`,
      )
    }
    if (rated && tier.mmr.lt(previous.mmr)) {
      problem(
        [...tier.path, 'mmr'],
        `maintenance rates must not fall up the ladder: ${tier.mmr.toFixed()} is below the previous tier's ${previous.mmr.toFixed()}`,
      )
    }
  })
  return tiers
}

function buildBook(raw: NonNullable<MarketInput['book']>, path: YamlPath, problem: (path: YamlPath, message: string) => void): Book {
  const { bids, asks } = raw
  const checkOrder = (side: 'bids' | 'asks', list: BookLevels) => {
    // A side in order (the usual one) is known so from its floats; the levels of one that is not are compared exactly.
    if (list.order() === (side === 'bids' ? 'falling' : 'rising')) return
    for (let i = 1; i < list.length; i++) {
      const price = list.price(i)
      const previous = list.price(i - 1)
      const sorted = side === 'bids' ? price.lt(previous) : price.gt(previous)
      if (!sorted) {
        const order = side === 'bids' ? 'descending (best bid first)' : 'ascending (best ask first)'
        problem([...path, side, i], `${side} must be strictly ${order}: ${price.toFixed()} follows ${previous.toFixed()}`)
      }
    }
  }
  checkOrder('bids', bids)
  checkOrder('asks', asks)
  if (bids.length > 0 && asks.length > 0 && bids.price(0).gte(asks.price(0))) {
    problem([...path, 'asks', 0], `the book is crossed: best bid ${bids.price(0).toFixed()} is not below best ask ${asks.price(0).toFixed()}`)
  }
  return { bids, asks, refillHalfLifeMs: raw.refill_half_life, path }
}

function buildStress(raw: PortfolioInput['stress'], markets: Map<string, Market>, problem: (path: YamlPath, message: string) => void): Stress {
  const path = ['stress']
  const betas = new Map<string, Decimal>()
  for (const [symbol, beta] of raw?.betas ?? []) {
    if (!markets.has(symbol)) problem([...path, 'betas', symbol], `market "${symbol}" is not defined under markets`)
    betas.set(symbol, beta)
  }
  // The pairs' own correlations: a (partial, symmetric) matrix; a pair given both ways must agree.
  const correlations = new Map<string, Decimal>()
  for (const [a, row] of raw?.correlations ?? []) {
    if (!markets.has(a)) problem([...path, 'correlations', a], `market "${a}" is not defined under markets`)
    for (const [b, rho] of row) {
      const at = [...path, 'correlations', a, b]
      if (!markets.has(b)) problem(at, `market "${b}" is not defined under markets`)
      else if (a === b) {
        if (!rho.eq(1)) problem(at, `a market's correlation with itself is 1, not ${rho.toFixed()}`)
        continue
      }
      const key = pairKey(a, b)
      const given = correlations.get(key)
      if (given && !given.eq(rho)) problem(at, `${a} / ${b} is given twice: ${given.toFixed()} and ${rho.toFixed()}`)
      correlations.set(key, rho)
    }
  }
  // A multiplier that widens a book's spread past its best bid leaves no bid to sell into: no stress can mean that.
  const spread = raw?.spread_multiplier
  if (spread) {
    for (const market of markets.values()) {
      const { bids, asks } = market.book ?? {}
      if (!bids?.length || !asks?.length) continue
      const best = { bid: bids.price(0), ask: asks.price(0) }
      const halfSpread = best.ask.minus(best.bid).div(2)
      const most = best.bid.div(halfSpread).plus(1)
      if (spread.gte(most)) {
        problem(
          [...path, 'spread_multiplier'],
          `${spread.toFixed()} widens the spread of ${market.symbol} (best bid ${best.bid.toFixed()}, best ask ${best.ask.toFixed()}) past zero: every stressed bid would be at or below 0; it must be below ${most.toSignificantDigits(6).toFixed()} for this book`,
        )
        break
      }
    }
  }
  return {
    moves: raw?.moves ?? STRESS_DEFAULTS.moves.map((m) => new Decimal(m)),
    betas,
    correlation: raw?.correlation ?? new Decimal(STRESS_DEFAULTS.correlation),
    correlations,
    spreadMultiplier: raw?.spread_multiplier ?? new Decimal(STRESS_DEFAULTS.spreadMultiplier),
    depthMultiplier: raw?.depth_multiplier ?? new Decimal(STRESS_DEFAULTS.depthMultiplier),
    latencyMs: raw?.latency ?? parseDuration(STRESS_DEFAULTS.latency)!,
    path,
  }
}

type RiskModelInput = NonNullable<PortfolioInput['risk_model']>
type RiskUnitInput = RiskModelInput['units'] extends Map<string, infer U> | undefined ? U : never

/** The file's risk model: every market in one unit at most, the parameters the model needs and nobody publishes given. */
function buildRiskModel(raw: RiskModelInput, markets: Map<string, Market>, problem: (path: YamlPath, message: string) => void): RiskModelSpec {
  const path = ['risk_model']
  if (raw.model !== 'ladder' && raw.as_of === undefined) problem([...path, 'as_of'], `is required for ${raw.model}: the date of the parameter set`)
  const claimed = new Map<string, string>()
  const units: RiskUnitSpec[] = [...(raw.units ?? [])].map(([name, unit]) => {
    const unitPath = [...path, 'units', name]
    unit.markets.forEach((symbol, i) => {
      if (!markets.has(symbol)) problem([...unitPath, 'markets', i], `market "${symbol}" is not defined under markets`)
      const other = claimed.get(symbol)
      if (other) problem([...unitPath, 'markets', i], `market "${symbol}" is already in risk unit "${other}": a market belongs to one unit`)
      claimed.set(symbol, name)
    })
    for (const [symbol] of unit.betas ?? []) {
      if (!unit.markets.includes(symbol)) problem([...unitPath, 'betas', symbol], `market "${symbol}" is not in this unit's markets`)
    }
    pairedLengths(unit.scan_moves, unit.scan_weights, [...unitPath, 'scan_weights'], 'scan_moves', problem)
    pairedLengths(unit.moves, unit.weights, [...unitPath, 'weights'], 'moves', problem)
    const tiers = unit.mr7_tiers?.map((tier) => ({ upTo: tier.up_to ?? null, multiplier: tier.multiplier }))
    tiers?.forEach((tier, i) => {
      const previous = tiers[i - 1]
      if (tier.upTo === null && i < tiers.length - 1) problem([...unitPath, 'mr7_tiers', i, 'up_to'], 'is required on every tier but the last')
      if (previous?.upTo && tier.upTo?.lte(previous.upTo))
        problem([...unitPath, 'mr7_tiers', i, 'up_to'], `tiers must ascend: ${tier.upTo.toFixed()} is not above ${previous.upTo.toFixed()}`)
    })
    const spec = unitSpec(name, unit, tiers, unitPath)
    for (const key of missingParameters(raw.model, spec))
      problem([...unitPath, key], `is required for ${raw.model} (the venue does not publish it for ${name})`)
    return spec
  })
  return {
    model: raw.model,
    asOf: raw.as_of,
    imrMultiplier: raw.imr_multiplier,
    collateralRate: raw.collateral_rate,
    liquidationRatio: raw.liquidation_ratio,
    units,
    compare: [],
    path,
  }
}

function unitSpec(name: string, unit: RiskUnitInput, mr7Tiers: RiskUnitSpec['mr7Tiers'], path: YamlPath): RiskUnitSpec {
  return {
    name,
    markets: unit.markets,
    mr1Moves: unit.mr1_moves,
    mr6Move: unit.mr6_move,
    mr6Fraction: unit.mr6_fraction,
    mr4Rate: unit.mr4_rate,
    mr7Rate: unit.mr7_rate,
    mr7Tiers,
    mr9: unit.mr9,
    scanMoves: unit.scan_moves,
    scanWeights: unit.scan_weights,
    unhedgedFactor: unit.unhedged_factor,
    hedgedFactor: unit.hedged_factor,
    feeProvision: unit.fee_provision,
    scanRange: unit.scan_range,
    extremeMultiple: unit.extreme_multiple,
    extremeWeight: unit.extreme_weight,
    moves: unit.moves,
    weights: unit.weights,
    extremeMoves: unit.extreme_moves,
    extremeFraction: unit.extreme_fraction,
    betas: unit.betas ?? new Map(),
    path,
  }
}

function pairedLengths(
  moves: unknown[] | undefined,
  weights: unknown[] | undefined,
  path: YamlPath,
  what: string,
  problem: (path: YamlPath, message: string) => void,
) {
  if (weights && !moves) problem(path, `needs ${what} to weigh`)
  else if (weights && moves && weights.length !== moves.length)
    problem(path, `lists ${weights.length} weights for ${moves.length} ${what}: one weight per move`)
}

/** account.rate_limit replaces the venue's published limits; neither: none. */
function rateLimitsOf(raw: { orders: number; per: number } | undefined, venue: RateLimit[] | undefined): Pick<Account, 'rateLimits' | 'rateLimitSource'> {
  if (raw) return { rateLimits: [{ orders: raw.orders, perMs: raw.per }], rateLimitSource: 'file' }
  return venue ? { rateLimits: venue, rateLimitSource: 'venue' } : { rateLimits: [], rateLimitSource: null }
}

function buildThresholds(raw: Partial<Record<string, unknown>>): Thresholds {
  const entries = THRESHOLD_KEYS.map((key) => {
    const spec = THRESHOLDS[key]
    const given = raw[key]
    if (given !== undefined) return [key, given]
    return [key, spec.kind === 'duration' ? parseDuration(spec.default)! : new Decimal(spec.default)]
  })
  return Object.fromEntries(entries) as Thresholds
}

/** The defined market symbols for a message: the first ten, then how many more. */
function namesOf(markets: Map<string, unknown>): string {
  const names = [...markets.keys()]
  if (names.length === 0) return 'none'
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`
}
