#!/bin/sh
# The long fuzz campaign with a watchdog: runs `npm run fuzz` in chunks of FUZZ_RUNS cases (default 100000
# in all, CHUNK per seed); a document that runs for more than HANG seconds (the in-process runs cannot be
# interrupted) is saved as a finding, and the campaign goes on with the next seed.
# Usage: scripts/fuzz-campaign.sh OUTDIR [TOTAL] [CHUNK]
set -u
out=${1:?usage: scripts/fuzz-campaign.sh OUTDIR [TOTAL] [CHUNK]}
total=${2:-100000}
chunk=${3:-20000}
hang=${HANG:-60}
mkdir -p "$out"
seed=${FUZZ_SEED:-1}
done_runs=0
while [ "$done_runs" -lt "$total" ]; do
  progress="$out/progress-$seed.log"
  # Its own process group, so a hung run is stopped whole (npm, vitest and its worker).
  FUZZ_RUNS=$chunk FUZZ_CLI_RUNS=${FUZZ_CLI_RUNS:-100} FUZZ_SEED=$seed FUZZ_FINDINGS="$out/findings.jsonl" FUZZ_PROGRESS="$progress" \
    setsid npm run fuzz > "$out/run-$seed.log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    last="$progress.last.yaml"
    if [ -f "$last" ] && [ $(( $(date +%s) - $(stat -c %Y "$last") )) -gt "$hang" ]; then
      cp "$last" "$out/hang-$seed.yaml"
      echo "$(date -u +%FT%TZ) seed $seed: a document ran over ${hang}s, saved as hang-$seed.yaml" >> "$out/campaign.log"
      kill -- "-$pid" 2>/dev/null
      break
    fi
  done
  wait "$pid" 2>/dev/null
  ran=$(tail -1 "$progress" 2>/dev/null | awk '{print $2}')
  done_runs=$((done_runs + ${ran:-0}))
  echo "$(date -u +%FT%TZ) seed $seed: ${ran:-0} runs (total $done_runs)" >> "$out/campaign.log"
  seed=$((seed + 1))
done
