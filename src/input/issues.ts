// Turns zod issues into positioned input problems with messages a trader can act on.
import type { z } from 'zod'
import type { YamlPath } from '../model.js'
import type { SourceDocument, ValueKind } from './document.js'
import { formatPath, isNearKey, nearestKey, type InputProblem } from './errors.js'
import { shorten } from './limits.js'
import { namedMapValue, standInFor } from './values.js'

/**
 * The first `limit` problems (locating one costs a walk of the document, so no more are located), and how many
 * there are in all. Issues about a key that is not written at all (the schema's, and required.ts's, whose
 * message begins "is missing") are reported as missing keys.
 */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  document: SourceDocument,
  schema: z.ZodType,
  limit = Infinity,
): { problems: InputProblem[]; total: number } {
  // A missing key with a near unknown key beside it (`entry` for entry_price) is one mistake: it is reported once, at the key written.
  const misspelt = new Map<z.core.$ZodIssue, string>()
  for (const issue of issues) {
    const path = issue.path as YamlPath
    if (issue.code === 'unrecognized_keys' || !missing(document.data, path)) continue
    const written = unknownKeysAt(document.data, path.slice(0, -1), schema)
    const near = written.find((key) => isNearKey(key, String(path[path.length - 1])))
    if (near !== undefined) misspelt.set(issue, near)
  }
  const explained = new Set([...misspelt].map(([issue, key]) => formatPath([...(issue.path as YamlPath).slice(0, -1), key])))
  const problems: InputProblem[] = []
  for (const issue of issues) {
    if (problems.length >= limit) break
    problems.push(...problemsFromIssue(issue, document, schema, limit - problems.length, misspelt.get(issue), explained))
  }
  // An unrecognized_keys issue is one problem per key; a key merged into a missing one is not counted twice.
  const total = issues.reduce((n, issue) => n + (issue.code === 'unrecognized_keys' ? issue.keys.length : 1), 0) - misspelt.size
  return { problems, total }
}

/** YAML 1.1's merge key (`<<: *defaults`), which YAML 1.2 and this reader do not have: read as a key like any other. */
const MERGE_KEY = '<<'
const MERGE_KEY_MESSAGE =
  'a merge key (<<) is not read: YAML 1.2 has none, so the keys it would bring are missing here; write them out (an alias of a whole value, *name, is read)'

function problemsFromIssue(
  issue: z.core.$ZodIssue,
  document: SourceDocument,
  schema: z.ZodType,
  limit: number,
  misspelt: string | undefined,
  explained: ReadonlySet<string>,
): InputProblem[] {
  const path = issue.path as YamlPath
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(schema, path)
    return issue.keys
      .filter((key) => !explained.has(formatPath([...path, key])))
      .slice(0, limit)
      .map((key) => {
        const near = nearestKey(key, allowed)
        const hint = near ? ` (did you mean "${near}"?)` : ''
        return {
          message: key === MERGE_KEY ? MERGE_KEY_MESSAGE : `unknown key "${key}"${hint}; allowed keys: ${allowed.join(', ')}`,
          path: formatPath([...path, key]),
          ...document.locate([...path, key], { key: true }),
        }
      })
  }
  if (!present(document.data, path)) {
    // A key written with no value (`positions:` and nothing after it): point at the key.
    if (given(document.data, path))
      return [{ message: `has no value: ${expectedOf(issue, schema).message}`, path: formatPath(path), ...document.locate(path, { key: true }) }]
    const wanted = String(path[path.length - 1])
    // A missing key written under a near name: point at that name, the place to mend.
    if (misspelt !== undefined) {
      const writtenPath = [...path.slice(0, -1), misspelt]
      const message = `"${misspelt}" is not a key here and ${wanted} is missing: did you mean "${wanted}"?`
      return [{ message, path: formatPath(writtenPath), ...document.locate(writtenPath, { key: true }) }]
    }
    // A missing key: point at the mapping's own key, the place to add it.
    return [
      {
        message: issue.message.startsWith('is missing') ? issue.message : 'is missing (a required key)',
        path: formatPath(path),
        ...document.locate(path.slice(0, -1), { key: true }),
      },
    ]
  }
  return [{ message: shapeMessage(issue, document, schema), path: formatPath(path) || undefined, ...document.locate(path) }]
}

/** Whether the key at the path is absent from the file (not written at all; the root is never missing). */
function missing(data: unknown, path: YamlPath): boolean {
  return path.length > 0 && !given(data, path)
}

/** The keys written in the mapping at `path` that its schema does not allow. */
function unknownKeysAt(data: unknown, path: YamlPath, schema: z.ZodType): string[] {
  const node = path.reduce<unknown>((at, part) => (at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[part] : undefined), data)
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return []
  const allowed = new Set(allowedKeysAt(schema, path))
  return allowed.size === 0 ? [] : Object.keys(node).filter((key) => !allowed.has(key))
}

/**
 * The message of a value of the wrong shape or kind, naming what goes there and what the file gives:
 * "expected a mapping like { price: …, trigger: mark }, got the number 91500".
 */
function shapeMessage(issue: z.core.$ZodIssue, document: SourceDocument, schema: z.ZodType): string {
  const path = issue.path as YamlPath
  const message = messageOf(issue)
  const kind = document.kindAt(path)
  if (kind === undefined || !message.startsWith('expected ') || message.includes(', got ')) return message
  const { message: expected, def } = expectedOf(issue, schema)
  const value = valueAt(document.data, path)
  const got = `${expected}, got ${describeValue(kind, value)}`
  // A [price, size] pair written as a mapping: show it as a pair.
  if (def?.type === 'tuple' && kind === 'mapping' && value !== null && typeof value === 'object') {
    const { price, size, ...rest } = value as Record<string, unknown>
    if (typeof price === 'string' && typeof size === 'string' && Object.keys(rest).length === 0) return `${got}: write [${price}, ${size}]`
  }
  return got
}

