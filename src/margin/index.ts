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
  type MarginChange,
  MarginModel,
  marginAfter,
  maintenanceMarginAt,
  triggerPrices,
  type AccountMargin,
  type IsolatedLiquidation,
  type LeverageSource,
  type MarginView,
  type PortfolioAtPrices,
  type PositionAtPrices,
  type PositionMargin,
  type PositionSetup,
  type PriceLevel,
} from './compute.js'
export { describeDistance, judgeDistance, type DistanceJudgement } from './distance.js'
export { type FilledOrder, withLadder, withLeverageCut, withOrderFilled, withSizeCut } from './scenarios.js'
export { accountMarginFields, positionMarginFields } from './records.js'
export {
  type ApproxExposure,
  approxSurplus,
  bankruptcyPrice,
  type Crossing,
  Exposure,
  exposuresOf,
  type Leg,
  type Pool,
  type PoolTotals,
  type PriceOf,
  poolTotals,
  type Solution,
  solvePrice,
  unrealizedPnl,
} from './pool.js'
