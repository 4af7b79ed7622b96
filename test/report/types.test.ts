// The JSON report's types are its document's, generated from the report's JSON Schema (src/documents.ts): these
// assertions are checked by tsc (`npm test` type-checks test/), so a record, a finding or the document written
// by hand again beside the schema, looser or stricter than it, fails the build.
import { describe, expectTypeOf, it } from 'vitest'
import type { InputErrorsDocument, ReportDocument } from '../../src/documents.js'
import type { Finding, Problem, SEVERITY, Status } from '../../src/engine/types.js'
import type { ReportAssumption } from '../../src/report/build.js'
import type { inputErrorsDocument, reportDocument } from '../../src/report/json.js'
import type { ReportOptions } from '../../src/report/options.js'
import type { buildRecords } from '../../src/report/records/index.js'
import type { fundingFields } from '../../src/report/records/funding.js'
import type { stressRecord } from '../../src/report/records/stress.js'
import type { FundingRecord, MaxSizeRecord, Records, WhatIfRecord } from '../../src/report/records/types.js'
import type { gateRecords, maxSizeRecord, whatIfRecord } from '../../src/report/records/what-if.js'

type Document = ReportDocument
type RecordName = 'markets' | 'positions' | 'orders' | 'account' | 'stress' | 'risk_model' | 'what_if' | 'what_if_left_out' | 'max_size'

describe('the JSON report types', () => {
  it('are the report document: what reportDocument builds, its findings, assumptions and errors document', () => {
    expectTypeOf<ReturnType<typeof reportDocument>>().toEqualTypeOf<Document>()
    expectTypeOf<Finding>().toEqualTypeOf<Document['findings'][number]>()
    expectTypeOf<ReportAssumption>().toEqualTypeOf<Document['assumptions'][number]>()
    expectTypeOf<ReturnType<typeof inputErrorsDocument>>().toEqualTypeOf<InputErrorsDocument>()
  })

  it("are the document's records: what each builder returns", () => {
    expectTypeOf<Records>().toEqualTypeOf<Pick<Document, RecordName>>()
    expectTypeOf<ReturnType<typeof buildRecords>>().toEqualTypeOf<Records>()
    expectTypeOf<ReturnType<typeof gateRecords>>().toEqualTypeOf<Pick<Document, 'what_if' | 'what_if_left_out' | 'max_size'>>()
    expectTypeOf<ReturnType<typeof whatIfRecord>>().toEqualTypeOf<WhatIfRecord>()
    expectTypeOf<WhatIfRecord>().toEqualTypeOf<NonNullable<Document['what_if']>[number]>()
    expectTypeOf<ReturnType<typeof maxSizeRecord>>().toEqualTypeOf<MaxSizeRecord>()
    expectTypeOf<MaxSizeRecord>().toEqualTypeOf<NonNullable<Document['max_size']>>()
    expectTypeOf<ReturnType<typeof stressRecord>>().toEqualTypeOf<NonNullable<Document['stress']>>()
    expectTypeOf<ReturnType<typeof fundingFields>>().toEqualTypeOf<{ funding: FundingRecord | null }>()
    expectTypeOf<FundingRecord>().toEqualTypeOf<NonNullable<Document['positions'][number]['funding']>>()
    expectTypeOf<FundingRecord>().toEqualTypeOf<NonNullable<Document['orders'][number]['funding']>>()
  })

  it("keep the schema's enums: statuses, severities, exit codes, the worst item and a what-if's failing items", () => {
    expectTypeOf<Finding['status']>().toEqualTypeOf<Status>()
    expectTypeOf<Finding['severity']>().toEqualTypeOf<(typeof SEVERITY)[Status]>()
    expectTypeOf<ReportOptions['exitCode']>().toEqualTypeOf<0 | 1 | 2>()
    expectTypeOf<Problem['status']>().toEqualTypeOf<NonNullable<Document['summary']['worst']>['status']>()
    expectTypeOf<WhatIfRecord['judged']['failing'][number]['status']>().toEqualTypeOf<Problem['status']>()
    expectTypeOf<Records['positions'][number]['worst_status']>().toEqualTypeOf<Status | null>()
  })
})
