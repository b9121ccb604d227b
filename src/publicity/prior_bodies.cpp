#include "publicity/prior_bodies.h"

#include <regex>

#include "base/error.h"
#include "base/fields.h"
#include "base/time.h"
#include "inspectors/inspectors.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"

namespace zhifa::publicity {
namespace {

using nlohmann::json;

const std::vector<std::string> kColumns = {"bureau_id", "version", "legal_name", "duties", "address", "complaint_phone",
                                           "staffing", "reason", "published_by", "published_at"};

const char* kSelect =
    "SELECT p.id, p.version, p.legal_name, p.duties, p.address, p.complaint_phone, p.staffing, p.reason, p.published_at, u.name "
    "FROM prior_body_profiles p JOIN users u ON u.id = p.published_by ";

json read(const db::Row& r) {
  return {{"id", r.i64(0)},         {"version", r.i64(1)},         {"legal_name", r.text(2)},   {"duties", r.text(3)},
          {"address", r.text(4)},   {"complaint_phone", r.text(5)}, {"staffing", r.text(6)},    {"reason", r.text(7)},
          {"published_at", r.text(8)}, {"published_by", r.text(9)}};
}

// Staff of this bureau itself (not those below it) who may enforce today: active, certificate in
// force (the inspectors module decides what "in force" is).
int64_t certified_staff(db::Connection& c, const org::Bureau& b, time::Date today) {
  int64_t n = 0;
  for (const auto& i : inspectors::inspectors_under(c, b.path)) {
    if (i.bureau_id != b.id || i.status != "active") continue;
    auto s = inspectors::certificate_state(i, today);
    if (s == "valid" || s == "lapsing") ++n;
  }
  return n;
}

json versions_of(db::Connection& c, int64_t bureau_id) {
  auto q = c.prepare(std::string(kSelect) + "WHERE p.bureau_id = ? ORDER BY p.version DESC");
  q->bind(bureau_id);
  json v = json::array();
  while (q->step()) v.push_back(read(q->row()));
  return v;
}

json body_json(db::Connection& c, const org::Bureau& b) {
  auto versions = versions_of(c, b.id);
  return {{"bureau", {{"id", b.id}, {"name", b.name}, {"address", b.address}, {"phone", b.phone}}},
          {"certified_staff", certified_staff(c, b, time::today_shanghai())},
          {"profile", versions.empty() ? json(nullptr) : versions[0]},
          {"versions", versions}};
}

}  // namespace

json prior_body(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id) {
  p.require("publicity.read");
  return body_json(c, org::get_bureau(c, p, bureau_id.value_or(p.bureau_id)));
}

json publish_prior_body(db::Connection& c, const org::Principal& p, const json& in) {
  p.require("publicity.publish");
  if (!in.is_object()) throw Error::invalid("body", "请求体应为对象");
  Fields f(in);
  auto b = org::get_bureau(c, p, f.opt_i64("bureau_id", "机构").value_or(p.bureau_id));
  std::string legal_name = f.str("legal_name", "执法主体名称", 100);
  std::string duties = f.str("duties", "法定职责", 4000);
  std::string address = f.str("address", "办公地址", 200);
  std::string phone = f.str("complaint_phone", "投诉举报电话", 30);
  static const std::regex phone_re("[0-9][0-9 ()+-]{4,29}");
  if (!std::regex_match(phone, phone_re))
    throw Error::invalid("complaint_phone", "投诉举报电话应为数字（可含区号、连字符）", "prior.phone_invalid");
  std::string staffing = f.str("staffing", "编制情况", 200);
  std::string reason = f.opt_str("reason", "变更理由", 500).value_or("");

  auto q = c.prepare("SELECT COALESCE(MAX(version), 0) FROM prior_body_profiles WHERE bureau_id = ?");
  q->bind(b.id);
  q->step();
  int64_t version = q->row().i64(0) + 1;
  q.reset();
  if (version > 1 && reason.empty()) throw Error::invalid("reason", "变更执法主体信息须说明理由", "prior.reason_required");
  if (reason.empty()) reason = "首次发布";
  auto ins = c.prepare(
      "INSERT INTO prior_body_profiles(bureau_id, version, legal_name, duties, address, complaint_phone, staffing, reason, published_by, "
      "published_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(b.id).bind(version).bind(legal_name).bind(duties).bind(address).bind(phone).bind(staffing).bind(reason).bind(p.user_id)
      .bind(time::to_iso(time::now()));
  if (!ins->step()) throw Error::internal("insert returned no id");
  int64_t id = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "publicity.prior_body.publish", "prior_body_profile", "prior_body_profiles", "id", std::to_string(id),
                     kColumns);
  return body_json(c, b);
}

json public_prior_bodies(db::Connection& c) {
  json items = json::array();
  for (const auto& b : org::public_bureaus(c)) {
    auto j = body_json(c, b);
    if (!j["profile"].is_null()) j["profile"].erase("published_by");
    // The public sees the current profile; the history of changes stays with the profile's versions.
    json history = json::array();
    for (auto v : j["versions"]) {
      v.erase("published_by");
      history.push_back({{"version", v["version"]}, {"reason", v["reason"]}, {"published_at", v["published_at"]}});
    }
    j["versions"] = history;
    items.push_back(j);
  }
  return {{"items", items}};
}

}  // namespace zhifa::publicity
