// The exchange side of perp-check: `snapshot` (a live read through ccxt), `import` (a saved JSON) and `init`
// (a starter file). Only the CLI reaches this folder, through a dynamic import, so a checklist run never
// loads it. Every file written here is loaded back through the portfolio input before it is handed out: a
// figure outside the format's limits is this command's error, not a surprise on the next run.
import { formatProblem, InputError } from '../input/errors.js'
import { loadPortfolio } from '../input/load.js'
import { captureAccount, type SnapshotOptions } from './ccxt.js'
import { importCapture, type ImportOptions } from './import.js'
import { SnapshotError, type Snapshot } from './snapshot.js'
import { fromUnified, type UnifiedCapture } from './unified.js'
import { isoTime, writePortfolio } from './write.js'

/** The file's text, refused when it does not load as a portfolio (a venue figure past the format's limits). */
export function checkedText(text: string, what: string): string {
  try {
    loadPortfolio(text, { file: what })
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    const problems = error.problems.map((p) => formatProblem(error.file, p)).join('\n')
    throw new SnapshotError(`the written file does not load as a portfolio:\n${problems}`)
  }
  return text
}

function render(snapshot: Snapshot, command: string): string {
  const header = [
    `Written by perp-check ${command} from ${snapshot.source}, as of ${isoTime(snapshot.asOf)}.`,
    'Each block names the call and field it came from; no API key is in this file.',
    snapshot.account.fees ? undefined : "Fees: the venue's base tier (docs/venues.md); put your own tier's under account.fees.",
  ]
  return checkedText(writePortfolio(snapshot, header.filter(Boolean).join('\n')), command)
}

export interface SnapshotResult {
  text: string
  capture: UnifiedCapture
}

/** `perp-check snapshot`: the account read live, as a portfolio file's text (and the capture it came from). */
export async function snapshotFile(options: SnapshotOptions): Promise<SnapshotResult> {
  const capture = await captureAccount(options)
  return { text: render(fromUnified(capture, Date.now()), 'snapshot'), capture }
}

/** `perp-check import`: a saved JSON (ccxt's unified structures or a venue's own responses) as a portfolio file's text. */
export function importFile(json: unknown, options: ImportOptions): string {
  return render(importCapture(json, options), 'import')
}
