#!/usr/bin/env python3
"""Independent verifier for zhifa's ledger (执法监督记录的独立验证工具).

Checks signed checkpoints (c2sp.org/tlog-checkpoint, c2sp.org/signed-note), offline inclusion
proofs (c2sp.org/tlog-proof@v1) and consistency proofs (RFC 9162 §2.1.4) using nothing but the
Python 3.11 standard library. It shares no code with the zhifa server: SM3 (GB/T 32905), SM2
signature verification (GB/T 32918.2), Ed25519 verification (RFC 8032) and the Merkle proof
algorithms (RFC 9162 §2.1.3.2, §2.1.4.2) are written out below from the standards.
Usage and formats: docs/ledger-verify.md. Exit status: 0 valid, 1 verification failed, 2 usage.
"""
import argparse
import base64
import binascii
import hashlib
import json
import re
import sys


class Fail(Exception):
    """Verification failed (exit 1). The message says what and where, in Chinese and English."""


# ---------------------------------------------------------------- SM3 (GB/T 32905-2016) ----------
def _rotl(x, n):
    n %= 32
    return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF


def sm3_pure(data: bytes) -> bytes:
    """Pure-Python SM3; used only when hashlib lacks 'sm3'."""
    v = [0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600, 0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E]
    msg = data + b"\x80" + b"\x00" * ((55 - len(data)) % 64) + (8 * len(data)).to_bytes(8, "big")
    p0 = lambda x: x ^ _rotl(x, 9) ^ _rotl(x, 17)
    p1 = lambda x: x ^ _rotl(x, 15) ^ _rotl(x, 23)
    for off in range(0, len(msg), 64):
        w = [int.from_bytes(msg[off + 4 * i:off + 4 * i + 4], "big") for i in range(16)]
        for j in range(16, 68):
            w.append(p1(w[j - 16] ^ w[j - 9] ^ _rotl(w[j - 3], 15)) ^ _rotl(w[j - 13], 7) ^ w[j - 6])
        a, b, c, d, e, f, g, h = v
        for j in range(64):
            t = 0x79CC4519 if j < 16 else 0x7A879D8A
            ss1 = _rotl((_rotl(a, 12) + e + _rotl(t, j)) & 0xFFFFFFFF, 7)
            ss2 = ss1 ^ _rotl(a, 12)
            ff = a ^ b ^ c if j < 16 else (a & b) | (a & c) | (b & c)
            gg = e ^ f ^ g if j < 16 else (e & f) | (~e & g)
            tt1 = (ff + d + ss2 + (w[j] ^ w[j + 4])) & 0xFFFFFFFF
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


# ---------------------------------------------------------------- Ed25519 (RFC 8032 §5.1) --------
ED_P = 2**255 - 19
ED_L = 2**252 + 27742317777372353535851937790883648493
ED_D = -121665 * pow(121666, -1, ED_P) % ED_P
ED_SQRT_M1 = pow(2, (ED_P - 1) // 4, ED_P)


def _ed_add(p, q):  # §5.1.4, extended homogeneous coordinates (X, Y, Z, T); complete formula
    a = (p[1] - p[0]) * (q[1] - q[0]) % ED_P
    b = (p[1] + p[0]) * (q[1] + q[0]) % ED_P
    c = 2 * p[3] * q[3] * ED_D % ED_P
    d = 2 * p[2] * q[2] % ED_P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % ED_P, g * h % ED_P, f * g % ED_P, e * h % ED_P)


def _ed_mul(k, p):
    q = (0, 1, 1, 0)  # neutral element
    while k:
        if k & 1:
            q = _ed_add(q, p)
        p = _ed_add(p, p)
        k >>= 1
    return q


