#include "cases/sources.h"

#include <map>
#include <mutex>

#include "base/error.h"

namespace zhifa::cases {

namespace {

struct Kind {
  std::string label;
  SourceCheck check;
};

std::mutex mu;
std::map<std::string, Kind>& kinds() {
  static std::map<std::string, Kind> k;
  return k;
}

}  // namespace

void register_source_kind(const std::string& kind, const std::string& label, SourceCheck check) {
  std::lock_guard g(mu);
  kinds()[kind] = {label, std::move(check)};
}

SourceInfo check_source(db::Connection& c, const org::Principal& p, const std::string& kind, const std::string& id) {
  SourceCheck check;
  {
    std::lock_guard g(mu);
    auto it = kinds().find(kind);
    if (it == kinds().end())
      throw Error::invalid("source_kind", "未知的案件来源：" + kind, "case.source_kind_unknown");
    check = it->second.check;
  }
  return check(c, p, id);
}

std::string source_label(const std::string& kind) {
  std::lock_guard g(mu);
  auto it = kinds().find(kind);
  return it == kinds().end() ? std::string() : it->second.label;
}

}  // namespace zhifa::cases
