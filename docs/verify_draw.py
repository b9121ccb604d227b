#!/usr/bin/env python3
"""Independent verifier of zhifa's spot-check draws (双随机抽取结果的独立验证工具).

Re-runs a draw from its certificate and the published pool file, following docs/draw-algorithm.md
(`zhifa-draw/1`) and nothing else: it shares no code with the zhifa server and needs only the
Python 3.11 standard library. Exit status: 0 reproduced, 1 first difference (or the draw fails), 2 bad input.

  python3 verify_draw.py CERT.json POOL.csv
  python3 verify_draw.py --run POOL.csv PARAMS.json RANDOMNESS.txt > CERT.json
"""
import datetime
import hashlib
import json
import re
import sys

ALGORITHM = "zhifa-draw/1"
HEADER = ("kind,id,name,division,industry,category,credit,risk,key_unit,last_check,weight,department,"
          "status,valid_from,valid_to,specialties,conflicts,load").split(",")
ONLY = {"object": {"industry", "category", "credit", "risk", "key_unit", "last_check", "weight"},
        "inspector": {"status", "valid_from", "valid_to", "specialties", "conflicts", "load"}}
CREDITS = ("trustworthy", "abnormal", "dishonest", "seriously_dishonest")
RISKS = ("low", "medium", "high")
STRATA_COLUMNS = ("division", "industry", "category", "credit", "risk")
MAX_INT = 2**63 - 1  # integers beyond this are refused (a 64-bit engine cannot hold them)


class BadInput(Exception):
    """The input cannot be used (exit 2)."""


class Mismatch(Exception):
    """The certificate is not what its inputs give, or the draw fails (exit 1)."""


# ---------------------------------------------------------------- SM3 (GB/T 32905-2016) ----------
def _rotl(x, n):
    n %= 32
    return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF


def sm3_pure(data: bytes) -> bytes:
    """Pure-Python SM3, used only when this Python's OpenSSL lacks it."""
    v = [0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600, 0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E]
    msg = data + b"\x80" + b"\x00" * ((55 - len(data)) % 64) + (8 * len(data)).to_bytes(8, "big")
    p0, p1 = (lambda x: x ^ _rotl(x, 9) ^ _rotl(x, 17)), (lambda x: x ^ _rotl(x, 15) ^ _rotl(x, 23))
    for off in range(0, len(msg), 64):
        w = [int.from_bytes(msg[off + 4 * i:off + 4 * i + 4], "big") for i in range(16)]
        for j in range(16, 68):
            w.append(p1(w[j - 16] ^ w[j - 9] ^ _rotl(w[j - 3], 15)) ^ _rotl(w[j - 13], 7) ^ w[j - 6])
        a, b, c, d, e, f, g, h = v
        for j in range(64):
            ss1 = _rotl((_rotl(a, 12) + e + _rotl(0x79CC4519 if j < 16 else 0x7A879D8A, j)) & 0xFFFFFFFF, 7)
            ff = a ^ b ^ c if j < 16 else (a & b) | (a & c) | (b & c)
            gg = e ^ f ^ g if j < 16 else (e & f) | (~e & g)
            tt1 = (ff + d + (ss1 ^ _rotl(a, 12)) + (w[j] ^ w[j + 4])) & 0xFFFFFFFF
            tt2 = (gg + h + ss1 + w[j]) & 0xFFFFFFFF
            a, b, c, d, e, f, g, h = tt1, a, _rotl(b, 9), c, p0(tt2), e, _rotl(f, 19), g
        v = [x ^ y for x, y in zip(v, (a, b, c, d, e, f, g, h))]
    return b"".join(x.to_bytes(4, "big") for x in v)


def sm3(data: bytes) -> bytes:
    try:
        return hashlib.new("sm3", data).digest()
    except ValueError:  # OpenSSL built without SM3
        return sm3_pure(data)


HASHES = {"sm3": sm3, "sha256": lambda d: hashlib.sha256(d).digest()}


