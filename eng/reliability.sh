#!/usr/bin/env bash
# The reliability and security suite, long variant: 30 crash-restart runs (instead of 10), the scale-out scenario, and 10,000
# intake submissions from 32 clients (instead of 2,000 from 16), plus the fault, bad-input and security
# scenarios. Figures land in artifacts/reliability/*.md and are printed at the end.
# Usage: bash eng/reliability.sh   (FEEDBACK_CRASH_RUNS, FEEDBACK_CRASH_SEED, FEEDBACK_LOAD_SUBMISSIONS,
# FEEDBACK_LOAD_CLIENTS override the sizes; the same seed reproduces the same kill points.)
set -euo pipefail
cd "$(dirname "$0")/.."
export FEEDBACK_CRASH_RUNS=${FEEDBACK_CRASH_RUNS:-30}
export FEEDBACK_CRASH_SEED=${FEEDBACK_CRASH_SEED:-20261129}
export FEEDBACK_LOAD_SUBMISSIONS=${FEEDBACK_LOAD_SUBMISSIONS:-10000}
export FEEDBACK_LOAD_CLIENTS=${FEEDBACK_LOAD_CLIENTS:-32}
rm -rf artifacts/reliability
bash eng/test.sh --filter "FullyQualifiedName~CrashRestartLoopTests|FullyQualifiedName~ScaleOutTests|FullyQualifiedName~FaultScenarioTests|FullyQualifiedName~BadInputCorpusTests|FullyQualifiedName~IntakeLoadTests|FullyQualifiedName~SecurityTests"
for f in artifacts/reliability/*.md; do echo "== $f"; cat "$f"; done
