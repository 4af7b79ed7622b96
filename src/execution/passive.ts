// Which orders rest in the book rather than take from it. A post-only order never takes (the venue rejects
// it instead of letting it cross), and a limit order priced away from the touch (a buy below the best ask,
// a sell above the best bid; without a book, against the last price) waits for the market to come to it.
// Such an order is not walked through the book as a taker: it fills at its limit price, when the market
// trades there.
import type { Decimal } from '../decimal.js'
import type { Market, Order } from '../model.js'
import { levelsHit } from './book-walk.js'

export function isPassive(order: Pick<Order, 'type' | 'side' | 'price'>, market: Pick<Market, 'book' | 'prices'>): boolean {
  if (order.type === 'market' || !order.price) return false
  if (order.type === 'post_only') return true
  const hit = market.book && levelsHit(market.book, order.side)
  const touch: Decimal = hit && hit.length > 0 ? hit.price(0) : market.prices.last
  return order.side === 'buy' ? order.price.lt(touch) : order.price.gt(touch)
}
