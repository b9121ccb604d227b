#include "base/codes.h"
#include "base/fields.h"
#include "base/time.h"
#include "calendar/calendar_service.h"
#include "http/routes_util.h"
#include "registry/code_allowlist.h"

namespace zhifa::http {
namespace {

time::Date date_param(const Request& req, const std::string& name) {
  std::string s = req.q(name);
  if (s.empty()) throw Error::required(name, "日期");
  auto d = time::parse_date(s);
  if (!d) throw Error::invalid(name, "日期格式应为 YYYY-MM-DD，且须是真实日期", "validation.date");
  return *d;
}

}  // namespace

void register_calendar_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/calendar/add-workdays", Access::login, [&app](Request& req) {
    req.who().require("calendar.read");
    auto d = date_param(req, "date");
    auto n = req.q_int("n");
    if (!n) throw Error::required("n", "工作日数");
    if (*n < 0 || *n > 3650) throw Error::invalid("n", "工作日数应在 0 到 3650 之间");
    auto cal = with_conn(app, [](db::Connection& c) { return calendar::load(c); });
    auto res = cal.add_workdays(d, int(*n));
    return Response::json({{"date", d.str()}, {"n", *n}, {"result", res ? nlohmann::json(res->str()) : nlohmann::json(nullptr)},
                           {"status", res ? "ok" : "unknown"}});
  });
  r.add("GET", "/api/v1/calendar/workdays-between", Access::login, [&app](Request& req) {
    req.who().require("calendar.read");
    auto a = date_param(req, "from"), b = date_param(req, "to");
    auto cal = with_conn(app, [](db::Connection& c) { return calendar::load(c); });
    auto n = cal.workdays_between(a, b);
    return Response::json({{"from", a.str()}, {"to", b.str()}, {"workdays", n ? nlohmann::json(*n) : nlohmann::json(nullptr)},
                           {"status", n ? "ok" : "unknown"}});
  });
  r.add("GET", "/api/v1/calendar/coverage", Access::login, [&app](Request& req) {
    req.who().require("calendar.read");
    auto cov = with_conn(app, [](db::Connection& c) { return calendar::coverage(c, time::today_shanghai()); });
    return Response::json(cov.to_json());
  });
  r.add("POST", "/api/v1/calendar/years", Access::login, [&app](Request& req) {
    req.who().require("calendar.manage");
    auto body = req.json();
    auto year = with_tx(app, [&](db::Connection& c) { return calendar::load_year_json(c, req.who().actor(), body); });
    auto days = with_conn(app, [&](db::Connection& c) { return calendar::year_days(c, year); });
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& d : days) arr.push_back(d.to_json());
    return Response::json({{"year", year}, {"days", arr}}, 201);
  });
  r.add("GET", "/api/v1/calendar/years/{year}", Access::login, [&app](Request& req) {
    req.who().require("calendar.read");
    int64_t year = req.id("year");
    auto days = with_conn(app, [&](db::Connection& c) { return calendar::year_days(c, int(year)); });
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& d : days) arr.push_back(d.to_json());
    return Response::json({{"year", year}, {"days", arr}});
  });

  r.add("GET", "/api/v1/codes/check", Access::login, [&app](Request& req) {
    std::string kind = req.q("kind"), value = req.q("value");
    if (kind.empty()) throw Error::required("kind", "代码类别");
    if (value.empty()) throw Error::required("value", "代码");
    auto check = with_conn(app, [&](db::Connection& c) { return registry::check_code(c, kind, value); });
    return Response::json({{"kind", kind}, {"value", value}, {"valid", check.valid}, {"reason", check.reason},
                           {"warnings", check.warnings}, {"info", check.info}});
  });
  r.add("GET", "/api/v1/codes/allowlist", Access::login, [&app](Request& req) {
    req.who().require("org.read");
    auto list = with_conn(app, [](db::Connection& c) { return registry::allowlist(c); });
    return Response::json(to_items(list));
  });
  r.add("POST", "/api/v1/codes/allowlist", Access::login, [&app](Request& req) {
    req.who().require("user.manage");
    auto body = req.json();
    Fields f(body);
    auto e = with_tx(app, [&](db::Connection& c) {
      return registry::allowlist_add(c, req.who().actor(), f.str("code", "统一社会信用代码", 18), f.opt_str("note", "说明", 200).value_or(""));
    });
    return Response::json(e.to_json(), 201);
  });
}

}  // namespace zhifa::http
