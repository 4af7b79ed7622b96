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
  return oneLine(problem.path ? `${where}  ${problem.path}: ${problem.message}` : `${where}  ${problem.message}`)
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters that must not reach a terminal
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same characters, asked about without replacing
const HAS_CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/** Text with every control character (newline, terminal escape, line separator) written as \u{…}: one problem, one line. */
export function oneLine(text: string): string {
  return HAS_CONTROL_CHARACTER.test(text) ? text.replace(CONTROL_CHARACTERS, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`) : text
}

/** positions[2].size from ['positions', 2, 'size']; a key that is not a plain name is quoted: markets["x\u{a}y"]. */
export function formatPath(path: YamlPath): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`
    if (HAS_CONTROL_CHARACTER.test(part)) {
      return `${out}["${oneLine(part).replaceAll('"', '\\"')}"]`
    }
    return out ? `${out}.${part}` : part
  }, '')
}

/**
 * Whether a written key is near enough to a wanted one to be a likely typo of it: an edit distance (insertions,
 * deletions, substitutions; case ignored) of at most max(2, ⌊length / 3⌋) of the written key, or one of the two
 * starts with the other and the shorter has at least 3 characters (`entry` for entry_price, `maintenance` for maintenance_ladder).
 */
export function isNearKey(written: string, wanted: string): boolean {
  const [a, b] = [written.toLowerCase(), wanted.toLowerCase()]
  if (Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a))) return true
  return editDistance(a, b) <= Math.max(2, Math.floor(written.length / 3))
}

/** The allowed key closest to a misspelt one (by edit distance), among those near it (isNearKey). */
export function nearestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of allowed) {
    if (!isNearKey(key, candidate)) continue
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best
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
