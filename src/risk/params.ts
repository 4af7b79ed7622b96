// The venues' published parameter sets (docs/risk-models.md gives each source) and the resolution of a risk
// model's units: which markets form a unit, and each unit's parameters from the file or the venue's defaults.
import { Decimal } from '../decimal.js'
import type { Portfolio, RiskModelId, RiskModelSpec, RiskUnitSpec } from '../model.js'

const d = (values: readonly string[]) => values.map((v) => new Decimal(v))

/** A scenario of a grid: a move of the unit's price and the weight of its loss. */
export interface GridPoint {
  label: string
  move: Decimal
  weight: Decimal
}

/** Pinned date of each model's default parameter set (docs/risk-models.md). */
export const DEFAULTS_AS_OF: Record<Exclude<RiskModelId, 'ladder' | 'grid'>, string> = {
  'okx-pm': '2025-01-15',
  'paradex-pm': 'paradex-docs@f0ba8b68',
  'binance-unimmr': '2024-11-06',
  span16: 'CME SPAN standard risk array',
}

// OKX "will further adjust portfolio margin parameters" (2025-01-02): MR1 effective 2025-01-06.
const OKX_MAJORS = new Set(['BTC', 'ETH'])
const OKX_ALTS = new Set(['SOL', 'DOGE', 'PEPE', 'XRP', 'BNB', 'SHIB', 'LTC', 'ORDI', 'WLD', 'BCH', 'ADA'])

/** okx-pm MR1 move sizes and MR6 move of a unit by its underlying's class. */
export function okxClass(unit: string): { mr1Moves: Decimal[]; mr6Move: Decimal } {
  if (OKX_MAJORS.has(unit)) return { mr1Moves: d(['0.04', '0.08', '0.12']), mr6Move: new Decimal('0.24') }
  if (OKX_ALTS.has(unit)) return { mr1Moves: d(['0.06', '0.12', '0.18']), mr6Move: new Decimal('0.36') }
  return { mr1Moves: d(['0.08', '0.16', '0.25']), mr6Move: new Decimal('0.5') }
}

export const OKX_MR6_FRACTION = new Decimal('0.5')
export const OKX_IMR_MULTIPLIER = new Decimal('1.3')

// Paradex portfolio margin, tradeparadex/paradex-docs docs/pages/risk-system/portfolio-margin.mdx @ f0ba8b68.
const TAIL_MOVES = ['-0.66', '-0.33', '0.5', '1', '2', '3', '4', '5']
interface ParadexAsset {
  /** The four standard shock sizes, smallest first. */
  steps: string[]
  tailWeights: string[]
  unhedged: string
  hedged: string
}
const even = (step: string) => [1, 2, 3, 4].map((i) => new Decimal(step).mul(i).toFixed())
const PARADEX: Record<string, ParadexAsset> = {
  BTC: { steps: even('0.035'), tailWeights: ['0.1061', '0.2121', '0.14', '0.07', '0.0175', '0.0078', '0.0044', '0.0028'], unhedged: '0.002', hedged: '0.001' },
  ETH: { steps: even('0.04'), tailWeights: ['0.1212', '0.2424', '0.16', '0.08', '0.02', '0.0089', '0.005', '0.0032'], unhedged: '0.002', hedged: '0.001' },
  HYPE: { steps: even('0.07'), tailWeights: ['0.21', '0.42', '0.28', '0.14', '0.035', '0.0156', '0.0088', '0.0056'], unhedged: '0.003', hedged: '0.0015' },
  SOL: { steps: even('0.06'), tailWeights: ['0.1818', '0.3636', '0.24', '0.12', '0.03', '0.0133', '0.0075', '0.0048'], unhedged: '0.003', hedged: '0.0015' },
  ZEC: { steps: even('0.14'), tailWeights: ['0.42', '0.84', '0.56', '0.28', '0.07', '0.031', '0.018', '0.011'], unhedged: '0.005', hedged: '0.0025' },
  US500: {
    steps: even('0.035'),
    tailWeights: ['0.1061', '0.2121', '0.14', '0.07', '0.0175', '0.0078', '0.0044', '0.0028'],
    unhedged: '0.002',
    hedged: '0.001',
  },
  US100: {
    steps: ['0.04', '0.08', '0.105', '0.14'],
    tailWeights: ['0.18', '0.36', '0.24', '0.12', '0.06', '0.04', '0.03', '0.024'],
    unhedged: '0.002',
    hedged: '0.001',
  },
  XAU: {
    steps: ['0.04', '0.08', '0.105', '0.14'],
    tailWeights: ['0.18', '0.36', '0.24', '0.12', '0.06', '0.04', '0.03', '0.024'],
    unhedged: '0.002',
    hedged: '0.001',
  },
  CL: {
    steps: even('0.1175'),
    tailWeights: ['0.3561', '0.7121', '0.47', '0.235', '0.0587', '0.0261', '0.0147', '0.0094'],
    unhedged: '0.005',
    hedged: '0.0025',
  },
  META: { steps: even('0.07'), tailWeights: ['0.2121', '0.4242', '0.28', '0.14', '0.035', '0.0156', '0.0088', '0.0056'], unhedged: '0.003', hedged: '0.0015' },
  SPCX: {
    steps: even('0.0875'),
    tailWeights: ['0.2652', '0.5303', '0.35', '0.175', '0.0438', '0.0194', '0.0109', '0.007'],
    unhedged: '0.003',
    hedged: '0.0015',
  },
}

