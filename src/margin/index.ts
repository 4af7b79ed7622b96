// The margin domain's public surface: ladders, pools and the per-position view every margin-aware check reads.
export {
  amountMismatches,
  deriveMaintenanceAmounts,
  headroom,
  maintenanceMargin,
  resolveLadder,
  tierFor,
  type AmountMismatch,
  type Ladder,
  type LadderRules,
  type Tier,
  type TierLookup,
} from './ladder.js'
export {
  accountAt,
  computeMargin,
  isolatedLiquidationPrice,
  ladderOf,
  maintenanceMarginAt,
  triggerPrices,
  type AccountMargin,
  type IsolatedLiquidation,
  type LeverageSource,
  type MarginView,
  type PortfolioAtPrices,
  type PositionAtPrices,
  type PositionMargin,
  type PriceLevel,
} from './compute.js'
export { withLadder, withLeverageCut, withOrderFilled, withSizeCut, type FilledOrder } from './scenarios.js'
