// The whole input path: YAML text → positioned document → schema → Portfolio. Any problem, with
// every other problem found at the same stage, comes back as one InputError with file:line:col.
import type { Portfolio } from '../model.js'
import { readDocument, type SourceDocument } from './document.js'
import { InputError, formatPath } from './errors.js'
import { problemsFromIssues } from './issues.js'
import { LIMITS } from './limits.js'
import type { z } from 'zod'
import { buildPortfolio } from './build.js'
import { missingConditionalKeys } from './required.js'
import { parsePortfolio, portfolioSchema } from './schema.js'
import { timestampProblem } from './values.js'

export interface LoadOptions {
  /** The name used in messages: the path given, or <stdin>. */
  file: string
  /** --now: overrides the file's as_of (ISO 8601 text). */
  now?: string
  /** The clock, when neither --now nor as_of is given (epoch ms). */
  clock?: () => number
  /** Orders given beside the file (the command line's --order), appended to its orders[] and validated as its own. */
  orders?: readonly Record<string, unknown>[]
}

export interface LoadedPortfolio {
  portfolio: Portfolio
  document: SourceDocument
  /** Where as_of came from. */
  asOfSource: 'option' | 'file' | 'clock'
}

export function loadPortfolio(source: string, options: LoadOptions): LoadedPortfolio {
  const read = readDocument(source)
  if (!read.document) throw new InputError(options.file, read.problems)
  const document = withOrders(read.document, options.orders)

  if (document.data === null || typeof document.data !== 'object' || Array.isArray(document.data)) {
    throw new InputError(options.file, [{ message: 'expected a mapping with version, account and markets', line: 1, column: 1 }])
  }
  const parsed = parsePortfolio(document.data as Record<string, unknown>)
  // Keys required only in some cases are read from the plain data, so they are reported with the schema's problems
  // (and a near key written in their place is named, as for any missing key).
  const missing = missingConditionalKeys(document.data).map(
    (m): z.core.$ZodIssue => ({ code: 'custom', path: [...m.path], message: m.message, input: undefined }),
  )
  if (parsed.issues) {
    const { problems, total } = problemsFromIssues([...parsed.issues, ...missing], document, portfolioSchema(), LIMITS.problems)
    throw new InputError(options.file, sortProblems(problems), total)
  }

  let asOf: number
  let asOfSource: LoadedPortfolio['asOfSource']
  if (options.now !== undefined) {
    const problem = timestampProblem(options.now)
    if (problem !== undefined) throw new InputError(options.file, [{ message: `--now: ${problem}`, line: 1, column: 1 }])
    ;[asOf, asOfSource] = [Date.parse(options.now.trim()), 'option']
  } else if (parsed.data.as_of !== undefined) {
    ;[asOf, asOfSource] = [parsed.data.as_of, 'file']
  } else {
    ;[asOf, asOfSource] = [(options.clock ?? Date.now)(), 'clock']
  }

  const built = buildPortfolio(parsed.data, asOf, asOfSource)
  if (!built.portfolio || missing.length > 0) {
    const { problems } = problemsFromIssues(missing, document, portfolioSchema(), LIMITS.problems)
    const located = built.problems
      .slice(0, LIMITS.problems - problems.length)
      .map((p) => ({ message: p.message, path: formatPath(p.path), ...document.locate(p.path) }))
    throw new InputError(options.file, sortProblems([...problems, ...located]), missing.length + built.problems.length)
  }
  return { portfolio: built.portfolio, document, asOfSource }
}

/** The document with `orders` appended to its orders[] (the file's text and positions unchanged). */
function withOrders(document: SourceDocument, orders: LoadOptions['orders']): SourceDocument {
  const data = document.data
  if (!orders?.length || data === null || typeof data !== 'object' || Array.isArray(data)) return document
  const own = (data as Record<string, unknown>).orders
  return { ...document, data: { ...data, orders: [...(Array.isArray(own) ? own : []), ...orders] } }
}

function sortProblems<T extends { line: number; column: number }>(problems: T[]): T[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column)
}
