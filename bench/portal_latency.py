#!/usr/bin/env python3
"""Portal search latency over HTTP beside the same SQL in the store's own shell (bench/portal.sh).

For each query of QUERIES: GET /api/v1/portal/disclosures over one keep-alive connection, then
the statements src/publicity/portal.cpp runs for that request — the count, the page's ids, the
page's rows and their current versions — in `sqlite3` (values bound with .parameter, timed with
.timer on) or `psql` (literal values: the server's libpq PQexecParams statements are planned per
execution, as literals are; timed with \\timing on). One shell iteration is the sum of its
statements. Each side runs RUNS times or until BUDGET seconds have passed (at least MIN_RUNS),
after 3 warm-up runs. Prints one Markdown row per query.

The SQL below mirrors portal.cpp; change both together.

Usage: portal_latency.py sqlite|postgres DB BASE_URL RUNS BUDGET_SECONDS
"""
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse

RARE = "鹳雀楼琥珀"
QUERIES = [
    ("rare company name", {"q": RARE}),
    ("common word, 3 chars (统计法)", {"q": "统计法"}),
    ("common word, 2 chars (统计)", {"q": "统计"}),
    ("2 chars, 3% of rows (纺织)", {"q": "纺织"}),
    ("q + kind + year + division", {"q": "统计资料", "kind": "penalty_decision", "year": "2023", "division": "330100"}),
    ("no query, page 1", {}),
    ("no query, page 500 (the last)", {"page": "500"}),
    ("2 chars, rare (琥珀)", {"q": "琥珀"}),
]
MIN_RUNS = 10

ROW_SELECT = (
    "SELECT d.id, d.bureau_id, d.created_by, d.year, b.path, b.name, b.division_code, d.kind, d.source_kind, d.source_id, "
    "d.event_date, d.state, d.created_at, d.due_on, d.withheld_reason, d.withheld_at, d.first_published_on, d.takedown_due_on, "
    "d.withdrawn_on, d.withheld_by, d.working_version_id, d.current_version_id, d.withdrawn_by, d.persons, d.extra_masks, "
    "d.revocation, d.search_text FROM disclosures d JOIN bureaus b ON b.id = d.bureau_id ")


def like_escape(s):
    return "".join("\\" + ch if ch in "%_\\" else ch for ch in s)


CAP = 10000  # PortalFilter::total_cap


def shell_query(store, db, sql):
    cmd = ["sqlite3", db, sql] if store == "sqlite" else ["psql", "-qAtX", db, "-c", sql]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()


