// Start-up benchmark: median wall time of `perp-check fixtures/demo.yaml` over that of `node -e 0`.
// The target is a ratio of at most 1.5. A benchmark, not a test: it prints and exits 0.
import { spawnSync } from 'node:child_process'

const RUNS = Number(process.env.BENCH_RUNS ?? 15)

function median(command, args) {
  const times = []
  for (let i = 0; i < RUNS + 2; i++) {
    const start = process.hrtime.bigint()
    const result = spawnSync(command, args, { stdio: 'ignore' })
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}`)
    if (i >= 2) times.push(ms) // the first two warm the file cache
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const baseline = median(process.execPath, ['-e', '0'])
const tool = median(process.execPath, ['bin/perp-check.js', 'fixtures/demo.yaml'])
const ratio = tool / baseline
console.log(`node -e 0                         ${baseline.toFixed(1)} ms (median of ${RUNS})`)
console.log(`perp-check fixtures/demo.yaml     ${tool.toFixed(1)} ms (median of ${RUNS})`)
console.log(`ratio ${ratio.toFixed(2)} (target ≤ 1.50) ${ratio <= 1.5 ? 'met' : 'NOT met'}`)
