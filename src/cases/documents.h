// Enforcement documents (执法文书): the printable paper of a record — a notice, an approval form,
// an on-site record. A part of the module that owns a record (an inspection, a case step, the
// draw's session) registers a producer that maps its record to the generic DocumentData below;
// this part renders it (A4 HTML for printing, server-side PDF), stamps it with the QR code of the
// offline proof of the ledger entry it renders, and records each generation (content hash +
// ledger entry) so the same document printed twice has the same hash and a changed one shows.
// The content is the producer's; the layout is ours (templates.h).
//
// Thread-safety: registration happens once at start-up (before serving); lookups are
// thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::cases {

struct DocField { std::string label, value; };
struct DocSection { std::string heading; std::vector<std::string> paragraphs; };
struct DocSignature { std::string role; std::string name; std::string signed_at; std::string refused_reason; };
struct DocumentData {
  std::string template_code;   // e.g. inspection_notice, onsite_record, case_opening_approval ...
  std::string title;           // 统计执法检查通知书
  std::string number;          // 文书编号 e.g. 杭统检通〔2026〕3号 (may be empty)
  int64_t bureau_id = 0; std::string bureau_name;
  std::string party_name;
  std::vector<DocField> fields; std::vector<DocSection> sections; std::vector<DocSignature> signatures;
  std::string date;            // Shanghai date shown at the end
  int64_t ledger_seq = 0;      // the ledger entry this document renders; its proof is the QR code
};
// A producer maps its own record to documents: list the documents a record has (code, title)
// and build one. owner_kind: "inspection", "case_step", "lead", ...
// Both functions check the principal's permission and scope and throw zhifa::Error (404 when
// the record is absent or out of scope; 404 `document.not_found` for a code the record has not).
struct DocumentProducer {
  std::function<std::vector<std::pair<std::string,std::string>>(db::Connection&, const org::Principal&, const std::string& owner_id)> list;
  std::function<DocumentData(db::Connection&, const org::Principal&, const std::string& owner_id, const std::string& template_code)> build;
};
void register_producer(const std::string& owner_kind, DocumentProducer producer);

// The registered producer of a kind; 404 `document.owner_kind_unknown` when none.
const DocumentProducer& producer(const std::string& owner_kind);

// Which layout a template code gets: an approval form or record (审批表, 笔录, 清单, 回证 ...) is a
// bordered table; anything else (notices, decisions, letters) is a letter.
enum class Layout { letter, table };
Layout layout_of(const std::string& template_code);

// One generation of a document, as recorded.
struct DocumentRecord {
  int64_t id = 0;
  std::string owner_kind, owner_id, template_code, title;
  int64_t bureau_id = 0;
  std::string pdf_hash;      // hex, the ledger's hash of the PDF bytes
  int64_t rendered_seq = 0;  // the ledger entry the document renders (its QR proof)
  int64_t created_by = 0;
  std::string created_at;
  int64_t ledger_seq = 0;    // the entry recording this generation
  bool changed = false;      // the PDF differs from the previous generation of the same document
};

// A document built, rendered and recorded.
struct RenderedDocument {
  DocumentData data;
  std::string html;
  std::string pdf;
  std::string entry_hash;  // hex leaf hash of the rendered ledger entry, printed beside the QR code
  DocumentRecord record;
};

// Builds the document through its producer and renders it. Generating is a state change: when
// the PDF's hash equals the last recorded generation of this (owner, code) nothing new is
// written (the same document printed twice is one record); otherwise a row and its ledger entry
// are written in one transaction. `c` must not be inside a transaction.
RenderedDocument generate(db::Connection& c, const org::Principal& p, const std::string& owner_kind,
                          const std::string& owner_id, const std::string& template_code);

// Every recorded generation of one document, oldest first (`changed` marks a new content).
std::vector<DocumentRecord> history(db::Connection& c, const org::Principal& p, const std::string& owner_kind,
                                    const std::string& owner_id, const std::string& template_code);

// Registers the producers this part owns for records of other modules: "draw_session" (the
// draw's witnessed-session record, 抽查工作记录, documents_draw.cpp). Called once at start-up.
void register_builtin_producers();

// The documents a record has, with the last recorded generation of each (if any).
struct DocumentListing {
  std::string template_code, title;
  std::optional<DocumentRecord> last;
};
std::vector<DocumentListing> list(db::Connection& c, const org::Principal& p, const std::string& owner_kind,
                                  const std::string& owner_id);

// Links the signed paper (an evidence item of kind "document") back to the document: a row and a
// ledger entry. 422 when the evidence is not a document or not visible to the principal.
struct ScanLink {
  int64_t id = 0;
  std::string owner_kind, owner_id, template_code;
  int64_t evidence_id = 0;
  int64_t ledger_seq = 0;
  std::string created_at;
};
ScanLink attach_scan(db::Connection& c, const org::Principal& p, const std::string& owner_kind,
                     const std::string& owner_id, const std::string& template_code, int64_t evidence_id);
std::vector<ScanLink> scans(db::Connection& c, const org::Principal& p, const std::string& owner_kind,
                            const std::string& owner_id, const std::string& template_code);

}  // namespace zhifa::cases
