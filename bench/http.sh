#!/usr/bin/env bash
# HTTP throughput of zhifa beside nginx on the same machine in the same run (issue 2, item 11).
# Starts zhifa on a fresh demo SQLite store and nginx serving static files of the same sizes as
# zhifa's answers, runs wrk against each on loopback (bounded: DURATION seconds per target), and
# prints a Markdown table with requests/s, p99 latency and the zhifa/nginx ratio. zhifa writes an
# access-log line per request (buffered, flushed every second); nginx is run twice: with its
# access log off, and like for like with a buffered access log flushed every second.
# Usage: bench/http.sh [DURATION_SECONDS=10] [CONNECTIONS=32]
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-10}
conns=${2:-32}
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (scripts/setup)"; exit 1; }
bin=${ZHIFA_BIN:-build/zhifa}
work=$(mktemp -d /tmp/zhifa-bench.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
zport=$(free_port); nport=$(free_port); lport=$(free_port)
cleanup() {
  [ -n "${zpid:-}" ] && kill "$zpid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  sleep 0.3; rm -rf "$work"
}
trap cleanup EXIT

"$bin" init --db "sqlite:$work/z.db" --demo >/dev/null
"$bin" serve --db "sqlite:$work/z.db" --listen "127.0.0.1:$zport" --web web/dist >"$work/zhifa.log" 2>&1 &
zpid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$zport/api/v1/healthz" >/dev/null && break; sleep 0.1; done

# An API client session (Bearer): change the demo password once, log in again.
login() { curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"zj_insp1\",\"password\":\"$1\"}" "http://127.0.0.1:$zport/api/v1/auth/login"; }
tok=$(login 'Zhifa@2026' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -sf -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
  -d '{"old_password":"Zhifa@2026","new_password":"Bench#2026x"}' "http://127.0.0.1:$zport/api/v1/auth/password" >/dev/null
tok=$(login 'Bench#2026x' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
read_path="/api/v1/bureaus/1"

# nginx serves files of exactly the sizes zhifa answers with.
mkdir -p "$work/www"
curl -sf "http://127.0.0.1:$zport/api/v1/healthz" >"$work/www/healthz.json"
curl -sf -H "Authorization: Bearer $tok" "http://127.0.0.1:$zport$read_path" >"$work/www/read.json"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nport;
    root $work/www;
    location / { default_type application/json; }
  }
  server {
    listen 127.0.0.1:$lport;
    root $work/www;
    access_log $work/nginx-access.log combined buffer=64k flush=1s;
    location / { default_type application/json; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.3

run() {  # name url [header]
  local out
  if [ -n "${3:-}" ]; then out=$(wrk -t2 -c"$conns" -d"${dur}s" --latency -H "$3" "$2"); else out=$(wrk -t2 -c"$conns" -d"${dur}s" --latency "$2"); fi
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$1 $rps $p99"
}
r1=$(run zhifa-healthz "http://127.0.0.1:$zport/api/v1/healthz")
r2=$(run nginx-healthz "http://127.0.0.1:$nport/healthz.json")
r3=$(run zhifa-read "http://127.0.0.1:$zport$read_path" "Authorization: Bearer $tok")
r4=$(run nginx-read "http://127.0.0.1:$nport/read.json")
r5=$(run nginx-logged-healthz "http://127.0.0.1:$lport/healthz.json")
r6=$(run nginx-logged-read "http://127.0.0.1:$lport/read.json")

python3 - "$r1" "$r2" "$r3" "$r4" "$r5" "$r6" "$dur" "$conns" <<'PY'
import sys
rows = [a.split() for a in sys.argv[1:7]]; dur, conns = sys.argv[7], sys.argv[8]
print(f"wrk -t2 -c{conns} -d{dur}s, loopback, zhifa on SQLite (demo store), nginx 2 workers\n")
print("| target | requests/s | p99 latency |")
print("|---|---|---|")
for name, rps, p99 in rows: print(f"| {name} | {float(rps):,.0f} | {p99} |")
print()
for a, b, label in ((rows[0], rows[1], "healthz"), (rows[2], rows[3], "authenticated read")):
    print(f"- {label}: zhifa / nginx (no log) = {float(a[1]) / float(b[1]):.2f}")
for a, b, label in ((rows[0], rows[4], "healthz"), (rows[2], rows[5], "authenticated read")):
    print(f"- {label}: zhifa / nginx (access log, buffered like zhifa's) = {float(a[1]) / float(b[1]):.2f}")
PY
