// Reading the report's plain records (JsonValue) as the HTML pages need them: a string figure, a list, a record.
import type { JsonValue } from '../records/json-value.js'

export type JsonRecord = { [key: string]: JsonValue }

/** The field as a string figure, or null. */
export function str(record: JsonValue | undefined, key: string): string | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null
  const value = record[key]
  return typeof value === 'string' ? value : null
}

/** The field as a record, or null. */
export function rec(record: JsonValue | undefined, key: string): JsonRecord | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null
  const value = record[key]
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null
}

/** The field as a list of records (empty when absent). */
export function list(record: JsonValue | undefined, key: string): JsonRecord[] {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return []
  const value = record[key]
  return Array.isArray(value) ? value.filter((v): v is JsonRecord => v !== null && typeof v === 'object' && !Array.isArray(v)) : []
}

/** The field as a list of strings (empty when absent). */
export function strings(record: JsonValue | undefined, key: string): string[] {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return []
  const value = record[key]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}
