#include "base/qr.h"
#include "draw/sessions.h"
#include "draw/tasks.h"
#include "http/routes_util.h"

namespace zhifa::http {

namespace {

draw::DrawFilter draw_filter(const Request& req) {
  return {req.q_int("plan_id"), req.q_int("bureau_id"), req.q_int("year"), req.q("state")};
}

Response csv(std::string body, int64_t id) {
  Response r = Response::text(std::move(body), "text/csv; charset=utf-8");
  r.headers.push_back({"Content-Disposition", "attachment; filename=\"zhifa-draw-" + std::to_string(id) + "-pool.csv\""});
  return r;
}

Response certificate_file(const nlohmann::json& cert, int64_t id) {
  Response r = Response::json(cert);
  r.headers.push_back({"Content-Disposition", "attachment; filename=\"zhifa-draw-" + std::to_string(id) + "-certificate.json\""});
  return r;
}

// The verification page as an absolute URL when the request says where it was sent (a QR code
// on paper must work from a phone), else the path.
std::string verification_url(const Request& req, int64_t id) {
  std::string host = req.header("x-forwarded-host");
  if (host.empty()) host = req.header("host");
  std::string path = draw::verification_path(id);
  if (host.empty() || host.find_first_of(" /\\\"<>") != std::string::npos) return path;
  return (req.header("x-forwarded-proto") == "https" ? "https://" : "http://") + host + path;
}

}  // namespace

// Witnessed draw sessions, their tasks and replacements (DR-6, DR-7, DR-12, DR-13), and their
// public face (PUB-11). Literal paths come before /{id}: the router takes the first match.
void register_draw_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/draws", Access::login, [&app](Request& req) {
    auto f = draw_filter(req);
    return Response::json(with_conn(app, [&](db::Connection& c) { return draw::list_draws(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/draws", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return draw::commit_draw(c, req.who(), body, time::now()); }), 201);
  });
  r.add("GET", "/api/v1/draws/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return draw::get_draw(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/draws/{id}/draw", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return draw::run_draw(c, req.who(), req.id(), body, time::now()); }));
  });
  r.add("POST", "/api/v1/draws/{id}/redraw", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(
        with_tx(app, [&](db::Connection& c) { return draw::request_redraw(c, req.who(), req.id(), body, time::now()); }), 201);
  });
  r.add("POST", "/api/v1/draws/{id}/approve", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(
        with_tx(app, [&](db::Connection& c) { return draw::decide_redraw(c, req.who(), req.id(), body, true, time::now()); }));
  });
  r.add("POST", "/api/v1/draws/{id}/refuse", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(
        with_tx(app, [&](db::Connection& c) { return draw::decide_redraw(c, req.who(), req.id(), body, false, time::now()); }));
  });
  r.add("GET", "/api/v1/draws/{id}/pool.csv", Access::login, [&app](Request& req) {
    int64_t id = req.id();
    return csv(with_conn(app, [&](db::Connection& c) { return draw::pool_csv(c, req.who(), id); }), id);
  });
  r.add("GET", "/api/v1/draws/{id}/certificate.json", Access::login, [&app](Request& req) {
    int64_t id = req.id();
    return certificate_file(with_conn(app, [&](db::Connection& c) { return draw::draw_certificate(c, req.who(), id); }), id);
  });

  r.add("GET", "/api/v1/tasks", Access::login, [&app](Request& req) {
    draw::TaskFilter f;
    f.session_id = req.q_int("session_id");
    std::string mine = req.q("mine");
    if (!mine.empty() && mine != "0" && mine != "1" && mine != "true" && mine != "false")
      throw Error::invalid("mine", "mine 只能是 1 或 0");
    f.mine = mine == "1" || mine == "true";
    f.state = req.q("state");
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(50);
    return Response::json(with_conn(app, [&](db::Connection& c) { return draw::list_tasks(c, req.who(), f); }));
  });
  r.add("GET", "/api/v1/tasks/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return draw::get_task(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/tasks/{id}/replacements", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(
        with_tx(app, [&](db::Connection& c) { return draw::request_replacement(c, req.who(), req.id(), body, time::now()); }), 201);
  });
  r.add("POST", "/api/v1/replacements/{id}/approve", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(
        with_tx(app, [&](db::Connection& c) { return draw::decide_replacement(c, req.who(), req.id(), body, true, time::now()); }));
  });
  r.add("POST", "/api/v1/replacements/{id}/refuse", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(
        with_tx(app, [&](db::Connection& c) { return draw::decide_replacement(c, req.who(), req.id(), body, false, time::now()); }));
  });

  // No login (PUB-11, DR-6): the commitment before the draw, the result and the files after it.
  r.add("GET", "/api/v1/public/draws", Access::public_, [&app](Request& req) {
    auto f = draw_filter(req);
    int64_t page = req.q_int("page").value_or(1), size = req.q_int("page_size").value_or(20);
    return Response::json(with_conn(app, [&](db::Connection& c) { return draw::public_draws(c, f, page, size); }));
  });
  r.add("GET", "/api/v1/public/draws/{id}", Access::public_, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return draw::public_draw(c, req.id()); }));
  });
  r.add("GET", "/api/v1/public/draws/{id}/certificate.json", Access::public_, [&app](Request& req) {
    int64_t id = req.id();
    return certificate_file(with_conn(app, [&](db::Connection& c) { return draw::public_certificate(c, id); }), id);
  });
  r.add("GET", "/api/v1/public/draws/{id}/pool.csv", Access::public_, [&app](Request& req) {
    int64_t id = req.id();
    return csv(with_conn(app, [&](db::Connection& c) { return draw::public_pool_csv(c, id); }), id);
  });
  r.add("GET", "/api/v1/public/draws/{id}/qr.svg", Access::public_, [&app](Request& req) {
    int64_t id = req.id();
    with_conn(app, [&](db::Connection& c) { return draw::public_draw(c, id); });  // 404 unless public
    return Response::text(qr::svg(verification_url(req, id)), "image/svg+xml");
  });
}

}  // namespace zhifa::http
