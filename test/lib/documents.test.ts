// The JSON documents' types (src/documents.ts) are generated from the JSON Schemas the CLI prints
// (src/report/schema.ts, src/report/diff-schema.ts), and a watch line's (src/report/watch-documents.ts) from
// src/report/watch-schema.ts, so the types and the schemas cannot drift: this test generates them again and fails
// when a committed file differs. UPDATE_TYPES=1 rewrites them.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { compile, type JSONSchema } from 'json-schema-to-typescript'
import { describe, expect, it } from 'vitest'
import { DIFF_JSON_SCHEMA } from '../../src/report/diff-schema.js'
import { REPORT_SCHEMA } from '../../src/report/schema.js'
import { WATCH_LINE_SCHEMA } from '../../src/report/watch-schema.js'

const FILE = 'src/documents.ts'
const WATCH_FILE = 'src/report/watch-documents.ts'

const HEADER = `// Generated from the JSON Schemas of the report (src/report/schema.ts) and of the diff (src/report/diff-schema.ts)
// by test/lib/documents.test.ts; do not edit: UPDATE_TYPES=1 npx vitest run test/lib/documents.test.ts rewrites it.
/* biome-ignore-all lint: generated */
`

const WATCH_HEADER = `// Generated from the JSON Schema of a watch line (src/report/watch-schema.ts) by test/lib/documents.test.ts; do not
// edit: UPDATE_TYPES=1 npx vitest run test/lib/documents.test.ts rewrites it. The parts the line takes from the
// report and the diff are their documents' types (src/documents.ts). Not part of the library: it has no watch.
/* biome-ignore-all lint: generated */
import type { Diff, InputErrorsDocument, ReportDocument } from '../documents.js'
`

/**
 * A schema with a title on each document, so each becomes a named type. A document open to further records
 * (the report's: each an object or an array) gets `[k: string]: unknown` beside its named fields: an index
 * signature of "object or array" would have to admit every named field's type too, a union of all of them.
 */
function titled(schema: object, titles: string[], name: string): JSONSchema {
  const copy = structuredClone(schema) as { oneOf: { title?: string; additionalProperties?: unknown }[]; title?: string; $id?: string; $schema?: string }
  copy.oneOf.forEach((member, i) => {
    member.title = titles[i]
    if (typeof member.additionalProperties === 'object') member.additionalProperties = true
  })
  copy.title = name
  delete copy.$id
  delete copy.$schema
  return copy as JSONSchema
}

/**
 * `schema` with each part in `parts` (the very object, as watch-schema.ts takes it from the report's or the diff's
 * schema) replaced by the type of that document's part, so the watch line's types name the report's and the
 * diff's (`Diff['positions']`) instead of generating them a second time. A part written anew is generated anew.
 */
function withPartsNamed(schema: unknown, parts: ReadonlyMap<unknown, string>): unknown {
  const name = parts.get(schema)
  if (name !== undefined) return { tsType: name }
  if (Array.isArray(schema)) return schema.map((item) => withPartsNamed(item, parts))
  if (schema === null || typeof schema !== 'object') return schema
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withPartsNamed(value, parts)]))
}

/** The parts of the report's and the diff's schemas a watch line may take, by the type each is. */
function documentParts(): Map<unknown, string> {
  const [report, inputErrors] = REPORT_SCHEMA.oneOf as unknown as { properties: Record<string, unknown> }[]
  const entries = (properties: Record<string, unknown>, type: string) => Object.entries(properties).map(([key, part]) => [part, `${type}['${key}']`] as const)
  return new Map([
    ...entries(DIFF_JSON_SCHEMA.definitions.diff.properties, 'Diff'),
    ...entries(inputErrors!.properties, 'InputErrorsDocument'),
    ...entries(report!.properties, 'ReportDocument'),
  ])
}

const options = { bannerComment: '', format: false, unknownAny: true, strictIndexSignatures: false } as const

async function formatted(file: string, text: string): Promise<string> {
  const result = spawnSync('node_modules/.bin/biome', ['format', `--stdin-file-path=${file}`], { input: text, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(result.stderr)
  return result.stdout
}

async function generated(): Promise<string> {
  const report = await compile(
    titled(REPORT_SCHEMA, ['ReportDocument', 'InputErrorsDocument', 'UsageErrorsDocument'], 'ReportSchemaDocument'),
    'Report',
    options,
  )
  const diff = await compile(titled(DIFF_JSON_SCHEMA, ['DiffDocument', 'SeriesDocument'], 'DiffSchemaDocument'), 'Diff', options)
  return formatted(FILE, `${HEADER}\n${report}\n${diff}`)
}

async function generatedWatch(): Promise<string> {
  const schema = withPartsNamed(WATCH_LINE_SCHEMA, documentParts())
  const watch = await compile(titled(schema as object, ['WatchReportLine', 'WatchInvalidLine', 'WatchUnavailableLine'], 'WatchLine'), 'Watch', options)
  return formatted(WATCH_FILE, `${WATCH_HEADER}\n${watch}`)
}

describe('the document types', () => {
  it(`${FILE} is what the report and diff schemas generate`, async () => {
    const text = await generated()
    if (process.env.UPDATE_TYPES) writeFileSync(FILE, text)
    expect(readFileSync(FILE, 'utf8')).toBe(text)
  }, 60_000)

  it(`${WATCH_FILE} is what the watch line's schema generates`, async () => {
    const text = await generatedWatch()
    if (process.env.UPDATE_TYPES) writeFileSync(WATCH_FILE, text)
    expect(readFileSync(WATCH_FILE, 'utf8')).toBe(text)
  }, 60_000)
})
