// Liquidation as a path and as a cascade: each position's forced exit by its venue's procedure through the
// stressed book, and, per grid scenario, the chain of exits one liquidation's price impact sets off.
// Why: "liquidation is a path, not a single event", and cascades are "a graph problem: book depth, correlation, and latency all matter".
import { defineCheck, type Draft, type Figure, type Status } from '../engine/types.js'
import { aboveZero, type Decimal } from '../decimal.js'
import type { Portfolio } from '../model.js'
import type { Cascade, CascadeLink, Cause } from '../stress/cascade.js'
import type { ExitStep, ForcedExit } from '../stress/exit.js'
import { duration, ids, money, price, short, signedPercent } from '../format.js'
import type { LiquidationPath } from '../stress/index.js'
import type { LiquidationProcedure } from '../venues.js'

const PROCEDURES: Record<LiquidationProcedure, string> = {
  'single-market-order': 'the whole position as one market order',
  'reduce-then-takeover': 'one reduce-only order limited at the bankruptcy price, then takeover',
  'tier-step-down': 'fill-or-kill steps down the risk-limit tiers, then takeover',
  'book-then-backstop': 'market orders into the book down to 2/3 of maintenance, then the backstop vault',
  'fillable-price': 'orders no worse than the bankruptcy price (fillable price), then deleveraging',
  'insurance-fund-share': 'taken over by the insurance fund (as a whole here: the worst case of its 20% shares)',
}

export default defineCheck({
  id: 'liquidation-path',
  title: 'Liquidation path and cascades',
  views: ['stress'],
  explanation:
    'When a position’s liquidation price is hit, its venue’s procedure (docs/venues.md) runs through the stressed ' +
    'book (spread × spread_multiplier, depth × depth_multiplier), centred on the trigger price moved one σ over the ' +
    'stress latency against the position: generic, one market order; binance-usdm, one reduce-only order limited ' +
    'at the bankruptcy price, then takeover; bybit-linear and okx-swap, fill-or-kill steps to the next lower tier ' +
    'until the margin is restored, then takeover; hyperliquid, market orders down to where equity is 2/3 of ' +
    'maintenance, then the backstop; dydx-v4, orders no worse than the bankruptcy price, then deleveraging; paradex, the insurance fund ' +
    'takes the position over (as a whole here, the worst case of its 20% shares). ' +
    'Reported: expected fill, liquidation fee (market liquidation_fee, taken only out of the margin the forced orders ' +
    'leave: a fee the margin cannot pay is forgone by the venue, warn), margin left, the loss beyond bankruptcy ' +
    '(fail), a takeover of what the book could not absorb (warn, with what unwinding it costs the insurance fund), and the price left behind. Cascades: in each ' +
    'grid scenario the market moves toward m; a pool at maintenance is forced out, its exit moves its market by ' +
    'its impact and the others by β × impact × correlation, and the chain is followed until nothing else breaks. ' +
    'A chain that wipes the cross account fails; one where an exit sets off another warns, and so does one cut unsettled ' +
    'after 8 forced exits per position (what is left and what is still open past maintenance are reported).',
  *run({ portfolio, views }) {
    if (portfolio.positions.length === 0) {
      yield { status: 'skip', subject: 'account', message: 'no positions', figures: {}, path: ['positions'] }
      return
    }
    const view = views.stress
    for (const p of portfolio.positions) yield pathDraft(portfolio, view.liquidationPaths.get(p.id)!)
    const chains = view.cascades
    if (chains.length === 0) {
      yield {
        status: 'pass',
        subject: 'account',
        message: 'no position breaks on the way to any grid scenario, so nothing cascades',
        figures: {},
        path: ['stress'],
      }
    }
    const hasCross = portfolio.positions.some((p) => p.marginMode === 'cross')
    yield* sameChainsMerged(chains.map((cascade) => cascadeDraft(portfolio, cascade, hasCross)))
  },
})

function step(s: ExitStep, px: (p: Decimal) => string): string {
  if (s.kind === 'takeover' || s.kind === 'backstop') return `${s.kind} of ${short(s.filled)} at ${s.price ? px(s.price) : 'no bankruptcy price'}`
  if (s.killed) return `fill-or-kill ${short(s.size)} killed`
  return `${s.kind === 'market' ? 'market order' : 'reduce order'} fills ${short(s.filled)} of ${short(s.size)}${s.price ? ` at ${px(s.price)}` : ''}`
}

