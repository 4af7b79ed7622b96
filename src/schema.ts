// The editor schema: draft-07 JSON Schema of what users write (yaml-language-server reads draft-07).
import { z } from 'zod'
import { portfolioSchema } from './input/schema.js'
import { namedMapValue, standInFor } from './input/values.js'

const OPTIONS = { target: 'draft-07', io: 'input', unrepresentable: 'any' } as const

/** A value read quickly when it can be (a book side) is, for editors, what its own schema says. */
function describeStandIn({ zodSchema, jsonSchema }: { zodSchema: unknown; jsonSchema: object }) {
  const standIn = standInFor(zodSchema)
  if (!standIn) return
  const { $schema: _, ...described } = z.toJSONSchema(standIn, OPTIONS)
  Object.assign(jsonSchema, described)
}

export function jsonSchema(): string {
  const schema = z.toJSONSchema(portfolioSchema(), {
    ...OPTIONS,
    // A mapping of user-chosen names (markets, betas) is read by hand; for editors it is a plain record.
    override: ({ zodSchema, jsonSchema }) => {
      const value = namedMapValue(zodSchema)
      if (!value) return describeStandIn({ zodSchema, jsonSchema })
      const { $schema: _, ...record } = z.toJSONSchema(z.record(z.string(), value), { ...OPTIONS, override: describeStandIn })
      Object.assign(jsonSchema, record)
    },
  })
  return `${JSON.stringify(schema, null, 2)}\n`
}
