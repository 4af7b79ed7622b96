// The bench's account generator at sizes past the ones the bench uses: every position and order written.
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import { generateAccount } from '../../scripts/generate-account.mjs'

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0

describe('generate-account', () => {
  it.each([
    { positions: 1, markets: 1 },
    { positions: 20, markets: 3 },
    // 40,000 positions overflowed the call stack when their lines were spread into one push().
    { positions: 40_000, markets: 10 },
  ])('$positions positions over $markets markets: one entry each, an order per 20 positions', ({ positions, markets }) => {
    const text: string = generateAccount({ positions, markets, levels: 2, seed: 1 })
    expect(count(text, /^ {2}- id: p\d+$/gm)).toBe(positions)
    expect(count(text, /^ {2}M\d+USDT:$/gm)).toBe(markets)
    expect(count(text, /^ {2}- id: o\d+$/gm)).toBe(Math.max(1, Math.round(positions / 20)))
  })
})
