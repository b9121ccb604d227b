// Reading a JSON request body field by field, the way every service validates its input: each
// accessor names the API field and its Chinese label, and throws zhifa::Error 422 with
// details.field set when the value is missing, of the wrong type, or too long. Strings are
// trimmed. Thread-safety: a view over a json value the caller keeps alive.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace zhifa {

class Fields {
public:
  // Throws 400 `request.not_object` when j is not an object.
  explicit Fields(const nlohmann::json& j);

  bool has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }
  std::string str(const char* key, const std::string& label, size_t max_chars = 200) const;
  std::optional<std::string> opt_str(const char* key, const std::string& label, size_t max_chars = 200) const;
  int64_t i64(const char* key, const std::string& label) const;
  std::optional<int64_t> opt_i64(const char* key, const std::string& label) const;
  std::optional<bool> opt_bool(const char* key, const std::string& label) const;
  std::set<std::string> str_set(const char* key, const std::string& label) const;
  // The raw string without trimming (passwords).
  std::string raw_str(const char* key, const std::string& label, size_t max_bytes = 256) const;

private:
  const nlohmann::json& j_;
};

// Number of Unicode code points in UTF-8 text.
size_t utf8_length(const std::string& s);
// UTF-8 text as code points and back, for rules that look at characters (masking, the portal's
// character pairs). Malformed input is decoded leniently, never rejected: callers get text the
// validators already accepted.
std::u32string utf8_decode(const std::string& s);
std::string utf8_encode(std::u32string_view s);
std::string trim(const std::string& s);

}  // namespace zhifa
