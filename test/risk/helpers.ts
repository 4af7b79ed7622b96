// The risk view's first result (the file's own model) for a portfolio written as an object or as YAML text.
import { computeMargin } from '../../src/margin/index.js'
import { computeRisk, isUnavailable, type ModelResult } from '../../src/risk/view.js'
import { load } from '../helpers.js'

export function ownModel(portfolio: unknown): ModelResult {
  const loaded = load(portfolio)
  const result = computeRisk(loaded, computeMargin(loaded)).results[0]!
  if (isUnavailable(result)) throw new Error(result.reason)
  return result
}
