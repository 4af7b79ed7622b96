// The per-item figures of the JSON report (markets, positions, orders, account): numbers derived
// once in src/derive, presented here. Decimals leave as exact strings.
import { decimalStringOrNull as str } from '../decimal.js'
import type { Derived } from '../derive/index.js'
import { triggerPrice } from '../model.js'
import { orderExecutionFields, positionStopFields } from '../execution/records.js'
import { accountMarginFields, positionMarginFields } from '../margin/records.js'
import { fundingFields } from '../funding/records.js'
import { liquidationPathFields, stressRecord } from '../stress/records.js'

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
type JsonRecord = { [key: string]: JsonValue }

export interface Records {
  markets: JsonRecord[]
  positions: JsonRecord[]
  orders: JsonRecord[]
  account?: JsonRecord
  /** Scenario grid, breaking points, blast radius, correlation breaks and cascades (src/stress). */
  stress?: JsonRecord
}

/**
 * One domain's fields of a record, or, when its view cannot be computed, `<domain>_error` saying why. The
 * checks that read the same view report it as a check failure (exit 2); the JSON report still comes out whole.
 */
function guarded(domain: string, fields: () => JsonRecord): JsonRecord {
  try {
    return fields()
  } catch (error) {
    return { [`${domain}_error`]: error instanceof Error ? error.message : String(error) }
  }
}

export function buildRecords(derived: Derived): Records {
  const { portfolio } = derived
  const markets = [...portfolio.markets.values()].map((market) => ({
    symbol: market.symbol,
    liquidation_trigger: market.liquidationTrigger,
    prices: { index: str(market.prices.index), mark: str(market.prices.mark), last: str(market.prices.last) },
  }))
  const positions = portfolio.positions.map((position) => {
    const market = portfolio.markets.get(position.market)!
    return {
      id: position.id,
      market: position.market,
      side: position.side,
      size: str(position.size),
      entry_price: str(position.entryPrice),
      margin_mode: position.marginMode,
      trigger_price: str(triggerPrice(market)),
      notional: str(position.size.mul(triggerPrice(market))),
      ...guarded('margin', () => positionMarginFields(derived.margin, position.id)),
      ...guarded('stop', () => positionStopFields(derived.execution, position)),
      ...guarded('funding', () => fundingFields(derived, 'position', position.id)),
      ...guarded('liquidation_path', () => liquidationPathFields(derived, position.id)),
    }
  })
  const orders = portfolio.orders.map((order) => ({
    id: order.id,
    market: order.market,
    side: order.side,
    size: str(order.size),
    type: order.type,
    price: str(order.price),
    slices: order.slices,
    ...guarded('execution', () => orderExecutionFields(derived.execution, order)),
    ...guarded('funding', () => fundingFields(derived, 'order', order.id)),
  }))
  const account = guarded('account', (): JsonRecord => {
    const fields = accountMarginFields(derived.margin)
    return fields ? { account: fields } : {}
  })
  return { markets, positions, orders, ...account, ...guarded('stress', () => ({ stress: stressRecord(derived) })) }
}
