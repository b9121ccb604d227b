#include "publicity/prior_flow.h"

#include <algorithm>
#include <set>

#include "cases/flow.h"

namespace zhifa::publicity {
namespace {

using nlohmann::json;

bool in_procedure(const cases::StepRule& r, const std::string& proc) { return r.procedure == proc || r.procedure == "any"; }

json step_json(const cases::StepRule& r) {
  return {{"kind", r.kind}, {"label", r.label}, {"document_title", r.document_title}, {"internal", r.internal}};
}

json chart(const std::string& proc, const std::string& label) {
  // The states a case of this procedure can be in: reached from draft through its steps.
  std::set<std::string> reached = {"draft"};
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& r : cases::step_rules()) {
      if (!in_procedure(r, proc) || r.to.empty() || reached.count(r.to)) continue;
      if (std::any_of(r.from.begin(), r.from.end(), [&](const std::string& s) { return reached.count(s) > 0; })) {
        reached.insert(r.to);
        grew = true;
      }
    }
  }
  json states = json::array();
  for (const auto& s : cases::states()) {
    if (!reached.count(s.code)) continue;
    json steps = json::array();
    for (const auto& r : cases::step_rules())
      if (in_procedure(r, proc) && (r.to.empty() || r.to == s.code) && std::find(r.from.begin(), r.from.end(), s.code) != r.from.end())
        steps.push_back(step_json(r));
    states.push_back({{"code", s.code}, {"label", s.label}, {"steps", steps}});
  }
  // Edges in the law table's order of states; one edge per (from, to) with every step that takes it.
  json edges = json::array();
  for (const auto& from : cases::states()) {
    if (!reached.count(from.code)) continue;
    for (const auto& to : cases::states()) {
      if (to.code == from.code) continue;
      json steps = json::array();
      for (const auto& r : cases::step_rules())
        if (in_procedure(r, proc) && r.to == to.code && std::find(r.from.begin(), r.from.end(), from.code) != r.from.end())
          steps.push_back(step_json(r));
      if (!steps.empty()) edges.push_back({{"from", from.code}, {"to", to.code}, {"steps", steps}});
    }
  }
  return {{"code", proc}, {"label", label}, {"states", states}, {"edges", edges}};
}

}  // namespace

json flowcharts() {
  return {{"procedures", json::array({chart("general", "一般程序"), chart("simple", "简易程序")})}};
}

}  // namespace zhifa::publicity
