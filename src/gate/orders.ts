// Orders written on the command line, validated as the file's own: appended to its orders[] and read through
// the same input path (schema, cross-references, conditionally required keys), so an unknown market, key or
// value is told in the file's words. Their problems then point at the word of the command line, not at a line
// of the file, and a command-line order's paths read `--order[0]` (0-based, like the file's lists).
import { InputError } from '../input/errors.js'
import { type LoadedPortfolio, type LoadOptions, loadPortfolio } from '../input/load.js'
import type { Order, Portfolio } from '../model.js'
import type { OrderEntry, Span, WrittenOrder, OrderGrammarError } from './grammar.js'

/** One problem with an order of the command line: the flag, the text given, what is wrong and where. */
export interface OrderProblem {
  flag: '--order' | '--max-size'
  text: string
  reason: string
  span: Span
  grammar?: string
}

/** Problems with the command line's orders (a usage error: exit 2). */
export class OrderProblems extends Error {
  constructor(readonly problems: readonly OrderProblem[]) {
    super(problems.map((p) => `${p.flag} "${p.text}": ${p.reason}`).join('\n'))
  }
}

/** A grammar error of `flag` as an OrderProblem. */
export function grammarProblem(flag: OrderProblem['flag'], error: OrderGrammarError): OrderProblem {
  return { flag, text: error.text, reason: error.reason, span: error.span, grammar: error.grammar }
}

/** Orders written after one flag, with the id each gets when it names none. */
export interface WrittenOrders {
  flag: OrderProblem['flag']
  orders: readonly WrittenOrder[]
  /** `--order`'s are `<market>#cli<n>` (n from 1); `--max-size`'s is the next of those. */
  defaultId: (entry: OrderEntry, n: number) => string
}

/**
 * The file with the command line's orders among its planned orders (after the file's own, in the order of
 * `groups`). Throws InputError when the file itself cannot be used (as without them), OrderProblems when one
 * of the orders cannot.
 */
export function loadWithOrders(source: string, options: LoadOptions, groups: readonly WrittenOrders[]): LoadedPortfolio & { fileOrders: number } {
  const alone = loadPortfolio(source, options)
  const fileOrders = alone.portfolio.orders.length
  const written = groups.flatMap((group) => group.orders.map((order, i) => ({ group, order, id: group.defaultId(order.entry, i + 1) })))
  if (written.length === 0) return { ...alone, fileOrders }
  let loaded: LoadedPortfolio
  try {
    loaded = loadPortfolio(source, { ...options, orders: written.map(({ order, id }) => ({ id, ...order.entry })) })
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    // The file alone was read without a problem, so every problem now is about an appended order; one that
    // names none (the list's length) is about the first.
    throw new OrderProblems(
      error.problems.map((problem) => {
        const match = /^orders\[(\d+)\](?:\.([^.[]+))?/.exec(problem.path ?? '')
        const { group, order } = (match && written[Number(match[1]) - fileOrders]) || written[0]!
        const key = match?.[2]
        // A key not written (a missing interval) is pointed at where it would go: after the last word.
        const span = key ? (order.spans.get(key) ?? ([order.text.length, order.text.length] as const)) : ([0, order.text.length] as const)
        return { flag: group.flag, text: order.text, reason: key ? `${key}: ${problem.message}` : problem.message, span }
      }),
    )
  }
  const flags = written.map(({ group }) => group.flag)
  return { ...loaded, portfolio: relabelled(loaded.portfolio, fileOrders, flags), fileOrders }
}

/** The command line's orders with paths of their own (`--order[0]`), so their items do not point into the file. */
function relabelled(portfolio: Portfolio, fileOrders: number, flags: readonly string[]): Portfolio {
  const seen = new Map<string, number>()
  const orders = portfolio.orders.map((order): Order => {
    if (order.index < fileOrders) return order
    const flag = flags[order.index - fileOrders]!
    const n = seen.get(flag) ?? 0
    seen.set(flag, n + 1)
    return { ...order, path: [flag, n] }
  })
  return { ...portfolio, orders }
}
