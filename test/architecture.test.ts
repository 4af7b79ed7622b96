// The folders of src/ (and its top-level files, each a node of its own) import one another without a cycle,
// type-only imports and re-exports included: two folders in a cycle can be neither read, tested nor replaced
// one without the other. Every import is read with TypeScript's own pre-processor, so comments and strings
// that look like imports are not counted.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const SRC = 'src'

/** One import of one file: the folder-level edge it makes. */
interface Edge {
  from: string
  to: string
  /** The importing and the imported file, relative to the repository. */
  file: string
  target: string
}

/**
 * Imports that close a cycle and can only be removed in a file being rewritten elsewhere (each names the file
 * to change). An exception that no longer exists fails the test, so the list only shrinks.
 */
const KNOWN_EXCEPTIONS: readonly { file: string; target: string; change: string }[] = []

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : []
  })
}

/** src/<folder>/… → "<folder>/"; a top-level file → its own name ("model.ts"). */
function nodeOf(file: string): string {
  const parts = relative(SRC, file).split(sep)
  return parts.length > 1 ? `${parts[0]}/` : parts[0]!
}

/** Relative module specifiers of `source`: imports, `import type`, re-exports (`export … from`) and `import()`. */
function specifiers(source: string): string[] {
  return ts
    .preProcessFile(source, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
}

function importEdges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8')).map((specifier) => {
      const target = relative('.', resolve(dirname(file), specifier)).replace(/\.js$/, '.ts')
      return { from: nodeOf(file), to: nodeOf(target), file: relative('.', file), target }
    }),
  )
}

/** The folders in a cycle, one group per strongly connected component of more than one node (Tarjan). */
function cycleGroups(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>()
  for (const e of edges) if (e.from !== e.to && !next.get(e.from)?.includes(e.to)) next.set(e.from, [...(next.get(e.from) ?? []), e.to].sort())
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const groups: string[][] = []
  const visit = (node: string) => {
    index.set(node, index.size)
    low.set(node, index.get(node)!)
    stack.push(node)
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to)
        low.set(node, Math.min(low.get(node)!, low.get(to)!))
      } else if (stack.includes(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!))
    }
    if (low.get(node) !== index.get(node)) return
    const group = stack.splice(stack.indexOf(node))
    if (group.length > 1) groups.push(group.sort())
  }
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node)
  return groups
}

/** One cycle through `group` (a → b → a), each step with the imports that make it. */
function describeGroup(group: readonly string[], edges: readonly Edge[]): string {
  const inside = edges.filter((e) => e.from !== e.to && group.includes(e.from) && group.includes(e.to))
  const cycle = [group[0]!]
  while (cycle.indexOf(cycle[cycle.length - 1]!) === cycle.length - 1) {
    const from = cycle[cycle.length - 1]!
    // Walk toward a folder not seen yet; a step back to one already seen closes the cycle.
    const step = inside.find((e) => e.from === from && !cycle.includes(e.to)) ?? inside.find((e) => e.from === from)!
    cycle.push(step.to)
  }
  const closed = cycle.slice(cycle.indexOf(cycle[cycle.length - 1]!))
  const steps = closed.slice(1).map((to, i) => {
    const imports = inside.filter((e) => e.from === closed[i] && e.to === to).map((e) => `      ${e.file} imports ${e.target}`)
    return [`    ${closed[i]} → ${to}`, ...imports].join('\n')
  })
  return [`cycle ${closed.join(' → ')}`, ...steps].join('\n')
}

const isKnown = (e: Edge) => KNOWN_EXCEPTIONS.some((k) => k.file === e.file && k.target === e.target)

describe('import graph of src/', () => {
  const edges = importEdges()

  it('reads type-only imports, re-exports and dynamic imports, and nothing in comments or strings', () => {
    const source = [
      "import type { A } from '../a/a.js'",
      "import {\n  b,\n  type B,\n} from './b.js'",
      "export { c } from '../c.js'",
      "export type { D } from './d.js'",
      "export * from './e.js'",
      "const f = await import('./f.js')",
      "import { z } from 'zod'",
      "// import { g } from './g.js'",
      'const h = "import { h } from \'./h.js\'"',
    ].join('\n')
    expect(specifiers(source)).toEqual(['../a/a.js', './b.js', '../c.js', './d.js', './e.js', './f.js'])
  })

  it('sees the whole tree: every folder of src/ and its top-level files', () => {
    const nodes = new Set(edges.flatMap((e) => [e.from, e.to]))
    for (const entry of readdirSync(SRC, { withFileTypes: true })) {
      if (entry.isDirectory() || entry.name.endsWith('.ts')) expect(nodes, entry.name).toContain(entry.isDirectory() ? `${entry.name}/` : entry.name)
    }
  })

  it('has no cycle between folders (type-only imports included)', () => {
    const counted = edges.filter((e) => !isKnown(e))
    expect(cycleGroups(counted).map((group) => describeGroup(group, counted))).toEqual([])
  })

  it.each(KNOWN_EXCEPTIONS.map((k) => [`${k.file} → ${k.target}`, k] as const))('known exception %s still exists (else remove it)', (_, known) => {
    expect(edges.some((e) => e.file === known.file && e.target === known.target)).toBe(true)
  })
})

describe('import graph inside src/report/', () => {
  // Folder-level edges cannot see a cycle between two files of one folder: the reporters once imported their
  // options from report/index.ts, which imports the reporters. Here every file of report/ is a node of its own.
  const fileEdges = importEdges()
    .filter((e) => e.file.startsWith(`src${sep}report${sep}`) && e.target.startsWith(`src${sep}report${sep}`))
    .map((e) => ({ ...e, from: e.file, to: e.target }))

  it('has no cycle between its files (type-only imports included)', () => {
    expect(cycleGroups(fileEdges).map((group) => describeGroup(group, fileEdges))).toEqual([])
  })
})
