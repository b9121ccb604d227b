"""Crash safety (issue 3): SIGKILL the server during sustained writes, many times.

For each store (SQLite always; PostgreSQL when ZHIFA_TEST_PG is set) the test initialises a demo
store, then runs ZHIFA_CRASH_ROUNDS rounds (default 8). Each round starts `zhifa serve`, checks that
every write acknowledged so far (HTTP 201 with an id) is present with the right name (and, for an
evidence file, the same bytes), lets four keep-alive writer threads create departments, users and
streamed evidence uploads for a random 0.3-1.5 s, and SIGKILLs the server while requests are in
flight. With the server dead, `zhifa ledger verify` must exit 0 and the
number of ledger entries must not decrease (and must grow by at least the writes acknowledged in
the round). A last restart checks everything once more and stops the server with SIGTERM, which
must exit 0.

Requests cut by the kill are not acknowledged: they may or may not have been committed.

Environment:
  ZHIFA_BIN                  the binary (default build/zhifa)
  ZHIFA_CRASH_ROUNDS         kill rounds per store (default 8)
  ZHIFA_CRASH_SEED           random seed (default: random, printed)
  ZHIFA_TEST_PG              postgresql://... of a scratch cluster; a database is created in it
  ZHIFA_TEST_DB_REQUIRE_PG=1 fail (not skip) the PostgreSQL case when ZHIFA_TEST_PG is unset

Run: python3 -m unittest discover -s tests/crash -v
"""

import http.client
import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("ZHIFA_BIN") or str(ROOT / "build" / "zhifa")
ROUNDS = max(1, int(os.environ.get("ZHIFA_CRASH_ROUNDS", "8")))
SEED = int(os.environ.get("ZHIFA_CRASH_SEED") or random.SystemRandom().randrange(1 << 30))
WRITERS = 4
DEMO_PASSWORD = "Zhifa@2026"
NEW_PASSWORD = "Crash#2026zz"
USER_EVERY = 8  # every 8th write of a thread creates a user (password hashing is costly), others a department
EVIDENCE_EVERY = 4  # and every 4th (not 8th) uploads an evidence photo of 4-256 KiB
INSPECTOR = "zj_insp1"  # uploads the evidence (the system administrator may not)
REQ_TIMEOUT = 15.0


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HttpError(Exception):
    pass


