// Small helpers shared by the route files. Private to src/http.
#pragma once

#include "http/router.h"

namespace zhifa::http {

// Runs fn on a pooled connection without a transaction (reads).
template <class F>
auto with_conn(App& app, F&& fn) {
  auto lease = app.db->acquire();
  return fn(*lease);
}

// Runs fn inside a write transaction.
template <class F>
auto with_tx(App& app, F&& fn) {
  return db::with_tx(*app.db, std::forward<F>(fn));
}

inline nlohmann::json items(const nlohmann::json& arr) { return {{"items", arr}}; }

template <class V>
nlohmann::json to_items(const V& v) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& x : v) arr.push_back(x.to_json());
  return items(arr);
}

void register_auth_routes(App& app);
void register_org_routes(App& app);
void register_calendar_routes(App& app);
void register_public_routes(App& app);
void register_ledger_routes(App& app);
void register_evidence_routes(App& app);
void register_spotcheck_routes(App& app);
void register_registry_routes(App& app);
void register_inspectors_routes(App& app);
void register_import_progress_routes(App& app);
void register_draw_routes(App& app);
void register_review_routes(App& app);
void register_review_roster_routes(App& app);
void register_leads_routes(App& app);
void register_cases_routes(App& app);
void register_documents_routes(App& app);
void register_inspections_routes(App& app);
void register_publicity_routes(App& app);
void register_credit_routes(App& app);
void register_supervision_routes(App& app);
void register_prior_routes(App& app);
void register_annual_routes(App& app);

}  // namespace zhifa::http
