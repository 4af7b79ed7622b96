// The maintenance-margin ladder: which tier a notional falls in, the maintenance amount of each tier
// (derived from the ladder itself, so a mistyped "cum" in the file is caught) and MM = N·mmr − cum.
import { Decimal, ZERO, compare } from '../decimal.js'
import type { LadderTier, YamlPath } from '../model.js'

/** One tier as the margin math applies it. */
export interface Tier {
  /** 1-based position in the ladder. */
  number: number
  /** Notional lower bound, exclusive (tier 1 also covers 0): the previous tier's cap. */
  floor: Decimal
  /** Notional upper bound, inclusive: the file's max_notional. */
  cap: Decimal
  /** The rate applied: the file's mmr, plus the taker fee on venues that add it (okx-swap). */
  mmr: Decimal
  /** The file's mmr (on hyperliquid, filled in by the loader as 1/(2·max_leverage) when absent). */
  fileMmr: Decimal
  maxLeverage: Decimal
  /** The amount applied: the file's when it gives one, else the derived one. */
  maintenanceAmount: Decimal
  /** What the ladder implies: cum_k = cum_{k−1} + floor_k·(mmr_k − mmr_{k−1}); 0 on venues without a deduction. */
  derivedAmount: Decimal
  /** The file's maintenance_amount, when given. */
  givenAmount?: Decimal
  path: YamlPath
}

export interface Ladder {
  tiers: Tier[]
  /** False on venues whose maintenance margin has no deduction (okx-swap: the whole notional pays the tier rate). */
  deduction: boolean
}

/** How a venue turns the file's ladder into the rates it charges. */
export interface LadderRules {
  /** okx-swap: the taker fee rate is added to every tier's mmr and there is no maintenance amount. */
  takerFeeInMmr: boolean
  takerFee: Decimal
}

/** A file-given maintenance amount that the ladder recurrence contradicts. */
export interface AmountMismatch {
  tier: number
  given: Decimal
  derived: Decimal
  path: YamlPath
}

/**
 * Maintenance amounts implied by a ladder: cum_1 = 0, cum_k = cum_{k−1} + floor_k·(mmr_k − mmr_{k−1}),
 * with floor_k = cap_{k−1}. This is what makes N·mmr − cum continuous at every tier boundary.
 */
export function deriveMaintenanceAmounts(tiers: readonly { maxNotional: Decimal; mmr: Decimal }[]): Decimal[] {
  const amounts: Decimal[] = []
  tiers.forEach((tier, i) => {
    const previous = tiers[i - 1]
    amounts.push(previous ? amounts[i - 1]!.plus(previous.maxNotional.mul(tier.mmr.minus(previous.mmr))) : ZERO)
  })
  return amounts
}

/** The file's ladder with floors, applied rates and maintenance amounts resolved for the venue. */
export function resolveLadder(tiers: readonly LadderTier[], rules: LadderRules): Ladder {
  if (tiers.length === 0) throw new Error('a maintenance ladder needs at least one tier')
  const deduction = !rules.takerFeeInMmr
  const derived = deriveMaintenanceAmounts(tiers)
  return {
    deduction,
    tiers: tiers.map((tier, i) => {
      const derivedAmount = deduction ? derived[i]! : ZERO
      return {
        number: i + 1,
        floor: i === 0 ? ZERO : tiers[i - 1]!.maxNotional,
        cap: tier.maxNotional,
        mmr: rules.takerFeeInMmr ? tier.mmr.plus(rules.takerFee) : tier.mmr,
        fileMmr: tier.mmr,
        maxLeverage: tier.maxLeverage,
        maintenanceAmount: tier.maintenanceAmount ?? derivedAmount,
        derivedAmount,
        givenAmount: tier.maintenanceAmount,
        path: tier.path,
      }
    }),
  }
}

/**
 * Tiers whose file-given maintenance amount differs from the derived one by more than the file's own
 * rounding (half a unit in the last decimal place written), reported with both values.
 */
export function amountMismatches(ladder: Ladder): AmountMismatch[] {
  return ladder.tiers
    .filter((t) => t.givenAmount !== undefined && !agreesToStatedPrecision(t.givenAmount, t.derivedAmount))
    .map((t) => ({ tier: t.number, given: t.givenAmount!, derived: t.derivedAmount, path: t.path }))
}

function agreesToStatedPrecision(given: Decimal, derived: Decimal): boolean {
  const halfUnit = new Decimal(10).pow(-given.decimalPlaces()).div(2)
  return given.minus(derived).abs().lte(halfUnit)
}

export interface TierLookup {
  tier: Tier
  /** The notional is above the last tier's cap: the last tier is extended, and the position is off the ladder. */
  beyondLadder: boolean
}

/** The tier containing `notional`: floor < N ≤ cap (cap inclusive; tier 1 also takes 0). */
export function tierFor(ladder: Ladder, notional: Decimal): TierLookup {
  const tier = ladder.tiers.find((t) => compare(notional, t.cap) <= 0)
  return tier ? { tier, beyondLadder: false } : { tier: ladder.tiers[ladder.tiers.length - 1]!, beyondLadder: true }
}

/** Maintenance margin from the ladder alone: N·mmr − cum of the tier containing N (no close-fee reserve). */
export function maintenanceMargin(ladder: Ladder, notional: Decimal): Decimal {
  const { tier } = tierFor(ladder, notional)
  return notional.mul(tier.mmr).minus(tier.maintenanceAmount)
}

/** Notional the position can add before it leaves its tier (0 when already beyond the ladder). */
export function headroom(ladder: Ladder, notional: Decimal): Decimal {
  const { tier, beyondLadder } = tierFor(ladder, notional)
  return beyondLadder ? ZERO : tier.cap.minus(notional)
}
