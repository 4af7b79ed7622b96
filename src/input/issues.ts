// Turns zod issues into positioned input problems with messages a trader can act on.
import type { z } from 'zod'
import type { YamlPath } from '../model.js'
import type { SourceDocument } from './document.js'
import { formatPath, nearestKey, type InputProblem } from './errors.js'
import { namedMapValue } from './values.js'

/** The first `limit` problems (locating one costs a walk of the document, so no more are located). */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], document: SourceDocument, schema: z.ZodType, limit = Infinity): InputProblem[] {
  const problems: InputProblem[] = []
  for (const issue of issues) {
    if (problems.length >= limit) break
    problems.push(...problemsFromIssue(issue, document, schema, limit - problems.length))
  }
  return problems
}

/** How many problems the issues come to (an unrecognized_keys issue is one per key). */
export function countProblems(issues: readonly z.core.$ZodIssue[]): number {
  return issues.reduce((n, issue) => n + (issue.code === 'unrecognized_keys' ? issue.keys.length : 1), 0)
}

function problemsFromIssue(issue: z.core.$ZodIssue, document: SourceDocument, schema: z.ZodType, limit: number): InputProblem[] {
  {
    const path = issue.path as YamlPath
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, path)
      return issue.keys.slice(0, limit).map((key) => {
        const near = nearestKey(key, allowed)
        const hint = near ? ` (did you mean "${near}"?)` : ''
        return {
          message: `unknown key "${key}"${hint}; allowed keys: ${allowed.join(', ')}`,
          path: formatPath([...path, key]),
          ...document.locate([...path, key], { key: true }),
        }
      })
    }
    if (issue.code === 'invalid_type' && !present(document.data, path)) {
      // A key written with no value (`positions:` and nothing after it): point at the key.
      if (given(document.data, path)) return [{ message: `has no value: ${messageOf(issue)}`, path: formatPath(path), ...document.locate(path, { key: true }) }]
      // A missing key: point at the mapping's own key, the place to add it.
      return [{ message: 'is required', path: formatPath(path), ...document.locate(path.slice(0, -1), { key: true }) }]
    }
    return [{ message: messageOf(issue), path: formatPath(path) || undefined, ...document.locate(path) }]
  }
}

/** Whether the file gives a value at the path (zod drops an issue's input, so "missing" is read from the data). */
function present(data: unknown, path: YamlPath): boolean {
  let node = data
  for (const part of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return false
    node = (node as Record<string | number, unknown>)[part]
  }
  return node !== undefined && node !== null
}

/** Whether the key at the path is written in the file (with any value, null included). */
function given(data: unknown, path: YamlPath): boolean {
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[part] : undefined), data)
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

/** The keys the schema allows at a path (for "did you mean"). */
function allowedKeysAt(schema: z.ZodType, path: YamlPath): string[] {
  let node: unknown = schema
  for (const part of [...path, null]) {
    node = unwrap(node)
    const named = namedMapValue(node)
    if (named) {
      if (part === null) return []
      node = named
      continue
    }
    const def = (node as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def
    if (part === null) return def.type === 'object' ? Object.keys(def.shape as object) : []
    if (def.type === 'object') node = (def.shape as Record<string, unknown>)[String(part)]
    else if (def.type === 'array') node = def.element
    else if (def.type === 'record') node = def.valueType
    else return []
    if (node === undefined) return []
  }
  return []
}

function unwrap(node: unknown): unknown {
  let current = node as { _zod: { def: { type: string; innerType?: unknown; in?: unknown } } }
  for (;;) {
    const def = current._zod.def
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) current = def.innerType as typeof current
    else if (def.type === 'pipe' && def.in) current = def.in as typeof current
    else return current
  }
}
