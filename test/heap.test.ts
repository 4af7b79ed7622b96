// The CLI caps V8's heap growth from LARGE_ACCOUNT_POSITIONS positions on (src/heap.ts), and leaves smaller runs as
// they are. The effect on the peak is measured by `npm run bench` (the memory row), not here.
import { describe, expect, it } from 'vitest'
import { HEAP_GROWING_PERCENT, LARGE_ACCOUNT_POSITIONS, sizeHeapFor } from '../src/heap.js'

describe('sizeHeapFor', () => {
  it.each([
    [0, false],
    [1000, false],
    [LARGE_ACCOUNT_POSITIONS - 1, false],
    [LARGE_ACCOUNT_POSITIONS, true],
    [10000, true],
  ])('%i positions: growth capped %s', (positions, capped) => {
    const set: string[] = []
    expect(sizeHeapFor(positions, (flags) => set.push(flags))).toBe(capped)
    expect(set).toEqual(capped ? [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`] : [])
  })
})
