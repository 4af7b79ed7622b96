// Reads YAML text into a document that remembers where every value stands, so any path into
// the data (a zod issue, a finding) can be pointed at as line:col.
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar, type YAMLError } from 'yaml'
import type { YamlPath } from '../model.js'
import type { InputProblem } from './errors.js'
import { LIMITS, shorten } from './limits.js'

export interface Location {
  line: number
  column: number
}

export interface SourceDocument {
  /** Plain data with every number replaced by its source text (read exactly later). */
  data: unknown
  /** Where a path stands in the file; a path to a missing key points at its nearest existing parent. */
  locate(path: YamlPath, options?: { key?: boolean }): Location
  /** What the file writes at a path, as the messages name it (a number and a quoted "91500" are both text in `data`). */
  kindAt(path: YamlPath): ValueKind | undefined
}

export type ValueKind = 'number' | 'text' | 'boolean' | 'null' | 'list' | 'mapping'

export function readDocument(source: string): { document?: SourceDocument; problems: InputProblem[] } {
  const bytes = Buffer.byteLength(source, 'utf8')
  if (bytes > LIMITS.fileBytes) {
    return {
      problems: [{ message: `the file is ${bytes} bytes; at most ${LIMITS.fileBytes} (${LIMITS.fileBytes / 1024 / 1024} MiB) are read`, line: 1, column: 1 }],
    }
  }
  const lineCounter = new LineCounter()
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset)
    return { line: pos.line, column: pos.col }
  }
  let doc: Document
  try {
    // Duplicate keys are found in inspect(), in linear time (yaml's own check is quadratic in a mapping's size).
    doc = parseDocument(source, { lineCounter, uniqueKeys: false, prettyErrors: false, schema: 'core', logLevel: 'silent' })
  } catch (error) {
    if (error instanceof RangeError) return { problems: [{ message: tooDeep(), line: 1, column: 1 }] }
    throw error
  }
  const problems = doc.errors.map((error) => {
    const where = at(error.pos[0])
    return { message: yamlMessage(error), line: where.line, column: where.column }
  })
  if (problems.length > 0) return { problems }
  const numbers = new WeakSet<Node>()
  problems.push(...inspect(doc, at, numbers))
  if (problems.length > 0) return { problems }

  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: -1 }) // aliases are bounded by inspect()
  } catch (error) {
    return { problems: [{ message: `invalid YAML: ${error instanceof Error ? error.message : String(error)}`, line: 1, column: 1 }] }
  }
  return {
    problems,
    document: {
      data,
      locate: (path, options) => locateIn(doc, path, options?.key ?? false, at),
      kindAt: (path) => kindOf(path.length === 0 ? doc.contents : doc.getIn(path, true), numbers),
    },
  }
}

const tooDeep = () => `nesting deeper than ${LIMITS.depth} levels of mappings and lists; the format needs at most 7`

/**
 * One pass over the parsed document, in time linear in its size: the limits of the YAML structure
 * (nesting, aliases and what they expand to, the length of a value), keys that are plain text and
 * appear once, and numbers replaced by their source text (0.1 stays "0.1", a 20-digit value keeps its digits).
 */
function inspect(doc: Document, at: (offset: number) => Location, numbers: WeakSet<Node>): InputProblem[] {
  const problems: InputProblem[] = []
  const reported = new Set<string>()
  const add = (node: Node | null | undefined, message: string, once?: string) => {
    if (once !== undefined && reported.has(once)) return
    if (once !== undefined) reported.add(once)
    if (problems.length < LIMITS.problems) problems.push({ message, ...at(node?.range?.[0] ?? 0) })
  }
  const anchors = new Map<string, Node>()
  const sizes = new Map<Node, number>()
  const open = new Set<Node>()
  let aliases = 0
  let expansion = 0

  const scalar = (node: Scalar) => {
    if (typeof node.value === 'number' || typeof node.value === 'bigint') {
      numbers.add(node)
      node.value = node.source ?? String(node.value)
    }
    const length = typeof node.value === 'string' ? node.value.length : 0
    if (length > LIMITS.textLength) add(node, `a value of ${length} characters; at most ${LIMITS.textLength} are read`)
  }

  const walk = (node: unknown, depth: number): number => {
    if (!isNode(node)) return 1
    if (node.anchor) anchors.set(node.anchor, node)
    if (isAlias(node)) {
      aliases++
      if (aliases > LIMITS.aliases) {
        add(node, `more than ${LIMITS.aliases} aliases`, 'aliases')
        return 1
      }
      const target = anchors.get(node.source)
      if (!target) {
        add(node, `alias *${shorten(node.source)} refers to no anchor &${shorten(node.source)} before it`)
        return 1
      }
      if (open.has(target)) {
        add(node, `alias *${shorten(node.source)} is inside the value it refers to`)
        return 1
      }
      const size = sizes.get(target) ?? 1
      expansion += size
      if (expansion > LIMITS.aliasExpansion) add(node, `aliases expand to more than ${LIMITS.aliasExpansion} values`, 'expansion')
      return size
    }
    if (isScalar(node)) {
      scalar(node)
      return 1
    }
    if (depth >= LIMITS.depth) {
      add(node, tooDeep(), 'depth')
      return 1
    }
    open.add(node)
    let size = 1
    if (isMap(node)) {
      const keys = new Set<string>()
      for (const pair of node.items) {
        const key = pair.key
        if (!isScalar(key)) add(isNode(key) ? key : node, 'a key must be plain text, not a list, a mapping or an alias')
        else {
          scalar(key)
          const name = key.value === null || key.value === undefined ? '' : String(key.value)
          if (keys.has(name)) add(key, `duplicate key "${shorten(name)}": each key may appear once in a mapping`)
          keys.add(name)
        }
        size += walk(pair.value, depth + 1)
      }
    } else if (isSeq(node)) {
      for (const item of node.items) size += walk(item, depth + 1)
    }
    open.delete(node)
    sizes.set(node, size)
    return size
  }
  walk(doc.contents, 0)
  return problems
}

function kindOf(node: unknown, numbers: WeakSet<Node>): ValueKind | undefined {
  if (isAlias(node)) return undefined
  if (isMap(node)) return 'mapping'
  if (isSeq(node)) return 'list'
  if (!isScalar(node)) return undefined
  if (numbers.has(node)) return 'number'
  if (node.value === null || node.value === undefined) return 'null'
  return typeof node.value === 'boolean' ? 'boolean' : 'text'
}

function locateIn(doc: Document, path: YamlPath, key: boolean, at: (offset: number) => Location): Location {
  if (key && path.length > 0) {
    const parent = doc.getIn(path.slice(0, -1), true)
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(path[path.length - 1]))
      const range = (pair?.key as Node | undefined)?.range
      if (range) return at(range[0])
    }
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)
    const range = (node as Node | null | undefined)?.range
    if (range) return at(range[0])
  }
  return { line: 1, column: 1 }
}

function yamlMessage(error: YAMLError): string {
  // yaml's messages may carry a code excerpt after the first line; keep the first line only.
  const first = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
  if (/call stack/i.test(first)) return tooDeep()
  return `invalid YAML: ${first}`
}
