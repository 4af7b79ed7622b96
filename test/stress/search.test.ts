// The search behind breaking points and cascades: the mesh holds the file's grid, the first break is found
// inside the right bracket, and the secant step lands exactly on an affine surplus's root.
import { describe, expect, it } from 'vitest'
import type { Decimal } from '../../src/decimal.js'
import { firstBreak, meshFor, refineRoot } from '../../src/stress/search.js'
import { d } from './helpers.js'

describe('meshFor', () => {
  it('down: 1% steps to 30%, 5% steps to 100%, plus grid moves, ordered outward and without repeats', () => {
    const mesh = meshFor('down', [d('-0.055'), d('-0.1'), d('0.2')])
    expect(mesh.length).toBe(30 + 14 + 1)
    expect(mesh.slice(0, 6).map((m) => m.toFixed())).toEqual(['-0.01', '-0.02', '-0.03', '-0.04', '-0.05', '-0.055'])
    expect(mesh[mesh.length - 1]!.toFixed()).toBe('-1')
    expect(mesh.every((m) => m.lt(0))).toBe(true)
  })

  it('up reaches +300%', () => {
    const mesh = meshFor('up', [])
    expect(mesh[mesh.length - 1]!.toFixed()).toBe('3')
  })
})

describe('firstBreak and refineRoot', () => {
  const surplus = (m: Decimal) => d('28600').plus(d('138600').mul(m)) // zero at −143/693
  const breaks = (m: Decimal) => surplus(m).lte(0)

  it('brackets the first break between two mesh points and narrows it below 10⁻¹³', () => {
    const bracket = firstBreak(breaks, { from: d(0), to: d(-1), mesh: meshFor('down', []) })!
    const root = d(-143).div(693)
    expect(bracket.safe.gt(root) && bracket.broken.lte(root)).toBe(true)
    expect(bracket.safe.minus(bracket.broken).lt('1e-13')).toBe(true)
    expect(refineRoot(surplus, bracket).minus(root).abs().lt('1e-35')).toBe(true)
  })

  it('null when nothing up to the limit breaks', () => {
    expect(firstBreak(() => false, { from: d(0), to: d(-1), mesh: meshFor('down', []) })).toBeNull()
  })

  it('a surplus that bends inside the bracket reports the broken end, never a point that does not break', () => {
    const kinked = (m: Decimal) => (m.gt('-0.105') ? d(1) : d(-1)) // a step: the secant would land at −0.1025
    const bracket = { safe: d('-0.1'), broken: d('-0.105') }
    expect(refineRoot(kinked, bracket).toFixed()).toBe('-0.105')
  })
})
