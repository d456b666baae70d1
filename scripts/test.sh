#!/usr/bin/env bash
# Runs every test suite: the program natively (Rust), the IDL drift check, the TypeScript
# typecheck and the TypeScript suites. This is the README's test command (`npm test`).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Rust: program tests (native solana-program-test, processor mode)"
cargo test --workspace --locked

step "IDL: idl/atelier.json matches the program"
node scripts/idl.mjs --check

step "TypeScript: typecheck"
npx tsc -p tsconfig.json --noEmit

step "TypeScript: tests (vitest)"
npx vitest run
