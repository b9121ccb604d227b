#include "ledger/checkpoint.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/crypto.h"
#include "base/error.h"
#include "base/time.h"
#include "ledger/ledger.h"
#include "ledger/merkle.h"
#include "ledger/tree.h"

namespace zhifa::ledger {
namespace {

std::optional<std::string> meta(db::Connection& c, const char* key) {
  auto q = c.prepare("SELECT value FROM store_meta WHERE key = ?");
  q->bind(std::string(key));
  if (!q->step()) return std::nullopt;
  return q->row().text(0);
}

std::string key_path(const std::string& dir, const char* file) { return (std::filesystem::path(dir) / "keys" / file).string(); }

std::string read_file(const std::string& p) {
  std::ifstream in(p);
  if (!in) throw Error(500, "ledger.keys_missing", "记录签名私钥文件缺失：" + p + "（请从备份恢复数据目录）");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_private(const std::string& p, const std::string& pem) {
  std::filesystem::create_directories(std::filesystem::path(p).parent_path());
  std::filesystem::permissions(std::filesystem::path(p).parent_path(), std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
  mode_t old = umask(077);
  {
    std::ofstream out(p, std::ios::trunc);
    out << pem;
  }
  umask(old);
  chmod(p.c_str(), 0600);
}

Checkpoint read_cp(const db::Row& r) {
  std::string hex = r.text(1), raw(hex.size() / 2, '\0');
  for (size_t i = 0; i < raw.size(); ++i) raw[i] = char(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return {r.i64(0), raw, r.text(2), r.text(3)};
}

std::optional<Checkpoint> one_cp(db::Connection& c, const std::string& where, std::optional<int64_t> arg) {
  auto q = c.prepare("SELECT size, root, note, at FROM ledger_checkpoints " + where);
  if (arg) q->bind(*arg);
  if (!q->step()) return std::nullopt;
  return read_cp(q->row());
}

}  // namespace

std::string origin(db::Connection& c) { return meta(c, "ledger_origin").value_or(""); }

std::vector<std::string> verifier_keys(db::Connection& c) {
  std::vector<std::string> out;
  std::stringstream ss(meta(c, "ledger_vkeys").value_or(""));
  for (std::string line; std::getline(ss, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::optional<Keys> load_keys(db::Connection& c, const std::string& data_dir) {
  auto o = meta(c, "ledger_origin");
  if (!o) return std::nullopt;
  Keys k{*o, note::Signer::from_pem(note::KeyType::ed25519, *o, read_file(key_path(data_dir, "ledger-ed25519.pem"))),
         note::Signer::from_pem(note::KeyType::sm2, *o, read_file(key_path(data_dir, "ledger-sm2.pem")))};
  auto vk = verifier_keys(c);
  if (vk.size() != 2 || vk[0] != k.ed25519.verifier_key() || vk[1] != k.sm2.verifier_key())
    throw Error(500, "ledger.keys_mismatch", "数据目录中的签名密钥与本库登记的公钥不符（数据目录与数据库不是同一套）");
  return k;
}

Keys init_keys(db::Connection& c, const std::string& data_dir, const std::string& root_code) {
  if (auto k = load_keys(c, data_dir)) return std::move(*k);
  std::string o = "zhifa.ledger/" + (root_code.empty() ? std::string("store") : root_code) + "-" + crypto::hex(crypto::random_bytes(4));
  Keys k{o, note::Signer::generate(note::KeyType::ed25519, o), note::Signer::generate(note::KeyType::sm2, o)};
  write_private(key_path(data_dir, "ledger-ed25519.pem"), k.ed25519.private_pem());
  write_private(key_path(data_dir, "ledger-sm2.pem"), k.sm2.private_pem());
  std::string vkeys = k.ed25519.verifier_key() + "\n" + k.sm2.verifier_key() + "\n";
  c.prepare("INSERT INTO store_meta(key, value) VALUES ('ledger_origin', ?)")->bind(o).exec();
  c.prepare("INSERT INTO store_meta(key, value) VALUES ('ledger_vkeys', ?)")->bind(vkeys).exec();
  record(c, Actor::system(), "ledger.keys_created", "ledger", "keys", {{"origin", o}, {"verifier_keys", vkeys}});
  return k;
}

std::optional<Checkpoint> latest_checkpoint(db::Connection& c) { return one_cp(c, "ORDER BY size DESC LIMIT 1", std::nullopt); }

std::optional<Checkpoint> checkpoint_covering(db::Connection& c, int64_t size) {
  return one_cp(c, "WHERE size >= ? ORDER BY size LIMIT 1", size);
}

std::vector<Checkpoint> checkpoints(db::Connection& c, int64_t offset, int64_t limit) {
  auto q = c.prepare("SELECT size, root, note, at FROM ledger_checkpoints ORDER BY size DESC LIMIT ? OFFSET ?");
  q->bind(limit).bind(offset);
  std::vector<Checkpoint> out;
  while (q->step()) out.push_back(read_cp(q->row()));
  return out;
}

std::optional<Checkpoint> make_checkpoint(db::Connection& c, const Keys& keys) {
  if (c.dialect() == db::Dialect::postgres) c.exec_script("SELECT pg_advisory_xact_lock(7312)");
  int64_t n = size(c);
  auto last = latest_checkpoint(c);
  if (n == 0 || (last && last->size >= n)) return last;
  auto h = store_hash(c);
  StoredNodes nodes(c);
  std::string root = merkle::root(h, nodes, uint64_t(n));
  if (last) {
    // Refuse to sign a tree that does not extend what was already signed.
    auto proof = merkle::consistency_proof(h, nodes, uint64_t(last->size), uint64_t(n));
    if (!merkle::verify_consistency(h, uint64_t(last->size), uint64_t(n), last->root, root, proof))
      throw Error(500, "ledger.inconsistent", "记录树与上一个检查点不一致，拒绝签名：记录可能被篡改，请运行 zhifa ledger verify");
  }
  std::string text = note::checkpoint_text(keys.origin, uint64_t(n), root);
  Checkpoint cp{n, root, note::sign(text, {&keys.ed25519, &keys.sm2}), time::to_iso(time::now())};
  c.prepare("INSERT INTO ledger_checkpoints(size, root, note, at) VALUES (?,?,?,?)")
      ->bind(cp.size).bind(crypto::hex(cp.root)).bind(cp.note).bind(cp.at).exec();
  return cp;
}

std::string tlog_proof(db::Connection& c, int64_t seq) {
  auto e = find_entry(c, seq);
  if (!e) throw Error::not_found("ledger.entry_not_found", "记录 #" + std::to_string(seq) + " 不存在");
  auto cp = checkpoint_covering(c, seq);
  if (!cp) throw Error::conflict("ledger.not_checkpointed", "该记录尚未被检查点覆盖，请稍后再试");
  StoredNodes nodes(c);
  auto path = merkle::inclusion_proof(store_hash(c), nodes, uint64_t(seq - 1), uint64_t(cp->size));
  std::string out = "c2sp.org/tlog-proof@v1\nextra " + crypto::base64(entry_bytes(*e)) + "\nindex " + std::to_string(seq - 1) + "\n";
  for (const auto& p : path) out += crypto::base64(p) + "\n";
  out += "\n" + cp->note;
  return out;
}

}  // namespace zhifa::ledger