def statements(store, db, f):
    """[(sql, args)] of portal_list for filter f: the bureau ids of the region, the trigram probe
    (SQLite, 3+ characters), the capped count and the page's ids (the rows and their versions by
    id follow, see rows_by_id). The probe's answer is taken here first, as the server takes it."""
    w = "WHERE d.current_version_id IS NOT NULL AND d.withdrawn_on IS NULL"
    stmts, args = [], []
    if f.get("year"):
        w += " AND d.year = ?"
        args.append(int(f["year"]))
    if f.get("kind"):
        w += " AND d.kind = ?"
        args.append(f["kind"])
    if f.get("division"):
        d = f["division"]
        while len(d) >= 2 and len(d) % 2 == 0 and d.endswith("00"):
            d = d[:-2]
        sql = "SELECT id FROM bureaus WHERE division_code LIKE ?"
        stmts.append((sql, [d + "%"]))
        ids = sorted(int(x) for x in shell_query(store, db, sql.replace("?", lit(d + "%"))))
        w += " AND d.bureau_id IN (" + ",".join("?" * len(ids)) + ")"
        args += ids
    frm = "FROM disclosures d "
    q = f.get("q", "").strip()
    fts = None  # SQLite: the text index that holds more rows than the cap
    if q:
        by_text_index = store == "postgres"
        bigram = len(q) == 2 and all(("0" <= ch <= "9") or ("a" <= ch.lower() <= "z") or
                                     ("\u4e00" <= ch <= "\u9fff") or ("\u3400" <= ch <= "\u4dbf") for ch in q)
        lowered = "".join(ch.lower() if "A" <= ch <= "Z" else ch for ch in q)
        if store == "sqlite" and (len(q) >= 3 or bigram):
            table = "disclosures_fts" if len(q) >= 3 else "disclosures_bigram"
            phrase = '"' + (q if len(q) >= 3 else lowered).replace('"', '""') + '"'
            probe = "SELECT COUNT(*) FROM (SELECT rowid FROM %s WHERE %s MATCH ? LIMIT ?) s" % (table, table)
            stmts.append((probe, [phrase, CAP + 1]))
            if int(shell_query(store, db, probe.replace("?", lit(phrase), 1).replace("?", str(CAP + 1)))[0]) <= CAP:
                by_text_index = True
                w += " AND d.id IN (SELECT rowid FROM %s WHERE %s MATCH ?)" % (table, table)
                args.append(phrase)
            else:
                fts = (table, phrase)
        elif store == "postgres" and bigram:
            w += " AND string_to_array(d.search_grams, ' ') @> ARRAY[CAST(? AS TEXT)]"
            args.append(lowered)
        if store == "postgres" or not by_text_index or bigram:
            latin = any(("a" <= ch <= "z") or ("A" <= ch <= "Z") for ch in q)
            w += (" AND d.search_text ILIKE ? ESCAPE '\\'" if store == "postgres" and latin else " AND d.search_text LIKE ? ESCAPE '\\'")
            args.append("%" + like_escape(q) + "%")
        if store == "sqlite":
            frm += "NOT INDEXED " if by_text_index else "INDEXED BY disclosures_portal_order "
    elif store == "sqlite":
        frm += "INDEXED BY disclosures_portal_order "
    size, page = 20, int(f.get("page", 1))
    if q and not (f.get("year") or f.get("kind") or f.get("division")):
        # One pass gives the matches; at most CAP of them and it gives the page too.
        if fts:
            scan = ("SELECT d.first_published_on, d.id FROM %s f CROSS JOIN disclosures d ON d.id = f.rowid WHERE f.%s MATCH ? AND "
                    % (fts[0], fts[0])) + w[6:] + " LIMIT ?"
            scan_args = [fts[1]] + args + [CAP + 1]
        else:
            scan = "SELECT d.first_published_on, d.id FROM disclosures d " + ("NOT INDEXED " if store == "sqlite" else "") + w + " LIMIT ?"
            scan_args = args + [CAP + 1]
        stmts.append((scan, scan_args))
        matched = len(shell_query(store, db, pg_script([(scan, scan_args)]).rstrip().rstrip(";")))
        if matched <= CAP:
            return stmts
        total = CAP
    else:
        count_sql = "SELECT COUNT(*) FROM (SELECT 1 " + frm + w + " LIMIT ?) s"
        stmts.append((count_sql, args + [CAP + 1]))
        total = min(CAP, int(shell_query(store, db, pg_script([(count_sql, args + [CAP + 1])]).rstrip().rstrip(";"))[0]))
    if total > (page - 1) * size:
        stmts.append(("SELECT d.id " + frm + w + " ORDER BY d.first_published_on DESC, d.id DESC LIMIT ? OFFSET ?",
                      args + [min(size, total - (page - 1) * size), (page - 1) * size]))
    return stmts


def rows_by_id(ids, version_ids):
    marks = ",".join("?" * len(ids))
    return [(ROW_SELECT + "WHERE d.id IN (" + marks + ") AND d.current_version_id IS NOT NULL AND d.withdrawn_on IS NULL", ids),
            ("SELECT id, version, state, published_at, correction_reason, masked FROM disclosure_versions WHERE id IN (" + marks + ")",
             version_ids)]


def version_ids(store, db, ids):
    sql = "SELECT id, current_version_id FROM disclosures WHERE id IN (%s)" % ",".join(map(str, ids))
    cmd = ["sqlite3", db, sql] if store == "sqlite" else ["psql", "-qAtX", db, "-c", sql]
    got = dict(tuple(map(int, l.split("|"))) for l in subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split())
    return [got[i] for i in ids]


