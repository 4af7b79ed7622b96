// The order findings are read in (src/report/order.ts): worst first, the engine's order within a status, and the
// item a summary names. Held to the comparison sort they replaced, on seeded lists, and on the boundary rows.
import { describe, expect, it } from 'vitest'
import { type Finding, SEVERITY, STATUSES, type Status } from '../../src/engine/types.js'
import { worstFirst, worstItem } from '../../src/report/order.js'

function finding(id: number, status: Status, ownCause = true): Finding {
  const subject = `p${id}`
  return {
    rule: `check/position`,
    check: 'check',
    status,
    severity: SEVERITY[status],
    subject,
    cause: ownCause ? subject : 'account',
    message: `item ${id}`,
    figures: {},
    path: `positions[${id}]`,
    line: id + 1,
    column: 1,
  }
}

/** The comparison sort worstFirst replaced: by severity, worst first, stable. */
function sorted(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, index) => ({ f, index }))
    .sort((a, b) => b.f.severity - a.f.severity || a.index - b.index)
    .map(({ f }) => f)
}

/** The summary's item as it was chosen: the first of the sorted list that is its own cause among the worst, else the first. */
function named(findings: readonly Finding[]): Finding | undefined {
  const all = sorted(findings)
  const top = all[0]
  if (!top || top.severity < SEVERITY.warn) return undefined
  return all.find((f) => f.severity === top.severity && f.cause === f.subject) ?? top
}

/** A seeded list: statuses and causes drawn by a linear congruential generator. */
function seededList(seed: number, length: number): Finding[] {
  let state = seed
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state >>> 8
  }
  return Array.from({ length }, (_, i) => finding(i, STATUSES[next() % STATUSES.length]!, next() % 3 !== 0))
}

describe('worstFirst', () => {
  it.each([
    ['none', [], []],
    ['one pass', [finding(0, 'pass')], [0]],
    ['fail after pass', [finding(0, 'pass'), finding(1, 'fail')], [1, 0]],
    ['every status, best first', [finding(0, 'pass'), finding(1, 'info'), finding(2, 'skip'), finding(3, 'warn'), finding(4, 'fail')], [4, 3, 2, 1, 0]],
    ['equals keep their order', [finding(0, 'warn'), finding(1, 'info'), finding(2, 'warn'), finding(3, 'warn')], [0, 2, 3, 1]],
  ])('%s', (_, findings, lines) => {
    expect(worstFirst(findings).map((f) => f.line - 1)).toEqual(lines)
  })

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seeded list %i is the stable sort', (seed) => {
    const findings = seededList(seed, 40 + seed * 37)
    expect(worstFirst(findings)).toEqual(sorted(findings))
    expect(worstFirst(findings)).toHaveLength(findings.length)
  })
})

describe('worstItem', () => {
  it.each([
    ['none', [], undefined],
    ['only passes and infos', [finding(0, 'pass'), finding(1, 'info'), finding(2, 'skip')], undefined],
    ['a warning is named', [finding(0, 'info'), finding(1, 'warn')], 1],
    ['the first fail', [finding(0, 'warn'), finding(1, 'fail'), finding(2, 'fail')], 1],
    ['a fail that is its own cause before one that is not', [finding(0, 'fail', false), finding(1, 'fail'), finding(2, 'fail')], 1],
    ['none of the worst its own cause: the first', [finding(0, 'fail', false), finding(1, 'fail', false), finding(2, 'warn')], 0],
    ['a warning that is its own cause does not beat a fail that is not', [finding(0, 'warn'), finding(1, 'fail', false)], 1],
    ['a worse item after an own-cause one starts again', [finding(0, 'warn'), finding(1, 'fail', false), finding(2, 'fail')], 2],
  ])('%s', (_, findings, line) => {
    expect(worstItem(findings)?.line).toBe(line === undefined ? undefined : line + 1)
  })

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seeded list %i names what the sorted list named', (seed) => {
    const findings = seededList(seed * 7919, 5 + seed * 11)
    expect(worstItem(findings)).toBe(named(findings))
    expect(worstItem(worstFirst(findings))).toBe(named(findings))
  })
})
