// The pre-trade gate (issue 22): before/after of planned orders, the verdict on the account once they fill,
// and the largest size of an order that still passes. Everything runs through the engine's door (runChecks) on
// transformed portfolios; the report turns the results into records (report/records/what-if.ts).
import type { Decimal } from '../decimal.js'
import type { LoadedPortfolio, LoadOptions } from '../input/load.js'
import { parseDecimalText } from '../input/values.js'
import type { Order } from '../model.js'
import type { WrittenOrder } from './grammar.js'
import { loadWithOrders, OrderProblems, type WrittenOrders } from './orders.js'
import { type MaxSize, maxSize, sizeStepOf } from './max-size.js'
import { type EngineDoor, type EngineState, type Judged, whatIf, type WhatIf } from './what-if.js'

/** The file's planned orders given a what-if each (--what-if); the rest are listed (what_if_left_out), and all are in the "all" what-if. */
export const FILE_WHAT_IF_LIMIT = 10

export interface GateOptions {
  /** Ids of the planned orders the command line added (--order): each gets its what-if. */
  commandLine: readonly string[]
  /** --what-if: the file's planned orders get theirs too (the first FILE_WHAT_IF_LIMIT). */
  fileOrders: boolean
  /** --max-size: the order (size ignored) and its size step when given. */
  maxSize?: { order: Order; step?: Decimal }
  failOn: 'fail' | 'warn'
}

export interface GateResult {
  /** One per order asked for; the command line's together when it gives more than one; with --what-if, every planned order together. */
  whatIfs: WhatIf[]
  /** The file's planned orders without a what-if of their own (past FILE_WHAT_IF_LIMIT). */
  leftOut: string[]
  /** The account once the command line's orders fill (the file's stay planned); null without --order. */
  judged: Judged | null
  maxSize: MaxSize | null
}

export function runGate(door: EngineDoor, before: EngineState, options: GateOptions): GateResult {
  const planned = before.portfolio.orders.map((o) => o.id)
  const commandLine = [...options.commandLine]
  const fileIds = planned.filter((id) => !options.commandLine.includes(id))
  const whatIfs = [...(options.fileOrders ? fileIds.slice(0, FILE_WHAT_IF_LIMIT) : []), ...commandLine].map((id) => whatIf(door, before, [id], 'order'))
  // The gate's verdict: the account once the command line's orders fill, together (the file's stay planned).
  let gate = whatIfs.find((w) => commandLine.length === 1 && w.fills[0]!.order.id === commandLine[0])
  if (commandLine.length > 1) {
    gate = whatIf(door, before, commandLine, 'command line')
    whatIfs.push(gate)
  }
  if (options.fileOrders && planned.length > 1) whatIfs.push(whatIf(door, before, planned, 'all'))
  let result: MaxSize | null = null
  if (options.maxSize) {
    const { order, step } = options.maxSize
    const market = before.portfolio.markets.get(order.market)!
    result = maxSize(door, before.portfolio, commandLine, order, sizeStepOf(before.portfolio, market, step), options.failOn)
  }
  return { whatIfs, leftOut: options.fileOrders ? fileIds.slice(FILE_WHAT_IF_LIMIT) : [], judged: gate?.judged ?? null, maxSize: result }
}

/** What the command line asks of the gate: its orders (--order), --what-if and --max-size. */
export interface GateRequest {
  orders: readonly WrittenOrder[]
  maxSize?: WrittenOrder
  whatIf?: boolean
  failOn?: 'fail' | 'warn'
}

export interface PreparedGate {
  loaded: LoadedPortfolio
  options: GateOptions
}

/**
 * The file read with the command line's orders among its planned orders, --max-size's order validated the
 * same way (at one unit, its size being what is searched) and then taken out of them. It is named as one
 * more --order would be, so an item about it reads the same in `--order "<the size found>"`. Throws InputError for
 * the file, OrderProblems for an order of the command line.
 */
export function prepareGate(source: string, load: LoadOptions, request: GateRequest): PreparedGate {
  const groups: WrittenOrders[] = [{ flag: '--order', orders: request.orders, defaultId: (entry, n) => `${String(entry.market)}#cli${n}` }]
  const asked = request.maxSize
  if (asked)
    groups.push({
      flag: '--max-size',
      orders: [{ ...asked, entry: { ...asked.entry, size: '1' } }],
      defaultId: (entry) => `${String(entry.market)}#cli${request.orders.length + 1}`,
    })
  const step = asked?.step && stepOf(asked)
  const loaded = loadWithOrders(source, load, groups)
  const { fileOrders, portfolio } = loaded
  const commandLine = portfolio.orders.slice(fileOrders, fileOrders + request.orders.length)
  const searched = asked ? portfolio.orders[fileOrders + request.orders.length]! : undefined
  return {
    loaded: searched ? { ...loaded, portfolio: { ...portfolio, orders: portfolio.orders.filter((o) => o !== searched) } } : loaded,
    options: {
      commandLine: commandLine.map((o) => o.id),
      fileOrders: request.whatIf ?? false,
      maxSize: searched && { order: searched, step },
      failOn: request.failOn ?? 'fail',
    },
  }
}

/** --max-size's `step=`: a positive decimal, read exactly. */
function stepOf(written: WrittenOrder): Decimal {
  const { text, span } = written.step!
  const value = parseDecimalText(text)
  if (value?.gt(0)) return value
  throw new OrderProblems([{ flag: '--max-size', text: written.text, reason: `step: must be a number greater than 0, got "${text}"`, span }])
}