# ---------------------------------------------------------------- §2 the pool --------------------
def is_date(s):
    try:
        return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s) and datetime.date.fromisoformat(s))
    except ValueError:
        return False


def is_count(s, lo, hi):  # decimal digits, no sign, no leading zero
    return bool(re.fullmatch(r"0|[1-9][0-9]*", s)) and lo <= int(s) <= hi


FIELD = re.compile(r'"((?:[^"]|"")*)"(?=,|$)|([^,"]*)(?=,|$)')


def split_csv(line, bad):
    """One RFC 4180 record, strictly: a quote may only enclose a whole field."""
    fields, i = [], 0
    while m := FIELD.match(line, i):
        fields.append(m[2] if m[1] is None else m[1].replace('""', '"'))
        if m.end() == len(line):
            return fields
        i = m.end() + 1
    raise bad(len(fields) + 1, "引号用法不对 / misplaced quote (RFC 4180)")


def check_row(r, bad):
    if r["kind"] not in ONLY:
        raise bad(1, "kind 须为 object 或 inspector / kind must be object or inspector")
    if not r["id"]:
        raise bad(2, "id 不能为空 / id is required")
    for name in ONLY["inspector" if r["kind"] == "object" else "object"]:
        if r[name]:
            raise bad(HEADER.index(name) + 1, f"{r['kind']} 行此列须为空 / must be empty for {r['kind']}")
    lists = lambda v, item: v == "" or all(re.fullmatch(item, x) for x in v.split(";"))
    valid = {"credit": r["credit"] in ("",) + CREDITS, "risk": r["risk"] in ("",) + RISKS,
             "key_unit": r["key_unit"] in ("", "0", "1"), "last_check": r["last_check"] == "" or is_date(r["last_check"]),
             "weight": r["weight"] == "" or is_count(r["weight"], 1, 1000000),
             "load": r["load"] == "" or is_count(r["load"], 0, 10**9), "specialties": lists(r["specialties"], r".+"),
             "conflicts": lists(r["conflicts"], r"(object|division|department):.+")}
    if r["kind"] == "inspector":
        valid.update(status=r["status"] in ("active", "suspended", "left"),
                     valid_from=is_date(r["valid_from"]), valid_to=is_date(r["valid_to"]))
    for name, ok in valid.items():
        if not ok:
            raise bad(HEADER.index(name) + 1, f"取值无效 / invalid value {r[name]!r} (docs/draw-algorithm.md §2)")


