// Command-line wiring only: options → check() → reporter → stdout, and an exit code.
// 0: no failing item; 1: an item fails (or warns, with --fail-on warn); 2: input or usage problem.
import { closeSync, fstatSync, openSync, readSync, statSync, writeSync } from 'node:fs'
import type { Readable, Writable } from 'node:stream'
import { Command, CommanderError, Option } from 'commander'
import { supportsColor } from 'chalk'
import {
  type CheckOptions,
  check,
  checks,
  diff,
  type DiffOutput,
  type DiffSource,
  diffExitCode,
  exitCodeFor,
  formatProblem,
  InputError,
  type Report,
  RISK_MODEL_IDS,
  selectChecks,
  type RiskModelId,
  type GateRequest,
  MAX_SIZE_GRAMMAR,
  ORDER_GRAMMAR,
  OrderGrammarError,
  type OrderProblem,
  OrderProblems,
  parseOrderText,
  pointAt,
} from './index.js'
import { diffReporters } from './report/diff.js'
import { reporters, type Format } from './report/index.js'
import { inputErrorsJson, jsonChunks, usageErrorsJson } from './report/json.js'
import { oneLine } from './input/errors.js'
import { LIMITS } from './input/limits.js'
import { type ProgressLine, progressLine } from './progress.js'
import { sizeHeapFor } from './heap.js'
import { timestampProblem } from './input/values.js'
import type { WatchCommandOptions } from './watch/cli.js'

declare const __PERP_CHECK_VERSION__: string
export const VERSION = __PERP_CHECK_VERSION__

export interface CliIO {
  stdin: Readable
  stdout: Writable & { isTTY?: boolean; columns?: number }
  stderr: Writable & { isTTY?: boolean; columns?: number }
  /** Whether stderr is a terminal, told without opening it (bin/: a redirected stderr's stream is never made); default stderr.isTTY. */
  stderrIsTTY?: () => boolean
  env: Record<string, string | undefined>
  /** Ends a `watch` (tests); without it, SIGINT and SIGTERM do. */
  signal?: AbortSignal
  /** The progress line's clock, monotonic milliseconds (default performance.now); tests give one that runs fast. */
  progressClock?: () => number
}

/** The formats of the checklist: the reporters', and html (its module loaded only when asked for). */
const FORMATS = [...Object.keys(reporters), 'html'] as const
const DIFF_FORMATS = [...Object.keys(diffReporters), 'html'] as const

interface RunOptions {
  format: Format | 'html'
  output?: string
  failOn: 'fail' | 'warn'
  only?: string[]
  skip?: string[]
  now?: string
  color?: boolean
  verbose?: boolean
  riskModel?: string[]
  quiet?: boolean
  order?: string[]
  whatIf?: boolean
  maxSize?: string
}

const EXIT_HELP = `
Exit codes:
  0  no item fails (warnings allowed, unless --fail-on warn)
  1  at least one item fails (or warns, with --fail-on warn)
  2  the input or the command line could not be used, or a check could not run
  With --order, the items judged are the account's once the command line's orders fill.

A file named like a command (watch, diff, snapshot, import, init, schema) is given by its path: perp-check ./watch

Checks: ${checks.map((c) => c.id).join(', ')}`

