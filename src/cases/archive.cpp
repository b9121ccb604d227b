#include "cases/archive.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/error.h"
#include "cases/access.h"
#include "cases/flow.h"
#include "evidence/evidence.h"
#include "ledger/ledger.h"

namespace zhifa::cases {
namespace {

bool has(const std::vector<StepRow>& steps, std::initializer_list<const char*> kinds) {
  return std::any_of(steps.begin(), steps.end(), [&](const StepRow& s) {
    return std::any_of(kinds.begin(), kinds.end(), [&](const char* k) { return s.kind == k; });
  });
}

}  // namespace

std::vector<std::string> missing_for_archive(const CaseRow& k, const std::vector<StepRow>& steps) {
  std::vector<std::string> out;
  auto need = [&](std::initializer_list<const char*> kinds, const char* label) {
    if (!has(steps, kinds)) out.push_back(label);
  };
  if (k.procedure == "simple") {
    need({"simple_record"}, "当场行政处罚决定书（简易程序记录）");
  } else {
    need({"plan_approval"}, "执法方案审批表");
    need({"opening_approval"}, "立案审批表");
    need({"rights_notice"}, "行政处罚事先告知书");
    if (has(steps, {"statement"})) need({"statement_review"}, "陈述申辩复核意见");
    if (has(steps, {"hearing_notice"})) need({"hearing_record"}, "听证笔录");
    need({"decide"}, "行政处罚决定书");
    // The latest decision must have been approved.
    const StepRow* approval = nullptr;
    for (const auto& s : steps)
      if (s.kind == "decision_approval") approval = &s;
    if (!approval || !approval->content.value("approved", false)) out.push_back("处理决定审批表（批准）");
    need({"service_direct", "service_mail", "service_residence", "service_entrusted", "service_announcement"}, "送达回证");
    const StepRow* decision = nullptr;
    for (const auto& s : steps)
      if (s.kind == "decide") decision = &s;
    if (decision && decision->content.value("decision_kind", "") == "penalty")
      need({"performance", "court_enforcement"}, "履行情况记录或法院强制执行结果");
  }
  need({"closing_approval"}, "结案审批表");
  return out;
}

nlohmann::json case_file(db::Connection& c, const org::Principal& p, int64_t id) {
  auto k = load_case(c, p, id);
  auto steps = steps_of(c, id);
  // Every evidence item of the case, by id (a case has tens, not thousands).
  std::map<int64_t, nlohmann::json> evidence;
  nlohmann::json other = nlohmann::json::array();
  if (p.can("evidence.read")) {
    evidence::EvidenceFilter f;
    f.owner_kind = "case";
    f.owner_id = std::to_string(id);
    f.page_size = 200;
    for (int64_t page = 1;; ++page) {
      f.page = page;
      auto r = evidence::list_evidence(c, p, f);
      for (const auto& e : r["items"])
        evidence[e["id"].get<int64_t>()] = {{"id", e["id"]}, {"kind", e["kind"]}, {"kind_name", e["kind_name"]}, {"title", e["title"]},
                                            {"filename", e["filename"]}, {"captured_at", e["captured_at"]}, {"hash", e["hash"]}};
      if (page * 200 >= r["total"].get<int64_t>()) break;
    }
  }
  std::set<int64_t> linked;
  nlohmann::json toc = nlohmann::json::array();
  int no = 0;
  for (const auto& s : steps) {
    auto j = s.to_json();
    j["no"] = ++no;
    nlohmann::json ev = nlohmann::json::array();
    for (int64_t e : s.evidence_ids) {
      linked.insert(e);
      auto it = evidence.find(e);
      ev.push_back(it != evidence.end() ? it->second : nlohmann::json{{"id", e}});
    }
    j["evidence"] = ev;
    toc.push_back(j);
  }
  for (const auto& [eid, e] : evidence)
    if (!linked.count(eid)) other.push_back(e);
  auto missing = missing_for_archive(k, steps);
  // REC-22: reading the file is on the record.
  access::record_read(c, p, id, "案卷");
  return {{"case", k.to_json()}, {"toc", toc}, {"other_evidence", other}, {"complete", missing.empty()}, {"missing", missing}};
}

}  // namespace zhifa::cases
