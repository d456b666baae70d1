#!/usr/bin/env bash
# Local Redis for the Atelier queues: the Debian redis-server on loopback, noeviction, no persistence.
#
#   scripts/redis.sh start  [--port N] [--dir D] [--persist]
#   scripts/redis.sh stop   [--port N] [--dir D]
#   scripts/redis.sh status [--port N] [--dir D]
#
# Idempotent: `start` on a running instance and `stop` on a stopped one succeed and say so.
# The pidfile, logfile (and with --persist the AOF) live in --dir, by default
# ${TMPDIR:-/tmp}/atelier-redis-<port>. BullMQ needs `maxmemory-policy noeviction`: an evicting
# Redis silently drops jobs.
set -euo pipefail

usage() { sed -n '4,6p' "$0" | sed 's/^# *//' >&2; exit 64; }

cmd="${1:-}"; [ -n "$cmd" ] || usage; shift
port=6379
dir=""
persist=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="${2:?--port needs a value}"; shift 2 ;;
    --dir) dir="${2:?--dir needs a value}"; shift 2 ;;
    --persist) persist=1; shift ;;
    *) echo "redis.sh: unknown option $1" >&2; usage ;;
  esac
done
case "$port" in ''|*[!0-9]*) echo "redis.sh: --port must be a number, got '$port'" >&2; exit 64 ;; esac
dir="${dir:-${TMPDIR:-/tmp}/atelier-redis-$port}"
pidfile="$dir/redis.pid"
logfile="$dir/redis.log"

ping() { redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; }
running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid; pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  command -v redis-server >/dev/null || { echo "redis.sh: redis-server not installed (apt-get install -y redis-server)" >&2; exit 69; }
  if pid=$(running_pid); then echo "redis: already running on 127.0.0.1:$port (pid $pid)"; return; fi
  if ping; then echo "redis.sh: port $port answers PING but is not ours (no pid in $pidfile)" >&2; exit 1; fi
  mkdir -p "$dir"
  local persistence=(--save "" --appendonly no)
  [ "$persist" -eq 1 ] && persistence=(--save "" --appendonly yes --appendfsync everysec)
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" \
    --daemonize yes --pidfile "$pidfile" --logfile "$logfile" \
    --maxmemory-policy noeviction "${persistence[@]}"
  for _ in $(seq 1 100); do
    if ping; then echo "redis: started on 127.0.0.1:$port (pid $(cat "$pidfile"), dir $dir)"; return; fi
    sleep 0.05
  done
  echo "redis.sh: redis-server did not answer PING on port $port; log: $logfile" >&2
  tail -n 20 "$logfile" >&2 2>/dev/null || true
  exit 1
}

stop() {
  local pid
  if ! pid=$(running_pid); then echo "redis: not running on port $port"; rm -f "$pidfile"; return; fi
  kill "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "redis: stopped (pid $pid)"; return; }
    sleep 0.05
  done
  echo "redis.sh: pid $pid did not stop within 5 s" >&2
  exit 1
}

status() {
  local pid
  if pid=$(running_pid) && ping; then echo "redis: running on 127.0.0.1:$port (pid $pid)"; return; fi
  echo "redis: not running on port $port"
  exit 3
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
