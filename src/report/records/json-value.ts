// A JSON value as the records hold it: the one type every record module shares.
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
