"""The independent verifier against a real zhifa server: the files it publishes without login
(keys, checkpoint, tlog-proof, consistency proof) verify with docs/verify_ledger.py alone, and a
doctored proof does not.  R: REC-21, REC-22"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ZHIFA = os.environ.get("ZHIFA_BIN", os.path.join(ROOT, "build", "zhifa"))
VERIFY = os.path.join(ROOT, "docs", "verify_ledger.py")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(ZHIFA):
            raise unittest.SkipTest("build/zhifa not built")
        cls.tmp = tempfile.TemporaryDirectory()
        db = "sqlite:" + os.path.join(cls.tmp.name, "z.db")
        subprocess.run([ZHIFA, "init", "--db", db, "--demo"], check=True, capture_output=True, timeout=60)
        cls.port = free_port()
        cls.proc = subprocess.Popen([ZHIFA, "serve", "--db", db, "--listen", f"127.0.0.1:{cls.port}"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                cls.get("/api/v1/healthz")
                break
            except OSError:
                time.sleep(0.1)
        cls.files = {}
        for name, path in [("keys.json", "/api/v1/ledger/keys"), ("checkpoint", "/api/v1/ledger/checkpoint"),
                           ("e7.tlog-proof", "/api/v1/ledger/entries/7/tlog-proof")]:
            cls.files[name] = cls.write(name, cls.get(path))

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=15)
        cls.tmp.cleanup()

    @classmethod
    def get(cls, path):
        with urllib.request.urlopen(f"http://127.0.0.1:{cls.port}{path}", timeout=10) as r:
            return r.read()

    @classmethod
    def write(cls, name, data):
        p = os.path.join(cls.tmp.name, name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def verify(self, *args):
        return subprocess.run([sys.executable, VERIFY, *args], capture_output=True, text=True, timeout=60)

    def test_checkpoint_verifies(self):
        r = self.verify("checkpoint", self.files["checkpoint"], "--keys", self.files["keys.json"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_tlog_proof_verifies_and_names_the_entry(self):
        r = self.verify("proof", self.files["e7.tlog-proof"], "--keys", self.files["keys.json"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn('"seq":7', r.stdout.replace(" ", ""))

    def test_doctored_proof_is_refused(self):
        text = open(self.files["e7.tlog-proof"]).read().replace("index 6", "index 5")
        p = self.write("bad.tlog-proof", text.encode())
        r = self.verify("proof", p, "--keys", self.files["keys.json"])
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)

    def test_consistency_between_published_checkpoints(self):
        old = self.write("old-checkpoint", self.get("/api/v1/ledger/checkpoint"))
        # Grow the log (a login is recorded), let the server sign a new checkpoint.
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/v1/auth/login",
                                     data=json.dumps({"username": "zj_insp1", "password": "Zhifa@2026"}).encode(),
                                     headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=10).read()
        old_size = int(open(old).read().split("\n")[1])
        for _ in range(300):  # the server signs each second; a loaded CI machine may be slower
            new_text = self.get("/api/v1/ledger/checkpoint")
            if int(new_text.decode().split("\n")[1]) > old_size:
                break
            time.sleep(0.1)
        new = self.write("new-checkpoint", new_text)
        new_size = int(new_text.decode().split("\n")[1])
        self.assertGreater(new_size, old_size)
        proof = self.write("consistency.json", self.get(f"/api/v1/ledger/consistency?from={old_size}&to={new_size}"))
        r = self.verify("consistency", old, new, proof, "--keys", self.files["keys.json"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()
