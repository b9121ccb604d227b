#include "evidence/evidence.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "base/error.h"
#include "base/fields.h"
#include "base/time.h"
#include "evidence/devices.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"

namespace zhifa::evidence {
namespace {

const std::vector<std::string> kItemRecord = {"bureau_id", "hash", "size", "media_type", "kind", "filename", "title",
                                              "device_id", "recorder_id", "captured_at", "uploaded_at", "uploaded_by",
                                              "overdue", "late_reason", "retention", "owner_kind", "owner_id"};
const std::vector<std::string> kRequestRecord = {"item_id", "requested_by", "requested_at", "reason"};
const std::vector<std::string> kDecisionRecord = {"request_id", "decided_by", "decided_at", "approved", "opinion"};

constexpr auto kUploadWindow = std::chrono::hours(24);       // REC-18
constexpr auto kClockSkew = std::chrono::minutes(5);         // a phone's clock may run a little fast

struct OwnerKind {
  std::string label;
  OwnerCheck check;
};
std::mutex owners_mu;
std::map<std::string, OwnerKind>& owners() {
  static std::map<std::string, OwnerKind> m;
  return m;
}

const char* kind_name(const std::string& k) {
  if (k == "photo") return "照片";
  if (k == "audio") return "录音";
  if (k == "video") return "录像";
  if (k == "document") return "书证扫描件";
  return nullptr;
}

bool media_fits(const std::string& kind, const std::string& mt) {
  auto starts = [&](const char* pre) { return mt.rfind(pre, 0) == 0; };
  if (kind == "photo") return starts("image/");
  if (kind == "audio") return starts("audio/");
  if (kind == "video") return starts("video/");
  return mt == "application/pdf" || starts("image/");
}

// Keeps the last path component and drops control characters: the name is shown and offered as
// the download name, never used as a path.
std::string clean_filename(std::string name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  name.erase(std::remove_if(name.begin(), name.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == '"'; }),
             name.end());
  return name;
}

// Routine material is kept at least one year after capture (REC-19): disposal from the day after
// the anniversary (29 February maps to 1 March).
time::Date retain_until(const std::string& captured_at) {
  auto d = time::shanghai_date(*time::parse_iso(captured_at));
  if (d.month == 2 && d.day == 29) return time::Date{d.year + 1, 3, 1};
  return time::Date{d.year + 1, d.month, d.day};
}

const char* kItemSelect =
    "SELECT i.id, i.bureau_id, b.name, b.path, i.hash, i.size, i.media_type, i.kind, i.filename, i.title, i.device_id, "
    "d.serial_no, d.kind, i.recorder_id, ru.name, i.captured_at, i.uploaded_at, i.uploaded_by, uu.name, i.overdue, "
    "i.late_reason, i.retention, i.owner_kind, i.owner_id, i.ledger_seq "
    "FROM evidence_items i JOIN bureaus b ON b.id = i.bureau_id LEFT JOIN evidence_devices d ON d.id = i.device_id "
    "LEFT JOIN users ru ON ru.id = i.recorder_id LEFT JOIN users uu ON uu.id = i.uploaded_by ";

struct Item {
  nlohmann::json j;
  std::string path, hash, retention, captured_at, media_type, filename;
  int64_t size = 0;
};

Item read_item(const db::Row& r) {
  Item it;
  it.path = r.text(3);
  it.hash = r.text(4);
  it.size = r.i64(5);
  it.media_type = r.text(6);
  it.filename = r.text(8);
  it.captured_at = r.text(15);
  it.retention = r.text(21);
  std::string kind = r.text(7);
  nlohmann::json device = nullptr;
  if (!r.is_null(10)) {
    const char* dk = device_kind_name(r.text(12));
    device = {{"id", r.i64(10)}, {"serial_no", r.text(11)}, {"kind", r.text(12)}, {"kind_name", dk ? dk : r.text(12)}};
  }
  it.j = {{"id", r.i64(0)},
          {"bureau_id", r.i64(1)},
          {"bureau_name", r.text(2)},
          {"hash", it.hash},
          {"size", it.size},
          {"media_type", it.media_type},
          {"kind", kind},
          {"kind_name", kind_name(kind) ? kind_name(kind) : kind},
          {"filename", it.filename},
          {"title", r.text(9)},
          {"device", device},
          {"recorder", {{"id", r.i64(13)}, {"name", r.is_null(14) ? "" : r.text(14)}}},
          {"captured_at", it.captured_at},
          {"uploaded_at", r.text(16)},
          {"uploaded_by", {{"id", r.i64(17)}, {"name", r.is_null(18) ? "" : r.text(18)}}},
          {"overdue", r.i64(19) != 0},
          {"late_reason", r.text(20)},
          {"retention", it.retention},
          {"retain_until", it.retention == "permanent" ? nlohmann::json(nullptr) : nlohmann::json(retain_until(it.captured_at).str())},
          {"owner_kind", r.is_null(22) ? nlohmann::json(nullptr) : nlohmann::json(r.text(22))},
          {"owner_id", r.is_null(23) ? nlohmann::json(nullptr) : nlohmann::json(r.text(23))},
          {"ledger_seq", r.is_null(24) ? nlohmann::json(nullptr) : nlohmann::json(r.i64(24))}};
  return it;
}

// The disposal state of an item: the latest request and its decision, if any.
nlohmann::json disposal_of(db::Connection& c, int64_t item_id) {
  auto q = c.prepare(
      "SELECT r.id, r.requested_at, r.reason, ru.name, x.decided_at, x.approved, x.opinion, du.name FROM "
      "evidence_disposal_requests r LEFT JOIN users ru ON ru.id = r.requested_by LEFT JOIN evidence_disposal_decisions x ON "
      "x.request_id = r.id LEFT JOIN users du ON du.id = x.decided_by WHERE r.item_id = ? ORDER BY r.id DESC LIMIT 1");
  q->bind(item_id);
  if (!q->step()) return nullptr;
  const auto& r = q->row();
  std::string state = r.is_null(4) ? "requested" : (r.i64(5) ? "approved" : "refused");
  nlohmann::json j = {{"request_id", r.i64(0)}, {"state", state},       {"requested_at", r.text(1)},
                      {"reason", r.text(2)},    {"requested_by", r.is_null(3) ? "" : r.text(3)}};
  if (!r.is_null(4)) {
    j["decided_at"] = r.text(4);
    j["opinion"] = r.text(6);
    j["decided_by"] = r.is_null(7) ? "" : r.text(7);
  }
  return j;
}

bool item_disposed(db::Connection& c, int64_t item_id) {
  auto q = c.prepare(
      "SELECT 1 FROM evidence_disposal_requests r JOIN evidence_disposal_decisions x ON x.request_id = r.id WHERE r.item_id "
      "= ? AND x.approved = 1");
  q->bind(item_id);
  return q->step();
}

Item find_item(db::Connection& c, const org::Principal& p, int64_t id) {
  auto q = c.prepare(std::string(kItemSelect) + "WHERE i.id = ?");
  q->bind(id);
  if (!q->step() || !p.covers_path(q->row().text(3))) throw Error::not_found("evidence.not_found", "证据不存在或不在您的管辖范围内");
  return read_item(q->row());
}

std::string day_bound(const std::string& s, const char* field, bool end) {
  auto d = time::parse_date(s);
  if (!d) throw Error::invalid(field, "日期格式应为 YYYY-MM-DD", "validation.date");
  // Shanghai midnight is 16:00 UTC the day before.
  return time::to_iso(time::Instant(std::chrono::milliseconds(((d->days() + (end ? 1 : 0)) * 86400 - 8 * 3600) * 1000)));
}

}  // namespace

