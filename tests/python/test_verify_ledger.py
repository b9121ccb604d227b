"""Tests for docs/verify_ledger.py, with fixtures built here from scratch: keys and signatures from
the `openssl` command, Merkle trees from a small recursive builder written from the RFC 6962 §2.1
definitions. Plus static fixtures emitted by the server's C++ code (fixtures/gen_fixtures.cpp).
Run: python3 -m unittest discover -s tests/python -v
"""
import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPT = os.path.join(ROOT, "docs", "verify_ledger.py")
FIX = os.path.join(HERE, "fixtures")
sys.path.insert(0, os.path.join(ROOT, "docs"))
import verify_ledger as vl  # noqa: E402

HASH = {"sm3": lambda d: hashlib.new("sm3", d).digest(), "sha256": lambda d: hashlib.sha256(d).digest()}
ORIGIN = "zhifa.ledger/330000-test"
DASH = "\u2014 "
B64 = lambda raw: base64.b64encode(raw).decode()


# ---- independent Merkle tree (RFC 6962 §2.1, literally) ----
def _k(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(h, d):
    if len(d) == 0:
        return h(b"")
    if len(d) == 1:
        return h(b"\x00" + d[0])
    k = _k(len(d))
    return h(b"\x01" + mth(h, d[:k]) + mth(h, d[k:]))


def path(h, m, d):
    if len(d) <= 1:
        return []
    k = _k(len(d))
    return path(h, m, d[:k]) + [mth(h, d[k:])] if m < k else path(h, m - k, d[k:]) + [mth(h, d[:k])]


def subproof(h, m, d, b):
    if m == len(d):
        return [] if b else [mth(h, d)]
    k = _k(len(d))
    if m <= k:
        return subproof(h, m, d[:k], b) + [mth(h, d[k:])]
    return subproof(h, m - k, d[k:], False) + [mth(h, d[:k])]


def entries(n):
    return [('{"action":"test.write","seq":%d,"subject_id":"案件-%d"}' % (i + 1, i)).encode() for i in range(n)]


# ---- keys and signatures from the openssl command ----
TMP = None
KEYS = {}


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout


class TKey:
    def __init__(self, kind, name):
        self.kind, self.name = kind, name
        self.pem = os.path.join(TMP, f"key{len(os.listdir(TMP))}.pem")
        if kind == "ed25519":
            openssl("genpkey", "-algorithm", "ED25519", "-out", self.pem)
        else:
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", self.pem)
        der = openssl("pkey", "-in", self.pem, "-pubout", "-outform", "DER")
        if kind == "ed25519":
            assert der[:12] == bytes.fromhex("302a300506032b6570032100")
            self.typ, self.pub = b"\x01", der[12:]
        else:
            self.typ, self.pub = b"\xffzhifa-sm2-sm3", der
        self.id = hashlib.sha256(name.encode() + b"\n" + self.typ + self.pub).digest()[:4]
        self.vkey = f"{name}+{self.id.hex()}+{B64(self.typ + self.pub)}"
        self._cache = {}

    def sign(self, text: bytes) -> bytes:
        if text not in self._cache:
            msg = os.path.join(TMP, "msg")
            with open(msg, "wb") as f:
                f.write(text)
            extra = ["-digest", "sm3", "-pkeyopt", "distid:1234567812345678"] if self.kind == "sm2" else []
            self._cache[text] = openssl("pkeyutl", "-sign", "-rawin", "-inkey", self.pem, "-in", msg, *extra)
        return self._cache[text]

    def line(self, text: str, key_id=None, sig=None) -> str:
        sig = self.sign(text.encode()) if sig is None else sig
        return f"{DASH}{self.name} {B64((key_id or self.id) + sig)}\n"


def note(text, signers):
    return text + "\n" + "".join(k.line(text) for k in signers)


def cp_text(h, n, origin=ORIGIN, root=None):
    return f"{origin}\n{n}\n{B64(root if root is not None else mth(HASH[h], entries(n)))}\n"


def tlog_proof(h, index, n, signers=None, entry=None, hashes=None, cp=None):
    d = entries(n)
    hashes = path(HASH[h], index, d) if hashes is None else hashes
    out = f"c2sp.org/tlog-proof@v1\nextra {B64(d[index] if entry is None else entry)}\nindex {index}\n"
    out += "".join(B64(x) + "\n" for x in hashes)
    return out + "\n" + (cp or note(cp_text(h, n), signers or [KEYS["ed"], KEYS["sm2"]]))


def setUpModule():
    global TMP
    TMP = tempfile.mkdtemp(prefix="verify-ledger-test-")
    KEYS["ed"] = TKey("ed25519", ORIGIN)
    KEYS["sm2"] = TKey("sm2", ORIGIN)
    KEYS["ed2"] = TKey("ed25519", ORIGIN)  # same name, different key: a wrong key
    KEYS["witness"] = TKey("ed25519", "witness.example")
    KEYS["sm2b"] = TKey("sm2", ORIGIN)


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)


