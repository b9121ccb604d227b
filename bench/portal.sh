#!/usr/bin/env bash
# Portal benchmarks (issue 8 item 8): search over N published disclosures and portal throughput,
# on SQLite and PostgreSQL, each beside a baseline measured in the same run.
#  1. Seeds a fresh `zhifa init --demo` store with N disclosures (bench/portal_seed.py), on
#     SQLite and on a throwaway PostgreSQL cluster (initdb into the work directory).
#  2. Search latency: the queries of bench/portal_latency.py over HTTP against `zhifa serve`,
#     beside the same statements in `sqlite3` / `psql` (p50/p95/p99).
#  3. Throughput: wrk (bounded, DURATION s, 30 s timeout) against the list API (page 1, two
#     searches; 4 connections) and the portal page (/portal/; 32 connections), beside nginx
#     serving the same page's bytes.
# Heavy work runs under `nice -n 10`; everything is on loopback; the EXIT trap stops zhifa, nginx
# and PostgreSQL and removes the work directory.
# Usage: bench/portal.sh [N=1000000] [RUNS=200] [BUDGET_S=20] [DURATION_S=10]
# Env: ZHIFA_BIN (default build/zhifa); STORES ("sqlite postgres"); PORTAL_CACHE=DIR keeps the
# seeded stores in DIR (not removed) and reuses them on the next run with the same N, since
# seeding a million rows takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}; runs=${2:-200}; budget=${3:-20}; dur=${4:-10}
stores=${STORES:-sqlite postgres}
bin=$(realpath "${ZHIFA_BIN:-build/zhifa}")
for t in wrk nginx sqlite3 psql python3; do command -v $t >/dev/null || { echo "needs $t (scripts/setup)"; exit 1; }; done
work=$(mktemp -d /tmp/zhifa-portal-bench.XXXXXX)
chmod 711 "$work"
store=${PORTAL_CACHE:-$work/store}
mkdir -p "$store"
pgbin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
zpid=
cleanup() {
  [ -n "$zpid" ] && kill "$zpid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -d "$store/pg/data" ] && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$store/pg/data" -m fast stop >/dev/null 2>&1 || true
  sleep 0.3; rm -rf "$work"
}
trap cleanup EXIT

echo "# zhifa portal benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git log -1 --format=%h 2>/dev/null || echo '?')$(git diff --quiet -- src 2>/dev/null || echo ' + uncommitted changes in src/')"
echo "# machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem:/{print $2}') GiB RAM; load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/SQLite /'); $("$pgbin/postgres" --version)"
echo "# $n disclosures; latency: $runs runs or $budget s per query and side; wrk -d${dur}s"

start_pg() {
  local port=$1
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$store/pg/data" -l "$store/pg/server.log" -w \
    -o "-p $port -k $store/pg -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=64MB -c max_connections=200" start >/dev/null \
    || { cat "$store/pg/server.log"; exit 1; }
}

serve() {  # store db-url
  zport=$(free_port)
  nice -n 10 "$bin" serve --db "$2" --data "$store/data-$1" --listen "127.0.0.1:$zport" --web web/dist >"$work/zhifa.log" 2>&1 &
  zpid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$zport/api/v1/healthz" >/dev/null && return; sleep 0.1; done
  cat "$work/zhifa.log"; exit 1
}
stop_serve() { kill "$zpid" 2>/dev/null || true; wait "$zpid" 2>/dev/null || true; zpid=; }

wrk_row() {  # store target url connections
  local out rps p99
  out=$(nice -n 10 wrk -t2 -c"$4" -d"${dur}s" --timeout 30s --latency "$3")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$2" "$1" "$4" "$(python3 -c "print(f'{float(\"$rps\"):,.1f}')")" "$p99"
}

lat_rows=(); wrk_rows=()
for s in $stores; do
  if [ "$s" = sqlite ]; then
    db="sqlite:$store/z.db"; shell_db="$store/z.db"
    if [ "$(cat "$store/sqlite.seeded" 2>/dev/null)" != "$n" ]; then
      rm -f "$store"/z.db*
      "$bin" init --db "$db" --data "$store/data-$s" --demo >/dev/null
      nice -n 10 python3 bench/portal_seed.py --sqlite "$store/z.db" --n "$n"
      echo "$n" >"$store/sqlite.seeded"
    fi
  else
    pport=$(free_port)
    db="postgresql://postgres@127.0.0.1:$pport/postgres"; shell_db=$db
    if [ "$(cat "$store/pg.seeded" 2>/dev/null)" != "$n" ]; then
      rm -rf "$store/pg"; mkdir -p "$store/pg"
      [ "$(id -u)" -eq 0 ] && chown postgres "$store/pg"
      "${as_pg[@]}" "$pgbin/initdb" -D "$store/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
        || { cat "$work/initdb.log"; exit 1; }
      start_pg "$pport"
      "$bin" init --db "$db" --data "$store/data-$s" --demo >/dev/null
      nice -n 10 python3 bench/portal_seed.py --pg "$db" --n "$n" --workdir "$work"
      echo "$n" >"$store/pg.seeded"
    else
      start_pg "$pport"
    fi
  fi
  serve "$s" "$db"
  echo "# $s: search latency"
  while IFS= read -r row; do echo "$row"; lat_rows+=("$row"); done \
    < <(nice -n 10 python3 bench/portal_latency.py "$s" "$shell_db" "http://127.0.0.1:$zport" "$runs" "$budget")
  echo "# $s: throughput"
  # Fast targets first: requests wrk abandons at the end of a slow target keep the server busy.
  for t in "portal-page /portal/" "list-search-rare /api/v1/portal/disclosures?q=%E9%B9%B3%E9%9B%80%E6%A5%BC%E7%90%A5%E7%8F%80" \
           "list-page-1 /api/v1/portal/disclosures" "list-search-2-chars /api/v1/portal/disclosures?q=%E7%BA%BA%E7%BB%87"; do
    set -- $t
    # The list API with a few connections: a search that takes a second would only queue
    # behind 32; the page (static bytes) with 32 like bench/http.sh.
    c=4; [ "$1" = portal-page ] && c=32
    row=$(wrk_row "$s" "zhifa $1" "http://127.0.0.1:$zport$2" $c); echo "$row"; wrk_rows+=("$row")
  done
  [ -f "$work/portal.html" ] || curl -sf "http://127.0.0.1:$zport/portal/" >"$work/portal.html"
  stop_serve
  [ "$s" = postgres ] && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$store/pg/data" -m fast stop >/dev/null
done

# nginx serves the portal page's bytes, like for like (2 workers, access log off).
nport=$(free_port)
mkdir -p "$work/www/portal"; cp "$work/portal.html" "$work/www/portal/index.html"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$nport; root $work/www; location / { default_type text/html; } } }
CONF
nginx -c "$work/nginx.conf" -p "$work"; sleep 0.3
row=$(wrk_row "-" "nginx portal-page" "http://127.0.0.1:$nport/portal/" 32); wrk_rows+=("$row")

echo
echo "## Search latency (ms): HTTP beside the same statements in the store's shell"
echo
echo "| query | store | total rows | HTTP runs | HTTP p50 | HTTP p95 | HTTP p99 | shell runs | shell p50 | shell p95 | HTTP p95 / shell p95 |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${lat_rows[@]}"
echo
echo "## Throughput (wrk -t2 -d${dur}s --timeout 30s, loopback)"
echo
echo "| target | store | connections | requests/s | p99 latency |"
echo "|---|---|---|---|---|"
printf '%s\n' "${wrk_rows[@]}"
