#!/usr/bin/env node
import { loadBundle } from './load.js'

const { cli } = loadBundle()
process.exitCode = await cli.main(process.argv.slice(2), {
  get stdin() {
    return process.stdin
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
})