def write(content, name="f"):
    p = os.path.join(TMP, f"{len(os.listdir(TMP))}-{name}")
    with open(p, "w", encoding="utf-8", newline="") as f:
        f.write(content)
    return p


def keysfile(*names):
    return write("".join(KEYS[n].vkey + "\n" for n in names), "vkeys")


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = vl.main([str(a) for a in argv])
        except SystemExit as e:
            code = e.code
    return code, out.getvalue(), err.getvalue()


class Base(unittest.TestCase):
    def ok(self, *argv):
        code, out, err = run(*argv)
        self.assertEqual(code, 0, err)
        return out

    def bad(self, msg, *argv):
        code, out, err = run(*argv)
        self.assertEqual(code, 1, out + err)
        self.assertIn(msg, err)
        return err


class TestSM3(unittest.TestCase):
    def test_known_answers(self):
        self.assertEqual(vl.sm3_pure(b"abc").hex(), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        self.assertEqual(vl.sm3_pure(b"abcd" * 16).hex(), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
        self.assertEqual(vl.sm3(b"abc").hex(), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")

    def test_fallback_equals_hashlib(self):
        self.assertIn("sm3", hashlib.algorithms_available)
        for n in list(range(0, 130)) + [1000, 4097]:
            data = hashlib.sha512(str(n).encode()).digest() * (n // 64 + 1)
            self.assertEqual(vl.sm3_pure(data[:n]), hashlib.new("sm3", data[:n]).digest(), n)

    def test_fallback_used_without_hashlib_sm3(self):
        with mock.patch.object(vl.hashlib, "new", side_effect=ValueError("unsupported hash type sm3")):
            self.assertEqual(vl.sm3(b"abc").hex()[:8], "66c7f0f4")
            text = cp_text("sha256", 3)
            self.assertEqual(vl.open_note(note(text, [KEYS["sm2"]]), [vl.Key(KEYS["sm2"].vkey)])[0], text)


class TestEd25519(unittest.TestCase):
    PUB = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    SIG = bytes.fromhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")

    def test_rfc8032_vector_1(self):
        self.assertTrue(vl.ed25519_verify(self.PUB, b"", self.SIG))
        self.assertFalse(vl.ed25519_verify(self.PUB, b"\x00", self.SIG))
        for i in (0, 31, 32, 63):
            bad = bytearray(self.SIG)
            bad[i] ^= 1
            self.assertFalse(vl.ed25519_verify(self.PUB, b"", bytes(bad)), i)

    def test_non_canonical_s_rejected(self):
        s = int.from_bytes(self.SIG[32:], "little") + vl.ED_L
        self.assertFalse(vl.ed25519_verify(self.PUB, b"", self.SIG[:32] + s.to_bytes(32, "little")))

    def test_openssl_signature(self):
        k = KEYS["ed"]
        self.assertTrue(vl.ed25519_verify(k.pub, b"hello\n", k.sign(b"hello\n")))
        self.assertFalse(vl.ed25519_verify(k.pub, b"hello!", k.sign(b"hello\n")))
        self.assertFalse(vl.ed25519_verify(KEYS["ed2"].pub, b"hello\n", k.sign(b"hello\n")))


class TestSM2(unittest.TestCase):
    def test_curve_parameters_match_openssl(self):
        text = openssl("ecparam", "-name", "SM2", "-param_enc", "explicit", "-text", "-noout").decode()
        val = lambda label: int(re.search(re.escape(label) + r"\s*\n((?:\s+[0-9a-f:]+\n)+)", text).group(1).replace(":", "").replace(" ", "").replace("\n", ""), 16)
        self.assertEqual(val("Prime:"), vl.SM2_P)
        self.assertEqual(val("A:"), vl.SM2_A)
        self.assertEqual(val("B:"), vl.SM2_B)
        self.assertEqual(val("Order:"), vl.SM2_N)
        self.assertEqual(val("Generator (uncompressed):"), (4 << 512) | (vl.SM2_G[0] << 256) | vl.SM2_G[1])

    def test_openssl_signature(self):
        k = KEYS["sm2"]
        pt = vl.sm2_public_key(k.pub)
        sig = k.sign(b"hello\n")
        self.assertTrue(vl.sm2_verify(pt, b"hello\n", sig))
        self.assertFalse(vl.sm2_verify(pt, b"hello!", sig))
        self.assertFalse(vl.sm2_verify(vl.sm2_public_key(KEYS["sm2b"].pub), b"hello\n", sig))
        self.assertFalse(vl.sm2_verify(pt, b"hello\n", sig + b"\x00"))  # trailing byte: not DER
        r, s = vl.der_signature(sig)
        enc = lambda v: b"\x02" + bytes([len(v)]) + v
        swapped = enc(s.to_bytes(33, "big")) + enc(r.to_bytes(33, "big"))
        self.assertFalse(vl.sm2_verify(pt, b"hello\n", b"\x30" + bytes([len(swapped)]) + swapped))

    def test_point_off_curve_rejected(self):
        der = bytearray(KEYS["sm2"].pub)
        der[-1] ^= 1
        with self.assertRaisesRegex(vl.Fail, "not on the curve"):
            vl.sm2_public_key(bytes(der))


class TestMerkle(unittest.TestCase):
    """Every index and every consistency pair of sizes 1..40, both hashes, against the builder above."""

    def test_inclusion_all(self):
        for name, h in HASH.items():
            for n in range(1, 41):
                d = entries(n)
                root = mth(h, d)
                for i in range(n):
                    p, leaf = path(h, i, d), h(b"\x00" + d[i])
                    vl.verify_inclusion(h, i, n, leaf, p, root)
                    cases = [((i + 1) % n, n, p, "inclusion"), (i, n, p + [root], "too many"), (n, n, p, "index")]
                    if p:
                        cases += [(i, n, p[:-1], "too few"), (i, n, [bytes(32)] + p[1:], "does not match")]
                    for bad_i, bad_n, bad_p, msg in cases:
                        if (bad_i, bad_n, bad_p) != (i, n, p):
                            with self.assertRaisesRegex(vl.Fail, msg):
                                vl.verify_inclusion(h, bad_i, bad_n, leaf, bad_p, root)

    def test_consistency_all(self):
        for name, h in HASH.items():
            roots = [None] + [mth(h, entries(n)) for n in range(1, 41)]
            d = entries(40)
            for n in range(1, 41):
                for m in range(1, n + 1):
                    p = subproof(h, m, d[:n], True) if m < n else []
                    vl.verify_consistency(h, m, n, roots[m], roots[n], p)
                    if m == n:
                        continue
                    for args in [(m, n, roots[m], roots[n], p[:-1]), (m, n, roots[m], roots[n], p + [roots[1]]),
                                 (m, n, roots[m], roots[n], [bytes(32)] + p[1:]), (m, n, roots[n], roots[n], p),
                                 (m, n, roots[m], roots[m], p), (n, m, roots[n], roots[m], p)]:
                        with self.assertRaises(vl.Fail):
                            vl.verify_consistency(h, *args)


class TestCheckpointCLI(Base):
    def test_valid_sizes_both_hashes(self):
        for h in HASH:
            for n in (1, 2, 7, 40):
                f = write(note(cp_text(h, n), [KEYS["ed"], KEYS["sm2"]]))
                out = self.ok("checkpoint", f, "--keys", keysfile("ed", "sm2"), "--origin", ORIGIN)
                self.assertIn(f"size {n}", out)
                self.assertIn(f"{ORIGIN}+{KEYS['ed'].id.hex()} (Ed25519)", out)
                self.assertIn(f"{ORIGIN}+{KEYS['sm2'].id.hex()} (SM2)", out)

    def test_key_option_and_single_key(self):
        f = write(note(cp_text("sm3", 3), [KEYS["ed"], KEYS["sm2"]]))
        out = self.ok("checkpoint", f, "--key", KEYS["sm2"].vkey)
        self.assertIn("(SM2)", out)
        self.assertIn("ignored unknown: 1", out)

    def test_unknown_signatures_ignored(self):
        text = cp_text("sm3", 5)
        junk = f"{DASH}someone.else {B64(b'abcd' + bytes(64))}\n"
        f = write(text + "\n" + KEYS["witness"].line(text) + junk + KEYS["ed"].line(text) + KEYS["sm2"].line(text))
        out = self.ok("checkpoint", f, "--keys", keysfile("ed", "sm2"))
        self.assertIn("ignored unknown: 2", out)

    def test_tampered_size_and_root(self):
        text = cp_text("sm3", 13)
        signed = note(text, [KEYS["ed"], KEYS["sm2"]])
        for tampered in (signed.replace("\n13\n", "\n14\n", 1), signed.replace(text.split("\n")[2], B64(bytes(32)), 1)):
            self.bad(f"signature by {ORIGIN}+{KEYS['ed'].id.hex()} (Ed25519) does NOT verify",
                     "checkpoint", write(tampered), "--keys", keysfile("ed", "sm2"))
        self.bad(f"signature by {ORIGIN}+{KEYS['sm2'].id.hex()} (SM2) does NOT verify",
                 "checkpoint", write(signed.replace("\n13\n", "\n14\n", 1)), "--keys", keysfile("sm2"))

    def test_signature_byte_flipped(self):
        text = cp_text("sha256", 9)
        for name in ("ed", "sm2"):
            k = KEYS[name]
            for pos in (0, 10, -1):
                sig = bytearray(k.sign(text.encode()))
                sig[pos] ^= 0x01
                f = write(text + "\n" + k.line(text, sig=bytes(sig)))
                self.bad(f"{k.name}+{k.id.hex()} ({'Ed25519' if name == 'ed' else 'SM2'}) does NOT verify",
                         "checkpoint", f, "--keys", keysfile("ed", "sm2"))

    def test_signed_by_other_key_under_known_id(self):
        text = cp_text("sm3", 4)
        f = write(text + "\n" + KEYS["ed2"].line(text, key_id=KEYS["ed"].id))
        self.bad("does NOT verify", "checkpoint", f, "--keys", keysfile("ed"))

    def test_wrong_keys(self):
        f = write(note(cp_text("sm3", 4), [KEYS["ed"], KEYS["sm2"]]))
        self.bad("no signature from any trusted key", "checkpoint", f, "--keys", keysfile("ed2", "sm2b"))

    def test_key_id_mismatch(self):
        k = KEYS["ed"]
        wrong_id = k.vkey.replace(k.id.hex(), "%08x" % (int(k.id.hex(), 16) ^ 1))
        f = write(note(cp_text("sm3", 4), [k]))
        self.bad("key id mismatch", "checkpoint", f, "--key", wrong_id)
        other_pub = f"{k.name}+{k.id.hex()}+{B64(KEYS['ed2'].typ + KEYS['ed2'].pub)}"  # right id, other key
        self.bad("key id mismatch", "checkpoint", f, "--key", other_pub)
        renamed = k.vkey.replace(ORIGIN, "zhifa.ledger/other", 1)
        self.bad("key id mismatch", "checkpoint", f, "--key", renamed)

    def test_origin_and_format(self):
        signed = note(cp_text("sm3", 4), [KEYS["ed"]])
        self.bad("origin mismatch", "checkpoint", write(signed), "--key", KEYS["ed"].vkey, "--origin", "zhifa.ledger/x")
        self.bad("control character", "checkpoint", write(signed.replace("\n", "\r\n")), "--key", KEYS["ed"].vkey)
        self.bad("no blank line", "checkpoint", write(signed.replace("\n\n", "\n")), "--key", KEYS["ed"].vkey)
        lead0 = note(cp_text("sm3", 4).replace("\n4\n", "\n04\n"), [KEYS["ed"]])
        self.bad("bad tree size", "checkpoint", write(lead0), "--key", KEYS["ed"].vkey)
        self.bad("malformed signature line", "checkpoint", write(signed.replace(DASH, "- ")), "--key", KEYS["ed"].vkey)

    def test_extension_lines_ignored(self):
        text = cp_text("sm3", 4) + "extension line\n"
        out = self.ok("checkpoint", write(note(text, [KEYS["sm2"]])), "--key", KEYS["sm2"].vkey)
        self.assertIn("size 4", out)


class TestProofCLI(Base):
    def test_valid_sizes_both_hashes(self):
        keys = keysfile("ed", "sm2")
        for h in HASH:
            for n in (1, 2, 3, 8, 13, 31, 40):
                for i in sorted({0, n // 2, n - 1}):
                    out = self.ok("proof", write(tlog_proof(h, i, n)), "--keys", keys, "--hash", h, "--origin", ORIGIN)
                    self.assertIn(f"index: {i}", out)
                    self.assertIn(f'"seq": {i + 1}', out)
                    self.assertIn(f"案件-{i}", out)

    def test_default_hash_is_sm3(self):
        self.ok("proof", write(tlog_proof("sm3", 4, 9)), "--keys", keysfile("ed", "sm2"))
        self.bad("recomputed root does not match", "proof", write(tlog_proof("sha256", 4, 9)), "--keys", keysfile("ed", "sm2"))

    def test_keys_json_from_api(self):
        doc = '{"origin": "%s", "hash": "sha256", "verifier_keys": ["%s", "%s"]}' % (ORIGIN, KEYS["ed"].vkey, KEYS["sm2"].vkey)
        out = self.ok("proof", write(tlog_proof("sha256", 2, 5)), "--keys", write(doc))  # hash taken from the JSON
        self.assertIn("hash: sha256", out)
        other = tlog_proof("sha256", 2, 5, cp=note(cp_text("sha256", 5, origin="zhifa.ledger/other"), [KEYS["ed"]]))
        self.bad("origin mismatch", "proof", write(other), "--keys", write(doc))

    def test_rejections(self):
        keys = keysfile("ed", "sm2")
        h, n, i = "sm3", 13, 6
        d, good = entries(n), tlog_proof(h, i, n)
        p = path(HASH[h], i, d)
        bad_entry = d[i].replace(b"test.write", b"test.wrote")
        flipped = [p[0], bytes([p[1][0] ^ 1]) + p[1][1:]] + p[2:]
        cases = [
            ("recomputed root does not match", tlog_proof(h, i, n, entry=bad_entry)),  # entry byte
            ("recomputed root does not match", tlog_proof(h, i, n, hashes=flipped)),  # proof hash
            ("too few hashes", tlog_proof(h, i, n, hashes=p[:-1])),
            ("too many hashes", tlog_proof(h, i, n, hashes=p + [p[0]])),
            ("recomputed root does not match", good.replace(f"index {i}\n", f"index {i + 1}\n")),  # index
            ("index 13 >= tree size 13", good.replace(f"index {i}\n", "index 13\n")),
            ("does NOT verify", good.replace(f"\n{n}\n", f"\n{n + 1}\n")),  # size, tampered note
            ("too many hashes", tlog_proof(h, i, n, cp=note(cp_text(h, 7, root=mth(HASH[h], d)), [KEYS["ed"]]))),  # size, re-signed
            ("too few hashes", tlog_proof(h, i, n, cp=note(cp_text(h, 40, root=mth(HASH[h], d)), [KEYS["ed"]]))),
            ("recomputed root does not match", tlog_proof(h, i, n, cp=note(cp_text(h, n, root=bytes(32)), [KEYS["sm2"]]))),  # root
            ("first line", good.replace("tlog-proof@v1", "tlog-proof@v2")),
            ("must be 'index <n>'", good.replace(f"index {i}\n", f"index 0{i}\n")),
            ("not a 32-byte hash", good.replace(B64(p[0]), B64(p[0][:31]))),
            ("no 'extra'", re.sub(r"extra .*\n", "", good)),
            ("entry seq does not equal index+1", tlog_proof(h, 0, 1, entry=entries(2)[1], cp=note(
                cp_text(h, 1, root=mth(HASH[h], entries(2)[1:])), [KEYS["ed"]]))),
        ]
        for msg, content in cases:
            with self.subTest(msg=msg):
                self.bad(msg, "proof", write(content), "--keys", keys)
        sig = bytearray(KEYS["sm2"].sign(cp_text(h, n).encode()))
        sig[-1] ^= 1
        cp = cp_text(h, n) + "\n" + KEYS["ed"].line(cp_text(h, n)) + KEYS["sm2"].line(cp_text(h, n), sig=bytes(sig))
        self.bad(f"{KEYS['sm2'].id.hex()} (SM2) does NOT verify", "proof", write(tlog_proof(h, i, n, cp=cp)), "--keys", keys)


class TestConsistencyCLI(Base):
    def files(self, h, m, n, proof=None, signers=None):
        s = signers or [KEYS["ed"], KEYS["sm2"]]
        p = subproof(HASH[h], m, entries(n), True) if m < n else []
        p = p if proof is None else proof
        return write(note(cp_text(h, m), s)), write(note(cp_text(h, n), s)), write("".join(B64(x) + "\n" for x in p))

    def test_valid(self):
        keys = keysfile("ed", "sm2")
        for h in HASH:
            for m, n in [(1, 1), (1, 2), (1, 40), (3, 7), (4, 8), (5, 13), (8, 16), (13, 13), (16, 17), (39, 40)]:
                out = self.ok("consistency", *self.files(h, m, n), "--keys", keys, "--hash", h)
                self.assertIn(f"size {m}", out)
                self.assertIn(f"size {n}", out)

    def test_rejections(self):
        keys, h = keysfile("ed", "sm2"), "sha256"
        p = subproof(HASH[h], 5, entries(13), True)
        old, new, proof = self.files(h, 5, 13)
        self.bad("recomputed OLD root", "consistency", old, new, self.files(h, 5, 13, [bytes(32)] + p[1:])[2], "--keys", keys, "--hash", h)
        self.bad("recomputed NEW root", "consistency", old, new, self.files(h, 5, 13, p[:-1] + [bytes(32)])[2], "--keys", keys, "--hash", h)
        self.bad("too few hashes", "consistency", old, new, self.files(h, 5, 13, p[:-1])[2], "--keys", keys, "--hash", h)
        self.bad("old size <= new size", "consistency", new, old, proof, "--keys", keys, "--hash", h)
        self.bad("recomputed", "consistency", old, new, proof, "--keys", keys, "--hash", "sm3")
        other = write(note(cp_text(h, 13, origin="zhifa.ledger/other"), [KEYS["ed"]]))
        self.bad("different origins", "consistency", old, other, proof, "--keys", keys, "--hash", h)
        forked = write(note(cp_text(h, 13, root=mth(HASH[h], entries(12) + [b"forged"])), [KEYS["ed"]]))
        self.bad("recomputed NEW root", "consistency", old, forked, proof, "--keys", keys, "--hash", h)
        self.bad("old checkpoint", "consistency", write("x\n"), new, proof, "--keys", keys, "--hash", h)

    def test_json_proof_from_api(self):
        h = "sm3"
        old, new, _ = self.files(h, 3, 7)
        p = subproof(HASH[h], 3, entries(7), True)
        doc = '{"from": 3, "to": 7, "proof": [%s]}' % ", ".join(f'"{B64(x)}"' for x in p)
        self.ok("consistency", old, new, write(doc), "--keys", keysfile("ed", "sm2"))
        self.bad("proof is for 3", "consistency", old, new, write(doc.replace('"to": 7', '"to": 8')), "--keys", keysfile("ed"))


class TestServerFixtures(Base):
    """Static files emitted by the server's own C++ code (fixtures/gen_fixtures.cpp)."""

    def f(self, name):
        return os.path.join(FIX, name)

    def test_accepted(self):
        keys = self.f("keys.vkeys")
        for h in HASH:
            out = self.ok("checkpoint", self.f(f"{h}-13.checkpoint"), "--keys", keys)
            self.assertIn("(Ed25519)", out)
            self.assertIn("(SM2)", out)
            self.assertIn("ignored unknown: 1", out)
            out = self.ok("proof", self.f(f"{h}-7.tlog-proof"), "--keys", keys, "--hash", h, "--origin", "zhifa.ledger/330000-fixture")
            self.assertIn('"subject_id": "案件-6"', out)
            self.ok("consistency", self.f(f"{h}-5.checkpoint"), self.f(f"{h}-13.checkpoint"), self.f(f"{h}-5-13.consistency"),
                    "--keys", keys, "--hash", h)
            self.ok("checkpoint", self.f(f"{h}-5.checkpoint"), "--keys", self.f("witness.vkey"))

    def test_rejected(self):
        keys = self.f("keys.vkeys")
        self.bad("recomputed root does not match", "proof", self.f("sm3-7.tlog-proof"), "--keys", keys, "--hash", "sha256")
        with open(self.f("sha256-13.checkpoint"), encoding="utf-8") as fh:
            cp = fh.read()
        self.bad("(Ed25519) does NOT verify", "checkpoint", write(cp.replace("\n13\n", "\n12\n")), "--keys", keys)
        self.bad("no signature from any trusted key", "checkpoint", self.f("sm3-13.checkpoint"), "--keys", keysfile("ed", "sm2"))
        self.bad("recomputed", "consistency", self.f("sm3-5.checkpoint"), self.f("sm3-13.checkpoint"),
                 self.f("sha256-5-13.consistency"), "--keys", keys)


class TestExitCodes(unittest.TestCase):
    def sh(self, *args):
        return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True).returncode

    def test_exit_codes(self):
        keys = os.path.join(FIX, "keys.vkeys")
        self.assertEqual(self.sh("checkpoint", os.path.join(FIX, "sm3-13.checkpoint"), "--keys", keys), 0)
        self.assertEqual(self.sh("checkpoint", os.path.join(FIX, "sm3-13.checkpoint"), "--keys", os.path.join(FIX, "witness.vkey")), 0)
        self.assertEqual(self.sh("proof", os.path.join(FIX, "sm3-7.tlog-proof"), "--keys", keys, "--hash", "sha256"), 1)
        self.assertEqual(self.sh(), 2)
        self.assertEqual(self.sh("checkpoint", os.path.join(FIX, "sm3-13.checkpoint")), 2)  # no keys
        self.assertEqual(self.sh("proof", os.path.join(FIX, "sm3-7.tlog-proof"), "--keys", keys, "--hash", "md5"), 2)
        self.assertEqual(self.sh("proof", os.path.join(FIX, "missing"), "--keys", keys), 2)


if __name__ == "__main__":
    unittest.main()
