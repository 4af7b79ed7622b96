// The registry: every check, in the order they run and report. Add a check here and nowhere else.
import type { Check } from '../engine/types.js'
import referencePrices from './reference-prices.js'
import stopVsLiquidation from './stop-vs-liquidation.js'
import slippage from './slippage.js'
import fees from './fees.js'
import orderRate from './order-rate.js'
import maintenanceLadder from './maintenance-ladder.js'
import liquidationDistance from './liquidation-distance.js'
import funding from './funding.js'
import portfolioCoupling from './portfolio-coupling.js'
import stress from './stress.js'
import liquidationPath from './liquidation-path.js'
import inputSanity from './input-sanity.js'
import snapshotAge from './snapshot-age.js'
import riskModel from './risk-model.js'

export const checks: readonly Check[] = [
  snapshotAge,
  inputSanity,
  referencePrices,
  maintenanceLadder,
  liquidationDistance,
  stopVsLiquidation,
  slippage,
  fees,
  orderRate,
  funding,
  portfolioCoupling,
  stress,
  liquidationPath,
  riskModel,
]
