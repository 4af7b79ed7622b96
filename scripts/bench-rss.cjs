// Preload for scripts/bench.mjs (`node --require scripts/bench-rss.cjs …`): when the process exits,
// writes its peak resident set size in KiB (process.resourceUsage().maxRSS) to the file named by
// BENCH_RSS_FILE, so the bench measures memory without /usr/bin/time. Does nothing without the variable.
'use strict'
const { writeFileSync } = require('node:fs')

const file = process.env.BENCH_RSS_FILE
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS))
  })
}
