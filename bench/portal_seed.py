#!/usr/bin/env python3
"""Seeds N published disclosures into a fresh `zhifa init --demo` store, for bench/portal.sh.

Deterministic from --seed: the same N and seed give the same rows on both stores. Rows are what
src/publicity/disclosures.cpp writes on publication (a disclosure with its first version
published, current_version_id and working_version_id pointing at it, search_text built as
search_text_of builds it, masked content equal to the content since every party is a company),
loaded in bulk: one transaction on SQLite (the FTS5 triggers fill the index), COPY on
PostgreSQL. Bench rows carry no ledger entries (ledger_seq NULL): the bench measures reads.
Then ANALYZE, and on SQLite the FTS5 'optimize' a deployment would run after a bulk load.

One row is planted with a company name whose characters the generator never uses
(RARE_NAME), so a query for it matches exactly one disclosure.

Usage: portal_seed.py --sqlite PATH | --pg URL  [--n 1000000] [--seed 8]
"""
import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

RARE_NAME = "浙江鹳雀楼琥珀纺织有限公司"
KIND_LABEL = {"penalty_decision": "行政处罚决定", "other_decision": "其他行政执法决定", "check_result": "双随机抽查结果"}
CATEGORY = {"penalty": "行政处罚", "no_penalty": "不予行政处罚", "other": "其他"}

# Generator vocabulary (no character of RARE_NAME's 鹳雀楼琥珀 appears in it).
TRADE = ("华东 恒信 瑞丰 金诚 天润 宏达 新世纪 永盛 博远 嘉禾 鼎盛 海川 明辉 华泰 万通 中联 远航 东升 兴旺 鑫源 "
         "汇丰 盛世 景程 富春 钱江 之江 西溪 滨海 东方 国泰 安信 德润 和美 春晖 锦绣 星辰 宇通 长兴 联创 同心 "
         "卓越 启明 晨光 云帆 青禾 蓝海 绿源 丰收 百川 千岛 越秀 宁远 泰和 益民 顺达 佳宁 广源 立信 正泰 凯达").split()
INDUSTRY = ("纺织 服装 机械 电子 科技 建材 化工 食品 物流 商贸 建筑 房地产开发 软件 信息技术 汽车零部件 五金 "
            "家具 印染 塑料制品 包装 医药 农业开发 餐饮管理 酒店管理 旅游开发 文化传媒 电器 光伏 新材料 环保").split()
SUFFIX = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"]
BASES = [
    "《中华人民共和国统计法》第四十一条第二款第（二）项",
    "《中华人民共和国统计法》第四十一条第二款第（一）项",
    "《中华人民共和国统计法》第四十二条",
    "《中华人民共和国统计法实施条例》第四十七条",
    "《中华人民共和国统计法实施条例》第四十九条",
    "《浙江省统计管理条例》第三十六条",
    "《全国经济普查条例》第三十八条",
]
FACTS = [
    "当事人未按照国家统计调查制度的规定报送{y}年统计年报，经催报后仍未报送",
    "当事人提供不真实的统计资料，{y}年营业收入虚报{p}%，与财务报表不符",
    "当事人拒绝提供统计资料，阻碍统计调查人员依法开展{y}年统计执法检查",
    "当事人未按照规定设置原始记录和统计台账，{y}年统计数据无据可查",
    "当事人迟报{y}年第{q}季度统计资料，逾期{d}日",
    "当事人转移、隐匿统计资料，{y}年度工资总额数据与原始凭证不一致",
]
CONCL_P = ["给予警告的行政处罚", "给予警告，并处罚款{a}元的行政处罚", "给予罚款{a}元的行政处罚", "通报批评，并处罚款{a}元"]
CONCL_O = ["责令改正，不予行政处罚", "责令限期改正，首次违法且危害后果轻微，不予行政处罚", "予以诫勉谈话，责令补报统计资料"]
ITEMS = ["统计调查对象统计数据质量检查", "统计调查对象依法设置原始记录和统计台账情况检查",
         "统计调查对象依法履行统计资料报送义务情况检查", "规模以上工业企业统计数据质量检查",
         "限额以上批发零售业统计数据质量检查", "经济普查数据质量核查"]
