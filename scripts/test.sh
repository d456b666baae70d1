#!/usr/bin/env bash
# Runs every test suite: the program natively (Rust), the IDL drift check, the TypeScript
# typecheck and the TypeScript suites. This is the README's test command (`npm test`).
set -euo pipefail
cd "$(dirname "$0")/.."
# solana-program-test logs every instruction at debug level by default; keep CI output readable.
export RUST_LOG="${RUST_LOG:-error}"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "Rust: program tests (native solana-program-test, processor mode)"
cargo test --workspace --locked --lib --tests 2>&1 | tee "$logs/cargo.txt"

step "Rust: examples build (the main job runs one)"
cargo build --workspace --locked --examples

step "IDL: idl/atelier.json matches the program, the SDK's generated types match the IDL"
node scripts/idl.mjs --check
node scripts/idl-types.mjs --check

step "TypeScript: typecheck"
npx tsc -p tsconfig.json --noEmit

step "TypeScript: tests (vitest)"
NO_COLOR=1 npx vitest run 2>&1 | tee "$logs/vitest.txt"

# Sum `N passed` / `N failed` over cargo's result lines and vitest's `Tests` line.
count() { awk -v word="$2" -v only="$3" '
  $0 ~ only { for (i = 2; i <= NF; i++) if ($i ~ "^" word) { n = $(i-1); gsub(/[^0-9]/, "", n); s += n } }
  END { print s + 0 }' "$1"; }
rust_passed=$(count "$logs/cargo.txt" passed '^test result:')
rust_failed=$(count "$logs/cargo.txt" failed '^test result:')
ts_passed=$(count "$logs/vitest.txt" passed '^ +Tests ')
ts_failed=$(count "$logs/vitest.txt" failed '^ +Tests ')
printf '\nRust %s passed, TypeScript %s passed\n' "$rust_passed" "$ts_passed"
echo "Summary: $((rust_passed + ts_passed)) passed, $((rust_failed + ts_failed)) failed"
