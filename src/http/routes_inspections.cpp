#include <filesystem>

#include "base/qr.h"
#include "cases/inspections.h"
#include "http/routes_util.h"

namespace zhifa::http {

namespace {
// Enough for several minutes of phone video; the file goes to disk as it arrives.
constexpr uint64_t kInspectionUploadLimit = 2ull << 30;

// The data directory the blob store lives in (DATA/evidence/..): the certificate token key is
// kept beside the ledger's keys, under DATA/keys/.
std::string data_dir(const App& app) {
  if (!app.blobs) throw Error::internal("no blob store configured");
  return app.blobs->path_of("00000000").parent_path().parent_path().parent_path().parent_path().string();
}
// The absolute address of a portal path when the request says where it was sent (the QR code is
// read by another phone), else the path.
std::string absolute(const Request& req, const std::string& path) {
  std::string host = req.header("x-forwarded-host");
  if (host.empty()) host = req.header("host");
  if (host.empty() || host.find_first_of(" /\\\"<>") != std::string::npos) return path;
  return (req.header("x-forwarded-proto") == "https" ? "https://" : "http://") + host + path;
}
}  // namespace

// Field inspections of drawn tasks (REC-6, REC-7, REC-10, DR-8..DR-10, INF-1) and the
// inspector's e-certificate with its public verification. Literal paths before /{id}.
void register_inspections_routes(App& app) {
  cases::register_inspection_kinds();
  auto& r = app.router;
  r.add("GET", "/api/v1/inspections", Access::login, [&app](Request& req) {
    cases::InspectionFilter f;
    f.bureau_id = req.q_int("bureau_id");
    f.item_id = req.q_int("item_id");
    f.task_id = req.q_int("task_id");
    f.state = req.q("state");
    f.mine = req.q("mine") == "1" || req.q("mine") == "true";
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(20);
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::list_inspections(c, req.who(), f); }));
  });
  r.add("POST", "/api/v1/inspections", Access::login, [&app](Request& req) {
    auto body = req.json();
    auto out = with_tx(app, [&](db::Connection& c) { return cases::start_inspection(c, req.who(), body, time::now()); });
    return Response::json(out, out.value("replayed", false) ? 200 : 201);
  });
  r.add("GET", "/api/v1/inspections/stats", Access::login, [&app](Request& req) {
    int year = int(req.q_int("year").value_or(time::today_shanghai().year));
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::inspection_stats(c, req.who(), year); }));
  });
  r.add("GET", "/api/v1/inspections/my-certificate", Access::login, [&app](Request& req) {
    auto out = with_conn(app, [&](db::Connection& c) { return cases::my_certificate(c, req.who(), data_dir(app), time::now()); });
    out["verify_url"] = absolute(req, out["verify_path"].get<std::string>());
    out["qr_svg"] = qr::svg(out["verify_url"].get<std::string>());
    return Response::json(out);
  });
  r.add("GET", "/api/v1/inspections/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return cases::get_inspection(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/inspections/{id}/steps", Access::login, [&app](Request& req) {
    auto body = req.json();
    auto out = with_tx(app, [&](db::Connection& c) { return cases::record_step(c, req.who(), req.id(), body, time::now()); });
    return Response::json(out, out.value("replayed", false) ? 200 : 201);
  });
  // The body is the file itself (its Content-Type the media type); the description in the query,
  // as POST /api/v1/evidence, plus client_id, channel and device_time.
  r.add_upload("POST", "/api/v1/inspections/{id}/evidence", Access::login, kInspectionUploadLimit, [&app](Request& req) {
    nlohmann::json meta = nlohmann::json::object();
    for (const char* k : {"kind", "title", "filename", "captured_at", "late_reason", "client_id", "channel", "device_time"})
      if (req.query.count(k)) meta[k] = req.q(k);
    if (auto d = req.q_int("device_id")) meta["device_id"] = *d;
    meta["media_type"] = req.header("content-type");
    auto out = with_tx(app, [&](db::Connection& c) {
      return cases::upload_evidence(c, req.who(), *app.blobs, *req.upload, req.id(), meta, time::now());
    });
    return Response::json(out, out.value("replayed", false) ? 200 : 201);
  });
  r.add("GET", "/api/v1/public/certificates/{number}", Access::public_, [&app](Request& req) {
    std::string number = req.params.count("number") ? req.params.at("number") : "";
    return Response::json(
        with_conn(app, [&](db::Connection& c) { return cases::public_certificate(c, number, req.q("t"), data_dir(app), time::now()); }));
  });
}

}  // namespace zhifa::http
