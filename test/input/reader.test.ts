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
