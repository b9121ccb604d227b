#include "base/time.h"
#include "http/routes_util.h"
#include "review/discretion.h"
#include "review/roster.h"

namespace zhifa::http {

namespace {

// The day a state is computed for: ?on=YYYY-MM-DD (to see a past or coming day), default today.
time::Date day_param(const Request& req, const char* name) {
  std::string v = req.q(name);
  if (v.empty()) return time::today_shanghai();
  auto d = time::parse_date(v);
  if (!d) throw Error::invalid(name, "日期格式应为 YYYY-MM-DD", "review.date_invalid");
  return *d;
}

int year_param(const Request& req, const time::Date& today) {
  auto y = req.q_int("year");
  return y ? int(*y) : today.year;
}

}  // namespace

// The legal reviewer roster (ORG-4) and the discretion benchmarks (docs/review.md). Literal paths
// are added before /roster/{id}/...: the router takes the first match.
void register_review_roster_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/review/roster", Access::login, [&app](Request& req) {
    auto bureau = req.q_int("bureau_id");
    std::string inactive = req.q("include_inactive");
    return Response::json(with_conn(app, [&](db::Connection& c) {
      return review::list_roster(c, req.who(), bureau, inactive == "true" || inactive == "1");
    }));
  });
  r.add("POST", "/api/v1/review/roster", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return review::add_reviewer(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/review/roster/report", Access::login, [&app](Request& req) {
    auto today = day_param(req, "on");
    int year = year_param(req, today);
    auto bureau = req.q_int("bureau_id");
    return Response::json(with_conn(app, [&](db::Connection& c) { return review::roster_report(c, req.who(), year, bureau, today); }));
  });
  r.add("POST", "/api/v1/review/roster/report", Access::login, [&app](Request& req) {
    auto body = req.json();
    auto today = time::today_shanghai();
    int year = today.year;
    if (body.is_object() && body.contains("year") && !body["year"].is_null()) {
      if (!body["year"].is_number_integer()) throw Error::invalid("year", "年度应为整数", "review.year_invalid");
      year = int(body["year"].get<int64_t>());
    }
    return Response::json(with_tx(app, [&](db::Connection& c) { return review::submit_roster_report(c, req.who(), year, today); }), 201);
  });
  r.add("GET", "/api/v1/review/roster/reports", Access::login, [&app](Request& req) {
    auto today = day_param(req, "on");
    int year = year_param(req, today);
    return Response::json(with_conn(app, [&](db::Connection& c) { return review::roster_reports(c, req.who(), year, today); }));
  });
  r.add("POST", "/api/v1/review/roster/{id}/deactivate", Access::login, [&app](Request& req) {
    auto id = req.id();
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return review::deactivate_reviewer(c, req.who(), id, body); }));
  });

  r.add("GET", "/api/v1/review/benchmarks", Access::login, [&app](Request& req) {
    auto bureau = req.q_int("bureau_id");
    auto today = day_param(req, "date");
    return Response::json(with_conn(app, [&](db::Connection& c) { return review::benchmarks(c, req.who(), bureau, today); }));
  });
  r.add("GET", "/api/v1/review/benchmarks/assess", Access::login, [&app](Request& req) {
    nlohmann::json q = {{"violation", req.q("violation")}, {"party_class", req.q("party_class")}, {"amount_fen", req.q("amount_fen")},
                        {"date", req.q("date")},           {"tier", req.q("tier")}};
    if (auto b = req.q_int("bureau_id")) q["bureau_id"] = *b;
    return Response::json(with_conn(app, [&](db::Connection& c) { return review::assess_fine_for(c, req.who(), q, time::today_shanghai()); }));
  });
  r.add("POST", "/api/v1/review/benchmarks/tiers", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return review::create_tiers(c, req.who(), body); }), 201);
  });
}

}  // namespace zhifa::http
