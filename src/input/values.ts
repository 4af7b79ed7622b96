// Leaf values of the portfolio format: exact decimals, durations and timestamps, each read from
// the file's source text (numbers never pass through a JS float) and rejected with a clear message.
import { z } from 'zod'
import { Decimal } from '../decimal.js'

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
const DURATION_TEXT = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

export function parseDecimalText(text: string): Decimal | undefined {
  return DECIMAL_TEXT.test(text.trim()) ? new Decimal(text.trim()) : undefined
}

/** Milliseconds, or undefined when the text is not a duration like 250ms, 30s, 15m, 8h, 3d. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_TEXT.exec(text.trim())
  if (!match) return undefined
  const ms = new Decimal(match[1]!).mul(UNIT_MS[match[2] as keyof typeof UNIT_MS])
  return ms.isInteger() ? ms.toNumber() : undefined
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
    const parsed = parseDecimalText(String(value))
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected a decimal number, got ${show(value)}` })
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

export const duration = () =>
  z.union([z.number(), z.string()], { error: 'expected a duration like 250ms, 30s, 15m, 8h or 3d' }).transform((value, ctx) => {
    const ms = parseDuration(String(value))
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected a duration like 250ms, 30s, 15m, 8h or 3d, got ${show(value)}` })
      return z.NEVER
    }
    return ms
  })

/**
 * A mapping from names the user chooses (market symbols) to values, read into a Map. Every name is an
 * ordinary key, `__proto__`, `constructor` and `toString` included: a zod record (and a plain object)
 * would drop `__proto__` without a word, and with it a market and every position on it.
 */
export function namedMap<T extends z.ZodType>(value: T, message: string) {
  const mapping = z.custom<Record<string, unknown>>((input) => input !== null && typeof input === 'object' && !Array.isArray(input), { error: message })
  namedMapValues.set(mapping, value)
  return mapping.transform((input, ctx) => {
    const out = new Map<string, z.output<T>>()
    for (const key of Object.keys(input)) {
      const result = value.safeParse(input[key], { reportInput: true })
      if (result.success) out.set(key, result.data)
      else for (const issue of result.error.issues) ctx.issues.push({ ...issue, path: [key, ...issue.path] } as (typeof ctx.issues)[number])
    }
    return out
  })
}

const namedMapValues = new WeakMap<object, z.ZodType>()

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
