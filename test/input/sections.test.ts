// A file is validated a section at a time (each section's schema built when a file writes it); that must read
// every document as the whole schema does: the same output, the same issues in the same order. Checked on every
// fixture and on the fuzzer's corpus.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readDocument } from '../../src/input/document.js'
import { parsePortfolio, portfolioSchema } from '../../src/input/schema.js'
import { documents, FIXTURES } from '../fuzz-corpus.js'

function compare(source: string) {
  const data = readDocument(source).document?.data
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return
  const whole = portfolioSchema().safeParse(data)
  const sections = parsePortfolio(data as Record<string, unknown>)
  const shown = (issues: readonly { code: string; path: PropertyKey[]; message: string }[]) =>
    issues.map((issue) => ({ code: issue.code, path: issue.path, message: issue.message, keys: 'keys' in issue ? issue.keys : undefined }))
  expect(shown(sections.issues ?? [])).toEqual(shown(whole.error?.issues ?? []))
  if (whole.success) expect('data' in sections && sections.data).toEqual(whole.data)
}

describe('section by section reads as the whole schema', () => {
  it.each(FIXTURES.map((source, i) => [i, source] as const))('fixture %i', (_, source) => compare(source))
  it('the fuzzer corpus', { timeout: 300_000 }, () => {
    for (const source of fc.sample(documents, { numRuns: 1000, seed: 20261128 })) compare(source)
  })
})
