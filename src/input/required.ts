// Keys required only in some cases (the venue, the margin mode, the order type decide), read from the file's
// plain data before the schema's verdict, so a file missing them hears of every one in its first run, next to
// the schema's problems, and not only once those are mended.
import type { YamlPath } from '../model.js'
import { VENUES, type VenueProfile } from '../venues.js'
import { parseDecimalText } from './values.js'

export interface MissingKey {
  path: YamlPath
  message: string
}

type Mapping = Record<string, unknown>

const mapping = (value: unknown): Mapping | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Mapping) : undefined)
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const lacks = (node: Mapping, key: string) => !Object.hasOwn(node, key)

/** Every conditionally required key the file leaves out. A condition the file writes wrongly (an unknown venue) is the schema's to report. */
export function missingConditionalKeys(data: unknown): MissingKey[] {
  const root = mapping(data)
  if (!root) return []
  const missing: MissingKey[] = []
  const add = (path: YamlPath, message: string) => missing.push({ path, message })
  const venueId = root.venue ?? 'generic'
  const venue = typeof venueId === 'string' && Object.hasOwn(VENUES, venueId) ? VENUES[venueId as keyof typeof VENUES] : undefined
  const account = mapping(root.account)

  if (venue && !venue.fees && account) {
    const fees = lacks(account, 'fees') ? {} : mapping(account.fees)
    for (const key of ['maker', 'taker']) if (fees && lacks(fees, key)) add(['account', 'fees', key], `is missing: venue ${venue.id} has no default fees`)
  }
  if (venue) for (const [symbol, market] of Object.entries(mapping(root.markets) ?? {})) missingRates(venue, ['markets', symbol], mapping(market), add)

  const accountMode = account?.margin_mode ?? 'cross'
  list(root.positions).forEach((item, index) => {
    const position = mapping(item)
    if (position && (position.margin_mode ?? accountMode) === 'isolated' && lacks(position, 'margin'))
      add(['positions', index, 'margin'], 'is missing: an isolated position needs the margin posted to it')
  })
  list(root.orders).forEach((item, index) => {
    const order = mapping(item)
    if (!order) return
    const type = order.type ?? 'market'
    if ((type === 'limit' || type === 'post_only') && lacks(order, 'price'))
      add(['orders', index, 'price'], `is missing: a ${type} order needs its limit price`)
    const slices = typeof order.slices === 'string' ? parseDecimalText(order.slices) : undefined
    if (slices?.gt(1) && lacks(order, 'interval'))
      add(['orders', index, 'interval'], `is missing: the time between slices is needed when slices is more than 1 (slices: ${slices.toFixed()})`)
  })
  return missing
}

/** Tiers without mmr, on a venue that does not derive it (today and in announced ladder changes). */
function missingRates(venue: VenueProfile, path: YamlPath, market: Mapping | undefined, add: (path: YamlPath, message: string) => void) {
  if (!market || venue.mmrFromMaxLeverage) return
  const ladders: [YamlPath, unknown][] = [[[...path, 'maintenance_ladder'], market.maintenance_ladder]]
  list(market.ladder_changes).forEach((change, i) => {
    ladders.push([[...path, 'ladder_changes', i, 'maintenance_ladder'], mapping(change)?.maintenance_ladder])
  })
  for (const [ladderPath, ladder] of ladders) {
    list(ladder).forEach((item, i) => {
      const tier = mapping(item)
      if (tier && lacks(tier, 'mmr'))
        add([...ladderPath, i, 'mmr'], `is missing: venue ${venue.id} does not derive it (only hyperliquid derives it from max_leverage)`)
    })
  }
}
