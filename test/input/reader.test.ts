// The YAML reader on YAML's many ways of writing the same things: the data, the problems and, for every path
// into the data, the line:col of the value and of its key and the kind of value are those the `yaml` package's
// document reader gave (recorded in reader-syntax.json while both readers existed; the two were compared on
// every fixture and on 21,000 documents of the fuzzer's corpus before the old one was removed).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readDocument } from '../../src/input/document.js'
import type { YamlPath } from '../../src/model.js'
import { HEAD, problems } from './helpers.js'

type Place = [path: YamlPath, line: number, column: number, keyLine: number, keyColumn: number, kind: string | null]
interface Sample {
  source: string
  problems: [message: string, line: number, column: number][]
  data: unknown
  places: Place[]
}

const SAMPLES: Sample[] = JSON.parse(readFileSync(new URL('reader-syntax.json', import.meta.url), 'utf8'))

describe('the reader places every value as the yaml document did', () => {
  it.each(SAMPLES.map((sample) => [sample.source, sample] as const))('%j', (_, sample) => {
    const { document, problems } = readDocument(sample.source)
    expect(problems.map((p) => [p.message, p.line, p.column])).toEqual(sample.problems)
    if (sample.problems.length > 0) return expect(document).toBeUndefined()
    expect(JSON.parse(JSON.stringify(document!.data))).toEqual(sample.data)
    const places = sample.places.map(([path]): Place => {
      const [at, key] = [document!.locate(path), document!.locate(path, { key: true })]
      return [path, at.line, at.column, key.line, key.column, document!.kindAt(path) ?? null]
    })
    expect(places).toEqual(sample.places)
  })

  it.each([
    { name: 'an escape character', source: 'version: 1\nmarkets:\n  "BTC\u001bUSDT": {}\n', at: [3, 7], code: '001B' },
    { name: 'a NUL', source: 'version: 1\u0000\n', at: [1, 11], code: '0000' },
    { name: 'a C1 control', source: 'a: x\u0085y\nb: \u009b\n', at: [2, 4], code: '009B' },
    { name: 'an unpaired surrogate', source: 'a: \ud800\n', at: [1, 4], code: 'D800' },
  ])('$name written into the text is a problem at its place, named by its code', ({ source, at, code }) => {
    expect(readDocument(source).problems).toEqual([
      { message: `character U+${code} is not allowed in a YAML file (a control character or a noncharacter): remove it`, line: at[0], column: at[1] },
    ])
  })

  // Once read as part of a key: `unknown key "\u{feff}positions" (did you mean "positions"?)`, the mark unseen.
  it.each([
    ['two marks at the start (a file joined from two saved with marks)', `\uFEFF\uFEFF${HEAD}`, [1, 2]],
    ['a mark before a key', `${HEAD}\uFEFFpositions: []\n`, [12, 1]],
    ['a mark in a quoted value', `${HEAD}positions: [{ id: "a\uFEFFb", market: BTCUSDT, side: long, size: 1, entry_price: 1 }]\n`, [12, 21]],
  ])('a byte-order mark past the start is a problem at its place: %s', (_, source, at) => {
    expect(problems(source)).toEqual([
      { message: 'a byte-order mark (U+FEFF) inside the file: remove it (one may stand only at the very start)', line: at[0], column: at[1] },
    ])
  })

  it('a byte-order mark at the start is read as the file’s encoding mark', () => {
    expect(readDocument(`\uFEFF${HEAD}`).problems).toEqual([])
  })

  it('a control character written as an escape is read, for the schema to judge', () => {
    expect(readDocument('a: "BTC\\eUSDT"\n').document?.data).toEqual({ a: 'BTC\u001bUSDT' })
  })

  // An empty second document was once placed at 1:1 (it has no value whose place would say where it is).
  it.each([
    ['a document after the file', `${HEAD}---\nversion: 2\n`, 12],
    ['an empty document at the end', `${HEAD}---\n`, 12],
    ['a --- alone on the last line', `${HEAD}---`, 12],
    ['an end marker, then an empty document', `${HEAD}...\n---\n`, 13],
    ['a comment with dashes before it', `${HEAD}# ---- more ----\n---\n`, 13],
    ['an empty first document', `---\n---\n${HEAD}`, 2],
    ['a document begun after ... without ---', `${HEAD}...\nversion: 2\n`, 12],
  ])('a second document is a problem at its ---, not dropped: %s', (_, source, line) => {
    expect(problems(source)).toEqual([{ message: 'a second YAML document (after ---): a portfolio file holds one', line, column: 1 }])
  })
})

