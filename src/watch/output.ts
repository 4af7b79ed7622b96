// Where the watch's events go: a terminal screen redrawn in place (cut to its rows), a text log (each event in
// full, one after the other), or NDJSON (one line per event). Errors a tool reads (file:line:col) also go to
// stderr, except on a redrawn screen, where they are drawn with the rest.
import type { Writable } from 'node:stream'
import { formatProblem } from '../input/errors.js'
import { type WatchEvent, type WatchReportOptions, watchJsonLine, watchText } from '../report/watch.js'

/** Cursor home, then erase the screen. */
const CLEAR = '\u001b[H\u001b[2J'

export interface Terminal extends Writable {
  isTTY?: boolean
  columns?: number
  rows?: number
}

export interface OutputOptions {
  format: 'text' | 'json'
  report: Omit<WatchReportOptions, 'width' | 'rows' | 'exitCode'>
  stdout: Terminal
  stderr: Writable
}

export interface WatchOutput {
  emit(event: WatchEvent): void
  close(): void
}

export function watchOutput(options: OutputOptions): WatchOutput {
  const { stdout, stderr } = options
  const screen = options.format === 'text' && stdout.isTTY === true
  let last: WatchEvent | undefined
  const draw = (event: WatchEvent) => {
    const width = stdout.isTTY && stdout.columns ? stdout.columns : 80
    const report: WatchReportOptions = { ...options.report, width, exitCode: 0 }
    if (options.format === 'json') stdout.write(watchJsonLine(event, report))
    else if (screen) stdout.write(CLEAR + watchText(event, { ...report, rows: stdout.rows }))
    else stdout.write(`${watchText(event, report)}\n`)
  }
  // A resized terminal is redrawn at its new size.
  const redraw = () => last && draw(last)
  if (screen) stdout.on('resize', redraw)
  return {
    emit(event) {
      last = event
      draw(event)
      if (screen) return
      if (event.kind === 'invalid') {
        for (const problem of event.problems) stderr.write(`${formatProblem(event.file, problem)}\n`)
        const stale = event.last ? `; the last good report (run ${event.last.run}) is stale` : ''
        stderr.write(`perp-check watch: ${event.total} problem${event.total === 1 ? '' : 's'} in ${event.file}${stale}\n`)
      }
      if (event.kind === 'unavailable') stderr.write(`perp-check watch: ${event.error}\n`)
    },
    close() {
      if (screen) stdout.off('resize', redraw)
    },
  }
}
