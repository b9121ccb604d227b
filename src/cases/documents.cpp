#include "cases/documents.h"

#include <map>
#include <mutex>
#include <shared_mutex>

#include "base/crypto.h"
#include "base/error.h"
#include "base/time.h"
#include "cases/templates.h"
#include "evidence/evidence.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "ledger/merkle.h"

namespace zhifa::cases {

namespace {

std::shared_mutex& producers_mutex() {
  static std::shared_mutex m;
  return m;
}
std::map<std::string, DocumentProducer>& producers() {
  static std::map<std::string, DocumentProducer> m;
  return m;
}

const std::vector<std::string> kGenerationRecord = {"owner_kind", "owner_id",     "template_code", "title",     "bureau_id",
                                                    "pdf_hash",   "rendered_seq", "created_by",    "created_at"};
const std::vector<std::string> kScanRecord = {"owner_kind", "owner_id",   "template_code", "bureau_id",
                                              "evidence_id", "created_by", "created_at"};

constexpr const char* kSelectGeneration =
    "SELECT id, owner_kind, owner_id, template_code, title, bureau_id, pdf_hash, rendered_seq, created_by, created_at, ledger_seq "
    "FROM document_generations ";

DocumentRecord read_generation(const db::Row& r) {
  DocumentRecord d;
  d.id = r.i64(0);
  d.owner_kind = r.text(1);
  d.owner_id = r.text(2);
  d.template_code = r.text(3);
  d.title = r.text(4);
  d.bureau_id = r.i64(5);
  d.pdf_hash = r.text(6);
  d.rendered_seq = r.i64(7);
  d.created_by = r.i64(8);
  d.created_at = r.text(9);
  d.ledger_seq = r.opt_i64(10).value_or(0);
  return d;
}

// The generations of one document, oldest first.
std::vector<DocumentRecord> generations(db::Connection& c, const std::string& kind, const std::string& owner_id,
                                        const std::string& code) {
  auto q = c.prepare(std::string(kSelectGeneration) + "WHERE owner_kind = ? AND owner_id = ? AND template_code = ? ORDER BY id");
  q->bind(kind).bind(owner_id).bind(code);
  std::vector<DocumentRecord> out;
  while (q->step()) out.push_back(read_generation(q->row()));
  for (size_t i = 1; i < out.size(); ++i) out[i].changed = out[i].pdf_hash != out[i - 1].pdf_hash;
  return out;
}

// The documents the record has; 404 `document.not_found` for a code it has not. The producer's
// list checks the principal's permission and scope.
std::string title_in_list(db::Connection& c, const org::Principal& p, const DocumentProducer& prod, const std::string& owner_id,
                          const std::string& code) {
  for (const auto& [k, t] : prod.list(c, p, owner_id))
    if (k == code) return t;
  throw Error::not_found("document.not_found", "该记录没有这份文书：" + code);
}

templates::Stamp stamp_of(db::Connection& c, int64_t seq) {
  auto e = ledger::find_entry(c, seq);
  if (!e) throw Error::not_found("ledger.entry_not_found", "记录 #" + std::to_string(seq) + " 不存在");
  templates::Stamp s;
  s.seq = seq;
  s.entry_hash = crypto::hex(ledger::merkle::leaf_hash(ledger::store_hash(c), ledger::entry_bytes(*e)));
  // 409 ledger.not_checkpointed until the next checkpoint (within a second of the change).
  s.proof = ledger::tlog_proof(c, seq);
  s.entry_at = e->at;
  return s;
}

}  // namespace

void register_producer(const std::string& owner_kind, DocumentProducer producer) {
  std::unique_lock lock(producers_mutex());
  producers()[owner_kind] = std::move(producer);
}

const DocumentProducer& producer(const std::string& owner_kind) {
  std::shared_lock lock(producers_mutex());
  auto it = producers().find(owner_kind);
  if (it == producers().end())
    throw Error(404, "document.owner_kind_unknown", "没有这类记录的文书：" + owner_kind, {{"owner_kind", owner_kind}});
  return it->second;
}

Layout layout_of(const std::string& code) {
  // The reference forms print approval forms (审批表), records (笔录, 工作记录), lists (清单), receipts
  // (回证) and registers as bordered tables; notices, decisions and letters as letters.
  for (const char* part : {"approval", "record", "list", "receipt", "register", "form"})
    if (code.find(part) != std::string::npos) return Layout::table;
  return Layout::letter;
}

RenderedDocument generate(db::Connection& c, const org::Principal& p, const std::string& owner_kind, const std::string& owner_id,
                          const std::string& code) {
  const auto& prod = producer(owner_kind);
  title_in_list(c, p, prod, owner_id, code);
  RenderedDocument out;
  out.data = prod.build(c, p, owner_id, code);
  if (out.data.template_code.empty()) out.data.template_code = code;
  if (out.data.ledger_seq <= 0)
    throw Error::conflict("document.not_recorded", "该文书对应的记录尚未记入执法记录，不能生成文书");
  const auto stamp = stamp_of(c, out.data.ledger_seq);
  out.html = templates::html(out.data, stamp);
  out.pdf = templates::pdf(out.data, stamp);
  out.entry_hash = stamp.entry_hash;

  db::Transaction tx(c);
  const std::string hash = crypto::hex(crypto::digest(ledger::store_hash(c), out.pdf));
  auto gens = generations(c, owner_kind, owner_id, code);
  if (!gens.empty() && gens.back().pdf_hash == hash) {
    // The same document again: it is already on record.
    out.record = gens.back();
    tx.commit();
    return out;
  }
  auto ins = c.prepare(
      "INSERT INTO document_generations(owner_kind, owner_id, template_code, title, bureau_id, pdf_hash, rendered_seq, created_by, "
      "created_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(owner_kind)
      .bind(owner_id)
      .bind(code)
      .bind(out.data.title)
      .bind(out.data.bureau_id)
      .bind(hash)
      .bind(out.data.ledger_seq)
      .bind(p.user_id)
      .bind(time::to_iso(time::now()));
  ins->step();
  const int64_t id = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), "document.generate", "document", "document_generations", "id", std::to_string(id),
                     kGenerationRecord, nlohmann::json::object(), owner_kind + ":" + owner_id);
  gens = generations(c, owner_kind, owner_id, code);
  out.record = gens.back();
  tx.commit();
  return out;
}