/** Paradex's 24 scenarios for an asset: 16 standard (4 sizes up and down, 0, each with vol up and down) then 8 tails. */
export function paradexScenarios(asset: string): GridPoint[] | undefined {
  const table = PARADEX[asset]
  if (!table) return undefined
  const [s1, s2, s3, s4] = table.steps.map((s) => new Decimal(s)) as [Decimal, Decimal, Decimal, Decimal]
  const one = new Decimal(1)
  const standard: [Decimal, string][] = [
    [s4, 'vol up'],
    [s3, 'vol up'],
    [s3, 'vol down'],
    [s2, 'vol up'],
    [s2, 'vol down'],
    [s1, 'vol up'],
    [s1, 'vol down'],
    [new Decimal(0), 'vol up'],
    [new Decimal(0), 'vol down'],
    [s1.neg(), 'vol up'],
    [s1.neg(), 'vol down'],
    [s2.neg(), 'vol up'],
    [s2.neg(), 'vol down'],
    [s3.neg(), 'vol up'],
    [s3.neg(), 'vol down'],
    [s4.neg(), 'vol up'],
  ]
  return [
    ...standard.map(([move, vol], i) => ({ label: `${i + 1}: ${moveLabel(move)} ${vol}`, move, weight: one })),
    ...TAIL_MOVES.map((m, i) => ({
      label: `${17 + i}: ${moveLabel(new Decimal(m))} vol up`,
      move: new Decimal(m),
      weight: new Decimal(table.tailWeights[i]!),
    })),
  ]
}

export function paradexFactors(asset: string): { unhedged: Decimal; hedged: Decimal } | undefined {
  const table = PARADEX[asset]
  return table && { unhedged: new Decimal(table.unhedged), hedged: new Decimal(table.hedged) }
}

export const PARADEX_MM_FRACTION = new Decimal('0.5')
/** Paradex funding provision: expected funding over the next 8 hours. */
export const PARADEX_FUNDING_HOURS = 8

export const SPAN_EXTREME_MULTIPLE = new Decimal(2)
export const SPAN_EXTREME_WEIGHT = new Decimal('0.35')
/** Binance Portfolio Margin (Pro): liquidation at uniMMR ≤ 105%. */
export const BINANCE_LIQUIDATION_RATIO = new Decimal('1.05')

/** "+12%", "-3.5%", "0%": a move as a label. */
export function moveLabel(move: Decimal): string {
  const pct = move.mul(100)
  return `${pct.gt(0) ? '+' : ''}${pct.toFixed()}%`
}

const QUOTE_SUFFIX = /[-_/]?(USDT|USDC|USD|PERP|SWAP|FUTURES)$/i

/** The underlying of a market symbol: BTC-USDT-SWAP, BTCUSDT, BTC-USD-PERP → BTC (quote and product suffixes stripped). */
export function underlyingOf(symbol: string): string {
  let name = symbol
  for (let previous = ''; previous !== name && name.length > 0; ) {
    previous = name
    const stripped = name.replace(QUOTE_SUFFIX, '')
    if (stripped.length > 0) name = stripped
  }
  return name.toUpperCase()
}

/**
 * The risk units of `portfolio` under a model: the file's units, then every other market in the unit named
 * by its underlying (a new unit when the file has none by that name). A unit's parameters come from the file.
 */
export function unitsOf(portfolio: Portfolio, spec: RiskModelSpec | undefined): RiskUnitSpec[] {
  const units = new Map<string, RiskUnitSpec>((spec?.units ?? []).map((u) => [u.name, { ...u, markets: [...u.markets] }]))
  const listed = new Set([...units.values()].flatMap((u) => u.markets))
  for (const symbol of portfolio.markets.keys()) {
    if (listed.has(symbol)) continue
    const name = underlyingOf(symbol)
    const unit = units.get(name)
    if (unit) unit.markets.push(symbol)
    else units.set(name, { name, markets: [symbol], betas: new Map(), path: spec?.path ?? ['markets', symbol] })
  }
  return [...units.values()]
}

/** The keys `model` needs for `unit` and neither the file nor the venue's defaults give; empty when it can run. */
export function missingParameters(model: RiskModelId, unit: RiskUnitSpec): string[] {
  switch (model) {
    case 'okx-pm':
      return [unit.mr4Rate ? undefined : 'mr4_rate', unit.mr7Rate ? undefined : 'mr7_rate'].filter((k): k is string => k !== undefined)
    case 'paradex-pm':
      return [
        unit.scanMoves || PARADEX[unit.name] ? undefined : 'scan_moves',
        unit.unhedgedFactor || PARADEX[unit.name] ? undefined : 'unhedged_factor',
        unit.hedgedFactor || PARADEX[unit.name] ? undefined : 'hedged_factor',
      ].filter((k): k is string => k !== undefined)
    case 'span16':
      return unit.scanRange ? [] : ['scan_range']
    case 'grid':
      return unit.moves ? [] : ['moves']
    default:
      return []
  }
}

/** The portfolio model a venue runs beside its ladder (compared in --verbose); none for the others. */
export const VENUE_PORTFOLIO_MODEL: Partial<Record<string, RiskModelId>> = { 'binance-usdm': 'binance-unimmr', 'okx-swap': 'okx-pm' }