/** `engine.views` replaces how views are computed (tests make one throw); the command line never sets it. */
export async function main(argv: string[], io: CliIO, engine: Pick<CheckOptions, 'views'> = {}): Promise<number> {
  // Output piped into `head -1`: the reader has gone, and there is no one left to tell.
  io.stdout.on?.('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') io.stderr.write(`perp-check: cannot write the output: ${error.message}\n`)
  })
  let exitCode = 0
  const seen = new Map<string, string>()
  const program = new Command('perp-check')
    .description('Pre-trade risk checklist for a perpetual-futures portfolio file.')
    .version(VERSION)
    .argument('<file>', 'portfolio YAML file, or - for standard input')
    .addOption(
      new Option('-f, --format <format>', 'output format (given once)')
        .choices(FORMATS)
        .default('text')
        .argParser(once(seen, '--format', FORMATS)),
    )
    .option('-o, --output <file>', 'write the report to this file instead of standard output')
    .addOption(
      new Option('--fail-on <status>', 'lowest status that makes the exit code 1 (given once)')
        .choices(['fail', 'warn'])
        .default('fail')
        .argParser(once(seen, '--fail-on', ['fail', 'warn'])),
    )
    .option('--only <ids>', 'run only these checks (comma-separated ids)', list)
    .option('--skip <ids>', 'leave out these checks (comma-separated ids)', list)
    .option('--now <time>', 'the "now" of time-based checks (ISO 8601 with zone); overrides as_of', once(seen, '--now'))
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also when NO_COLOR is set or stdout is not a terminal)')
    .option('--verbose', 'the detailed checklist: every item with every figure, each check’s explanation (and the ladder beside the portfolio model)')
    .option('--quiet', 'only what fails and warns, and the summary')
    .option('--risk-model <ids>', `set these risk models side by side with the file's (comma-separated: ${RISK_MODEL_IDS.join(', ')})`, list)
    .option(
      '--order <order>',
      `a planned order beside the file's, "${ORDER_GRAMMAR}" (repeatable); the exit code judges the account once the orders fill`,
      collect,
    )
    .option('--what-if', "before and after for each of the file's planned orders too (with --order, the command line's always)")
    .option('--max-size <order>', `the largest size of "${MAX_SIZE_GRAMMAR}" for which no check fails (step=<size step>)`, once(seen, '--max-size'))
    .addHelpText('after', EXIT_HELP)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .action(async (file: string, options: RunOptions) => {
      exitCode = await run(file, options, io, engine)
    })

  program
    .command('diff')
    .description('what changed between two snapshots and why each liquidation price moved; three or more files (or --series) make a series ordered by as_of')
    .argument('<files...>', 'snapshot YAML files: old new, or a series (snapshots/*.yaml)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to this file instead of standard output')
    .addOption(
      new Option('--fail-on <status>', 'exit 1 when the new snapshot has an item at this status the old did not').choices(['fail', 'warn']).default('fail'),
    )
    .option('--series', 'treat two files as a series (trends, oscillation, drift)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also when NO_COLOR is set or stdout is not a terminal)')
    .option('--verbose', 'show the attribution arithmetic step by step')
    .addHelpText('after', DIFF_HELP)
    .action(async (files: string[], options: DiffRunOptions) => {
      exitCode = await runDiff(files, options, io, engine)
    })

  program
    .command('schema')
    .description(
      'print the JSON Schema (draft-07) of the portfolio file, for editors; with --report, of the JSON report; with --diff, of the diff’s; with --watch, of a watch line',
    )
    .option('--report', 'the JSON Schema of `--format json` output (schema_version 2)')
    .option('--diff', 'the JSON Schema of `diff --format json` output (schema_version 1)')
    .option('--portfolio', 'the portfolio file’s schema (the default; names it when a file called "schema" is here)')
    .option('--watch', 'the JSON Schema of one line of `watch --format json` (NDJSON)')
    .action(async (options: { report?: boolean; diff?: boolean; watch?: boolean; portfolio?: boolean }) => {
      const asked = (['report', 'diff', 'watch', 'portfolio'] as const).filter((name) => options[name])
      if (asked.length > 1) throw new UsageError(`schema: ${asked.map((name) => `--${name}`).join(' and ')} ask for different schemas: give one`)
      // The schema generators are loaded by this subcommand alone: a check never builds a schema.
      io.stdout.write(
        options.report
          ? (await import('./report/schema.js')).reportSchemaText()
          : options.diff
            ? (await import('./report/diff-schema.js')).diffSchemaText()
            : options.watch
              ? (await import('./report/watch-schema.js')).watchSchemaText()
              : (await import('./schema.js')).jsonSchema(),
      )
    })

  addExchangeCommands(program, io, (code) => {
    exitCode = code
  })
  addWatchCommand(program, io, (code) => {
    exitCode = code
  })
  // A portfolio file named like the subcommand is checked when it exists: `perp-check ./schema` always is.
  if (argv[0] === 'schema' && argv.length === 1 && isFile('schema')) {
    io.stderr.write(
      'perp-check: "schema" is both a file here and a subcommand: write ./schema to check the file, or "perp-check schema --portfolio" for the schema\n',
    )
    return 2
  }

  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      const quiet = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help'
      if (quiet) return 0
      // A portfolio file named like a subcommand that wants more than its name (diff, snapshot, import, init): the
      // subcommand's own error came first; say how the file is checked. (schema and watch say it themselves.)
      const name = argv[0]
      if (argv.length === 1 && name !== undefined && NAMED_LIKE_A_FILE.has(name) && isFile(name))
        io.stderr.write(`perp-check: a file named ${name} is in this directory: check it with \`perp-check ./${name}\`\n`)
      return 2
    }
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n`)
      return 2
    }
    io.stderr.write(`perp-check: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
}