function exitFigures(e: ForcedExit): Record<string, Figure> {
  return {
    procedure: e.procedure,
    trigger_price: e.triggerPrice,
    bankruptcy_price: e.bankruptcyPrice,
    backstop_price: e.backstopPrice,
    latency_move: e.latencyMove,
    book_mid: e.bookMid,
    book_filled: e.bookFilled,
    book_extended: e.bookExtended,
    book_vwap: e.bookVwap,
    taken_over: e.takenOver,
    remaining: e.remaining,
    expected_fill: e.expectedFill,
    liquidation_fee: e.liquidationFee,
    liquidation_fee_unpaid: e.feeUnpaid,
    margin_before: e.marginBefore,
    margin_left: e.marginLeft,
    beyond_bankruptcy: e.beyondBankruptcy,
    takeover_loss: e.takeoverLoss,
    beyond_book: e.beyondBook,
    price_left_behind: e.priceLeftBehind,
  }
}

function pathDraft(portfolio: Portfolio, path: LiquidationPath): Draft {
  const { position } = path
  const at = [...position.path, 'size']
  // Without a book the file lacks what the check needs (skip); without a liquidation price there is no path to walk (info).
  if (!path.exit)
    return { status: path.missing === 'book' ? 'skip' : 'info', subject: position.id, message: `liquidation path: ${path.reason}`, figures: {}, path: at }
  const e = path.exit
  const status: Status = aboveZero(e.beyondBankruptcy) || aboveZero(e.beyondBook) ? 'fail' : aboveZero(e.takenOver) || aboveZero(e.feeUnpaid) ? 'warn' : 'pass'
  const market = portfolio.markets.get(position.market)!
  const reference = market.liquidationTrigger
  const px = (p: Decimal) => price(p, market)
  const start = path.alreadyPast
    ? `already past liquidation, from ${px(e.triggerPrice)} on ${reference}`
    : `liquidation at ${px(e.triggerPrice)} on ${reference}`
  const latency = e.latencyMove ? `, book centred ${px(e.bookMid)} after ${duration(portfolio.stress.latencyMs)}` : ''
  const outcome =
    status === 'fail'
      ? aboveZero(e.beyondBook)
        ? `the stressed book cannot absorb ${short(e.beyondBook)} at any price`
        : `${money(e.beyondBankruptcy)} lost beyond bankruptcy (insurance fund / deleveraging)`
      : aboveZero(e.takenOver)
        ? `${short(e.takenOver)} taken over: the remaining margin is forfeited, and unwinding it costs the fund ${money(e.takeoverLoss)} beyond bankruptcy`
        : aboveZero(e.feeUnpaid)
          ? `the liquidation fee takes the whole margin left (${money(e.feeUnpaid)} of it unpaid, forgone by the venue): nothing lost beyond bankruptcy`
          : aboveZero(e.remaining)
            ? `margin restored with ${short(e.remaining)} still open`
            : 'closed inside the margin'
  const message =
    `${start}${latency}: ${PROCEDURES[e.procedure]}; ${e.steps.map((s) => step(s, px)).join(', ')}; expected fill ${e.expectedFill ? px(e.expectedFill) : '—'}` +
    ` (bankruptcy ${e.bankruptcyPrice ? px(e.bankruptcyPrice) : '—'}), fee ${money(e.liquidationFee)}, margin left ${money(e.marginLeft)}; ` +
    `leaves the price at ${px(e.priceLeftBehind)}; ${outcome}`
  return { status, subject: position.id, message, figures: exitFigures(e), path: at }
}

function causeOf(cascade: Cascade, cause: Cause): string {
  if (cause.kind === 'now') return 'already at maintenance'
  if (cause.kind === 'move') return 'the market move'
  return cascade.links[cause.index]!.position.id
}

function linkText(portfolio: Portfolio, cascade: Cascade, link: CascadeLink): string {
  const market = portfolio.markets.get(link.position.market)!
  const px = (p: Decimal) => price(p, market)
  const also = link.alsoClosed.length > 0 ? `, takes ${ids(link.alsoClosed)} with the account` : ''
  const exit = link.exit
    ? `fill ${link.fill ? px(link.fill) : 'unpriced'}, leaves ${px(link.priceLeftBehind)}${link.exit.wiped ? ', margin gone' : ''}`
    : 'no book: closed at the trigger price'
  return `${link.position.id} (at ${signedPercent(link.move)} by ${causeOf(cascade, link.cause)}: ${link.position.market} ${px(link.triggerPrice)}, ${exit}${also})`
}

