// Leaf values of the portfolio format: exact decimals, durations and timestamps, each read from
// the file's source text (numbers never pass through a JS float) and rejected with a clear message.
import { z } from 'zod'
import { Decimal } from '../decimal.js'
import { duration as showDuration } from '../format.js'
import { DURATION_LIMITS, type DurationKind, LIMITS, numberBoundProblem, shorten } from './limits.js'

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
const DURATION_TEXT = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/
const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** A decimal's text read exactly, or undefined when it is not one or is past the number limits (1e100000000 has no printable digits). */
export function parseDecimalText(text: string): Decimal | undefined {
  const value = readDecimalText(text)
  return value && numberBoundProblem(text, value) === undefined ? value : undefined
}

function readDecimalText(text: string): Decimal | undefined {
  return text.length <= LIMITS.number.textLength && DECIMAL_TEXT.test(text.trim()) ? new Decimal(text.trim()) : undefined
}

/** Milliseconds, or undefined when the text is not a duration like 250ms, 30s, 15m, 8h, 3d (or is beyond any bound). */
export function parseDuration(text: string): number | undefined {
  const ms = parseDurationExact(text)
  return ms?.lte(Number.MAX_SAFE_INTEGER) ? ms.toNumber() : undefined
}

/** A duration's milliseconds exactly, or undefined when the text is not a duration or not a whole number of them. */
export function parseDurationExact(text: string): Decimal | undefined {
  const match = text.length <= LIMITS.number.textLength ? DURATION_TEXT.exec(text.trim()) : null
  if (!match) return undefined
  const ms = new Decimal(match[1]!).mul(UNIT_MS[match[2] as keyof typeof UNIT_MS])
  return ms.isInteger() ? ms : undefined
}

/** The years a timestamp may name (inclusive): every date a pre-trade check can mean, and no typo such as 0202 or 9999. */
export const TIMESTAMP_YEARS = { min: 2000, max: 2199 } as const

const TIMESTAMP_FORMAT = 'expected an ISO 8601 date-time with a zone, like 2026-11-21T08:00:00Z'

/** Epoch milliseconds, or undefined when the text is not an ISO 8601 date-time with a zone on a calendar date (see timestampProblem). */
export function parseTimestamp(text: string): number | undefined {
  return timestampProblem(text) === undefined ? Date.parse(text.trim()) : undefined
}

/**
 * Why `text` is not a timestamp, or undefined when it is one: the ISO 8601 shape with a zone, then a real
 * calendar date and time (no February 30th, no hour 24, no second 60) in the years of TIMESTAMP_YEARS.
 * JavaScript's Date would roll 2026-02-31 over to March 3rd; a file that says it means something else.
 */
export function timestampProblem(text: string): string | undefined {
  const trimmed = text.trim()
  const match = TIMESTAMP_TEXT.exec(trimmed)
  if (!match) return `${TIMESTAMP_FORMAT}, got ${show(shorten(text))}`
  const [year, month, day, hour, minute, second] = [match[1], match[2], match[3], match[4], match[5], match[6] ?? '0'].map(Number) as number[]
  const date = trimmed.slice(0, 10)
  if (month! < 1 || month! > 12) return `${date} is not a calendar date: there is no month ${match[2]}`
  const days = daysInMonth(year!, month!)
  if (day! < 1 || day! > days) return `${date} is not a calendar date: ${MONTHS[month! - 1]} ${year} has ${days} days`
  if (hour! > 23 || minute! > 59 || second! > 59) {
    const time = `${match[4]}:${match[5]}${match[6] === undefined ? '' : `:${match[6]}`}`
    return `${time} is not a time of day: hours 00 to 23, minutes and seconds 00 to 59`
  }
  const zone = /([+-])(\d{2}):?(\d{2})$/.exec(match[7]!)
  if (zone && (Number(zone[2]) > 23 || Number(zone[3]) > 59)) return `${match[7]} is not a time zone offset: hours 00 to 23, minutes 00 to 59`
  if (year! < TIMESTAMP_YEARS.min || year! > TIMESTAMP_YEARS.max)
    return `year ${match[1]} is outside the years a timestamp may name, ${TIMESTAMP_YEARS.min} to ${TIMESTAMP_YEARS.max}`
  return Number.isNaN(Date.parse(trimmed)) ? `${TIMESTAMP_FORMAT}, got ${show(shorten(text))}` : undefined
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/** A decimal written plain (0.1) or quoted ("0.1"). Numbers reach zod as their source text. */
export const decimal = () =>
  z.union([z.number(), z.string()], { error: 'expected a number' }).transform((value, ctx) => {
    const text = String(value)
    if (text.length > LIMITS.number.textLength) {
      ctx.addIssue({ code: 'custom', message: `a number of ${text.length} characters (${shorten(text)}); at most ${LIMITS.number.textLength} are read` })
      return z.NEVER
    }
    const parsed = readDecimalText(text)
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected a decimal number, got ${show(value)}${fractionHint(text)}` })
      return z.NEVER
    }
    const outOfBounds = numberBoundProblem(text, parsed)
    if (outOfBounds) {
      ctx.addIssue({ code: 'custom', message: outOfBounds })
      return z.NEVER
    }
    return parsed
  })

const PERCENT_TEXT = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%|bps?)\s*$/

/** For a percentage or basis points written as text (`0.02%`, `2bps`): the fraction to write instead. */
function fractionHint(text: string): string {
  const match = PERCENT_TEXT.exec(text)
  if (!match) return ''
  const fraction = new Decimal(match[1]!).div(match[2] === '%' ? 100 : 10_000).toFixed()
  return `: rates are fractions, write ${fraction} for ${match[1]}${match[2] === '%' ? '%' : ' bps'}`
}

export const positiveDecimal = () => decimal().refine((d) => d.gt(0), 'must be greater than 0')
export const nonNegativeDecimal = () => decimal().refine((d) => d.gte(0), 'must not be negative')
export const fraction = () => decimal().refine((d) => d.gte(0) && d.lt(1), 'must be a fraction from 0 to below 1')

export const integer = (min: number, max: number) =>
  decimal()
    .refine((d) => d.isInteger(), 'must be a whole number')
    .refine((d) => d.gte(min) && d.lte(max), `must be from ${min} to ${max}`)
    .transform((d) => d.toNumber())

/** A duration in milliseconds, within the bounds of its kind (see limits.ts). */
export const duration = (kind: DurationKind) =>
  z.union([z.number(), z.string()], { error: 'expected a duration like 250ms, 30s, 15m, 8h or 3d' }).transform((value, ctx) => {
    const ms = parseDurationExact(String(value))
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected a duration like 250ms, 30s, 15m, 8h or 3d, got ${show(shorten(String(value)))}` })
      return z.NEVER
    }
    const { min, max } = DURATION_LIMITS[kind]
    if (ms.lt(min) || ms.gt(max)) {
      const range = min === 0 ? `at most ${showDuration(max)}` : `from ${showDuration(min)} to ${showDuration(max)}`
      ctx.addIssue({ code: 'custom', message: `${shorten(String(value))} is out of range: must be ${range}` })
      return z.NEVER
    }
    return ms.toNumber()
  })

