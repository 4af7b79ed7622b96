#!/usr/bin/env node
'use strict'
const { loadBundle } = require('./load.js')

const { cli } = loadBundle()
cli
  .main(process.argv.slice(2), {
    get stdin() {
      return process.stdin
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  })
  .then((code) => {
    process.exitCode = code
  })
