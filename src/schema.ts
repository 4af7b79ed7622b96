// The editor schema: draft-07 JSON Schema of what users write (yaml-language-server reads draft-07).
import { z } from 'zod'
import { portfolioSchema } from './input/schema.js'

export function jsonSchema(): string {
  const schema = z.toJSONSchema(portfolioSchema, { target: 'draft-07', io: 'input', unrepresentable: 'any' })
  return `${JSON.stringify(schema, null, 2)}\n`
}
