// The documents' bounded arrays are tuples in their types (a diff's chain of 8 states, 7 components, a series of
// two snapshots or more, an errors document's one error at least: the schemas' minItems and maxItems).
// Array.prototype.map forgets a tuple's length; mapTuple keeps it, so what is built from a tuple is checked
// against the schema's bounds.

/** `T` with every element of type `U`: a tuple stays a tuple of its length. */
export type Each<T extends readonly unknown[], U> = { -readonly [K in keyof T]: U }

/** `items.map(f)`, typed as the tuple of `items`' length. */
export function mapTuple<T extends readonly unknown[], U>(items: T, f: (item: T[number], index: number) => U): Each<T, U> {
  return items.map(f) as Each<T, U>
}

/** One item or more. */
export const isNonEmpty = <T>(items: readonly T[]): items is readonly [T, ...T[]] => items.length > 0