void register_owner_kind(const std::string& kind, const std::string& label, OwnerCheck check) {
  std::lock_guard g(owners_mu);
  owners()[kind] = {label, std::move(check)};
}

nlohmann::json store_evidence(db::Connection& c, const org::Principal& p, const ledger::BlobStore& store,
                              ledger::BlobWriter& file, const nlohmann::json& meta) {
  p.require("evidence.upload");
  Fields f(meta);
  std::string kind = f.str("kind", "证据类型", 16);
  if (!kind_name(kind)) throw Error::invalid("kind", "证据类型只能是照片、录音、录像或书证扫描件（photo、audio、video、document）");
  std::string filename = clean_filename(f.str("filename", "文件名", 200));
  if (filename.empty()) throw Error::required("filename", "文件名");
  std::string title = f.opt_str("title", "标题", 100).value_or("");
  if (title.empty()) title = filename;
  std::string media_type = f.str("media_type", "文件类型", 100);
  media_type = media_type.substr(0, media_type.find(';'));
  std::transform(media_type.begin(), media_type.end(), media_type.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
  if (!media_fits(kind, media_type))
    throw Error::invalid("media_type", "文件类型 " + media_type + " 与证据类型“" + kind_name(kind) + "”不符", "evidence.media_type_mismatch");

  auto captured = time::parse_iso(f.str("captured_at", "拍摄（录制）时间", 40));
  if (!captured) throw Error::invalid("captured_at", "拍摄（录制）时间格式应为 ISO 8601 UTC，如 2026-11-25T02:30:00Z", "validation.instant");
  auto now = time::now();
  if (*captured > now + kClockSkew) throw Error::invalid("captured_at", "拍摄（录制）时间晚于当前时间", "evidence.captured_in_future");
  std::string captured_at = time::to_iso(*captured);

  // Audio and video come from a registered device held by a named person (REC-23).
  auto device_id = f.opt_i64("device_id", "记录设备");
  int64_t recorder = p.user_id;
  if (!device_id && (kind == "audio" || kind == "video"))
    throw Error::invalid("device_id", "音像记录须注明所用的执法记录设备", "evidence.device_required");
  if (device_id) {
    try {
      find_device(c, p, *device_id);
    } catch (const Error&) {
      throw Error::invalid("device_id", "记录设备不存在或不在您的管辖范围内", "evidence.device_invalid");
    }
    auto holder = holder_at(c, *device_id, captured_at);
    if (!holder)
      throw Error::invalid("device_id", "拍摄（录制）时该设备未登记领用人，不能作为执法音像记录上传", "evidence.device_unassigned");
    recorder = *holder;
  }

  bool overdue = now - *captured > kUploadWindow;
  std::string late_reason = f.opt_str("late_reason", "迟延上传原因", 200).value_or("");
  if (overdue && late_reason.empty())
    throw Error::invalid("late_reason", "距拍摄（录制）已超过 24 小时，须说明迟延上传的原因", "evidence.late_reason_required");
  if (!overdue) late_reason.clear();

  std::string retention = f.opt_str("retention", "保存期限", 16).value_or("routine");
  if (retention.empty()) retention = "routine";
  if (retention != "routine" && retention != "permanent")
    throw Error::invalid("retention", "保存期限只能是 routine（不少于一年）或 permanent（永久）");

  int64_t bureau_id = p.bureau_id;
  auto owner_kind = f.opt_str("owner_kind", "所属检查或案件类型", 32);
  auto owner_id = f.opt_str("owner_id", "所属检查或案件编号", 64);
  if (owner_kind && owner_kind->empty()) owner_kind.reset();
  if (owner_id && owner_id->empty()) owner_id.reset();
  if (owner_kind.has_value() != owner_id.has_value())
    throw Error::invalid(owner_kind ? "owner_id" : "owner_kind", "所属检查或案件须同时给出类型和编号", "evidence.owner_incomplete");
  if (owner_kind) {
    OwnerCheck check;
    {
      std::lock_guard g(owners_mu);
      auto it = owners().find(*owner_kind);
      if (it == owners().end()) throw Error::invalid("owner_kind", "不能关联到“" + *owner_kind + "”类记录", "evidence.owner_kind_unknown");
      check = it->second.check;
    }
    OwnerInfo info = check(c, p, *owner_id);
    bureau_id = info.bureau_id;
    if (info.permanent) retention = "permanent";
  }
  if (file.size() == 0) throw Error::invalid("file", "文件为空", "evidence.empty");

  // Everything is valid: keep the file, then its row and entry (same transaction as the blob row).
  store.put(c, p.actor(), file);
  auto info = file.finish();
  auto ins = c.prepare(
      "INSERT INTO evidence_items(bureau_id, hash, size, media_type, kind, filename, title, device_id, recorder_id, "
      "captured_at, uploaded_at, uploaded_by, overdue, late_reason, retention, owner_kind, owner_id) VALUES "
      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(bureau_id)
      .bind(info.hash)
      .bind(info.size)
      .bind(media_type)
      .bind(kind)
      .bind(filename)
      .bind(title)
      .bind(device_id)
      .bind(recorder)
      .bind(captured_at)
      .bind(time::to_iso(now))
      .bind(p.user_id)
      .bind(overdue)
      .bind(late_reason)
      .bind(retention)
      .bind(owner_kind)
      .bind(owner_id);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), "evidence.upload", "evidence", "evidence_items", "id", std::to_string(id), kItemRecord);
  return get_evidence(c, p, id);
}

