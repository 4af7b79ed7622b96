// Test helpers for the stress domain: portfolios written as objects (numbers as strings) go through the real
// input path, and fixtures are read from fixtures/ so a test and its fixture describe the same file.
import { readFileSync } from 'node:fs'
import type { Decimal } from '../../src/decimal.js'
import type { Views } from '../../src/engine/types.js'
import { computeViews } from '../../src/engine/views.js'
import { load } from '../helpers.js'

export { d, load } from '../helpers.js'

/** The stress view (and the margin and execution views it reads) of a portfolio, as the engine computes them. */
export function derived(portfolio: unknown): Pick<Views, 'margin' | 'execution' | 'stress'> {
  const { views, broken } = computeViews(load(portfolio), ['stress'])
  if (broken.length > 0) throw new Error(broken.map((b) => `${b.view}: ${b.error}`).join('; '))
  return views as Pick<Views, 'margin' | 'execution' | 'stress'>
}

export const fixture = (path: string): string => readFileSync(path, 'utf8')

/** |a − b| ≤ tolerance: for figures that went through a square root or a bisection. */
export function near(a: Decimal | null | undefined, b: Decimal | string | number, tolerance = '1e-9'): boolean {
  return a?.minus(b).abs().lte(tolerance) ?? false
}

/** A market around 100 with one 1% tier and the book every path test walks (bids 99.9/99.5/99/98, asks mirrored). */
export function market100(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    prices: { index: '100', mark: '100', last: '100' },
    maintenance_ladder: [{ max_notional: '10000000', mmr: '0.01', max_leverage: '50' }],
    book: {
      bids: [
        ['99.9', '50'],
        ['99.5', '100'],
        ['99', '200'],
        ['98', '400'],
      ],
      asks: [
        ['100.1', '50'],
        ['100.5', '100'],
        ['101', '200'],
        ['102', '400'],
      ],
    },
    ...extra,
  }
}
