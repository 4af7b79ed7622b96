// Reading the report's records as the HTML pages need them: a string figure, a list, a record. A record's
// fields the schema leaves open (src/report/records/types.ts) are `unknown` to its type, so each is read here by
// what it holds.

/** A record, or a field's value read as one. */
export type JsonRecord = { [key: string]: unknown }

const isRecord = (value: unknown): value is JsonRecord => value !== null && typeof value === 'object' && !Array.isArray(value)

/** The field as a string figure, or null. */
export function str(record: unknown, key: string): string | null {
  if (!isRecord(record)) return null
  const value = record[key]
  return typeof value === 'string' ? value : null
}

/** The field as a record, or null. */
export function rec(record: unknown, key: string): JsonRecord | null {
  if (!isRecord(record)) return null
  const value = record[key]
  return isRecord(value) ? value : null
}

/** The field as a list of records (empty when absent). */
export function list(record: unknown, key: string): JsonRecord[] {
  if (!isRecord(record)) return []
  const value = record[key]
  return Array.isArray(value) ? value.filter(isRecord) : []
}

/** The field as a list of strings (empty when absent). */
export function strings(record: unknown, key: string): string[] {
  if (!isRecord(record)) return []
  const value = record[key]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}
