// The diff's output types are its document's, generated from the diff's JSON Schema (src/documents.ts): these
// assertions are checked by tsc (`npm test` type-checks test/), so an output type written by hand again beside
// the schema, looser or stricter than it, fails the build.
import { describe, expectTypeOf, it } from 'vitest'
import type { AttributionOut, DiffResult, PositionFigures, SeriesResult } from '../../src/diff/types.js'
import type { DiffDocument, SeriesDocument } from '../../src/documents.js'
import type { MarginMode } from '../../src/model.js'

type Head = 'schema_version' | 'tool' | 'summary'

describe('the diff output types', () => {
  it('are the diff and series documents without their head (schema_version, tool, summary)', () => {
    expectTypeOf<DiffResult>().toEqualTypeOf<Omit<DiffDocument, Head>>()
    expectTypeOf<SeriesResult>().toEqualTypeOf<Omit<SeriesDocument, Head>>()
    expectTypeOf<SeriesResult['latest']>().toEqualTypeOf<DiffResult>()
  })

  it("keep the schema's enums and bounds: margin modes, 8 chain states, 7 components", () => {
    expectTypeOf<PositionFigures['margin_mode']>().toEqualTypeOf<MarginMode>()
    expectTypeOf<AttributionOut['chain']['length']>().toEqualTypeOf<8>()
    expectTypeOf<AttributionOut['components']['length']>().toEqualTypeOf<7>()
  })
})
