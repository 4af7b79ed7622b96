// The library entry (dist/lib/index.js, bundled by scripts/build-lib.mjs): check, diff and schema return the
// documents the CLI prints as JSON, built by the same functions. Its types are the declarations in public.ts;
// each export here is typed by them, so the two cannot part.
import { checks } from '../checks/index.js'
import { exitCodeFor } from '../engine/run.js'
import { check as checkReport, diff as diffOutput, diffExitCode } from '../index.js'
import { InputError as InternalInputError } from '../input/errors.js'
import { timestampProblem } from '../input/values.js'
import { RISK_MODEL_IDS } from '../model.js'
import { diffDocument } from '../report/diff-document.js'
import { DIFF_JSON_SCHEMA } from '../report/diff-schema.js'
import { reportDocument } from '../report/json.js'
import { REPORT_SCHEMA } from '../report/schema.js'
import { jsonSchema } from '../schema.js'
import type * as Api from './public.js'

declare const __PERP_CHECK_VERSION__: string

export type * from './public.js'

export const InputError: typeof Api.InputError = InternalInputError
export type InputError = Api.InputError

export const check: typeof Api.check = (source, options = {}) => {
  const only = knownChecks('only', options.only)
  const skip = knownChecks('skip', options.skip)
  const unknownModels = (options.riskModels ?? []).filter((id) => !(RISK_MODEL_IDS as readonly string[]).includes(id))
  if (unknownModels.length > 0) throw new RangeError(`riskModels: unknown model ${quoted(unknownModels)} (known: ${RISK_MODEL_IDS.join(', ')})`)
  const nowProblem = options.now === undefined ? undefined : timestampProblem(options.now)
  if (nowProblem !== undefined) throw new RangeError(`now: ${nowProblem}`)
  const report = checkReport(source, {
    file: options.file ?? '<source>',
    now: options.now,
    only,
    skip,
    riskModels: options.riskModels,
    verbose: options.verbose,
  })
  const exitCode = exitCodeFor(report, options.failOn ?? 'fail')
  return reportDocument(report, { exitCode, version: __PERP_CHECK_VERSION__ })
}

export const diff: typeof Api.diff = (sources, options = {}) => {
  const output = diffOutput(sources, { series: options.series })
  const exitCode = diffExitCode(output, options.failOn ?? 'fail')
  return diffDocument(output, { exitCode, version: __PERP_CHECK_VERSION__ })
}

export const schema: typeof Api.schema = (kind = 'portfolio') => {
  if (kind === 'report') return structuredClone(REPORT_SCHEMA)
  if (kind === 'diff') return structuredClone(DIFF_JSON_SCHEMA) as Api.JsonSchema
  return JSON.parse(jsonSchema()) as Api.JsonSchema
}

function knownChecks(option: string, ids: readonly string[] | undefined): readonly string[] | undefined {
  const unknown = (ids ?? []).filter((id) => !checks.some((c) => c.id === id))
  if (unknown.length > 0) throw new RangeError(`${option}: unknown check id ${quoted(unknown)} (known: ${checks.map((c) => c.id).join(', ')})`)
  return ids
}

const quoted = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(', ')