/** What goes at the issue's path: a mapping is shown by a sample of its keys, anything else by the issue's own message. */
function expectedOf(issue: z.core.$ZodIssue, schema: z.ZodType): { message: string; def?: ZodDef } {
  const node = schemaAt(schema, issue.path as YamlPath)
  const def = node === undefined ? undefined : defOf(node)
  return { message: def?.type === 'object' && issue.code === 'invalid_type' ? `expected a mapping like ${mappingSample(def)}` : messageOf(issue), def }
}

/** `{ price: …, trigger: mark }`: the required keys, then optional ones up to three keys in all; an enum shows its first value. */
function mappingSample(def: ZodDef): string {
  const entries = Object.entries(def.shape as Record<string, unknown>)
  const required = entries.filter(([, value]) => defOf(value).type !== 'optional')
  const optional = entries.filter(([, value]) => defOf(value).type === 'optional')
  const shown = [...required, ...optional].slice(0, Math.max(required.length, 3))
  const parts = shown.map(([key, value]) => {
    const inner = defOf(unwrap(value))
    return `${key}: ${inner.type === 'enum' ? Object.keys(inner.entries as object)[0] : '…'}`
  })
  return `{ ${[...parts, ...(shown.length < entries.length ? ['…'] : [])].join(', ')} }`
}

function describeValue(kind: ValueKind, value: unknown): string {
  switch (kind) {
    case 'number':
      return `the number ${shorten(String(value))}`
    case 'text':
      return `the text ${JSON.stringify(shorten(String(value)))}`
    case 'boolean':
      return `${value}`
    case 'null':
      return 'no value'
    case 'list': {
      const n = Array.isArray(value) ? value.length : 0
      return `a list of ${n} item${n === 1 ? '' : 's'}`
    }
    case 'mapping': {
      const keys = value !== null && typeof value === 'object' ? Object.keys(value) : []
      return keys.length === 0 ? 'an empty mapping' : `a mapping with ${keys.length === 1 ? 'key' : 'keys'} ${shorten(keys.join(', '))}`
    }
  }
}

function valueAt(data: unknown, path: YamlPath): unknown {
  return path.reduce<unknown>((at, part) => (at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[part] : undefined), data)
}

/** Whether the file gives a value at the path (zod drops an issue's input, so "missing" is read from the data). */
function present(data: unknown, path: YamlPath): boolean {
  return given(data, path) ? valueAt(data, path) !== undefined && valueAt(data, path) !== null : path.length === 0 && data !== undefined && data !== null
}

/** Whether the key at the path is written in the file (with any value, null included). */
function given(data: unknown, path: YamlPath): boolean {
  const parent = valueAt(data, path.slice(0, -1))
  return path.length > 0 && parent !== null && typeof parent === 'object' && Object.hasOwn(parent, path[path.length - 1]!)
}

function messageOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'array' ? `must list at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}` : issue.message
    case 'too_big':
      return issue.origin === 'array' ? `must list at most ${issue.maximum} items` : issue.message
    case 'invalid_type':
      return issue.message.startsWith('Invalid input') ? `expected ${issue.expected === 'array' ? 'a list' : issue.expected}` : issue.message
    default:
      return issue.message
  }
}

type ZodDef = Record<string, unknown> & { type: string }

function defOf(node: unknown): ZodDef {
  return (node as { _zod: { def: ZodDef } })._zod.def
}

/** The schema of the value at a path (unwrapped: no optional, default or pipe around it), when the path leads into it. */
function schemaAt(schema: z.ZodType, path: YamlPath): unknown {
  let node: unknown = schema
  for (const part of path) {
    node = unwrap(node)
    const named = namedMapValue(node)
    if (named) {
      node = named
      continue
    }
    const def = defOf(node)
    if (def.type === 'object') node = (def.shape as Record<string, unknown>)[String(part)]
    else if (def.type === 'array') node = def.element
    else if (def.type === 'tuple') node = (def.items as unknown[])[Number(part)]
    else if (def.type === 'record') node = def.valueType
    else return undefined
    if (node === undefined) return undefined
  }
  return unwrap(node)
}

/** The keys the schema allows at a path (for "did you mean"). */
function allowedKeysAt(schema: z.ZodType, path: YamlPath): string[] {
  const node = schemaAt(schema, path)
  if (node === undefined || namedMapValue(node)) return []
  const def = defOf(node)
  return def.type === 'object' ? Object.keys(def.shape as object) : []
}

/** The schema a value is checked by: no optional, default, pipe or lazy around it, and a quick read's own schema. */
function unwrap(node: unknown): unknown {
  let current = node as { _zod: { def: { type: string; innerType?: unknown; in?: unknown }; innerType?: unknown } }
  for (;;) {
    const def = current._zod.def
    const standIn = standInFor(current)
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) current = def.innerType as typeof current
    else if (def.type === 'pipe' && def.in) current = def.in as typeof current
    else if (def.type === 'lazy' && current._zod.innerType) current = current._zod.innerType as typeof current
    else if (standIn) current = standIn as unknown as typeof current
    else return current
  }
}
