// A list kept in a total order (src/stress/ordered.ts) must hold what sorting it after every change holds: seeded
// runs of entries put in, taken out and moved (a key changed: out, then in again), keys repeated so that the
// tie-break decides, and the boundary rows: the first and the last place, an empty list, an entry not there.
import { describe, expect, it } from 'vitest'
import { placeOf, putIn, takeOut } from '../../src/stress/ordered.js'
import { rng } from '../margin/load.js'

interface Entry {
  key: number
  index: number
}

/** Largest key first, ties by index: the cascade's order of cross legs by signed size. */
const order = (x: Entry, y: Entry) => y.key - x.key || x.index - y.index
const sorted = (entries: Entry[]) => [...entries].sort(order)

describe('a list kept in order = the list sorted after every change', () => {
  it.each([1, 2, 3])('seed %i: 400 changes', (seed) => {
    const random = rng(seed)
    const kept: Entry[] = []
    const all: Entry[] = []
    for (let index = 0; index < 400; index++) {
      const roll = random()
      if (roll < 0.5 || all.length === 0) {
        const entry = { key: Math.floor(random() * 20), index }
        all.push(entry)
        putIn(kept, entry, order)
      } else {
        const entry = all[Math.floor(random() * all.length)]!
        takeOut(kept, entry, order)
        if (roll < 0.75) all.splice(all.indexOf(entry), 1)
        else {
          entry.key = Math.floor(random() * 20)
          putIn(kept, entry, order)
        }
      }
      expect(kept).toEqual(sorted(all))
    }
  })

  it('boundary rows', () => {
    const a = { key: 5, index: 0 }
    const b = { key: 5, index: 1 }
    const c = { key: 9, index: 2 }
    const list: Entry[] = []
    takeOut(list, a, order)
    expect(list).toEqual([])
    expect(placeOf(list, a, order)).toBe(0)
    putIn(list, b, order)
    putIn(list, a, order)
    // Equal keys: the lower index first.
    expect(list).toEqual([a, b])
    putIn(list, c, order)
    // The largest key goes first, ahead of both.
    expect(list).toEqual([c, a, b])
    expect([c, a, b].map((e) => placeOf(list, e, order))).toEqual([0, 1, 2])
    // An entry equal in key and index to one in the list but another object is not taken out in its place.
    takeOut(list, { key: 5, index: 1 }, order)
    expect(list).toEqual([c, a, b])
    takeOut(list, b, order)
    expect(list).toEqual([c, a])
    takeOut(list, c, order)
    expect(list).toEqual([a])
  })
})
