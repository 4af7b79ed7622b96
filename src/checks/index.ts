// The registry: every check, in the order they run and report. Add a check here and nowhere else.
import type { Check } from '../engine/types.js'
import referencePrices from './reference-prices.js'

export const checks: readonly Check[] = [referencePrices]

export const checkIds = (): string[] => checks.map((c) => c.id)
