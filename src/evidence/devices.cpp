#include "evidence/devices.h"

#include "base/error.h"
#include "base/fields.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"

namespace zhifa::evidence {
namespace {

const std::vector<std::string> kDeviceRecord = {"bureau_id", "serial_no", "kind", "model", "status", "registered_at"};
const std::vector<std::string> kAssignmentRecord = {"device_id", "user_id", "assigned_at", "assigned_by"};

struct Kind {
  const char* code;
  const char* name;
};
constexpr Kind kKinds[] = {{"body_camera", "执法记录仪"},
                           {"handheld", "移动执法终端"},
                           {"camera", "照相机"},
                           {"video_camera", "摄像机"},
                           {"audio_recorder", "录音笔"}};

nlohmann::json user_ref(db::Connection& c, std::optional<int64_t> id) {
  if (!id) return nullptr;
  auto q = c.prepare("SELECT name, username FROM users WHERE id = ?");
  q->bind(*id);
  if (!q->step()) return {{"id", *id}};
  return {{"id", *id}, {"name", q->row().text(0)}, {"username", q->row().text(1)}};
}

std::optional<int64_t> current_holder(db::Connection& c, int64_t device_id) {
  auto q = c.prepare("SELECT user_id FROM evidence_device_assignments WHERE device_id = ? ORDER BY id DESC LIMIT 1");
  q->bind(device_id);
  if (!q->step() || q->row().is_null(0)) return std::nullopt;
  return q->row().i64(0);
}

nlohmann::json device_json(db::Connection& c, const Device& d) {
  auto b = org::find_bureau(c, d.bureau_id);
  return {{"id", d.id},
          {"bureau_id", d.bureau_id},
          {"bureau_name", b ? b->name : ""},
          {"serial_no", d.serial_no},
          {"kind", d.kind},
          {"kind_name", device_kind_name(d.kind) ? device_kind_name(d.kind) : d.kind},
          {"model", d.model},
          {"status", d.status},
          {"holder", user_ref(c, current_holder(c, d.id))}};
}

Device read_device(const db::Row& r) {
  return {r.i64(0), r.i64(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)};
}
const char* kDeviceSelect =
    "SELECT d.id, d.bureau_id, b.path, d.serial_no, d.kind, d.model, d.status FROM evidence_devices d JOIN bureaus b ON "
    "b.id = d.bureau_id ";

void require_read(const org::Principal& p) {
  if (!p.can("device.manage")) p.require("evidence.read");
}

// The new holder: an active user of the device's bureau or one below it.
void check_holder(db::Connection& c, const Device& d, int64_t user_id, const char* field) {
  auto q = c.prepare("SELECT u.status, b.path FROM users u JOIN bureaus b ON b.id = u.bureau_id WHERE u.id = ?");
  q->bind(user_id);
  if (!q->step() || q->row().text(1).rfind(d.bureau_path, 0) != 0)
    throw Error::invalid(field, "领用人不存在，或不属于设备所属机构及其下级机构", "device.holder_invalid");
  if (q->row().text(0) != "active") throw Error::invalid(field, "领用人账号已停用", "device.holder_inactive");
}

void assign(db::Connection& c, const org::Principal& p, const Device& d, std::optional<int64_t> user_id) {
  auto ins = c.prepare(
      "INSERT INTO evidence_device_assignments(device_id, user_id, assigned_at, assigned_by) VALUES (?,?,?,?) RETURNING id");
  ins->bind(d.id);
  if (user_id) ins->bind(*user_id);
  else ins->bind(nullptr);
  ins->bind(time::to_iso(time::now())).bind(p.user_id);
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ledger::record_row(c, p.actor(), user_id ? "device.assign" : "device.return", "device", "evidence_device_assignments", "id",
                     std::to_string(id), kAssignmentRecord, {{"device_id", d.id}}, std::to_string(d.id));
}

}  // namespace

const char* device_kind_name(const std::string& kind) {
  for (const auto& k : kKinds)
    if (kind == k.code) return k.name;
  return nullptr;
}

Device find_device(db::Connection& c, const org::Principal& p, int64_t id) {
  auto q = c.prepare(std::string(kDeviceSelect) + "WHERE d.id = ?");
  q->bind(id);
  if (!q->step() || !p.covers_path(q->row().text(2))) throw Error::not_found("device.not_found", "设备不存在或不在您的管辖范围内");
  return read_device(q->row());
}

std::optional<int64_t> holder_at(db::Connection& c, int64_t device_id, const std::string& at_iso) {
  auto q = c.prepare(
      "SELECT user_id FROM evidence_device_assignments WHERE device_id = ? AND assigned_at <= ? ORDER BY assigned_at DESC, id "
      "DESC LIMIT 1");
  q->bind(device_id).bind(at_iso);
  if (!q->step() || q->row().is_null(0)) return std::nullopt;
  return q->row().i64(0);
}

nlohmann::json list_devices(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id,
                            const std::string& status) {
  require_read(p);
  std::string sql = std::string(kDeviceSelect) + "WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (bureau_id) {
    sql += " AND d.bureau_id = ?";
    args.emplace_back(*bureau_id);
  }
  if (!status.empty()) {
    if (status != "in_service" && status != "retired") throw Error::invalid("status", "状态只能是 in_service 或 retired");
    sql += " AND d.status = ?";
    args.emplace_back(status);
  }
  auto q = c.prepare(sql + " ORDER BY b.path, d.serial_no");
  for (auto& a : args) q->bind(a);
  std::vector<Device> ds;
  while (q->step()) ds.push_back(read_device(q->row()));
  q.reset();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& d : ds) items.push_back(device_json(c, d));
  return {{"items", items}};
}