nlohmann::json list_evidence(db::Connection& c, const org::Principal& p, const EvidenceFilter& f) {
  p.require("evidence.read");
  std::string where = "WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (f.bureau_id) {
    where += " AND i.bureau_id = ?";
    args.emplace_back(*f.bureau_id);
  }
  if (!f.kind.empty()) {
    if (!kind_name(f.kind)) throw Error::invalid("kind", "证据类型只能是 photo、audio、video 或 document");
    where += " AND i.kind = ?";
    args.emplace_back(f.kind);
  }
  if (f.overdue) {
    where += " AND i.overdue = ?";
    args.emplace_back(int64_t(*f.overdue ? 1 : 0));
  }
  if (f.recorder_id) {
    where += " AND i.recorder_id = ?";
    args.emplace_back(*f.recorder_id);
  }
  if (f.device_id) {
    where += " AND i.device_id = ?";
    args.emplace_back(*f.device_id);
  }
  if (!f.owner_kind.empty()) {
    where += " AND i.owner_kind = ?";
    args.emplace_back(f.owner_kind);
    if (!f.owner_id.empty()) {
      where += " AND i.owner_id = ?";
      args.emplace_back(f.owner_id);
    }
  }
  if (!f.from.empty()) {
    where += " AND i.captured_at >= ?";
    args.emplace_back(day_bound(f.from, "from", false));
  }
  if (!f.to.empty()) {
    where += " AND i.captured_at < ?";
    args.emplace_back(day_bound(f.to, "to", true));
  }
  if (f.uploaded_by) {
    where += " AND i.uploaded_by = ?";
    args.emplace_back(*f.uploaded_by);
  }
  if (!f.disposal.empty()) {
    // The latest request of the item decides its state, as disposal_of() shows it.
    static const std::map<std::string, std::string, std::less<>> kState = {
        {"requested", "x.request_id IS NULL"}, {"approved", "x.approved = 1"}, {"refused", "x.approved = 0"}};
    auto st = kState.find(f.disposal);
    if (st == kState.end()) throw Error::invalid("disposal", "销毁状态只能是 requested、approved 或 refused");
    where += " AND EXISTS (SELECT 1 FROM evidence_disposal_requests r LEFT JOIN evidence_disposal_decisions x ON x.request_id = r.id "
             "WHERE r.item_id = i.id AND r.id = (SELECT MAX(id) FROM evidence_disposal_requests WHERE item_id = i.id) AND " +
             st->second + ")";
  }
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  auto count = c.prepare(
      "SELECT COUNT(*) FROM evidence_items i JOIN bureaus b ON b.id = i.bureau_id " + where);
  for (auto& a : args) count->bind(a);
  count->step();
  int64_t total = count->row().i64(0);
  count.reset();
  auto q = c.prepare(std::string(kItemSelect) + where + " ORDER BY i.id DESC LIMIT ? OFFSET ?");
  for (auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  std::vector<Item> items;
  while (q->step()) items.push_back(read_item(q->row()));
  q.reset();
  nlohmann::json arr = nlohmann::json::array();
  for (auto& it : items) {
    it.j["disposal"] = disposal_of(c, it.j["id"].get<int64_t>());
    arr.push_back(std::move(it.j));
  }
  return {{"items", arr}, {"total", total}, {"page", page}, {"page_size", size}};
}