/** The subcommands that refuse their bare name (a missing argument or option), where a file of that name is meant. */
const NAMED_LIKE_A_FILE = new Set(['diff', 'snapshot', 'import', 'init'])

const DIFF_HELP = `
Exit codes:
  0  nothing got worse: no item fails (or warns, with --fail-on warn) in the new snapshot that did not in the old
  1  the new snapshot has a fail the old did not (or a warn, with --fail-on warn); in a series, the newest two
  2  a file or the command line could not be used, or a check could not run in a snapshot

The attribution order and its conventions: docs/diff.md`

interface DiffRunOptions {
  format: keyof typeof diffReporters | 'html'
  output?: string
  failOn: 'fail' | 'warn'
  series?: boolean
  color?: boolean
  verbose?: boolean
}

async function runDiff(files: string[], options: DiffRunOptions, io: CliIO, engine: Pick<CheckOptions, 'views'>): Promise<number> {
  if (files.length < 2) {
    io.stderr.write('perp-check diff: expected at least two snapshot files (old new, or a series)\n')
    return 2
  }
  const sources: DiffSource[] = []
  for (const file of files) {
    if (file === '-') {
      io.stderr.write('perp-check diff: snapshots are read from files, not standard input\n')
      return 2
    }
    try {
      sources.push({ file, source: readPath(file) })
    } catch (error) {
      io.stderr.write(`perp-check: cannot read ${file}: ${readFailure(error)}\n`)
      return 2
    }
  }
  let output: DiffOutput
  try {
    output = diff(sources, { series: options.series, views: engine.views })
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    for (const problem of error.problems) io.stderr.write(`${formatProblem(error.file, problem)}\n`)
    io.stderr.write(`perp-check: ${error.total} problem${error.total === 1 ? '' : 's'} in ${error.file}; nothing was compared\n`)
    return 2
  }
  const exitCode = diffExitCode(output, options.failOn)
  const color = options.format === 'text' && !options.output && useColor(options.color, io)
  const reportOptions = { color, verbose: options.verbose ?? false, exitCode, version: VERSION, failOn: options.failOn }
  const render = options.format === 'html' ? (await import('./report/html/index.js')).diffHtml : diffReporters[options.format]
  return written(options.output, [render(output, reportOptions)], io) ? exitCode : 2
}

/** src/exchange/, loaded only when a command that reads a venue or writes a file for one runs. */
const exchange = () => import('./exchange/cli.js')

