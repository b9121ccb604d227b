#include "base/time.h"
#include "http/routes_util.h"
#include "publicity/annual_report.h"

namespace zhifa::http {

namespace {

// The day the deadline states are computed for: ?on=YYYY-MM-DD (to see a past or coming day),
// default today (Shanghai). Writes always use today.
time::Date day_param(const Request& req) {
  std::string v = req.q("on");
  if (v.empty()) return time::today_shanghai();
  auto d = time::parse_date(v);
  if (!d) throw Error::invalid("on", "日期格式应为 YYYY-MM-DD", "annual.date_invalid");
  return *d;
}

std::optional<int> year_param(const Request& req) {
  auto y = req.q_int("year");
  if (!y) return std::nullopt;
  return int(*y);
}

}  // namespace

// The annual enforcement statistics report (PUB-9, docs/annual-report.md). Literal paths are
// added before /{id}: the router takes the first match.
void register_annual_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/annual-reports", Access::login, [&app](Request& req) {
    auto today = day_param(req);
    auto year = year_param(req);
    auto bureau = req.q_int("bureau_id");
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::list_annual_reports(c, req.who(), year, bureau, today); }));
  });
  r.add("POST", "/api/v1/annual-reports", Access::login, [&app](Request& req) {
    auto body = req.json();
    auto today = time::today_shanghai();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::compile_annual_report(c, req.who(), body, today); }), 201);
  });
  r.add("GET", "/api/v1/annual-reports/{id}", Access::login, [&app](Request& req) {
    auto today = day_param(req);
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::get_annual_report(c, req.who(), req.id(), today); }));
  });
  r.add("POST", "/api/v1/annual-reports/{id}/review", Access::login, [&app](Request& req) {
    auto body = req.json();
    auto today = time::today_shanghai();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::review_annual_report(c, req.who(), req.id(), body, today); }));
  });
  r.add("POST", "/api/v1/annual-reports/{id}/publish", Access::login, [&app](Request& req) {
    auto today = time::today_shanghai();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::publish_annual_report(c, req.who(), req.id(), today); }));
  });
  r.add("POST", "/api/v1/annual-reports/{id}/correct", Access::login, [&app](Request& req) {
    auto body = req.json();
    auto today = time::today_shanghai();
    return Response::json(with_tx(app, [&](db::Connection& c) { return publicity::correct_annual_report(c, req.who(), req.id(), body, today); }), 201);
  });

  // The portal (no login): published reports, numbers only.
  r.add("GET", "/api/v1/portal/annual-reports", Access::public_, [&app](Request& req) {
    auto year = year_param(req);
    auto bureau = req.q_int("bureau_id");
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::portal_annual_reports(c, year, bureau); }));
  });
  r.add("GET", "/api/v1/portal/annual-reports/{id}", Access::public_, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return publicity::portal_annual_report(c, req.id()); }));
  });
}

}  // namespace zhifa::http
