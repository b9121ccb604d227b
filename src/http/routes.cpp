#include "http/routes_util.h"

namespace zhifa::http {

void register_routes(App& app) {
  register_public_routes(app);
  register_auth_routes(app);
  register_org_routes(app);
  register_calendar_routes(app);
  register_ledger_routes(app);
  register_evidence_routes(app);
  register_spotcheck_routes(app);
  register_registry_routes(app);
  register_inspectors_routes(app);
  register_import_progress_routes(app);
  register_draw_routes(app);
  register_leads_routes(app);
  register_cases_routes(app);
  register_documents_routes(app);
  register_inspections_routes(app);
  register_review_routes(app);
  register_review_roster_routes(app);
  register_publicity_routes(app);
  register_credit_routes(app);
  register_supervision_routes(app);
  register_prior_routes(app);
  register_annual_routes(app);
}

}  // namespace zhifa::http