def read_pool(data: bytes, name):
    """The rows as dicts in file order; a malformed file is refused naming the line and column."""
    def at(line):
        return lambda c, msg: BadInput(f"{name}: 第 {line} 行第 {c} 列 / line {line}, column {c} "
                                       f"({HEADER[c - 1] if 0 < c <= len(HEADER) else '?'}): {msg}")
    if data.startswith(b"\xef\xbb\xbf"):
        raise at(1)(1, "文件不得带 BOM / the file must not start with a BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        before = data[:e.start].split(b"\n")
        raise at(len(before))(before[-1].count(b",") + 1, "不是 UTF-8 / not UTF-8") from None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    rows = []
    for ln, line in enumerate(lines, 1):
        bad = at(ln)
        fields = split_csv(line[:-1] if line.endswith("\r") else line, bad)
        for c, v in enumerate(fields, 1):
            if any(ch < " " for ch in v):
                raise bad(c, "含控制字符 / control character")
        if len(fields) != len(HEADER):
            raise bad(min(len(fields) + 1, len(HEADER)), f"应有 18 列 / 18 fields expected, found {len(fields)}")
        if ln == 1:
            for c, (have, want) in enumerate(zip(fields, HEADER), 1):
                if have != want:
                    raise bad(c, f"表头应为 / the header must be {want!r}")
            continue
        r = dict(zip(HEADER, fields))
        check_row(r, bad)
        if rows and (r["kind"].encode(), r["id"].encode()) <= (rows[-1]["kind"].encode(), rows[-1]["id"].encode()):
            raise bad(2, "须按 (kind, id) 字节序排列且 id 不重复 / rows must be sorted by (kind, id), ids unique")
        rows.append(r)
    if not any(r["kind"] == "object" for r in rows):
        raise BadInput(f"{name}: 池中没有调查对象 / the pool has no object")
    return rows


def merkle_root(H, leaves):  # RFC 9162 §2.1.1
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << (len(leaves) - 1).bit_length() - 1  # the largest power of two smaller than n
    return H(b"\x01" + merkle_root(H, leaves[:k]) + merkle_root(H, leaves[k:]))


def pool_root(H, rows):
    return merkle_root(H, [H(b"\x00" + "\x1f".join(r[c] for c in HEADER).encode()) for r in rows])


# ---------------------------------------------------------------- §3 the parameters --------------
def load_json(data: bytes, what):
    """JSON with integers only (floats have no canonical form) and no duplicate keys."""
    def refuse(msg):
        raise BadInput(f"{what}: {msg}")

    def pairs(items):
        return dict(items) if len(dict(items)) == len(items) else refuse("键重复 / duplicate key")

    def integer(s):
        return int(s) if -MAX_INT - 1 <= int(s) <= MAX_INT else refuse(f"整数超出范围 / integer out of range: {s}")
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=pairs, parse_int=integer,
                          parse_float=lambda s: refuse(f"只允许整数 / numbers must be integers: {s}"),
                          parse_constant=lambda s: refuse(f"只允许整数 / numbers must be integers: {s}"))
    except ValueError as e:  # includes UnicodeDecodeError
        refuse(f"不是 UTF-8 的 JSON / not JSON in UTF-8: {e}")


def check_params(p):
    def need(ok, path, msg="取值无效 / invalid value"):
        if not ok:
            raise BadInput(f"params.{path}: {msg} (docs/draw-algorithm.md §3)")

    def keys(v, path, allowed, required=()):
        need(isinstance(v, dict), path, "须为对象 / must be an object")
        for k in v:
            need(k in allowed, f"{path}.{k}".lstrip("."), "未知参数 / unknown key")
        for k in required:
            need(k in v, f"{path}.{k}".lstrip("."), "缺少 / required")

    def integer(v, path, lo, hi=MAX_INT):
        need(type(v) is int and lo <= v <= hi, path, f"须为整数 / integer {lo}..{hi} required")

    keys(p, "", {"algorithm", "hash", "date", "mode", "strata", "ratio_bp", "credit_ratios_bp", "risk_ratios_bp",
                 "weighted", "min_ratio_bp", "rules", "multistage", "team", "context"}, ("algorithm", "hash", "date", "mode"))
    need(p["algorithm"] == ALGORITHM, "algorithm")
    need(p["hash"] in ("sm3", "sha256"), "hash")
    need(isinstance(p["date"], str) and is_date(p["date"]), "date")
    need(p["mode"] in ("random", "systematic", "multistage", "all"), "mode")
    sampling = p["mode"] in ("random", "systematic")
    for key, applies in (("strata", sampling), ("ratio_bp", sampling), ("min_ratio_bp", sampling),
                         ("weighted", p["mode"] == "random"), ("multistage", p["mode"] == "multistage")):
        need(key not in p or applies, key, f"不适用于 / does not apply to mode {p['mode']}")
    need("ratio_bp" in p or not sampling, "ratio_bp", "缺少 / required")
    need("multistage" in p or p["mode"] != "multistage", "multistage", "缺少 / required")
    strata = p.get("strata", [])
    need(isinstance(strata, list) and all(s in STRATA_COLUMNS for s in strata) and len(set(strata)) == len(strata), "strata")
    for key in ("ratio_bp", "min_ratio_bp"):
        integer(p.get(key, 0), key, 0, 10000)
    for key, allowed in (("credit_ratios_bp", CREDITS), ("risk_ratios_bp", RISKS)):
        keys(p.get(key, {}), key, allowed)
        for k, v in p.get(key, {}).items():
            integer(v, f"{key}.{k}", 0, 10000)
    need(type(p.get("weighted", False)) is bool, "weighted")
    rules = p.get("rules", {})
    keys(rules, "rules", {"no_repeat_years", "key_units_every_year", "seriously_dishonest_every_half_year"})
    integer(rules.get("no_repeat_years", 0), "rules.no_repeat_years", 0, min(100, int(p["date"][:4]) - 1))  # C stays a date
    for k in ("key_units_every_year", "seriously_dishonest_every_half_year"):
        need(type(rules.get(k, False)) is bool, f"rules.{k}")
    if "multistage" in p:
        ms, counts = p["multistage"], ("clusters_min", "clusters_max", "units_min", "units_max")
        keys(ms, "multistage", {"cluster", *counts}, ("cluster", *counts))
        need(ms["cluster"] in STRATA_COLUMNS, "multistage.cluster")
        for k in counts:
            integer(ms[k], f"multistage.{k}", 1, 1000000)
        need(ms["clusters_min"] <= ms["clusters_max"] and ms["units_min"] <= ms["units_max"], "multistage", "min > max")
    if "team" in p:
        t = p["team"]
        keys(t, "team", {"size", "specialty", "load_spread", "max_load", "joint"}, ("size",))
        integer(t["size"], "team.size", 2, 100)
        need(isinstance(t.get("specialty", ""), str), "team.specialty")
        integer(t.get("load_spread", 1), "team.load_spread", 0, 10**9)
        integer(t.get("max_load", 0), "team.max_load", 0, 10**9)
        need(isinstance(t.get("joint", []), list), "team.joint")
        for i, j in enumerate(t.get("joint", [])):
            keys(j, f"team.joint[{i}]", {"department", "count"}, ("department", "count"))
            need(isinstance(j["department"], str) and j["department"] != "", f"team.joint[{i}].department")
            integer(j["count"], f"team.joint[{i}].count", 1, 100)


