#!/usr/bin/env bash
# The main job on embedded defaults (local chain, local Redis, CPU, tiny generated models):
#   0. checks the system dependencies first (scripts/system-deps.sh: installs redis-server, a C
#      toolchain and perl from Debian apt when missing, reports Rust/Node problems), in seconds,
#      so nothing fails after the long build,
#   1. builds what is missing or stale (npm dependencies, the localnet binary; the tiny models are made on first use),
#   2. runs workers/scripts/main-job.ts: localnet (fresh chain, free ports), Redis (scripts/redis.sh,
#      free port), the local Irys bundler STAND-IN, migrations, three demo artists (catalogs registered
#      and indexed with the operator CLI), a generator and two verifiers staked with the operator CLI,
#      their worker nodes, then a client's create_job followed to settlement, and prints the outcome.
# Everything it starts is stopped on exit, on error and on Ctrl-C.
# Usage: npm start [-- "your prompt"] [--keep] [--seed N] [--timeout-s N]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

say() { printf '\033[1m▶ %s\033[0m\n' "$*"; }

bash scripts/system-deps.sh || { echo "npm start: system dependencies missing (above); nothing was built" >&2; exit 69; }

if [ ! -d node_modules/onnxruntime-node ]; then
  say "installing npm dependencies (ONNXRUNTIME_NODE_INSTALL=skip: CPU only)"
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
fi
if [ -z "${ATELIER_LOCALNET_BIN:-}" ]; then
  # Always asked: a no-op when fresh, and a stale binary would host an old program.
  [ -x "$CARGO_TARGET_DIR/debug/localnet" ] || say "building localnet (first run compiles the Rust workspace: a few minutes)"
  cargo build --quiet -p localnet
fi
exec npx tsx workers/scripts/main-job.ts "$@"
