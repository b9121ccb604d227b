#include "cases/events.h"

#include <map>

namespace zhifa::cases {
namespace {

std::map<std::string, CaseStepObserver>& step_observers() {
  static std::map<std::string, CaseStepObserver> m;
  return m;
}
std::map<std::string, InspectionObserver>& inspection_observers() {
  static std::map<std::string, InspectionObserver> m;
  return m;
}

}  // namespace

void on_case_step(const std::string& name, CaseStepObserver fn) { step_observers()[name] = std::move(fn); }
void on_inspection_completed(const std::string& name, InspectionObserver fn) { inspection_observers()[name] = std::move(fn); }

void notify_case_step(db::Connection& c, const org::Principal& p, int64_t case_id, const std::string& kind, int64_t step_id) {
  for (const auto& [name, fn] : step_observers()) fn(c, p, case_id, kind, step_id);
}
void notify_inspection_completed(db::Connection& c, const org::Principal& p, int64_t inspection_id) {
  for (const auto& [name, fn] : inspection_observers()) fn(c, p, inspection_id);
}

}  // namespace zhifa::cases