def utf8(text, what):
    try:
        return text.encode()
    except UnicodeEncodeError:  # a lone surrogate from a JSON \ud800 escape
        raise BadInput(f"{what}: 含无效字符 / invalid character") from None


# ---------------------------------------------------------------- §4 the stream ------------------
class Stream:
    def __init__(self, H, seed):
        self.H, self.seed, self.block, self.words = H, seed, 0, []

    def word(self):
        if not self.words:
            b = self.H(self.seed + self.block.to_bytes(8, "big"))
            self.block += 1
            self.words = [int.from_bytes(b[i:i + 8], "big") for i in (24, 16, 8, 0)]  # popped from the end
        return self.words.pop()

    def uniform(self, n):
        assert 1 <= n < 2**63
        t = (2**64 - n) % n
        while (w := self.word()) < t:
            pass
        return w % n

    def shuffle(self, items, k):
        """Partial Fisher–Yates: the first k items of the list returned are the chosen, in order."""
        a = list(items)
        for i in range(k):
            j = i + self.uniform(len(a) - i)
            a[i], a[j] = a[j], a[i]
        return a


# ---------------------------------------------------------------- §5–§7 the draw -----------------
def classify(objects, p):
    """§5: (selected by rule 1–2, removed, candidates), each in pool order."""
    rules, D = p.get("rules", {}), p["date"]
    y, md, n = int(D[:4]), D[5:], rules.get("no_repeat_years", 0)
    leap = (y - n) % 4 == 0 and ((y - n) % 100 != 0 or (y - n) % 400 == 0)
    C = f"{y - n:04d}-" + ("02-28" if md == "02-29" and not leap else md)
    Y0, H0 = f"{y:04d}-01-01", f"{y:04d}-{'01' if md < '07' else '07'}-01"
    forced, removed, cands = [], [], []
    for o in objects:
        lc = o["last_check"]
        if rules.get("key_units_every_year") and o["key_unit"] == "1" and lc < Y0:  # "" < any date
            forced.append({"id": o["id"], "rule": "key_unit"})
        elif rules.get("seriously_dishonest_every_half_year") and o["credit"] == "seriously_dishonest" and lc < H0:
            forced.append({"id": o["id"], "rule": "seriously_dishonest"})
        elif n > 0 and lc > C:
            removed.append({"id": o["id"], "rule": "recently_checked"})
        else:
            cands.append(o)
    return forced, removed, cands


