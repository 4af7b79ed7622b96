#!/usr/bin/env node
'use strict'
const { fstatSync } = require('node:fs')
const { loadBundle } = require('./load.js')

const { cli } = loadBundle()
cli
  .main(process.argv.slice(2), {
    get stdin() {
      return process.stdin
    },
    stdout: process.stdout,
    // Made on first write: a stderr piped to a script is a socket, and its stream loads node:net (a run that writes
    // nothing there never needs it).
    get stderr() {
      return process.stderr
    },
    // Only a character device can be a terminal, and node:tty (which loads node:net) is asked only about one.
    stderrIsTTY() {
      try {
        return fstatSync(2).isCharacterDevice() && require('node:tty').isatty(2)
      } catch {
        return false
      }
    },
    env: process.env,
  })
  .then((code) => {
    process.exitCode = code
  })
