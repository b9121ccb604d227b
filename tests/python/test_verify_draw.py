"""Tests for docs/verify_draw.py, the independent re-implementation of docs/draw-algorithm.md.

- the worked example (docs/examples/draw/) verifies, and every kind of tampering is caught with the
  path of the first difference;
- generated pools and parameters covering every mode and option give the same certificate from the
  C++ engine (`zhifa draw run`, when ZHIFA_BIN is set) and from the script, and each side verifies
  the other's certificate;
- the pure-Python SM3 fallback agrees with OpenSSL's.
Run: python3 -m unittest discover -s tests/python -v      (ZHIFA_BIN=build/zhifa for the cross-check)
"""
import copy
import csv
import datetime
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPT = os.path.join(ROOT, "docs", "verify_draw.py")
EXAMPLE = os.path.join(ROOT, "docs", "examples", "draw")
sys.path.insert(0, os.path.join(ROOT, "docs"))
import verify_draw as vd  # noqa: E402

ZHIFA_BIN = os.environ.get("ZHIFA_BIN", "")


def run_script(*args):
    """verify_draw.main in this process (much faster than a new interpreter per case)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = vd.main(list(args))
    return rc, out.getvalue(), err.getvalue()


def text(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def load(path):
    return json.loads(text(path))


def canon(v):
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


class Sm3Fallback(unittest.TestCase):
    # R: PUB-11 (anyone can check a draw with the standard library alone)
    def test_standard_vectors(self):
        self.assertEqual(vd.sm3_pure(b"abc").hex(), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        self.assertEqual(vd.sm3_pure(b"abcd" * 16).hex(),
                         "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")

    def test_agrees_with_openssl(self):
        try:
            hashlib.new("sm3")
        except ValueError:
            self.skipTest("this OpenSSL has no SM3")
        rnd = random.Random(32905)
        for n in list(range(0, 130)) + [1000, 4097]:
            data = bytes(rnd.randrange(256) for _ in range(n))
            self.assertEqual(vd.sm3_pure(data), hashlib.new("sm3", data).digest(), n)

    def test_fallback_is_used_without_openssl_sm3(self):
        real = hashlib.new

        def no_sm3(name, *a, **k):
            if name == "sm3":
                raise ValueError("unsupported hash type sm3")
            return real(name, *a, **k)
        hashlib.new = no_sm3
        try:
            self.assertEqual(vd.sm3(b"abc").hex()[:8], "66c7f0f4")
        finally:
            hashlib.new = real


class Pieces(unittest.TestCase):
    """The building blocks against the document's own alternative descriptions."""

    def test_merkle_root_equals_level_by_level_pairing(self):  # §2: "gives the same root"
        H = vd.HASHES["sha256"]
        for n in range(1, 40):
            leaves = [H(b"\x00" + str(i).encode()) for i in range(n)]
            level = list(leaves)
            while len(level) > 1:
                level = [H(b"\x01" + level[i] + level[i + 1]) if i + 1 < len(level) else level[i]
                         for i in range(0, len(level), 2)]
            self.assertEqual(vd.merkle_root(H, leaves), level[0], n)

    def test_stream_words_and_uniform(self):  # §4
        H = vd.HASHES["sm3"]
        seed = H(b"seed")
        s = vd.Stream(H, seed)
        b0, b1 = H(seed + bytes(8)), H(seed + (1).to_bytes(8, "big"))
        words = [int.from_bytes((b0 + b1)[i:i + 8], "big") for i in range(0, 64, 8)]
        self.assertEqual([s.word() for _ in range(8)], words)
        s = vd.Stream(H, seed)
        self.assertEqual(s.uniform(1), 0)
        self.assertEqual(s.uniform(1000), words[1] % 1000)  # t = 2^64 mod 1000 = 616: word 1 is not rejected
        n = 2**63 - 1  # t = 2: practically never rejects, and the result is the word mod n
        self.assertEqual(s.uniform(n), words[2] % n)

    def test_params_hash_is_over_canonical_json(self):  # §3, bytes written out by hand
        p = {"mode": "all", "hash": "sha256", "date": "2021-03-01", "algorithm": "zhifa-draw/1",
             "context": {"b": "引号\"\\\n\x01\x7f\u2028", "a": [1, -2, None, True], "中": {}}}
        want = ('{"algorithm":"zhifa-draw/1","context":{"a":[1,-2,null,true],"b":"引号\\"\\\\\\n\\u0001\x7f\u2028",'
                '"中":{}},"date":"2021-03-01","hash":"sha256","mode":"all"}')
        rows = vd.read_pool(text(os.path.join(EXAMPLE, "pool.csv")).encode(), "pool.csv")
        cert = vd.certificate(rows, p, "1")
        self.assertEqual(cert["params_hash"], hashlib.sha256(want.encode()).hexdigest())
        self.assertEqual(cert["seed"], hashlib.sha256(b"zhifa-draw/1\x00" + bytes.fromhex(cert["pool_root"]) +
                                                      hashlib.sha256(want.encode()).digest() + b"1").hexdigest())

    def test_rules_boundaries(self):  # §5, on hand-made objects
        def obj(i, **kw):
            return dict({c: "" for c in vd.HEADER}, kind="object", id=f"O{i}", **kw)
        objects = [obj(1, key_unit="1", last_check="2023-12-31"), obj(2, key_unit="1", last_check="2024-01-01"),
                   obj(3, credit="seriously_dishonest", last_check="2023-12-31"), obj(4, last_check="2020-02-29"),
                   obj(5, last_check="2020-03-01"), obj(6, key_unit="1"), obj(7, credit="seriously_dishonest"),
                   obj(8, credit="seriously_dishonest", last_check="2024-01-01")]
        p = {"date": "2024-02-29", "rules": {"no_repeat_years": 4, "key_units_every_year": True,
                                            "seriously_dishonest_every_half_year": True}}
        forced, removed, cands = vd.classify(objects, p)
        self.assertEqual([(e["id"], e["rule"]) for e in forced], [("O1", "key_unit"), ("O3", "seriously_dishonest"),
                                                                  ("O6", "key_unit"), ("O7", "seriously_dishonest")])
        self.assertEqual([e["id"] for e in removed], ["O2", "O5", "O8"])  # checked after C = 2020-02-29
        self.assertEqual([o["id"] for o in cands], ["O4"])
        p["rules"]["no_repeat_years"] = 3  # C = 2021-02-28: everything checked since 2021-03-01 is left out
        self.assertEqual([o["id"] for o in vd.classify([obj(1, last_check="2021-02-28"), obj(2, last_check="2021-03-01")], p)[2]],
                         ["O1"])
        p["date"] = "2024-07-01"  # second half year: H0 = 2024-07-01
        self.assertEqual(len(vd.classify([obj(8, credit="seriously_dishonest", last_check="2024-06-30")], p)[0]), 1)

    def test_allocation_by_largest_remainder(self):  # §6
        self.assertEqual(vd.allocate(1, [10, 5, 1], [3000, 1500, 300], [0, 1, 2]), [1, 0, 0])
        self.assertEqual(vd.allocate(4, [1, 10], [10000, 30000], [1, 0]), [1, 3])  # the first is full
        self.assertEqual(vd.allocate(3, [5, 5, 5, 5], [1, 1, 1, 1], [3, 0, 2, 1]), [0, 1, 1, 1])  # ties by rank
        self.assertEqual(vd.allocate(9, [2, 3, 4], [0, 300, 300], [0, 1, 2]), [0, 3, 4])  # weight 0 gets nothing
        self.assertEqual(vd.allocate(5, [3, 3, 3], [1, 1, 1], [2, 1, 0]), [1, 2, 2])

    def test_malformed_pool_names_line_and_column(self):
        good = text(os.path.join(EXAMPLE, "pool.csv")).encode()
        lines = good.decode().split("\n")
        cases = [
            (b"\xef\xbb\xbf" + good, "line 1, column 1"),
            (good.replace(b"kind,id", b"kind,ID", 1), "line 1, column 2"),
            ("\n".join(lines[:5] + [lines[5].replace(",active,", ",on_leave,")] + lines[6:]).encode(),
             "line 6, column 13 (status)"),
            ("\n".join(lines[:20] + [lines[20] + ","] + lines[21:]).encode(), "line 21"),
            ("\n".join(lines[:20] + [lines[21], lines[20]] + lines[22:]).encode(), "line 22, column 2"),
            ("\n".join(lines[:30] + [lines[30].replace(",,,,,,,,", ",,,,,,,x")] + lines[31:]).encode(),
             "line 31, column 18 (load)"),
            ("\n".join(lines[:30] + ['object,"X"Y' + lines[30][6:]] + lines[31:]).encode(), "line 31, column 2"),
            (good.replace(b"2018-05-10", b"2018-02-30", 1), "column 10 (last_check)"),
            (good.replace("有限公司".encode(), b"\x01", 1), "control character"),
            ("\n".join(lines[:13]).encode(), "no object"),
        ]
        for data, where in cases:
            with self.assertRaises(vd.BadInput, msg=where) as cm:
                vd.read_pool(data, "pool.csv")
            self.assertIn(where, str(cm.exception))

    def test_crlf_and_quoting_do_not_change_the_root(self):  # §2: fields as parsed
        H = vd.HASHES["sm3"]
        good = text(os.path.join(EXAMPLE, "pool.csv"))
        rows = list(csv.reader(io.StringIO(good)))
        buf = io.StringIO()
        csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
        a = vd.pool_root(H, vd.read_pool(good.encode(), "a"))
        self.assertEqual(a, vd.pool_root(H, vd.read_pool(buf.getvalue().encode(), "b")))
        self.assertEqual(a, vd.pool_root(H, vd.read_pool(good.rstrip("\n").encode(), "c")))


