#!/usr/bin/env bash
# Ledger benchmarks (issue 3, item 8), end to end, bounded to about ten minutes:
#  1. durable appends/s through ledger::record on SQLite (a file under /tmp: WAL, synchronous=FULL
#     as the driver sets) and PostgreSQL 15 (a throwaway cluster, fsync and synchronous_commit ON,
#     the defaults), in transactions of B = 1, 100, 1000 entries of a ~200-byte change, beside
#     plain INSERTs of the same rows into a table of the same shape (no tree, no MAX(seq)), same B;
#  2. `ledger verify` over 1,000,000 entries (SQLite, SM3 and SHA-256) beside the raw hash speed:
#     `openssl speed -evp sm3|sha256 -seconds 3` and the same digests of the same bytes in process.
# Prints Markdown tables. Usage: bench/ledger.sh   (env: BUILD_DIR, default build-bench/;
# SQLITE_N=100000 PG_N=30000 MAX_SECONDS=20 VERIFY_N=1000000 VERIFY_HASHES="sm3 sha256")
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${BUILD_DIR:-$root/build-bench}
sqlite_n=${SQLITE_N:-100000}
pg_n=${PG_N:-30000}
max_s=${MAX_SECONDS:-20}
verify_n=${VERIFY_N:-1000000}
verify_hashes=${VERIFY_HASHES:-sm3 sha256}
jobs=${JOBS:-2}

gen=(); command -v ninja >/dev/null && gen=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZHIFA_BENCH=ON -DZHIFA_UNIT_ONLY=ON >/dev/null
fi
cmake --build "$build" -j "$jobs" --target zhifa_ledger_bench >/dev/null
bench=$build/zhifa_ledger_bench

work=$(mktemp -d /tmp/zhifa-ledger-bench.XXXXXX)
chmod 711 "$work"  # the postgres user must reach its cluster directory inside
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
# Durable: fsync and synchronous_commit stay at their default, ON.
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1" start >/dev/null || { cat "$pgdir/server.log"; exit 1; }
pg="postgresql://postgres@127.0.0.1:$port/postgres"
pgver=$("$pgbin/postgres" --version)
psql_q() { "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc "$1" postgres; }
fsync="fsync=$(psql_q 'SHOW fsync'), synchronous_commit=$(psql_q 'SHOW synchronous_commit')"

echo "# zhifa ledger benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git log -1 --format=%h 2>/dev/null || echo '?')"
echo "# machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/{print $2}') GiB RAM; $(openssl version); $pgver ($fsync)"
echo

notes=$work/notes.txt
echo "## Durable appends (entries per second)"
echo
echo "| store | B | entries (ledger / plain) | ledger appends/s | plain inserts/s | ratio |"
echo "|---|---|---|---|---|---|"
for b in 1 100 1000; do
  "$bench" append "sqlite:$work/sqlite" "$sqlite_n" "$b" "$max_s" | tee -a "$notes" | grep '^| '
done
for b in 1 100 1000; do
  "$bench" append "$pg" "$pg_n" "$b" "$max_s" | tee -a "$notes" | grep '^| '
done
echo
grep '^# ' "$notes"
echo

# Raw hash speed (bytes/s per block size: 16 64 256 1024 8192 16384), same run.
for h in sm3 sha256; do
  openssl speed -evp "$h" -seconds 3 -mr 2>/dev/null | grep '^+F:' | tail -1 >"$work/speed-$h.txt"
done

echo "## Verify (SQLite, $verify_n entries)"
echo
echo "| run | entries | verify s | entries/s | MB/s (change + leaf bytes) | raw hash of same inputs, s | raw MB/s | verify speed / raw |"
echo "|---|---|---|---|---|---|---|---|"
: >"$work/verify.txt"
for h in $verify_hashes; do
  "$bench" verify "sqlite:$work/sqlite" "$verify_n" "$h" | tee -a "$work/verify.txt" | grep '^| '
done
echo
grep '^# ' "$work/verify.txt" | grep -v HASHSTATS
echo
echo "## Verify beside \`openssl speed -evp H -seconds 3\`"
echo
python3 - "$work" $verify_hashes <<'PY'
import sys, re, pathlib
work = pathlib.Path(sys.argv[1])
stats = [dict(kv.split('=') for kv in l.split()[2:]) for l in (work / 'verify.txt').read_text().splitlines() if l.startswith('# HASHSTATS')]
print("| hash | openssl 64-byte column | openssl 256-byte column | openssl 1024-byte column | hashing time implied by openssl, s | verify s | verify / openssl-implied |")
print("|---|---|---|---|---|---|---|")
for h, st in zip(sys.argv[2:], stats):
    f = (work / f'speed-{h}.txt').read_text().strip().split(':')
    r16, r64, r256, r1024 = (float(x) for x in f[3:7])
    # change and leaf inputs (205 and 236 bytes on average) at the 256-byte rate; node inputs
    # (65 bytes: 2 compression blocks, as a 64-byte input with its padding) at the 64-byte rate per call.
    t = float(st['change_leaf_bytes']) / r256 + int(st['node_calls']) * 64 / r64
    v = float(st['verify_secs'])
    print(f"| {h} | {r64/1e6:.1f} MB/s | {r256/1e6:.1f} MB/s | {r1024/1e6:.1f} MB/s | {t:.2f} | {v:.2f} | {t/v:.2f} |")
PY
