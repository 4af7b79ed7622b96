// The order problems are read in: worst first (fail, warn, skip, info, pass), the engine's order kept within a status.
import type { Finding } from '../engine/types.js'

export function worstFirst(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => b.finding.severity - a.finding.severity || a.index - b.index)
    .map(({ finding }) => finding)
}

/** The item a summary names: the worst status; among equals, one that is its own cause (not a consequence), then the first. */
export function worstItem(findings: readonly Finding[]): Finding | undefined {
  const sorted = worstFirst(findings)
  const top = sorted[0]
  if (!top || top.severity < 3) return undefined
  return sorted.find((f) => f.severity === top.severity && f.cause === f.subject) ?? top
}
