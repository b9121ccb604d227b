#include "evidence/devices.h"
#include "evidence/evidence.h"
#include "http/routes_util.h"

namespace zhifa::http {

namespace {
// Large enough for hours of 4K body-camera video; the file goes to disk as it arrives.
constexpr uint64_t kEvidenceLimit = 8ull << 30;

std::optional<bool> q_bool(const Request& req, const char* name) {
  std::string v = req.q(name);
  if (v.empty()) return std::nullopt;
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  throw Error::invalid(name, std::string(name) + " 只能是 true 或 false");
}
}  // namespace

// Recording devices and evidence files (REC-18, REC-19, REC-21..23).
void register_evidence_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/devices", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return evidence::list_devices(c, req.who(), req.q_int("bureau_id"), req.q("status")); }));
  });
  r.add("POST", "/api/v1/devices", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return evidence::register_device(c, req.who(), body); }), 201);
  });
  r.add("GET", "/api/v1/devices/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return evidence::get_device(c, req.who(), req.id()); }));
  });
  r.add("POST", "/api/v1/devices/{id}/assign", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return evidence::assign_device(c, req.who(), req.id(), body); }));
  });
  r.add("POST", "/api/v1/devices/{id}/retire", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return evidence::retire_device(c, req.who(), req.id(), body); }));
  });

  // The body is the file itself (any Content-Type: its media type); the description is in the query.
  r.add_upload("POST", "/api/v1/evidence", Access::login, kEvidenceLimit, [&app](Request& req) {
    nlohmann::json meta = nlohmann::json::object();
    for (const char* k : {"kind", "title", "filename", "captured_at", "late_reason", "retention", "owner_kind", "owner_id"})
      if (req.query.count(k)) meta[k] = req.q(k);
    if (auto d = req.q_int("device_id")) meta["device_id"] = *d;
    meta["media_type"] = req.header("content-type");
    return Response::json(with_tx(app, [&](db::Connection& c) {
                            return evidence::store_evidence(c, req.who(), *app.blobs, *req.upload, meta);
                          }),
                          201);
  });
  r.add("GET", "/api/v1/evidence", Access::login, [&app](Request& req) {
    evidence::EvidenceFilter f;
    f.bureau_id = req.q_int("bureau_id");
    f.kind = req.q("kind");
    f.overdue = q_bool(req, "overdue");
    f.recorder_id = req.q_int("recorder_id");
    f.device_id = req.q_int("device_id");
    f.owner_kind = req.q("owner_kind");
    f.owner_id = req.q("owner_id");
    f.from = req.q("from");
    f.to = req.q("to");
    f.uploaded_by = req.q_int("uploaded_by");
    f.disposal = req.q("disposal");
    f.page = req.q_int("page").value_or(1);
    f.page_size = req.q_int("page_size").value_or(20);
    return Response::json(with_conn(app, [&](db::Connection& c) { return evidence::list_evidence(c, req.who(), f); }));
  });
  r.add("GET", "/api/v1/evidence/{id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) { return evidence::get_evidence(c, req.who(), req.id()); }));
  });
  // Every opening is a ledger entry (调阅, REC-22), committed before the first byte is sent.
  r.add("GET", "/api/v1/evidence/{id}/content", Access::login, [&app](Request& req) {
    auto o = with_tx(app, [&](db::Connection& c) { return evidence::open_evidence(c, req.who(), *app.blobs, req.id()); });
    Response res = Response::file(o.path, o.media_type, o.filename);
    if (req.q("inline") == "1") res.headers.front().second.replace(0, 10, "inline");
    return res;
  });
  r.add("POST", "/api/v1/evidence/{id}/disposal", Access::login, [&app](Request& req) {
    auto body = req.json();
    return Response::json(with_tx(app, [&](db::Connection& c) { return evidence::request_disposal(c, req.who(), req.id(), body); }), 201);
  });
  r.add("POST", "/api/v1/evidence-disposals/{id}/decision", Access::login, [&app](Request& req) {
    auto body = req.json();
    auto d = with_tx(app, [&](db::Connection& c) { return evidence::decide_disposal(c, req.who(), *app.blobs, req.id(), body); });
    // The record is committed: only now may the file go.
    if (d.remove_hash) app.blobs->remove_file(*d.remove_hash);
    return Response::json(d.item);
  });
}

}  // namespace zhifa::http