nlohmann::json get_device(db::Connection& c, const org::Principal& p, int64_t id) {
  require_read(p);
  Device d = find_device(c, p, id);
  nlohmann::json out = device_json(c, d);
  // The whole assignment history: who held it, from when, who handed it over.
  auto q = c.prepare(
      "SELECT user_id, assigned_at, assigned_by FROM evidence_device_assignments WHERE device_id = ? ORDER BY id");
  q->bind(id);
  std::vector<std::tuple<std::optional<int64_t>, std::string, int64_t>> rows;
  while (q->step()) rows.emplace_back(q->row().opt_i64(0), q->row().text(1), q->row().i64(2));
  q.reset();
  nlohmann::json hist = nlohmann::json::array();
  for (const auto& [user, at, by] : rows) hist.push_back({{"holder", user_ref(c, user)}, {"at", at}, {"by", user_ref(c, by)}});
  out["assignments"] = hist;
  return out;
}

nlohmann::json register_device(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  p.require("device.manage");
  Fields f(in);
  int64_t bureau_id = f.i64("bureau_id", "所属机构");
  auto b = org::find_bureau(c, bureau_id);
  if (!b || !p.covers_path(b->path)) throw Error::invalid("bureau_id", "所属机构不存在或不在您的管辖范围内", "device.bureau_invalid");
  std::string serial = f.str("serial_no", "设备编号", 64);
  std::string kind = f.str("kind", "设备类型", 32);
  if (!device_kind_name(kind))
    throw Error::invalid("kind", "设备类型只能是执法记录仪、移动执法终端、照相机、摄像机或录音笔", "device.kind_invalid");
  std::string model = f.str("model", "品牌型号", 100);
  auto dup = c.prepare("SELECT 1 FROM evidence_devices WHERE serial_no = ?");
  dup->bind(serial);
  if (dup->step()) throw Error(409, "device.serial_taken", "设备编号“" + serial + "”已登记", {{"field", "serial_no"}});
  dup.reset();
  auto ins = c.prepare(
      "INSERT INTO evidence_devices(bureau_id, serial_no, kind, model, status, registered_at) VALUES (?,?,?,?,?,?) RETURNING id");
  ins->bind(bureau_id).bind(serial).bind(kind).bind(model).bind("in_service").bind(time::to_iso(time::now()));
  ins->step();
  Device d{ins->row().i64(0), bureau_id, b->path, serial, kind, model, "in_service"};
  ins->exec();
  ledger::record_row(c, p.actor(), "device.register", "device", "evidence_devices", "id", std::to_string(d.id), kDeviceRecord);
  if (auto holder = f.opt_i64("holder_id", "领用人")) {
    check_holder(c, d, *holder, "holder_id");
    assign(c, p, d, holder);
  }
  return device_json(c, d);
}

nlohmann::json assign_device(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("device.manage");
  Device d = find_device(c, p, id);
  if (d.status != "in_service") throw Error::conflict("device.retired", "设备已停用，不能领用");
  Fields f(in);
  if (!in.is_object() || !in.contains("user_id")) throw Error::required("user_id", "领用人");
  auto user = f.opt_i64("user_id", "领用人");
  if (user) check_holder(c, d, *user, "user_id");
  if (user == current_holder(c, d.id)) throw Error::conflict("device.no_change", user ? "该设备已由此人领用" : "该设备已在库");
  assign(c, p, d, user);
  return device_json(c, d);
}

nlohmann::json retire_device(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("device.manage");
  Device d = find_device(c, p, id);
  if (d.status == "retired") throw Error::conflict("device.retired", "设备已停用");
  std::string reason = Fields(in).str("reason", "停用原因", 200);
  if (current_holder(c, d.id)) assign(c, p, d, std::nullopt);
  c.prepare("UPDATE evidence_devices SET status = 'retired' WHERE id = ?")->bind(d.id).exec();
  d.status = "retired";
  ledger::record_row(c, p.actor(), "device.retire", "device", "evidence_devices", "id", std::to_string(d.id), kDeviceRecord,
                     {{"reason", reason}});
  return device_json(c, d);
}

}  // namespace zhifa::evidence
