// A JSON value: what a record holds where the schema leaves it open (risk.ts types its record by it; JsonFields below).
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/**
 * A record's fields as JSON values: what a builder writes into a slot the schema leaves open (a position's margin,
 * stop and liquidation path, the stress record's figures) says `satisfies JsonFields`, so a Decimal or a Date left
 * there unwritten fails tsc though the document's type would take it.
 */
export type JsonFields = { [key: string]: JsonValue }