class WorkedExample(unittest.TestCase):
    # R: DR-6, DR-12, DR-13, PUB-11
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="zhifa-draw-")
        self.pool = os.path.join(EXAMPLE, "pool.csv")
        self.cert = load(os.path.join(EXAMPLE, "certificate.json"))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False))
        return path

    def caught(self, cert, pool=None, path=""):
        rc, out, err = run_script(self.write("cert.json", cert), pool or self.pool)
        self.assertEqual(rc, 1, out + err)
        self.assertIn(f"MISMATCH: {path}: ", err)
        return err

    def test_example_verifies_as_a_command(self):
        p = subprocess.run([sys.executable, SCRIPT, os.path.join(EXAMPLE, "certificate.json"), self.pool],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(p.stdout.startswith("OK: "), p.stdout)
        self.assertIn("11 selected", p.stdout)

    def test_example_is_what_the_files_give(self):
        rc, out, err = run_script("--run", self.pool, os.path.join(EXAMPLE, "params.json"), os.path.join(EXAMPLE, "randomness.txt"))
        self.assertEqual(rc, 0, err)
        self.assertEqual(canon(json.loads(out)), canon(self.cert))
        self.assertEqual(canon(self.cert["params"]), canon(load(os.path.join(EXAMPLE, "params.json"))))

    def test_example_covers_the_rules_and_the_joint_team(self):
        r = self.cert["result"]
        rules = [e["rule"] for e in r["selected"]]
        self.assertIn("key_unit", rules)
        self.assertIn("seriously_dishonest", rules)
        self.assertIn("drawn", rules)
        self.assertTrue(r["removed"])
        pool = {x["id"]: x for x in vd.read_pool(text(self.pool).encode(), "pool.csv")}
        for e in r["selected"]:
            roles = [m["role"] for m in e["team"]]
            self.assertEqual(roles, ["leader", "member", "joint"])
            for m in e["team"]:
                i = pool[m["id"]]
                self.assertEqual(i["status"], "active")
                self.assertNotIn(e["id"], i["conflicts"])
                self.assertEqual(i["department"] == "", m["role"] != "joint")
        # every credit code in the example is well formed (GB 32100 check digit)
        cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        w = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
        for code, o in pool.items():
            if o["kind"] == "object":
                self.assertEqual(cs[(31 - sum(cs.index(c) * k for c, k in zip(code, w)) % 31) % 31], code[17], code)

    def test_changed_pool_field(self):
        data = text(self.pool)
        line = data.split("\n")[40]
        changed = data.replace(line, line.replace("有限公司", "有限责任公司", 1))
        self.assertNotEqual(changed, data)
        self.caught(self.cert, self.write("pool.csv", changed), "pool_root")

    def test_removed_pool_row(self):
        lines = text(self.pool).split("\n")
        self.caught(self.cert, self.write("pool.csv", "\n".join(lines[:60] + lines[61:])), "pool_root")

    def test_changed_parameter(self):  # the plan's ratio raised after the commitment
        cert = copy.deepcopy(self.cert)
        cert["params"]["ratio_bp"] = 400
        self.caught(cert, path="params_hash")
        cert = copy.deepcopy(self.cert)
        cert["params"]["context"]["plan"] += "（调整）"
        self.caught(cert, path="params_hash")

    def test_changed_randomness(self):
        cert = copy.deepcopy(self.cert)
        cert["randomness"] = cert["randomness"].replace("37", "38")
        self.caught(cert, path="seed")

    def test_untrimmed_randomness(self):  # the certificate carries the text as used
        cert = copy.deepcopy(self.cert)
        cert["randomness"] += "\n"
        self.caught(cert, path="randomness")

    def test_swapped_selected_id(self):
        cert = copy.deepcopy(self.cert)
        sel = cert["result"]["selected"]
        i = next(k for k, e in enumerate(sel) if e["rule"] == "drawn")
        sel[i]["id"], sel[i + 1]["id"] = sel[i + 1]["id"], sel[i]["id"]
        self.caught(cert, path=f"result.selected[{i}].id")

    def test_replaced_drawn_object(self):
        cert = copy.deepcopy(self.cert)
        sel = cert["result"]["selected"]
        sel[-1]["id"] = cert["result"]["removed"][0]["id"]
        self.caught(cert, path=f"result.selected[{len(sel) - 1}].id")

    def test_changed_team_member(self):
        cert = copy.deepcopy(self.cert)
        team = cert["result"]["selected"][1]["team"]
        team[1]["id"] = next(i for i in ("13080020220045", "13080020230051") if i != team[1]["id"])
        self.caught(cert, path="result.selected[1].team[1].id")

    def test_dropped_result_entry_and_summary(self):
        cert = copy.deepcopy(self.cert)
        del cert["result"]["removed"][3]
        self.caught(cert, path="result.removed[3].id")
        cert = copy.deepcopy(self.cert)
        cert["result"]["summary"]["drawn"] += 1
        self.caught(cert, path="result.summary.drawn")

    def test_unreadable_inputs(self):
        self.assertEqual(run_script(self.write("c.json", "{not json"), self.pool)[0], 2)
        self.assertEqual(run_script(os.path.join(self.tmp, "missing.json"), self.pool)[0], 2)
        rc, _, err = run_script(os.path.join(EXAMPLE, "certificate.json"),
                                self.write("p.csv", text(self.pool).replace(",active,", ",busy,", 1)))
        self.assertEqual(rc, 2)
        self.assertIn("line 2, column 13 (status)", err)


# ---------------------------------------------------------------- generated cases ----------------
DEPTS = ["承德市市场监督管理局", "承德市应急管理局", "dept,with\"quote"]
SPECS = ["industry", "trade", "services", "construction", "data_quality"]
TEXTS = ["130802", "130803", "130821", "130822", "1308", "", "a", "B", "中文", "ä", "130800"]


def valid_date(s):
    try:
        return datetime.date.fromisoformat(s) is not None
    except ValueError:
        return False


def gen_date(rnd, base):
    y = int(base[:4]) + rnd.randint(-5, 1)
    m, d = rnd.randint(1, 12), rnd.randint(1, 28)
    special = [base, f"{base[:4]}-01-01", f"{base[:4]}-07-01", f"{base[:4]}-06-30", f"{int(base[:4]) - 3}{base[4:]}",
               f"{int(base[:4]) - 1}-12-31", f"{int(base[:4]) - 3}-03-01", f"{int(base[:4]) - 3}-02-28"]
    special = [s for s in special if valid_date(s)] + ([f"{int(base[:4]) - 4}-02-29"] if base[5:] == "02-29" else [])
    return rnd.choice(special) if rnd.random() < 0.3 else f"{y:04d}-{m:02d}-{d:02d}"


def gen_case(rnd, i):
    """A pool (CSV text), parameters and randomness; i cycles through the modes."""
    mode = ("random", "systematic", "multistage", "all")[i % 4]
    D = rnd.choice(["2021-03-01", "2024-02-29", "2021-07-01", "2021-06-30", "2020-01-01", "2025-12-31"])
    texts = {c: rnd.sample(TEXTS, rnd.randint(1, 5)) for c in vd.STRATA_COLUMNS if c not in ("credit", "risk")}
    n_obj = rnd.choice([1, 2, 3, rnd.randint(1, 30), rnd.randint(1, 300)])
    objs = {}
    while len(objs) < n_obj:
        oid = rnd.choice(["91", "92", "中", "Z"]) + "".join(rnd.choice("0123456789AB") for _ in range(rnd.choice([4, 16])))
        objs[oid] = {"kind": "object", "id": oid, "name": rnd.choice(["甲公司", "乙, 有限", 'say "hi"', ""]),
                     "division": rnd.choice(texts["division"]), "industry": rnd.choice(texts["industry"]),
                     "category": rnd.choice(texts["category"]), "credit": rnd.choice(("",) * 3 + vd.CREDITS),
                     "risk": rnd.choice(("",) * 2 + vd.RISKS), "key_unit": rnd.choice(["", "0", "1", "0"]),
                     "last_check": rnd.choice(["", gen_date(rnd, D)]), "weight": rnd.choice(["", "1", "7", "1000000", str(rnd.randint(1, 50))]),
                     "department": rnd.choice(["", "", DEPTS[0], DEPTS[1]])}
    ids = sorted(objs)
    people, joint = [], []
    for dept in [""] + rnd.sample(DEPTS, rnd.randint(0, 2)):
        for _ in range(rnd.randint(1, 5) if dept else rnd.choice([2, 4, 6, 8, 12, rnd.randint(3, 20)])):
            conflicts = [rnd.choice([f"object:{rnd.choice(ids)}", "division:" + rnd.choice(["130800", "130802", "1308", "13", "130000"]),
                                     "department:" + rnd.choice(DEPTS)]) for _ in range(rnd.choice([0] * 6 + [1, 2]))]
            people.append({"kind": "inspector", "id": "".join(rnd.choice("0123456789冀X") for _ in range(8)),
                           "name": "张三", "division": rnd.choice(["130800", ""]), "department": dept,
                           "status": rnd.choice(["active"] * 12 + ["suspended", "left"]),
                           "valid_from": rnd.choice([D, gen_date(rnd, D)] + ["2019-01-01"] * 10),
                           "valid_to": rnd.choice([D, gen_date(rnd, D)] + ["2030-12-31"] * 10),
                           "specialties": ";".join(rnd.sample(SPECS[:4], rnd.randint(0, 2)) + ["data_quality"] * (rnd.random() < 0.85)),
                           "conflicts": ";".join(conflicts),
                           "load": rnd.choice(["", "0", "1", "2", "5"])})
        if dept and rnd.random() < 0.8:
            joint.append({"department": dept, "count": rnd.choice([1, 1, 1, 2])})
    people = list({p["id"]: p for p in people}.values())
    rows = sorted(people, key=lambda r: r["id"].encode()) + [objs[k] for k in sorted(objs, key=str.encode)]
    buf = io.StringIO()
    csv.writer(buf, quoting=rnd.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), lineterminator=rnd.choice(["\n", "\r\n"])).writerows(
        [vd.HEADER] + [[r.get(c, "") for c in vd.HEADER] for r in rows])
    pool = buf.getvalue() if rnd.random() < 0.9 else buf.getvalue().rstrip("\r\n")

    p = {"algorithm": "zhifa-draw/1", "hash": rnd.choice(["sm3", "sha256"]), "date": D, "mode": mode}
    bp = lambda: rnd.choice([0, 1, 200, 300, 1000, 3333, 5000, 9999, 10000, rnd.randint(0, 10000)])
    if mode in ("random", "systematic"):
        if rnd.random() < 0.9:
            p["strata"] = rnd.sample(vd.STRATA_COLUMNS, rnd.choice([0, 1, 1, 2, 3]))
        p["ratio_bp"] = bp()
        if rnd.random() < 0.6:
            p["min_ratio_bp"] = rnd.choice([0, 500, bp()])
        if mode == "random" and rnd.random() < 0.6:
            p["weighted"] = rnd.random() < 0.6
    if rnd.random() < 0.5:
        p["credit_ratios_bp"] = {c: bp() for c in rnd.sample(vd.CREDITS, rnd.randint(0, 4))}
    if rnd.random() < 0.5:
        p["risk_ratios_bp"] = {c: bp() for c in rnd.sample(vd.RISKS, rnd.randint(0, 3))}
    if rnd.random() < 0.7:
        rules = {"no_repeat_years": rnd.choice([0, 1, 3, 4]), "key_units_every_year": rnd.random() < 0.6,
                 "seriously_dishonest_every_half_year": rnd.random() < 0.6}
        p["rules"] = {k: v for k, v in rules.items() if rnd.random() < 0.8}
    if mode == "multistage":
        a, b = sorted(rnd.choice([1, 2, 3, 5, 9]) for _ in range(2))
        c, d = sorted(rnd.choice([1, 2, 4, 6, 50]) for _ in range(2))
        p["multistage"] = {"cluster": rnd.choice(vd.STRATA_COLUMNS), "clusters_min": a, "clusters_max": b,
                           "units_min": c, "units_max": d}
    if rnd.random() < 0.7:
        t = {"size": rnd.choice([2, 2, 3])}
        if rnd.random() < 0.5:
            t["specialty"] = rnd.choice(["", "industry", "data_quality", "data_quality"])
        if rnd.random() < 0.5:
            t["load_spread"] = rnd.choice([0, 1, 2, 100])
        if rnd.random() < 0.3:
            t["max_load"] = rnd.choice([0, 3, 6, 20, 100])
        if joint or rnd.random() < 0.3:
            t["joint"] = joint
        p["team"] = t
    if rnd.random() < 0.5:
        p["context"] = {"plan": "计划\n\"一\"\\", "ctl": "\x01\x1f\x7f\u2028", "n": [rnd.randint(-10**12, 10**12), None, True],
                        "emoji": "🀄", "nested": {"b": 1, "a": {}}}
    randomness = rnd.choice(["", " ", "\t\n", "\r\n "]) + rnd.choice(["37 05 82 19", "见证人 张某 12，李某 88", "x" * 4000, "a\nb  c"]) + \
        rnd.choice(["", "\n", " \t"])
    return pool, p, randomness