/**
 * A mapping from names the user chooses (market symbols) to values, read into a Map. Every name is an
 * ordinary key, `__proto__`, `constructor` and `toString` included: a zod record (and a plain object)
 * would drop `__proto__` without a word, and with it a market and every position on it.
 */
export function namedMap<T extends z.ZodType>(value: T, options: { error: string; what: string; max: number }) {
  const mapping = z.custom<Record<string, unknown>>((input) => input !== null && typeof input === 'object' && !Array.isArray(input), {
    error: options.error,
  })
  namedMapValues.set(mapping, value)
  return mapping.transform((input, ctx) => {
    const out = new Map<string, z.output<T>>()
    const keys = Object.keys(input)
    if (keys.length > options.max) {
      ctx.issues.push({ code: 'custom', message: `${keys.length} ${options.what}; at most ${options.max} are read`, input, path: [] })
      return out
    }
    for (const key of keys) {
      if (key.length === 0 || key.length > LIMITS.nameLength || CONTROL.test(key)) {
        ctx.issues.push({ code: 'custom', message: `a name must be 1 to ${LIMITS.nameLength} printable characters`, input: key, path: [key] })
        continue
      }
      const result = value.safeParse(input[key], { reportInput: true })
      if (result.success) out.set(key, result.data)
      else for (const issue of result.error.issues) ctx.issues.push({ ...issue, path: [key, ...issue.path] } as (typeof ctx.issues)[number])
    }
    return out
  })
}

const namedMapValues = new WeakMap<object, z.ZodType>()

/**
 * `schema` with a quick way through for the usual input: `read` gives the output straight from the input, or
 * undefined, and then `schema` checks the input and says what is wrong. The editor schema and the messages'
 * "expected …" are `schema`'s (standInFor), so only the time differs.
 */
export function withQuickRead<T extends z.ZodType, Out>(schema: T, read: (input: unknown) => Out | undefined, convert: (output: z.output<T>) => Out) {
  const input = z.custom<unknown>(() => true)
  standIns.set(input, schema)
  return input.transform((value, ctx): Out => {
    const quick = read(value)
    if (quick !== undefined) return quick
    const result = schema.safeParse(value, { reportInput: true })
    if (result.success) return convert(result.data)
    for (const issue of result.error.issues) ctx.issues.push(issue as (typeof ctx.issues)[number])
    return z.NEVER
  })
}

const standIns = new WeakMap<object, z.ZodType>()

/** The schema a withQuickRead stands for, given its input side. */
export function standInFor(schema: unknown): z.ZodType | undefined {
  return typeof schema === 'object' && schema !== null ? standIns.get(schema) : undefined
}

/**
 * Never part of a name that is printed: control characters (a newline, a terminal escape), the line and
 * paragraph separators (U+2028, U+2029: a new line to JSON readers and many terminals, so a finding naming the
 * position would break over two lines) and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069: they reorder the text printed after them, so an id would read as something else).
 */
export const CONTROL = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u

/** The value schema of a namedMap (for the editor schema and "did you mean" keys), given the mapping's input side. */
export function namedMapValue(schema: unknown): z.ZodType | undefined {
  return typeof schema === 'object' && schema !== null ? namedMapValues.get(schema) : undefined
}

export const timestamp = () =>
  z.string({ error: TIMESTAMP_FORMAT }).transform((value, ctx) => {
    const problem = timestampProblem(value)
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem })
      return z.NEVER
    }
    return Date.parse(value.trim())
  })
