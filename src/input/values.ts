// Leaf values of the portfolio format: exact decimals, durations and timestamps, each read from
// the file's source text (numbers never pass through a JS float) and rejected with a clear message.
import { z } from 'zod'
import { Decimal } from '../decimal.js'
import { duration as showDuration } from '../format.js'
import { DURATION_LIMITS, type DurationKind, LIMITS, numberBoundProblem, shorten } from './limits.js'

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
const DURATION_TEXT = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

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

function parseDurationExact(text: string): Decimal | undefined {
  const match = text.length <= LIMITS.number.textLength ? DURATION_TEXT.exec(text.trim()) : null
  if (!match) return undefined
  const ms = new Decimal(match[1]!).mul(UNIT_MS[match[2] as keyof typeof UNIT_MS])
  return ms.isInteger() ? ms : undefined
}

/** Epoch milliseconds, or undefined when the text is not an ISO 8601 date-time with a zone. */
export function parseTimestamp(text: string): number | undefined {
  if (!TIMESTAMP_TEXT.test(text.trim())) return undefined
  const ms = Date.parse(text.trim())
  return Number.isNaN(ms) ? undefined : ms
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
      ctx.addIssue({ code: 'custom', message: `expected a decimal number, got ${show(value)}` })
      return z.NEVER
    }
    const outOfBounds = numberBoundProblem(text, parsed)
    if (outOfBounds) {
      ctx.addIssue({ code: 'custom', message: outOfBounds })
      return z.NEVER
    }
    return parsed
  })

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

/** Control characters (a newline, a terminal escape): never part of a name that is printed. */
export const CONTROL = /\p{Cc}/u

/** The value schema of a namedMap (for the editor schema and "did you mean" keys), given the mapping's input side. */
export function namedMapValue(schema: unknown): z.ZodType | undefined {
  return typeof schema === 'object' && schema !== null ? namedMapValues.get(schema) : undefined
}

export const timestamp = () =>
  z.string({ error: 'expected an ISO 8601 date-time with a zone, like 2026-11-21T08:00:00Z' }).transform((value, ctx) => {
    const ms = parseTimestamp(value)
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected an ISO 8601 date-time with a zone, like 2026-11-21T08:00:00Z, got ${show(value)}` })
      return z.NEVER
    }
    return ms
  })
