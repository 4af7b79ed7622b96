// Reads YAML text into a document that remembers where every value stands, so any path into
// the data (a zod issue, a finding) can be pointed at as line:col.
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml'
import type { YamlPath } from '../model.js'
import type { InputProblem } from './errors.js'

export interface Location {
  line: number
  column: number
}

export interface SourceDocument {
  /** Plain data with every number replaced by its source text (read exactly later). */
  data: unknown
  /** Where a path stands in the file; a path to a missing key points at its nearest existing parent. */
  locate(path: YamlPath, options?: { key?: boolean }): Location
}

export function readDocument(source: string): { document?: SourceDocument; problems: InputProblem[] } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false, schema: 'core' })
  const problems = doc.errors.map((error) => {
    const at = lineCounter.linePos(error.pos[0])
    return { message: yamlMessage(error, source), line: at.line, column: at.col }
  })
  if (problems.length > 0) return { problems }

  // Numbers keep the text they were written with: 0.1 stays "0.1", a 20-digit value keeps its digits.
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'number' || typeof node.value === 'bigint') node.value = node.source ?? String(node.value)
    },
  })
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset)
    return { line: pos.line, column: pos.col }
  }
  return {
    problems,
    document: {
      data: doc.toJS({ maxAliasCount: 1000 }),
      locate: (path, options) => locateIn(doc, path, options?.key ?? false, at),
    },
  }
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

function yamlMessage(error: YAMLError, source: string): string {
  // yaml's messages may carry a code excerpt after the first line; keep the first line only.
  const first = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(source.slice(error.pos[0]))![0].trim()
    return `duplicate key "${key}": each key may appear once in a mapping`
  }
  return `invalid YAML: ${first}`
}
