// The js-yaml event reader against the `yaml` document reader it replaces, on every fixture and on the
// fuzzer's corpus: the same data, the same problems, and for every path into the data the same line:col
// (of the value, and of its key) and the same kind of value.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readDocument, type SourceDocument } from '../../src/input/document.js'
import { readDocument as readWithYaml } from '../../src/input/document-yaml.js'
import { encodingProblem } from '../../src/input/encoding.js'
import type { YamlPath } from '../../src/model.js'
import { documents, FIXTURES } from '../fuzz-corpus.js'

function paths(data: unknown, path: YamlPath = [], out: YamlPath[] = [], seen = new Set<unknown>()): YamlPath[] {
  out.push(path, [...path, 'no_such_key'], [...path, 7])
  if (data === null || typeof data !== 'object' || seen.has(data)) return out
  seen.add(data)
  for (const key of Object.keys(data)) paths((data as Record<string, unknown>)[key], [...path, Array.isArray(data) ? Number(key) : key], out, seen)
  return out
}

function compare(source: string) {
  const after = readDocument(source)
  // A UTF-16 or UTF-32 file is named by its encoding now (issue 25): the yaml reader read it as one long value.
  const encoding = encodingProblem(source)
  if (encoding !== undefined) return expect(after.problems).toEqual([{ message: encoding, line: 1, column: 1 }])
  const before = readWithYaml(source)
  // A file that does not parse is worded by yaml in both; the line:col of its errors is the text's own now (yaml's
  // line counter misses the newlines inside a token it could not read, so its positions drifted after one).
  const unparsed = (problems: { message: string }[]) => problems.some((p) => p.message.startsWith('invalid YAML:'))
  if (unparsed(before.problems)) return expect(after.problems.map((p) => p.message)).toEqual(before.problems.map((p) => p.message))
  expect(after.problems).toEqual(before.problems)
  expect(after.document === undefined).toBe(before.document === undefined)
  if (!after.document || !before.document) return
  expect(after.document.data).toEqual(before.document.data)
  for (const path of paths(before.document.data)) {
    const now: SourceDocument = after.document
    const then: SourceDocument = before.document
    const read = JSON.stringify([path, now.locate(path), now.locate(path, { key: true }), now.kindAt(path)])
    const wanted = JSON.stringify([path, then.locate(path), then.locate(path, { key: true }), then.kindAt(path)])
    if (read !== wanted) expect.fail(`read ${read}, wanted ${wanted}`)
  }
}

// YAML's other ways of writing the same things, each once.
const SYNTAX = [
  'a: |\n  text\n  more\nb: >-\n  folded\n  line\nc: \'single\'\nd: "double \\u00e9"\ne: ""\n',
  'a: &x { b: 1, c: [1, 2] }\nd: *x\ne: &y 5\nf: [*y, *y]\n',
  '? explicit\n: value\n? { a: 1 }\n: 2\n',
  'a: !!str 5\nb: !!int 5\nc: !foo x\nd: !!map { e: 1 }\n',
  '\uFEFFversion: 1\r\naccount:\r\n  wallet_balance: 10\r\n',
  'a:\n  - \n  -\n  - x\nb:\nc: { d: , e }\n"quoted key": 1\n\'single key\': 2\n',
  'a: { b: &x }\nc: !!str\nd: [&y , 1]\ne: &z\nf: 1\n',
  '%YAML 1.2\n---\na: 1\n...\n',
  'a: 1 # comment\n# line\nb: [1, # inside\n  2]\n',
  'a: 0x10\nb: 0o17\nc: .inf\nd: -.INF\ne: .nan\nf: +1\ng: 1e5\nh: 1.\ni: .5\nj: ~\nk: Null\nl: TRUE\nm: False\nn: yes\n',
  'a: b: c\n',
  'a:\n\t- x\n',
  '[1, 2, 3]\n',
  '- a\n- b: 1\n  c: 2\n',
  'plain text\n',
  '',
  '# only a comment\n',
  'a: 1\na: 2\n',
  'a: "unterminated\n',
  '{ a: 1, b: [x, y], c: { d: e } }\n',
]

describe('the event reader reads as the yaml reader did', () => {
  it.each(FIXTURES.map((source, i) => [i, source] as const))('fixture %i', (_, source) => compare(source))
  it.each(SYNTAX)('%j', (source) => compare(source))
  it('the fuzzer corpus', { timeout: 300_000 }, () => {
    for (const source of fc.sample(documents, { numRuns: Number(process.env.READER_RUNS ?? 2000), seed: Number(process.env.READER_SEED ?? 20261128) })) {
      try {
        compare(source)
      } catch (error) {
        const [before, after] = [readWithYaml(source), readDocument(source)]
        throw new Error(`${(error as Error).message}\n${JSON.stringify(before.problems)}\n${JSON.stringify(after.problems)}\n--- source:\n${source}`)
      }
    }
  })
})