def python_cert(pool, params, randomness):
    """The script's certificate, or None when the draw fails (no team can be completed)."""
    kind, cert = outcome(pool, params, randomness)
    return cert if kind == "cert" else None


class GeneratedCases(unittest.TestCase):
    """The script's own results obey what §5–§7 promise (runs without the C++ engine too)."""
    # R: DR-6, DR-12, DR-13

    def test_properties(self):
        rnd = random.Random(2024)
        failed = 0
        for i in range(120):
            pool, params, randomness = gen_case(rnd, i)
            cert = python_cert(pool, params, randomness)
            if cert is None:
                failed += 1
                continue
            rc, out, err = run_script(*self.files(pool, cert))
            self.assertEqual(rc, 0, err)
            rows = {(r["kind"], r["id"]): r for r in vd.read_pool(pool.encode(), "p")}
            r, n = cert["result"], cert["result"]["summary"]
            self.assertEqual(n["pool"], n["forced"] + n["removed"] + n["candidates"])
            self.assertEqual(n["selected"], len(r["selected"]))
            ids = [e["id"] for e in r["selected"]] + [e["id"] for e in r["removed"]]
            self.assertEqual(len(ids), len(set(ids)))
            if params["mode"] == "all":
                self.assertEqual(n["selected"], n["forced"] + n["candidates"])
            if "strata" in r:
                self.assertEqual(sum(s["drawn"] for s in r["strata"]), n["drawn"])
                self.assertTrue(all(s["drawn"] <= s["size"] for s in r["strata"]))
                if params.get("min_ratio_bp") and n["candidates"] and any(s["key"]["ratio_bp"] for s in r["strata"]):
                    want = min(-(-params["min_ratio_bp"] * n["pool"] // 10000) - n["forced"], n["candidates"])
                    positive = sum(s["size"] for s in r["strata"] if s["key"]["ratio_bp"])
                    self.assertGreaterEqual(n["drawn"], min(want, positive))
            if "team" in params:
                loads = {}
                for e in r["selected"]:
                    team = e["team"]
                    self.assertEqual(len(team), params["team"]["size"] + sum(j["count"] for j in params["team"].get("joint", [])))
                    self.assertEqual(len({m["id"] for m in team}), len(team))
                    for m in team:
                        insp = rows[("inspector", m["id"])]
                        self.assertEqual(insp["status"], "active")
                        self.assertTrue(insp["valid_from"] <= params["date"] <= insp["valid_to"])
                        self.assertNotIn("object:" + e["id"], insp["conflicts"].split(";"))
                        loads[m["id"]] = loads.get(m["id"], int(insp["load"] or 0)) + 1
                        self.assertTrue(params["team"].get("max_load", 0) == 0 or loads[m["id"]] <= params["team"]["max_load"])
                cap = params["team"].get("max_load", 0)
                for k, v in loads.items():  # nobody is given a task that takes them past the cap
                    self.assertTrue(cap == 0 or v <= cap, (k, v, cap))
        self.assertLess(failed, 60)

    def files(self, pool, cert):
        d = tempfile.mkdtemp(prefix="zhifa-draw-")
        self.addCleanup(shutil.rmtree, d)
        with open(os.path.join(d, "pool.csv"), "w", encoding="utf-8", newline="") as f:
            f.write(pool)
        with open(os.path.join(d, "cert.json"), "w", encoding="utf-8") as f:
            json.dump(cert, f, ensure_ascii=False)
        return os.path.join(d, "cert.json"), os.path.join(d, "pool.csv")


def outcome(pool, params, randomness):
    """The script's answer: ("cert", certificate), ("refused", message) or ("fails", message)."""
    try:  # the parameters go through JSON as they do for the engine
        params = vd.load_json(json.dumps(params, ensure_ascii=False).encode(), "params.json")
        return "cert", vd.certificate(vd.read_pool(pool.encode(), "pool.csv"), params, randomness)
    except vd.BadInput as e:
        return "refused", str(e)
    except vd.Mismatch as e:
        return "fails", str(e)


def edge_cases():
    """Hand-picked inputs where a re-implementer could read the document differently."""
    pool = text(os.path.join(EXAMPLE, "pool.csv"))
    good = load(os.path.join(EXAMPLE, "params.json"))
    team = good["team"]
    big = 2**63 - 1
    head, tail = pool.split("\n", 1)
    tiny = head + "\n" + "\n".join([
        "inspector,I1,甲,,,,,,,,,,active,2019-01-01,2030-12-31,data_quality,,0",
        "inspector,I2,乙,,,,,,,,,,active,2019-01-01,2030-12-31,data_quality,,{load}",
        "inspector,I3,丙,,,,,,,,,,active,2019-01-01,2030-12-31,data_quality,division:130100,0",
        "object,O1,,130102,,,,,1,2020-02-28,,,,,,,,", "object,O2,,130102,,,,,0,2020-02-29,,,,,,,,",
        "object,O3,,,,,,,,,,,,,,,,", "object,O4,,130203,,,,,,,,,,,,,,", "object,O5,,130203,,,,,,2021-03-01,,,,,,,,"]) + "\n"
    rules = {"no_repeat_years": 4, "key_units_every_year": True}
    base = {"algorithm": "zhifa-draw/1", "hash": "sm3", "date": "2024-02-29", "mode": "random", "ratio_bp": 5000, "rules": rules}
    t2 = {"size": 2, "specialty": "data_quality"}
    return [
        ("the worked example", pool, good, "1 2 3"),
        ("29 February four years back (C = 2020-02-29 or 2020-02-28?)", tiny.format(load=0), base, "x"),
        ("29 February three years back", tiny.format(load=0), dict(base, rules=dict(rules, no_repeat_years=3)), "x"),
        ("mode all: summary.drawn", tiny.format(load=0), {**{k: v for k, v in base.items() if k != "ratio_bp"}, "mode": "all"}, "x"),
        ("multistage over an empty division value", tiny.format(load=0),
         {**{k: v for k, v in base.items() if k != "ratio_bp"}, "mode": "multistage", "rules": {},
          "multistage": {"cluster": "division", "clusters_min": 3, "clusters_max": 3, "units_min": 1, "units_max": 1}}, "x"),
        ("multistage with counts up to 2^63-1", tiny.format(load=0),
         {**{k: v for k, v in base.items() if k != "ratio_bp"}, "mode": "multistage",
          "multistage": {"cluster": "division", "clusters_min": 1, "clusters_max": big, "units_min": 1, "units_max": big}}, "x"),
        ("load_spread 2^63-1", tiny.format(load=5), dict(base, team=dict(t2, load_spread=big)), "x"),
        ("max_load 2^63-1", tiny.format(load=5), dict(base, team=dict(t2, max_load=big)), "x"),
        ("an inspector's load 2^63-1", tiny.format(load=big), dict(base, team=t2), "x"),
        ("a division conflict 130100 covers 130102 only", tiny.format(load=0), dict(base, ratio_bp=10000, team=t2), "x"),
        ("randomness trimmed of ASCII white space only (U+3000 kept)", pool, good, "\u3000 37 05\u3000\n"),
        ("randomness of 4096 bytes", pool, good, "\n" + "随" * 1365 + "x\t"),
        ("randomness of 4097 bytes", pool, good, "随" * 1365 + "xy"),
        ("randomness with lines and tabs inside", pool, good, "1\r\n2\t3"),
        ("strata given with mode all", pool, {**{k: v for k, v in good.items() if k not in ("ratio_bp", "min_ratio_bp")},
                                             "mode": "all"}, "1"),
        ("weighted given with systematic", pool, dict(good, mode="systematic", weighted=False), "1"),
        ("credit ratios with multistage", tiny.format(load=0),
         {**{k: v for k, v in base.items() if k != "ratio_bp"}, "mode": "multistage", "credit_ratios_bp": {"dishonest": 1000},
          "multistage": {"cluster": "division", "clusters_min": 1, "clusters_max": 2, "units_min": 1, "units_max": 2}}, "x"),
        ("multistage.cluster = department", tiny.format(load=0),
         {**{k: v for k, v in base.items() if k != "ratio_bp"}, "mode": "multistage",
          "multistage": {"cluster": "department", "clusters_min": 1, "clusters_max": 2, "units_min": 1, "units_max": 2}}, "x"),
        ("a float in context", pool, dict(good, context={"x": 1.5}), "1"),
        ("ratio_bp 300.0", pool, dict(good, ratio_bp=300.0), "1"),
        ("an integer above 2^63-1 in context", pool, dict(good, context={"x": 2**64}), "1"),
        ("empty specialty in a list (a;;b)", pool.replace("trade;services;data_quality", "trade;;data_quality"), good, "1"),
        ("weight with a leading zero", pool.replace("\nobject,", "\nobject,", 1).replace(",,,,,,,,\n", ",007,,,,,,,\n", 1), good, "1"),
        ("load +1", pool.replace(",,0\n", ",,+1\n", 1), good, "1"),
        ("a blank line at the end", pool + "\n", good, "1"),
        ("no line end at the end", pool.rstrip("\n"), good, "1"),
        ("valid_from after valid_to", pool.replace("2019-01-01,2027-12-31", "2028-01-01,2027-12-31", 1), good, "1"),
        ("date 2025-02-30", pool, dict(good, date="2025-02-30"), "1"),
        ("no_repeat_years 3000", pool, dict(good, rules=dict(good["rules"], no_repeat_years=3000)), "1"),
        ("joint department empty", pool, dict(good, team=dict(team, joint=[{"department": "", "count": 1}])), "1"),
        ("a team nobody can fill", pool, dict(good, team=dict(team, size=9)), "1"),
    ]


@unittest.skipUnless(ZHIFA_BIN, "ZHIFA_BIN not set: no C++ engine to cross-check")
class CrossCheck(unittest.TestCase):
    """`zhifa draw run` and the script give the same certificate; each verifies the other's."""
    # R: DR-6, DR-12, DR-13, PUB-11
    N = 240

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="zhifa-draw-x-")
        self.addCleanup(shutil.rmtree, self.dir)

    def zhifa(self, *args):
        return subprocess.run([ZHIFA_BIN, "draw", *args], capture_output=True, text=True, timeout=60)

    def compare(self, pool, params, randomness):
        """None when both sides agree (including on refusing or failing), else what differs."""
        pool_f, params_f, cert_f, mine_f = (os.path.join(self.dir, n) for n in ("pool.csv", "params.json", "cpp.json", "py.json"))
        with open(pool_f, "w", encoding="utf-8", newline="") as f:
            f.write(pool)
        with open(params_f, "w", encoding="utf-8") as f:
            json.dump(params, f, ensure_ascii=False)
        if os.path.exists(cert_f):
            os.remove(cert_f)
        cpp = self.zhifa("run", "--pool", pool_f, "--params", params_f, "--randomness", randomness, "--out", cert_f)
        said = (cpp.stdout + cpp.stderr).strip()[-300:]
        kind, mine = outcome(pool, params, randomness)
        if kind != "cert":
            if cpp.returncode == 0:
                return f"the script says {kind}: {mine[:300]}; the engine made a certificate"
            if kind == "refused" and cpp.returncode != 2:  # the exit status of a failed draw is not specified
                return f"the script says {kind}: {mine[:200]}; the engine exits {cpp.returncode}: {said}"
            return None
        if cpp.returncode != 0:
            return f"the engine exits {cpp.returncode}: {said}; the script made a certificate"
        theirs = load(cert_f)
        if d := vd.first_difference("", theirs, mine):
            return "certificates differ at " + d
        if canon(theirs) != canon(mine):
            return "certificates differ in JSON types"
        rc, out, err = run_script(cert_f, pool_f)
        if rc != 0:
            return "the script rejects the engine's certificate: " + err
        with open(mine_f, "w", encoding="utf-8") as f:
            json.dump(mine, f, ensure_ascii=False, indent=1)
        v = self.zhifa("verify", mine_f, "--pool", pool_f)
        if v.returncode != 0:
            return f"the engine rejects the script's certificate: {(v.stdout + v.stderr).strip()}"
        return None

    def test_generated_cases_agree(self):
        rnd = random.Random(6962)
        problems, made = [], 0
        for i in range(self.N):
            pool, params, randomness = gen_case(rnd, i)
            if d := self.compare(pool, params, randomness):
                problems.append(f"case {i} ({json.dumps(params, ensure_ascii=False)[:200]}): {d}")
            made += outcome(pool, params, randomness)[0] == "cert"
        if problems:
            self.fail(f"{len(problems)} of {self.N} generated cases disagree, the first:\n" + "\n".join(problems[:8]))
        self.assertGreater(made, self.N // 2)

    def test_edge_cases_agree(self):
        problems = [f"{name}: {d}" for name, pool, params, rnd in edge_cases() if (d := self.compare(pool, params, rnd))]
        if problems:
            self.fail(f"{len(problems)} edge cases disagree:\n" + "\n".join(problems))

    def test_engine_catches_tampering_too(self):
        pool = os.path.join(EXAMPLE, "pool.csv")
        cert = load(os.path.join(EXAMPLE, "certificate.json"))
        self.assertEqual(self.zhifa("verify", os.path.join(EXAMPLE, "certificate.json"), "--pool", pool).returncode, 0)
        team = cert["result"]["selected"][1]["team"]
        team[1]["id"] = next(i for i in ("13080020220045", "13080020230051") if i != team[1]["id"])
        with open(os.path.join(self.dir, "c.json"), "w", encoding="utf-8") as f:
            json.dump(cert, f, ensure_ascii=False)
        v = self.zhifa("verify", os.path.join(self.dir, "c.json"), "--pool", pool)
        self.assertEqual(v.returncode, 1, v.stdout + v.stderr)
        self.assertIn("result.selected[1].team[1].id", v.stdout + v.stderr)

    def test_both_refuse_malformed_input(self):
        good_pool = text(os.path.join(EXAMPLE, "pool.csv"))
        good = load(os.path.join(EXAMPLE, "params.json"))
        bad_pools = [good_pool.replace(",active,", ",busy,", 1), "\ufeff" + good_pool,
                     good_pool.replace("2018-05-10", "2018-5-10"), good_pool.replace("\n", "\n\n", 1),
                     good_pool.replace("kind,id", "kind,ID"), good_pool.replace(",0\n", ",-1\n", 1)]
        bad_params = [dict(good, extra=1), dict(good, ratio_bp=10001), dict(good, mode="cluster"),
                      dict(good, date="2025-02-30"), dict(good, team=dict(good["team"], size=1)),
                      dict(good, hash="md5"), dict(good, strata=["division", "division"]),
                      dict(good, multistage={"cluster": "division", "clusters_min": 2, "clusters_max": 3,
                                             "units_min": 4, "units_max": 6}), {k: v for k, v in good.items() if k != "ratio_bp"}]
        for k, (pool, params) in enumerate([(p, good) for p in bad_pools] + [(good_pool, p) for p in bad_params]):
            self.assertEqual(outcome(pool, params, "1 2 3")[0], "refused", k)
            self.assertIsNone(self.compare(pool, params, "1 2 3"), k)


if __name__ == "__main__":
    unittest.main()
