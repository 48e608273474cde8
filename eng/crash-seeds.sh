#!/usr/bin/env bash
# The crash-restart suite on three seeds in a row (10 runs each unless FEEDBACK_CRASH_RUNS says otherwise), then the
# scale-out scenario. Each seed's table lands in artifacts/reliability/crash-restart-seed-{seed}.md.
# Usage: bash eng/crash-seeds.sh   (FEEDBACK_CRASH_SEEDS="20261129 7 4242" and FEEDBACK_CRASH_RUNS override)
set -euo pipefail
cd "$(dirname "$0")/.."
export FEEDBACK_CRASH_RUNS=${FEEDBACK_CRASH_RUNS:-10}
seeds=${FEEDBACK_CRASH_SEEDS:-"20261129 7 4242"}
mkdir -p artifacts/reliability
for seed in $seeds; do
  echo "== seed $seed: $FEEDBACK_CRASH_RUNS runs"
  FEEDBACK_CRASH_SEED=$seed bash eng/test.sh --filter "FullyQualifiedName~CrashRestartLoopTests"
  cp artifacts/reliability/crash-restart.md "artifacts/reliability/crash-restart-seed-$seed.md"
done
bash eng/test.sh --filter "FullyQualifiedName~ScaleOutTests"
for f in artifacts/reliability/crash-restart-seed-*.md artifacts/reliability/scale-out.md; do echo "== $f"; cat "$f"; done
