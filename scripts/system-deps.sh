#!/usr/bin/env bash
# System dependencies of `npm start` (and of the Rust build and the worker suites), checked in
# seconds, before anything long runs:
#
#   scripts/system-deps.sh           install what is missing from Debian apt, else say what to do
#   scripts/system-deps.sh --check   only report; exit 69 if anything is missing
#
#   what                            checked with                 Debian package
#   Rust (rust-toolchain.toml)      cargo, rustc                 (rustup: https://rustup.rs)
#   Node 20+ and npm                node, npm                    (nodejs.org or nodesource)
#   C toolchain for -sys crates     cc, make                     build-essential
#   perl for the vendored OpenSSL   perl -MIPC::Cmd              perl
#   Redis for the BullMQ queues     redis-server, redis-cli      redis-server
#
# The apt packages are installed like `.ci/run` installs Redis: as root directly, otherwise
# through sudo. Set ATELIER_NO_APT=1 to only report. Rust and Node are never installed here.
set -euo pipefail

check_only=0
case "${1:-}" in
  "") ;;
  --check) check_only=1 ;;
  *) echo "usage: scripts/system-deps.sh [--check]" >&2; exit 64 ;;
esac

missing_pkgs=()
fatal=()
have() { command -v "$1" >/dev/null 2>&1; }

have cargo && have rustc || fatal+=("Rust: cargo/rustc not found; install rustup (https://rustup.rs), the pinned toolchain in rust-toolchain.toml installs itself")
if have node; then
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  [ "$major" -ge 20 ] || fatal+=("Node: $(node --version) found, 20 or newer needed")
else
  fatal+=("Node: node not found; install Node 20+ with npm")
fi
have npm || fatal+=("npm: not found; it ships with Node")
{ have cc && have make; } || missing_pkgs+=(build-essential)
perl -MIPC::Cmd -e 1 >/dev/null 2>&1 || missing_pkgs+=(perl)
{ have redis-server && have redis-cli; } || missing_pkgs+=(redis-server)

if [ ${#fatal[@]} -gt 0 ]; then
  for line in "${fatal[@]}"; do echo "system-deps: $line" >&2; done
fi
if [ ${#missing_pkgs[@]} -gt 0 ]; then
  apt_cmd="apt-get install -y ${missing_pkgs[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  if [ "$check_only" -eq 1 ] || [ "${ATELIER_NO_APT:-}" = 1 ] || ! have apt-get || { [ -n "$sudo" ] && ! have sudo; }; then
    echo "system-deps: missing ${missing_pkgs[*]}; install with: ${sudo:+sudo }apt-get update && ${sudo:+sudo }$apt_cmd (or your system's equivalent)" >&2
    exit 69
  fi
  echo "system-deps: installing ${missing_pkgs[*]} (${sudo:+sudo }apt-get)"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing_pkgs[@]}" >/dev/null; }; then
    echo "system-deps: apt-get could not install ${missing_pkgs[*]}; install them with: ${sudo:+sudo }$apt_cmd" >&2
    exit 69
  fi
fi
[ ${#fatal[@]} -eq 0 ] || exit 69
