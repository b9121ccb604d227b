// Field inspections (检查记录) of drawn spot-check tasks: REC-6, REC-7, REC-10, DR-8, DR-9, DR-10,
// INF-1. A member of a task's team starts one inspection of the task and records, as it
// happens, each act the rules require: the certificates shown, the inspection notice served
// (body, basis, scope, content, method, time, requirements; manner), each check point of the
// task's form answered, the written check (request sent, materials received), the party's
// signature or its refusal (reason plus an audio/video recording), reliance on another
// department's result, the outcome (no problem, rectification opinion with deadline, a proposed
// case or a referral), and completion, which is refused while anything required is missing.
//
// Every act is an append-only step row with its ledger entry; a later step of the same kind
// corrects an earlier one (the latest counts), nothing is updated in place. Each write carries
// the `client_id` the phone made for it: the same client_id again returns what was recorded the
// first time and writes nothing, so an offline queue may be replayed safely. The channel (mobile
// or console) and the device's clock are recorded with each step; INF-1 counts an inspection as
// done on the phone when all its steps came from it.
//
// Who: spotcheck.read reads inspections of bureaus in scope, and a team member always reads the
// inspection of their task; inspection.record and current team membership are needed to write.
// Ledger subject: inspection:<id>. Registers evidence owner kind and case source kind
// "inspection" (register_inspection_kinds).
//
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "db/db.h"
#include "ledger/blobs.h"
#include "org/principal.h"

namespace zhifa::cases {

struct InspectionFilter {
  std::optional<int64_t> bureau_id, item_id, task_id;
  std::string state;  // "" any, open, completed
  bool mine = false;  // tasks on whose team the caller is
  int64_t page = 1, page_size = 20;
};
// Requires spotcheck.read. {items, total, page, page_size}, newest first.
nlohmann::json list_inspections(db::Connection& c, const org::Principal& p, const InspectionFilter& f);
// The inspection with its task, form, steps, evidence and `requirements` ({missing, done}).
// 404 inspection.not_found when neither in scope nor the caller's task.
nlohmann::json get_inspection(db::Connection& c, const org::Principal& p, int64_t id);

// Input: task_id, client_id, channel (mobile | console), device_time?, method? (on_site |
// written; required when the task allows both). Returns {inspection, step, replayed}.
// 409 inspection.exists when the task already has one (details.id).
nlohmann::json start_inspection(db::Connection& c, const org::Principal& p, const nlohmann::json& in, time::Instant now);
// Input: kind, client_id, channel, device_time?, and the fields of the kind (docs/inspections.md).
// Returns {inspection, step, replayed}. 409 inspection.step_requirements with details.missing
// (Chinese names) when a required recording or the completion's requirements are missing.
nlohmann::json record_step(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in, time::Instant now);
// A file for the inspection (evidence::store_evidence with owner inspection:<id>); meta as the
// evidence upload plus client_id, channel, device_time?. Returns {inspection_id, evidence, replayed}.
nlohmann::json upload_evidence(db::Connection& c, const org::Principal& p, const ledger::BlobStore& store, ledger::BlobWriter& file,
                               int64_t id, const nlohmann::json& meta, time::Instant now);
// INF-1. Requires spotcheck.read. Per bureau in scope: completed inspections in `year` (Shanghai)
// and how many were recorded wholly on the phone. {year, items, total}.
nlohmann::json inspection_stats(db::Connection& c, const org::Principal& p, int year);

// The caller's e-certificate (their inspector record) with a token signed now, and the portal
// path that verifies it. 404 inspector.not_found when the caller has no inspector record.
// `data_dir` holds the token key (DATA/keys/cert-token.key, HMAC-SHA256, made on first use).
nlohmann::json my_certificate(db::Connection& c, const org::Principal& p, const std::string& data_dir, time::Instant now);
// No login: a certificate's holder, bureau, validity and status (valid | expired | revoked), and
// whether `token` is genuine and recent (signed within kTokenMinutes). 404 certificate.not_found.
nlohmann::json public_certificate(db::Connection& c, const std::string& number, const std::string& token,
                                  const std::string& data_dir, time::Instant now);
constexpr int kTokenMinutes = 10;

// Registers evidence owner kind and case source kind "inspection". Call once at start-up.
void register_inspection_kinds();

}  // namespace zhifa::cases