RESULT_OK = ["未发现问题：{y}年统计年报数据与原始记录、统计台账一致", "未发现问题：统计台账设置规范，数据报送及时"]
RESULT_BAD = ["发现问题：{y}年营业收入数据与财务报表相差{p}%，已移交立案查处",
              "发现问题：未按规定设置统计台账，已责令限期整改", "发现问题：从业人员期末人数多报{d}人"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌宇浩凯健俊帆辉晨婷雪琳晓建国志文"

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


def collect_text(j, out):
    """search_text_of in src/publicity/disclosures.cpp: strings and integers, keys in sorted order."""
    if isinstance(j, bool):
        return
    if isinstance(j, str):
        out.append(j)
    elif isinstance(j, int):
        out.append(str(j))
    elif isinstance(j, dict):
        for k in sorted(j):
            collect_text(j[k], out)
    elif isinstance(j, list):
        for x in j:
            collect_text(x, out)


def search_text(kind, masked):
    out = [KIND_LABEL[kind]]
    collect_text(masked, out)
    return "".join(s + "\n" for s in out)


def search_grams(text):
    """search_grams_of in src/publicity/disclosures.cpp: distinct adjacent pairs, Latin lowered,
    pairs with whitespace left out, space-separated in first-seen order."""
    seen, out = set(), []
    for a, b in zip(text, text[1:]):
        if a in " \n\t\r" or b in " \n\t\r":
            continue
        g = "".join(ch.lower() if "A" <= ch <= "Z" else ch for ch in a + b)
        if g not in seen:
            seen.add(g)
            out.append(g)
    return " ".join(out)


def city_of(name):
    for suffix in ("市统计局", "区统计局", "县统计局", "省统计局"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return "浙江"


def rows(n, seed, bureaus, users, first_did, first_vid):
    rnd = random.Random(seed)
    today = date(2026, 11, 30)
    rare_at = n // 3
    for i in range(n):
        bid, bname, div = bureaus[rnd.randrange(len(bureaus))]
        kind = rnd.choices(("penalty_decision", "other_decision", "check_result"), (3, 1, 4))[0]
        year = 2020 + rnd.randrange(7)
        start = date(year, 1, 1)
        span = ((today if year == 2026 else date(year, 12, 31)) - start).days
        ev = start + timedelta(days=rnd.randrange(span + 1))
        pub = min(ev + timedelta(days=rnd.randrange(1, 10)), today)
        place = city_of(bname)
        name = RARE_NAME if i == rare_at else (
            place + rnd.choice(TRADE) + rnd.choice(INDUSTRY) + rnd.choice(SUFFIX))
        obj = {"credit_code": credit(div, first_did + i), "kind": "org", "name": name}
        y = ev.year - 1
        if kind == "check_result":
            problems = rnd.random() < 0.25
            res = rnd.choice(RESULT_BAD if problems else RESULT_OK).format(y=y, p=rnd.randrange(5, 60), d=rnd.randrange(2, 40))
            ins = [{"certificate_no": "%s%05d" % (div[:4] + "00", rnd.randrange(100000)),
                    "name": rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.randrange(1, 3)))}
                   for _ in range(2)]
            content = {"body": bname, "check_date": ev.isoformat(), "inspectors": ins, "item": rnd.choice(ITEMS),
                       "object": obj, "problems": problems,
                       "rectification": "已按要求整改完毕" if problems and rnd.random() < 0.5 else "", "result": res}
        else:
            cat = "penalty" if kind == "penalty_decision" else rnd.choice(("no_penalty", "other"))
            amount = rnd.randrange(1, 200) * 100000 if cat == "penalty" and rnd.random() < 0.8 else 0
            concl = rnd.choice(CONCL_P if cat == "penalty" else CONCL_O).format(a=amount // 100)
            content = {"amount_fen": amount, "body": bname, "category": cat, "category_name": CATEGORY[cat],
                       "conclusion": concl, "decision_date": ev.isoformat(),
                       "decision_number": "%s案〔%d〕%d号" % (bname, ev.year, rnd.randrange(1, 400)),
                       "facts": rnd.choice(FACTS).format(y=y, p=rnd.randrange(5, 60), q=rnd.randrange(1, 5), d=rnd.randrange(2, 40)),
                       "legal_basis": rnd.choice(BASES), "object": obj}
        due = ev + timedelta(days=9 if kind == "penalty_decision" else 28)
        cj = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        text = search_text(kind, content)
        did, vid = first_did + i, first_vid + i
        collector, reviewer, publisher = users[rnd.randrange(len(users))], users[0], users[-1]
        t0 = ev.isoformat() + "T09:%02d:00.000Z" % rnd.randrange(60)
        tp = pub.isoformat() + "T10:%02d:00.000Z" % rnd.randrange(60)
        yield ((did, bid, kind, "manual", "", ev.isoformat(), ev.year, due.isoformat(), "published", "[]", "[]",
                vid, vid, pub.isoformat(), text, search_grams(text), collector, t0),
               (vid, did, 1, cj, cj, "published", 1, collector, t0, reviewer, tp, "同意公示", publisher, tp))


D_COLS = ("id, bureau_id, kind, source_kind, source_id, event_date, year, due_on, state, persons, extra_masks, "
          "working_version_id, current_version_id, first_published_on, search_text, search_grams, created_by, created_at")
V_COLS = ("id, disclosure_id, version, content, masked, state, manual, collected_by, collected_at, reviewed_by, "
          "reviewed_at, review_note, published_by, published_at")


def seed_sqlite(path, n, seed):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA cache_size=-1000000")  # 1 GB page cache for the bulk load only
    bureaus = db.execute("SELECT id, name, division_code FROM bureaus ORDER BY id").fetchall()
    users = [r[0] for r in db.execute("SELECT id FROM users ORDER BY id LIMIT 20")]
    did = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM disclosures").fetchone()[0]
    vid = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM disclosure_versions").fetchone()[0]
    t = time.time()
    db.execute("BEGIN")
    dq = "INSERT INTO disclosures(%s) VALUES (%s)" % (D_COLS, ",".join("?" * 18))
    vq = "INSERT INTO disclosure_versions(%s) VALUES (%s)" % (V_COLS, ",".join("?" * 14))
    batch_d, batch_v = [], []
    for d, v in rows(n, seed, bureaus, users, did, vid):
        batch_d.append(d)
        batch_v.append(v)
        if len(batch_d) == 10000:
            db.executemany(dq, batch_d)
            db.executemany(vq, batch_v)
            batch_d, batch_v = [], []
    db.executemany(dq, batch_d)
    db.executemany(vq, batch_v)
    db.execute("COMMIT")
    t1 = time.time()
    db.execute("INSERT INTO disclosures_fts(disclosures_fts) VALUES('optimize')")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"# seeded {n} disclosures into SQLite in {t1 - t:.1f} s (FTS optimize + ANALYZE {time.time() - t1:.1f} s)")


