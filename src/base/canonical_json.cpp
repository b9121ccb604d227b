#include "base/canonical_json.h"

#include "base/error.h"

namespace zhifa {
namespace {
void check(const nlohmann::json& j) {
  if (j.is_number_float()) throw Error(500, "json.not_canonical", "规范化 JSON 不允许浮点数");
  if (j.is_structured())
    for (const auto& v : j) check(v);
}
}  // namespace

std::string canonical_json(const nlohmann::json& j) {
  check(j);
  try {
    // nlohmann::json keeps objects in a std::map, so keys come out sorted.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception&) {
    throw Error(500, "json.not_canonical", "JSON 含有无效的 UTF-8");
  }
}

}  // namespace zhifa