/** snapshot, import and init: their code lives in src/exchange/. */
function addExchangeCommands(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('snapshot')
    .description('read a live account through ccxt (read-only) and write it as a portfolio file')
    .requiredOption('--exchange <id>', 'ccxt exchange id: binanceusdm, bybit, okx, hyperliquid, dydx, paradex')
    .option('--symbols <symbols>', 'markets to read besides those with a position (comma-separated; BTC/USDT:USDT or the venue id)', list)
    .option('--depth <levels>', 'order-book levels a side (clipped to the venue’s deepest)', '100')
    .option('--volatility <window>', 'volatility window: 30d (daily closes) or 72h (hourly)', '30d')
    .option('-o, --output <file>', 'write the file here (default: standard output)')
    .option('--save-json <file>', 'also save the ccxt structures read, for `perp-check import`')
    .addOption(new Option('--api-base <url>', 'send every API call to <url>/<host>/<path> (a recording proxy or a test server)').hideHelp())
    .action(async (options) => done(await (await exchange()).snapshotCommand(options, io)))
  program
    .command('import')
    .description('turn a saved JSON (ccxt structures, or a venue’s own REST responses) into a portfolio file')
    .argument('<file>', 'the JSON file (docs/snapshot.md lists the accepted shapes)')
    .option('--wallet-balance <amount>', 'the cross wallet balance, when the JSON has no balance response')
    .option('--symbols <symbols>', 'markets to write besides those with a position (venue ids, comma-separated)', list)
    .option('-o, --output <file>', 'write the file here (default: standard output)')
    .action(async (file: string, options) => done(await (await exchange()).importCommand(file, options, io)))
  program
    .command('init')
    .description('write a commented starter portfolio file for a venue')
    .requiredOption('--venue <id>', 'binance-usdm, bybit-linear, okx-swap, hyperliquid, dydx-v4, paradex, generic (or a ccxt id)')
    .option('-o, --output <file>', 'write the file here (default: standard output)')
    .action(async (options) => done(await (await exchange()).initCommand(options, io)))
}

/** The problems of the options a checklist run has (`watch` shares them), each a line; before any file is read. */
function usageProblems(options: Omit<RunOptions, 'format' | 'failOn'>): string[] {
  const usage: string[] = []
  const known = new Set(checks.map((c) => c.id))
  for (const [flag, ids] of [
    ['--only', options.only],
    ['--skip', options.skip],
  ] as const) {
    const unknown = (ids ?? []).filter((id) => !known.has(id))
    if (unknown.length > 0) usage.push(`${flag}: unknown check id ${unknown.map((id) => `"${id}"`).join(', ')} (known: ${[...known].join(', ')})`)
  }
  if (usage.length === 0 && selectChecks(options).length === 0) {
    const both = (options.only ?? []).filter((id) => options.skip?.includes(id))
    usage.push(`--only and --skip leave no check to run${both.length > 0 ? ` (${both.map((id) => `"${id}"`).join(', ')} in both)` : ''}`)
  }
  const unknownModels = (options.riskModel ?? []).filter((id) => !(RISK_MODEL_IDS as readonly string[]).includes(id))
  if (unknownModels.length > 0)
    usage.push(`--risk-model: unknown model ${unknownModels.map((id) => `"${id}"`).join(', ')} (known: ${RISK_MODEL_IDS.join(', ')})`)
  const nowProblem = options.now === undefined ? undefined : timestampProblem(options.now)
  if (nowProblem !== undefined) usage.push(`--now: ${nowProblem}`)
  if (options.quiet && options.verbose) usage.push('--quiet and --verbose ask for opposite reports: give one')
  return usage
}

