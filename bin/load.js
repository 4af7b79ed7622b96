// Loads the bundled CLI (dist/cli.cjs) with V8's code cache (dist/cli.cache) when one is there and
// matches this Node.js; otherwise V8 compiles the bundle as usual. Node 20 has no module compile
// cache of its own, and parsing the bundle is most of perp-check's start-up. CommonJS (bin/package.json):
// Node.js starts a CommonJS entry faster than an ES module one, and start-up is what this file is for.
'use strict'
const { readFileSync } = require('node:fs')
const { createRequire } = require('node:module')
const { join } = require('node:path')
const { Script } = require('node:vm')

const DIST = join(__dirname, '..', 'dist')

function loadBundle({ useCache = true } = {}) {
  const filename = join(DIST, 'cli.cjs')
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(filename, 'utf8')}\n})`
  let cachedData
  if (useCache) {
    try {
      cachedData = readFileSync(join(DIST, 'cli.cache'))
    } catch {
      cachedData = undefined
    }
  }
  const script = new Script(source, { filename, cachedData })
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, DIST)
  return { cli: module.exports, script }
}

module.exports = { loadBundle }