def _ed_decode(s: bytes):  # §5.1.3; None when the encoding is invalid
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    x0, y = y >> 255, y & ((1 << 255) - 1)
    if y >= ED_P:
        return None
    u, v = (y * y - 1) % ED_P, (ED_D * y * y + 1) % ED_P
    x = u * pow(v, 3, ED_P) * pow(u * pow(v, 7, ED_P), (ED_P - 5) // 8, ED_P) % ED_P
    if v * x * x % ED_P == (-u) % ED_P:
        x = x * ED_SQRT_M1 % ED_P
    if v * x * x % ED_P != u or (x == 0 and x0 == 1):
        return None
    if x & 1 != x0:
        x = ED_P - x
    return (x, y, 1, x * y % ED_P)


ED_B = _ed_decode((4 * pow(5, -1, ED_P) % ED_P).to_bytes(32, "little"))


def ed25519_verify(pub: bytes, msg: bytes, sig: bytes) -> bool:
    """§5.1.7 (pure Ed25519): check [8][S]B = [8]R + [8][k]A."""
    if len(sig) != 64:
        return False
    a, r, s = _ed_decode(pub), _ed_decode(sig[:32]), int.from_bytes(sig[32:], "little")
    if a is None or r is None or s >= ED_L:
        return False
    k = int.from_bytes(hashlib.sha512(sig[:32] + pub + msg).digest(), "little") % ED_L
    lhs = _ed_mul(8 * s, ED_B)
    rhs = _ed_mul(8, _ed_add(r, _ed_mul(k, a)))
    return (lhs[0] * rhs[2] - rhs[0] * lhs[2]) % ED_P == 0 and (lhs[1] * rhs[2] - rhs[1] * lhs[2]) % ED_P == 0


# ---------------------------------------------------------------- SM2 (GB/T 32918.2 §7) ----------
# Curve sm2p256v1, GB/T 32918.5-2017.
SM2_P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
SM2_A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
SM2_B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
SM2_N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
SM2_G = (0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7,
         0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0)
SM2_ID = b"1234567812345678"


def _ec_add(p, q):  # affine; None is the point at infinity
    if p is None or q is None:
        return q if p is None else p
    if p[0] == q[0]:
        if (p[1] + q[1]) % SM2_P == 0:
            return None
        lam = (3 * p[0] * p[0] + SM2_A) * pow(2 * p[1], -1, SM2_P) % SM2_P
    else:
        lam = (q[1] - p[1]) * pow(q[0] - p[0], -1, SM2_P) % SM2_P
    x = (lam * lam - p[0] - q[0]) % SM2_P
    return (x, (lam * (p[0] - x) - p[1]) % SM2_P)


def _ec_mul(k, p):
    q = None
    while k:
        if k & 1:
            q = _ec_add(q, p)
        p = _ec_add(p, p)
        k >>= 1
    return q


def sm2_on_curve(pt) -> bool:
    x, y = pt
    return 0 <= x < SM2_P and 0 <= y < SM2_P and (y * y - x * x * x - SM2_A * x - SM2_B) % SM2_P == 0


def sm2_verify(pub, msg: bytes, sig_der: bytes) -> bool:
    """pub = (x, y). Signature = DER SEQUENCE{INTEGER r, INTEGER s} over ZA || msg with SM3."""
    rs = der_signature(sig_der)
    if rs is None:
        return False
    r, s = rs
    if not (1 <= r < SM2_N and 1 <= s < SM2_N):  # B1, B2
        return False
    f = lambda v: v.to_bytes(32, "big")
    za = sm3(b"\x00\x80" + SM2_ID + f(SM2_A) + f(SM2_B) + f(SM2_G[0]) + f(SM2_G[1]) + f(pub[0]) + f(pub[1]))
    e = int.from_bytes(sm3(za + msg), "big")  # B3, B4
    t = (r + s) % SM2_N  # B5
    if t == 0:
        return False
    pt = _ec_add(_ec_mul(s, SM2_G), _ec_mul(t, pub))  # B6
    return pt is not None and (e + pt[0]) % SM2_N == r  # B7


# ---------------------------------------------------------------- minimal DER ---------------------
def _der(buf: bytes, pos: int, tag: int):
    """One TLV with the expected tag at pos: (contents, next position). Definite, minimal lengths."""
    if pos + 2 > len(buf) or buf[pos] != tag:
        raise ValueError("unexpected tag")
    n, pos = buf[pos + 1], pos + 2
    if n & 0x80:
        k = n & 0x7F
        if k not in (1, 2) or pos + k > len(buf):
            raise ValueError("bad length")
        n, pos = int.from_bytes(buf[pos:pos + k], "big"), pos + k
        if n < 0x80 or (k == 2 and n < 0x100):
            raise ValueError("non-minimal length")
    if pos + n > len(buf):
        raise ValueError("truncated")
    return buf[pos:pos + n], pos + n


def der_signature(sig: bytes):
    """(r, s) from a strict DER SEQUENCE of two positive minimal INTEGERs, or None."""
    try:
        body, end = _der(sig, 0, 0x30)
        r, p = _der(body, 0, 0x02)
        s, q = _der(body, p, 0x02)
    except ValueError:
        return None
    for v in (r, s):  # non-empty, non-negative, no superfluous leading zero byte
        if not v or v[0] & 0x80 or (len(v) > 1 and v[0] == 0 and not v[1] & 0x80):
            return None
    return (int.from_bytes(r, "big"), int.from_bytes(s, "big")) if end == len(sig) and q == len(body) else None


OID_EC_PUBLIC_KEY = bytes.fromhex("2a8648ce3d0201")  # 1.2.840.10045.2.1
OID_SM2 = bytes.fromhex("2a811ccf5501822d")  # 1.2.156.10197.1.301


def sm2_public_key(spki: bytes):
    """(x, y) from SubjectPublicKeyInfo{ {id-ecPublicKey, sm2p256v1}, BIT STRING 00 04||x||y }."""
    try:
        body, end = _der(spki, 0, 0x30)
        alg, p = _der(body, 0, 0x30)
        bits, q = _der(body, p, 0x03)
        oid1, i = _der(alg, 0, 0x06)
        oid2, j = _der(alg, i, 0x06)
    except ValueError as e:
        raise Fail(f"SM2 公钥 DER 格式错误 / malformed SM2 public key DER ({e})")
    if end != len(spki) or q != len(body) or j != len(alg) or oid1 != OID_EC_PUBLIC_KEY or oid2 != OID_SM2:
        raise Fail("SM2 公钥不是 sm2p256v1 的 SubjectPublicKeyInfo / SM2 key is not an sm2p256v1 SubjectPublicKeyInfo")
    if len(bits) != 66 or bits[:2] != b"\x00\x04":
        raise Fail("SM2 公钥须为未压缩点 04||x||y / SM2 key must be an uncompressed point 04||x||y")
    pt = (int.from_bytes(bits[2:34], "big"), int.from_bytes(bits[34:], "big"))
    if not sm2_on_curve(pt):
        raise Fail("SM2 公钥不在曲线上 / SM2 public key is not on the curve")
    return pt


# ---------------------------------------------------------------- verifier keys -------------------
ED25519_TYPE, SM2_TYPE = b"\x01", b"\xffzhifa-sm2-sm3"


def b64decode(s: str, what: str) -> bytes:
    """Strict, canonical standard base64."""
    try:
        raw = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        raw = None
    if raw is None or base64.b64encode(raw).decode() != s:
        raise Fail(f"{what} 不是规范的 base64 / {what} is not canonical base64: {s[:60]!r}")
    return raw


def valid_name(name: str) -> bool:
    return bool(name) and not any(c in name for c in " +\n\t")


class Key:
    def __init__(self, vkey: str):
        parts = vkey.split("+", 2)  # the name holds no '+'; the base64 may
        if len(parts) != 3 or not valid_name(parts[0]) or not re.fullmatch(r"[0-9a-fA-F]{8}", parts[1]):
            raise Fail(f"验证密钥格式应为 名称+8位十六进制编号+base64 / verifier key must be name+<8 hex>+<base64>: {vkey!r}")
        self.name, self.id = parts[0], int(parts[1], 16)
        blob = b64decode(parts[2], "验证密钥 verifier key")
        if blob[:1] == ED25519_TYPE and len(blob) == 33:
            self.kind, typ, pub = "Ed25519", ED25519_TYPE, blob[1:]
            if _ed_decode(pub) is None:
                raise Fail(f"Ed25519 公钥无效 / invalid Ed25519 public key in {self.label()}")
            self._verify = lambda m, s: ed25519_verify(pub, m, s)
        elif blob.startswith(SM2_TYPE):
            self.kind, typ, pub = "SM2", SM2_TYPE, blob[len(SM2_TYPE):]
            point = sm2_public_key(pub)
            self._verify = lambda m, s: sm2_verify(point, m, s)
        else:
            raise Fail(f"不支持的密钥类型 / unsupported key type 0x{blob[:1].hex()} in {vkey!r}")
        want = int.from_bytes(hashlib.sha256(self.name.encode() + b"\n" + typ + pub).digest()[:4], "big")
        if want != self.id:
            raise Fail(f"密钥编号与公钥不符 / key id mismatch: {self.label()} should have id {want:08x}")

    def label(self):
        return f"{self.name}+{self.id:08x}"

    def verify(self, msg: bytes, sig: bytes) -> bool:
        return self._verify(msg, sig)


def load_keys(path, keys):
    """Verifier keys from a file (one per line; '#' comments) or the JSON of GET /api/v1/ledger/keys."""
    info, lines = {}, []
    for p in path or []:
        text = read_text(p)
        if text.lstrip().startswith("{"):
            info = json.loads(text)
            lines += info.get("verifier_keys", [])
        else:
            lines += [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    parsed = [Key(k) for k in lines + list(keys or [])]
    if not parsed:
        raise Fail("没有可信密钥 / no verifier keys given")
    return parsed, info


# ---------------------------------------------------------------- signed notes, checkpoints -------
DASH = "\u2014 "


def open_note(note: str, keys, what="检查点 checkpoint"):
    """c2sp.org/signed-note: returns (text, [verified key labels], ignored count)."""
    for ch in note:
        if ord(ch) < 0x20 and ch != "\n":
            hint = "（CRLF 换行？/ CRLF line endings?）" if ch == "\r" else ""
            raise Fail(f"{what} 含控制字符 U+{ord(ch):04X}{hint} / {what} contains a control character")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise Fail(f"{what} 缺少正文与签名之间的空行 / {what}: no blank line before the signatures")
    text, verified, ignored = note[:split + 1], [], 0
    sig_lines = note[split + 2:-1].split("\n") if len(note) > split + 2 else []
    if not sig_lines:
        raise Fail(f"{what} 没有签名行 / {what} has no signature lines")
    for line in sig_lines:
        if not line.startswith(DASH) or len(line[len(DASH):].split(" ")) != 2:
            raise Fail(f"{what} 签名行格式错误 / malformed signature line: {line[:80]!r}")
        name, b64 = line[len(DASH):].split(" ")
        blob = b64decode(b64, "签名 signature")
        if len(blob) < 5:
            raise Fail(f"{what} 签名过短 / signature too short: {line[:80]!r}")
        key_id, sig = int.from_bytes(blob[:4], "big"), blob[4:]
        known = [k for k in keys if k.name == name and k.id == key_id]
        if not known:
            ignored += 1
        for k in known:
            if not k.verify(text.encode("utf-8"), sig):
                raise Fail(f"{what}：密钥 {k.label()}（{k.kind}）的签名验证失败 / signature by {k.label()} ({k.kind}) does NOT verify")
            verified.append(f"{k.label()} ({k.kind})")
    if not verified:
        raise Fail(f"{what} 没有可信密钥的有效签名 / no signature from any trusted key "
                   f"({ignored} 个未知签名已忽略 / {ignored} unknown signature(s) ignored)")
    return text, verified, ignored


def open_checkpoint(note: str, keys, origin=None, what="检查点 checkpoint"):
    """c2sp.org/tlog-checkpoint: verifies the signatures, then parses origin, size and root."""
    text, verified, ignored = open_note(note, keys, what)
    lines = text.split("\n")[:-1]
    if len(lines) < 3 or not lines[0]:
        raise Fail(f"{what} 正文须为 来源/大小/根 三行 / {what} body must be origin, size, root lines")
    if not re.fullmatch(r"0|[1-9][0-9]{0,19}", lines[1]) or int(lines[1]) >= 2**64:
        raise Fail(f"{what} 大小格式错误 / bad tree size line {lines[1]!r}")
    root = b64decode(lines[2], f"{what} 根 root")
    if len(root) != 32:
        raise Fail(f"{what} 根哈希应为 32 字节 / root hash must be 32 bytes")
    if origin is not None and lines[0] != origin:
        raise Fail(f"{what} 来源不符 / origin mismatch: got {lines[0]!r}, expected {origin!r}")
    return {"origin": lines[0], "size": int(lines[1]), "root": root, "verified": verified, "ignored": ignored}


# ---------------------------------------------------------------- Merkle proofs (RFC 9162) --------
def leaf_hash(h, entry: bytes) -> bytes:
    return h(b"\x00" + entry)


def node_hash(h, left: bytes, right: bytes) -> bytes:
    return h(b"\x01" + left + right)


def verify_inclusion(h, index, size, leaf, path, root):
    """RFC 9162 §2.1.3.2. Raises Fail naming the failing step."""
    if index >= size:
        raise Fail(f"包含证明：序号 {index} 不小于树大小 {size} / inclusion: index {index} >= tree size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise Fail(f"包含证明：证明哈希过多 / inclusion: proof has too many hashes ({len(path)})")
        if fn & 1 or fn == sn:
            r = node_hash(h, p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(h, r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise Fail(f"包含证明：证明哈希不足 / inclusion: proof has too few hashes ({len(path)})")
    if r != root:
        raise Fail("包含证明：重算的根与检查点的根不符 / inclusion: recomputed root does not match the checkpoint root "
                   f"({b64(r)} != {b64(root)}; 记录、序号、证明或 --hash 有误 / wrong entry, index, proof or --hash?)")


def verify_consistency(h, m, n, root_m, root_n, path):
    """RFC 9162 §2.1.4.2. Raises Fail naming the failing step."""
    if not 0 < m <= n:
        raise Fail(f"一致性证明要求 0 < 旧大小 ≤ 新大小 / consistency: need 0 < old size <= new size (got {m}, {n})")
    if m == n:
        if path or root_m != root_n:
            raise Fail("一致性证明：同大小的两个检查点须根相同且证明为空 / consistency: equal sizes need equal roots and an empty proof")
        return
    if not path:
        raise Fail("一致性证明：证明为空 / consistency: empty proof")
    if m & (m - 1) == 0:  # m is a power of two: the old root is the first node
        path = [root_m] + list(path)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise Fail("一致性证明：证明哈希过多 / consistency: proof has too many hashes")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(h, c, fr), node_hash(h, c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(h, sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise Fail("一致性证明：证明哈希不足 / consistency: proof has too few hashes")
    if fr != root_m:
        raise Fail(f"一致性证明：重算的旧根不符 / consistency: recomputed OLD root does not match ({b64(fr)} != {b64(root_m)})")
    if sr != root_n:
        raise Fail(f"一致性证明：重算的新根不符 / consistency: recomputed NEW root does not match ({b64(sr)} != {b64(root_n)})")


# ---------------------------------------------------------------- commands ------------------------
def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def read_text(path) -> str:
    with open(path, "rb") as f:  # OSError is a usage error (exit 2)
        raw = f.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Fail(f"{path} 不是 UTF-8 文本 / {path} is not UTF-8 text")


def print_checkpoint(cp, label="检查点 checkpoint"):
    print(f"  {label}: {cp['origin']}  大小 size {cp['size']}  根 root {b64(cp['root'])}")
    print(f"    签名已验证 verified by: {', '.join(cp['verified'])}"
          + (f"; 忽略未知签名 ignored unknown: {cp['ignored']}" if cp["ignored"] else ""))


def cmd_checkpoint(a, keys, h):
    cp = open_checkpoint(read_text(a.file), keys, a.origin)
    print("✓ 检查点有效 / checkpoint valid")
    print_checkpoint(cp)


def cmd_proof(a, keys, h):
    lines = read_text(a.file).split("\n")
    if lines[0] != "c2sp.org/tlog-proof@v1":
        raise Fail("证明文件首行应为 c2sp.org/tlog-proof@v1 / first line must be c2sp.org/tlog-proof@v1")
    i, extra = 1, None
    if i < len(lines) and lines[i].startswith("extra "):
        extra, i = b64decode(lines[i][6:], "extra"), i + 1
    m = re.fullmatch(r"index (0|[1-9][0-9]{0,19})", lines[i]) if i < len(lines) else None
    if not m:
        raise Fail(f"证明文件第 {i + 1} 行应为 index <序号> / line {i + 1} must be 'index <n>'")
    index, path, i = int(m.group(1)), [], i + 1
    while i < len(lines) and lines[i]:
        node = b64decode(lines[i], f"证明第 {i + 1} 行 proof line {i + 1}")
        if len(node) != 32:
            raise Fail(f"证明第 {i + 1} 行不是 32 字节哈希 / proof line {i + 1} is not a 32-byte hash")
        path.append(node)
        i += 1
    if i >= len(lines):
        raise Fail("证明文件缺少检查点 / proof file has no checkpoint after the blank line")
    cp = open_checkpoint("\n".join(lines[i + 1:]), keys, a.origin, "证明中的检查点 proof's checkpoint")
    if extra is None:
        raise Fail("证明没有 extra（记录内容），无法重算叶哈希 / proof has no 'extra' (entry bytes): cannot recompute the leaf")
    verify_inclusion(h, index, cp["size"], leaf_hash(h, extra), path, cp["root"])
    try:
        entry = json.loads(extra)
    except ValueError:
        entry = None
    if isinstance(entry, dict) and isinstance(entry.get("seq"), int) and entry["seq"] != index + 1:
        raise Fail(f"记录 seq {entry['seq']} 与序号 index {index} 不符（应为 index+1）/ entry seq does not equal index+1")
    print("✓ 包含证明有效 / inclusion proof valid")
    print_checkpoint(cp)
    print(f"  序号 index: {index}（记录 #{index + 1} / entry #{index + 1}）  哈希 hash: {a.hash}  证明长度 proof hashes: {len(path)}")
    print("  记录内容 entry:")
    print(json.dumps(entry, ensure_ascii=False, indent=2) if entry is not None else repr(extra))


def cmd_consistency(a, keys, h):
    old = open_checkpoint(read_text(a.old), keys, a.origin, "旧检查点 old checkpoint")
    new = open_checkpoint(read_text(a.new), keys, a.origin, "新检查点 new checkpoint")
    if old["origin"] != new["origin"]:
        raise Fail(f"两个检查点来源不同 / checkpoints have different origins: {old['origin']!r} vs {new['origin']!r}")
    text = read_text(a.proof)
    if text.lstrip().startswith("{"):  # the JSON of GET /api/v1/ledger/consistency
        doc = json.loads(text)
        if (doc.get("from"), doc.get("to")) != (old["size"], new["size"]):
            raise Fail(f"证明的 from/to 与检查点大小不符 / proof is for {doc.get('from')}→{doc.get('to')}, "
                       f"checkpoints are {old['size']}→{new['size']}")
        lines = doc.get("proof", [])
    else:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    path = [b64decode(ln, "一致性证明 consistency proof") for ln in lines]
    if any(len(p) != 32 for p in path):
        raise Fail("一致性证明含非 32 字节哈希 / consistency proof holds a hash that is not 32 bytes")
    verify_consistency(h, old["size"], new["size"], old["root"], new["root"], path)
    print("✓ 一致性证明有效：新树是旧树的追加 / consistency proof valid: the new tree extends the old one")
    print_checkpoint(old, "旧 old")
    print_checkpoint(new, "新 new")
    print(f"  哈希 hash: {a.hash}  证明长度 proof hashes: {len(path)}")


def main(argv=None):
    ap = argparse.ArgumentParser(description="zhifa 记录独立验证 / independent verifier for zhifa's ledger")
    sub = ap.add_subparsers(dest="cmd", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--keys", action="append", metavar="KEYSFILE", help="verifier keys file (or ledger/keys JSON)")
    common.add_argument("--key", action="append", metavar="VKEY", help="a verifier key name+id+base64")
    common.add_argument("--origin", help="expected checkpoint origin")
    common.add_argument("--hash", choices=sorted(HASHES), help="log hash (default: from keys JSON, else sm3)")
    sub.add_parser("checkpoint", parents=[common]).add_argument("file")
    sub.add_parser("proof", parents=[common]).add_argument("file")
    c = sub.add_parser("consistency", parents=[common])
    for name in ("old", "new", "proof"):
        c.add_argument(name)
    a = ap.parse_args(argv)
    if not a.keys and not a.key:
        ap.error("需要 --keys 或 --key / --keys or --key is required")
    try:
        keys, info = load_keys(a.keys, a.key)
        a.hash = a.hash or info.get("hash") or "sm3"
        if a.hash not in HASHES:
            raise Fail(f"未知哈希 / unknown hash {a.hash!r}")
        a.origin = a.origin or info.get("origin")
        {"checkpoint": cmd_checkpoint, "proof": cmd_proof, "consistency": cmd_consistency}[a.cmd](a, keys, HASHES[a.hash])
        return 0
    except OSError as e:
        print(f"无法读取文件 / cannot read file: {e}", file=sys.stderr)
        return 2
    except (Fail, ValueError) as e:  # ValueError: malformed JSON
        print(f"✗ 验证失败 / VERIFICATION FAILED: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
