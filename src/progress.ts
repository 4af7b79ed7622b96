// The progress line of a long run: what perp-check is doing and how far, on stderr at a terminal. One line,
// rewritten in place (a carriage return and spaces: no escape codes, so a dumb terminal shows it too) and wiped
// before anything else is written. Silent for the first second, so a run that ends sooner shows nothing; the
// parse of a large file is announced at once, because nothing can be printed while the parser runs (about 3 ms
// per KB). The CLI makes one only for the text report on a terminal, without --quiet (src/cli.ts).
import type { ProgressStep } from './engine/progress.js'

/** A run shows its progress once it has taken this long. */
export const PROGRESS_DELAY_MS = 1000
/** A file at least this large shows its parse at once: at the parser's pace it takes most of a second or more. */
export const ANNOUNCE_BYTES = 256 * 1024
/** Within one stage (a view telling its positions done), the line is rewritten at most this often. */
const REWRITE_MS = 100

export interface ProgressStream {
  write(text: string): unknown
  columns?: number
}

export interface ProgressLine {
  tell(step: ProgressStep): void
  /** Wipes the line, if one is shown; the next step writes a new one. */
  clear(): void
}

/** `clock`: milliseconds, monotonic (performance.now by default); the run starts when the line is made. */
export function progressLine(stream: ProgressStream, clock: () => number = () => performance.now()): ProgressLine {
  const start = clock()
  let shown = 0
  let stage = ''
  let writtenAt = Number.NEGATIVE_INFINITY
  return {
    tell(step) {
      const now = clock()
      const announced = step.stage === 'parse' && step.bytes >= ANNOUNCE_BYTES
      if (now - start < PROGRESS_DELAY_MS && !announced) return
      const key = stageOf(step)
      if (key === stage && now - writtenAt < REWRITE_MS) return
      const width = Math.max(20, (stream.columns || 80) - 1)
      const text = describe(step)
      const line = text.length > width ? `${text.slice(0, width - 1)}…` : text
      stream.write(`\r${line}${' '.repeat(Math.max(0, shown - line.length))}`)
      shown = line.length
      stage = key
      writtenAt = now
    },
    clear() {
      if (shown > 0) stream.write(`\r${' '.repeat(shown)}\r`)
      shown = 0
      stage = ''
    },
  }
}

function stageOf(step: ProgressStep): string {
  if (step.stage === 'view') return `view ${step.view}`
  if (step.stage === 'check') return `check ${step.check}`
  return step.stage
}

const count = (n: number) => n.toLocaleString('en-US')

/** The line for a step: "perp-check: stress view, 4,000 of 10,000 positions…". */
export function describe(step: ProgressStep): string {
  switch (step.stage) {
    case 'parse':
      return `perp-check: parsing the file (${(step.bytes / 1e6).toFixed(1)} MB)…`
    case 'view':
      return step.done === undefined
        ? `perp-check: ${step.view} view (${count(step.positions)} positions)…`
        : `perp-check: ${step.view} view, ${count(step.done)} of ${count(step.positions)} positions…`
    case 'check':
      return `perp-check: check ${step.index + 1} of ${step.total}, ${step.check}…`
    case 'report':
      return 'perp-check: writing the report…'
  }
}