/**
 * Grid moves past the point where a chain runs its course give the same chain and the same loss; report
 * such a chain once, on the way to the first of those moves, naming the others.
 */
function sameChainsMerged(drafts: Draft[]): Draft[] {
  const groups = new Map<string, Draft[]>()
  for (const draft of drafts) {
    const { move: _move, ...rest } = draft.figures!
    const key = JSON.stringify(Object.values(rest).map(String))
    groups.set(key, [...(groups.get(key) ?? []), draft])
  }
  return [...groups.values()].map(([first, ...same]) => {
    if (same.length === 0) return first!
    const others = same.map((d) => signedPercent(d.figures!.move as Decimal))
    return {
      ...first!,
      message: first!.message.replace(/^(cascade on the way to market [^,]*),/, `$1 (the same chain on the way to ${others.join(', ')}),`),
      figures: { ...first!.figures, same_chain_moves: same.map((d) => (d.figures!.move as Decimal).toFixed()) },
    }
  })
}

/** The chain's total: a loss, or a net gain when what survives it gains more than the liquidations cost (said so). */
function total(cascade: Cascade): string {
  if (cascade.totalGain.isZero()) return `total loss ${money(cascade.totalLoss)}`
  return (
    `a net gain of ${money(cascade.totalGain)} (equity ${money(cascade.equityBefore)} → ${money(cascade.equityAfter)}: ` +
    'the positions that survive gain more than the liquidated ones lose)'
  )
}

function cascadeDraft(portfolio: Portfolio, cascade: Cascade, hasCross: boolean): Draft {
  const setOffByExit = cascade.links.some((l) => l.cause.kind === 'link')
  const status: Status = !cascade.survives ? 'fail' : setOffByExit || !cascade.settled ? 'warn' : 'info'
  const chain = cascade.links.map((l) => linkText(portfolio, cascade, l)).join(' → ')
  const kind =
    cascade.links.length === 1
      ? 'a one-step chain'
      : setOffByExit
        ? `a ${cascade.links.length}-step chain`
        : `${cascade.links.length} liquidations, none set off by another`
  // A position already past liquidation today is forced out first; when the account survives that, say so beside
  // liquidation-distance's "ALREADY PAST LIQUIDATION".
  const pastNow = cascade.links.filter((l) => l.cause.kind === 'now' && l.position.marginMode === 'cross').map((l) => l.position.id)
  const outcome = !cascade.survives
    ? 'the cross account is wiped'
    : hasCross
      ? pastNow.length > 0
        ? `the cross account survives: ${ids(pastNow)}, already past liquidation now, ${pastNow.length === 1 ? 'is' : 'are'} forced out first and the rest stays above maintenance`
        : 'the cross account survives'
      : 'no cross account: each loss stays within its own margin'
  // A chain cut at the most exits the simulation takes: what is left and what is still open, said as such.
  const unsettled = cascade.settled
    ? ''
    : `; the chain had not settled after ${cascade.links.length} forced exits and is cut there: the figures are the account at the move with ` +
      (cascade.stillPast.length > 0 ? `${ids(cascade.stillPast)} still open past maintenance` : 'the rest still open')
  return {
    status,
    subject: 'account',
    message: `cascade on the way to market ${signedPercent(cascade.move)}, ${kind}: ${chain}; ${total(cascade)}, positions lost: ${ids(cascade.lost)}; ${outcome}${unsettled}`,
    figures: {
      move: cascade.move,
      steps: String(cascade.links.length),
      chain: cascade.links.map((l) => l.position.id),
      total_loss: cascade.totalLoss,
      total_gain: cascade.totalGain,
      equity_before: cascade.equityBefore,
      equity_after: cascade.equityAfter,
      positions_lost: cascade.lost,
      account_survives: cascade.survives,
      settled: cascade.settled,
      still_past_maintenance: cascade.stillPast,
    },
    path: ['stress', 'moves', cascade.index],
    kind: 'cascade',
    ...(cascade.links[0] && { cause: cascade.links[0].position.id }),
  }
}
