// The library (`import { check, diff, schema } from 'perp-check'`), built apart from the CLI so the CLI's
// bundle and start-up do not carry it: dist/lib/index.js (ESM, the dependencies left to the package's own)
// and its declarations, dist/lib/public.d.ts and dist/documents.d.ts, emitted by tsc from src/lib/public.ts alone.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { build } from 'esbuild'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

await build({
  entryPoints: ['src/lib/index.ts'],
  outfile: 'dist/lib/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  define: { __PERP_CHECK_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  logLevel: 'warning',
})

// tsc writes declarations over what is there and removes nothing: those of a module moved or gone (once
// dist/lib/documents.d.ts) would stay in dist/ and ship with the package. Every one is written anew.
for (const file of readdirSync('dist', { recursive: true, encoding: 'utf8' })) if (file.endsWith('.d.ts')) rmSync(`dist/${file}`)

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], { stdio: 'inherit' })
