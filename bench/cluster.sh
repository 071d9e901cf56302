#!/usr/bin/env bash
# The cluster benchmark: starts one PostgreSQL and one Redis on free loopback ports in a temp dir,
# builds the driver in Release (build/bench-release, reused when present) and runs it: one chat load
# on one SQLite node and on 1, 2 and 3 cluster nodes, a rush for humans on 3 nodes, failover by
# kill -9. Writes the section "cluster" of docs/benchmarks.md. Bounded: the driver gets 8 minutes.
# Usage: bench/cluster.sh [--customers 200] [--agents 24] [--rate 5] [--seconds 10]
#                         [--rush-customers 2000] [--rush-agents 50] [--repeats 3] [--lease-ms 1000]
#                         [--only chat|rush|failover]   (a part only: docs stay as they are)
# BENCH_KEEP_LOGS=DIR keeps the nodes' logs (DIR/<cluster>/node<i>.log) and PostgreSQL's and Redis'.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/bench-release"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" --target duet-bench-cluster -- -j2

pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
[ -x "$pgbin/pg_ctl" ] || { echo "PostgreSQL's server is not installed (run scripts/setup.sh)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server is not installed (run scripts/setup.sh)" >&2; exit 1; }

tmp="$(mktemp -d /tmp/duet-bench-cluster-XXXXXX)"
as_owner=()
if [ "$(id -u)" = 0 ]; then  # initdb and postgres refuse to run as root
  chown nobody:nogroup "$tmp"
  as_owner=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

redis_pid="" driver_group=""
cleanup() {
  # The driver runs in its own process group: nodes it started go with it if it was cut short.
  if [ -n "$driver_group" ]; then kill -KILL -- -"$driver_group" 2>/dev/null || true; fi
  "${as_owner[@]}" "$pgbin/pg_ctl" -D "$tmp/pg" -m immediate -w stop >/dev/null 2>&1 || true
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; fi
  if [ -n "${BENCH_KEEP_LOGS:-}" ]; then
    mkdir -p "$BENCH_KEEP_LOGS"
    cp "$tmp"/pg.log "$tmp"/redis.log "$BENCH_KEEP_LOGS"/ 2>/dev/null || true
    (cd "$tmp/work" 2>/dev/null && find . -name 'node*.log' -exec cp --parents {} "$BENCH_KEEP_LOGS"/ \;) || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

pg_port="$(free_port)"
"${as_owner[@]}" "$pgbin/initdb" -D "$tmp/pg" -U duet -A trust -E UTF8 --no-sync >"$tmp/initdb.log" 2>&1 ||
  { cat "$tmp/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$pgbin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w -t 60 \
  -o "-p $pg_port -k '$tmp' -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null ||
  { cat "$tmp/pg.log" >&2; exit 1; }
pg_pid="$(head -1 "$tmp/pg/postmaster.pid")"

redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$tmp" \
  --logfile "$tmp/redis.log" &
redis_pid=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break
  sleep 0.05
done

mkdir -p "$tmp/work"
args=(--pg "host=127.0.0.1 port=$pg_port user=duet connect_timeout=10" --pg-pid "$pg_pid"
      --redis "127.0.0.1:$redis_port" --redis-pid "$redis_pid" --work "$tmp/work"
      --commit "$(git -C "$root" rev-parse --short HEAD)" --date "$(date -u '+%Y-%m-%d %H:%M UTC')"
      --pg-version "$("$pgbin/postgres" --version | sed 's/^postgres (PostgreSQL) /PostgreSQL /')"
      --redis-version "Redis $(redis-server --version | sed 's/.* v=\([^ ]*\).*/\1/')")
setsid timeout 480 "$build/bench/cluster/duet-bench-cluster" "${args[@]}" "$@" >"$tmp/section.md" &
driver_group=$!
status=0
wait "$driver_group" || status=$?
[ "$status" = 0 ] || { echo "bench/cluster.sh: the driver failed ($status)" >&2; exit "$status"; }
case " $* " in
  *" --only "*) cat "$tmp/section.md" ;;
  *) python3 "$root/bench/write_section.py" cluster <"$tmp/section.md" ;;
esac
