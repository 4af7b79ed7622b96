// The order written on the command line: `--order "<buy|sell> <size> <market> [@ <limit price>] [key=value …]"`
// and `--max-size "<buy|sell> <market> [@ <limit price>] [key=value …]"`. The words become the same entry the
// file's orders[] would hold (values as the text written: decimals go from this text straight into Decimal,
// never through a float), which then goes through the file's own validation (input/load.ts). Only the shape
// of the words is judged here; every value is judged there.
import { oneLine } from '../input/errors.js'
import { CONTROL } from '../input/values.js'

export const ORDER_GRAMMAR = '<buy|sell> <size> <market> [@ <limit price>] [key=value …]'
export const MAX_SIZE_GRAMMAR = '<buy|sell> <market> [@ <limit price>] [key=value …]'

/** An order entry as the file would hold it: each value the text written (reduce_only and the like as booleans). */
export type OrderEntry = Record<string, string | boolean>

/** Where a word stands in the text written: [start, end) in characters. */
export type Span = readonly [number, number]

export interface WrittenOrder {
  /** The text as given. */
  text: string
  entry: OrderEntry
  /** Where each key of `entry` was written (the positional words under side, size, market and price). */
  spans: ReadonlyMap<string, Span>
  /** --max-size's own key: the size step (text), when given. */
  step?: { text: string; span: Span }
}

/** A word of the order text that does not fit the grammar. */
export class OrderGrammarError extends Error {
  constructor(
    readonly text: string,
    readonly reason: string,
    readonly span: Span,
    readonly grammar: string,
  ) {
    super(reason)
  }
}

interface Word {
  text: string
  span: Span
}

/** The words of `text`, split at blanks and around "@" (`@61000` and `BTCUSDT@61000` read as `@ 61000`). */
function wordsOf(text: string): Word[] {
  const words: Word[] = []
  for (const match of text.matchAll(/[^\s@]+|@/g)) words.push({ text: match[0], span: [match.index, match.index + match[0].length] })
  return words
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
/** Keys the positional words give; written again as key=value they would say the same thing twice. */
const POSITIONAL = ['side', 'size', 'market'] as const
const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false, yes: true, no: false }

/**
 * Reads an order written on the command line. `withSize` false reads --max-size's form (no size word; `step=`
 * sets the size step the search walks). Throws OrderGrammarError naming the word that does not fit.
 */
export function parseOrderText(text: string, { withSize = true } = {}): WrittenOrder {
  const grammar = withSize ? ORDER_GRAMMAR : MAX_SIZE_GRAMMAR
  const words = wordsOf(text)
  const end: Span = [text.length, text.length]
  const fail = (reason: string, span: Span): never => {
    throw new OrderGrammarError(text, reason, span, grammar)
  }
  const entry: OrderEntry = {}
  const spans = new Map<string, Span>()
  const put = (key: string, value: string | boolean, span: Span) => {
    // Defined, never assigned: `__proto__=1` assigned would vanish (a prototype, not a key) instead of being refused as unknown.
    Object.defineProperty(entry, key, { value, enumerable: true, writable: true, configurable: true })
    spans.set(key, span)
  }
  // A control character (a newline, a terminal escape) would reach the terminal with the order's echo, and a
  // newline or tab would push the pointer under the wrong word: none is part of an order.
  const control = CONTROL.exec(text)
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
    fail(`character U+${code} is not allowed in an order: write its words apart with spaces`, [control.index, control.index + control[0].length])
  }
  let at = 0
  const side = words[at++]
  if (!side) return fail('the order is empty: expected buy or sell first', end)
  if (side.text !== 'buy' && side.text !== 'sell') fail(`"${side.text}" is not buy or sell: the order starts with its side`, side.span)
  put('side', side.text, side.span)
  if (withSize) {
    const size = words[at++]
    if (!size) return fail('the size is missing after the side', end)
    if (!NUMBER.test(size.text)) fail(`"${size.text}" is not a size: the size (a number of base units) comes after the side`, size.span)
    put('size', size.text, size.span)
  }
  const market = words[at++]
  if (!market) return fail('the market is missing', end)
  if (!withSize && NUMBER.test(market.text)) fail(`"${market.text}" reads as a size: --max-size searches for the size, leave it out`, market.span)
  if (market.text === '@' || market.text.includes('=') || (withSize && NUMBER.test(market.text)))
    fail(`"${market.text}" is not a market symbol: the market comes ${withSize ? 'after the size' : 'after the side'}`, market.span)
  put('market', market.text, market.span)
  if (words[at]?.text === '@') {
    const sign = words[at++]!
    const price = words[at++]
    if (!price || price.text === '@' || price.text.includes('=')) return fail('a limit price goes after "@"', price?.span ?? [sign.span[1], sign.span[1]])
    put('price', price.text, price.span)
  }
  let step: WrittenOrder['step']
  for (; at < words.length; at++) {
    const word = words[at]!
    const equals = word.text.indexOf('=')
    if (equals <= 0 || equals === word.text.length - 1) {
      const where = word.text === '@' ? 'a limit price goes right after the market: <market> @ <price>' : 'expected key=value'
      fail(`"${word.text}" is not understood here: ${where}`, word.span)
    }
    const key = word.text.slice(0, equals)
    const value = word.text.slice(equals + 1)
    if (key === 'size' && !withSize) fail('size= is what --max-size searches for: leave it out', word.span)
    if ((POSITIONAL as readonly string[]).includes(key)) fail(`${key}= repeats the ${key} word: write it once, in its place`, word.span)
    if (spans.has(key)) fail(`${key} is given twice`, word.span)
    if (key === 'step' && !withSize) {
      step = { text: value, span: word.span }
      spans.set(key, word.span)
      continue
    }
    if (key === 'post_only') {
      // The file says post-only with type: post_only; post_only=true is the same order.
      const on = BOOLEAN_TEXT[value]
      if (on === undefined) fail(`post_only must be true or false, not "${value}"`, word.span)
      if (on) put('type', 'post_only', word.span)
      continue
    }
    put(key, BOOLEAN_TEXT[value] !== undefined && key === 'reduce_only' ? BOOLEAN_TEXT[value]! : value, word.span)
  }
  // A limit price given makes a limit order unless the type says otherwise (post_only).
  if (entry.price !== undefined && entry.type === undefined) entry.type = 'limit'
  return { text, entry, spans, ...(step && { step }) }
}

/** The words under a span, marked: "buy 0.5 BTCUSDX" over "        ^^^^^^^" (a control character shown as its \\u{…} escape, and marked so). */
export function pointAt(text: string, span: Span): [string, string] {
  const [start, end] = [oneLine(text.slice(0, span[0])).length, oneLine(text.slice(0, span[1])).length]
  return [oneLine(text), `${' '.repeat(start)}${'^'.repeat(Math.max(1, end - start))}`]
}