/** Every path into the data, with its line:col, its key's and its kind: what the checks and the messages read of a document. */
function placesOf(read: ReturnType<typeof readDocument>): unknown[] {
  const document = read.document
  if (!document) return []
  const out: unknown[] = []
  const walk = (node: unknown, path: YamlPath) => {
    out.push([path, document.locate(path), document.locate(path, { key: true }), document.kindAt(path)])
    if (node !== null && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) walk(value, [...path, Array.isArray(node) ? Number(key) : key])
  }
  walk(document.data, [])
  return out
}

const BOOK = `${HEAD}    book:\n      bids: [[63999.5, 1.25], [63999, 0.5]]\n      asks: [[64000.5, 2], [64001, 3.75]]\n`

describe('a book side written on one line is read from the text as the parser reads it', () => {
  it.each([
    ['the usual writing', BOOK],
    ['no space after a comma, several before a number', BOOK.replace('[[63999.5, 1.25], [63999, 0.5]]', '[[63999.5,1.25],   [63999,    0.5]]')],
    ['spaces after the side', BOOK.replace('0.5]]\n', '0.5]]   \n')],
    ['CRLF line ends', BOOK.replaceAll('\n', '\r\n')],
    ['the last line, without a line end', BOOK.slice(0, -1)],
    ['a comment after the side (the parser reads it)', BOOK.replace('0.5]]\n', '0.5]] # best first\n')],
    ['an exponent (the parser reads it)', BOOK.replace('63999.5', '6.39995e4')],
    ['a sign (the parser reads it)', BOOK.replace('63999.5', '-63999.5')],
    ['a level of three numbers', BOOK.replace('[63999, 0.5]', '[63999, 0.5, 1]')],
    ['an empty level', BOOK.replace('[63999, 0.5]', '[]')],
    ['a flow mapping over lines', `${HEAD}    book: {\n      bids: [[63999.5, 1.25]],\n      asks: [[64000.5, 2]]\n    }\n`],
    ['a side inside a literal text', `${HEAD}    quote: |\n      bids: [[1, 2]]\n    book:\n      bids: [[63999.5, 1.25]]\n      asks: [[64000.5, 2]]\n`],
    ['a more indented line after a side (not YAML)', BOOK.replace('0.5]]\n', '0.5]]\n        more: 1\n')],
    ['a second document after the sides', `${BOOK}---\nversion: 2\n`],
    [
      'an alias to a side (the anchor on the side is the parser’s)',
      BOOK.replace('bids: [[', 'bids: &b [[').replace('asks: [[64000.5, 2], [64001, 3.75]]', 'asks: *b'),
    ],
    ['a duplicate side', BOOK.replace('asks:', 'bids:')],
  ])('%s', (_, source) => {
    const read = readDocument(source)
    const parsed = readDocument(source, { sidesFromText: false })
    expect(read.problems).toEqual(parsed.problems)
    expect(JSON.stringify(read.document?.data)).toEqual(JSON.stringify(parsed.document?.data))
    expect(placesOf(read)).toEqual(placesOf(parsed))
  })

  it('places a level and its numbers at their line:col', () => {
    const document = readDocument(BOOK).document!
    expect((document.data as { markets: Record<string, { book: unknown }> }).markets.BTCUSDT!.book).toEqual({
      bids: [
        ['63999.5', '1.25'],
        ['63999', '0.5'],
      ],
      asks: [
        ['64000.5', '2'],
        ['64001', '3.75'],
      ],
    })
    const bids: YamlPath = ['markets', 'BTCUSDT', 'book', 'bids']
    expect([document.locate(bids), document.locate(bids, { key: true }), document.kindAt(bids)]).toEqual([
      { line: 13, column: 13 },
      { line: 13, column: 7 },
      'list',
    ])
    expect([document.locate([...bids, 1]), document.kindAt([...bids, 1])]).toEqual([{ line: 13, column: 31 }, 'list'])
    expect([document.locate([...bids, 1, 1]), document.kindAt([...bids, 1, 1])]).toEqual([{ line: 13, column: 39 }, 'number'])
    expect(document.locate([...bids, 1, 2])).toEqual({ line: 13, column: 31 })
  })
})
