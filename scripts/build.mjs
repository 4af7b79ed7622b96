// Bundles the CLI into one CommonJS file (dist/cli.cjs) and records V8's code cache for it
// (dist/cli.cache) after a warm-up run, so start-up is one file read and no parsing or compiling.
import { build } from 'esbuild'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { loadBundle } from '../bin/load.js'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

/**
 * Start-up trims, each a module replaced in the bundle alone (the sources and tests use the packages as they are):
 * zod's locales (260 KB of translated messages, a third of the bundle; the project words every problem itself, and
 * zod's English default is imported on its own), and node:child_process for commander, which needs it only to run
 * executable subcommands (perp-check has none): required on first use instead of at load. And node:tty for chalk's
 * supports-color, which asks at load whether fd 1 and 2 are terminals: node:tty loads node:net and its streams
 * (about 3 ms), though only a terminal needs them. The answer is the same without it: fd 1 is a terminal when
 * process.stdout is a tty.WriteStream (the CLI writes through process.stdout anyway; Node.js makes it one exactly
 * when the fd is a terminal); any other fd can be a terminal only when it is a character device.
 */
const startUp = {
  name: 'start-up',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, ({ importer }) =>
      /[\\/]zod[\\/]/.test(importer) ? { path: 'zod-locales', namespace: 'start-up' } : undefined,
    )
    build.onResolve({ filter: /^node:child_process$/ }, ({ importer }) =>
      /[\\/]commander[\\/]/.test(importer) ? { path: 'child-process', namespace: 'start-up' } : undefined,
    )
    build.onResolve({ filter: /^node:tty$/ }, ({ importer }) =>
      /[\\/]supports-color[\\/]/.test(importer) ? { path: 'tty', namespace: 'start-up' } : undefined,
    )
    build.onLoad({ filter: /^zod-locales$/, namespace: 'start-up' }, () => ({ contents: 'export {}', loader: 'js' }))
    build.onLoad({ filter: /^child-process$/, namespace: 'start-up' }, () => ({
      contents: "let loaded\nmodule.exports = { spawn: (...args) => (loaded ??= require('node:child_process')).spawn(...args) }",
      loader: 'js',
    }))
    build.onLoad({ filter: /^tty$/, namespace: 'start-up' }, () => ({
      contents: `const { fstatSync } = require('node:fs')
function isatty(fd) {
  if (fd === 1) return process.stdout.isTTY === true
  try {
    return fstatSync(fd).isCharacterDevice() && require('node:tty').isatty(fd)
  } catch {
    return false
  }
}
module.exports = { isatty }`,
      loader: 'js',
    }))
  },
}

/**
 * Packages the plain run never calls, each a bundle of its own (dist/<name>.cjs) required on first use: zod, which
 * only a file that is not plainly valid reaches (src/input/quick-read.ts reads the others), and yaml, which only
 * words the errors of a file js-yaml cannot parse. Their code is then neither deserialised nor evaluated at start-up.
 * The sources import them as usual; in the CLI's bundle each named export reaches the package on first use.
 */
const LAZY_PACKAGES = {
  zod: "let zod\nmodule.exports = { z: new Proxy({}, { get: (_, key) => (zod ??= require('./zod.cjs').z)[key] }) }",
  yaml: "let yaml\nmodule.exports = { parseDocument: (...args) => (yaml ??= require('./yaml.cjs')).parseDocument(...args) }",
}
const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    b.onResolve({ filter: /^(zod|yaml)$/ }, ({ path, importer }) => (/[\\/]src[\\/]/.test(importer) ? { path, namespace: 'lazy-package' } : undefined))
    b.onResolve({ filter: /^\.\/(zod|yaml)\.cjs$/ }, ({ path }) => ({ path, external: true }))
    b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, ({ path }) => ({ contents: LAZY_PACKAGES[path], loader: 'js' }))
  },
}

// The HTML pages and their charting library (Observable Plot, linkedom) are a bundle of their own, dist/html.cjs,
// required only by `--format html`: the text and JSON runs never parse it.
const lazyHtml = {
  name: 'lazy-html',
  setup(b) {
    b.onResolve({ filter: /report\/html\/index\.js$/ }, () => ({ path: './html.cjs', external: true }))
  },
}

const bundle = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, legalComments: 'none', logLevel: 'warning' }

await build({ ...bundle, entryPoints: ['src/report/html/index.ts'], outfile: 'dist/html.cjs' })
await build({ ...bundle, stdin: { contents: "export { z } from 'zod'", resolveDir: '.' }, plugins: [startUp], outfile: 'dist/zod.cjs' })
await build({ ...bundle, stdin: { contents: "export { parseDocument } from 'yaml'", resolveDir: '.' }, outfile: 'dist/yaml.cjs' })
// The tick lattices' worker thread (src/execution/lattice-board.ts), started beside the CLI's bundle by a run that
// asks for many lattices: the lattice code alone.
await build({ ...bundle, entryPoints: ['src/execution/lattice-worker.ts'], outfile: 'dist/lattice-worker.cjs' })

await build({
  ...bundle,
  entryPoints: ['src/cli.ts'],
  plugins: [lazyHtml, lazyPackages, startUp],
  outfile: 'dist/cli.cjs',
  // ccxt (an optional dependency) stays a package of its own, loaded by `snapshot` alone.
  external: ['ccxt'],
  // The bundle runs as a vm Script (bin/load.js), which has no dynamic import(): dynamic imports become require().
  supported: { 'dynamic-import': false },
  define: { __PERP_CHECK_VERSION__: JSON.stringify(pkg.version) },
})

// Warm up the functions a normal run uses, so the cache holds their bytecode too.
const { cli, script } = loadBundle({ useCache: false })
const sink = new Writable({ write: (_chunk, _encoding, done) => done() })
const io = { stdin: process.stdin, stdout: sink, stderr: sink, env: {} }
if (existsSync('fixtures/demo.yaml')) {
  await cli.main(['fixtures/demo.yaml'], io)
  await cli.main(['fixtures/demo.yaml', '--format', 'json'], io)
}
await cli.main(['--help'], io)
writeFileSync('dist/cli.cache', script.createCachedData())