def allocate(T, size, w, rank):
    """§6 largest remainder, capped at each stratum's size."""
    alloc, active, taken = [0] * len(size), [i for i in range(len(size)) if w[i] > 0], 0
    while active:
        n, W = T - taken, sum(w[i] for i in active)
        full = [i for i in active if n * w[i] >= size[i] * W]
        if not full:
            for i in active:
                alloc[i] = n * w[i] // W
            for i in sorted(active, key=lambda i: (-(n * w[i] % W), rank[i]))[:n - sum(alloc[i] for i in active)]:
                alloc[i] += 1
            break
        for i in full:
            alloc[i], taken = size[i], taken + size[i]
        active = [i for i in active if i not in full]
    return alloc


def sample(s, H, seed, p, cands, P, F):
    """§6 `random` and `systematic`: (drawn, strata)."""
    def ratio(o):
        a = p.get("credit_ratios_bp", {}).get(o["credit"], p["ratio_bp"])
        b = p.get("risk_ratios_bp", {}).get(o["risk"], p["ratio_bp"])
        return max(a, b) if max(a, b) > p["ratio_bp"] else min(a, b)
    groups = {}
    for o in cands:
        groups.setdefault(tuple(o[c].encode() for c in p.get("strata", [])) + (ratio(o),), []).append(o)
    keys = sorted(groups)
    S, size = len(keys), [len(groups[k]) for k in keys]
    rank = [0] * S
    for i, k in enumerate(s.shuffle(range(S), max(S - 1, 0))):  # tie ranks
        rank[k] = i
    w = [size[i] * keys[i][-1] for i in range(S)]
    T = -(-sum(w) // 10000)
    if p.get("min_ratio_bp", 0) > 0:
        T = max(T, -(-p["min_ratio_bp"] * P // 10000) - F)
    T = max(min(T, len(cands)), 0)
    alloc = allocate(T, size, list(size) if T > 0 and not any(w) else w, rank)
    drawn = []
    for i, key in enumerate(keys):
        members, k = groups[key], alloc[i]
        if k == 0:
            continue
        if p["mode"] == "systematic":
            order = sorted(members, key=lambda o: (H(seed + b"order:" + o["id"].encode()), o["id"].encode()))
            start = s.uniform(len(order))
            members = [order[(start + j * len(order)) // k] for j in range(k)]
        elif p.get("weighted"):
            left, members = list(members), []
            for _ in range(k):
                u, acc = s.uniform(sum(int(o["weight"] or 1) for o in left)), 0
                for j, o in enumerate(left):
                    acc += int(o["weight"] or 1)
                    if acc > u:
                        members.append(left.pop(j))
                        break
        else:
            members = s.shuffle(members, k)[:k]
        drawn += [{"id": o["id"], "rule": "drawn", "stratum": i} for o in members]
    return drawn, [{"key": {**{c: key[j].decode() for j, c in enumerate(p.get("strata", []))}, "ratio_bp": key[-1]},
                    "size": size[i], "drawn": alloc[i]} for i, key in enumerate(keys)]


def multistage(s, ms, cands):
    """§6 `multistage`: (drawn, clusters in the order chosen)."""
    values = sorted({o[ms["cluster"]] for o in cands}, key=str.encode)
    c = min(ms["clusters_min"] + s.uniform(ms["clusters_max"] - ms["clusters_min"] + 1), len(values))
    drawn, clusters = [], []
    for v in s.shuffle(values, c)[:c]:
        members = [o for o in cands if o[ms["cluster"]] == v]
        m = min(ms["units_min"] + s.uniform(ms["units_max"] - ms["units_min"] + 1), len(members))
        drawn += [{"id": o["id"], "rule": "drawn", "cluster": v} for o in s.shuffle(members, m)[:m]]
        clusters.append({"value": v, "size": len(members), "drawn": m})
    return drawn, clusters


def eligible(i, o, D):
    """§7: active, certificate valid on D, no conflict in force concerning the object."""
    if i["status"] != "active" or not i["valid_from"] <= D <= i["valid_to"]:
        return False
    for c in filter(None, i["conflicts"].split(";")):
        kind, x = c.split(":", 1)
        while kind == "division" and len(x) > 2 and x.endswith("00"):
            x = x[:-2]
        if (kind == "object" and x == o["id"]) or (kind == "department" and x == o["department"]) or \
                (kind == "division" and o["division"] and o["division"].startswith(x)):
            return False
    return True


def teams(s, rows, t, D, selected):
    """§7: adds a team to every selected object, in result order."""
    staff = [r for r in rows if r["kind"] == "inspector"]
    spec, spread, cap = t.get("specialty", ""), t.get("load_spread", 1), t.get("max_load", 0)
    groups = [("本单位 own staff", t["size"], [i for i in staff if i["department"] == "" and (
        not spec or spec in i["specialties"].split(";"))])]
    groups += [(j["department"], j["count"], [i for i in staff if i["department"] == j["department"]]) for j in t.get("joint", [])]
    given, objects = {}, {r["id"]: r for r in rows if r["kind"] == "object"}
    load = lambda i: int(i["load"] or 0) + given.get(i["id"], 0)
    for entry in selected:
        o, team = objects[entry["id"]], []
        for g, (name, count, group) in enumerate(groups):
            for _ in range(count):
                can = [i for i in group if eligible(i, o, D) and all(m["id"] != i["id"] for m in team)
                       and (cap == 0 or load(i) < cap)]
                if not can:
                    raise Mismatch(f"抽取失败 / the draw fails: 调查对象 {o['id']} 的「{name}」已无可抽人员 / nobody left to pick")
                least = min(load(i) for i in can)
                can = [i for i in can if load(i) <= least + spread]
                team.append({"id": can[s.uniform(len(can))]["id"], "role": "joint" if g else "member" if team else "leader"})
        for m in team:
            given[m["id"]] = given.get(m["id"], 0) + 1
        entry["team"] = team


def certificate(rows, p, randomness):
    """§4–§8: the certificate of a draw; BadInput for unusable parameters, Mismatch when the draw fails."""
    check_params(p)
    H, text = HASHES[p["hash"]], randomness.strip(" \t\r\n")
    if not 0 < len(utf8(text, "randomness")) <= 4096:
        raise BadInput("randomness: 去除首尾空白后须为 1..4096 字节 / must be 1..4096 bytes once trimmed")
    root = pool_root(H, rows)
    phash = H(utf8(json.dumps(p, ensure_ascii=False, sort_keys=True, separators=(",", ":")), "params"))
    seed = H(ALGORITHM.encode() + b"\x00" + root + phash + text.encode())
    s, objects = Stream(H, seed), [r for r in rows if r["kind"] == "object"]
    forced, removed, cands = classify(objects, p)
    result, drawn = {}, [{"id": o["id"], "rule": "all"} for o in cands]
    if p["mode"] in ("random", "systematic"):
        drawn, result["strata"] = sample(s, H, seed, p, cands, len(objects), len(forced))
    elif p["mode"] == "multistage":
        drawn, result["clusters"] = multistage(s, p["multistage"], cands)
    if "team" in p:
        teams(s, rows, p["team"], p["date"], forced + drawn)
    summary = {"pool": len(objects), "forced": len(forced), "removed": len(removed), "candidates": len(cands),
               "drawn": len(drawn), "selected": len(forced) + len(drawn)}
    return {"format": "zhifa-draw-certificate", "algorithm": ALGORITHM, "hash": p["hash"], "pool_root": root.hex(),
            "pool_objects": len(objects), "pool_inspectors": len(rows) - len(objects), "params": p,
            "params_hash": phash.hex(), "randomness": text, "seed": seed.hex(),
            "result": {"summary": summary, **result, "selected": forced + drawn, "removed": removed}}


# ---------------------------------------------------------------- §8 verification ---------------
ABSENT = object()
ORDER = ("algorithm", "hash", "pool_root", "pool_objects", "pool_inspectors", "params_hash", "randomness", "seed", "result")


def first_difference(path, have, want):
    """The path and values of the first difference between the certificate's value and ours, or None."""
    if isinstance(want, dict) and isinstance(have, dict):
        for k in list(want) + [k for k in have if k not in want]:
            if d := first_difference(f"{path}.{k}" if path else k, have.get(k, ABSENT), want.get(k, ABSENT)):
                return d
    elif isinstance(want, list) and isinstance(have, list):
        for i in range(max(len(have), len(want))):
            if d := first_difference(f"{path}[{i}]", have[i] if i < len(have) else ABSENT, want[i] if i < len(want) else ABSENT):
                return d
    elif type(have) is not type(want) or have != want:
        show = lambda v: "(absent)" if v is ABSENT else json.dumps(v, ensure_ascii=False)[:200]
        return f"{path}: 证书为 / certificate has {show(have)}, 重算为 / recomputed {show(want)}"
    return None


def verify(cert_data, pool_data, pool_name):
    cert = load_json(cert_data, "certificate")
    if not isinstance(cert, dict) or cert.get("format") != "zhifa-draw-certificate" or \
            "params" not in cert or not isinstance(cert.get("randomness"), str):
        raise BadInput("certificate: 不是抽取证书 / not a draw certificate (format, params, randomness)")
    rows = read_pool(pool_data, pool_name)  # a malformed pool is bad input, not a mismatch
    try:
        mine = certificate(rows, cert["params"], cert["randomness"])
    except BadInput as e:
        raise Mismatch(f"证书的参数或随机数无效 / the certificate's inputs are invalid: {e}") from None
    for key in ORDER + tuple(k for k in cert if k not in ORDER and k not in ("format", "params")):
        if d := first_difference(key, cert.get(key, ABSENT), mine.get(key, ABSENT)):
            raise Mismatch(f"证书与重算结果不同 / MISMATCH: {d}")
    n, r = mine["result"]["summary"], mine["result"]
    return (f"OK: 抽取结果已复现 / the draw is reproduced ({cert['params']['mode']}): pool of {n['pool']} objects and "
            f"{mine['pool_inspectors']} inspectors; {n['selected']} selected ({n['forced']} by rule, {n['drawn']} of "
            f"{n['candidates']} candidates), {n['removed']} left out; {sum('team' in e for e in r['selected'])} teams; "
            f"seed {mine['seed']}")


def main(argv):
    def read(path):
        with open(path, "rb") as f:
            return f.read()
    try:
        if len(argv) == 4 and argv[0] == "--run":
            rows, params = read_pool(read(argv[1]), argv[1]), load_json(read(argv[2]), argv[2])
            try:
                randomness = read(argv[3]).decode("utf-8")
            except UnicodeDecodeError:
                raise BadInput(f"{argv[3]}: 不是 UTF-8 / not UTF-8") from None
            print(json.dumps(certificate(rows, params, randomness), ensure_ascii=False, indent=2))
        elif len(argv) == 2 and not argv[0].startswith("-"):
            print(verify(read(argv[0]), read(argv[1]), argv[1]))
        else:
            print("\n".join(__doc__.strip().splitlines()[-2:]), file=sys.stderr)
            return 2
        return 0
    except (OSError, BadInput) as e:
        print(f"输入无效 / bad input: {e}", file=sys.stderr)
        return 2
    except Mismatch as e:
        print(f"✗ {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