/** `watch`: its code lives in src/watch/; a venue is read by the snapshot's code (src/exchange/, reached from here alone). */
function addWatchCommand(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('watch')
    .description('re-check whenever the file changes (or read the account from a venue --every 30s); Ctrl-C stops it')
    .argument('[file]', 'portfolio YAML file (its directory is watched, so an editor’s save by rename is seen)')
    .addOption(
      new Option('-f, --format <format>', 'text: the report redrawn at a terminal, with what changed; json: one report per line (NDJSON)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addOption(new Option('--exit-on <status>', 'stop with exit 1 at the first report with an item at this status').choices(['fail', 'warn']))
    .addOption(new Option('--fail-on <status>', 'lowest status that makes a report’s exit code 1').choices(['fail', 'warn']).default('fail'))
    .option('--debounce <duration>', 'quiet time after an edit before the file is read', '100ms')
    .option('--every <duration>', 'read the venue (or re-check the file) this often; 30s with --exchange')
    .option('--exchange <id>', 'read the account from this venue as `snapshot` does (binanceusdm, bybit, okx, hyperliquid), not from a file')
    .option('-o, --output <file>', 'with --exchange: also write each snapshot read to this file (the report then names it)')
    .option('--symbols <symbols>', 'with --exchange: markets to read besides those with a position', list)
    .option('--depth <levels>', 'with --exchange: order-book levels a side', '100')
    .option('--volatility <window>', 'with --exchange: volatility window, 30d or 72h', '30d')
    .addOption(new Option('--api-base <url>', 'send every API call to <url>/<host>/<path>').hideHelp())
    .option('--max-runs <n>', 'stop (exit 0) after this many runs')
    .option('--only <ids>', 'run only these checks (comma-separated ids)', list)
    .option('--skip <ids>', 'leave out these checks (comma-separated ids)', list)
    .option('--now <time>', 'the "now" of time-based checks (ISO 8601 with zone); overrides as_of')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also when NO_COLOR is set or stdout is not a terminal)')
    .option('--verbose', 'the detailed checklist')
    .option('--quiet', 'only what fails and warns, and the summary')
    .option('--risk-model <ids>', 'set these risk models side by side with the file’s', list)
    .addHelpText('after', WATCH_HELP)
    .action(
      async (
        file: string | undefined,
        options: WatchCommandOptions & RunOptions & { symbols?: string[]; depth: string; volatility: string; apiBase?: string },
      ) => {
        const { watchCommand } = await import('./watch/cli.js')
        const venue = async () => (await exchange()).venueReader({ ...options, exchange: options.exchange! }, io)
        const host = {
          io,
          usage: usageProblems(options),
          color: options.format === 'text' && useColor(options.color, io),
          version: VERSION,
          readText: async (path: string) => readPath(path),
          readFailure,
          isFile: (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false,
          venue,
        }
        done(await watchCommand(file, options, host))
      },
    )
}

const WATCH_HELP = `
Exit codes:
  0  stopped by Ctrl-C, SIGTERM or --max-runs
  1  a report had an item at the --exit-on status
  2  the command line could not be used, or the file or the venue could not be read at the start

What it shows and the NDJSON records: docs/watch.md`

async function run(file: string, options: RunOptions, io: CliIO, engine: Pick<CheckOptions, 'views'>): Promise<number> {
  const usage = usageProblems(options)
  const gate = gateRequest(options, usage)
  // Every usage problem is reported, before the file is read (a file with errors does not hide them).
  if (usage.length > 0) {
    for (const line of usage) io.stderr.write(`perp-check: ${line}\n`)
    if (options.format === 'json')
      io.stdout.write(
        usageErrorsJson(
          usage.map((line) => line.split('\n')[0]!),
          VERSION,
        ),
      ) // a word's pointer is for the terminal
    return 2
  }
  const name = file === '-' ? '<stdin>' : file
  let source: string
  try {
    source = file === '-' ? await readStream(io.stdin) : readPath(file)
  } catch (error) {
    io.stderr.write(`perp-check: cannot read ${name}: ${readFailure(error)}\n`)
    return 2
  }
  if (source.trim() === '') {
    const empty = 'is empty: expected a portfolio file (version, account, markets)'
    if (options.format === 'json') io.stdout.write(inputErrorsJson(name, [{ message: `the file ${empty}`, line: 1, column: 1 }], 1, VERSION))
    io.stderr.write(`perp-check: ${name} ${empty}\n`)
    return 2
  }
  // At a terminal, a long text run says what it is doing; a machine format, --quiet or a redirected stderr never.
  const progress =
    options.format === 'text' && !options.quiet && (io.stderrIsTTY?.() ?? io.stderr.isTTY) ? progressLine(io.stderr, io.progressClock) : undefined
  try {
    return await checkAndReport(source, name, options, io, engine, gate, progress)
  } finally {
    progress?.clear()
  }
}

/** Checks the file's text and writes the report (or its problems); the exit code. */
async function checkAndReport(
  source: string,
  name: string,
  options: RunOptions,
  io: CliIO,
  engine: Pick<CheckOptions, 'views'>,
  gate: GateRequest | undefined,
  progress: ProgressLine | undefined,
): Promise<number> {
  progress?.tell({ stage: 'parse', bytes: Buffer.byteLength(source) })
  let report: Report
  try {
    report = check(source, {
      file: name,
      now: options.now,
      only: options.only,
      skip: options.skip,
      riskModels: options.riskModel as RiskModelId[] | undefined,
      verbose: options.verbose,
      views: engine.views,
      gate,
      charts: options.format === 'html',
      progress: progress?.tell,
      loaded: (portfolio) => sizeHeapFor(portfolio.positions.length),
    })
  } catch (error) {
    progress?.clear()
    if (error instanceof OrderProblems) {
      const lines = error.problems.map(orderProblemLine)
      for (const problem of error.problems) io.stderr.write(`${orderProblemText(problem)}\n`)
      if (options.format === 'json') io.stdout.write(usageErrorsJson(lines, VERSION))
      return 2
    }
    if (!(error instanceof InputError)) throw error
    if (options.format === 'json') io.stdout.write(inputErrorsJson(error.file, error.problems, error.total, VERSION))
    for (const problem of error.problems) io.stderr.write(`${formatProblem(error.file, problem)}\n`)
    const shown = error.total > error.problems.length ? ` (the first ${error.problems.length} shown)` : ''
    io.stderr.write(`perp-check: ${error.total} problem${error.total === 1 ? '' : 's'} in ${name}${shown}; nothing was checked\n`)
    return 2
  }
  const exitCode = exitCodeFor(report.judged ?? report, options.failOn)
  const color = options.format === 'text' && !options.output && useColor(options.color, io)
  const width = io.stdout.isTTY && io.stdout.columns && !options.output ? io.stdout.columns : 80
  const unicode = useUnicode(io.env)
  const reportOptions = {
    color,
    verbose: options.verbose ?? false,
    quiet: options.quiet ?? false,
    width,
    unicode,
    exitCode,
    version: VERSION,
    failOn: options.failOn,
  }
  if (options.format !== 'json') progress?.tell({ stage: 'report' })
  const chunks =
    options.format === 'json'
      ? jsonChunks(report, reportOptions)
      : options.format === 'html'
        ? [(await import('./report/html/index.js')).html(report, reportOptions)]
        : [reporters[options.format](report, reportOptions)]
  progress?.clear()
  return written(options.output, chunks, io) ? exitCode : 2
}

/** The report to standard output, or with -o to a file (written whole, or a message and false when it cannot be). */
function written(output: string | undefined, chunks: Iterable<string>, io: CliIO): boolean {
  if (output === undefined) {
    for (const chunk of chunks) io.stdout.write(chunk)
    return true
  }
  try {
    const fd = openSync(output, 'w')
    try {
      for (const chunk of chunks) writeSync(fd, chunk)
    } finally {
      closeSync(fd)
    }
    return true
  } catch (error) {
    io.stderr.write(`perp-check: cannot write ${output}: ${readFailure(error)}\n`)
    return false
  }
}

/** --order, --what-if and --max-size as the gate's request; a word that does not fit the grammar is a usage problem. */
function gateRequest(options: RunOptions, usage: string[]): GateRequest | undefined {
  if (!options.order?.length && !options.whatIf && options.maxSize === undefined) return undefined
  const read = (flag: '--order' | '--max-size', text: string) => {
    try {
      return parseOrderText(text, { withSize: flag === '--order' })
    } catch (error) {
      if (!(error instanceof OrderGrammarError)) throw error
      const problem = { flag, text, reason: error.reason, span: error.span, grammar: error.grammar }
      usage.push(`${orderProblemLine(problem)}\n${orderProblemPointer(problem)}`)
      return undefined
    }
  }
  const orders = (options.order ?? []).map((text) => read('--order', text))
  const maxSize = options.maxSize === undefined ? undefined : read('--max-size', options.maxSize)
  if (orders.some((o) => o === undefined) || (options.maxSize !== undefined && maxSize === undefined)) return undefined
  return { orders: orders as NonNullable<(typeof orders)[number]>[], maxSize, whatIf: options.whatIf, failOn: options.failOn }
}

/** `--order "buy 0.5 BTCUSDX": market: market "BTCUSDX" is not defined …` (and the grammar, for a word out of place). */
function orderProblemLine(problem: OrderProblem): string {
  return `${problem.flag} "${oneLine(problem.text)}": ${problem.reason}${problem.grammar ? ` (${problem.flag} "${problem.grammar}")` : ''}`
}

/** The text given with the wrong word marked under it. */
function orderProblemPointer(problem: OrderProblem): string {
  const [text, marks] = pointAt(problem.text, problem.span)
  return `  ${text}\n  ${marks}`
}

function orderProblemText(problem: OrderProblem): string {
  return `perp-check: ${orderProblemLine(problem)}\n${orderProblemPointer(problem)}`
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** A usage problem found while parsing the command line (exit 2). */
class UsageError extends Error {}

/** An option given at most once: a second value is a usage error, not silently the winner. */
function once(seen: Map<string, string>, flag: string, choices?: readonly string[]) {
  return (value: string): string => {
    if (choices && !choices.includes(value)) throw new UsageError(`${flag}: "${value}" is not one of ${choices.join(', ')}`)
    const earlier = seen.get(flag)
    if (earlier !== undefined) throw new UsageError(`${flag} given twice ("${earlier}", then "${value}"): give it once`)
    seen.set(flag, value)
    return value
  }
}

function isFile(path: string): boolean {
  try {
    const fd = openSync(path, 'r')
    try {
      return fstatSync(fd).isFile()
    } finally {
      closeSync(fd)
    }
  } catch {
    return false
  }
}

function list(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ]
}

/** --color / --no-color win; then NO_COLOR (any non-empty value) turns colour off, FORCE_COLOR on; else only on a terminal. */
function useColor(flag: boolean | undefined, io: CliIO): boolean {
  if (flag !== undefined) return flag
  if (io.env.NO_COLOR) return false
  if (io.env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(io.env.FORCE_COLOR)
  if (!io.stdout.isTTY) return false
  return supportsColor !== false && supportsColor.level > 0
}

/** The text report's pictures in Unicode on a UTF-8 locale (the first of LC_ALL, LC_CTYPE, LANG that is set), ASCII otherwise and under TERM=dumb. */
export function useUnicode(env: Record<string, string | undefined>): boolean {
  if (env.TERM === 'dumb') return false
  return /utf-?8/i.test(env.LC_ALL || env.LC_CTYPE || env.LANG || '')
}

class TooLarge extends Error {}

function readFailure(error: unknown): string {
  if (error instanceof TooLarge) return error.message
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'it is a directory, not a file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EBADF' || code === 'ENOTCONN') return 'it is closed'
  if (code === 'EAGAIN') return 'it is not ready (non-blocking)'
  return error instanceof Error ? error.message : String(error)
}

const tooLarge = () => new TooLarge(`it is larger than ${LIMITS.fileBytes / 1024 / 1024} MiB, the most perp-check reads`)

/**
 * A file's text, refused without reading it all when it is not a file or past the size limit (/dev/zero never ends).
 * Read synchronously: nothing else runs meanwhile, and it keeps fs/promises and file streams out of start-up.
 */
function readPath(path: string): string {
  const fd = openSync(path, 'r')
  try {
    const stat = fstatSync(fd)
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
    if (stat.isFile() && stat.size > LIMITS.fileBytes) throw tooLarge()
    const chunks: Buffer[] = []
    let bytes = 0
    for (;;) {
      const buffer = Buffer.allocUnsafe(READ_CHUNK)
      const read = readSync(fd, buffer, 0, READ_CHUNK, null)
      if (read === 0) break
      bytes += read
      if (bytes > LIMITS.fileBytes) throw tooLarge()
      chunks.push(read === READ_CHUNK ? buffer : buffer.subarray(0, read))
    }
    return Buffer.concat(chunks, bytes).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

const READ_CHUNK = 65536

async function readStream(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)
    bytes += buffer.length
    if (bytes > LIMITS.fileBytes) {
      stream.destroy()
      throw tooLarge()
    }
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