def copy_text(v):
    if v is None:
        return r"\N"
    return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def seed_postgres(url, n, seed, workdir):
    def psql(sql):
        return subprocess.run(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True,
                              capture_output=True, text=True).stdout
    bureaus = [tuple(l.split("|")) for l in psql("SELECT id, name, division_code FROM bureaus ORDER BY id").split()]
    bureaus = [(int(a), b, c) for a, b, c in bureaus]
    users = [int(x) for x in psql("SELECT id FROM users ORDER BY id LIMIT 20").split()]
    did = int(psql("SELECT COALESCE(MAX(id), 0) + 1 FROM disclosures"))
    vid = int(psql("SELECT COALESCE(MAX(id), 0) + 1 FROM disclosure_versions"))
    t = time.time()
    fd, fv = os.path.join(workdir, "d.tsv"), os.path.join(workdir, "v.tsv")
    with open(fd, "w") as a, open(fv, "w") as b:
        for d, v in rows(n, seed, bureaus, users, did, vid):
            a.write("\t".join(map(copy_text, d)) + "\n")
            b.write("\t".join(map(copy_text, v)) + "\n")
    t1 = time.time()
    script = (f"BEGIN;\n\\copy disclosures({D_COLS}) FROM '{fd}'\n\\copy disclosure_versions({V_COLS}) FROM '{fv}'\n"
              "SELECT setval(pg_get_serial_sequence('disclosures','id'), (SELECT MAX(id) FROM disclosures));\n"
              "SELECT setval(pg_get_serial_sequence('disclosure_versions','id'), (SELECT MAX(id) FROM disclosure_versions));\n"
              "COMMIT;\nVACUUM ANALYZE disclosures;\nVACUUM ANALYZE disclosure_versions;\n")
    subprocess.run(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", url], input=script, check=True, text=True,
                   stdout=subprocess.DEVNULL)
    os.remove(fd)
    os.remove(fv)
    print(f"# seeded {n} disclosures into PostgreSQL: generated in {t1 - t:.1f} s, COPY + VACUUM ANALYZE {time.time() - t1:.1f} s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sqlite")
    ap.add_argument("--pg")
    ap.add_argument("--n", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--workdir", default=tempfile.gettempdir())
    a = ap.parse_args()
    if a.sqlite:
        seed_sqlite(a.sqlite, a.n, a.seed)
    elif a.pg:
        seed_postgres(a.pg, a.n, a.seed, a.workdir)
    else:
        ap.error("--sqlite or --pg")


if __name__ == "__main__":
    sys.exit(main())
