#include "cases/documents.h"
#include "http/routes_util.h"

namespace zhifa::http {

namespace {

nlohmann::json record_json(const cases::DocumentRecord& r) {
  return {{"id", r.id},
          {"owner_kind", r.owner_kind},
          {"owner_id", r.owner_id},
          {"template_code", r.template_code},
          {"title", r.title},
          {"bureau_id", r.bureau_id},
          {"pdf_hash", r.pdf_hash},
          {"rendered_seq", r.rendered_seq},
          {"created_by", r.created_by},
          {"created_at", r.created_at},
          {"ledger_seq", r.ledger_seq},
          {"changed", r.changed}};
}

nlohmann::json scan_json(const cases::ScanLink& s) {
  return {{"id", s.id},
          {"owner_kind", s.owner_kind},
          {"owner_id", s.owner_id},
          {"template_code", s.template_code},
          {"evidence_id", s.evidence_id},
          {"ledger_seq", s.ledger_seq},
          {"created_at", s.created_at}};
}

// "{code}.html" / "{code}.pdf" / "{code}": the code and the format asked for.
std::pair<std::string, std::string> split_file(const std::string& file) {
  for (const char* ext : {".html", ".pdf"}) {
    const std::string e = ext;
    if (file.size() > e.size() && file.compare(file.size() - e.size(), e.size(), e) == 0)
      return {file.substr(0, file.size() - e.size()), e.substr(1)};
  }
  return {file, "json"};
}

void add_document_headers(Response& r, const cases::RenderedDocument& d) {
  r.headers.push_back({"X-Document-Hash", d.record.pdf_hash});
  r.headers.push_back({"X-Ledger-Seq", std::to_string(d.data.ledger_seq)});
  r.headers.push_back({"Cache-Control", "no-store"});
}

}  // namespace

// Enforcement documents of any record whose module registered a producer (cases/documents.h):
// the list, the rendering (A4 HTML, PDF, or JSON with the HTML and the record of generations)
// and the signed scan linked back. The producer checks the read permission and the scope.
void register_documents_routes(App& app) {
  cases::register_builtin_producers();
  auto& r = app.router;
  r.add("GET", "/api/v1/documents/{owner_kind}/{owner_id}", Access::login, [&app](Request& req) {
    return Response::json(with_conn(app, [&](db::Connection& c) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& d : cases::list(c, req.who(), req.params.at("owner_kind"), req.params.at("owner_id")))
        arr.push_back({{"template_code", d.template_code}, {"title", d.title}, {"last", d.last ? record_json(*d.last) : nlohmann::json(nullptr)}});
      return items(arr);
    }));
  });
  r.add("GET", "/api/v1/documents/{owner_kind}/{owner_id}/{file}", Access::login, [&app](Request& req) {
    const auto& kind = req.params.at("owner_kind");
    const auto& owner = req.params.at("owner_id");
    auto [code, format] = split_file(req.params.at("file"));
    return with_conn(app, [&](db::Connection& c) {
      auto d = cases::generate(c, req.who(), kind, owner, code);
      if (format == "html") {
        Response res = Response::text(std::move(d.html), "text/html; charset=utf-8");
        add_document_headers(res, d);
        return res;
      }
      if (format == "pdf") {
        Response res = Response::text(std::move(d.pdf), "application/pdf");
        add_document_headers(res, d);
        res.headers.push_back({"Content-Disposition", "attachment; filename=\"zhifa-" + kind + "-" + owner + "-" + code + ".pdf\""});
        return res;
      }
      nlohmann::json gens = nlohmann::json::array(), sc = nlohmann::json::array();
      for (const auto& g : cases::history(c, req.who(), kind, owner, code)) gens.push_back(record_json(g));
      for (const auto& s : cases::scans(c, req.who(), kind, owner, code)) sc.push_back(scan_json(s));
      Response res = Response::json({{"template_code", code},
                                     {"title", d.data.title},
                                     {"number", d.data.number},
                                     {"bureau_name", d.data.bureau_name},
                                     {"party_name", d.data.party_name},
                                     {"rendered_seq", d.data.ledger_seq},
                                     {"entry_hash", d.entry_hash},
                                     {"record", record_json(d.record)},
                                     {"generations", gens},
                                     {"scans", sc},
                                     {"html", d.html}});
      add_document_headers(res, d);
      return res;
    });
  });
  r.add("POST", "/api/v1/documents/{owner_kind}/{owner_id}/{code}/scan", Access::login, [&app](Request& req) {
    auto body = req.json();
    if (!body.is_object() || !body.contains("evidence_id") || !body["evidence_id"].is_number_integer())
      throw Error::invalid("evidence_id", "请指定签收后文书扫描件的证据编号");
    const int64_t ev = body["evidence_id"].get<int64_t>();
    return Response::json(with_tx(app, [&](db::Connection& c) {
                            return scan_json(cases::attach_scan(c, req.who(), req.params.at("owner_kind"), req.params.at("owner_id"),
                                                                req.params.at("code"), ev));
                          }),
                          201);
  });
}

}  // namespace zhifa::http
