// Problems with the input: every one carries the file and line:col it is about, and the CLI
// prints them all (not only the first) and exits with 2.
import type { YamlPath } from '../model.js'

export interface InputProblem {
  message: string
  /** Dotted path such as positions[2].size, when the problem is about a value. */
  path?: string
  line: number
  column: number
}

export class InputError extends Error {
  /** How many problems there are in all: `problems` holds the first LIMITS.problems of them. */
  readonly total: number
  constructor(
    readonly file: string,
    readonly problems: InputProblem[],
    total?: number,
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'))
    this.name = 'InputError'
    this.total = Math.max(total ?? 0, problems.length)
  }
}

/** `portfolio.yaml:14:11  positions[2].size: must be greater than 0` */
export function formatProblem(file: string, problem: InputProblem): string {
  const where = `${file}:${problem.line}:${problem.column}`
  return problem.path ? `${where}  ${problem.path}: ${problem.message}` : `${where}  ${problem.message}`
}

/** positions[2].size from ['positions', 2, 'size']. */
export function formatPath(path: YamlPath): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '')
}

/** The allowed key closest to a misspelt one, when it is close enough to be a likely typo. */
export function nearestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}
