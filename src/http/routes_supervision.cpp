#include "http/routes_util.h"
#include "supervision/dashboard.h"

namespace zhifa::http {

// The supervisor's dashboard and its drill-downs (docs/supervision.md). The literal path comes
// before /{metric}: the router takes the first match.
void register_supervision_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/supervision/dashboard", Access::login, [&app](Request& req) {
    auto period = supervision::parse_period(req.q("from"), req.q("to"));
    auto bureau = req.q_int("bureau_id");
    return Response::json(with_conn(app, [&](db::Connection& c) { return supervision::dashboard(c, req.who(), bureau, period); }));
  });
  r.add("GET", "/api/v1/supervision/dashboard/{metric}", Access::login, [&app](Request& req) {
    auto period = supervision::parse_period(req.q("from"), req.q("to"));
    auto bureau = req.q_int("bureau_id");
    const int64_t page = req.q_int("page").value_or(1), size = req.q_int("page_size").value_or(20);
    const std::string metric = req.params.at("metric");
    return Response::json(
        with_conn(app, [&](db::Connection& c) { return supervision::drilldown(c, req.who(), metric, bureau, period, page, size); }));
  });
}

}  // namespace zhifa::http
