// The library's options and errors (src/lib/index.ts, as the bundle exports it): the CLI's usage errors are
// RangeErrors, a file that cannot be used is an InputError, failOn sets summary.exit_code as --fail-on does.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { check, InputError } from '../../src/lib/index.js'
import type { RiskModelId } from '../../src/lib/public.js'
import { RISK_MODEL_IDS } from '../../src/model.js'

const demo = readFileSync('fixtures/demo.yaml', 'utf8')

describe('check() options', () => {
  it.each([
    [{}, 0],
    [{ failOn: 'fail' as const }, 0],
    [{ failOn: 'warn' as const }, 1], // the demo warns 4 times
  ])('%j: exit_code %i', (options, exitCode) => {
    expect(check(demo, { file: 'fixtures/demo.yaml', ...options }).summary.exit_code).toBe(exitCode)
  })

  it('every risk model of the engine is one the library declares (the compiler holds the two lists together)', () => {
    const models: readonly RiskModelId[] = RISK_MODEL_IDS
    const report = check(demo, { riskModels: models })
    expect(report.failures).toEqual([])
    expect((report.risk_model as { results: { model: string }[] }).results.map((r) => r.model)).toEqual([...RISK_MODEL_IDS])
  })

  it('the file name defaults to <source>; only runs the checks named', () => {
    const report = check(demo, { only: ['reference-prices'] })
    expect(report.input.file).toBe('<source>')
    expect(new Set(report.findings.map((f) => f.check))).toEqual(new Set(['reference-prices']))
  })

  it.each([
    [{ only: ['nope'] }, /^only: unknown check id "nope"/],
    [{ skip: ['fees', 'nope'] }, /^skip: unknown check id "nope"/],
    [{ riskModels: ['nope' as RiskModelId] }, /^riskModels: unknown model "nope"/],
    [{ now: '2026-11-21' }, /^now: /],
  ])('%j is a RangeError', (options, message) => {
    expect(() => check(demo, options)).toThrow(RangeError)
    expect(() => check(demo, options)).toThrow(message)
  })

  it.each(['', '  \n', 'version: 1\n'])('%j is an InputError with positioned problems', (source) => {
    const error = (() => {
      try {
        check(source, { file: 'p.yaml' })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).problems.every((p) => p.line >= 1 && p.column >= 1)).toBe(true)
    expect((error as InputError).file).toBe('p.yaml')
  })
})
