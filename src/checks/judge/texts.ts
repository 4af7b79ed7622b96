// The texts of figures that many findings repeat, made once per Decimal (a Decimal is immutable, so its text is
// the one a fresh call would make): a tier's rate and max leverage, a market's prices and its cross positions'
// shared liquidation figures, the thresholds. The wording stays in each check; only the figure's text is kept.
import type { Decimal } from '../../decimal.js'
import { percent, price, times } from '../../format.js'
import { oncePer, oncePerIn } from '../../once.js'

/** percent(fraction), once per Decimal. */
export const percentOnce = oncePer((fraction: Decimal) => percent(fraction))
/** A funding rate's text (percent to 4 places), once per Decimal. */
export const ratePercentOnce = oncePer((fraction: Decimal) => percent(fraction, 4))
/** times(value), once per Decimal. */
export const timesOnce = oncePer((value: Decimal) => times(value))
/** value.toFixed(), once per Decimal. */
export const plainOnce = oncePer((value: Decimal) => value.toFixed())
/** price(value, market), once per Decimal and market. */
export const priceOnce = oncePerIn((value: Decimal, market: { tick: Decimal }) => price(value, market))
