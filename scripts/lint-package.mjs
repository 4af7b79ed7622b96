// Packs the package as npm would publish it and lints the tarball. `npm pack` would build everything through
// `prepare`; in `npm test` the CLI's bundle was built by the test setup a moment before, so only what is
// missing is built (the CLI when there is no bundle, the library always) and the pack skips the scripts. Then
// publint (the package.json fields, exports and files) and @arethetypeswrong/cli (the types resolve to the ESM
// the exports give, under Node 16+ resolution from ESM) read the local tarball; nothing reaches the network.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dir = mkdtempSync(join(tmpdir(), 'perp-check-pack-'))
const bin = (name) => join('node_modules', '.bin', name)
try {
  if (!existsSync('dist/cli.cjs')) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  execFileSync(process.execPath, ['scripts/build-lib.mjs'], { stdio: 'inherit' })
  execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'inherit'] })
  const tarball = join(
    dir,
    readdirSync(dir).find((f) => f.endsWith('.tgz')),
  )
  execFileSync(bin('publint'), ['run', tarball, '--strict'], { stdio: 'inherit' })
  // esm-only: the package is ESM with `import` exports; CommonJS callers (node10, node16-from-CJS) are not served.
  execFileSync(bin('attw'), [tarball, '--profile', 'esm-only'], { stdio: 'inherit' })
} finally {
  rmSync(dir, { recursive: true, force: true })
}
