#include "demo/inspections_demo.h"

#include "base/error.h"
#include "base/time.h"
#include "cases/inspections.h"
#include "draw/tasks.h"

namespace zhifa::demo {

// The first task of the inspector's team, begun on 21 July 2026 at 09:30 Beijing time. A
// completed demo inspection would need evidence files (the signature, a recording), and the demo
// loader has no file store, so the demo stops before them.
void load_inspections_demo(db::Connection& c, const org::Principal& inspector) {
  draw::TaskFilter f;
  f.mine = true;
  f.state = "assigned";
  auto tasks = draw::list_tasks(c, inspector, f);
  if (tasks["items"].empty()) throw Error::internal("demo inspector has no task");
  const auto& task = tasks["items"][0];
  auto at = [](const char* local) { return *time::parse_iso(std::string(local) + "Z") - std::chrono::hours(8); };
  auto started = cases::start_inspection(c, inspector,
                                         {{"task_id", task["id"]},
                                          {"client_id", "0d3e5f6a-2026-4721-9a30-000000000001"},
                                          {"channel", "mobile"},
                                          {"device_time", "2026-07-21T01:30:02.000Z"}},
                                         at("2026-07-21T09:30:00"));
  const int64_t id = started["inspection"]["id"].get<int64_t>();
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : task["team"]) members.push_back(m["certificate_no"]);
  cases::record_step(c, inspector, id,
                     {{"kind", "certificate"},
                      {"members", members},
                      {"client_id", "0d3e5f6a-2026-4721-9a30-000000000002"},
                      {"channel", "mobile"},
                      {"device_time", "2026-07-21T01:31:10.000Z"}},
                     at("2026-07-21T09:31:12"));
  cases::record_step(c, inspector, id,
                     {{"kind", "notice"},
                      {"body", task["bureau_name"]},
                      {"basis", "《中华人民共和国统计法》第三十三条、《中华人民共和国统计法实施条例》第四十条"},
                      {"scope", "2025年度统计数据及统计工作"},
                      {"content", task["item_name"]},
                      {"method", "现场检查"},
                      {"time", "2026年7月21日起"},
                      {"requirements", "请备齐统计台账、原始记录及相关统计资料，并指定专人配合检查"},
                      {"manner", "direct"},
                      {"receiver", "办公室 王敏"},
                      {"client_id", "0d3e5f6a-2026-4721-9a30-000000000003"},
                      {"channel", "mobile"},
                      {"device_time", "2026-07-21T01:35:40.000Z"}},
                     at("2026-07-21T09:35:41"));
}

}  // namespace zhifa::demo
