// Packs the package as npm would publish it (`npm pack`, which builds it through `prepare`) and lints the
// tarball: publint (the package.json fields, exports and files) and @arethetypeswrong/cli (the types resolve to
// the ESM the exports give, under Node 16+ resolution from ESM). Both read the local tarball; nothing reaches the network.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dir = mkdtempSync(join(tmpdir(), 'perp-check-pack-'))
const bin = (name) => join('node_modules', '.bin', name)
try {
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'inherit'] })
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
