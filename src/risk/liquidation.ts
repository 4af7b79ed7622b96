// Liquidation in steps, as the venues describe it (docs/risk-models.md): Paradex cuts every position by the
// same share, a multiple of 20%, the least that brings the margin ratio below 90%, and takes a penalty of
// share × liquidation fee × MMR.
import { Decimal } from '../decimal.js'

export interface ShareStep {
  share: Decimal
  maintenance: Decimal
  penalty: Decimal
  accountValue: Decimal
  /** Maintenance ÷ account value after the cut; null when the account value is gone. */
  marginRatio: Decimal | null
}

export interface ShareLiquidation {
  /** Every candidate share, 20% to 100%. */
  table: ShareStep[]
  /** The least share whose margin ratio is below the target; the full share when none is. */
  chosen: ShareStep
}

/** Paradex: the share table and the chosen share for an account of `maintenance` and `accountValue` (positions closed at mark). */
export function paradexShare(maintenance: Decimal, accountValue: Decimal, fee: Decimal, options: { step?: Decimal; target?: Decimal } = {}): ShareLiquidation {
  const step = options.step ?? new Decimal('0.2')
  const target = options.target ?? new Decimal('0.9')
  const table: ShareStep[] = []
  for (let share = step; share.lte(1); share = share.plus(step)) {
    const left = maintenance.mul(new Decimal(1).minus(share))
    const penalty = share.mul(fee).mul(maintenance)
    const value = accountValue.minus(penalty)
    table.push({ share, maintenance: left, penalty, accountValue: value, marginRatio: value.gt(0) ? left.div(value) : null })
  }
  const chosen = table.find((row) => row.marginRatio?.lt(target)) ?? table[table.length - 1]!
  return { table, chosen }
}

export const PARADEX_LIQUIDATION_FEE = new Decimal('0.7')
