// The order problems are read in: worst first (fail, warn, skip, info, pass), the engine's order kept within a status.
import { type Finding, isProblem, type Problem, SEVERITY } from '../engine/types.js'

/** Severities run from 0 (pass) to this, less one. */
const SEVERITIES = Math.max(...Object.values(SEVERITY)) + 1

/** By severity, worst first, in their own order within one: a pass per finding, no comparison sort (a desk account has 100,000). */
export function worstFirst(findings: readonly Finding[]): Finding[] {
  const bySeverity: Finding[][] = Array.from({ length: SEVERITIES }, () => [])
  for (const finding of findings) bySeverity[finding.severity]!.push(finding)
  return ([] as Finding[]).concat(...bySeverity.reverse()) // concat: flat() took three times as long
}

/**
 * The item a summary names: the worst status; among equals, one that is its own cause (not a consequence), then the
 * first. A warning at least, else none.
 */
export function worstItem(findings: readonly Finding[]): Problem | undefined {
  let top: Finding | undefined
  let ownCause: Finding | undefined
  for (const finding of findings) {
    if (!top || finding.severity > top.severity) {
      top = finding
      ownCause = finding.cause === finding.subject ? finding : undefined
    } else if (!ownCause && finding.severity === top.severity && finding.cause === finding.subject) ownCause = finding
  }
  const worst = ownCause ?? top
  return worst && isProblem(worst) ? worst : undefined
}
