// Loads the bundled CLI (dist/cli.cjs) with V8's code cache (dist/cli.cache) when one is there and
// matches this Node.js; otherwise V8 compiles the bundle as usual. Node 20 has no module compile
// cache of its own, and parsing the bundle is most of perp-check's start-up.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'

export function loadBundle({ useCache = true } = {}) {
  const filename = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url))
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(filename, 'utf8')}\n})`
  let cachedData
  if (useCache) {
    try {
      cachedData = readFileSync(fileURLToPath(new URL('../dist/cli.cache', import.meta.url)))
    } catch {
      cachedData = undefined
    }
  }
  const script = new Script(source, { filename, cachedData })
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, fileURLToPath(new URL('../dist', import.meta.url)))
  return { cli: module.exports, script }
}