class Client:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1:port with a bearer token."""

    def __init__(self, port, token=None):
        self.port = port
        self.token = token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQ_TIMEOUT)

    def request(self, method, path, body=None, raw=None, content_type=None):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if raw is not None:
            data = raw
            headers["Content-Type"] = content_type
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        self.conn.request(method, path, body=data, headers=headers)
        res = self.conn.getresponse()
        raw = res.read()
        try:
            doc = json.loads(raw) if raw else None
        except ValueError:
            doc = raw.decode("utf-8", "replace")
        return res.status, doc

    def expect(self, method, path, body=None, status=200):
        got, doc = self.request(method, path, body)
        if got != status:
            raise HttpError(f"{method} {path} -> {got} (expected {status}): {doc}")
        return doc

    def close(self):
        self.conn.close()


class Store:
    """A store under test: its --db URL, data directory and the log of its servers."""

    def __init__(self, kind, url, data_dir, log_path):
        self.kind, self.url, self.data_dir, self.log_path = kind, url, str(data_dir), str(log_path)

    def zhifa(self, *args, timeout=120):
        return subprocess.run([BIN, "--db", self.url, *args], capture_output=True, text=True, timeout=timeout)

    def log_tail(self, n=40):
        try:
            lines = Path(self.log_path).read_text(errors="replace").splitlines()
        except OSError:
            return "(no server log)"
        return "\n".join(lines[-n:])


class Server:
    def __init__(self, store):
        self.store = store
        self.proc = None
        self.port = None

    def start(self):
        last = ""
        for _ in range(3):  # a free port can be taken between the probe and the bind: try another
            self.port = free_port()
            logf = open(self.store.log_path, "ab")
            logf.write(f"---- serve on port {self.port}\n".encode())
            logf.flush()
            self.proc = subprocess.Popen(
                [BIN, "--db", self.store.url, "serve", "--listen", f"127.0.0.1:{self.port}", "--data", self.store.data_dir],
                stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=str(ROOT))
            logf.close()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    c = Client(self.port)
                    try:
                        if c.request("GET", "/api/v1/healthz")[0] == 200:
                            return self
                    finally:
                        c.close()
                except OSError:
                    pass
                time.sleep(0.03)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
                last = "healthz did not answer in 30 s"
            else:
                last = f"serve exited with {self.proc.returncode}"
        raise AssertionError(f"{self.store.kind}: server did not start ({last}); log:\n{self.store.log_tail()}")

    def kill(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def terminate(self, timeout=30):
        os.kill(self.proc.pid, signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"{self.store.kind}: server did not stop within {timeout} s of SIGTERM; log:\n{self.store.log_tail()}")

    def cleanup(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Writer(threading.Thread):
    """Creates departments and users with unique names until stopped or the connection breaks."""

    def __init__(self, run, index):
        super().__init__(daemon=True, name=f"writer-{index}")
        self.run_ = run
        self.index = index
        self.acks = []        # (kind, id, name, bureau_id or, for evidence, the SHA-256 of the bytes) answered 201
        self.cut = []         # (kind, name, error) cut by the kill: unknown outcome
        self.rejected = []    # (kind, name, status, body) answered but not 201
        self.errors = []      # connection errors before the kill

    def run(self):
        r = self.run_
        bureau = r.bureau_ids[self.index % len(r.bureau_ids)]
        client = Client(r.port, r.token)
        uploader = Client(r.port, r.insp_token)
        rnd = random.Random(f"{SEED}-{r.round}-{self.index}")
        seq = 0
        try:
            while not r.stop.is_set():
                seq += 1
                raw = None
                if seq % EVIDENCE_EVERY == 2:
                    kind = "evidence"
                    name = f"crash-e{r.round}-t{self.index}-{seq}"
                    raw = name.encode() + rnd.randbytes(rnd.randrange(4 << 10, 256 << 10))
                    captured = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
                    path = "/api/v1/evidence?" + urllib.parse.urlencode(
                        {"kind": "photo", "title": name, "filename": name + ".jpg", "captured_at": captured})
                elif seq % USER_EVERY == 0:
                    kind = "user"
                    name = f"cr{r.round}t{self.index}n{seq}"
                    path = "/api/v1/users"
                    body = {"username": name, "name": f"崩溃测试 {name}", "bureau_id": 1, "roles": ["inspector"],
                            "password": "Start#2026a"}
                else:
                    kind = "department"
                    name = f"crash-r{r.round}-t{self.index}-{seq}"
                    path = f"/api/v1/bureaus/{bureau}/departments"
                    body = {"name": name}
                with r.lock:
                    r.inflight += 1
                try:
                    if raw is not None:
                        status, doc = uploader.request("POST", path, raw=raw, content_type="image/jpeg")
                    else:
                        status, doc = client.request("POST", path, body)
                except (OSError, http.client.HTTPException) as e:
                    if r.killed.is_set():
                        self.cut.append((kind, name, repr(e)))
                        return
                    self.errors.append((kind, name, repr(e)))
                    client.close()
                    uploader.close()
                    client = Client(r.port, r.token)
                    uploader = Client(r.port, r.insp_token)
                    continue
                finally:
                    with r.lock:
                        r.inflight -= 1
                if status == 201 and isinstance(doc, dict) and isinstance(doc.get("id"), int):
                    extra = {"department": bureau, "user": 1, "evidence": hashlib.sha256(raw or b"").hexdigest()}[kind]
                    self.acks.append((kind, doc["id"], name, extra))
                    if kind == "user" and doc.get("username") != name:
                        self.rejected.append((kind, name, status, f"answered username {doc.get('username')!r}"))
                else:
                    self.rejected.append((kind, name, status, doc))
        finally:
            client.close()
            uploader.close()


class RoundState:
    def __init__(self, rnd, port, token, bureau_ids, insp_token):
        self.round, self.port, self.token, self.bureau_ids = rnd, port, token, bureau_ids
        self.insp_token = insp_token
        self.stop = threading.Event()
        self.killed = threading.Event()
        self.lock = threading.Lock()
        self.inflight = 0


class CrashTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="zhifa-crash-")
        self.servers = []
        self.cleanups_pg = []

    def tearDown(self):
        for s in self.servers:
            s.cleanup()
        for fn in self.cleanups_pg:
            try:
                fn()
            except Exception as e:  # cleanup must not mask the test's outcome
                log(f"cleanup: {e}")
        if getattr(self, "_outcome", None) is not None and self._failed():
            log(f"kept {self.tmp} for inspection")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _failed(self):
        res = self._outcome.result
        return any(t is self for t, _ in list(getattr(res, "failures", [])) + list(getattr(res, "errors", [])))

    # --- the stores

    def test_sqlite(self):
        d = Path(self.tmp) / "sqlite"
        d.mkdir()
        store = Store("sqlite", f"sqlite:{d / 'z.db'}", d, Path(self.tmp) / "sqlite-serve.log")
        self.run_crash_rounds(store)

    def test_postgresql(self):
        base = os.environ.get("ZHIFA_TEST_PG", "")
        if not base:
            if os.environ.get("ZHIFA_TEST_DB_REQUIRE_PG") == "1":
                self.fail("ZHIFA_TEST_DB_REQUIRE_PG=1 but ZHIFA_TEST_PG is not set")
            self.skipTest("ZHIFA_TEST_PG is not set")
        if not shutil.which("psql"):
            self.fail("psql is needed to create the test database")
        name = f"zhifa_crash_{os.getpid()}_{random.SystemRandom().randrange(1 << 30)}"
        self.psql(base, f'CREATE DATABASE "{name}"')
        self.cleanups_pg.append(lambda: self.psql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        u = urllib.parse.urlsplit(base)
        url = urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + name, u.query, u.fragment))
        d = Path(self.tmp) / "pg"
        d.mkdir()
        store = Store("postgresql", url, d, Path(self.tmp) / "pg-serve.log")
        self.run_crash_rounds(store)

    def psql(self, url, sql):
        p = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise AssertionError(f"psql {sql!r} failed ({p.returncode}): {p.stderr.strip()}")
        return p.stdout

    # --- the rounds

    def run_crash_rounds(self, store):
        rng = random.Random(f"{SEED}-{store.kind}")
        t0 = time.monotonic()
        log(f"\n[{store.kind}] seed {SEED}, {ROUNDS} rounds, {WRITERS} writers, binary {BIN}")
        p = store.zhifa("init", "--demo", "--data", store.data_dir)
        self.assertEqual(p.returncode, 0, f"{store.kind}: zhifa init --demo failed:\n{p.stdout[-2000:]}\n{p.stderr}")
        entries = self.verify(store, "after init")
        log(f"[{store.kind}] init: {entries} ledger entries")

        acked = {}  # (kind, id) -> (name, bureau_id, round)
        token = None
        bureau_ids = None
        insp_token = None
        for rnd in range(1, ROUNDS + 1):
            srv = self.start(store)
            if token is None:
                token, bureau_ids = self.first_login(store, srv)
                insp_token = self.login_changing_password(srv, INSPECTOR)
            restart_check = self.check_present(store, srv, token, acked, f"after restart {rnd}", insp_token)

            state = RoundState(rnd, srv.port, token, bureau_ids, insp_token)
            writers = [Writer(state, i) for i in range(WRITERS)]
            for w in writers:
                w.start()
            dur = rng.uniform(0.3, 1.5)
            time.sleep(dur)
            # Kill while requests are in flight (there almost always are; wait briefly if not).
            deadline = time.monotonic() + 0.5
            while state.inflight == 0 and time.monotonic() < deadline:
                time.sleep(0.001)
            inflight = state.inflight
            state.killed.set()
            srv.kill()
            state.stop.set()
            for w in writers:
                w.join(timeout=REQ_TIMEOUT + 5)
                self.assertFalse(w.is_alive(), f"{store.kind} round {rnd}: {w.name} did not finish after the kill")

            round_acks = [a for w in writers for a in w.acks]
            cut = sum(len(w.cut) for w in writers)
            rejected = [x for w in writers for x in w.rejected]
            errors = [x for w in writers for x in w.errors]
            if errors:
                self.fail(f"{store.kind} round {rnd}: connection errors before the kill: {errors[:5]}")
            # Any answer but 201 to a valid, uniquely named create is a server fault; 503 (busy) is allowed back-pressure.
            bad = [x for x in rejected if x[2] != 503]
            if bad:
                self.fail(f"{store.kind} round {rnd}: writes refused: {bad[:5]}")
            for kind, id_, name, bureau in round_acks:
                key = (kind, id_)
                self.assertNotIn(key, acked, f"{store.kind} round {rnd}: {kind} id {id_} ({name}) was acknowledged "
                                             f"before as {acked.get(key)}: an acknowledged row was lost and its id reused")
                acked[key] = (name, bureau, rnd)

            new_entries = self.verify(store, f"after kill {rnd}")
            self.assertGreaterEqual(new_entries, entries, f"{store.kind} round {rnd}: ledger shrank from {entries} to {new_entries}")
            self.assertGreaterEqual(new_entries - entries, len(round_acks),
                                    f"{store.kind} round {rnd}: {len(round_acks)} writes acknowledged but the ledger grew "
                                    f"only by {new_entries - entries} ({entries} -> {new_entries})")
            log(f"[{store.kind}] round {rnd}: {restart_check} checked after restart; ran "
                f"{dur:.2f} s, acked {len(round_acks)} "
                f"({sum(1 for a in round_acks if a[0] == 'user')} users, "
                f"{sum(1 for a in round_acks if a[0] == 'evidence')} evidence files), cut {cut}, in flight at kill {inflight}, "
                f"503s {len(rejected) - len(bad)}; ledger {entries} -> {new_entries}")
            entries = new_entries

        # Final: restart, check everything, stop gracefully.
        srv = self.start(store)
        n = self.check_present(store, srv, token, acked, "after final restart", insp_token)
        code = srv.terminate()
        self.assertEqual(code, 0, f"{store.kind}: SIGTERM exit code {code}; log:\n{store.log_tail()}")
        final = self.verify(store, "after SIGTERM")
        self.assertGreaterEqual(final, entries, f"{store.kind}: ledger shrank from {entries} to {final} after the final restart")
        log(f"[{store.kind}] final: {n} acknowledged writes present, SIGTERM exit 0, ledger {final} entries, "
            f"{time.monotonic() - t0:.1f} s")

    def start(self, store):
        srv = Server(store)
        self.servers.append(srv)
        return srv.start()

    def first_login(self, store, srv):
        c = Client(srv.port)
        try:
            tok = c.expect("POST", "/api/v1/auth/login", {"username": "sysadmin", "password": DEMO_PASSWORD})["token"]
            c.token = tok
            c.expect("POST", "/api/v1/auth/password", {"old_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD})
            bureaus = c.expect("GET", "/api/v1/bureaus")["items"]
            ids = sorted(b["id"] for b in bureaus)
            self.assertTrue(ids, f"{store.kind}: sysadmin sees no bureaus")
            return tok, ids[:WRITERS]
        finally:
            c.close()

    def login_changing_password(self, srv, username):
        c = Client(srv.port)
        try:
            c.token = c.expect("POST", "/api/v1/auth/login", {"username": username, "password": DEMO_PASSWORD})["token"]
            c.expect("POST", "/api/v1/auth/password", {"old_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD})
            return c.token
        finally:
            c.close()

    def check_present(self, store, srv, token, acked, when, insp_token):
        """Every acknowledged write is there with its name (and an evidence file with its bytes),
        read back through the API."""
        c = Client(srv.port, token)
        insp = Client(srv.port, insp_token)
        try:
            me = c.request("GET", "/api/v1/auth/me")
            self.assertEqual(me[0], 200, f"{store.kind} {when}: the session (created and acknowledged before the "
                                         f"first kill) no longer works: {me}")
            deps = {}
            for b in sorted({v[1] for (k, _), v in acked.items() if k == "department"}):
                for d in c.expect("GET", f"/api/v1/bureaus/{b}/departments")["items"]:
                    deps[d["id"]] = d
            missing = []
            for (kind, id_), (name, bureau, rnd) in sorted(acked.items(), key=lambda kv: (kv[1][2], kv[0])):
                if kind == "department":
                    d = deps.get(id_)
                    if d is None or d.get("name") != name or d.get("bureau_id") != bureau:
                        missing.append(f"department id {id_} {name!r} in bureau {bureau} (acknowledged in round {rnd}): "
                                       f"found {d}")
                elif kind == "evidence":
                    status, e = insp.request("GET", f"/api/v1/evidence/{id_}")
                    if status != 200 or e.get("title") != name:
                        missing.append(f"evidence id {id_} {name!r} (acknowledged in round {rnd}): GET -> {status} {e}")
                        continue
                    insp.conn.request("GET", f"/api/v1/evidence/{id_}/content", headers={"Authorization": "Bearer " + insp_token})
                    res = insp.conn.getresponse()
                    body = res.read()
                    if res.status != 200 or hashlib.sha256(body).hexdigest() != bureau:
                        missing.append(f"evidence id {id_} {name!r} (acknowledged in round {rnd}): content -> {res.status}, "
                                       f"{len(body)} bytes, not the bytes uploaded")
                else:
                    status, u = c.request("GET", f"/api/v1/users/{id_}")
                    if status != 200 or u.get("username") != name:
                        missing.append(f"user id {id_} {name!r} (acknowledged in round {rnd}): GET -> {status} {u}")
            if missing:
                self.fail(f"{store.kind} {when}: {len(missing)} of {len(acked)} acknowledged writes missing "
                          f"or changed:\n  " + "\n  ".join(missing[:20]))
            return len(acked)
        finally:
            c.close()
            insp.close()

    def verify(self, store, when):
        p = store.zhifa("ledger", "verify", "--data", store.data_dir)
        out = (p.stdout + p.stderr).strip()
        self.assertEqual(p.returncode, 0, f"{store.kind}: `zhifa --db {store.url} ledger verify` {when} exited "
                                          f"{p.returncode}:\n{out}\nserver log tail:\n{store.log_tail()}")
        m = re.search(r"(\d+) 条记录", p.stdout)
        self.assertIsNotNone(m, f"{store.kind}: cannot read the entry count from verify's output: {out}")
        return int(m.group(1))


if __name__ == "__main__":
    unittest.main(verbosity=2)
