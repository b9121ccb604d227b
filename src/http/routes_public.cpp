#include "http/routes_util.h"
#include "org/bureaus.h"

namespace zhifa::http {

void register_public_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/healthz", Access::public_, [&app](Request&) {
    with_conn(app, [](db::Connection& c) { c.prepare("SELECT 1")->exec(); });
    return Response::json({{"status", "ok"},
                           {"store", app.db->dialect() == db::Dialect::sqlite ? "sqlite" : "postgres"},
                           {"version", app.version}});
  });
  r.add("GET", "/api/v1/public/bureaus", Access::public_, [&app](Request&) {
    auto list = with_conn(app, [](db::Connection& c) { return org::public_bureaus(c); });
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& b : list)
      arr.push_back({{"id", b.id}, {"parent_id", b.parent_id ? nlohmann::json(*b.parent_id) : nlohmann::json(nullptr)}, {"name", b.name},
                     {"code", b.code}, {"level", b.level}, {"kind", b.kind}, {"address", b.address}, {"phone", b.phone}});
    return Response::json(items(arr));
  });
}

}  // namespace zhifa::http
