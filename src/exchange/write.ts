// A Snapshot written as a portfolio file: the normal format (docs/format.md) with `as_of` set and a comment
// above each block naming the venue call and field it came from. Written as text, so the comments sit where
// a reader looks for them and every figure keeps its exact digits.
import type { Decimal } from '../decimal.js'
import type { Level, MarketSnapshot, PositionSnapshot, Snapshot, Tier } from './snapshot.js'

/** A figure in plain notation, never with an exponent, trailing zeros dropped. */
export function num(value: Decimal): string {
  return value.toFixed()
}

/** A timestamp as ISO 8601 UTC, without milliseconds when they are zero. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

/** A duration in the file's units: whole hours as `8h`, whole minutes as `30m`, else seconds or milliseconds. */
export function durationText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0) return `${ms / 60_000}m`
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`
}

/** A mapping key or text value, quoted when YAML would read it as anything but that plain text. */
export function text(value: string): string {
  return /^[A-Za-z][A-Za-z0-9._-]*$/.test(value) && !/^(true|false|yes|no|on|off|null)$/i.test(value) ? value : JSON.stringify(value)
}

/** One comment line per line of `note`, at `indent`. */
function comment(indent: string, note: string): string[] {
  return note.split('\n').map((line) => `${indent}# ${line}`)
}

function tierLine(tier: Tier): string {
  const fields = [`max_notional: ${num(tier.maxNotional)}`]
  if (tier.mmr) fields.push(`mmr: ${num(tier.mmr)}`)
  fields.push(`max_leverage: ${num(tier.maxLeverage)}`)
  if (tier.maintenanceAmount) fields.push(`maintenance_amount: ${num(tier.maintenanceAmount)}`)
  return `      - { ${fields.join(', ')} }`
}

function levels(side: 'bids' | 'asks', rows: readonly Level[]): string[] {
  return [`      ${side}:`, ...rows.map(([price, size]) => `        - [${num(price)}, ${num(size)}]`)]
}

function market(m: MarketSnapshot): string[] {
  const lines = [`  ${text(m.symbol)}:`]
  lines.push(...comment('    ', m.prices.source))
  lines.push(`    prices: { index: ${num(m.prices.index)}, mark: ${num(m.prices.mark)}, last: ${num(m.prices.last)} }`)
  if (m.contractSize) lines.push(`    contract_size: ${num(m.contractSize)}`)
  lines.push(...comment('    ', m.ladder.source), '    maintenance_ladder:', ...m.ladder.tiers.map(tierLine))
  if (m.funding) {
    const interval = m.funding.intervalMs === undefined ? '' : `, interval: ${durationText(m.funding.intervalMs)}`
    lines.push(...comment('    ', m.funding.source))
    lines.push(`    funding: { rate: ${num(m.funding.rate)}, next_at: ${isoTime(m.funding.nextAt)}${interval} }`)
  }
  if (m.volatility) lines.push(...comment('    ', m.volatility.source), `    volatility: ${num(m.volatility.value)}`)
  if (m.book) lines.push(...comment('    ', m.book.source), '    book:', ...levels('bids', m.book.bids), ...levels('asks', m.book.asks))
  return lines
}

function position(p: PositionSnapshot): string[] {
  const lines = [`  - market: ${text(p.market)}`, `    side: ${p.side}`, `    size: ${num(p.size)}`, `    entry_price: ${num(p.entryPrice)}`]
  lines.push(`    margin_mode: ${p.marginMode}`)
  if (p.margin) lines.push(`    margin: ${num(p.margin)}`)
  if (p.leverage) lines.push(`    leverage: ${num(p.leverage)}`)
  return lines
}

/** The portfolio file's text. */
export function writePortfolio(snapshot: Snapshot, header: string): string {
  const { account } = snapshot
  const lines = [
    ...comment('', header),
    'version: 1',
    `as_of: ${isoTime(snapshot.asOf)}`,
    `venue: ${snapshot.venue}`,
    'account:',
    ...comment('  ', account.source),
    `  margin_mode: ${account.marginMode}`,
    `  wallet_balance: ${num(account.walletBalance)}`,
  ]
  if (account.fees) lines.push(`  fees: { maker: ${num(account.fees.maker)}, taker: ${num(account.fees.taker)} }`)
  lines.push('markets:', ...snapshot.markets.flatMap(market))
  if (snapshot.positions.length > 0)
    lines.push('positions:', ...(snapshot.positionsSource ? comment('  ', snapshot.positionsSource) : []), ...snapshot.positions.flatMap(position))
  else lines.push('# No open position: add one, or orders, to check a trade before placing it.', 'positions: []')
  return `${lines.join('\n')}\n`
}
