// The JSON report's pieces (src/report/json-text.ts), joined, are JSON.stringify(value, null, 2) for every
// value: escapes, unicode, empty and all-undefined containers at every depth, values JSON leaves out or writes
// as null, toJSON, and arrays long enough that the runs grow and shrink.
import { describe, expect, it } from 'vitest'
import { jsonPieces } from '../../src/report/json-text.js'

const finding = (i: number) => ({
  rule: 'fees/position',
  status: i % 3 === 0 ? 'fail' : 'pass',
  severity: i % 5,
  message: `fee ${i} → ${'σ'.repeat(i % 4)} “quoted” \\ path\n`,
  figures: { fee: `${i}.25`, share: i % 2 ? null : '0.001', ids: [`p${i}`, 'p0'], none: [], nothing: {} },
  line: i,
})

/** [1, <hole>, 3] */
function sparse(): number[] {
  const list = new Array<number>(3)
  list[0] = 1
  list[2] = 3
  return list
}

const rows: [string, unknown][] = [
  ['a string with every escape', 'quote " backslash \\ slash / \b\f\n\r\t \u0000 \u001f \u007f'],
  ['unicode: accents, CJK, emoji, a pair and lone surrogates', { name: 'Ünïcødé 日本 🚀', pair: '\ud83d\ude80', high: 'a\ud800b', low: '\udc00' }],
  ['line and paragraph separators', { text: 'a\u2028b\u2029c' }],
  ['numbers, -0, NaN and Infinity', { n: [0, -0, 1.5, -2e-7, 1e21, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY] }],
  ['empty array, empty object', { a: [], o: {}, nested: { a: [], o: {}, deeper: [[], {}, [[]], [{}]] } }],
  ['an object whose every property is undefined', { gone: { a: undefined, f: () => 1 }, inner: { list: [{ a: undefined }] } }],
  [
    'undefined, functions and symbols in arrays and objects',
    { list: [undefined, () => 1, Symbol('s'), 1], a: undefined, f: () => 1, s: Symbol('s'), kept: true },
  ],
  ['a sparse array', { list: sparse() }],
  ['integer-like keys before the others', { b: 1, 2: 'two', a: 3, 1: 'one', '-1': 'minus' }],
  [
    'toJSON and boxed primitives',
    { at: new Date(Date.UTC(2026, 11, 7)), custom: { toJSON: (key: string) => `key ${key}` }, boxed: [new Number(3), new String('s'), new Boolean(false)] },
  ],
  ['an object without prototype', { record: Object.assign(Object.create(null), { a: 1, b: [2] }) }],
  ['a top-level array of findings, past many runs', Array.from({ length: 700 }, (_, i) => finding(i))],
  [
    'a document: scalars, records and long strings mixed',
    {
      version: 2,
      tool: { name: 'x' },
      findings: Array.from({ length: 300 }, (_, i) => finding(i)),
      failures: [],
      notes: Array.from({ length: 40 }, (_, i) => 'x'.repeat(i * 997)),
      stress: { grid: [[1, 2], [3]], empty: {} },
    },
  ],
  ['a scalar at the top', 'just a string'],
  ['null at the top', null],
  ['an empty array at the top', []],
  ['an empty object at the top', {}],
  ['deep nesting', { a: { b: { c: { d: [{ e: [1, { f: 'g' }] }] } } } }],
]

describe('jsonPieces joined is JSON.stringify(value, null, 2)', () => {
  for (const [name, value] of rows) {
    for (const open of [0, 1, 2, 3]) {
      it(`${name} (open ${open})`, () => {
        expect([...jsonPieces(value, open)].join('')).toBe(JSON.stringify(value, null, 2))
      })
    }
  }
})

describe('jsonPieces keeps each piece small', () => {
  it('writes 20,000 findings in pieces, none of them near V8 large-object size', () => {
    const document = { findings: Array.from({ length: 20_000 }, (_, i) => finding(i)) }
    const pieces = [...jsonPieces(document, 2)]
    expect(pieces.join('')).toBe(JSON.stringify(document, null, 2))
    expect(pieces.length).toBeGreaterThan(100)
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(60_000)
  })
})
