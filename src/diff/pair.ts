// Which item of the old snapshot is which item of the new one. An id the file gave pairs with the same id (in
// the same market); an id perp-check made up (`<market>#<n>`, `<market>#order<n>`: the file gave none) says
// only where the item stood in the list, so those pair by market and side, in file order.
import type { Order, Portfolio, Position } from '../model.js'

interface Item {
  id: string
  index: number
  market: string
  side: string
}

export interface Pairing<T> {
  /** [old, new], in the new file's order. */
  pairs: [T, T][]
  /** Old items with no partner. */
  removed: T[]
  /** New items with no partner. */
  added: T[]
}

/** The id the input builder gives a position without one. */
export const defaultedPosition = (p: Position): boolean => p.id === `${p.market}#${p.index + 1}`
/** The id the input builder gives an order without one. */
export const defaultedOrder = (o: Order): boolean => o.id === `${o.market}#order${o.index + 1}`

export function pairItems<T extends Item>(old: readonly T[], next: readonly T[], defaulted: (item: T) => boolean): Pairing<T> {
  const partner = new Map<T, T>()
  const taken = new Set<T>()
  const byId = new Map(old.filter((o) => !defaulted(o)).map((o) => [o.id, o]))
  for (const item of next) {
    const match = defaulted(item) ? undefined : byId.get(item.id)
    if (match && match.market === item.market) {
      partner.set(item, match)
      taken.add(match)
    }
  }
  const waiting = new Map<string, T[]>()
  for (const o of old) {
    if (taken.has(o) || !defaulted(o)) continue
    const key = `${o.market}\u0000${o.side}`
    waiting.set(key, [...(waiting.get(key) ?? []), o])
  }
  for (const item of next) {
    if (partner.has(item) || !defaulted(item)) continue
    const match = waiting.get(`${item.market}\u0000${item.side}`)?.shift()
    if (match) {
      partner.set(item, match)
      taken.add(match)
    }
  }
  return {
    pairs: next.filter((n) => partner.has(n)).map((n) => [partner.get(n)!, n]),
    removed: old.filter((o) => !taken.has(o)),
    added: next.filter((n) => !partner.has(n)),
  }
}

export interface PortfolioPairing {
  positions: Pairing<Position>
  orders: Pairing<Order>
  /**
   * The new portfolio with every paired position under its old id (the math is the same; the attribution then
   * follows one id through both). A new position whose id an old one now carries is renamed `<id>~new`.
   */
  renamed: Portfolio
  /** New position or order id → old id, for the pairs whose ids differ. */
  oldIds: Map<string, string>
}

export function pairPortfolios(old: Portfolio, next: Portfolio): PortfolioPairing {
  const positions = pairItems(old.positions, next.positions, defaultedPosition)
  const orders = pairItems(old.orders, next.orders, defaultedOrder)
  const oldIds = new Map<string, string>()
  for (const [o, n] of [...positions.pairs, ...orders.pairs]) if (o.id !== n.id) oldIds.set(n.id, o.id)
  const renamedTo = new Map(positions.pairs.map(([o, n]) => [n, o.id]))
  const claimed = new Set(renamedTo.values())
  const renamed: Portfolio = {
    ...next,
    positions: next.positions.map((p) => {
      const id = renamedTo.get(p) ?? (claimed.has(p.id) ? `${p.id}~new` : p.id)
      return id === p.id ? p : { ...p, id }
    }),
  }
  return { positions, orders, renamed, oldIds }
}