def lit(v):
    return str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'"


def sqlite_script(stmts):
    out = []
    for sql, args in stmts:
        k = 0

        def num(_):
            nonlocal k
            k += 1
            return "?%d" % k
        out.append(".parameter clear")
        for i, a in enumerate(args, 1):
            out.append(".parameter set ?%d %s" % (i, lit(a)))
        out.append(re.sub(r"\?", num, sql) + ";")
    return "\n".join(out) + "\n"


def pg_script(stmts):
    out = []
    for sql, args in stmts:
        it = iter(args)
        out.append(re.sub(r"\?", lambda _: lit(next(it)), sql) + ";")
    return "\n".join(out) + "\n"


def shell_times(store, db, stmts, runs, budget):
    """Seconds per iteration of stmts in the store's shell, one shell process for all of them."""
    per_iter = len(stmts)
    body = (sqlite_script if store == "sqlite" else pg_script)(stmts)
    times, t0, total = [], time.time(), 0
    batch = 10
    while True:
        n = batch + (3 if not times else 0)
        if store == "sqlite":
            script = ".timer on\n.output /dev/null\n" + body * n
            out = subprocess.run(["sqlite3", db], input=script, capture_output=True, text=True, check=True).stdout
            vals = [float(x) for x in re.findall(r"Run Time: real ([0-9.]+)", out)]
        else:
            script = "\\timing on\n\\o /dev/null\n" + body * n
            out = subprocess.run(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", db], input=script, capture_output=True, text=True,
                                 check=True).stdout
            vals = [float(x) / 1000 for x in re.findall(r"Time: ([0-9.]+) ms", out)]
        if len(vals) != n * per_iter:
            raise SystemExit(f"shell gave {len(vals)} timings for {n}x{per_iter} statements:\n{out[:2000]}")
        its = [sum(vals[i * per_iter:(i + 1) * per_iter]) for i in range(n)]
        times += its[3:] if not times and n > batch else its
        total += n
        if len(times) >= runs or (time.time() - t0 > budget and len(times) >= MIN_RUNS):
            return times[:runs]


def http_times(base, params, runs, budget):
    u = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    path = "/api/v1/portal/disclosures" + ("?" + urllib.parse.urlencode(params) if params else "")
    times, body, t0 = [], None, time.time()
    for i in range(runs + 3):
        s = time.perf_counter()
        conn.request("GET", path)
        r = conn.getresponse()
        data = r.read()
        e = time.perf_counter() - s
        if r.status != 200:
            raise SystemExit(f"{path}: HTTP {r.status} {data[:300]!r}")
        body = data
        if i >= 3:
            times.append(e)
        if len(times) >= MIN_RUNS and time.time() - t0 > budget:
            break
    conn.close()
    return times, json.loads(body)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(p / 100 * len(xs) + 0.5)) - 1))]


def main():
    store, db, base, runs, budget = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[store]
    # PORTAL_QUERIES=0,4,5: only those of QUERIES (by index), for a short run.
    only = os.environ.get("PORTAL_QUERIES")
    chosen = [QUERIES[int(i)] for i in only.split(",")] if only else QUERIES
    for name, params in chosen:
        ht, page = http_times(base, params, runs, budget)
        ids = [it["id"] for it in page["items"]]
        stmts = statements(store, db, params) + (rows_by_id(ids, version_ids(store, db, ids)) if ids else [])
        st = shell_times(store, db, stmts, runs, budget)
        h = {p: pct(ht, p) * 1000 for p in (50, 95, 99)}
        s = {p: pct(st, p) * 1000 for p in (50, 95, 99)}
        print(f"| {name} | {label} | {page['total']:,} | {len(ht)} | {h[50]:.1f} | {h[95]:.1f} | {h[99]:.1f} | "
              f"{len(st)} | {s[50]:.1f} | {s[95]:.1f} | {h[95] / s[95]:.2f} |", flush=True)


if __name__ == "__main__":
    main()