nlohmann::json get_evidence(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("evidence.read");
  Item it = find_item(c, p, id);
  it.j["disposal"] = disposal_of(c, id);
  return it.j;
}

Opened open_evidence(db::Connection& c, const org::Principal& p, const ledger::BlobStore& store, int64_t id) {
  p.require("evidence.read");
  Item it = find_item(c, p, id);
  if (item_disposed(c, id) || ledger::blob_disposed(c, it.hash))
    throw Error(410, "evidence.disposed", "该证据已在保存期满后经批准处置，文件不再保存");
  ledger::record(c, p.actor(), "evidence.read", "evidence", std::to_string(id), {{"item_id", id}, {"hash", it.hash}});
  return {store.path_of(it.hash).string(), it.media_type, it.filename, it.size};
}

nlohmann::json request_disposal(db::Connection& c, const org::Principal& p, int64_t item_id, const nlohmann::json& in) {
  p.require("evidence.dispose_request");
  Item it = find_item(c, p, item_id);
  std::string reason = Fields(in).str("reason", "处置理由", 200);
  if (it.retention == "permanent")
    throw Error::conflict("evidence.retention_permanent", "该证据须永久保存，不能处置");
  auto until = retain_until(it.captured_at);
  if (time::today_shanghai() <= until)
    throw Error::conflict("evidence.retention_not_ended", "保存期限至 " + until.str() + "，期满前不能处置", {{"retain_until", until.str()}});
  auto state = disposal_of(c, item_id);
  if (!state.is_null() && state["state"] == "requested") throw Error::conflict("evidence.disposal_pending", "已有待审批的处置申请");
  if (!state.is_null() && state["state"] == "approved") throw Error::conflict("evidence.disposed", "该证据已处置");
  auto ins = c.prepare(
      "INSERT INTO evidence_disposal_requests(item_id, requested_by, requested_at, reason) VALUES (?,?,?,?) RETURNING id");
  ins->bind(item_id).bind(p.user_id).bind(time::to_iso(time::now())).bind(reason);
  ins->step();
  int64_t rid = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), "evidence.disposal_request", "evidence", "evidence_disposal_requests", "id",
                     std::to_string(rid), kRequestRecord, {{"item_id", item_id}}, std::to_string(item_id));
  return get_evidence(c, p, item_id);
}

