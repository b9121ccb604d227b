#include "base/crypto.h"
#include "base/qr.h"
#include "http/routes_util.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "ledger/merkle.h"
#include "ledger/tree.h"

namespace zhifa::http {

// The public face of the record (no login): anyone can fetch checkpoints and proofs and check
// them with docs/verify_ledger.py.
void register_ledger_routes(App& app) {
  auto& r = app.router;
  r.add("GET", "/api/v1/ledger/checkpoint", Access::public_, [&app](Request&) {
    auto cp = with_conn(app, [](db::Connection& c) { return ledger::latest_checkpoint(c); });
    if (!cp) throw Error::not_found("ledger.no_checkpoint", "尚无检查点");
    return Response::text(cp->note);
  });
  r.add("GET", "/api/v1/ledger/checkpoints", Access::public_, [&app](Request& req) {
    int64_t page = std::max<int64_t>(1, req.q_int("page").value_or(1));
    int64_t size = std::clamp<int64_t>(req.q_int("page_size").value_or(20), 1, 200);
    auto list = with_conn(app, [&](db::Connection& c) { return ledger::checkpoints(c, (page - 1) * size, size); });
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& cp : list)
      arr.push_back({{"size", cp.size}, {"root", crypto::base64(cp.root)}, {"at", cp.at}, {"note", cp.note}});
    return Response::json({{"items", arr}, {"page", page}, {"page_size", size}});
  });
  r.add("GET", "/api/v1/ledger/keys", Access::public_, [&app](Request&) {
    return Response::json(with_conn(app, [](db::Connection& c) {
      return nlohmann::json{{"origin", ledger::origin(c)},
                            {"hash", crypto::hash_name(ledger::store_hash(c))},
                            {"verifier_keys", ledger::verifier_keys(c)}};
    }));
  });
  r.add("GET", "/api/v1/ledger/entries/{seq}/proof", Access::public_, [&app](Request& req) {
    int64_t seq = req.id("seq");
    return Response::json(with_conn(app, [&](db::Connection& c) {
      auto e = ledger::find_entry(c, seq);
      if (!e) throw Error::not_found("ledger.entry_not_found", "记录 #" + std::to_string(seq) + " 不存在");
      int64_t n = req.q_int("size").value_or(0);
      std::optional<ledger::Checkpoint> cp;
      if (n == 0) {
        cp = ledger::checkpoint_covering(c, seq);
        if (!cp) throw Error::conflict("ledger.not_checkpointed", "该记录尚未被检查点覆盖，请稍后再试");
        n = cp->size;
      }
      if (n < seq || n > ledger::size(c)) throw Error::invalid("size", "树大小应不小于记录序号且不超过当前记录数");
      auto h = ledger::store_hash(c);
      ledger::StoredNodes nodes(c);
      nlohmann::json proof = nlohmann::json::array();
      for (const auto& p : ledger::merkle::inclusion_proof(h, nodes, uint64_t(seq - 1), uint64_t(n))) proof.push_back(crypto::base64(p));
      std::string bytes = ledger::entry_bytes(*e);
      return nlohmann::json{{"seq", seq},
                            {"index", seq - 1},
                            {"size", n},
                            {"entry", nlohmann::json::parse(bytes)},
                            {"leaf_hash", crypto::base64(ledger::merkle::leaf_hash(h, bytes))},
                            {"proof", proof},
                            {"root", crypto::base64(ledger::merkle::root(h, nodes, uint64_t(n)))},
                            {"checkpoint", cp ? nlohmann::json(cp->note) : nlohmann::json(nullptr)}};
    }));
  });
  r.add("GET", "/api/v1/ledger/entries/{seq}/tlog-proof", Access::public_, [&app](Request& req) {
    int64_t seq = req.id("seq");
    Response res = Response::text(with_conn(app, [&](db::Connection& c) { return ledger::tlog_proof(c, seq); }));
    res.headers.push_back({"Content-Disposition", "attachment; filename=\"zhifa-" + std::to_string(seq) + ".tlog-proof\""});
    return res;
  });
  r.add("GET", "/api/v1/ledger/entries/{seq}/qr", Access::public_, [&app](Request& req) {
    int64_t seq = req.id("seq");
    return Response::text(qr::svg(with_conn(app, [&](db::Connection& c) { return ledger::tlog_proof(c, seq); })), "image/svg+xml");
  });
  r.add("GET", "/api/v1/ledger/consistency", Access::public_, [&app](Request& req) {
    auto from = req.q_int("from"), to = req.q_int("to");
    if (!from) throw Error::required("from", "旧树大小");
    if (!to) throw Error::required("to", "新树大小");
    return Response::json(with_conn(app, [&](db::Connection& c) {
      if (*from < 1 || *from > *to || *to > ledger::size(c)) throw Error::invalid("from", "要求 1 ≤ from ≤ to ≤ 当前记录数");
      ledger::StoredNodes nodes(c);
      nlohmann::json proof = nlohmann::json::array();
      for (const auto& p : ledger::merkle::consistency_proof(ledger::store_hash(c), nodes, uint64_t(*from), uint64_t(*to)))
        proof.push_back(crypto::base64(p));
      return nlohmann::json{{"from", *from}, {"to", *to}, {"proof", proof}};
    }));
  });
}

}  // namespace zhifa::http
