// Evidence items (REC-18, REC-19, REC-21, REC-22): photos, audio, video and scanned documents
// kept in the content-addressed blob store (ledger/blobs.h), each described by an append-only
// row and a ledger entry: kind, size, media type, device and its holder at capture, capture and
// upload time, the uploader, the retention class, and the inspection or case it belongs to.
//
// The rules that live here: audio and video name their registered device and the device must
// have had a holder at the moment of capture (REC-23); an upload more than 24 hours after capture
// is marked overdue, must say why, and appears on the supervisor's list (REC-18); routine
// material is kept at least one year after capture, evidence of a general-procedure penalty case
// forever (REC-19); nothing is deleted: disposal after retention is requested, approved by
// someone else, and recorded (REC-21); opening a file is itself a ledger entry (调阅, REC-22).
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "db/db.h"
#include "ledger/blobs.h"
#include "org/principal.h"

namespace zhifa::evidence {

// Owners of evidence (inspections, cases) are other modules' records: each registers its kind
// at start-up with a check that the record exists in the principal's scope and says whether its
// evidence must be kept permanently. Until a kind is registered, evidence is filed unlinked.
struct OwnerInfo {
  int64_t bureau_id = 0;
  bool permanent = false;  // evidence of a general-procedure penalty case
};
using OwnerCheck = std::function<OwnerInfo(db::Connection&, const org::Principal&, const std::string& id)>;
void register_owner_kind(const std::string& kind, const std::string& label, OwnerCheck check);

// Metadata of an upload, as the API receives it (all text but device_id): kind (photo | audio |
// video | document), title, filename, media_type, device_id?, captured_at (UTC ISO 8601),
// late_reason?, retention? (routine | permanent), owner_kind?, owner_id?.
// Validates everything before the file is kept: a refused upload leaves nothing behind.
// Requires evidence.upload. Returns the item.
nlohmann::json store_evidence(db::Connection& c, const org::Principal& p, const ledger::BlobStore& store,
                              ledger::BlobWriter& file, const nlohmann::json& meta);

struct EvidenceFilter {
  std::optional<int64_t> bureau_id;
  std::string kind;
  std::optional<bool> overdue;
  std::optional<int64_t> recorder_id;
  std::optional<int64_t> device_id;
  std::string owner_kind, owner_id;
  std::string from, to;  // capture dates, Shanghai, inclusive
  std::optional<int64_t> uploaded_by;
  // The state of the item's latest disposal request: requested (awaiting the head's decision),
  // approved or refused; empty for any.
  std::string disposal;
  int64_t page = 1, page_size = 20;
};
// Requires evidence.read. {items, total, page, page_size}, newest upload first.
nlohmann::json list_evidence(db::Connection& c, const org::Principal& p, const EvidenceFilter& f);
// Requires evidence.read. The item with its retention and disposal state.
nlohmann::json get_evidence(db::Connection& c, const org::Principal& p, int64_t id);

// Opening the file: records the read (evidence.read, 调阅) and returns where the bytes are.
struct Opened {
  std::string path, media_type, filename;
  int64_t size = 0;
};
// Requires evidence.read and a transaction. 410 `evidence.disposed` when the file was disposed of.
Opened open_evidence(db::Connection& c, const org::Principal& p, const ledger::BlobStore& store, int64_t id);

// Input: reason. Requires evidence.dispose_request; 409 `evidence.retention_not_ended` while the
// retention period runs, and for permanent evidence always.
nlohmann::json request_disposal(db::Connection& c, const org::Principal& p, int64_t item_id, const nlohmann::json& in);
// Input: approve (bool), opinion. Requires evidence.dispose_approve and someone other than the
// requester. On approval the blob is disposed of when no other kept item shares it; the returned
// hash (if any) is the file to remove once the transaction has committed.
struct Decision {
  nlohmann::json item;
  std::optional<std::string> remove_hash;
};
Decision decide_disposal(db::Connection& c, const org::Principal& p, const ledger::BlobStore& store, int64_t request_id,
                         const nlohmann::json& in);

}  // namespace zhifa::evidence
