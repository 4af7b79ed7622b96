// A watch line's types are generated from the watch schema (src/report/watch-schema.ts → src/report/watch-documents.ts,
// by test/lib/documents.test.ts): these assertions are checked by tsc (`npm test` type-checks test/), so the
// watch's own types written by hand again beside the schema, looser or stricter than it, fail the build.
import { describe, expectTypeOf, it } from 'vitest'
import type { AccountDiff, Change, DiffResult, FindingChange, ItemDiff, ParameterChange, PositionDiff } from '../../src/diff/types.js'
import type { InputErrorsDocument, ReportDocument } from '../../src/documents.js'
import type { WatchChanges, WatchTrigger, watchChanges, watchLine } from '../../src/report/watch.js'
import type { WatchInvalidLine, WatchLine, WatchReportLine } from '../../src/report/watch-documents.js'

describe('the watch line types', () => {
  it('are the watch schema’s: what watchLine and watchChanges build, and the trigger', () => {
    expectTypeOf<ReturnType<typeof watchLine>>().toEqualTypeOf<WatchLine>()
    expectTypeOf<ReturnType<typeof watchChanges>>().toEqualTypeOf<WatchChanges>()
    expectTypeOf<WatchChanges>().toEqualTypeOf<WatchReportLine['changes']>()
    expectTypeOf<WatchTrigger>().toEqualTypeOf<'start' | 'change' | 'interval' | 'retry'>()
    expectTypeOf<WatchChanges['since']>().toEqualTypeOf<{ run: number; at: string; sha256: string; as_of: string } | null>()
  })

  it("take the diff's records for the changes, and the report's and the errors document's parts", () => {
    expectTypeOf<WatchChanges['status']>().toEqualTypeOf<FindingChange[]>()
    expectTypeOf<WatchChanges['positions']>().toEqualTypeOf<PositionDiff[]>()
    expectTypeOf<WatchChanges['account']>().toEqualTypeOf<AccountDiff | null>()
    expectTypeOf<WatchChanges['parameters']>().toEqualTypeOf<ParameterChange[]>()
    expectTypeOf<WatchChanges['markets']>().toEqualTypeOf<ItemDiff[]>()
    expectTypeOf<WatchChanges['list']>().toEqualTypeOf<Change[]>()
    expectTypeOf<WatchChanges['worse']>().toEqualTypeOf<DiffResult['worse']>()
    expectTypeOf<WatchReportLine['findings']>().toEqualTypeOf<ReportDocument['findings']>()
    expectTypeOf<WatchReportLine['summary']>().toEqualTypeOf<ReportDocument['summary']>()
    expectTypeOf<WatchInvalidLine['input_errors']>().toEqualTypeOf<InputErrorsDocument['input_errors']>()
  })
})
