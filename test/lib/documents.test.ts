// The JSON documents' types (src/documents.ts) are generated from the JSON Schemas the CLI prints
// (src/report/schema.ts, src/report/diff-schema.ts), so the types and the schemas cannot drift: this test
// generates them again and fails when the committed file differs. UPDATE_TYPES=1 rewrites it.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { compile, type JSONSchema } from 'json-schema-to-typescript'
import { describe, expect, it } from 'vitest'
import { DIFF_JSON_SCHEMA } from '../../src/report/diff-schema.js'
import { REPORT_SCHEMA } from '../../src/report/schema.js'

const FILE = 'src/documents.ts'

const HEADER = `// Generated from the JSON Schemas of the report (src/report/schema.ts) and of the diff (src/report/diff-schema.ts)
// by test/lib/documents.test.ts; do not edit: UPDATE_TYPES=1 npx vitest run test/lib/documents.test.ts rewrites it.
/* biome-ignore-all lint: generated */
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

async function generated(): Promise<string> {
  const options = { bannerComment: '', format: false, unknownAny: true, strictIndexSignatures: false } as const
  const report = await compile(
    titled(REPORT_SCHEMA, ['ReportDocument', 'InputErrorsDocument', 'UsageErrorsDocument'], 'ReportSchemaDocument'),
    'Report',
    options,
  )
  const diff = await compile(titled(DIFF_JSON_SCHEMA, ['DiffDocument', 'SeriesDocument'], 'DiffSchemaDocument'), 'Diff', options)
  const text = `${HEADER}\n${report}\n${diff}`
  const formatted = spawnSync('node_modules/.bin/biome', ['format', `--stdin-file-path=${FILE}`], { input: text, encoding: 'utf8' })
  if (formatted.status !== 0) throw new Error(formatted.stderr)
  return formatted.stdout
}

describe('the library document types', () => {
  it(`${FILE} is what the report and diff schemas generate`, async () => {
    const text = await generated()
    if (process.env.UPDATE_TYPES) writeFileSync(FILE, text)
    expect(readFileSync(FILE, 'utf8')).toBe(text)
  }, 60_000)
})
