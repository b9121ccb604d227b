#include "http/routes_import.h"
#include "http/routes_util.h"
#include "inspectors/eligibility.h"
#include "inspectors/inspector_import.h"
#include "inspectors/inspectors.h"
#include "inspectors/training_plans.h"

namespace zhifa::http {

namespace {

inspectors::InspectorFilter inspector_filter(const Request& req) {
  inspectors::InspectorFilter f;
  f.q = req.q("q");
  f.bureau_id = req.q_int("bureau_id");
  f.status = req.q("status");
  f.specialty = req.q("specialty");
  f.eligible_on = req.q("eligible_on");
  f.lapsing_within_days = req.q_int("lapsing_within_days");
  std::string ts = req.q("training_short");
  if (ts == "true" || ts == "1") f.training_short = true;
  else if (ts == "false" || ts == "0") f.training_short = false;
  else if (!ts.empty()) throw Error::invalid("training_short", "training_short 只能是 true 或 false");
  f.year = int(req.q_int("year").value_or(0));
  f.page = req.q_int("page").value_or(1);
  f.page_size = req.q_int("page_size").value_or(20);
  return f;
}

time::Date date_param(const Request& req, const char* name) {
  std::string v = req.q(name);
  if (v.empty()) return time::today_shanghai();
  auto d = time::parse_date(v);
  if (!d) throw Error::invalid(name, "日期格式应为 YYYY-MM-DD", "inspector.date_invalid");
  return *d;
}

}  // namespace

// The inspector registry (DR-2, ORG-2, ORG-5), its import and export (INF-2), the draw's pool and
// the public list (PUB-5). Literal paths are added before /inspectors/{id}: the router takes the
// first match.
void register_inspectors_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/inspectors", Access::login, [&app](Request& req) {
    auto f = inspector_filter(req);
    return Response::json(with_conn(app, [&](db::Connection& c) { return inspectors::list_inspectors(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/inspectors", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return inspectors::create_inspector(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/inspectors/dictionaries", Access::login, [](Request&) { return Response::json(inspectors::dictionaries()); });
  r.add("GET", "/api/v1/inspectors/me", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return inspectors::my_inspector(c, req.who()); }));
  });
  r.add("GET", "/api/v1/inspectors/lapsing", Access::login, [&app](Request& req) {
    int64_t days = req.q_int("days").value_or(inspectors::kLapsingDays);
    auto bureau = req.q_int("bureau_id");
    return Response::json(with_conn(app, [&](db::Connection& c) { return inspectors::lapsing_certificates(c, req.who(), days, bureau); }));
  });
  r.add("GET", "/api/v1/inspectors/pool", Access::login, [&app](Request& req) {
    inspectors::PoolQuery q;
    auto bureau = req.q_int("bureau_id");
    q.bureau_id = bureau ? *bureau : req.who().bureau_id;
    q.on = date_param(req, "on");
    q.specialty = req.q("specialty");
    q.target.credit_code = req.q("credit_code");
    for (auto& ch : q.target.credit_code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    q.target.division_code = req.q("division");
    q.target.department = req.q("department");
    return Response::json(with_conn(app, [&](db::Connection& c) {
      auto pool = inspectors::draw_pool(c, req.who(), q);
      auto j = pool.to_json(time::today_shanghai());
      j["on"] = q.on.str();
      j["bureau_id"] = q.bureau_id;
      return j;
    }));
  });
  r.add("GET", "/api/v1/inspectors/export.xlsx", Access::login, [&app](Request& req) {
    auto f = inspector_filter(req);
    auto bytes = with_conn(app, [&](db::Connection& c) { return inspectors::export_inspectors_xlsx(c, req.who(), f); });
    return attachment(std::move(bytes), kXlsxType, "执法人员名录.xlsx");
  });
  r.add("GET", "/api/v1/inspectors/import-template", Access::login, [](Request& req) {
    std::string format = req.q("format").empty() ? "xlsx" : req.q("format");
    auto bytes = inspectors::inspector_template(req.who(), format);
    return attachment(std::move(bytes), format == "csv" ? "text/csv; charset=utf-8" : kXlsxType, "执法人员导入模板." + format);
  });
  // The body is the file (CSV or XLSX; the content is sniffed, Content-Type is not relied on).
  r.add_long("POST", "/api/v1/inspectors/import", Access::login,
             [&app](Request& req) { return run_import(app, req, inspectors::import_inspectors); });
  // The same file again: the check report as XLSX (stateless, so nothing is kept on the server).
  r.add_long("POST", "/api/v1/inspectors/import/report", Access::login,
             [&app](Request& req) { return import_report(app, req, inspectors::import_inspectors, "执法人员导入检查报告.xlsx"); });
  r.add("GET", "/api/v1/inspectors/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return inspectors::get_inspector(c, req.who(), req.id()); }));
  });
  r.add("PATCH", "/api/v1/inspectors/{id}", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return inspectors::update_inspector(c, req.who(), req.id(), body); }));
  });
  r.add("GET", "/api/v1/inspectors/{id}/history", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return inspectors::inspector_history(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/inspectors/{id}/trainings", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return inspectors::add_training(c, req.who(), req.id(), body); }), 201);
  });
  r.add("POST", "/api/v1/inspectors/{id}/conflicts", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return inspectors::declare_conflict(c, req.who(), req.id(), body); }), 201);
  });
  r.add("POST", "/api/v1/inspectors/{id}/conflicts/{conflict_id}/end", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) {
      return inspectors::end_conflict(c, req.who(), req.id(), req.id("conflict_id"), body);
    }));
  });

  // Annual training plans (ORG-5): versioned like the spot-check plans, read against the training received.
  r.add("GET", "/api/v1/training-plans", Access::login, [&app](Request& req) {
    inspectors::TrainingPlanFilter f{req.q_int("year"), req.q_int("bureau_id")};
    return Response::json(with_conn(app, [&](db::Connection& c) { return inspectors::list_training_plans(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/training-plans", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(
        with_tx(app, [&](db::Connection& c) { return inspectors::create_training_plan(c, req.who(), body, time::now()); }), 201);
  });
  r.add("GET", "/api/v1/training-plans/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return inspectors::get_training_plan(c, req.who(), req.id()); }));
  });
  r.add("GET", "/api/v1/training-plans/{id}/report", Access::login, [&app](Request& req) {
    auto version = req.q_int("version");
    return Response::json(with_conn(app, [&](db::Connection& c) {
      return inspectors::training_plan_report(c, req.who(), req.id(), version, req.q("as_of"));
    }));
  });
  r.add("POST", "/api/v1/training-plans/{id}/versions", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(
        with_tx(app, [&](db::Connection& c) { return inspectors::add_training_plan_version(c, req.who(), req.id(), body, time::now()); }),
        201);
  });
  r.add("POST", "/api/v1/training-plans/{id}/publish", Access::login, [&app](Request& req) {
    // The body is optional: {version_id} guards against publishing a version the user has not seen.
    auto body = req.body.empty() ? nlohmann::json::object() : req.json();
    return Response::json(
        with_tx(app, [&](db::Connection& c) { return inspectors::publish_training_plan(c, req.who(), req.id(), body, time::now()); }));
  });

  // PUB-5, PUB-6: the qualified staff with their certificates, no login.
  r.add("GET", "/api/v1/public/inspectors", Access::public_, [&app](Request& req) {
    auto bureau = req.q_int("bureau_id");
    auto page = req.q_int("page").value_or(1), size = req.q_int("page_size").value_or(20);
    return Response::json(with_conn(app, [&](db::Connection& c) {
      return inspectors::public_inspectors(c, bureau, req.q("q"), req.q("certificate_no"), page, size);
    }));
  });
}

}  // namespace zhifa::http