Decision decide_disposal(db::Connection& c, const org::Principal& p, const ledger::BlobStore& store, int64_t request_id,
                         const nlohmann::json& in) {
  p.require("evidence.dispose_approve");
  auto q = c.prepare(
      "SELECT r.item_id, r.requested_by, r.reason, (SELECT COUNT(*) FROM evidence_disposal_decisions x WHERE x.request_id = "
      "r.id) FROM evidence_disposal_requests r WHERE r.id = ?");
  q->bind(request_id);
  if (!q->step()) throw Error::not_found("evidence.disposal_not_found", "处置申请不存在");
  int64_t item_id = q->row().i64(0), requester = q->row().i64(1);
  std::string reason = q->row().text(2);
  bool decided = q->row().i64(3) > 0;
  q.reset();
  Item it = find_item(c, p, item_id);  // scope
  if (decided) throw Error::conflict("evidence.disposal_decided", "该处置申请已审批");
  if (requester == p.user_id) throw Error::conflict("evidence.same_person", "处置申请须由申请人以外的负责人审批");
  Fields f(in);
  auto approve = f.opt_bool("approve", "是否批准");
  if (!approve) throw Error::required("approve", "是否批准");
  std::string opinion = f.str("opinion", "审批意见", 200);
  c.prepare("INSERT INTO evidence_disposal_decisions(request_id, decided_by, decided_at, approved, opinion) VALUES (?,?,?,?,?)")
      ->bind(request_id)
      .bind(p.user_id)
      .bind(time::to_iso(time::now()))
      .bind(*approve)
      .bind(opinion)
      .exec();
  ledger::record_row(c, p.actor(), *approve ? "evidence.disposal_approve" : "evidence.disposal_refuse", "evidence",
                     "evidence_disposal_decisions", "request_id", std::to_string(request_id), kDecisionRecord,
                     {{"item_id", item_id}}, std::to_string(item_id));
  Decision d;
  if (*approve) {
    // The file goes only when no other kept item has the same content.
    auto other = c.prepare(
        "SELECT COUNT(*) FROM evidence_items i WHERE i.hash = ? AND i.id <> ? AND NOT EXISTS (SELECT 1 FROM "
        "evidence_disposal_requests r JOIN evidence_disposal_decisions x ON x.request_id = r.id WHERE r.item_id = i.id AND "
        "x.approved = 1)");
    other->bind(it.hash).bind(item_id);
    other->step();
    bool shared = other->row().i64(0) > 0;
    other.reset();
    if (!shared) {
      store.dispose(c, p.actor(), it.hash, "证据 #" + std::to_string(item_id) + " 保存期满处置：" + reason);
      d.remove_hash = it.hash;
    }
  }
  d.item = get_evidence(c, p, item_id);
  return d;
}

}  // namespace zhifa::evidence