std::vector<DocumentRecord> history(db::Connection& c, const org::Principal& p, const std::string& owner_kind,
                                    const std::string& owner_id, const std::string& code) {
  title_in_list(c, p, producer(owner_kind), owner_id, code);
  return generations(c, owner_kind, owner_id, code);
}

std::vector<DocumentListing> list(db::Connection& c, const org::Principal& p, const std::string& owner_kind,
                                  const std::string& owner_id) {
  const auto& prod = producer(owner_kind);
  std::vector<DocumentListing> out;
  for (const auto& [code, title] : prod.list(c, p, owner_id)) {
    auto gens = generations(c, owner_kind, owner_id, code);
    out.push_back({code, title, gens.empty() ? std::nullopt : std::optional<DocumentRecord>(gens.back())});
  }
  return out;
}

ScanLink attach_scan(db::Connection& c, const org::Principal& p, const std::string& owner_kind, const std::string& owner_id,
                     const std::string& code, int64_t evidence_id) {
  p.require("evidence.upload");
  const auto& prod = producer(owner_kind);
  title_in_list(c, p, prod, owner_id, code);
  const auto data = prod.build(c, p, owner_id, code);
  nlohmann::json ev;
  try {
    ev = evidence::get_evidence(c, p, evidence_id);
  } catch (const Error& e) {
    if (e.status() != 404) throw;
    throw Error::invalid("evidence_id", "找不到该证据材料", "document.scan_not_found");
  }
  if (ev.value("kind", "") != "document")
    throw Error::invalid("evidence_id", "签收后的文书扫描件应作为“文书”类证据上传", "document.scan_not_document");
  auto dup = c.prepare(
      "SELECT COUNT(*) FROM document_scans WHERE owner_kind = ? AND owner_id = ? AND template_code = ? AND evidence_id = ?");
  dup->bind(owner_kind).bind(owner_id).bind(code).bind(evidence_id);
  dup->step();
  if (dup->row().i64(0) > 0) throw Error::conflict("document.scan_linked", "该扫描件已关联到这份文书");
  dup.reset();
  auto ins = c.prepare(
      "INSERT INTO document_scans(owner_kind, owner_id, template_code, bureau_id, evidence_id, created_by, created_at) "
      "VALUES (?,?,?,?,?,?,?) RETURNING id");
  ins->bind(owner_kind).bind(owner_id).bind(code).bind(data.bureau_id).bind(evidence_id).bind(p.user_id).bind(time::to_iso(time::now()));
  ins->step();
  const int64_t id = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), "document.scan_attach", "document", "document_scans", "id", std::to_string(id), kScanRecord,
                     nlohmann::json::object(), owner_kind + ":" + owner_id);
  for (auto& s : scans(c, p, owner_kind, owner_id, code))
    if (s.id == id) return s;
  throw Error::internal("document scan not read back");
}

std::vector<ScanLink> scans(db::Connection& c, const org::Principal& p, const std::string& owner_kind, const std::string& owner_id,
                            const std::string& code) {
  title_in_list(c, p, producer(owner_kind), owner_id, code);
  auto q = c.prepare(
      "SELECT id, evidence_id, ledger_seq, created_at FROM document_scans WHERE owner_kind = ? AND owner_id = ? AND template_code = ? "
      "ORDER BY id");
  q->bind(owner_kind).bind(owner_id).bind(code);
  std::vector<ScanLink> out;
  while (q->step())
    out.push_back({q->row().i64(0), owner_kind, owner_id, code, q->row().i64(1), q->row().opt_i64(2).value_or(0), q->row().text(3)});
  return out;
}

}  // namespace zhifa::cases
