#!/usr/bin/env bash
# Draw benchmarks (issue 5, item 9), bounded to about fifteen minutes: a stratified 3% draw with
# Chengde's rules over a registry of N objects (default ten million):
#  1. the engine alone (draw::draw over a pool in memory), with teams, the certificate, the root;
#  2. end to end from SQLite (a file under /tmp) and PostgreSQL 15 (a throwaway cluster) holding the
#     registry's own tables: read the pool as the server's commit does, run the engine, beside the
#     SQL a typical system runs on the same tables in the same store in the same run (the
#     candidates gathered once, then per stratum `ORDER BY random() LIMIT k`).
# Prints Markdown tables. Usage: bench/draw.sh   (env: BUILD_DIR, default build-bench/;
# ENGINE_N=10000000 SQLITE_N=10000000 PG_N=10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${BUILD_DIR:-$root/build-bench}
engine_n=${ENGINE_N:-10000000}
sqlite_n=${SQLITE_N:-10000000}
pg_n=${PG_N:-10000000}
jobs=${JOBS:-2}

gen=(); command -v ninja >/dev/null && gen=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZHIFA_BENCH=ON -DZHIFA_UNIT_ONLY=ON >/dev/null
fi
cmake --build "$build" -j "$jobs" --target zhifa_draw_bench >/dev/null
bench=$build/zhifa_draw_bench

work=$(mktemp -d /tmp/zhifa-draw-bench.XXXXXX)
chmod 711 "$work"
pgbin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdir=$work/pg
mkdir -p "$pgdir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$pgdir"; as_pg=(runuser -u postgres --); fi
cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 \
  || { cat "$pgdir/initdb.log"; exit 1; }
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=64MB" start >/dev/null \
  || { cat "$pgdir/server.log"; exit 1; }
pg="postgresql://postgres@127.0.0.1:$port/postgres"

echo "# zhifa draw benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git log -1 --format=%h 2>/dev/null || echo '?')"
echo "# machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/{print $2}') GiB RAM; load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $("$pgbin/postgres" --version)"
echo
echo "## The engine alone ($engine_n objects in memory, seconds)"
echo
echo "| step | objects | placed by rules | removed by rules | drawn | seconds |"
echo "|---|---|---|---|---|---|"
"$bench" engine "$engine_n" | tee "$work/engine.txt" | grep '^| '
echo
grep '^# ' "$work/engine.txt"
echo
echo "## End to end from the store, beside \`ORDER BY random() LIMIT k\` per stratum (seconds)"
echo
echo "| store | objects | read pool | engine | zhifa draw | pool root (at commit) | SQL baseline | baseline / zhifa draw | baseline / (draw + root) | selected zhifa / baseline |"
echo "|---|---|---|---|---|---|---|---|---|---|"
"$bench" store "sqlite:$work/sqlite" "$sqlite_n" | tee "$work/store.txt" | grep '^| '
"$bench" store "$pg" "$pg_n" | tee -a "$work/store.txt" | grep '^| '
echo
grep '^# ' "$work/store.txt"
