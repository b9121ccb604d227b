#!/usr/bin/env bash
# Object import benchmark (issue 4 item 5, INF-2): `zhifa import objects` of N rows (default
# 100,000) into a fresh demo store on SQLite, all in one transaction with one ledger entry per
# object. The file is generated here with valid GB 32100 check characters (and GB 11714 ones in
# the organisation-code part), real Zhejiang county codes and GB/T 4754 industries, every
# optional column filled.
# Usage: bench/import.sh [N]   (env: ZHIFA_BIN, default build/zhifa)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
bin=${ZHIFA_BIN:-$PWD/build/zhifa}
work=$(mktemp -d /tmp/zhifa-import-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

python3 - "$n" "$work/objects.csv" <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
CS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W = [pow(3, i, 31) for i in range(17)]
def org_check(s):
    r = 11 - sum(int(c) * w for c, w in zip(s, [3, 7, 9, 10, 5, 8, 4, 2])) % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)
def credit(div, k):
    org = "%08d" % (10000000 + k)
    first = "91" + div + org + org_check(org)
    c = 31 - sum(CS.index(ch) * w for ch, w in zip(first, W)) % 31
    return first + CS[0 if c == 31 else c]
divs = ["330102", "330105", "330106", "330108", "330109", "330110", "330203", "330212", "330302", "330381",
        "330402", "330502", "330602", "330702", "330782", "330802", "330902", "331002", "331102"]
inds = [("C13", "规上工业"), ("C17", "规上工业"), ("C3411", "规上工业"), ("C39", "规上工业"), ("F51", "限上批零住餐"),
        ("H62", "限上批零住餐"), ("I65", "规上服务业"), ("L72", "规上服务业"), ("E47", "资质内建筑业"), ("K70", "房地产开发")]
credits = ["守信", "", "信用异常", "一般失信", ""]
risks = ["低", "中", "高"]
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("\ufeff统一社会信用代码,单位名称,行政区划代码,行业代码,单位详细地址,单位类别,是否一套表,重点单位,信用状态,风险等级,联系人,联系电话\r\n")
    for k in range(n):
        d = divs[k % len(divs)]
        ind, cat = inds[k % len(inds)]
        f.write(f"{credit(d, k)},浙江测试第{k}号有限公司,{d},{ind},浙江省某市某路{k % 999 + 1}号,{cat},"
                f"{'是' if k % 3 else '否'},{'是' if k % 17 == 0 else '否'},{credits[k % 5]},{risks[k % 3]},联系人{k % 100},0571-{80000000 + k}\r\n")
PY

# Baseline in the same run: the sqlite3 shell loading the same file into a plain table of the
# same twelve text columns (no validation, no ledger, no indexes), one transaction.
sqlite3 "$work/plain.db" "CREATE TABLE t (a,b,c,d,e,f,g,h,i,j,k,l)"
start=$(date +%s.%N)
sqlite3 "$work/plain.db" ".import --csv --skip 1 $work/objects.csv t"
end=$(date +%s.%N)
base_s=$(python3 -c "print(round($end - $start, 2))")
echo "baseline (sqlite3 .import, plain table): $base_s s, $(sqlite3 "$work/plain.db" 'SELECT COUNT(*) FROM t') rows"

db="sqlite:$work/bench.db"
"$bin" init --db "$db" --demo >/dev/null
echo "file: $n rows, $(du -h "$work/objects.csv" | cut -f1)"
start=$(date +%s.%N)
"$bin" import objects "$work/objects.csv" --db "$db" --bureau 330000 >/dev/null 2>"$work/err"
end=$(date +%s.%N)
import_s=$(python3 -c "print(round($end - $start, 2))")
echo "import: $import_s s (target: under 30 s; $(python3 -c "print(round($import_s / max($base_s, 0.01), 1))") x the plain load)"
echo "rows in store: $(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM survey_objects')"
echo "ledger entries: $(sqlite3 "$work/bench.db" "SELECT COUNT(*) FROM ledger_entries WHERE action = 'survey_object.create'")"
start=$(date +%s.%N)
"$bin" ledger verify --db "$db" >/dev/null
end=$(date +%s.%N)
echo "ledger verify afterwards: $(python3 -c "print(round($end - $start, 2))") s"
